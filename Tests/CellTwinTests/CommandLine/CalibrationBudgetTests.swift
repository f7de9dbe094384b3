import Foundation
import Testing
@testable import CellTwin

/// Calibration never hangs: the `[[history]]` fit of the Maccor export with `first = 20` (a new user's gel, reproduced
/// in Fixtures/calibration-hang) once printed nothing for 10 minutes inside one lifetime simulation.
@Suite struct CalibrationBudgetTests {
    /// A folder laid out as the reproduction says: fit.toml at the root, the Maccor file under Calibration/external,
    /// UXGEL.toml in a copy of Models/electrolytes.
    static func workspace() throws -> URL {
        let dir = try FitFixtures.tempDir()
        let fm = FileManager.default
        let fixture = Fixtures.packageRoot.appendingPathComponent("Tests/CellTwinTests/Fixtures/calibration-hang")
        try fm.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Models"), to: dir.appendingPathComponent("Models"))
        try fm.copyItem(at: fixture.appendingPathComponent("UXGEL.toml"), to: dir.appendingPathComponent("Models/electrolytes/UXGEL.toml"))
        try fm.copyItem(at: fixture.appendingPathComponent("fit.toml"), to: dir.appendingPathComponent("fit.toml"))
        let beep = dir.appendingPathComponent("Calibration/external/beep")
        try fm.createDirectory(at: beep, withIntermediateDirectories: true)
        try fm.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Calibration/external/beep/xTESLADIAG_000038.078"),
                        to: beep.appendingPathComponent("xTESLADIAG_000038.078"))
        return dir
    }

    /// The lifetime run behind that fit at its start values (UXGEL | NCM811, 25 °C, 1C, 20 cycles on the fit's fixed
    /// skipping schedule). Its voids grow fast; extrapolated linearly over a fixed block they passed full detachment
    /// (v = 1.03), the cell carried no current and every step of the block's settling cycle ended at once; the rejected
    /// fixed block was then retried unchanged, forever, until the 20 s budget stopped the fit. A jump now covers at most
    /// half the contact left and a rejected fixed block is halved: the run ends in a few thousand evaluations (8.3e3
    /// measured) with the void fraction below 1.
    @Test func theFitsLifetimeRunEndsAtItsStartValues() throws {
        let dir = try Self.workspace()
        let d = try ModelLibrary(directory: dir.appendingPathComponent("Models")).cell(electrolyte: "UXGEL", cathode: "NCM811")
        var o = LifeOptions()
        o.threshold = 0.01
        o.maxCycles = 20
        o.attribution = false
        o.fixedBlock = FitModel.lifetimeBlock
        var sim = SimulationOptions()
        sim.relativeTolerance = 1e-5
        sim.budget = ODEBudget(seconds: 60, rhsEvaluations: 100_000)
        let steps = try LifeSimulator.standardCycle(cathode: d.cathode, chargeRate: 1, dischargeRate: 1)
        let life = try LifeSimulator(design: d, temperature_C: 25, options: o, simulation: sim)
        let r = try life.run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 20)]))
        #expect(r.cycles.count == 20 || r.end == .retentionBelow(fraction: 0.01), "\(r.end)")
        #expect(r.simulatedCycles < 20)
        let model = life.simulator.model
        #expect(life.simulator.integrator.y[model.iVoid] < 1)
    }

    /// The fit ends: a trial step whose lifetime run exceeds its budget counts as a cell that cannot be
    /// cycled (the fit steps back); a run over budget at the start values ends the fit with a clear error.
    @Test func maccorHistoryFitEndsInBoundedWork() throws {
        let dir = try Self.workspace()
        let r = try CLI.run(["calibrate", "fit.toml", "--no-model", "--models", "Models"], in: dir)
        if r.status == 0 {
            // Ends by work, not time: 7 iterations and 46 lifetime runs, each capped by its ODE budget (a bounded number
            // of runs is a bounded amount of work); three times that is a fit that does not end.
            let counts = try #require(Self.counts(r.stdout), "\(r.stdout)")
            #expect(counts.iterations <= 20 && counts.simulations <= 140, "\(counts)")
            #expect(r.stdout.contains("19 points, 2 free parameters"), "\(r.stdout)")
            #expect(r.stdout.contains("CC-CV charge 1C (default rule: the discharge rate up to 1C, 0.1C above)"))
            #expect(r.stdout.contains("NCM811 loading 2.5 mg/cm² (the cathode model's default)"))
        } else {
            // A lifetime run over its budget at the start values stops the fit with the row that asked for it, not a
            // hang: the file and line, the budget, and what to check.
            #expect(r.status == 1, "\(r.stderr)")
            #expect(r.stderr.contains("xTESLADIAG_000038.078:") && r.stderr.contains("exceeded its budget")
                    && r.stderr.contains("the fit stops here rather than hang"), "\(r.stderr)")
        }
    }

    /// Ctrl-C during a fit: a message, exit status 130, the model file untouched and no output folder.
    @Test func interruptStopsCleanlyWithoutWriting() throws {
        // A lifetime fit that runs for several seconds: the shipped CMP-VAMMT set-up (1000-cycle retention, CE).
        let dir = try Self.workspace()
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("Calibration"), withIntermediateDirectories: true)
        try fm.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Calibration/CMP-VAMMT"),
                        to: dir.appendingPathComponent("Calibration/CMP-VAMMT"))
        let model = dir.appendingPathComponent("Models/electrolytes/CMP-VAMMT.toml")
        let before = try Data(contentsOf: model)
        let p = try CLI.process(["calibrate", "Calibration/CMP-VAMMT/fit.toml", "--models", "Models", "--output", "out"], in: dir)
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        Thread.sleep(forTimeInterval: 1)
        #expect(p.isRunning, "the fit should still be running after 1 s")
        p.interrupt()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130, "\(text)")
        #expect(text.contains("calibrate: interrupted (Ctrl-C); nothing was written"), "\(text)")
        #expect(try Data(contentsOf: model) == before)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: model.deletingLastPathComponent().path).filter { !$0.hasSuffix(".toml") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// "…, 12 iterations (…), 140 simulations, …" of a calibration report.
    static func counts(_ report: String) -> (iterations: Int, simulations: Int)? {
        func number(before word: String) -> Int? {
            guard let r = report.range(of: " " + word) else { return nil }
            return Int(report[..<r.lowerBound].split(separator: " ").last ?? "")
        }
        guard let i = number(before: "iterations ("), let s = number(before: "simulations,") else { return nil }
        return (i, s)
    }
}
