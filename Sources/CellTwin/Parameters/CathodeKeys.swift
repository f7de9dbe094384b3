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
    static let capacity: Section.Domain = .limit(.cRateBasis_mAh_g)
    /// Activation energies (kJ/mol) of thermally activated rates: 0–250.
    static let activation: Section.Domain = .closed(0...250)
    /// Reference temperatures (°C).
    static let referenceC: Section.Domain = .closed(-50...200)
    /// Areal exchange current of the composite electrode (mA/cm² of cell).
    static let exchangeCurrent: Section.Domain = .closed(1e-6...1e3)
    /// Solid-diffusion time τ_s = R_p²/D_s (s): particle radii 10 nm–30 µm and D_s 1e-19–1e-9 m²/s (the reported
    /// span of intercalation oxides and phosphates, Park et al., J. Power Sources 195 (2010) 7904) bound it to
    /// 1e-7…1e10 s.
    static let diffusionTime: Section.Domain = .closed(1e-7...1e10)
    /// Electrode porosity (electrolyte volume fraction).
    static let porosity: Section.Domain = .closed(0.01...0.95)

    /// Every numeric key of a cathode file, in file order: the keys each submodel declares
    /// (``KeyedSubmodel/declaredCathodeKeys``) and those of no mechanism (``cellKeys``), ordered by ``fileOrder``.
    public static let all: [CathodeKey] = {
        let rank = Dictionary(uniqueKeysWithValues: fileOrder.enumerated().map { ($1, $0) })
        let keys = CellSubmodels.keyed.flatMap { $0.declaredCathodeKeys } + cellKeys
        return keys.enumerated().sorted { a, b in
            (rank[a.element.path] ?? .max, a.offset) < (rank[b.element.path] ?? .max, b.offset)
        }.map(\.element)
    }()

    /// The order of a cathode file's keys; a key not listed follows the listed ones, in declaration order.
    public static let fileOrder: [String] = [
        "capacity.theoretical_mAh_g", "capacity.specific_mAh_g", "capacity.nominal_mAh_g",
        "capacity.default_loading_mg_cm2", "voltage.min_V", "voltage.max_V", "ocv.stoichiometry", "ocv.voltage_V",
        "ocv.entropic_coefficient_mV_K", "kinetics.exchange_current_mA_cm2", "kinetics.activation_energy_kJ_mol",
        "kinetics.reference_temperature_C", "solid_diffusion.time_constant_s",
        "solid_diffusion.activation_energy_kJ_mol", "solid_diffusion.reference_temperature_C", "electrode.porosity",
        "electrode.active_volume_fraction", "electrode.active_density_g_cm3", "electrode.bruggeman_exponent",
        "aging.active_material_loss_per_cycle", "aging.activation_energy_kJ_mol", "aging.reference_temperature_C",
        "aging.shuttle_plateau_end_stoichiometry",
    ]

    // Keys of no mechanism: the capacity and the voltage window.
    public static let theoreticalCapacity = CathodeKey("capacity", "theoretical_mAh_g", "mAh/g", capacity)
    public static let specificCapacity = CathodeKey("capacity", "specific_mAh_g", "mAh/g", capacity)
    public static let nominalCapacity = CathodeKey("capacity", "nominal_mAh_g", "mAh/g", capacity)
    public static let defaultLoading = CathodeKey("capacity", "default_loading_mg_cm2", "mg/cm²", .limit(.loading_mg_cm2))
    public static let minimumVoltage = CathodeKey("voltage", "min_V", "V", .limit(.voltage_V))
    public static let maximumVoltage = CathodeKey("voltage", "max_V", "V", .limit(.voltage_V))
    static let cellKeys: [CathodeKey] = [theoreticalCapacity, specificCapacity, nominalCapacity, defaultLoading, minimumVoltage, maximumVoltage]

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
