import Foundation

/// One number (or number array) of a cathode model file (`Models/cathodes/<id>.toml`): its table, key, lab unit and
/// physical range. ``CathodeFile`` reads every number through its key, so the range is checked at load in one place
/// (``Section/number(_:_:unit:)``) and a bad value is named by file:line:key with the limit.
public struct CathodeKey: Sendable {
    public var table: String
    public var key: String
    /// Lab unit ("" for a pure number).
    public var unit: String
    public var domain: Section.Domain
    /// An array of numbers (the OCV table), each checked against `domain`.
    public var isArray: Bool
    /// Whether the file may leave it out.
    public var optional: Bool

    /// `table.key`.
    public var path: String { "\(table).\(key)" }

    init(_ table: String, _ key: String, _ unit: String, _ domain: Section.Domain, array: Bool = false, optional: Bool = false) {
        self.table = table
        self.key = key
        self.unit = unit
        self.domain = domain
        self.isArray = array
        self.optional = optional
    }
}

/// The numeric keys of a cathode model file with their physical ranges (lab units), and the ranges of a study's own
/// electrode (`[electrodes.<cathode>]` of an electrolyte file, and the cathode's `[literature]` ranges of those keys),
/// which share the cathode keys' ranges.
public enum CathodeKeys {
    // Ranges, wide enough for every intercalation and conversion cathode the project models (DOMAIN B §1):
    /// Specific capacities (mAh/g): as the command line's C-rate basis, 1…2000 (sulfur's theoretical 1675).
    private static let capacity: Section.Domain = .limit(.cRateBasis_mAh_g)
    /// Activation energies (kJ/mol) of thermally activated rates: 0–250.
    private static let activation: Section.Domain = .closed(0...250)
    /// Reference temperatures (°C).
    private static let referenceC: Section.Domain = .closed(-50...200)
    /// Areal exchange current of the composite electrode (mA/cm² of cell).
    private static let exchangeCurrent: Section.Domain = .closed(1e-6...1e3)
    /// Solid-diffusion time τ_s = R_p²/D_s (s): particle radii 10 nm–30 µm and D_s 1e-19–1e-9 m²/s (the reported
    /// span of intercalation oxides and phosphates, Park et al., J. Power Sources 195 (2010) 7904) bound it to
    /// 1e-7…1e10 s.
    private static let diffusionTime: Section.Domain = .closed(1e-7...1e10)
    /// Electrode porosity (electrolyte volume fraction).
    private static let porosity: Section.Domain = .closed(0.01...0.95)

    public static let theoreticalCapacity = CathodeKey("capacity", "theoretical_mAh_g", "mAh/g", capacity)
    public static let specificCapacity = CathodeKey("capacity", "specific_mAh_g", "mAh/g", capacity)
    public static let nominalCapacity = CathodeKey("capacity", "nominal_mAh_g", "mAh/g", capacity)
    public static let defaultLoading = CathodeKey("capacity", "default_loading_mg_cm2", "mg/cm²", .limit(.loading_mg_cm2))
    public static let minimumVoltage = CathodeKey("voltage", "min_V", "V", .limit(.voltage_V))
    public static let maximumVoltage = CathodeKey("voltage", "max_V", "V", .limit(.voltage_V))
    public static let ocvStoichiometry = CathodeKey("ocv", "stoichiometry", "", .closed(0...1), array: true)
    public static let ocvVoltage = CathodeKey("ocv", "voltage_V", "V", .limit(.voltage_V), array: true)
    /// dU/dT: measured entropic coefficients of Li-ion cathodes lie within ±1 mV/K (Viswanathan et al., J. Power
    /// Sources 195 (2010) 3720); ±5 mV/K leaves room.
    public static let entropicCoefficient = CathodeKey("ocv", "entropic_coefficient_mV_K", "mV/K", .closed(-5...5), optional: true)
    public static let exchangeCurrentDensity = CathodeKey("kinetics", "exchange_current_mA_cm2", "mA/cm²", exchangeCurrent)
    public static let kineticsActivation = CathodeKey("kinetics", "activation_energy_kJ_mol", "kJ/mol", activation)
    public static let kineticsReference = CathodeKey("kinetics", "reference_temperature_C", "°C", referenceC)
    public static let solidDiffusionTime = CathodeKey("solid_diffusion", "time_constant_s", "s", diffusionTime)
    public static let solidDiffusionActivation = CathodeKey("solid_diffusion", "activation_energy_kJ_mol", "kJ/mol", activation)
    public static let solidDiffusionReference = CathodeKey("solid_diffusion", "reference_temperature_C", "°C", referenceC)
    public static let electrodePorosity = CathodeKey("electrode", "porosity", "", porosity)
    public static let activeVolumeFraction = CathodeKey("electrode", "active_volume_fraction", "", .closed(0.01...0.99))
    /// Crystal densities of cathode materials: sulfur 2.07, LFP 3.6, layered oxides 4.7–5.1 g/cm³.
    public static let activeDensity = CathodeKey("electrode", "active_density_g_cm3", "g/cm³", .closed(0.5...10))
    /// Bruggeman exponent b in σ_eff = σ·εᵇ: 1.5 for spheres, up to ~3 for platelets (Tjaden et al. 2016).
    public static let bruggemanExponent = CathodeKey("electrode", "bruggeman_exponent", "", .closed(1...3))
    public static let activeMaterialLoss = CathodeKey("aging", "active_material_loss_per_cycle", "per cycle", .closed(0...0.5))
    public static let agingActivation = CathodeKey("aging", "activation_energy_kJ_mol", "kJ/mol", activation)
    public static let agingReference = CathodeKey("aging", "reference_temperature_C", "°C", referenceC)
    public static let shuttlePlateauEnd = CathodeKey("aging", "shuttle_plateau_end_stoichiometry", "", .closed(1e-6...1), optional: true)

    /// Every numeric key of a cathode file, in file order.
    public static let all: [CathodeKey] = [
        theoreticalCapacity, specificCapacity, nominalCapacity, defaultLoading, minimumVoltage, maximumVoltage,
        ocvStoichiometry, ocvVoltage, entropicCoefficient, exchangeCurrentDensity, kineticsActivation, kineticsReference,
        solidDiffusionTime, solidDiffusionActivation, solidDiffusionReference, electrodePorosity, activeVolumeFraction,
        activeDensity, bruggemanExponent, activeMaterialLoss, agingActivation, agingReference, shuttlePlateauEnd,
    ]

    /// The keys of a study's own electrode (`[electrodes.<cathode>]` of an electrolyte file) and the cathode key whose
    /// quantity (and so range) each replaces; the cathode's `[literature]` `<key>_min`/`_max` share the range too.
    public static let electrodeOverrides: [(key: String, cathodeKey: CathodeKey)] = [
        ("diffusion_time_s", solidDiffusionTime),
        ("diffusion_activation_energy_kJ_mol", solidDiffusionActivation),
        ("exchange_current_mA_cm2", exchangeCurrentDensity),
        ("specific_capacity_mAh_g", specificCapacity),
        ("porosity", electrodePorosity),
    ]

    /// The override key's cathode key (nil: not an override key).
    public static func override(_ key: String) -> CathodeKey? { electrodeOverrides.first { $0.key == key }?.cathodeKey }
}

extension Section {
    /// The number of `key` (its key name in this table), checked against `key`'s range.
    public func number(_ key: CathodeKey) throws -> Double { try number(key.key, key.domain, unit: key.unit) }

    /// The number of `key` if present, checked against its range.
    public func optionalNumber(_ key: CathodeKey) throws -> Double? { try optionalNumber(key.key, key.domain, unit: key.unit) }

    /// The numbers of the array `key`, each checked against its range.
    public func numberArray(_ key: CathodeKey) throws -> [Double] { try numberArray(key.key, key.domain, unit: key.unit) }

    /// The number of the override key `name` if present, checked against the range of `cathodeKey`.
    func optionalNumber(_ name: String, as cathodeKey: CathodeKey) throws -> Double? {
        try optionalNumber(name, cathodeKey.domain, unit: cathodeKey.unit)
    }
}
