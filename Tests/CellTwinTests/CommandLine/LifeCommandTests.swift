import Foundation
import Testing
@testable import CellTwin

/// `celltwin life` end to end.
@Suite struct LifeCommandTests {
    let cli = RunCommandsTests()

    @Test func lifePrintsTheDocumentedJSONAndWritesItsFiles() throws {
        let dir = try cli.temporaryDirectory()
        let r = try cli.celltwin(["life", "--electrolyte", "HE-PEIgPHE", "--cathode", "LFP", "--temperature", "60",
                                  "--c-rate", "0.5", "--max-cycles", "200", "--until", "95%", "--format", "json",
                                  "--output", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try cli.json(r.stdout)
        for k in ["cycles_to_threshold", "threshold", "end_reason", "cycles", "attribution", "retention_reference_mAh_g",
                  "retention_reference_cycle", "retention_reference_cycles", "attribution_cycles", "attribution_checkpoints"] {
            #expect(root[k] != nil || k == "cycles_to_threshold", "missing \(k)")
        }
        #expect(root["threshold"] as? Double == 0.95)
        let cycles = try #require(root["cycles"] as? [[String: Any]])
        // Every cycle up to the 95 % crossing, or all 200.
        #expect(cycles.count == ((root["cycles_to_threshold"] as? Int) ?? 200))
        for k in ["cycle", "discharge_capacity_mAh_g", "retention", "overpotential_V"] { #expect(cycles[0][k] != nil, "missing \(k)") }
        let attribution = try #require(root["attribution"] as? [String: Double])
        #expect(Set(attribution.keys) == ["resistance", "lithium_inventory", "active_material", "short", "other", "interaction"])
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["attribution-history.svg", "attribution.svg", "life-capacity.svg", "life-overpotential.svg", "life.csv", "life.json"])
    }

    @Test(arguments: [
        (["life", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "60", "--c-rate", "-0.5"], "c-rate"),
        (["life", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "60", "--c-rate", "0.5", "--until", "120%"], "until"),
        (["life", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "60", "--c-rate", "0.5", "--until", "0%"], "until"),
        (["life", "--electrolyte", "CMP-VAMMT", "--cathode", "LFP", "--temperature", "120", "--c-rate", "0.5"], "CMP-VAMMT"),
    ])
    func badLifeInputFailsClearly(arguments: [String], words: String) throws {
        let r = try cli.celltwin(arguments)
        #expect(r.status != 0)
        #expect(r.stderr.contains(words), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
    }
}
