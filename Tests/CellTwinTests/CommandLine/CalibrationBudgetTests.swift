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

    /// The fit ends within a minute: a trial step whose lifetime run exceeds its budget counts as a cell that cannot be
    /// cycled (the fit steps back); a run over budget at the start values ends the fit with a clear error.
    @Test func maccorHistoryFitFinishesWithinAMinute() throws {
        let dir = try Self.workspace()
        let start = Date()
        let r = try CLI.run(["calibrate", "fit.toml", "--no-model", "--models", "Models"], in: dir)
        let elapsed = Date().timeIntervalSince(start)
        #expect(elapsed < 60, "took \(elapsed) s")
        if r.status == 0 {
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
}
