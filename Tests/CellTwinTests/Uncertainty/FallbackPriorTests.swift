import Foundation
import Testing
@testable import CellTwin

/// The prior a free parameter returns to when a refit has no data for it.
@Suite struct FallbackPriorTests {
    /// A free parameter a refit has no data for (NaN variance) returns to its prior: the family default's centre
    /// and spread for the Li-side film growth and for t₊ (a polymer's Bruce–Vincent prior), the cathode's literature
    /// range for a study's electrode capacity (no other study given); the band of the parameter itself is then the
    /// prior's 95 % interval, and a key without any prior (σ's activation energy here) stays undetermined at its value.
    @Test func aParameterWithoutDataGetsItsPriorsWidth() throws {
        let setup = try FitSetup.load(path: Fixtures.packageRoot.appendingPathComponent("Calibration/HE-PEIgPHE/fit.toml").path)
        var e = try Fixtures.models.electrolyte("HE-PEIgPHE")
        var cathodes: [String: Cathode] = [:]
        for id in Fixtures.models.cathodeIDs { cathodes[id] = try Fixtures.models.cathode(id) }
        let growth = "aging.sei_calendar_growth_ohm2_cm4_h", capacity = "electrodes.NCM523.specific_capacity_mAh_g"
        let sigma = "conductivity.sigma_S_cm", t = "transport.transference_number", ea = "conductivity.activation_energy_kJ_mol"
        ParameterUncertainty.set(growth, 123, &e)   // as if a calibration had moved it with data now left out
        ParameterUncertainty.set(t, 0.99, &e)
        let keys = [sigma, growth, capacity, t, ea]
        let values = try keys.map { try #require(ParameterUncertainty.value($0, of: e)) }
        let nan = Double.nan
        var covariance = [[Double]](repeating: [Double](repeating: nan, count: 5), count: 5)
        covariance[0][0] = 0.01
        var u = ParameterUncertainty.fromFit(keys: keys, values: values, transforms: [.log, .log, .log, .linear, .linear],
                                             covariance: covariance, chiSquare: 1, degreesOfFreedom: 1)
        #expect(u.undetermined == [growth, capacity, t, ea])
        let reverted = u.revertingUndetermined(&e, setup: setup, cathodes: cathodes)
        #expect(reverted == [growth, capacity, t].sorted())
        #expect(u.undetermined == [ea], "σ's activation energy has no prior: it stays undetermined")
        let family = try #require(ElectrolyteFamilyDefaults.value(growth, family: e.family))
        let familyPrior = try #require(family.prior)
        let tPlus = try #require(ElectrolyteFamilyDefaults.value(t, family: e.family))
        let tPrior = try #require(tPlus.prior)
        #expect(e.family == "polymer" && tPrior.kind == .normal)
        let range = try #require(cathodes["NCM523"]?.literatureRanges["specific_capacity_mAh_g"])
        let expected: [(String, Double, ClosedRange<Double>)] = [
            (growth, family.value, familyPrior.interval95(centre: family.value)),
            (capacity, (range.lowerBound * range.upperBound).squareRoot(), range),
            (t, tPlus.value, tPrior.interval95(centre: tPlus.value)),
        ]
        var o = BandOptions()
        o.method = .linearised
        o.workers = 1
        let snapshot = u, base = e
        for (key, centre, interval) in expected {
            let value = try #require(ParameterUncertainty.value(key, of: e))
            #expect(abs(value / centre - 1) < 1e-9, "\(key) at its prior's centre")
            // ln of a lognormal key (the key itself for a normal one) is linear in its transform coordinate: the
            // linearised band is exactly the prior's interval.
            let linear = key == t
            let b = try BandEstimator.run(snapshot, options: o) { z in
                let v = ParameterUncertainty.value(key, of: snapshot.electrolyte(base, offset: z)) ?? .nan
                return [linear ? v : log(v)]
            }.bands[0]
            let (low, high) = linear ? (b.low, b.high) : (exp(b.low), exp(b.high))
            #expect(abs(low / interval.lowerBound - 1) < 1e-6 && abs(high / interval.upperBound - 1) < 1e-6,
                    "\(key): band \(low)–\(high), prior \(interval)")
            #expect(b.driver == key)
        }
    }

    /// A fitted key whose fit variance exceeds its fallback prior's (the remaining rows know less about it than the
    /// prior) takes its prior combined with its fit; one the rows fix better stays, and so does one whose prior is the
    /// fit set-up's own (the fit already holds it). Here the fit's ln-variance is 1.5 v_p: weight
    /// v_p/(1.5 v_p + v_p) = 0.4 on the fit, centre exp(0.4 ln 123 + 0.6 ln x_prior), variance 1.5 v_p²/(2.5 v_p) = 0.6 v_p.
    @Test func aKeyTheRowsKnowLessAboutThanItsPriorReverts() throws {
        let setup = try FitSetup.load(path: Fixtures.packageRoot.appendingPathComponent("Calibration/HE-PEIgPHE/fit.toml").path)
        var e = try Fixtures.models.electrolyte("HE-PEIgPHE")
        let growth = "aging.sei_calendar_growth_ohm2_cm4_h", t = "transport.transference_number"
        let i0 = "lithium_interface.exchange_current_mA_cm2"
        ParameterUncertainty.set(growth, 123, &e)
        let keys = [growth, t, i0]
        let values = try keys.map { try #require(ParameterUncertainty.value($0, of: e)) }
        let familyGrowth = try #require(ElectrolyteFamilyDefaults.value(growth, family: e.family))
        let spread = try #require(familyGrowth.prior).spread
        // ln-variance 1.5× the growth prior's; t₊ known to ±0.01 (prior ±0.12); i0 as wide as the growth. The fit's
        // covariance is in lab units (a log key's ln-variance times its value²).
        let wide = 1.5 * pow(log(spread), 2)
        var u = ParameterUncertainty.fromFit(keys: keys, values: values, transforms: [.log, .linear, .log],
                                             covariance: [[wide * values[0] * values[0], 0, 0], [0, 1e-4, 0], [0, 0, wide * values[2] * values[2]]],
                                             chiSquare: 1, degreesOfFreedom: 1)
        #expect(u.undetermined.isEmpty)
        let reverted = u.revertingUndetermined(&e, setup: setup, cathodes: [:])
        #expect(reverted == [growth])
        let combined = exp(0.4 * log(123.0) + 0.6 * log(familyGrowth.value))
        #expect(abs(try #require(ParameterUncertainty.value(growth, of: e)) / combined - 1) < 1e-9)
        #expect(ParameterUncertainty.value(t, of: e) == values[1] && ParameterUncertainty.value(i0, of: e) == values[2])
        let g = try #require(u.parameters.firstIndex { $0.key == growth })
        #expect(u.parameters[g].origin == .prior && abs(u.covariance[g][g] - 0.6 * pow(log(spread), 2)) < 1e-12)
        #expect(u.parameters.filter { $0.origin == .fit }.map(\.key) == [t, i0])
    }

    // MARK: - Cross-study electrode priors

    /// A copy of a shipped twin in `study` whose LFP electrode has τ_s,ref `tau_s` (s) with activation energy
    /// `ea_kJ_mol` (nil: the cathode's) and accessible capacity `capacity_mAh_g` (nil: the cathode's).
    static func twin(_ id: String, study: String, tau_s: Double, ea_kJ_mol: Double? = nil, capacity_mAh_g: Double? = nil) throws -> Electrolyte {
        var e = try Fixtures.models.electrolyte("HE-PEIgPHE")
        e.id = id
        e.study = study
        e.referenceCell.electrodes = ["LFP": ElectrodeOverrides(diffusionTime_s: tau_s, diffusionActivationEnergy_J_mol: ea_kJ_mol.map { $0 * 1000 },
                                                                specificCapacity_C_kg: capacity_mAh_g.map { $0 * 3600 })]
        return e
    }

    static func lfp() throws -> [String: Cathode] { ["LFP": try Fixtures.models.cathode("LFP")] }

    /// τ_s(T) = τ_s,ref·exp[(E_a/R)(1/T − 1/T_ref)], written out (DOMAIN A5), T_ref 25 °C.
    static func tau(_ ref_s: Double, ea_kJ_mol: Double, at t_C: Double) -> Double {
        ref_s * exp(ea_kJ_mol * 1000 / Physical.gas * (1 / (t_C + 273.15) - 1 / 298.15))
    }

    /// One value per other study: the electrolyte's own study is left out (its models saw the rows a refit leaves
    /// out), and two electrolytes of one study (a borrowed electrode) count once. The centre is the studies'
    /// geometric mean and the spread their geometric standard deviation, here above the ×/÷ 2 floor.
    @Test func anElectrodeTakesTheOtherStudiesGeometricMean() throws {
        let cathodes = try Self.lfp()
        let e = try Self.twin("E", study: "mine", tau_s: 5e3)
        let siblings = [try Self.twin("E", study: "mine", tau_s: 5e3), try Self.twin("MATE", study: "mine", tau_s: 1e7),
                        try Self.twin("A", study: "a", tau_s: 1e4), try Self.twin("B1", study: "b", tau_s: 4e4),
                        try Self.twin("B2", study: "b", tau_s: 4e4)]
        let f = try #require(FallbackPrior.crossStudyElectrode("electrodes.LFP.diffusion_time_s", electrolyte: e, siblings: siblings, cathodes: cathodes))
        #expect(abs(f.centre / 2e4 - 1) < 1e-12, "√(1e4 · 4e4), not pulled towards b's two electrolytes or e's study")
        #expect(f.prior.kind == .lognormal && abs(f.prior.spread / exp(log(4) / (2.0).squareRoot()) - 1) < 1e-12)
        #expect(f.source.contains("a 0.50, b 0.50") && !f.source.contains("mine"), "equal default variances: equal weights")
        // Two studies that agree: the spread is the floor.
        let agreeing = [try Self.twin("A", study: "a", tau_s: 1e4), try Self.twin("B", study: "b", tau_s: 1e4)]
        let g = try #require(FallbackPrior.crossStudyElectrode("electrodes.LFP.diffusion_time_s", electrolyte: e, siblings: agreeing, cathodes: cathodes))
        #expect(g.prior.spread == FallbackPrior.crossStudySpreadFloor["diffusion_time_s"])
        // The look-up takes it before the literature range; with only e's own study it falls back to the range.
        let setup = try FitSetup.load(path: Fixtures.packageRoot.appendingPathComponent("Calibration/HE-PEIgPHE/fit.toml").path)
        let key = "electrodes.LFP.diffusion_time_s"
        #expect(FallbackPrior.lookUp(key, setup: setup, electrolyte: e, cathodes: cathodes, siblings: siblings) == f)
        let own = try #require(FallbackPrior.lookUp(key, setup: setup, electrolyte: e, cathodes: cathodes, siblings: Array(siblings.prefix(2))))
        let range = try #require(cathodes["LFP"]?.literatureRanges["diffusion_time_s"])
        #expect(abs(own.centre / (range.lowerBound * range.upperBound).squareRoot() - 1) < 1e-12 && own.source.contains("literature"))
    }

    /// Diffusion times are compared at the prediction's temperature, each study's carried there with its own
    /// activation energy: e (45 kJ/mol) then has the studies' geometric mean τ_s at that temperature, which differs
    /// from comparing at 25 °C when the activation energies differ.
    @Test func diffusionTimesAreComparedAtThePredictionsTemperature() throws {
        let cathodes = try Self.lfp()
        let e = try Self.twin("E", study: "mine", tau_s: 5e3, ea_kJ_mol: 45)
        let siblings = [try Self.twin("A", study: "a", tau_s: 1e4), try Self.twin("B", study: "b", tau_s: 1e5, ea_kJ_mol: 45)]
        let ea = try #require(cathodes["LFP"]?.diffusionActivationEnergy_J_mol) / 1000
        for t_C in [30.0, 60.0, 100.0] {
            let f = try #require(FallbackPrior.crossStudyElectrode("electrodes.LFP.diffusion_time_s", electrolyte: e, siblings: siblings,
                                                                   cathodes: cathodes, temperature_C: t_C))
            let expected = (Self.tau(1e4, ea_kJ_mol: ea, at: t_C) * Self.tau(1e5, ea_kJ_mol: 45, at: t_C)).squareRoot()
            #expect(abs(Self.tau(f.centre, ea_kJ_mol: 45, at: t_C) / expected - 1) < 1e-9, "τ_s at \(t_C) °C")
            #expect(f.source.contains(String(format: "at %g °C", t_C)))
        }
        let at25 = try #require(FallbackPrior.crossStudyElectrode("electrodes.LFP.diffusion_time_s", electrolyte: e, siblings: siblings, cathodes: cathodes))
        #expect(abs(at25.centre / (1e4 * 1e5).squareRoot() - 1) < 1e-9)
    }

    /// Capacities are compared as they are, only where a study's model sets its own; a scatter as wide as the
    /// literature range's leaves the literature range in charge; a leaf without a floor takes no cross-study prior.
    @Test func capacitiesComeFromStudiesThatFitTheirOwn() throws {
        let cathodes = try Self.lfp()
        let e = try Self.twin("E", study: "mine", tau_s: 5e3)
        let key = "electrodes.LFP.specific_capacity_mAh_g"
        let close = [try Self.twin("A", study: "a", tau_s: 1e4, capacity_mAh_g: 158), try Self.twin("B", study: "b", tau_s: 1e4, capacity_mAh_g: 160),
                     try Self.twin("C", study: "c", tau_s: 1e4)]
        let f = try #require(FallbackPrior.crossStudyElectrode(key, electrolyte: e, siblings: close, cathodes: cathodes))
        #expect(abs(f.centre / (158.0 * 160).squareRoot() - 1) < 1e-12, "c sets no capacity of its own: the cathode's is not evidence")
        #expect(f.prior.spread == FallbackPrior.crossStudySpreadFloor["specific_capacity_mAh_g"])
        let apart = [try Self.twin("A", study: "a", tau_s: 1e4, capacity_mAh_g: 150), try Self.twin("B", study: "b", tau_s: 1e4, capacity_mAh_g: 169.9)]
        #expect(FallbackPrior.crossStudyElectrode(key, electrolyte: e, siblings: apart, cathodes: cathodes) == nil)
        #expect(FallbackPrior.crossStudyElectrode("electrodes.LFP.exchange_current_mA_cm2", electrolyte: e, siblings: close, cathodes: cathodes) == nil)
    }

    /// A refit that determines neither τ_s nor its activation energy reverts the activation energy first (here to the
    /// one other study that fits one), then τ_s through it: e's τ_s at the prediction's temperature is the other
    /// studies' there.
    @Test func theActivationEnergyRevertsBeforeTheDiffusionTime() throws {
        let cathodes = try Self.lfp()
        let setup = try FitSetup.load(path: Fixtures.packageRoot.appendingPathComponent("Calibration/HE-PEIgPHE/fit.toml").path)
        var e = try Self.twin("E", study: "mine", tau_s: 5e3, ea_kJ_mol: 25)
        let siblings = [try Self.twin("A", study: "a", tau_s: 2e4, ea_kJ_mol: 40), try Self.twin("B", study: "b", tau_s: 1e4)]
        let tau = "electrodes.LFP.diffusion_time_s", ea = "electrodes.LFP.diffusion_activation_energy_kJ_mol"
        let nan = Double.nan
        var u = ParameterUncertainty.fromFit(keys: [tau, ea], values: [5e3, 25], transforms: [.log, .linear],
                                             covariance: [[nan, nan], [nan, nan]], chiSquare: 1, degreesOfFreedom: 1)
        let reverted = u.revertingUndetermined(&e, setup: setup, cathodes: cathodes, siblings: siblings, temperature_C: 60)
        #expect(reverted == [ea, tau])
        let eaNow = try #require(ParameterUncertainty.value(ea, of: e)), tauNow = try #require(ParameterUncertainty.value(tau, of: e))
        #expect(abs(eaNow - 40) < 1e-9)
        let lfpEa = try #require(cathodes["LFP"]?.diffusionActivationEnergy_J_mol) / 1000
        let expected = (Self.tau(2e4, ea_kJ_mol: 40, at: 60) * Self.tau(1e4, ea_kJ_mol: lfpEa, at: 60)).squareRoot()
        #expect(abs(Self.tau(tauNow, ea_kJ_mol: 40, at: 60) / expected - 1) < 1e-9)
        #expect(u.undetermined.isEmpty)
        // τ_s fixed by the rows (±1 % at the reference, E_a not fitted with it), E_a undetermined: E_a reverts and τ_s at
        // the prediction's 60 °C keeps its fitted value, the band's centre moving with it.
        var f = try Self.twin("E", study: "mine", tau_s: 5e3, ea_kJ_mol: 25)
        var w = ParameterUncertainty.fromFit(keys: [tau, ea], values: [5e3, 25], transforms: [.log, .linear],
                                             covariance: [[pow(0.01 * 5e3, 2), nan], [nan, nan]], chiSquare: 1, degreesOfFreedom: 1)
        #expect(w.revertingUndetermined(&f, setup: setup, cathodes: cathodes, siblings: siblings, temperature_C: 60) == [ea])
        let heldTau = try #require(ParameterUncertainty.value(tau, of: f))
        #expect(abs(Self.tau(heldTau, ea_kJ_mol: 40, at: 60) / Self.tau(5e3, ea_kJ_mol: 25, at: 60) - 1) < 1e-9)
        #expect(w.parameters.first { $0.key == tau }?.value == heldTau)
    }

    // MARK: - Weighting the studies

    /// A sibling fit whose ln τ_s has variance `lnVariance` (τ_s alone fitted, its activation energy not) and whose
    /// full-cell rows centre on `fitted_C`.
    static func fit(tau_s: Double, lnVariance: Double, fitted_C: Double) -> FallbackPrior.SiblingFit {
        // fromFit takes lab units: a log key's ln-variance times its value².
        let u = ParameterUncertainty.fromFit(keys: ["electrodes.LFP.diffusion_time_s"], values: [tau_s], transforms: [.log],
                                             covariance: [[lnVariance * tau_s * tau_s]], chiSquare: 1, degreesOfFreedom: 1)
        return FallbackPrior.SiblingFit(uncertainty: u, fittedTemperature_K: fitted_C + 273.15)
    }

    /// DerSimonian–Laird by hand. Two studies y = (0, 1), v = (0.01, 0.04): w = (100, 25), ȳ = 25/125 = 0.2,
    /// Q = 100·0.2² + 25·0.8² = 20, c = 125 − (100² + 25²)/125 = 40, τ² = (20 − 1)/40 = 0.475; w* = 1/0.485, 1/0.515,
    /// mean 0.485 (= 0.485/(0.485 + 0.515)), variance 0.485·0.515. Two that agree within their variances
    /// (y = (0, 0.1): Q = 0.2 < 1) have τ² = 0 and the fixed-effect mean Σw·y/Σw = 2.5/125 = 0.02, variance 1/125.
    @Test func derSimonianLairdByHand() throws {
        let r = try #require(FallbackPrior.randomEffects([(y: 0, v: 0.01), (y: 1, v: 0.04)]))
        #expect(abs(r.tau2 - 0.475) < 1e-12)
        #expect(abs(r.mean - 0.485) < 1e-12)
        #expect(abs(r.standardError2 - 0.485 * 0.515) < 1e-12)
        let h = try #require(FallbackPrior.randomEffects([(y: 0, v: 0.01), (y: 0.1, v: 0.04)]))
        #expect(h.tau2 == 0)
        #expect(abs(h.mean - 0.02) < 1e-12 && abs(h.standardError2 - 1.0 / 125) < 1e-12)
        #expect(FallbackPrior.randomEffects([]) == nil)
        let one = try #require(FallbackPrior.randomEffects([(y: 3, v: 0.5)]))
        #expect(one.mean == 3 && one.tau2 == 0 && one.standardError2 == 0.5)
    }

    /// Two studies fitted where the prediction is (25 °C, τ_s alone fitted) with ln-variances 0.01 and 0.04 combine
    /// as the closed form: agreeing (ln 1.1 apart, Q < 1) at exp(Σw·ln τ/Σw) = 1e4·1.1^(25/125); disagreeing (1 apart
    /// in ln) at 1e4·e^0.485 with the new-study spread exp √(0.475 + 0.485·0.515), above the ×/÷ 2 floor.
    @Test func twoFittedStudiesCombineByTheirVariances() throws {
        let cathodes = try Self.lfp()
        let key = "electrodes.LFP.diffusion_time_s"
        let e = try Self.twin("E", study: "mine", tau_s: 5e3)
        let agreeing = [try Self.twin("A", study: "a", tau_s: 1e4), try Self.twin("B", study: "b", tau_s: 1.1e4)]
        let fits = ["A": Self.fit(tau_s: 1e4, lnVariance: 0.01, fitted_C: 25), "B": Self.fit(tau_s: 1.1e4, lnVariance: 0.04, fitted_C: 25)]
        let f = try #require(FallbackPrior.crossStudyElectrode(key, electrolyte: e, siblings: agreeing, cathodes: cathodes, fits: fits))
        #expect(abs(f.centre / (1e4 * pow(1.1, 0.2)) - 1) < 1e-12)
        #expect(f.source.contains("a 0.80, b 0.20"))
        #expect(f.prior.spread == FallbackPrior.crossStudySpreadFloor["diffusion_time_s"])
        let apart = [try Self.twin("A", study: "a", tau_s: 1e4), try Self.twin("B", study: "b", tau_s: 1e4 * exp(1))]
        let g = try #require(FallbackPrior.crossStudyElectrode(key, electrolyte: e, siblings: apart, cathodes: cathodes,
                                                               fits: ["A": fits["A"]!, "B": Self.fit(tau_s: 1e4 * exp(1), lnVariance: 0.04, fitted_C: 25)]))
        #expect(abs(log(g.centre / 1e4) - 0.485) < 1e-9)
        #expect(abs(log(g.prior.spread) - (0.475 + 0.485 * 0.515).squareRoot()) < 1e-9)
    }

    /// A study speaks through its fitted electrode, not through a sibling's borrowed copy: b's fitted electrode (B,
    /// fitted at 100 °C, far from the 30 °C prediction and so with a wider variance there) stands for b, although its
    /// borrowing sibling B2 (no fit, the default variance) would look more certain; a study with copies only keeps
    /// the one with the least variance.
    @Test func aStudysFittedElectrodeSpeaksBeforeABorrowedCopy() throws {
        let cathodes = try Self.lfp()
        let key = "electrodes.LFP.diffusion_time_s"
        let e = try Self.twin("E", study: "mine", tau_s: 5e3)
        let siblings = [try Self.twin("A", study: "a", tau_s: 1e4), try Self.twin("B", study: "b", tau_s: 4e4),
                        try Self.twin("B2", study: "b", tau_s: 4e4, ea_kJ_mol: 60)]
        let fits = ["A": Self.fit(tau_s: 1e4, lnVariance: 0.01, fitted_C: 30), "B": Self.fit(tau_s: 4e4, lnVariance: 0.01, fitted_C: 100)]
        let f = try #require(FallbackPrior.crossStudyElectrode(key, electrolyte: e, siblings: siblings, cathodes: cathodes, fits: fits,
                                                               temperature_C: 30))
        let without = try #require(FallbackPrior.crossStudyElectrode(key, electrolyte: e, siblings: Array(siblings.prefix(2)), cathodes: cathodes,
                                                                     fits: fits, temperature_C: 30))
        #expect(f == without, "B2's copy (carried with its own 60 kJ/mol) does not replace b's fit")
        let copies = [try Self.twin("A", study: "a", tau_s: 1e4), try Self.twin("B2", study: "b", tau_s: 4e4, ea_kJ_mol: 60),
                      try Self.twin("B3", study: "b", tau_s: 4e4)]
        let c = try #require(FallbackPrior.crossStudyElectrode(key, electrolyte: e, siblings: copies, cathodes: cathodes, temperature_C: 30))
        let c2 = try #require(FallbackPrior.crossStudyElectrode(key, electrolyte: e, siblings: [copies[0], copies[1]], cathodes: cathodes,
                                                                temperature_C: 30))
        #expect(c == c2, "equal default variances: the first copy stays")
    }

    /// A study whose rows ran far from the prediction (100 °C against 30 °C, activation energy not fitted) carries
    /// Var[E_a]·((1/T − 1/T_fit)/R)² more, Var[E_a] the LFP literature range 20–58 kJ/mol read as a 95 % interval
    /// at its E_a: it weighs less than a study fitted at 30 °C with the same fit variance, and the centre is the
    /// closed-form weighted mean at 30 °C; fitted at the same temperature, the two weigh the same.
    @Test func aStudyCarriedFarFromItsRowsWeighsLess() throws {
        let cathodes = try Self.lfp()
        let lfp = try #require(cathodes["LFP"])
        let key = "electrodes.LFP.diffusion_time_s"
        let e = try Self.twin("E", study: "mine", tau_s: 5e3)
        let siblings = [try Self.twin("A", study: "a", tau_s: 1e4), try Self.twin("B", study: "b", tau_s: 1.2e4)]
        let near = ["A": Self.fit(tau_s: 1e4, lnVariance: 0.01, fitted_C: 30), "B": Self.fit(tau_s: 1.2e4, lnVariance: 0.01, fitted_C: 30)]
        let same = try #require(FallbackPrior.crossStudyElectrode(key, electrolyte: e, siblings: siblings, cathodes: cathodes, fits: near,
                                                                  temperature_C: 30))
        #expect(same.source.contains("a 0.50, b 0.50"))
        var far = near
        far["B"] = Self.fit(tau_s: 1.2e4, lnVariance: 0.01, fitted_C: 100)
        let f = try #require(FallbackPrior.crossStudyElectrode(key, electrolyte: e, siblings: siblings, cathodes: cathodes, fits: far,
                                                               temperature_C: 30))
        let range = try #require(lfp.literatureRanges["diffusion_activation_energy_kJ_mol"])
        let ea = lfp.diffusionActivationEnergy_J_mol / 1000
        let sdEa = ea * log(range.upperBound / range.lowerBound) / (2 * 1.959963984540054)
        let slope = 1000 / Physical.gas * (1 / 303.15 - 1 / 373.15)
        let vB = 0.01 + pow(sdEa * slope, 2)
        let (yA, yB) = (log(Self.tau(1e4, ea_kJ_mol: ea, at: 30)), log(Self.tau(1.2e4, ea_kJ_mol: ea, at: 30)))
        // The two agree within their variances here (Q < 1): fixed-effect weights.
        let (wA, wB) = (1 / 0.01, 1 / vB)
        #expect(wA * pow(yA - (wA * yA + wB * yB) / (wA + wB), 2) + wB * pow(yB - (wA * yA + wB * yB) / (wA + wB), 2) < 1)
        let expected = exp((wA * yA + wB * yB) / (wA + wB))
        #expect(abs(Self.tau(f.centre, ea_kJ_mol: ea, at: 30) / expected - 1) < 1e-9)
        #expect(f.source.contains(String(format: "a %.2f, b %.2f", wA / (wA + wB), wB / (wA + wB))) && wB < wA / 10)
    }

    // MARK: - One material, one activation energy

    /// A sibling fit of τ_s with its activation energy (both fitted, uncorrelated: ln τ_s,ref variance `lnVariance`,
    /// E_a variance `eaVariance` (kJ/mol)²) whose full-cell rows centre on `fitted_C`.
    static func fitWithActivationEnergy(tau_s: Double, ea_kJ_mol: Double, lnVariance: Double, eaVariance: Double,
                                        fitted_C: Double) -> FallbackPrior.SiblingFit {
        let u = ParameterUncertainty.fromFit(keys: ["electrodes.LFP.diffusion_time_s", "electrodes.LFP.diffusion_activation_energy_kJ_mol"],
                                             values: [tau_s, ea_kJ_mol], transforms: [.log, .linear],
                                             covariance: [[lnVariance * tau_s * tau_s, 0], [0, eaVariance]], chiSquare: 1, degreesOfFreedom: 1)
        return FallbackPrior.SiblingFit(uncertainty: u, fittedTemperature_K: fitted_C + 273.15)
    }

    /// A study whose rows ran at 100 °C and which fitted its own activation energy (45 kJ/mol) is carried to 30 °C with
    /// the material's (the cathode's) activation energy, not its own: y = ln τ_s(100 °C) + (E_a/R)(1/T − 1/T_fit), and
    /// v = its fit variance of ln τ_s at 100 °C (ln τ_s,ref's plus c²·Var[E_a,own], c = (1000/R)(1/T_fit − 1/T_ref))
    /// plus the material's Var[E_a] (the literature range 20–58 kJ/mol as a 95 % interval) times ((1/T − 1/T_fit)/R)².
    @Test func aStudysDiffusionTimeIsCarriedWithTheMaterialsActivationEnergy() throws {
        let cathodes = try Self.lfp()
        let lfp = try #require(cathodes["LFP"])
        let key = "electrodes.LFP.diffusion_time_s"
        let b = try Self.twin("B", study: "b", tau_s: 1e5, ea_kJ_mol: 45)
        let fit = Self.fitWithActivationEnergy(tau_s: 1e5, ea_kJ_mol: 45, lnVariance: 0.04, eaVariance: 4, fitted_C: 100)
        let (y, v) = FallbackPrior.studyDiffusionTime(key, of: b, fit: fit, cathode: lfp, at: 303.15)
        let ea = lfp.diffusionActivationEnergy_J_mol / 1000
        let slope = 1000 / Physical.gas * (1 / 303.15 - 1 / 373.15)
        #expect(abs(y - (log(Self.tau(1e5, ea_kJ_mol: 45, at: 100)) + ea * slope)) < 1e-12)
        #expect(abs(y - log(Self.tau(1e5, ea_kJ_mol: 45, at: 30))) > 0.1, "not the study's own 45 kJ/mol")
        let range = try #require(lfp.literatureRanges["diffusion_activation_energy_kJ_mol"])
        let varEa = pow(ea * log(range.upperBound / range.lowerBound) / (2 * 1.959963984540054), 2)
        #expect(abs(FallbackPrior.materialActivationEnergyVariance(lfp) - varEa) < 1e-12)
        let c0 = 1000 / Physical.gas * (1 / 373.15 - 1 / 298.15)
        #expect(abs(v - (0.04 + c0 * c0 * 4 + varEa * slope * slope)) < 1e-12)
        // At its own rows' temperature the study's τ_s is its fit's, with its fit variance there alone.
        let (y100, v100) = FallbackPrior.studyDiffusionTime(key, of: b, fit: fit, cathode: lfp, at: 373.15)
        #expect(abs(y100 - log(Self.tau(1e5, ea_kJ_mol: 45, at: 100))) < 1e-12 && abs(v100 - (0.04 + c0 * c0 * 4)) < 1e-12)
        // Without a calibration: the study's own law at T and the default variance (nothing to carry from).
        let (y0, v0) = FallbackPrior.studyDiffusionTime(key, of: b, fit: nil, cathode: lfp, at: 303.15)
        #expect(abs(y0 - log(Self.tau(1e5, ea_kJ_mol: 45, at: 30))) < 1e-12 && v0 == FallbackPrior.unfittedLogVariance("diffusion_time_s"))
    }

    /// Two studies whose electrodes agree where their rows ran (τ_s 2000 s at 100 °C) but whose fits gave them
    /// different activation energies (20 and 45 kJ/mol) predict the same τ_s at 30 °C: the material's activation
    /// energy carries both, so they weigh equally and the centre is that common τ_s (Q = 0, fixed-effect mean).
    @Test func studiesThatAgreeWhereTheyRanAgreeEverywhere() throws {
        let cathodes = try Self.lfp()
        let lfp = try #require(cathodes["LFP"])
        let key = "electrodes.LFP.diffusion_time_s"
        let at100 = 2000.0
        func ref(_ ea: Double) -> Double { at100 / Self.tau(1, ea_kJ_mol: ea, at: 100) }
        let e = try Self.twin("E", study: "mine", tau_s: 5e3)
        let siblings = [try Self.twin("A", study: "a", tau_s: ref(20), ea_kJ_mol: 20), try Self.twin("B", study: "b", tau_s: ref(45), ea_kJ_mol: 45)]
        let fits = ["A": Self.fitWithActivationEnergy(tau_s: ref(20), ea_kJ_mol: 20, lnVariance: 0.01, eaVariance: 4, fitted_C: 100),
                    "B": Self.fitWithActivationEnergy(tau_s: ref(45), ea_kJ_mol: 45, lnVariance: 0.01, eaVariance: 4, fitted_C: 100)]
        let f = try #require(FallbackPrior.crossStudyElectrode(key, electrolyte: e, siblings: siblings, cathodes: cathodes, fits: fits,
                                                               temperature_C: 30))
        let ea = lfp.diffusionActivationEnergy_J_mol / 1000
        let expected = at100 * exp(ea * 1000 / Physical.gas * (1 / 303.15 - 1 / 373.15))
        #expect(abs(Self.tau(f.centre, ea_kJ_mol: ea, at: 30) / expected - 1) < 1e-9)
        #expect(f.source.contains("a 0.50, b 0.50"))
        #expect(f.prior.spread == FallbackPrior.crossStudySpreadFloor["diffusion_time_s"])
    }

    /// The combination of a prior with a weak fit, by hand: a lognormal prior 1e4 ×/÷ 2 and a fit 2e4 with
    /// ln-variance 3 (ln 2)² give weight 1/4 to the fit, centre 1e4·2^(1/4) and ×/÷ 2^√0.75; a normal prior 0.45 ± 0.2
    /// and a fit 0.8 with variance 0.04 (or its ln-variance 0.0625, the same at 0.8) give 0.625 ± 0.2/√2. A diffusion
    /// time is combined where the prediction is: the fit's τ_s at 60 °C over e's factor there.
    @Test func aWeakFitCombinesWithItsPriorByPrecision() throws {
        let e = try Self.twin("E", study: "mine", tau_s: 5e3)
        let ln2 = log(2.0)
        let logPrior = FallbackPrior(centre: 1e4, prior: ParameterPrior(kind: .lognormal, spread: 2), source: "p")
        let key = "aging.contact_loss_per_cycle"
        let a = try #require(ParameterUncertainty.combining(logPrior, withFit: .init(valueAt: 2e4, variance: 3 * ln2 * ln2, transform: .log),
                                                            key: key, of: e, cathodes: [:], temperature_C: nil))
        #expect(abs(a.centre / (1e4 * pow(2, 0.25)) - 1) < 1e-12)
        #expect(a.prior.kind == .lognormal && abs(log(a.prior.spread) - 0.75.squareRoot() * ln2) < 1e-12)
        #expect(a.source.contains("weight 0.25"))
        let normalPrior = FallbackPrior(centre: 0.45, prior: ParameterPrior(kind: .normal, spread: 0.2), source: "p")
        for fit in [ParameterUncertainty.WeakFit(valueAt: 0.8, variance: 0.04, transform: .linear),
                    ParameterUncertainty.WeakFit(valueAt: 0.8, variance: 0.0625, transform: .log)] {
            let b = try #require(ParameterUncertainty.combining(normalPrior, withFit: fit, key: "transport.transference_number", of: e,
                                                                cathodes: [:], temperature_C: nil))
            #expect(abs(b.centre - 0.625) < 1e-12 && b.prior.kind == .normal && abs(b.prior.spread - 0.2 / 2.0.squareRoot()) < 1e-12)
        }
        let cathodes = try Self.lfp()
        let ea = try #require(cathodes["LFP"]).diffusionActivationEnergy_J_mol / 1000
        let factor = Self.tau(1, ea_kJ_mol: ea, at: 60)
        let c = try #require(ParameterUncertainty.combining(logPrior, withFit: .init(valueAt: 2e4 * factor, variance: 3 * ln2 * ln2, transform: .log),
                                                            key: "electrodes.LFP.diffusion_time_s", of: e, cathodes: cathodes, temperature_C: 60))
        #expect(abs(c.centre / (1e4 * pow(2, 0.25)) - 1) < 1e-9)
    }

    /// A VFT law's B recovered from its own apparent activation energy (DOMAIN B 2.1: E_app = R·[B·T²/(T − T₀)² − T/2]
    /// for the T^(−1/2) prefactor form the law uses), at several temperatures and B.
    @Test func vftPseudoActivationInvertsTheApparentActivationEnergy() {
        for (b, t0, t) in [(875.0, 173.15, 303.15), (1500, 200, 350), (400, 150, 250)] {
            let law = ConductivityLaw.vft(sigmaRef_S_m: 1e-2, referenceTemperature_K: 298.15, pseudoActivation_K: b, idealGlassTemperature_K: t0)
            let eApp = law.apparentActivationEnergy_J_mol(at: t)
            let back = FallbackPrior.vftPseudoActivation_K(apparentActivationEnergy_J_mol: eApp, at: t, idealGlassTemperature_K: t0)
            #expect(abs(back / b - 1) < 1e-6, "B \(b) K at \(t) K: \(back)")
        }
    }

    /// A refit's neutral start for a key its set-up leaves without a prior, start or range, from outside the
    /// electrolyte's own fit: σ from the family's siblings, t₊ and the calendar growth from the family defaults, an
    /// Arrhenius E_a as the siblings' mean, a VFT B from the single-ion siblings' apparent activation energy.
    @Test func neutralStartsComeFromOutsideTheFit() throws {
        let siblings = try Fixtures.models.electrolyteIDs.map { try Fixtures.models.electrolyte($0) }
        var cathodes: [String: Cathode] = [:]
        for id in Fixtures.models.cathodeIDs { cathodes[id] = try Fixtures.models.cathode(id) }
        let he = try Fixtures.models.electrolyte("HE-PEIgPHE")
        let setup = FitSetup(evaluating: he.id, defaultTemperature_C: nil)
        func start(_ key: String, _ e: Electrolyte) -> Double? {
            FallbackPrior.neutralStart(key, setup: setup, electrolyte: e, cathodes: cathodes, siblings: siblings)
        }
        #expect(start("transport.transference_number", he) == 0.3)
        #expect(start("aging.sei_calendar_growth_ohm2_cm4_h", he) == 10)
        let sigma = try #require(FallbackPrior.siblingConductivity(he, siblings: siblings))
        #expect(start("conductivity.sigma_S_cm", he) == sigma.centre)
        // E_a: the polymer siblings' (PHE, PPSE) geometric mean, not HE-PEIgPHE's own.
        let others = siblings.filter { $0.family == "polymer" && $0.id != he.id }
        let ea = exp(others.compactMap { ParameterUncertainty.value("conductivity.activation_energy_kJ_mol", of: $0) }.map(log).reduce(0, +)
                     / Double(others.count))
        #expect(others.count >= 2)
        #expect(abs(try #require(start("conductivity.activation_energy_kJ_mol", he)) / ea - 1) < 1e-12)
        // VFT B of the single-ion LiPMCE-0.16: its siblings are Arrhenius; the B whose apparent E_a at T_ref is theirs.
        let li = try Fixtures.models.electrolyte("LiPMCE-0.16")
        guard case let .vft(_, tRef, _, t0) = li.conductivity else { Issue.record("LiPMCE-0.16 is not VFT"); return }
        let b = try #require(start("conductivity.vft_B_K", li))
        var moved = li
        moved.conductivity = .vft(sigmaRef_S_m: 1e-2, referenceTemperature_K: tRef, pseudoActivation_K: b, idealGlassTemperature_K: t0)
        let single = siblings.filter { $0.family == "single-ion" && $0.id != li.id }
        let eApp = exp(single.map { log($0.conductivity.apparentActivationEnergy_J_mol(at: tRef)) }.reduce(0, +) / Double(single.count))
        #expect(abs(moved.conductivity.apparentActivationEnergy_J_mol(at: tRef) / eApp - 1) < 1e-6)
    }
}
