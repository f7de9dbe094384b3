import Foundation
import Testing
@testable import CellTwin

/// The 25 °C leave-condition-out refit of CPCSE (Fixtures/cpcse-25C-refit): without its 25 °C rows nothing determines
/// t₊, and the fit's logistic bounds (0, 1) let Levenberg–Marquardt's first trial step reach t₊ = 7.8e-43, where the
/// concentration-polarization resistance R_b(1 − t₊)/t₊ is 10⁴² times the bulk one and the 2C rate-capability row's
/// CV hold failed at its start (step size 2e-22 s), ending the whole refit. The fit now keeps every key inside its
/// physical range.
@Suite struct LeaveConditionOutTests {
    static let fixture = Fixtures.packageRoot.appendingPathComponent("Tests/CellTwinTests/Fixtures/cpcse-25C-refit")

    /// A copy of Models/ with the fixture's CPCSE.toml (the failing trial step's values, t₊ at 1e-3), and the fit
    /// set-up with its measurements.
    static func workspace() throws -> URL {
        let dir = try FitFixtures.tempDir()
        let fm = FileManager.default
        try fm.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Models"), to: dir.appendingPathComponent("Models"))
        let model = dir.appendingPathComponent("Models/electrolytes/CPCSE.toml")
        try fm.removeItem(at: model)
        try fm.copyItem(at: fixture.appendingPathComponent("CPCSE.toml"), to: model)
        for f in ["fit.toml", "measurements.csv"] {
            try fm.copyItem(at: fixture.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        return dir
    }

    /// Every bounded fit constraint of the key table lies inside its key's physical range: a trial step of a fit
    /// cannot leave the values a model file may hold (t₊ was fitted on (0, 1) against a range of 1e-3…1).
    @Test func fitBoundsLieInsideTheKeysRanges() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        for k in ElectrolyteKeys.all {
            guard let constraint = k.fit?(e), let range = k.domain.range else { continue }
            switch constraint {
            case .bounded(let lo, let hi), .positiveBounded(let lo, let hi), .complementBounded(let lo, let hi):
                #expect(lo >= range.lowerBound && hi <= range.upperBound, "\(k.path): fit bounds \(lo)…\(hi), range \(range)")
            default: continue
            }
        }
    }

    /// The failing trial step's cell, with t₊ at the lowest value the fit can now reach, runs the 2C rate-capability
    /// row (CC–CV charge at the study's rate, 2C discharge at 60 °C) that failed: a finite, non-negative capacity.
    @Test func theTrialStepsCellRunsTheRateCapabilityRow() throws {
        let dir = try Self.workspace()
        let library = ModelLibrary(directory: dir.appendingPathComponent("Models"))
        let inputs = try Calibrator.inputs(setupPath: dir.appendingPathComponent("fit.toml").path, library: library)
        #expect(inputs.base.transferenceNumber == 1e-3)
        let points = FitPointBuilder.build(rows: inputs.rows, setup: inputs.setup).points
        let rate = try #require(points.first { $0.row.kind == "rate_capability" && $0.row.cRate == 2 })
        let model = FitModel(base: inputs.base, keys: [], points: [rate], setup: inputs.setup, cathodes: inputs.cathodes,
                             anode: inputs.anode)
        let capacity = try model.predict(rate, inputs.base)
        #expect(capacity.isFinite && capacity >= 0, "2C capacity \(capacity) mAh/g")
    }

    /// The refit itself, from the failing trial step's values: it ends, with t₊ inside its range.
    @Test func theRefitWithoutThe25CRowsEnds() throws {
        let dir = try Self.workspace()
        let library = ModelLibrary(directory: dir.appendingPathComponent("Models"))
        let inputs = try Calibrator.inputs(setupPath: dir.appendingPathComponent("fit.toml").path, library: library)
        let r = try Calibrator.run(setup: inputs.setup, base: inputs.base, rows: inputs.rows, cathodes: inputs.cathodes,
                                   anode: inputs.anode)
        let t = try #require(r.parameters.first { $0.key == "transport.transference_number" })
        #expect(t.value >= 1e-3 && t.value <= 1, "t+ \(t.value)")
    }

    /// A refit's start values do not depend on the model file's fitted values (which saw the rows left out): with
    /// every free key of CMP-VAMMT's shipped model moved ×3, the keys with a prior start at its centre, τ_s at the LFP
    /// model's own value, a key with only a range at its geometric centre, σ at its gel siblings' geometric mean and t₊
    /// at the gel family's Bruce–Vincent prior, the same as from the shipped model; the in-sample starts do move with
    /// the model file.
    @Test func refitStartsDoNotDependOnTheShippedValues() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("Calibration/CMP-VAMMT/fit.toml").path
        let inputs = try Calibrator.inputs(setupPath: path, library: Fixtures.models)
        let siblings = try Fixtures.models.electrolyteIDs.map { try Fixtures.models.electrolyte($0) }
        var setup = inputs.setup
        let ranged = try #require(FitParameterRegistry.key("lithium_interface.interphase_asr_ohm_cm2"))
        setup.free.append(FreeParameter(key: ranged, initial: nil, lower: 1, upper: 100))
        let moved = Self.moved(inputs.base, setup)
        let shipped = try Calibrator.startParameters(setup: LeaveConditionOut.neutralStarts(setup, electrolyte: inputs.base, cathodes: inputs.cathodes,
                                                                                            siblings: siblings),
                                                     base: inputs.base, cathodes: inputs.cathodes)
        let other = try Calibrator.startParameters(setup: LeaveConditionOut.neutralStarts(setup, electrolyte: moved, cathodes: inputs.cathodes,
                                                                                          siblings: siblings),
                                                   base: moved, cathodes: inputs.cathodes)
        func start(_ ps: [FitParameter], _ key: String) throws -> Double { try #require(ps.first { $0.name == key }).initial }
        let lfp = try #require(inputs.cathodes["LFP"])
        // σ at the reference temperature from the other gels (CMP, CMP-MMT), each fitted on its own rows.
        let tRef_K = try #require(ParameterUncertainty.value("conductivity.reference_temperature_C", of: inputs.base)) + 273.15
        let gels = siblings.filter { $0.family == "gel" && $0.id != "CMP-VAMMT" }
        #expect(gels.count >= 2)
        let sigma = exp(gels.map { log($0.conductivity.sigma_S_m(at: tRef_K) / 100) }.reduce(0, +) / Double(gels.count))
        let expected: [String: Double] = ["conductivity.activation_energy_kJ_mol": 34.7, "aging.contact_loss_per_cycle": 1e-4,
                                          "stability.charge_parasitic_fraction": 1e-3,
                                          "electrodes.LFP.diffusion_time_s": lfp.diffusionTime_s,
                                          "lithium_interface.interphase_asr_ohm_cm2": 10,
                                          "conductivity.sigma_S_cm": sigma, "transport.transference_number": 0.45]
        for (key, x) in expected {
            let a = try start(shipped, key), b = try start(other, key)
            #expect(abs(a / x - 1) < 1e-9, "\(key): start \(a), expected \(x)")
            #expect(a == b, "\(key) moves with the model file: \(a) -> \(b)")
        }
        let inSample = try Calibrator.startParameters(setup: setup, base: moved, cathodes: inputs.cathodes)
        let tau = "electrodes.LFP.diffusion_time_s"
        let inSampleTau = try start(inSample, tau), neutralTau = try start(shipped, tau)
        #expect(inSampleTau != neutralTau)
    }

    /// `e` with every free key of `setup` moved ×3 (a finite value; an infinite one to 1e3).
    static func moved(_ e: Electrolyte, _ setup: FitSetup) -> Electrolyte {
        var m = e
        for f in setup.free { if let v = f.key.get(m) { f.key.set(&m, v.isFinite ? v * 3 : 1e3) } }
        return m
    }

    /// No free key of any shipped fit set-up starts a refit from the model file's value: each start is the same
    /// whether the model file holds the shipped values or every free key moved ×3.
    @Test func noShippedSetUpStartsARefitFromItsFittedValues() throws {
        let siblings = try Fixtures.models.electrolyteIDs.map { try Fixtures.models.electrolyte($0) }
        let root = Fixtures.packageRoot.appendingPathComponent("Calibration")
        let setups = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
            .map { root.appendingPathComponent($0).appendingPathComponent("fit.toml").path }
            .filter { FileManager.default.fileExists(atPath: $0) }
        #expect(setups.count >= 10)
        for path in setups {
            let inputs = try Calibrator.inputs(setupPath: path, library: Fixtures.models)
            let moved = Self.moved(inputs.base, inputs.setup)
            let a = try Calibrator.startParameters(setup: LeaveConditionOut.neutralStarts(inputs.setup, electrolyte: inputs.base,
                                                                                          cathodes: inputs.cathodes, siblings: siblings),
                                                   base: inputs.base, cathodes: inputs.cathodes)
            let b = try Calibrator.startParameters(setup: LeaveConditionOut.neutralStarts(inputs.setup, electrolyte: moved,
                                                                                          cathodes: inputs.cathodes, siblings: siblings),
                                                   base: moved, cathodes: inputs.cathodes)
            for (x, y) in zip(a, b) {
                #expect(x.initial == y.initial, "\(inputs.setup.electrolyteID) \(x.name): start \(x.initial) moves with the model file to \(y.initial)")
            }
        }
    }

    @Test func setUpPathsAreNamedFromTheProject() {
        #expect(LeaveConditionOut.projectPath("/home/u/CellTwin/Calibration/CMP/fit.toml") == "Calibration/CMP/fit.toml")
        #expect(LeaveConditionOut.projectPath("/a/Calibration/x/Calibration/CMP/fit.toml") == "Calibration/CMP/fit.toml")
        #expect(LeaveConditionOut.projectPath("setups/fit.toml") == "setups/fit.toml")
    }

    /// The summary counts the capacity rows inside the refit's range and, of those, the ones within ±5 %; the wide
    /// ones inside and those outside name their drivers.
    @Test func summaryCountsCapacityBandsInsideTheRange() {
        func row(_ range: String, wide: Bool, driver: String) -> LeaveConditionOutRow {
            LeaveConditionOutRow(electrolyte: "X", condition: "60 °C", location: "m.csv:2", kind: "rate_capability", quantity: "discharge_capacity",
                                 conditions: "", measured: 150, predicted: 150, predicted_low: 140, predicted_high: 160, unit: "mAh/g", error: 0,
                                 errorText: "0 %", tolerance: "5 %", within: true, inside: true, half_width: 6.7, parameter_half_width: 6.7,
                                 half_width_unit: "%", band_method: "linearised", band_driver: driver, calibrated_range: range,
                                 extrapolation_reason: range == "inside" ? nil : "T 60 °C, 40 K below the calibrated 100–120 °C",
                                 wide_capacity: wide ? "the capacity band is ±6.7 % (over 5 %), driven by \(driver)" : nil, is_capacity: true,
                                 undetermined: [], reverted_to_prior: [])
        }
        let r = LeaveConditionOutResult(rows: [row("inside", wide: false, driver: "a"), row("inside", wide: true, driver: "b"),
                                               row("outside", wide: true, driver: "c"), row("outside", wide: false, driver: "c")],
                                        skipped: [], elapsed_s: 0)
        let s = r.extrapolationSummary()
        #expect(s.hasPrefix("capacity rows inside the refit's calibrated range: 2 of 4, of which 1 with a parameters' band within ±5 %; wider inside the range, driven by b (1)"))
        #expect(s.contains("outside it (extrapolation): 2, of which 1 with a band wider than ±5 %, driven by c (1)"))
        #expect(r.table().contains("[extrapolation: T 60 °C, 40 K below the calibrated 100–120 °C]"))
        #expect(r.table().contains("[inside, band over ±5 %]"))
    }
}
