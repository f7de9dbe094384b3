import Foundation
import Testing
@testable import CellTwin

/// The `[sweep]` section of scenario files.
@Suite struct SweepScenarioTests {
    func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-sweep-\(UUID().uuidString).toml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func aSweepSectionGivesTheGrid() throws {
        let path = try write("""
        name = "CPCSE | LFP map"
        [cell]
        electrolyte = "CPCSE"
        cathode = "LFP"
        loading_mg_cm2 = 3.0
        [sweep]
        temperature_C = "30...90:30"
        c_rate = [0.2, 1]
        cathode = ["LFP", "NCM811"]
        cycles = 200
        until = "85%"
        metrics = ["capacity", "cycles-to-80"]
        """)
        let r = try SweepScenarioFile.load(path: path)
        #expect(r.name == "CPCSE | LFP map")
        #expect(r.values[.temperature] == [.number(30), .number(60), .number(90)])
        #expect(r.values[.cRate] == [.number(0.2), .number(1)])
        #expect(r.values[.cathode] == [.text("LFP"), .text("NCM811")])
        #expect(r.values[.loading] == [.number(3)])
        #expect(r.cycles == 200 && r.threshold == 0.85)
        #expect(r.metrics == [.capacity, .cyclesTo80])
        var settings = SweepSettings()
        settings.cycles = r.cycles ?? 500
        settings.threshold = r.threshold
        let spec = try SweepSpec(values: r.values, cell: r.cell, settings: settings)
        #expect(spec.axes == [.temperature, .cRate, .cathode])
        #expect(spec.pointCount == 12)
        #expect(spec.point(0).loading_mg_cm2 == 3)
    }

    @Test func conditionsGiveTheTemperaturesWhenTheSweepDoesNot() throws {
        let path = try write("""
        name = "rates"
        [cell]
        electrolyte = "CPCSE"
        cathode = "LFP"
        [conditions]
        temperatures_C = [40, 60]
        [sweep]
        c_rate = "0.5,1,2"
        """)
        let r = try SweepScenarioFile.load(path: path)
        #expect(r.values[.temperature] == [.number(40), .number(60)])
        #expect(r.values[.cRate]?.count == 3)
    }

    @Test(arguments: [
        ("temperature_C = \"0...120:0\"", "step"),
        ("c_rate = [0.5, -1]", "positive"),
        ("speed = 3", "unknown key"),
        ("metrics = \"speed\"", "unknown metric"),
        ("until = \"150%\"", "until"),
    ])
    func badSweepValuesNameFileLineAndKey(line: String, words: String) throws {
        let path = try write("""
        name = "bad"
        [cell]
        electrolyte = "CPCSE"
        cathode = "LFP"
        [sweep]
        cycles = 10
        \(line)
        """)
        let error = try #require(throws: InputError.self) { try SweepScenarioFile.load(path: path) }
        #expect(error.description.contains(":7:") || error.description.contains(":6:"), "\(error)")
        #expect(error.description.contains(words), "\(error)")
    }

    @Test func aRunScenarioMayCarryASweepSection() throws {
        let path = try write("""
        name = "both"
        [cell]
        electrolyte = "CPCSE"
        cathode = "LFP"
        [conditions]
        temperature_C = 60
        [[experiment]]
        steps = ["Charge at 0.5C until 3.8 V", "Discharge at 0.5C until 2.5 V"]
        [sweep]
        c_rate = "0.5,1"
        """)
        let run = try ScenarioFile.load(path: path)
        #expect(run.temperatures_C == [60.0])
        let sweep = try SweepScenarioFile.load(path: path)
        #expect(sweep.values[.cRate]?.count == 2)
        let noSweep = try write("name = \"x\"\n[cell]\nelectrolyte = \"CPCSE\"\ncathode = \"LFP\"\n")
        let error = try #require(throws: InputError.self) { try SweepScenarioFile.load(path: noSweep) }
        #expect(error.description.contains("[sweep]"))
    }
}
