import Foundation

/// The prior a free parameter returns to when a fit has no data for it (DOMAIN B §9). A refit that leaves out every
/// row a parameter rests on cannot move it: it would stay at the start value, the calibrated one, which saw the rows
/// left out, with no spread. It takes its prior's centre and spread instead, looked up in this order:
/// 1. the fit set-up's own prior (`[[free]]` `prior` with `prior_factor` or `prior_sd`);
/// 2. the electrolyte family's default with its prior (``ElectrolyteFamilyDefaults``, t₊'s per-family Bruce–Vincent
///    prior among them); for σ at the reference
///    temperature (`conductivity.sigma_S_cm`), which has no family default, the family's shipped siblings' σ at that
///    temperature (``siblingConductivity(_:siblings:)``);
/// 3. for a study's electrode (`electrodes.<cathode>.<leaf>`), the same cathode material's electrodes in the other
///    studies' shipped models (``crossStudyElectrode(_:electrolyte:siblings:cathodes:fits:temperature_C:)``), then the
///    cathode file's `[literature]` range read as a 95 % interval (lognormal for a positive range: centre √(min·max),
///    spread (max/min)^(1/(2·1.96))).
/// A key with none of these stays at its value and is reported as undetermined.
public struct FallbackPrior: Sendable, Equatable {
    /// The prior's centre, lab unit of the key.
    public var centre: Double
    public var prior: ParameterPrior
    public var source: String

    /// The least spread of a sibling prior on σ, ×/÷ at one standard deviation: two or three siblings estimate their
    /// own scatter poorly (assumed; li2022's CMP-MMT and CMP-VAMMT, the same gel in two frames, differ by a factor
    /// 2.2 at 25 °C, a geometric standard deviation of ×/÷ 1.7).
    public static let siblingConductivitySpreadFloor = 2.0

    /// - Parameter siblings: the shipped electrolytes (those of `e`'s family other than `e` carry σ).
    /// - Parameter temperature_C: where the prediction that needs the prior is made (a left-out condition's
    ///   temperature); it places the cross-study comparison of electrode diffusion times (nil: the cathode's
    ///   reference temperature).
    /// - Parameter fits: the siblings' calibrations by electrolyte id, which weigh the cross-study comparison.
    public static func lookUp(_ key: String, setup: FitSetup, electrolyte e: Electrolyte, cathodes: [String: Cathode],
                              siblings: [Electrolyte] = [], fits: [String: SiblingFit] = [:],
                              temperature_C: Double? = nil) -> FallbackPrior? {
        if let f = setup.free.first(where: { $0.key.key == key }), let centre = f.prior {
            if let factor = f.priorFactor {
                return FallbackPrior(centre: centre, prior: ParameterPrior(kind: .lognormal, spread: factor), source: "the fit set-up's prior")
            }
            if let sd = f.priorSD {
                return FallbackPrior(centre: centre, prior: ParameterPrior(kind: .normal, spread: sd), source: "the fit set-up's prior")
            }
        }
        if let d = ElectrolyteFamilyDefaults.value(key, family: e.family), let p = d.prior, d.value.isFinite {
            return FallbackPrior(centre: d.value, prior: p, source: d.label)
        }
        if key == "conductivity.sigma_S_cm", let f = siblingConductivity(e, siblings: siblings) { return f }
        if let f = crossStudyElectrode(key, electrolyte: e, siblings: siblings, cathodes: cathodes, fits: fits,
                                       temperature_C: temperature_C) {
            return f
        }
        if let (id, leaf) = FitParameterRegistry.electrodeKeyParts(key), let range = cathodes[id]?.literatureRanges[leaf] {
            return literature(range, cathode: id)
        }
        return nil
    }

    /// A start for a refit's free key that no shipped fit of `e` has seen (``LeaveConditionOut/neutralStarts(_:electrolyte:cathodes:siblings:)``),
    /// for a key whose set-up gives no prior, start or range, in order:
    /// 1. the centre of its fallback prior (``lookUp(_:setup:electrolyte:cathodes:siblings:fits:temperature_C:)``: the
    ///    family default, the family's siblings' σ at the reference temperature, the other studies' electrodes, the
    ///    cathode's literature range);
    /// 2. the mean of the key over `e`'s family siblings that have it (each calibrated on its own rows; geometric for
    ///    positive values, whose keys are fitted in ln): an activation energy, a VFT B, a time to short;
    /// 3. for a VFT B no sibling has (their laws are Arrhenius), the B that gives `e`'s law the siblings' mean apparent
    ///    activation energy at `e`'s reference temperature (``vftPseudoActivation_K(apparentActivationEnergy_J_mol:at:idealGlassTemperature_K:)``);
    /// 4. the family default's value where it has no prior (a convention, if finite).
    /// nil when none exists: the key keeps the model file's value.
    public static func neutralStart(_ key: String, setup: FitSetup, electrolyte e: Electrolyte, cathodes: [String: Cathode],
                                    siblings: [Electrolyte]) -> Double? {
        if let f = lookUp(key, setup: setup, electrolyte: e, cathodes: cathodes, siblings: siblings), f.centre.isFinite {
            return f.centre
        }
        let family = siblings.filter { $0.family == e.family && $0.id != e.id }
        func mean(_ xs: [Double]) -> Double? {
            guard !xs.isEmpty else { return nil }
            let n = Double(xs.count)
            return xs.allSatisfy({ $0 > 0 }) ? exp(xs.reduce(0) { $0 + log($1) } / n) : xs.reduce(0, +) / n
        }
        if let k = FitParameterRegistry.key(key), let x = mean(family.compactMap { k.get($0) }.filter(\.isFinite)) { return x }
        if key == "conductivity.vft_B_K", case let .vft(_, tRef_K, _, t0_K) = e.conductivity,
           let eApp = mean(family.filter { $0.conductivity.lowestDefinedTemperature_K < tRef_K }
               .map { $0.conductivity.apparentActivationEnergy_J_mol(at: tRef_K) }.filter { $0.isFinite && $0 > 0 }) {
            return vftPseudoActivation_K(apparentActivationEnergy_J_mol: eApp, at: tRef_K, idealGlassTemperature_K: t0_K)
        }
        if let d = ElectrolyteFamilyDefaults.value(key, family: e.family), d.value.isFinite { return d.value }
        return nil
    }

    /// The VFT pseudo-activation B (K) of σ = A·T^(−1/2)·exp[−B/(T − T₀)] whose apparent activation energy at T is
    /// E_app: E_app = R·[B·T²/(T − T₀)² − T/2] (DOMAIN B 2.1), so B = (E_app/R + T/2)·(T − T₀)²/T².
    static func vftPseudoActivation_K(apparentActivationEnergy_J_mol eApp: Double, at t_K: Double, idealGlassTemperature_K t0_K: Double) -> Double {
        (eApp / Physical.gas + t_K / 2) * (t_K - t0_K) * (t_K - t0_K) / (t_K * t_K)
    }

    /// A cathode's `[literature]` range read as a 95 % interval: lognormal for a positive range (centre √(min·max),
    /// spread (max/min)^(1/(2·1.96))), else normal.
    static func literature(_ range: ClosedRange<Double>, cathode: String) -> FallbackPrior {
        let z = 1.959963984540054, source = "the \(cathode) literature range as a 95 % interval"
        if range.lowerBound > 0 {
            return FallbackPrior(centre: (range.lowerBound * range.upperBound).squareRoot(),
                                 prior: ParameterPrior(kind: .lognormal, spread: pow(range.upperBound / range.lowerBound, 1 / (2 * z))),
                                 source: source)
        }
        return FallbackPrior(centre: (range.lowerBound + range.upperBound) / 2,
                             prior: ParameterPrior(kind: .normal, spread: (range.upperBound - range.lowerBound) / (2 * z)), source: source)
    }

    /// σ (S/cm) at `e`'s conductivity reference temperature from its family's siblings (the shipped electrolytes of
    /// the same family, each calibrated on its own rows, none on `e`'s): the geometric mean of their σ(T_ref),
    /// lognormal ×/÷ their geometric standard deviation, at least ``siblingConductivitySpreadFloor``. A carbonate gel
    /// conducts as its liquid and a PEO composite as its PEO phase (DOMAIN B 2.1), so the family is the first guess
    /// for a σ the remaining rows do not fix. nil without a sibling whose law is defined at T_ref.
    public static func siblingConductivity(_ e: Electrolyte, siblings: [Electrolyte]) -> FallbackPrior? {
        guard let tRef_C = ParameterUncertainty.value("conductivity.reference_temperature_C", of: e), tRef_C.isFinite else { return nil }
        let t_K = tRef_C + 273.15
        let family = siblings.filter { $0.family == e.family && $0.id != e.id && $0.conductivity.lowestDefinedTemperature_K < t_K }
        let named = family.map { ($0.id, log($0.conductivity.sigma_S_m(at: t_K) / 100)) }.filter { $0.1.isFinite }
        guard let (mean, spread) = geometricMean(named.map(\.1), floor: siblingConductivitySpreadFloor) else { return nil }
        let source = String(format: "the %@ family's σ at %g °C from its siblings %@ (geometric mean ×/÷ %.2g)", e.family, tRef_C,
                            named.map(\.0).sorted().joined(separator: ", "), spread)
        return FallbackPrior(centre: exp(mean), prior: ParameterPrior(kind: .lognormal, spread: spread), source: source)
    }

    /// The mean of `logs` and their scatter as a ×/÷ factor (exp of their sample standard deviation), at least
    /// `floor`; nil for none.
    static func geometricMean(_ logs: [Double], floor: Double) -> (mean: Double, spread: Double)? {
        guard !logs.isEmpty else { return nil }
        let n = Double(logs.count), mean = logs.reduce(0, +) / n
        let sd = logs.count > 1 ? (logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot() : 0
        return (mean, max(exp(sd), floor))
    }

    /// The least spread of a cross-study electrode prior by electrode leaf, ×/÷ at one standard deviation: two to
    /// four studies estimate their own scatter poorly, and one cathode material differs between studies' powders
    /// and electrodes even where their fits agree.
    /// - `diffusion_time_s`: ×/÷ 2. τ_s = R_p²/D_s, so ×/÷ √2 in particle radius between suppliers' carbon-coated
    ///   LFP powders (0.2–1 µm in lab electrodes, Models/cathodes/LFP.toml [literature]) is ×/÷ 2 in τ_s [assumed
    ///   spread]; the shipped LFP fits scatter by ×/÷ 1.6 (li2022, cheng2023, ye2024), ×/÷ 2.6–3.6 with gao2024
    ///   (at 60 and 30 °C).
    /// - `diffusion_activation_energy_kJ_mol`: ×/÷ 1.2, about ±7 kJ/mol at 35 kJ/mol: the spread of the cathode's
    ///   literature range read as a 95 % interval as it stood at 20–45 kJ/mol ((45/20)^(1/3.92) = 1.23; 1.31 for
    ///   today's 20–58).
    /// - `specific_capacity_mAh_g`: ×/÷ 1.03, about ±5 mAh/g: practical LFP 150–160 mAh/g at 0.1–0.5C against
    ///   169.9 theoretical (DOMAIN B 1.1); carbon content and particle size move it by that much between studies.
    /// Leaves not listed (a lumped areal exchange current, a porosity) depend on the electrode's loading and make-up
    /// more than on the material and take no cross-study prior.
    public static let crossStudySpreadFloor: [String: Double] = [
        "diffusion_time_s": 2.0, "diffusion_activation_energy_kJ_mol": 1.2, "specific_capacity_mAh_g": 1.03,
    ]

    /// What a shipped electrolyte's calibration says about its own parameters: its model file's fit covariance
    /// (``FitCovarianceFile``) and the temperature its full-cell rows centre on
    /// (``CalibratedRange/fittedTemperature_K(points:setup:electrolyte:)``; nil without a fit set-up or full-cell row).
    public struct SiblingFit: Sendable {
        public var uncertainty: ParameterUncertainty
        public var fittedTemperature_K: Double?

        public init(uncertainty: ParameterUncertainty, fittedTemperature_K: Double?) {
            self.uncertainty = uncertainty
            self.fittedTemperature_K = fittedTemperature_K
        }
    }

    /// A study's electrode parameter (`electrodes.<cathode>.<leaf>`) from the same cathode material's electrodes in
    /// the other studies' shipped models: one shared parameter set per cathode material where the data allow (issue
    /// 13), before the 4-decade literature range. One estimate per other study (a study's electrolytes share or
    /// borrow one electrode, `electrodes_from`: a fitted one before a borrowed or assumed copy, then the one its fit
    /// determines best; `e`'s own study is left out, its
    /// models saw the rows a refit leaves out); only values a study's model sets itself (a fit), not the cathode
    /// file's assumed ones. nil without such a study, for a leaf without a floor, or when the spread is as wide as
    /// the literature range's (which is then the better statement).
    ///
    /// Each study's estimate y_i = ln x_i has a variance v_i (``studyVariance(_:of:fit:cathode:at:)``): its fit's, and
    /// for a diffusion time the extrapolation from the temperatures its rows ran at
    /// (``studyDiffusionTime(_:of:fit:cathode:at:)``). The studies combine as a
    /// random-effects meta-analysis (DerSimonian & Laird, Controlled Clinical Trials 7 (1986) 177,
    /// ``randomEffects(_:)``): weights w_i = 1/(v_i + τ²) with the between-study variance τ² estimated from the
    /// studies' scatter, centre exp(Σw_i·y_i/Σw_i). `e`'s electrode is a new study's, so the prior's spread is the
    /// predictive one for a new study, exp √(τ² + 1/Σw_i) (Higgins, Thompson & Spiegelhalter, J. R. Stat. Soc. A 172
    /// (2009) 137), at least ``crossStudySpreadFloor``. A study known poorly where the prediction is made (a τ_s
    /// carried far from its rows with an uncertain activation energy) weighs less; when the studies disagree by
    /// more than their variances allow, τ² grows and the weights even out.
    ///
    /// Diffusion times are compared at `temperature_C`, the temperature of the prediction the prior is for, not at
    /// the cathode's 25 °C reference: each study's τ_s is known where its cells ran (li2022 at 30 °C, cheng2023 and
    /// ye2024 at 60 °C, gao2024 at 60–120 °C). Each study's τ_s is carried from there with the material's activation
    /// energy, the cathode's, shared by all studies (a study's own fitted one is that cell's, not the material's); the prior's centre
    /// returns to `e`'s reference temperature through `e`'s activation energy (a reverted one first,
    /// ``ParameterUncertainty/revertingUndetermined(_:setup:cathodes:siblings:fits:temperature_C:)``), so `e`'s τ_s
    /// at `temperature_C` is the studies' combined one there whatever `e`'s activation energy. Activation energies
    /// and capacities are compared as they are (no temperature).
    /// - Parameter fits: the siblings' calibrations by electrolyte id (``SiblingFit``); a sibling without one has the
    ///   default variance (``unfittedLogVariance(_:)``) and no extrapolation term.
    public static func crossStudyElectrode(_ key: String, electrolyte e: Electrolyte, siblings: [Electrolyte],
                                           cathodes: [String: Cathode], fits: [String: SiblingFit] = [:],
                                           temperature_C: Double? = nil) -> FallbackPrior? {
        guard let (id, leaf) = FitParameterRegistry.electrodeKeyParts(key), let cathode = cathodes[id],
              let floor = crossStudySpreadFloor[leaf] else { return nil }
        let isTime = leaf == "diffusion_time_s"
        let t_K = temperature_C.map { $0 + Physical.zeroCelsius } ?? cathode.diffusionReferenceTemperature_K
        var byStudy: [String: (y: Double, v: Double, fitted: Bool)] = [:]
        for s in siblings where s.study != e.study {
            guard let own = s.referenceCell.electrodes[id], let x = ParameterUncertainty.value(key, of: s), x > 0 else { continue }
            let (y, v) = isTime ? studyDiffusionTime(key, of: s, fit: fits[s.id], cathode: cathode, at: t_K)
                : (log(x), studyVariance(key, of: s, fit: fits[s.id], cathode: cathode, at: t_K))
            guard y.isFinite, v.isFinite, v > 0 else { return nil }
            // A study's fitted electrode speaks for it before a sibling's borrowed or assumed copy, whose default
            // variance (``unfittedLogVariance(_:)``) knows nothing of where the study's rows fixed the value.
            let fitted = fits[s.id]?.uncertainty.parameters.contains { $0.key == key && $0.origin == .fit } ?? false
            if let b = byStudy[s.study], b.fitted && !fitted || (b.fitted == fitted && b.v <= v) { continue }
            byStudy[s.study] = (y, v, fitted)
        }
        let studies = byStudy.keys.sorted()
        guard let r = randomEffects(studies.map { (byStudy[$0]!.y, byStudy[$0]!.v) }) else { return nil }
        let spread = max(exp((r.tau2 + r.standardError2).squareRoot()), floor)
        if let range = cathode.literatureRanges[leaf], case let l = literature(range, cathode: id),
           l.prior.kind == .lognormal, spread >= l.prior.spread { return nil }
        var centre = exp(r.mean)
        var at = ""
        if isTime {
            // τ_s,ref = τ_s(T)·f(T) with e's own activation energy: e's unit-τ_s electrode gives 1/f(T).
            var unit = e.referenceCell.electrodes[id] ?? ElectrodeOverrides()
            unit.diffusionTime_s = 1
            centre /= unit.applied(to: cathode).diffusionTime_s(at: t_K)
            at = String(format: " at %g °C", t_K - Physical.zeroCelsius)
        }
        let total = r.weights.reduce(0, +)
        let weights = zip(studies, r.weights).map { String(format: "%@ %.2f", $0, $1 / total) }.joined(separator: ", ")
        let source = String(format: "the %@ electrodes of the other studies%@ (random-effects weights %@; ×/÷ %.2g)", id, at,
                            weights, spread)
        return FallbackPrior(centre: centre, prior: ParameterPrior(kind: .lognormal, spread: spread), source: source)
    }

    /// The DerSimonian–Laird random-effects combination of estimates y_i with within-study variances v_i
    /// (DerSimonian & Laird, Controlled Clinical Trials 7 (1986) 177): fixed-effect weights w_i = 1/v_i and mean
    /// ȳ = Σw_i·y_i/Σw_i, heterogeneity Q = Σw_i(y_i − ȳ)², between-study variance
    /// τ² = max(0, (Q − (k − 1))/(Σw_i − Σw_i²/Σw_i)), then weights w*_i = 1/(v_i + τ²), mean Σw*_i·y_i/Σw*_i and its
    /// variance 1/Σw*_i. nil for no estimate.
    static func randomEffects(_ estimates: [(y: Double, v: Double)])
        -> (mean: Double, tau2: Double, standardError2: Double, weights: [Double])? {
        guard !estimates.isEmpty else { return nil }
        let w = estimates.map { 1 / $0.v }, sw = w.reduce(0, +)
        let fixed = zip(w, estimates).reduce(0) { $0 + $1.0 * $1.1.y } / sw
        let q = zip(w, estimates).reduce(0) { $0 + $1.0 * ($1.1.y - fixed) * ($1.1.y - fixed) }
        let c = sw - w.reduce(0) { $0 + $1 * $1 } / sw
        let tau2 = c > 0 ? max(0, (q - Double(estimates.count - 1)) / c) : 0
        let ws = estimates.map { 1 / ($0.v + tau2) }, sws = ws.reduce(0, +)
        let mean = zip(ws, estimates).reduce(0) { $0 + $1.0 * $1.1.y } / sws
        return (mean, tau2, 1 / sws, ws)
    }

    /// One study's ln τ_s at `t_K` (K) with its variance, the electrode read as one material whose solid diffusion
    /// has one activation energy (DOMAIN A5: τ_s = R_p²/D_s, the particle radius the study's, D_s(T) the material's).
    /// The study's rows fix τ_s where they ran, about its fitted temperature T_fit (``SiblingFit/fittedTemperature_K``);
    /// the cathode's activation energy E_a (``Cathode/diffusionActivationEnergy_J_mol``) carries it from there, with
    /// the variance of the cathode's `[literature]` range read as a 95 % interval (``materialActivationEnergyVariance(_:)``):
    ///   y = ln τ_s(T_fit) + (E_a/R)(1/T − 1/T_fit),   v = Var_fit[ln τ_s(T_fit)] + Var[E_a]·((1/T − 1/T_fit)/R)².
    /// A study's own fitted activation energy is not carried: rows at one cell's temperatures fix it together with
    /// whatever else changes with temperature in that cell (gao2024's, 49 kJ/mol against its literature prior, takes up
    /// a 60 °C loss its cell shows and no other study's LFP cell can test, Calibration/ANP-C-2.0K/fit.toml), not the
    /// material's D_s(T); its
    /// τ_s at T_fit, where the rows are, carries its fit covariance with τ_s (``studyVariance(_:of:fit:cathode:at:)``).
    /// Without a fitted temperature (no calibration): τ_s at `t_K` by the study's own law with
    /// ``studyVariance(_:of:fit:cathode:at:)``.
    static func studyDiffusionTime(_ key: String, of s: Electrolyte, fit: SiblingFit?, cathode: Cathode,
                                   at t_K: Double) -> (y: Double, v: Double) {
        guard let own = s.referenceCell.electrodes[cathode.id]?.applied(to: cathode) else { return (.nan, .nan) }
        guard let tFit_K = fit?.fittedTemperature_K else {
            return (log(own.diffusionTime_s(at: t_K)), studyVariance(key, of: s, fit: fit, cathode: cathode, at: t_K))
        }
        let slope = 1000 / Physical.gas * (1 / t_K - 1 / tFit_K)
        let y = log(own.diffusionTime_s(at: tFit_K)) + cathode.diffusionActivationEnergy_J_mol / 1000 * slope
        return (y, studyVariance(key, of: s, fit: fit, cathode: cathode, at: tFit_K) + materialActivationEnergyVariance(cathode) * slope * slope)
    }

    /// Var[E_a] (kJ/mol)² of the cathode's solid-diffusion activation energy: its `[literature]` range read as a 95 %
    /// interval (``literature(_:cathode:)``, lognormal) at the cathode's value, else ×/÷ ``crossStudySpreadFloor``.
    static func materialActivationEnergyVariance(_ cathode: Cathode) -> Double {
        let prior = cathode.literatureRanges["diffusion_activation_energy_kJ_mol"].map { literature($0, cathode: cathode.id).prior }
            ?? ParameterPrior(kind: .lognormal, spread: crossStudySpreadFloor["diffusion_activation_energy_kJ_mol"] ?? 1.2)
        return ParameterUncertainty.variance(prior, transform: .linear, at: cathode.diffusionActivationEnergy_J_mol / 1000)
    }

    /// The variance of ln x for one study's electrode value `key` at `t_K` (K; used for a diffusion time only):
    /// - the study's fit variance of the key (in ln: a linear coordinate's divided by x²); for a diffusion time fitted
    ///   with its activation energy, that of ln τ_s(T) from both and their covariance
    ///   (``ParameterUncertainty/fitVariance(_:cathodes:temperature_C:)``), small about the rows' mean 1/T, T_fit, where
    ///   ``studyDiffusionTime(_:of:fit:cathode:at:)`` reads it;
    /// - else (no fit covariance of the key: an assumed or borrowed value) ``unfittedLogVariance(_:)``.
    static func studyVariance(_ key: String, of s: Electrolyte, fit: SiblingFit?, cathode: Cathode, at t_K: Double) -> Double {
        let leaf = key.split(separator: ".").last.map(String.init) ?? key
        let u = fit?.uncertainty
        let eaKey = key.replacingOccurrences(of: ".diffusion_time_s", with: ".diffusion_activation_energy_kJ_mol")
        func fitted(_ k: String) -> Int? {
            u?.parameters.firstIndex { $0.key == k && $0.origin == .fit }.flatMap { i in u!.covariance[i][i].isFinite ? i : nil }
        }
        guard let u, let k = fitted(key) else { return unfittedLogVariance(leaf) }
        let p = u.parameters[k]
        let v = leaf == "diffusion_time_s" && fitted(eaKey) != nil
            ? u.fitVariance(k, cathodes: [cathode.id: cathode], temperature_C: t_K - Physical.zeroCelsius)
            : (p.transform == .log ? u.covariance[k][k] : u.covariance[k][k] / (p.value * p.value))
        return v.isFinite && v >= 0 ? v : unfittedLogVariance(leaf)
    }

    /// The variance of ln x for a study's electrode value without a fit covariance (assumed, or a model without a
    /// calibration), by leaf: that of the leaf's ``crossStudySpreadFloor`` read as one standard deviation, (ln f)²
    /// (assumed: such a value is known no better than one material's values across studies).
    static func unfittedLogVariance(_ leaf: String) -> Double {
        pow(log(crossStudySpreadFloor[leaf] ?? 2), 2)
    }
}

extension ParameterUncertainty {
    /// Each undetermined key with a ``FallbackPrior`` moves to the prior's centre in `e` and joins the uncertainty
    /// with the prior's spread; the keys without one stay undetermined. Returns the keys that reverted.
    /// Electrode activation energies revert first: a diffusion time's cross-study prior is carried to `e`'s reference
    /// temperature with `e`'s activation energy (``FallbackPrior/crossStudyElectrode(_:electrolyte:siblings:cathodes:fits:temperature_C:)``).
    /// A fitted key the remaining rows determine less well than its fallback prior does (a fit variance above the
    /// prior's, in the key's transform coordinate; a set-up prior is part of the fit already) counts as undetermined too: the rows left out were what fixed it, and what is
    /// left (CMP-VAMMT's 60 °C Coulombic efficiency for its LFP diffusion time once the 30 °C rates are out) lets
    /// the refit slide along a flat valley to a value no data support. Such a key takes its prior combined with its
    /// fit (``combining(_:withFit:key:of:cathodes:temperature_C:)``): a fit that says little moves the prior little,
    /// one nearly as good as the prior counts nearly half. An electrode activation energy that reverts
    /// while its diffusion time stays fitted keeps τ_s at `temperature_C`
    /// (``diffusionTimeHeld(at:revertingActivationEnergy:of:cathodes:fitted:)``).
    public mutating func revertingUndetermined(_ e: inout Electrolyte, setup: FitSetup, cathodes: [String: Cathode],
                                               siblings: [Electrolyte] = [], fits: [String: FallbackPrior.SiblingFit] = [:],
                                               temperature_C: Double? = nil) -> [String] {
        // The weak keys' fits where the prediction is made: (coordinate, variance), combined with the prior below.
        var weakFits: [String: WeakFit] = [:]
        let weak = parameters.indices.compactMap { k -> String? in
            let p = parameters[k]
            // A set-up prior is already in the fit (its variance is the posterior's).
            guard p.origin == .fit, !setup.free.contains(where: { $0.key.key == p.key && $0.prior != nil }),
                  let f = FallbackPrior.lookUp(p.key, setup: setup, electrolyte: e, cathodes: cathodes, siblings: siblings,
                                               fits: fits, temperature_C: temperature_C) else { return nil }
            let v = fitVariance(k, cathodes: cathodes, temperature_C: temperature_C)
            guard v > Self.variance(f.prior, transform: p.transform, at: p.value) else { return nil }
            let factor = Self.diffusionFactor(p.key, of: e, cathodes: cathodes, temperature_C: temperature_C) ?? 1
            weakFits[p.key] = WeakFit(valueAt: p.value * factor, variance: v, transform: p.transform)
            return p.key
        }
        if !weak.isEmpty {
            self = filtered { !weak.contains($0.key) }
            undetermined += weak
        }
        var priors: [String: ParameterPrior] = [:]
        let first = undetermined.filter { FitParameterRegistry.electrodeKeyParts($0)?.leaf == "diffusion_activation_energy_kJ_mol" }
        for key in first + undetermined.filter({ !first.contains($0) }) {
            guard var f = FallbackPrior.lookUp(key, setup: setup, electrolyte: e, cathodes: cathodes, siblings: siblings,
                                               fits: fits, temperature_C: temperature_C),
                  Self.value(key, of: e) != nil else { continue }
            if let fit = weakFits[key],
               let c = Self.combining(f, withFit: fit, key: key, of: e, cathodes: cathodes, temperature_C: temperature_C) {
                f = c
            }
            guard Self.inDomain(key, f.centre) else { continue }
            let keep = Self.diffusionTimeHeld(at: temperature_C, revertingActivationEnergy: key, of: e, cathodes: cathodes,
                                              fitted: parameters.map(\.key))
            Self.set(key, f.centre, &e)
            if let keep {
                keep(&e)
                let tau = key.replacingOccurrences(of: "diffusion_activation_energy_kJ_mol", with: "diffusion_time_s")
                if let i = parameters.firstIndex(where: { $0.key == tau }), let v = Self.value(tau, of: e) { parameters[i].value = v }
            }
            guard let v = Self.value(key, of: e), abs(v - f.centre) <= 1e-9 * max(abs(f.centre), 1e-300) else { continue }
            priors[key] = f.prior
        }
        undetermined.removeAll { priors[$0] != nil }
        self = addingPriors(priors, electrolyte: e)
        return priors.keys.sorted()
    }

    /// What the remaining rows say about a key they fix less well than its fallback prior: its fitted value where the
    /// prediction is made (a diffusion time's τ_s at the prediction's temperature, so that an activation energy that
    /// reverts first leaves it there), its fit variance and the transform that variance is in.
    struct WeakFit {
        var valueAt: Double
        var variance: Double
        var transform: FitTransform
    }

    /// τ_s(T)/τ_s,ref of `e`'s electrode for a diffusion-time key (`electrodes.<cathode>.diffusion_time_s`) with `e`'s
    /// activation energy, T = `temperature_C` (nil: the cathode's reference, factor 1); nil for any other key.
    static func diffusionFactor(_ key: String, of e: Electrolyte, cathodes: [String: Cathode], temperature_C: Double?) -> Double? {
        guard let (id, leaf) = FitParameterRegistry.electrodeKeyParts(key), leaf == "diffusion_time_s", let c = cathodes[id] else { return nil }
        var unit = e.referenceCell.electrodes[id] ?? ElectrodeOverrides()
        unit.diffusionTime_s = 1
        return unit.applied(to: c).diffusionTime_s(at: temperature_C.map { $0 + Physical.zeroCelsius } ?? c.diffusionReferenceTemperature_K)
    }

    /// The fallback prior `f` of a key the remaining rows fix less well than `f` does, combined with what they do say
    /// (`fit`): both read as Gaussians in the prior's coordinate (ln x for a lognormal prior, x for a normal one), the
    /// product's centre y = w·y_fit + (1 − w)·y_prior with w = v_prior/(v_fit + v_prior) and variance
    /// v_fit·v_prior/(v_fit + v_prior) (the precision-weighted mean; Gelman et al., Bayesian Data Analysis, 3rd ed.
    /// (2013) §2.5). The rows left out fixed the key; the rows kept still hold some information about it, which
    /// replacing the fit by the prior would throw away. A diffusion time is combined at the prediction's temperature
    /// under `e`'s present activation energy. nil when the fit gives no finite coordinate.
    static func combining(_ f: FallbackPrior, withFit fit: WeakFit, key: String, of e: Electrolyte, cathodes: [String: Cathode],
                          temperature_C: Double?) -> FallbackPrior? {
        let x = fit.valueAt / (diffusionFactor(key, of: e, cathodes: cathodes, temperature_C: temperature_C) ?? 1)
        let lognormal = f.prior.kind == .lognormal
        let vPrior = variance(f.prior, transform: lognormal ? .log : .linear, at: f.centre)
        let vFit: Double
        switch (fit.transform, lognormal) {
        case (.log, true), (.linear, false): vFit = fit.variance
        case (.log, false): vFit = fit.variance * x * x
        case (.linear, true): vFit = fit.variance / (x * x)
        }
        let (yFit, yPrior) = lognormal ? (log(x), log(f.centre)) : (x, f.centre)
        guard yFit.isFinite, yPrior.isFinite, vFit.isFinite, vFit > 0, vPrior > 0 else { return nil }
        let w = vPrior / (vFit + vPrior), v = vFit * vPrior / (vFit + vPrior)
        let y = w * yFit + (1 - w) * yPrior
        return FallbackPrior(centre: lognormal ? exp(y) : y,
                             prior: ParameterPrior(kind: f.prior.kind, spread: lognormal ? exp(v.squareRoot()) : v.squareRoot()),
                             source: f.source + String(format: ", combined with the remaining rows' fit (weight %.2f)", w))
    }

    /// The fit variance of parameter `k` in its transform coordinate; for an electrode's diffusion time fitted with
    /// its activation energy, that of ln τ_s at `temperature_C`, where its cross-study prior is stated:
    /// ln τ_s(T) = ln τ_s,ref + c·E_a with c = (1000/R)(1/T − 1/T_ref), so var = v_ττ + 2c·v_τE + c²·v_EE (c·E_a in
    /// place of c for an E_a fitted in ln; a τ_s,ref extrapolated from 100 °C rows to 25 °C is uncertain there, not
    /// where the rows are).
    func fitVariance(_ k: Int, cathodes: [String: Cathode], temperature_C: Double?) -> Double {
        guard let (id, leaf) = FitParameterRegistry.electrodeKeyParts(parameters[k].key), leaf == "diffusion_time_s",
              parameters[k].transform == .log, let t_C = temperature_C, let c = cathodes[id],
              let j = parameters.firstIndex(where: { $0.key == "electrodes.\(id).diffusion_activation_energy_kJ_mol" })
        else { return covariance[k][k] }
        // d ln τ_s(T)/d(coordinate of E_a): c for a linear E_a, c·E_a for ln E_a.
        let c0 = 1000 / Physical.gas * (1 / (t_C + Physical.zeroCelsius) - 1 / c.diffusionReferenceTemperature_K)
        let slope = parameters[j].transform == .log ? c0 * parameters[j].value : c0
        return covariance[k][k] + 2 * slope * covariance[k][j] + slope * slope * covariance[j][j]
    }

    /// When an electrode's activation energy reverts while its diffusion time stays fitted, the rows fixed τ_s where
    /// they were, not at the reference temperature: the returned step moves τ_s,ref so that τ_s at `temperature_C`
    /// keeps its fitted value under the new activation energy. nil for any other key.
    static func diffusionTimeHeld(at temperature_C: Double?, revertingActivationEnergy key: String, of e: Electrolyte,
                                  cathodes: [String: Cathode], fitted: [String]) -> ((inout Electrolyte) -> Void)? {
        guard let t_C = temperature_C, let (id, leaf) = FitParameterRegistry.electrodeKeyParts(key),
              leaf == "diffusion_activation_energy_kJ_mol", fitted.contains("electrodes.\(id).diffusion_time_s"), let c = cathodes[id],
              let own = e.referenceCell.electrodes[id], own.diffusionTime_s != nil else { return nil }
        let t_K = t_C + Physical.zeroCelsius
        let held = own.applied(to: c).diffusionTime_s(at: t_K)
        return { e in
            guard var o = e.referenceCell.electrodes[id] else { return }
            o.diffusionTime_s = 1
            o.diffusionTime_s = held / o.applied(to: c).diffusionTime_s(at: t_K)
            e.referenceCell.electrodes[id] = o
        }
    }

    /// A prior's variance in a transform coordinate at `value`: (ln f)² for a lognormal ×/÷ f in ln, sd² for a normal
    /// one in the key's unit, each carried to the other coordinate to first order (d ln x = dx/x).
    static func variance(_ prior: ParameterPrior, transform: FitTransform, at value: Double) -> Double {
        switch (prior.kind, transform) {
        case (.lognormal, .log): return pow(log(prior.spread), 2)
        case (.lognormal, .linear): return pow(value * log(prior.spread), 2)
        case (.normal, .linear): return prior.spread * prior.spread
        case (.normal, .log): return pow(prior.spread / value, 2)
        }
    }
}
