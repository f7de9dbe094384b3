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

/// The keys of an electrolyte model file. Each submodel declares the keys of its laws in its own file
/// (``KeyedSubmodel/declaredElectrolyteKeys``); the keys of no mechanism (identity, geometry, the reference cell) are
/// ``cellKeys`` here. Adding a number to the model file is one entry in its submodel (plus its field in
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

    /// Every numeric key, in file order: the keys each submodel declares (``KeyedSubmodel/declaredElectrolyteKeys``,
    /// ``CellSubmodels/keyed``) and those of no mechanism (``cellKeys``), ordered by ``fileOrder``.
    public static let all: [ElectrolyteKey] = inFileOrder(CellSubmodels.keyed.flatMap { $0.declaredElectrolyteKeys } + cellKeys)

    /// The order in which a model file's keys are written and listed (tables in the order of ``tables``, then the keys of
    /// each table in this order). A key not listed here follows the listed ones of its table, in declaration order.
    public static let fileOrder: [String] = [
        "conductivity.reference_temperature_C", "conductivity.sigma_S_cm", "conductivity.activation_energy_kJ_mol",
        "conductivity.vft_B_K", "conductivity.vft_T0_C", "conductivity.melting_temperature_C",
        "conductivity.melting_width_K", "conductivity.low_activation_energy_kJ_mol", "conductivity.melting_jump",
        "conductivity.valid_min_C", "conductivity.valid_max_C", "transport.reference_temperature_C",
        "transport.transference_number", "transport.thickness_um", "transport.salt_concentration_mol_L",
        "transport.diffusivity_m2_s", "transport.diffusivity_activation_energy_kJ_mol",
        "transport.electronic_conductivity_S_cm", "transport.electronic_activation_energy_kJ_mol",
        "lithium_interface.reference_temperature_C", "lithium_interface.exchange_current_mA_cm2",
        "lithium_interface.activation_energy_kJ_mol", "lithium_interface.interphase_asr_ohm_cm2",
        "lithium_interface.critical_stripping_current_mA_cm2",
        "lithium_interface.critical_stripping_activation_energy_kJ_mol", "lithium_interface.void_charge_mAh_cm2",
        "lithium_interface.void_exponent", "lithium_interface.plating_critical_ratio",
        "lithium_interface.interphase_activation_energy_kJ_mol", "cathode_interface.interphase_asr_ohm_cm2",
        "cathode_interface.interphase_activation_energy_kJ_mol", "stability.oxidation_limit_V",
        "stability.oxidation_onset_current_uA_cm2", "stability.oxidation_passivation_charge_mAh_cm2",
        "stability.charge_parasitic_fraction", "stability.charge_parasitic_activation_energy_kJ_mol",
        "short.reference_temperature_C", "short.reference_current_mA_cm2", "short.exponent", "short.time_to_short_h",
        "short.activation_energy_kJ_mol", "short.critical_current_mA_cm2",
        "short.critical_current_activation_energy_kJ_mol", "short.critical_current_exponent",
        "short.critical_charge_mAh_cm2", "short.sand_damage", "aging.reference_temperature_C",
        "aging.sei_calendar_growth_ohm2_cm4_h", "aging.sei_plating_growth_ohm2_cm4_per_mAh_cm2",
        "aging.sei_activation_energy_kJ_mol", "aging.lithium_coulombic_efficiency",
        "aging.lithium_loss_activation_energy_kJ_mol", "aging.cei_growth_ohm_cm2_h", "aging.cei_voltage_scale_V",
        "aging.cei_activation_energy_kJ_mol", "aging.shuttle_rate_per_h", "aging.shuttle_activation_energy_kJ_mol",
        "aging.contact_loss_per_cycle", "aging.contact_loss_activation_energy_kJ_mol", "aging.current_reference_mA_cm2",
        "aging.lithium_loss_current_exponent", "aging.sei_plating_current_exponent", "aging.dead_lithium_fraction",
        "aging.dead_lithium_activation_energy_kJ_mol", "aging.contact_loss_rate_exponent",
        "reference_cell.cathode_loading_mg_cm2", "reference_cell.electrode_area_cm2",
        "reference_cell.contact_asr_ohm_cm2", "reference_cell.lithium_thickness_um",
        "reference_cell.rate_test_charge_c_rate",
    ]

    /// `keys` sorted by table (``tables``) and by ``fileOrder``, stable for the keys it does not list.
    static func inFileOrder(_ keys: [ElectrolyteKey]) -> [ElectrolyteKey] {
        let table = Dictionary(uniqueKeysWithValues: tables.enumerated().map { ($1.name, $0) })
        let rank = Dictionary(uniqueKeysWithValues: fileOrder.enumerated().map { ($1, $0) })
        return keys.enumerated().sorted { a, b in
            (table[a.element.table] ?? .max, rank[a.element.path] ?? .max, a.offset)
                < (table[b.element.table] ?? .max, rank[b.element.path] ?? .max, b.offset)
        }.map(\.element)
    }

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
    static let tempC: Section.Domain = .closed(-100...300)
    /// Activation energies (kJ/mol): thermally activated ion transport and interfacial rates lie within 0–250 kJ/mol
    /// (polymer VFT-like apparent E_a reach ~100; DOMAIN B §2.1).
    static let activationRange: Section.Domain = .closed(0...250)
    /// Activation energies that may be negative (a rate that grows in the cold).
    static let signedActivation: Section.Domain = .closed(-200...200)
    /// Areal resistances of films and contacts (Ω·cm²): 0 up to 1 MΩ·cm² (a blocking film).
    static let asr_ohm_cm2: Section.Domain = .closed(0...1e6)
    /// Areal current densities of a law (mA/cm²): the command line's 1e-4…100 mA/cm² widened tenfold above, so a
    /// law's constant may sit beyond the currents a test uses.
    static let current_mA_cm2: Section.Domain = .closed(1e-4...1e3)
    /// Areal charges of a law (mAh/cm²), `inf` where the key documents it.
    static let charge_mAh_cm2: Section.Domain = .closedOrInfinite(1e-6...1e4)
    static let activation: @Sendable (Electrolyte) -> ParameterConstraint = { _ in .bounded(lower: 0, upper: 250) }
    static let positive: @Sendable (Electrolyte) -> ParameterConstraint = { _ in .positive }

    /// A key stored at `path` as lab × `scale` / `divisor` (in that order, so values round as they always have).
    static func scalar(_ table: String, _ key: String, _ unit: String, si: String, scale: Double, divisor: Double = 1,
                               _ path: WritableKeyPath<Electrolyte, Double> & Sendable, domain: Section.Domain,
                               absent: ElectrolyteKey.Absent = .required,
                               fit: (@Sendable (Electrolyte) -> ParameterConstraint)? = nil, doc: String) -> ElectrolyteKey {
        let factor = scale / divisor
        return ElectrolyteKey(table: table, key: key, unit: unit, siUnit: si, scale: factor, domain: domain, absent: absent, laws: nil,
                              fit: fit, get: { $0[keyPath: path] / factor }, set: { $0[keyPath: path] = $1 * scale / divisor }, doc: doc)
    }

    /// A temperature in °C stored in kelvin at every one of `paths`.
    static func celsius(_ table: String, _ key: String, _ paths: [WritableKeyPath<Electrolyte, Double> & Sendable],
                                absent: ElectrolyteKey.Absent = .required, doc: String) -> ElectrolyteKey {
        let first = paths[0]
        return ElectrolyteKey(table: table, key: key, unit: "°C", siUnit: "K", scale: 1, domain: tempC, absent: absent, laws: nil,
                              fit: nil, get: { Units.celsius(kelvin: $0[keyPath: first]) },
                              set: { e, v in for p in paths { e[keyPath: p] = Units.kelvin(celsius: v) } }, doc: doc)
    }

    /// An activation energy in kJ/mol stored in J/mol.
    static func kJ(_ table: String, _ key: String, _ path: WritableKeyPath<Electrolyte, Double> & Sendable,
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

    static func law(_ key: String, _ unit: String, si: String, scale: Double, offset: Double = 0, laws: Set<String>?,
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

    // MARK: - Keys of no mechanism

    /// The validity range of the set, the electrolyte's thickness (geometry) and the reference cell.
    static let cellKeys: [ElectrolyteKey] = [
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
        scalar("transport", "thickness_um", "µm", si: "m", scale: 1e-6, \.thickness_m, domain: .closed(0.1...1e4),
               doc: "electrolyte thickness L. Bulk ASR_b = L/σ"),
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
