import Foundation
import Testing
@testable import CellTwin

/// End-to-end runs of the built `celltwin` binary (`make test` builds it before testing).
@Suite struct CommandLineTests {
    typealias Result = CLI.Result

    func celltwin(_ arguments: [String], in directory: URL = Fixtures.packageRoot) throws -> Result {
        try CLI.run(arguments, in: directory)
    }

    func temporaryDirectory() throws -> URL { try CLI.temporaryDirectory() }

    func json(_ text: String) throws -> [String: Any] { try CLI.json(text) }

    static let cycleKeys = ["cycle", "charge_capacity_mAh_g", "discharge_capacity_mAh_g", "coulombic_efficiency",
                            "mean_charge_voltage_V", "mean_discharge_voltage_V", "overpotential_V", "end_reason"]

    @Test func simulatePrintsTheDocumentedJSON() throws {
        let r = try celltwin(["simulate", "--electrolyte", "CMP-VAMMT", "--cathode", "LFP", "--temperature", "30",
                              "--c-rate", "0.5", "--cycles", "2", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try json(r.stdout)
        #expect(root["electrolyte"] as? String == "CMP-VAMMT")
        #expect(root["cathode"] as? String == "LFP")
        #expect(root["temperature_C"] as? Double == 30)
        let cycles = try #require(root["cycles"] as? [[String: Any]])
        #expect(cycles.count == 2)
        for c in cycles {
            for k in Self.cycleKeys { #expect(c[k] != nil, "missing \(k)") }
            let q = try #require(c["discharge_capacity_mAh_g"] as? Double)
            #expect(q > 100 && q < 170)
        }
    }

    @Test func runWritesFilesAndComparesWithMeasurements() throws {
        let dir = try temporaryDirectory()
        let r = try celltwin(["run", "Scenarios/demo.toml", "--output", dir.path, "--trace"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Comparison with measurements"))
        #expect(r.stdout.contains("li2022"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["capacity.svg", "cycles.csv", "result.json", "trace.csv", "voltage-time.svg", "voltage.svg"])
        let csv = try String(contentsOf: dir.appendingPathComponent("cycles.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 7) // header + 6 cycles
        let result = try json(try String(contentsOf: dir.appendingPathComponent("result.json"), encoding: .utf8))
        let expected = try #require(result["expected"] as? [[String: Any]])
        #expect(expected.count == 3)
        let svg = try String(contentsOf: dir.appendingPathComponent("voltage.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
    }

    @Test func listShowsShippedMaterials() throws {
        let r = try celltwin(["list", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let items = try #require(document["models"] as? [[String: Any]])
        #expect((document["not_loaded"] as? [Any])?.isEmpty == true)
        #expect(items.filter { $0["kind"] as? String == "electrolyte" }.count >= 11)
        #expect(items.filter { $0["kind"] as? String == "cathode" }.count == 4)
        let table = try celltwin(["list"])
        #expect(table.stdout.contains("ANP-C-2.0K") && table.stdout.contains("NCM811"))
    }

    @Test(arguments: [
        (["simulate", "--electrolyte", "NOPE", "--cathode", "LFP", "--temperature", "30", "--c-rate", "1"], "unknown electrolyte"),
        (["simulate", "--electrolyte", "CMP-VAMMT", "--cathode", "LFP", "--temperature", "200", "--c-rate", "1"], "temperature"),
        (["simulate", "--electrolyte", "CMP-VAMMT", "--cathode", "LFP", "--temperature", "30", "--c-rate", "-1"], "c-rate"),
        (["simulate", "--electrolyte", "CMP-VAMMT", "--cathode", "LFP", "--temperature", "nan", "--c-rate", "1"], "temperature"),
        (["run", "Scenarios/does-not-exist.toml"], "does-not-exist.toml"),
    ])
    func badInputFailsWithAClearMessage(arguments: [String], words: String) throws {
        let r = try celltwin(arguments)
        #expect(r.status != 0)
        #expect(r.stderr.lowercased().contains(words.lowercased()), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test func badScenarioNamesFileLineAndKey() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("bad.toml")
        try """
        name = "bad"
        [cell]
        electrolyte = "CMP-VAMMT"
        cathode = "LFP"
        [conditions]
        temperature_C = 30
        [[experiment]]
        steps = ["Discharge at 0.5 C until 2.5 V", "Dance at 1C"]
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try celltwin(["run", file.path, "--output", dir.appendingPathComponent("out").path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("bad.toml:8"), "\(r.stderr)")
        #expect(r.stderr.contains("Dance at 1C") && r.stderr.contains("Valid steps look like"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }
}

/// `celltwin life` end to end.
@Suite struct LifeCommandLineTests {
    let cli = CommandLineTests()

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
