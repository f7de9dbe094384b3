import Foundation
import Testing
@testable import CellTwin

/// `celltwin simulate`, `run` and `list` end to end, and bad input to any command (`make test` builds the binary before
/// testing).
@Suite struct RunCommandsTests {
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
