import Foundation
import Testing
@testable import CellTwin

/// The shipped CPCSE set-up, the written model file, the censored short law, bad input and speed.
@Suite struct FitSetupTests {
    let library = Fixtures.models
    var cpcseFit: String { Fixtures.packageRoot.appendingPathComponent("Calibration/CPCSE/fit.toml").path }

    /// The shipped set-up gives the quoted E_a weight 0 (the model keeps the E_a of the two conductivities); a fit that
    /// includes the row reports the conflict.
    @Test func cpcseReportsTheActivationEnergyConflict() throws {
        var setup = try FitSetup.load(path: cpcseFit)
        #expect(setup.weight("activation_energy") == 0)
        setup.weights["activation_energy"] = 1
        let base = setup.applyingAssumptions(to: try library.electrolyte("CPCSE"))
        let rows = try setup.dataFiles.flatMap { try MeasurementTable.load(path: $0, electrolyte: "CPCSE") }
        var cathodes: [String: Cathode] = [:]
        for id in library.cathodeIDs { cathodes[id] = try library.cathode(id) }
        let r = try Calibrator.run(setup: setup, base: base, rows: rows, cathodes: cathodes, anode: try library.lithiumAnode())
        let ea = try #require(r.points.first { $0.kind == "activation_energy" })
        #expect(abs(ea.measured - 0.11 * 96.485) < 1e-9)
        #expect(abs(ea.residual) > 3)
        #expect(r.warnings.contains { $0.contains("data conflict") && $0.contains("activation_energy") })
        #expect(r.notFitted.contains { $0.row.kind == "glass_transition" })
        #expect(CalibrationReport.markdown(r).contains("**conflict**"))
        // t₊ is fitted through the simulated Bruce–Vincent experiment: the simulated measurement returns the published
        // 0.62, the parameter lies above it (interfacial resistance and the finite step lower the Bruce–Vincent ratio).
        let t = try #require(r.parameters.first { $0.key == "transport.transference_number" })
        let bv = try #require(r.points.first { $0.kind == "transference" })
        #expect(abs(bv.model - 0.62) < 2e-3)
        #expect(t.value > 0.62 + 0.01)
    }

    @Test func writtenModelFileLoadsWithTheFittedValues() throws {
        let r = try Calibrator.run(setupPath: cpcseFit, library: library)
        let dir = try FitFixtures.tempDir()
        let out = dir.appendingPathComponent("CPCSE.toml").path
        try ModelFileWriter.write(result: r, baseFile: library.electrolytePath("CPCSE"), fitFile: "Calibration/CPCSE/fit.toml", to: out)
        let e = try ElectrolyteFile.load(path: out)
        for p in r.parameters {
            let key = try #require(FitParameterRegistry.key(p.key))
            let v = try #require(key.get(e))
            #expect(abs(v - p.value) <= 1e-12 * abs(p.value), "\(p.key): file \(v), fit \(p.value)")
        }
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("[provenance]"))
        #expect(text.contains("fit: celltwin calibrate Calibration/CPCSE/fit.toml (")) // 3 points, 3 parameters: no standard errors
        #expect(text.contains("cheng2023: t+ 0.62") == false) // the fitted key's source is replaced …
        #expect(text.contains("cheng2023: oxidation limit 5.1 V")) // … the others are kept
        // A second fit of the written file replaces the provenance table rather than adding one.
        let again = try ModelFileWriter.rewrite(baseText: text, baseFile: out, result: r, fitFile: "x")
        #expect(again.components(separatedBy: "[provenance]").count == 2)
        #expect(e.oxidationLimit_V == 5.1)
    }

    @Test func censoredRowPushesTheShortLawPastTheCensoringTime() throws {
        let rows = [FitFixtures.row("CPCSE", "symmetric_stable", t: 60, current: 0.1, capacity: 0.5, quantity: "time_without_short",
                                    value: 600, unit: "h", qualifier: ">=")]
        let path = try FitFixtures.setup(electrolyte: "CPCSE", rows: rows,
                                         free: ["key = \"short.time_to_short_h\"\ninitial = 50"])
        let r = try Calibrator.run(setupPath: path, library: library)
        #expect(r.points[0].residual == 0)
        // An independent full-length simulation with the fitted law does not short before 600 h.
        let sym = try SymmetricSimulator(electrolyte: r.fitted, temperature_C: 60)
        let run = try sym.platingStripping(PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: 0.5, duration_h: 600))
        #expect(run.timeToShort_s == nil)
        // The start (50 h of plating at J_ref) shorts well before it.
        var start = r.fitted
        FitParameterRegistry.key("short.time_to_short_h")?.set(&start, 50)
        let early = try SymmetricSimulator(electrolyte: start, temperature_C: 60)
            .platingStripping(PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: 0.5, duration_h: 600))
        #expect(early.timeToShort_s != nil)
    }

    @Test func wrongColumnsNameTheFile() throws {
        let d = try FitFixtures.tempDir()
        let csv = d.appendingPathComponent("bad.csv").path
        try "source,electrolyte,kind,temperature,value\ncheng2023,CPCSE,conductivity,25,5e-4\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let e = try #require(throws: InputError.self) { try MeasurementTable.load(path: csv) }
        #expect(e.file == csv && e.line == 1 && e.message.contains("missing"))
        // A bad number names line and column; quoted commas are one field.
        let csv2 = d.appendingPathComponent("bad2.csv").path
        try (FitFixtures.header + "\ns,CPCSE,conductivity,,25x,,,,,,sigma,5e-4,S/cm,=,\"a, b\"\n").write(toFile: csv2, atomically: true, encoding: .utf8)
        let e2 = try #require(throws: InputError.self) { try MeasurementTable.load(path: csv2) }
        #expect(e2.line == 2 && e2.key == "temperature_C")
    }

    @Test func seedFileReadsWithQuotedCommas() throws {
        let rows = try MeasurementTable.load(path: Fixtures.packageRoot.appendingPathComponent("Calibration/seed-measurements.csv").path)
        #expect(rows.count > 100)
        let first = try #require(rows.first)
        #expect(first.line == 2 && first.value == 8.38e-6 && first.note.contains("room temperature given as 30 C;"))
    }

    @Test func unknownParameterKeyNamesFileAndKey() throws {
        let path = try FitFixtures.setup(electrolyte: "CPCSE", rows: [], free: ["key = \"conductivity.sigma_S_m\""])
        let e = try #require(throws: InputError.self) { try FitSetup.load(path: path) }
        #expect(e.file == path && e.key == "conductivity.sigma_S_m" && e.line == 5)
    }

    @Test func moreFreeParametersThanPointsNamesTheFitFile() throws {
        let rows = [FitFixtures.row("CPCSE", "conductivity", t: 25, quantity: "sigma", value: 5e-4, unit: "S/cm")]
        let path = try FitFixtures.setup(electrolyte: "CPCSE", rows: rows,
                                         free: ["key = \"conductivity.sigma_S_cm\"", "key = \"conductivity.activation_energy_kJ_mol\""])
        let e = try #require(throws: InputError.self) { try Calibrator.run(setupPath: path, library: library) }
        #expect(e.file == path && e.message.contains("2 free parameters") && e.message.contains("1 data points"))
    }

    /// The σ(T) fit of every shipped electrolyte's seed conductivity rows converges in a few trust-region iterations
    /// (a count, not a time: timings belong to `celltwin bench`) and fits every row.
    @Test func conductivityFitsConvergeInFewIterations() throws {
        let seed = Fixtures.packageRoot.appendingPathComponent("Calibration/seed-measurements.csv").path
        let others = ["activation_energy", "transference", "rate_capability", "cycling_capacity", "cycling_retention",
                      "symmetric_short", "symmetric_stable", "interface_resistance", "symmetric_polarization", "cycling_life", "coulombic_efficiency", "ccd",
                      "stability_window"].map { "\($0) = 0" }.joined(separator: "\n")
        var fitted = 0
        for id in library.electrolyteIDs {
            let rows = try MeasurementTable.load(path: seed, electrolyte: id).filter { $0.kind == "conductivity" && $0.quantity == "sigma" }
            guard !rows.isEmpty else { continue }
            let e = try library.electrolyte(id)
            var free = ["key = \"conductivity.sigma_S_cm\""]
            if rows.count > 1 { free.append(e.conductivity.name == "vft" ? "key = \"conductivity.vft_B_K\"" : "key = \"conductivity.activation_energy_kJ_mol\"") }
            let path = try FitFixtures.setup(electrolyte: id, rows: [], free: free, extra: "[weights]\n\(others)\n")
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.removeItem(at: dir.appendingPathComponent("measurements.csv"))
            try FileManager.default.copyItem(atPath: seed, toPath: dir.appendingPathComponent("measurements.csv").path)
            let r = try Calibrator.run(setupPath: path, library: library)
            #expect(r.iterations <= 10, "\(id): \(r.iterations) iterations")
            #expect(r.points.allSatisfy { $0.kind == "conductivity" })
            #expect(r.points.allSatisfy { abs($0.residual) < 1 }, "\(id): \(r.points.map(\.residual))")
            fitted += 1
        }
        #expect(fitted >= 8)
    }
}
