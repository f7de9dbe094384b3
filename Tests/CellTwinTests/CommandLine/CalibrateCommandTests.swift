import Foundation
import Testing
@testable import CellTwin

/// `celltwin calibrate` end to end: a fit set-up in a temporary folder, the written model file, report and charts,
/// and bad input naming file, line and key.
@Suite struct CalibrateCommandTests {
    /// A copy of CPCSE's model file in `dir/Models` (so the test never writes into Models/) and a σ(T) fit set-up.
    func workspace(rows: [String]? = nil, free: [String] = ["key = \"conductivity.sigma_S_cm\"", "key = \"conductivity.activation_energy_kJ_mol\""]) throws -> (dir: URL, fit: String, model: String) {
        let rows = rows ?? [0.0, 25, 50, 75, 100].map { (t: Double) -> String in
            let inverse: Double = 1 / (t + 273.15) - 1 / 298.15
            let sigma: Double = 2e-4 * exp(-4000 * inverse)
            return FitFixtures.row("CPCSE", "conductivity", t: t, quantity: "sigma", value: sigma, unit: "S/cm")
        }
        let fit = try FitFixtures.setup(electrolyte: "CPCSE", rows: rows, free: free)
        let dir = URL(fileURLWithPath: fit).deletingLastPathComponent()
        let models = dir.appendingPathComponent("Models")
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Models"), to: models)
        return (dir, fit, models.appendingPathComponent("electrolytes/CPCSE.toml").path)
    }

    @Test func fitWritesModelReportAndCharts() throws {
        let w = try workspace()
        let before = try String(contentsOfFile: w.model, encoding: .utf8)
        let out = w.dir.appendingPathComponent("out").path
        let r = try CLI.run(["calibrate", w.fit, "--models", w.dir.appendingPathComponent("Models").path, "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: w.model, encoding: .utf8)
        #expect(text != before)
        let e = try ElectrolyteFile.load(path: w.model)
        // σ_ref = 2e-4 S/cm at 25 °C, E_a = 4000 K · R = 33.26 kJ/mol.
        #expect(abs(FitParameterRegistry.key("conductivity.sigma_S_cm")!.get(e)! / 2e-4 - 1) < 1e-3)
        #expect(abs(FitParameterRegistry.key("conductivity.activation_energy_kJ_mol")!.get(e)! - 4000 * 8.314462618e-3) < 0.05)
        let csv = try Data(contentsOf: w.dir.appendingPathComponent("measurements.csv"))
        #expect(text.contains("{ file = \"measurements.csv\", sha256 = \"\(ModelFileWriter.sha256(csv))\" }"))
        // Atomic write: no temporary file is left beside the model.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (w.model as NSString).deletingLastPathComponent)
            .filter { !$0.hasSuffix(".toml") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        for f in ["report.md", "fit.json", "conductivity.svg"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(f)"), "\(f) missing")
        }
        #expect(try String(contentsOfFile: "\(out)/report.md", encoding: .utf8).contains("conductivity.sigma_S_cm"))
    }

    @Test func noModelLeavesTheModelFileAndJSONParses() throws {
        let w = try workspace()
        let before = try Data(contentsOf: URL(fileURLWithPath: w.model))
        let r = try CLI.run(["calibrate", w.fit, "--models", w.dir.appendingPathComponent("Models").path, "--no-model", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: w.model)) == before)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let parameters = try #require(json["parameters"] as? [[String: Any]])
        #expect(parameters.count == 2)
    }

    func expectFailure(_ arguments: [String], mentions: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try CLI.run(arguments)
        #expect(r.status != 0, sourceLocation: sourceLocation)
        for m in mentions { #expect(r.stderr.contains(m), "stderr lacks '\(m)': \(r.stderr)", sourceLocation: sourceLocation) }
    }

    @Test func badInputExitsWithFileLineAndKey() throws {
        let models = ["--models", Fixtures.packageRoot.appendingPathComponent("Models").path, "--no-model"]
        // Unknown free key: the fit file, its line and the key.
        var w = try workspace(free: ["key = \"conductivity.sigma_S_m\""])
        try expectFailure(["calibrate", w.fit] + models, mentions: ["fit.toml:5", "conductivity.sigma_S_m", "unknown parameter key"])
        // More free parameters than points.
        w = try workspace(rows: [FitFixtures.row("CPCSE", "conductivity", t: 25, quantity: "sigma", value: 5e-4, unit: "S/cm")])
        try expectFailure(["calibrate", w.fit] + models, mentions: ["fit.toml", "2 free parameters", "1 data points"])
        // Missing data file.
        w = try workspace()
        try FileManager.default.removeItem(at: w.dir.appendingPathComponent("measurements.csv"))
        try expectFailure(["calibrate", w.fit] + models, mentions: ["fit.toml", "data", "measurements.csv", "not found"])
        // Wrong columns, empty file, a row cut short.
        let csv = w.dir.appendingPathComponent("measurements.csv").path
        try "source,electrolyte,kind,temperature,value\ns,CPCSE,conductivity,25,5e-4\n".write(toFile: csv, atomically: true, encoding: .utf8)
        try expectFailure(["calibrate", w.fit] + models, mentions: ["measurements.csv:1", "missing"])
        try "".write(toFile: csv, atomically: true, encoding: .utf8)
        try expectFailure(["calibrate", w.fit] + models, mentions: ["measurements.csv"])
        try (FitFixtures.header + "\n" + FitFixtures.row("CPCSE", "conductivity", t: 25, quantity: "sigma", value: 5e-4, unit: "S/cm")
             + "\ns,CPCSE,conductivity,,40,").write(toFile: csv, atomically: true, encoding: .utf8)
        try expectFailure(["calibrate", w.fit] + models, mentions: ["measurements.csv:3", "fields"])
    }
}
