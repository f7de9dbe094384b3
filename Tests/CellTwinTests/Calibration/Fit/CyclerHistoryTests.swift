import Foundation
import Testing
@testable import CellTwin

/// `[[history]]`: a real cell's capacity-vs-cycle fitted through the lifetime simulator, and the twin forecast.
@Suite struct CyclerHistoryTests {
    let library = Fixtures.models

    /// Per-cycle discharge capacities (arbitrary Ah scale) of CPCSE | LFP at 60 °C, 1C, short law off.
    func synthetic(contactLoss: Double, cycles: Int, scale_Ah: Double = 1e-4) throws -> [Double] {
        var e = try library.electrolyte("CPCSE")
        e.shortLaw.referenceTime_s = .infinity
        e.shortLaw.criticalCharge_C_m2 = .infinity
        FitParameterRegistry.key("aging.contact_loss_per_cycle")!.set(&e, contactLoss)
        let c = try library.cathode("LFP")
        var o = LifeOptions()
        o.threshold = 0.01
        o.maxCycles = cycles
        o.attribution = false
        var sim = SimulationOptions()
        sim.relativeTolerance = 1e-5
        let steps = try LifeSimulator.standardCycle(cathode: c, chargeRate: 1, dischargeRate: 1)
        let r = try LifeSimulator(design: CellDesign(cathode: c, electrolyte: e, anode: try library.lithiumAnode()), temperature_C: 60,
                                  options: o, simulation: sim).run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: cycles)]))
        #expect(r.cycles.count == cycles)
        return r.cycles.map { $0.dischargeCapacity_C_m2 * scale_Ah }
    }

    func writeMatrix(_ rows: [[Double]], in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("Qn.csv").path
        try rows.map { $0.map { String(format: "%.7f", $0) }.joined(separator: ",") }.joined(separator: "\n").appending("\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let conditions = """
        temperature_C = { value = 60, source = "assumed: test" }
        c_rate = { value = 1, source = "assumed: test" }
        cathode = { value = "LFP", source = "assumed: test" }
        """

    @Test func historyRowsRecoverTheContactLoss() throws {
        let dir = try FitFixtures.tempDir()
        let q = try synthetic(contactLoss: 3e-4, cycles: 300)
        _ = try writeMatrix([q.map { $0 * 0.9 }, q], in: dir)
        let fit = dir.appendingPathComponent("fit.toml").path
        try """
            electrolyte = "CPCSE"
            [[free]]
            key = "aging.contact_loss_per_cycle"
            initial = 1e-5
            [[history]]
            file = "Qn.csv"
            cell = 1
            first = 300
            every = 50
            \(Self.conditions)
            """.write(toFile: fit, atomically: true, encoding: .utf8)
        let setup = try FitSetup.load(path: fit)
        #expect(setup.dataFiles.isEmpty && setup.histories.count == 1)
        #expect(setup.assumptions.contains { $0.name == "history[1].temperature_C" && $0.source == "assumed: test" })
        let rows = try CyclerHistory.rows(setup.histories[0], electrolyteID: "CPCSE", fitFile: fit)
        #expect(rows.map(\.cycle) == [50, 100, 150, 200, 250, 300])
        #expect(rows.allSatisfy { $0.line == 2 && $0.kind == "cycling_retention" && $0.location == "Qn.csv:2" })
        #expect(abs(rows[5].value! - q[299] / q[0]) < 1e-6)
        var r = try Calibrator.run(setupPath: fit, library: library)
        // The short law of the shipped CPCSE ends these runs after ~1000 cycles: irrelevant at 300.
        #expect(r.points.count == 6)
        FitFixtures.expectRecovered(r, "aging.contact_loss_per_cycle", 3e-4)
        #expect(abs(r.parameters[0].value / 3e-4 - 1) < 0.05, "fitted \(r.parameters[0].value)")
        // One lifetime run per parameter vector serves all six points.
        #expect(r.simulations < 6 * (r.iterations + 2))
        r.setup.dataFiles = []
        let text = try ModelFileWriter.rewrite(baseText: "[aging]\ncontact_loss_per_cycle = 0\n", baseFile: "b.toml", result: r, fitFile: fit)
        #expect(text.contains("{ file = \"Qn.csv\", sha256 = \"\(ModelFileWriter.sha256(try Data(contentsOf: URL(fileURLWithPath: setup.histories[0].file))))\" }"))
    }

    @Test func badHistoriesNameFileAndKey() throws {
        let dir = try FitFixtures.tempDir()
        let row = (0..<40).map { 1.1 - 1e-3 * Double($0) }
        _ = try writeMatrix([row, row], in: dir)
        func load(_ history: String) throws -> InputError {
            let fit = dir.appendingPathComponent("fit-\(UUID().uuidString).toml").path
            try "electrolyte = \"CPCSE\"\n[[free]]\nkey = \"aging.contact_loss_per_cycle\"\n[[history]]\n\(history)\n"
                .write(toFile: fit, atomically: true, encoding: .utf8)
            let e = try #require(throws: InputError.self) { try Calibrator.run(setupPath: fit, library: library) }
            #expect(e.file == fit || e.file.hasSuffix("Qn.csv"), "\(e)")
            return e
        }
        #expect(try load("file = \"missing.csv\"\n\(Self.conditions)").key == "history[1].file")
        let e1 = try load("file = \"Qn.csv\"\n\(Self.conditions)")
        #expect(e1.key == "history[1].cell", "\(e1)")
        let noSource = try load("file = \"Qn.csv\"\ncell = 0\ntemperature_C = 30\nc_rate = { value = 1, source = \"x\" }")
        #expect(noSource.key == "history[1].temperature_C" && noSource.line == 7, "\(noSource)")
        #expect(try load("file = \"Qn.csv\"\ncell = 0\nevery = 70\n\(Self.conditions)").key == "history[1].every")
        #expect(try load("file = \"Qn.csv\"\ncell = 4\n\(Self.conditions)").key == "cell")
    }
}
