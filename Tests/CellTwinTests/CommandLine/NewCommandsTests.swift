import Foundation
import Testing
@testable import CellTwin

/// From a new measurement table to a calibrated twin and a life prediction in three commands, no file edited by
/// hand: `celltwin new electrolyte`, `celltwin calibrate`, `celltwin life`.
@Suite struct NewCommandsTests {
    static let header = MeasurementTable.columns.joined(separator: ",")

    /// The rows of the proof table; `values` replaces the value of the rows the truth predicts (by index).
    static func table(_ values: [Int: Double] = [:]) -> String {
        // σ exactly Arrhenius (σ 8e-4 S/cm at 25 °C, E_a 28 kJ/mol), t₊ 0.45: `new` recovers both exactly.
        func sigma(_ t: Double) -> Double { 8e-4 * exp(-28_000 / Physical.gas * (1 / (t + 273.15) - 1 / 298.15)) }
        var rows = [0.0, 25, 60].map { "lab,PROOF,conductivity,,\($0),,,,,,sigma,\(sigma($0)),S/cm,=," }
        rows.append("lab,PROOF,transference,,30,,,,,,t_plus,0.45,,=,")
        rows.append("lab,PROOF,symmetric_polarization,,30,,0.1,0.1,,10,overpotential,0.04,V,=,")
        for c in [0.2, 0.5, 1.0] { rows.append("lab,PROOF,rate_capability,LFP,30,\(c),,,,,discharge_capacity,140,mAh/g,=,") }
        rows.append("lab,PROOF,cycling_retention,LFP,30,0.5,,,300,,retention,0.9,fraction,=,")
        for (i, v) in values {
            var f = rows[i].components(separatedBy: ",")
            f[11] = "\(v)"
            rows[i] = f.joined(separator: ",")
        }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }

    /// The known twin: what `new electrolyte` writes from the table, with i₀, the LFP electrode's τ_s and the contact
    /// loss set to the truth.
    static let truth: [(String, Double)] = [("lithium_interface.exchange_current_mA_cm2", 0.6), ("electrodes.LFP.diffusion_time_s", 9000),
                                            ("aging.contact_loss_per_cycle", 2.5e-4)]

    @Test func measurementTableToCalibratedTwinAndLifeInThreeCommands() throws {
        let dir = try FitFixtures.tempDir()
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Models"), to: dir.appendingPathComponent("Models"))
        // Synthetic measurements from the known twin.
        let draft = dir.appendingPathComponent("draft.csv")
        try Self.table().write(to: draft, atomically: true, encoding: .utf8)
        var cathodes: [String: Cathode] = [:]
        for c in Fixtures.models.cathodeIDs { cathodes[c] = try Fixtures.models.cathode(c) }
        let rows = try MeasurementTable.load(path: draft.path)
        let (model, _) = try NewElectrolyte.make(NewElectrolyte.Options(id: "PROOF", family: "gel"), rows: rows, cathodes: cathodes)
        let modelPath = dir.appendingPathComponent("PROOF.toml")
        try model.write(to: modelPath, atomically: true, encoding: .utf8)
        var known = try ElectrolyteFile.load(path: modelPath.path)
        for (k, v) in Self.truth { try #require(FitParameterRegistry.key(k)).set(&known, v) }
        let a = FitEvaluation.Assumptions(cathodeID: "LFP")
        let (points, unevaluated) = FitEvaluation.points(rows: rows, electrolyteID: "PROOF", assumptions: a)
        #expect(unevaluated.isEmpty && points.count == 9)
        var values: [Int: Double] = [:]
        for (i, p) in points.enumerated() where p.kind != .conductivity && p.kind != .transference {
            values[p.row.line - 2] = try FitEvaluation.predict(i, of: points, electrolyte: known, assumptions: a, cathodes: cathodes,
                                                               anode: try Fixtures.models.lithiumAnode())
        }
        let table = dir.appendingPathComponent("measurements.csv")
        try Self.table(values).write(to: table, atomically: true, encoding: .utf8)

        // 1. new electrolyte
        let models = dir.appendingPathComponent("Models").path
        var r = try CLI.run(["new", "electrolyte", "PROOF", "--family", "gel", "--from", "measurements.csv", "--models", models], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let written = try String(contentsOfFile: "\(models)/electrolytes/PROOF.toml", encoding: .utf8)
        #expect(written.contains("prior: family default ("))
        #expect(!written.contains("fit: "))
        // 2. calibrate
        r = try CLI.run(["calibrate", "Calibration/PROOF/fit.toml", "--models", models], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        // The report states the protocol it assumed beside the residuals.
        #expect(r.stdout.contains("protocol assumptions"))
        #expect(r.stdout.contains("rate_capability     CC charge 0.2C (default rule: the discharge rate up to 1C, 0.1C above)"), "\(r.stdout)")
        #expect(r.stdout.contains("electrode area 1.13 cm² (fit set-up [assumptions])"))
        let fitted = try ElectrolyteFile.load(path: "\(models)/electrolytes/PROOF.toml")
        for (k, v) in Self.truth {
            let got = try #require(FitParameterRegistry.key(k)?.get(fitted))
            #expect(abs(got / v - 1) < 0.05, "\(k): fitted \(got), truth \(v)")
        }
        // 3. life
        r = try CLI.run(["life", "--electrolyte", "PROOF", "--cathode", "LFP", "--temperature", "30", "--c-rate", "0.5", "--models", models], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("end: retention below 80 %"), "\(r.stdout)")
    }

    @Test func badRowsNameFileLineAndColumn() throws {
        let dir = try FitFixtures.tempDir()
        let cases: [(String, String, String)] = [
            ("lab,X,conductivty,,25,,,,,,sigma,1e-4,S/cm,=,", "key 'kind'", "unknown measurement kind 'conductivty'"),
            ("lab,X,conductivity,,25,,,,,,sigma,1e-4,mS/cm,=,", "key 'unit'", "'mS/cm' is not a unit of conductivity"),
            ("lab,X,rate_capability,LFP,30,,,,,,discharge_capacity,140,mAh/g,=,", "key 'c_rate'", "is empty; a rate_capability row needs"),
        ]
        let models = dir.appendingPathComponent("Models")
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Models"), to: models)
        for (row, key, words) in cases {
            let path = dir.appendingPathComponent("m.csv").path
            try "\(Self.header)\nlab,X,transference,,30,,,,,,t_plus,0.4,,=,\n\(row)\n".write(toFile: path, atomically: true, encoding: .utf8)
            let r = try CLI.run(["new", "electrolyte", "X", "--family", "gel", "--from", path, "--models", models.path], in: dir)
            #expect(r.status != 0)
            #expect(r.stderr.contains("m.csv:3: \(key): \(words)"), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: models.appendingPathComponent("electrolytes/X.toml").path))
        }
    }

    @Test func templateHasEveryKindAndReadsBack() throws {
        let r = try CLI.run(["new", "measurements"])
        #expect(r.status == 0)
        let rows = try MeasurementTable.parse(text: r.stdout, path: "template.csv")
        #expect(rows.map(\.kind) == MeasurementKinds.all.map(\.kind))
        try MeasurementKinds.check(rows)
    }
}
