import Foundation

extension Section.Domain: @unchecked Sendable {}

/// One number of an electrolyte model file (`Models/electrolytes/<id>.toml`): where it lives in the file, its lab
/// unit and the SI value it becomes, the domain the loader checks, what an absent key means, whether a fit may free
/// it, and what it means. ``ElectrolyteKeys/all`` is the one list that loading (``ElectrolyteFile``), fitting
/// (``FitParameterRegistry``), writing (``ModelFileWriter``) and the key list of `Models/README.md` read.
///
/// `get`/`set` work in the file's lab unit and convert to and from the SI value inside ``Electrolyte``
/// (SI = lab × `scale`, unless the doc text says otherwise).
public struct ElectrolyteKey: Sendable {
    /// What an absent key means.
    public enum Absent: Sendable {
        /// The file must give it.
        case required
        /// `value` (lab unit) with the stated meaning (e.g. 0: an ideal electronic insulator).
        case optional(value: Double, meaning: String)
        /// The family default of ``ElectrolyteFamilyDefaults`` (a labelled prior).
        case familyDefault
    }

    /// TOML table (`conductivity`) and key (`sigma_S_cm`).
    public var table: String
    public var key: String
    /// Lab unit of the file's value, as reports print it ("" for a pure number).
    public var unit: String
    /// The SI unit inside the library and the factor SI = lab × scale (documentation; °C keys add 273.15).
    public var siUnit: String
    public var scale: Double
    public var domain: Section.Domain
    public var absent: Absent
    /// Conductivity keys: the laws that use the key (nil: every electrolyte).
    public var laws: Set<String>?
    /// The domain a fit keeps the value in (nil: not fittable).
    public var fit: (@Sendable (Electrolyte) -> ParameterConstraint)?
    public var get: @Sendable (Electrolyte) -> Double
    public var set: @Sendable (inout Electrolyte, Double) -> Void
    /// Meaning, for Models/README.md (Markdown).
    public var doc: String

    /// `table.key`, the name fit set-ups and reports use.
    public var path: String { "\(table).\(key)" }

    public func applies(toLaw law: String) -> Bool { laws?.contains(law) ?? true }
}

/// The keys of an electrolyte model file. Adding a number to the model file is one entry here (plus its field in
/// ``Electrolyte``); the loader, the fit registry, the writer and Models/README.md follow.
public enum ElectrolyteKeys {
    /// The tables of a model file in the order they are written, with the line written beside the header.
    public static let tables: [(name: String, comment: String)] = [
        ("conductivity", "σ(T), DOMAIN B §2.1"),
        ("transport", "DOMAIN B §2.3–§2.4"),
        ("lithium_interface", "Li | electrolyte, per electrode, DOMAIN B §3"),
        ("cathode_interface", "cathode | electrolyte"),
        ("stability", "anodic stability and electrolyte oxidation, DOMAIN B §5.6"),
        ("short", "damage per plated charge dΦ/dt = A(T)·(J_loc/J_ref)ⁿ/τ_ref + (J_loc/q_c)·(J_loc/J_c(T))ᵐ, J_loc = J_plate/(1 − v); a short when Φ ≥ 1 (DOMAIN A4, B §4.5–4.6)"),
        ("aging", "degradation rates (DOMAIN A4, B §5); each Arrhenius in T about reference_temperature_C"),
        ("reference_cell", "cell format of the study (used when a scenario does not say otherwise)"),
    ]

    /// Plain-text keys (no source): top level, the conductivity law and the reference cell's cathode.
    public static let textKeys: [(table: String?, key: String, doc: String)] = [
        (nil, "id", "identifier, as in `Calibration/seed-measurements.csv`; equals the file name"),
        (nil, "name", "a description a person can read"),
        (nil, "study", "study tag, the `source` column of the measurement table (e.g. `li2022`)"),
        (nil, "family", "`polymer`, `gel`, `single-ion`, `composite` or `ceramic`: chooses the family defaults of keys left out"),
        ("conductivity", "law", "`arrhenius`, `vft`, `two-regime` (Arrhenius amorphous branch) or `two-regime-vft` (VFT amorphous branch): the last two add a crystalline phase below a melting range"),
        ("reference_cell", "cathode", "optional. The cathode the loading refers to; other cathodes use their own default loading"),
    ]

    /// Every numeric key, in file order.
    public static let all: [ElectrolyteKey] = conductivity + transport + interfaces + short + aging + referenceCell

    public static func key(_ path: String) -> ElectrolyteKey? { all.first { $0.path == path } }

    public static func keys(inTable table: String) -> [ElectrolyteKey] { all.filter { $0.table == table } }

    // MARK: - Building blocks

    // Physical ranges (lab units). Every key carries one and the loader checks it (``Section/number(_:_:unit:)``),
    // so a value such as `exponent = 1e308` is refused at load with file:line:key and the limit. The ranges bound
    // what the laws were written for (DOMAIN A2, B), wide enough for every class of Li electrolyte:
    // The single-key ranges below are bounds of the same kind: σ 1e-14…1 S/cm (a pellet of 1e-14 S/cm blocks; the best
    // superionic conductors reach ~0.03), D 1e-22…1e-7 m²/s (glassy polymers to dilute liquids at ~1e-9), L 0.1 µm
    // (thin films)…1 cm (pellets), c₀ 1e-4…100 mol/L (Li⁺ of a ceramic lattice ~40), σ_e ≤ 1e-2 S/cm (beyond it the
    // membrane is a conductor), VFT B 1…1e5 K (polymers 500–2000 K), τ_ref ≤ 1e9 h (or inf: never).
    /// Temperatures of a reference or a range (°C).
    private static let tempC: Section.Domain = .closed(-100...300)
    /// Activation energies (kJ/mol): thermally activated ion transport and interfacial rates lie within 0–250 kJ/mol
    /// (polymer VFT-like apparent E_a reach ~100; DOMAIN B §2.1).
    private static let activationRange: Section.Domain = .closed(0...250)
    /// Activation energies that may be negative (a rate that grows in the cold).
    private static let signedActivation: Section.Domain = .closed(-200...200)
    /// Areal resistances of films and contacts (Ω·cm²): 0 up to 1 MΩ·cm² (a blocking film).
    private static let asr_ohm_cm2: Section.Domain = .closed(0...1e6)
    /// Areal current densities of a law (mA/cm²): the command line's 1e-4…100 mA/cm² widened tenfold above, so a
    /// law's constant may sit beyond the currents a test uses.
    private static let current_mA_cm2: Section.Domain = .closed(1e-4...1e3)
    /// Areal charges of a law (mAh/cm²), `inf` where the key documents it.
    private static let charge_mAh_cm2: Section.Domain = .closedOrInfinite(1e-6...1e4)
    private static let activation: @Sendable (Electrolyte) -> ParameterConstraint = { _ in .bounded(lower: 0, upper: 250) }
    private static let positive: @Sendable (Electrolyte) -> ParameterConstraint = { _ in .positive }

    /// A key stored at `path` as lab × `scale` / `divisor` (in that order, so values round as they always have).
    private static func scalar(_ table: String, _ key: String, _ unit: String, si: String, scale: Double, divisor: Double = 1,
                               _ path: WritableKeyPath<Electrolyte, Double> & Sendable, domain: Section.Domain,
                               absent: ElectrolyteKey.Absent = .required,
                               fit: (@Sendable (Electrolyte) -> ParameterConstraint)? = nil, doc: String) -> ElectrolyteKey {
        let factor = scale / divisor
        return ElectrolyteKey(table: table, key: key, unit: unit, siUnit: si, scale: factor, domain: domain, absent: absent, laws: nil,
                              fit: fit, get: { $0[keyPath: path] / factor }, set: { $0[keyPath: path] = $1 * scale / divisor }, doc: doc)
    }

    /// A temperature in °C stored in kelvin at every one of `paths`.
    private static func celsius(_ table: String, _ key: String, _ paths: [WritableKeyPath<Electrolyte, Double> & Sendable],
                                absent: ElectrolyteKey.Absent = .required, doc: String) -> ElectrolyteKey {
        let first = paths[0]
        return ElectrolyteKey(table: table, key: key, unit: "°C", siUnit: "K", scale: 1, domain: tempC, absent: absent, laws: nil,
                              fit: nil, get: { Units.celsius(kelvin: $0[keyPath: first]) },
                              set: { e, v in for p in paths { e[keyPath: p] = Units.kelvin(celsius: v) } }, doc: doc)
    }

    /// An activation energy in kJ/mol stored in J/mol.
    private static func kJ(_ table: String, _ key: String, _ path: WritableKeyPath<Electrolyte, Double> & Sendable,
                           domain: Section.Domain = activationRange, absent: ElectrolyteKey.Absent = .required,
                           fit: (@Sendable (Electrolyte) -> ParameterConstraint)? = activation, doc: String) -> ElectrolyteKey {
        scalar(table, key, "kJ/mol", si: "J/mol", scale: 1000, path, domain: domain, absent: absent, fit: fit, doc: doc)
    }

    // MARK: - [conductivity]

    /// The parameters of any conductivity law, so one key can be read and written whatever the law.
    struct ConductivityParts {
        var law: String
        var sigma_S_m = 1.0, tRef_K = 298.15, ea_J_mol = 0.0, b_K = 1.0, t0_K = 0.0, tm_K = 298.15, width_K = 1.0
        var eLow_J_mol = 0.0, jump = 1.0

        init(law: String) { self.law = law }

        init(_ c: ConductivityLaw) {
            law = c.name
            switch c {
            case .arrhenius(let a): sigma_S_m = a.referenceValue; tRef_K = a.referenceTemperature_K; ea_J_mol = a.activationEnergy_J_mol
            case let .vft(s, t, b, t0): sigma_S_m = s; tRef_K = t; b_K = b; t0_K = t0
            case let .twoRegime(h, tm, w, el, j):
                sigma_S_m = h.referenceValue; tRef_K = h.referenceTemperature_K; ea_J_mol = h.activationEnergy_J_mol
                tm_K = tm; width_K = w; eLow_J_mol = el; jump = j
            case let .twoRegimeVFT(s, t, b, t0, phase):
                sigma_S_m = s; tRef_K = t; b_K = b; t0_K = t0
                tm_K = phase.melting_K; width_K = phase.meltingWidth_K; eLow_J_mol = phase.activationEnergy_J_mol; jump = phase.jump
            }
        }

        var law_: ConductivityLaw {
            let high = Arrhenius(referenceValue: sigma_S_m, activationEnergy_J_mol: ea_J_mol, referenceTemperature_K: tRef_K)
            switch law {
            case "vft": return .vft(sigmaRef_S_m: sigma_S_m, referenceTemperature_K: tRef_K, pseudoActivation_K: b_K, idealGlassTemperature_K: t0_K)
            case "two-regime": return .twoRegime(high: high, melting_K: tm_K, meltingWidth_K: width_K, lowActivationEnergy_J_mol: eLow_J_mol, meltingJump: jump)
            case "two-regime-vft":
                return .twoRegimeVFT(sigmaRef_S_m: sigma_S_m, referenceTemperature_K: tRef_K, pseudoActivation_K: b_K, idealGlassTemperature_K: t0_K,
                                     phase: CrystallinePhase(melting_K: tm_K, meltingWidth_K: width_K, activationEnergy_J_mol: eLow_J_mol, jump: jump))
            default: return .arrhenius(high)
            }
        }
    }

    /// The conductivity laws the loader knows.
    public static let laws = ["arrhenius", "vft", "two-regime", "two-regime-vft"]

    private static func law(_ key: String, _ unit: String, si: String, scale: Double, offset: Double = 0, laws: Set<String>?,
                            domain: Section.Domain, fit: (@Sendable (Electrolyte) -> ParameterConstraint)?,
                            _ part: WritableKeyPath<ConductivityParts, Double> & Sendable, doc: String) -> ElectrolyteKey {
        ElectrolyteKey(table: "conductivity", key: key, unit: unit, siUnit: si, scale: scale, domain: domain, absent: .required,
                       laws: laws, fit: fit, get: { (ConductivityParts($0.conductivity)[keyPath: part] - offset) / scale },
                       set: { e, v in
                           var p = ConductivityParts(e.conductivity)
                           p[keyPath: part] = v * scale + offset
                           e.conductivity = p.law_
                       }, doc: doc)
    }

    private static let conductivity: [ElectrolyteKey] = [
        law("reference_temperature_C", "°C", si: "K", scale: 1, offset: 273.15, laws: nil, domain: tempC, fit: nil, \.tRef_K,
            doc: "temperature T_ref at which `sigma_S_cm` is given (two-regime: the reference of the high-temperature branch)"),
        law("sigma_S_cm", "S/cm", si: "S/m", scale: 100, laws: nil, domain: .closed(1e-14...1), fit: positive, \.sigma_S_m, doc: "σ at T_ref"),
        law("activation_energy_kJ_mol", "kJ/mol", si: "J/mol", scale: 1000, laws: ["arrhenius", "two-regime"], domain: activationRange,
            fit: positive, \.ea_J_mol,
            doc: "E_a for `arrhenius`: σ = σ_ref·exp[−(E_a/R)(1/T − 1/T_ref)]. For `two-regime`, the E_a of the high-temperature (amorphous) branch. To convert a value in eV, multiply by 96.485"),
        law("vft_B_K", "K", si: "K", scale: 1, laws: ["vft", "two-regime-vft"], domain: .closed(1...1e5), fit: positive, \.b_K,
            doc: "`vft`, `two-regime-vft` (its amorphous branch). σ = σ_ref·√(T_ref/T)·exp[−B/(T − T₀) + B/(T_ref − T₀)]"),
        law("vft_T0_C", "°C", si: "K", scale: 1, offset: 273.15, laws: ["vft", "two-regime-vft"], domain: .closed(-273...300), fit: { e in
            // T₀ stays below the lowest valid temperature (σ → 0 at T₀) and above −250 °C.
            .bounded(lower: -250, upper: Units.celsius(kelvin: e.validTemperatureRange_K.lowerBound) - 1)
        }, \.t0_K, doc: "`vft`, `two-regime-vft`. The ideal glass temperature T₀ (σ → 0 there); typically T_g − 30…50 K; below T_ref and `valid_min_C`"),
        law("melting_temperature_C", "°C", si: "K", scale: 1, offset: 273.15, laws: ["two-regime", "two-regime-vft"], domain: tempC,
            fit: { e in
                // T_m stays above a VFT amorphous branch's T₀ (σ_a(T_m) must exist).
                let t0_C = e.conductivity.lowestDefinedTemperature_K > 0 ? Units.celsius(kelvin: e.conductivity.lowestDefinedTemperature_K) : -300
                return .bounded(lower: max(-50, t0_C + 5), upper: 200)
            }, \.tm_K,
            doc: "`two-regime`, `two-regime-vft`. T_m, the centre of the crystalline-to-amorphous step: ln σ = w·ln σ_high + (1 − w)·ln σ_low (Lichtenecker's logarithmic mixing), with the amorphous fraction w = 1/(1 + exp(−(T − T_m)/ΔT)); σ_high is the Arrhenius (`two-regime`) or VFT (`two-regime-vft`) amorphous branch. A DSC melting peak or a stated crossover fixes it; otherwise a prior (PEG/PEO T_m vs chain length, lowered by salt)"),
        law("melting_width_K", "K", si: "K", scale: 1, laws: ["two-regime", "two-regime-vft"], domain: .closed(0.01...100), fit: positive, \.width_K,
            doc: "`two-regime`, `two-regime-vft`. ΔT, the width of the logistic step (2–5 K)"),
        law("low_activation_energy_kJ_mol", "kJ/mol", si: "J/mol", scale: 1000, laws: ["two-regime", "two-regime-vft"], domain: activationRange,
            fit: positive, \.eLow_J_mol,
            doc: "`two-regime`, `two-regime-vft`. E_low of the semicrystalline branch: σ_low(T) = jump·σ_high(T_m)·exp[−(E_low/R)(1/T − 1/T_m)]"),
        law("melting_jump", "ratio", si: "ratio", scale: 1, laws: ["two-regime", "two-regime-vft"], domain: .closed(1e-6...1),
            fit: { _ in .positiveBounded(lower: 1e-6, upper: 1) }, \.jump, doc: "`two-regime`, `two-regime-vft`. σ_low/σ_high at T_m (≤ 1)"),
        ElectrolyteKey(table: "conductivity", key: "valid_min_C", unit: "°C", siUnit: "K", scale: 1, domain: tempC, absent: .required,
                       laws: nil, fit: nil, get: { Units.celsius(kelvin: $0.validTemperatureRange_K.lowerBound) }, set: { e, v in
                           let lo = Units.kelvin(celsius: v)
                           e.validTemperatureRange_K = lo...max(lo, e.validTemperatureRange_K.upperBound)
                       }, doc: "lowest temperature the set is meant for (at most −40–150 °C in use); below it the laws are extrapolations"),
        ElectrolyteKey(table: "conductivity", key: "valid_max_C", unit: "°C", siUnit: "K", scale: 1, domain: tempC, absent: .required,
                       laws: nil, fit: nil, get: { Units.celsius(kelvin: $0.validTemperatureRange_K.upperBound) }, set: { e, v in
                           let hi = Units.kelvin(celsius: v)
                           e.validTemperatureRange_K = min(hi, e.validTemperatureRange_K.lowerBound)...hi
                       }, doc: "highest temperature the set is meant for; must exceed `valid_min_C`"),
    ]

    // MARK: - [transport]

    private static let transport: [ElectrolyteKey] = [
        celsius("transport", "reference_temperature_C", [\.diffusivity.referenceTemperature_K, \.electronicConductivity.referenceTemperature_K],
                doc: "temperature at which `diffusivity_m2_s` and `electronic_conductivity_S_cm` are given. Usually where t₊ was measured; t₊ itself is treated as independent of temperature"),
        scalar("transport", "transference_number", "", si: "—", scale: 1, \.transferenceNumber, domain: .closed(1e-3...1),
               // The fit keeps t₊ in the key's domain: a fit whose rows do not determine t₊ (a refit without its
               // row) otherwise walks its logistic to t₊ ≈ 1e-42, R_d ≈ 1e42 R_b, and the simulation fails.
               fit: { _ in .bounded(lower: 1e-3, upper: 1) },
               doc: "Bruce–Vincent t₊, with 0 < t₊ ≤ 1. It sets the concentration-polarization resistance R_d = ASR_b(1 − t₊)/t₊"),
        scalar("transport", "thickness_um", "µm", si: "m", scale: 1e-6, \.thickness_m, domain: .closed(0.1...1e4),
               doc: "electrolyte thickness L. Bulk ASR_b = L/σ"),
        scalar("transport", "salt_concentration_mol_L", "mol/L", si: "mol/m³", scale: 1000, \.saltConcentration_mol_m3, domain: .closed(1e-4...100),
               doc: "bulk Li⁺ (salt) concentration c₀. For single-ion networks, the Li⁺ concentration of the network"),
        scalar("transport", "diffusivity_m2_s", "m²/s", si: "m²/s", scale: 1, \.diffusivity.referenceValue, domain: .closed(1e-22...1e-7), fit: positive,
               doc: "ambipolar salt diffusivity D at the reference temperature. Used for τ_d = L²/(π²D), J_lim = 2Fc₀D/((1 − t₊)L) and Sand's time. The Nernst–Einstein scale is D ≈ 2t₊(1 − t₊)σRT/(F²c₀)"),
        kJ("transport", "diffusivity_activation_energy_kJ_mol", \.diffusivity.activationEnergy_J_mol, fit: nil, doc: "Arrhenius E_a of D"),
        scalar("transport", "electronic_conductivity_S_cm", "S/cm", si: "S/m", scale: 100, \.electronicConductivity.referenceValue,
               domain: .closed(0...1e-2), absent: .optional(value: 0, meaning: "an ideal electronic insulator"), fit: positive,
               doc: "electronic conductivity σ_e of the membrane at the reference temperature. The leakage current (σ_e/L)·U_C self-discharges a full cell, at rest and in every step, and makes its coulombic efficiency fall below 1 (Alt & Janek, Nature Energy 2026)"),
        kJ("transport", "electronic_activation_energy_kJ_mol", \.electronicConductivity.activationEnergy_J_mol,
           absent: .optional(value: 0, meaning: "σ_e independent of T"), doc: "Arrhenius E_a of σ_e"),
    ]

    // MARK: - [lithium_interface], [cathode_interface], [stability]

    private static let interfaces: [ElectrolyteKey] = [
        celsius("lithium_interface", "reference_temperature_C", [\.lithiumExchangeCurrent.referenceTemperature_K,
                                                                 \.voidLaw.criticalStrippingCurrent.referenceTemperature_K],
                doc: "temperature at which i₀, the film ASR and the critical stripping current are given"),
        scalar("lithium_interface", "exchange_current_mA_cm2", "mA/cm²", si: "A/m²", scale: 10, \.lithiumExchangeCurrent.referenceValue,
               domain: .closed(1e-6...1e3), fit: positive,
               doc: "exchange current i₀. η = (2RT/F)·asinh(J/(2i₀)); the linear charge-transfer resistance is R_ct = RT/(F i₀)"),
        kJ("lithium_interface", "activation_energy_kJ_mol", \.lithiumExchangeCurrent.activationEnergy_J_mol,
           doc: "Arrhenius E_a of i₀; fitted where symmetric-cell polarization or EIS data exist at two or more temperatures, otherwise a prior"),
        scalar("lithium_interface", "interphase_asr_ohm_cm2", "Ω·cm²", si: "Ω·m²", scale: 1e-4, \.lithiumInterphaseASR_ohm_m2,
               domain: asr_ohm_cm2, fit: positive,
               doc: "initial ASR of the SEI film on one Li electrode. A symmetric cell's EIS interface resistance R (Ω) holds two interfaces, so the per-electrode ASR is R·A/2 = R_ct + film"),
        scalar("lithium_interface", "critical_stripping_current_mA_cm2", "mA/cm²", si: "A/m²", scale: 10,
               \.voidLaw.criticalStrippingCurrent.referenceValue, domain: .closedOrInfinite(1e-4...1e3), absent: .familyDefault, fit: positive,
               doc: "J_strip,c: stripping faster opens voids at the interface (DOMAIN B §4.6); the interface criterion of the critical current"),
        kJ("lithium_interface", "critical_stripping_activation_energy_kJ_mol", \.voidLaw.criticalStrippingCurrent.activationEnergy_J_mol,
           domain: signedActivation, absent: .familyDefault, fit: nil, doc: "Arrhenius E_a of J_strip,c"),
        scalar("lithium_interface", "void_charge_mAh_cm2", "mAh/cm²", si: "C/m²", scale: 36_000, \.voidLaw.voidCharge_C_m2,
               domain: charge_mAh_cm2, absent: .familyDefault, fit: positive,
               doc: "q_v: charge stripped at J_strip,c that opens voids over 1 − 1/e of the contact: dv/dq = (J/J_strip,c)ᵖ(1 − v)/q_v; plating fills them, dv/dq = −v/q_v"),
        scalar("lithium_interface", "void_exponent", "", si: "—", scale: 1, \.voidLaw.exponent, domain: .closed(0...30),
               absent: .familyDefault, fit: nil, doc: "p, the steepness of void growth in J_strip/J_strip,c"),
        scalar("lithium_interface", "plating_critical_ratio", "", si: "—", scale: 1, \.voidLaw.platingCriticalRatio,
               domain: .closed(1...100), absent: .familyDefault, fit: nil,
               doc: "κ: the interface's plating criterion κ·J_strip,c, one of the damage law's critical currents (DOMAIN B §4.4)"),
        kJ("lithium_interface", "interphase_activation_energy_kJ_mol", \.lithiumInterphaseActivationEnergy_J_mol, absent: .familyDefault,
           doc: "E_SEI of ionic conduction through the Li-side film: ASR_SEI(T) = ASR_SEI(T_ref)·exp[(E_SEI/R)(1/T − 1/T_ref)], T_ref this table's reference temperature (the film's growth states are values at T_ref)"),
        scalar("cathode_interface", "interphase_asr_ohm_cm2", "Ω·cm²", si: "Ω·m²", scale: 1e-4, \.cathodeInterphaseASR_ohm_m2,
               domain: asr_ohm_cm2, fit: positive, doc: "initial ASR of the cathode-side film (CEI) at the `[lithium_interface]` reference temperature"),
        kJ("cathode_interface", "interphase_activation_energy_kJ_mol", \.cathodeInterphaseActivationEnergy_J_mol, absent: .familyDefault,
           doc: "E_CEI of ionic conduction through the cathode-side film, as `[lithium_interface]` `interphase_activation_energy_kJ_mol` about the same reference temperature"),
        scalar("stability", "oxidation_limit_V", "V", si: "V", scale: 1, \.oxidationLimit_V, domain: .limit(.voltage_V),
               doc: "anodic stability limit vs Li/Li⁺: where the oxidation current reaches its onset current (DOMAIN B §5.6)"),
        // µA cm⁻² → A m⁻²: × 1e-2.
        scalar("stability", "oxidation_onset_current_uA_cm2", "µA/cm²", si: "A/m²", scale: 1e-2, \.oxidation.onsetCurrent_A_m2,
               domain: .closed(0...1e4), absent: .familyDefault, fit: positive,
               doc: "i_th: oxidation current at the oxidation limit on a fresh cathode (the LSV threshold, 1–10 µA/cm²); Tafel slope ln10·`cei_voltage_scale_V`"),
        scalar("stability", "oxidation_passivation_charge_mAh_cm2", "mAh/cm²", si: "C/m²", scale: 36_000, \.oxidation.passivationCharge_C_m2,
               domain: charge_mAh_cm2, absent: .familyDefault, fit: positive,
               doc: "q_p: oxidation charge that halves the oxidation current (passivating CEI)"),
        scalar("stability", "charge_parasitic_fraction", "", si: "—", scale: 1, \.oxidation.chargeParasiticFraction,
               domain: .closed(0...0.5), absent: .familyDefault, fit: { _ in .positiveBounded(lower: 1e-9, upper: 0.5) },
               doc: "ε: fraction of each charging current lost to electrolyte oxidation on exposed cathode and carbon surfaces (coulombic efficiency 1 − ε; no loss at rest)"),
        kJ("stability", "charge_parasitic_activation_energy_kJ_mol", \.oxidation.chargeParasiticActivationEnergy_J_mol,
           domain: signedActivation, absent: .familyDefault, fit: nil, doc: "Arrhenius E_a of ε, about `[aging]`'s reference temperature"),
    ]

    // MARK: - [short]

    private static let short: [ElectrolyteKey] = [
        celsius("short", "reference_temperature_C", [\.shortLaw.referenceTemperature_K], absent: .familyDefault, doc: "T_ref of the damage law"),
        scalar("short", "reference_current_mA_cm2", "mA/cm²", si: "A/m²", scale: 10, \.shortLaw.referenceCurrent_A_m2, domain: current_mA_cm2,
               absent: .familyDefault, doc: "J_ref"),
        scalar("short", "exponent", "", si: "—", scale: 1, \.shortLaw.exponent, domain: .closed(0...60), absent: .familyDefault,
               fit: { _ in .positiveBounded(lower: 0.1, upper: 60) },
               doc: "n. Use 2 (Sand-like) unless the data say more; a steep n makes the law behave like a critical current density"),
        scalar("short", "time_to_short_h", "h", si: "s", scale: 3600, \.shortLaw.referenceTime_s, domain: .closedOrInfinite(1e-6...1e9),
               absent: .familyDefault, fit: positive,
               doc: "τ_ref: plating time to a short at J_ref and T_ref. `inf` means the cell never shorts. For a test that ended without a short (censored), use a clearly longer time"),
        // May be negative: damage that grows as the cell gets colder (dendritic plating at low T).
        kJ("short", "activation_energy_kJ_mol", \.shortLaw.activationEnergy_J_mol, domain: signedActivation, absent: .familyDefault,
           fit: { _ in .bounded(lower: -200, upper: 200) }, doc: "Arrhenius E_a of the damage rate (negative: faster damage in the cold)"),
        scalar("short", "critical_current_mA_cm2", "mA/cm²", si: "A/m²", scale: 10, \.shortLaw.criticalCurrent_A_m2,
               domain: .closedOrInfinite(1e-4...1e3), absent: .optional(value: .infinity, meaning: "J_c from the transport and interface criteria"),
               fit: positive,
               doc: "a measured J_c at T_ref (a fitted CCD); otherwise J_c is the lower of the limiting current and the interface's plating limit κ·J_strip,c (DOMAIN B §4.6)"),
        kJ("short", "critical_current_activation_energy_kJ_mol", \.shortLaw.criticalCurrentActivationEnergy_J_mol,
           absent: .optional(value: 0, meaning: "a measured J_c independent of T"), doc: "Arrhenius E_a of a measured J_c"),
        scalar("short", "critical_current_exponent", "", si: "—", scale: 1, \.shortLaw.criticalExponent, domain: .closed(0...30),
               absent: .familyDefault, fit: { _ in .positiveBounded(lower: 0.1, upper: 30) },
               doc: "m in dΦ/dq = f(J_loc/J_c)/q_c, f(x) = 2xᵐ/(1 + xᵐ⁻¹): damage per plated charge, steep below the critical current and Sand-like (∝ J) above it (DOMAIN B §4.5)"),
        scalar("short", "critical_charge_mAh_cm2", "mAh/cm²", si: "C/m²", scale: 36_000, \.shortLaw.criticalCharge_C_m2,
               domain: charge_mAh_cm2, absent: .familyDefault, fit: positive,
               doc: "q_c: charge plated at J_c that brings Φ from 0 to 1 (`inf`: no such term)"),
        scalar("short", "sand_damage", "", si: "—", scale: 1, \.shortLaw.sandDamage, domain: .closed(0...1), absent: .familyDefault,
               fit: nil, doc: "Φ added by each Sand onset while a full cell plates (DOMAIN B §4.1)"),
    ]

    // MARK: - [aging]

    private static let aging: [ElectrolyteKey] = [
        celsius("aging", "reference_temperature_C", [\.aging.referenceTemperature_K], absent: .familyDefault,
                doc: "T_ref of every aging rate"),
        // Ω² cm⁴ h⁻¹ → Ω² m⁴ s⁻¹: × 1e-8 / 3600.
        scalar("aging", "sei_calendar_growth_ohm2_cm4_h", "Ω²·cm⁴/h", si: "Ω²·m⁴/s", scale: 1e-8, divisor: 3600, \.aging.seiCalendarRate_ohm2m4_s,
               domain: .closed(0...1e8), absent: .familyDefault, fit: positive,
               doc: "d(ASR_SEI²)/dt at rest (parabolic growth, ASR ∝ √t; DOMAIN B §5.1)"),
        // Ω² cm⁴ per mAh cm⁻² → Ω² m⁴ per C m⁻²: × 1e-8 / 3.6e4.
        scalar("aging", "sei_plating_growth_ohm2_cm4_per_mAh_cm2", "Ω²·cm⁴ per mAh/cm²", si: "Ω²·m⁴ per C/m²", scale: 1e-8, divisor: 3.6e4,
               \.aging.seiPlatingRate_ohm2m4_per_C_m2, domain: .closed(0...1e8), absent: .familyDefault, fit: positive,
               doc: "d(ASR_SEI²) per plated charge (SEI re-formed on fresh Li)"),
        kJ("aging", "sei_activation_energy_kJ_mol", \.aging.seiActivationEnergy_J_mol, absent: .familyDefault, doc: "E_a of both SEI rates"),
        // The model file stores CE_Li; the electrolyte keeps 1 − CE_Li. Fitted as ln(1 − CE_Li) (complementBounded):
        // what the data resolve is the Li lost per cycle, so 0.999 and 0.9996 differ by a factor 2.5.
        ElectrolyteKey(table: "aging", key: "lithium_coulombic_efficiency", unit: "", siUnit: "1 − CE_Li", scale: 1,
                       domain: .closed(0.5...1), absent: .familyDefault, laws: nil,
                       fit: { _ in .complementBounded(lower: 0.5, upper: 1) }, get: { 1 - $0.aging.lithiumInefficiency },
                       set: { $0.aging.lithiumInefficiency = 1 - $1 },
                       doc: "CE_Li: (1 − CE_Li) of each plated charge is lost from the Li inventory (stored as 1 − CE_Li)"),
        kJ("aging", "lithium_loss_activation_energy_kJ_mol", \.aging.lithiumLossActivationEnergy_J_mol, absent: .familyDefault,
           doc: "E_a of (1 − CE_Li)"),
        // Ω cm² h⁻¹ → Ω m² s⁻¹: × 1e-4 / 3600.
        scalar("aging", "cei_growth_ohm_cm2_h", "Ω·cm²/h", si: "Ω·m²/s", scale: 1e-4, divisor: 3600, \.aging.ceiRate_ohm_m2_s,
               domain: .closed(0...1e4), absent: .familyDefault, fit: positive, doc: "dASR_CEI/dt at V = the oxidation limit"),
        scalar("aging", "cei_voltage_scale_V", "V", si: "V", scale: 1, \.aging.ceiVoltageScale_V, domain: .closed(1e-3...1),
               absent: .familyDefault, doc: "V_s in exp((V − V_ox)/V_s)"),
        kJ("aging", "cei_activation_energy_kJ_mol", \.aging.ceiActivationEnergy_J_mol, absent: .familyDefault, doc: "E_a of CEI growth"),
        scalar("aging", "shuttle_rate_per_h", "per h", si: "1/s", scale: 1, divisor: 3600, \.aging.shuttleRate_per_s, domain: .closed(0...100),
               absent: .familyDefault, doc: "Li–S only: shuttle current = k_s × Q₀ × upper-plateau fraction"),
        kJ("aging", "shuttle_activation_energy_kJ_mol", \.aging.shuttleActivationEnergy_J_mol, absent: .familyDefault, fit: nil,
           doc: "E_a of the shuttle rate"),
        // Per cycle (a throughput of 2·Q₀) → per unit of throughput over Q₀.
        scalar("aging", "contact_loss_per_cycle", "per cycle at 1C", si: "per Q₀ of throughput", scale: 1, divisor: 2, \.aging.contactLossRate,
               domain: .closed(0...0.5), absent: .familyDefault, fit: { _ in .positiveBounded(lower: 1e-9, upper: 0.5) },
               doc: "fraction of the cathode lost per cycle at 1C through contact with this electrolyte (stored per unit of throughput over Q₀: a cycle passes 2·Q₀)"),
        kJ("aging", "contact_loss_activation_energy_kJ_mol", \.aging.contactLossActivationEnergy_J_mol, absent: .familyDefault,
           doc: "E_a of the contact loss"),
        scalar("aging", "current_reference_mA_cm2", "mA/cm²", si: "A/m²", scale: 10, \.aging.currentReference_A_m2, domain: current_mA_cm2,
               absent: .familyDefault, doc: "J_ref of the current-density exponents of Li loss and SEI growth"),
        scalar("aging", "lithium_loss_current_exponent", "", si: "—", scale: 1, \.aging.lithiumLossCurrentExponent, domain: .closed(0...5),
               absent: .familyDefault, fit: { _ in .bounded(lower: 0, upper: 3) },
               doc: "m_Li in (1 − CE_Li) ∝ (J_plate/J_ref)^m_Li (DOMAIN B §5.5)"),
        scalar("aging", "sei_plating_current_exponent", "", si: "—", scale: 1, \.aging.seiPlatingCurrentExponent, domain: .closed(0...5),
               absent: .familyDefault, fit: nil, doc: "m_SEI: SEI growth per plated charge ∝ (J_plate/J_ref)^m_SEI"),
        scalar("aging", "dead_lithium_fraction", "", si: "—", scale: 1, \.aging.deadLithiumFraction, domain: .closed(0...1),
               absent: .familyDefault, fit: nil,
               doc: "share of the Li loss at the reference temperature that is inactive metallic Li; the rest is SEI (DOMAIN B §5.5)"),
        kJ("aging", "dead_lithium_activation_energy_kJ_mol", \.aging.deadLithiumActivationEnergy_J_mol, domain: signedActivation,
           absent: .familyDefault, fit: nil, doc: "E_a of the dead-Li part (negative: less dead Li when warm)"),
        scalar("aging", "contact_loss_rate_exponent", "", si: "—", scale: 1, \.aging.contactLossRateExponent, domain: .closed(0...5),
               absent: .familyDefault, fit: { _ in .bounded(lower: 0, upper: 3) },
               doc: "r: contact loss per cycle ∝ (C-rate)^r; `contact_loss_per_cycle` is the loss of one cycle at 1C"),
    ]

    // MARK: - [reference_cell]

    private static let referenceCell: [ElectrolyteKey] = [
        ElectrolyteKey(table: "reference_cell", key: "cathode_loading_mg_cm2", unit: "mg/cm²", siUnit: "kg/m²", scale: 1e-2,
                       domain: .limit(.loading_mg_cm2), absent: .optional(value: .nan, meaning: "the cathode's default"), laws: nil, fit: nil,
                       get: { $0.referenceCell.cathodeLoading_kg_m2.map { $0 * 100 } ?? .nan },
                       set: { $0.referenceCell.cathodeLoading_kg_m2 = $1.isNaN ? nil : Units.kg_m2(mg_cm2: $1) },
                       doc: "cathode active-material loading"),
        scalar("reference_cell", "electrode_area_cm2", "cm²", si: "m²", scale: 1e-4, \.referenceCell.electrodeArea_m2, domain: .limit(.electrodeArea_cm2),
               doc: "electrode area. Converts ohms to Ω·cm²"),
        scalar("reference_cell", "contact_asr_ohm_cm2", "Ω·cm²", si: "Ω·m²", scale: 1e-4, \.referenceCell.contactASR_ohm_m2,
               domain: asr_ohm_cm2, doc: "contact and current-collector ASR"),
        ElectrolyteKey(table: "reference_cell", key: "lithium_thickness_um", unit: "µm", siUnit: "m", scale: 1e-6, domain: .closed(0...1e4),
                       absent: .optional(value: .nan, meaning: "the anode's default foil"), laws: nil, fit: nil,
                       get: { $0.referenceCell.lithiumThickness_m.map { $0 * 1e6 } ?? .nan },
                       set: { $0.referenceCell.lithiumThickness_m = $1.isNaN ? nil : $1 * 1e-6 },
                       doc: "thickness of the Li foil (the Li inventory; 1 mAh/cm² ≙ 4.85 µm)"),
        ElectrolyteKey(table: "reference_cell", key: "rate_test_charge_c_rate", unit: "C-rate", siUnit: "C-rate", scale: 1, domain: .limit(.cRate),
                       absent: .optional(value: .nan, meaning: "charged at the discharge rate up to 1C, at 0.1C above"), laws: nil,
                       fit: nil, get: { $0.referenceCell.rateTestChargeCRate ?? .nan },
                       set: { $0.referenceCell.rateTestChargeCRate = $1.isNaN ? nil : $1 },
                       doc: "C-rate of the CC charge in the study's rate-capability tests (cycling tests charge at their own rate)"),
    ]
}
