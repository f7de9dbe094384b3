import Foundation

/// What a model file may leave out: every key of `[short]` and `[aging]` (``ElectrolyteKey/Absent/familyDefault``)
/// takes the default of the electrolyte's family, a prior with a stated spread and its source, labelled
/// `prior: family default (<source>)` wherever it is written or reported. The values are the medians of the shipped
/// twins of the family where they agree with the literature cited (docs/DOMAIN.md), and "assumed" where there is none.
public enum ElectrolyteFamilyDefaults {
    /// The families with defaults.
    public static let families = ["polymer", "gel", "single-ion", "composite", "ceramic"]

    /// A family's value of one key (lab unit) with its prior (nil: a convention, e.g. a reference temperature, not a
    /// physical parameter) and source.
    public struct Default: Sendable, Equatable {
        public var value: Double
        public var prior: ParameterPrior?
        public var source: String

        /// The model-file label: `prior: family default (<source>)`.
        public var label: String { "prior: family default (\(source))" }
    }

    /// The default of `path` (`aging.contact_loss_per_cycle`) for `family`; nil for an unknown family or a key
    /// without family defaults.
    public static func value(_ path: String, family: String) -> Default? {
        guard let i = families.firstIndex(of: family), let row = table[path] else { return nil }
        let (values, prior, source) = row
        return Default(value: values[i], prior: prior, source: source)
    }

    private static func lognormal(_ spread: Double) -> ParameterPrior { ParameterPrior(kind: .lognormal, spread: spread) }
    private static func normal(_ sd: Double) -> ParameterPrior { ParameterPrior(kind: .normal, spread: sd) }

    /// Values per family in the order of ``families``: polymer, gel, single-ion, composite, ceramic.
    private static let table: [String: (values: [Double], prior: ParameterPrior?, source: String)] = [
        "short.reference_temperature_C": ([60, 30, 60, 60, 25], nil,
            "assumed: typical cycling temperature of the family (PEO-type polymers and composites near 60 C, gels near room temperature)"),
        "short.reference_current_mA_cm2": ([0.1, 0.1, 0.1, 0.1, 0.1], nil, "assumed: the usual Li|Li test current"),
        "short.exponent": ([2, 2, 2, 2, 2], normal(1), "assumed: Sand-like cumulative damage, DOMAIN B 4.1 and 4.5"),
        "short.time_to_short_h": ([.infinity, .infinity, .infinity, .infinity, .infinity], nil,
            "assumed: no short until a Li|Li time to short or a CCD step test calibrates the law"),
        "short.activation_energy_kJ_mol": ([0, 0, 0, 0, 0], normal(20), "assumed: no temperature dependence without tests at two temperatures"),
        "aging.reference_temperature_C": ([60, 30, 60, 60, 25], nil,
            "assumed: typical cycling temperature of the family (PEO-type polymers and composites near 60 C, gels near room temperature)"),
        "aging.sei_calendar_growth_ohm2_cm4_h": ([10, 5, 1, 5, 1], lognormal(10),
            "assumed: median of the shipped twins of the family; parabolic growth, DOMAIN B 5.1"),
        "aging.sei_plating_growth_ohm2_cm4_per_mAh_cm2": ([1000, 300, 100, 100, 10], lognormal(10),
            "assumed: median of the shipped twins of the family; SEI re-formed on plated Li, DOMAIN B 5.1"),
        "aging.sei_activation_energy_kJ_mol": ([40, 40, 40, 40, 40], normal(15),
            "assumed: typical interphase growth, within the 20-70 kJ/mol of DOMAIN B 5.3"),
        "aging.lithium_coulombic_efficiency": ([0.998, 0.997, 0.999, 0.998, 0.999], normal(0.002),
            "Li CE 99.0-99.7 % in liquid-like electrolytes (Adams et al. 2017; Adv. Mater. 33 (2021) 2105962; DOMAIN B 5.2); assumed higher for single-ion and ceramic"),
        "aging.lithium_loss_activation_energy_kJ_mol": ([20, 20, 20, 20, 20], normal(20),
            "assumed: sign uncertain, dead Li falls and SEI rises with T (DOMAIN B 5.5)"),
        "aging.cei_growth_ohm_cm2_h": ([1, 1, 1, 1, 1], lognormal(10), "assumed: CEI growth when the cathode sits at the oxidation limit"),
        "aging.cei_voltage_scale_V": ([0.05, 0.05, 0.05, 0.05, 0.05], lognormal(2), "assumed: e-fold per 50 mV above the oxidation limit"),
        "aging.cei_activation_energy_kJ_mol": ([50, 50, 50, 50, 50], normal(15), "assumed: electrolyte oxidation"),
        "aging.shuttle_rate_per_h": ([0.2, 0.5, 0, 0.1, 0], normal(0.2),
            "assumed: polysulfides dissolve in gels and polymers, less in composites; none through single-ion networks and dense ceramics (DOMAIN B 5.3)"),
        "aging.shuttle_activation_energy_kJ_mol": ([30, 30, 30, 30, 30], normal(15), "assumed: polysulfide diffusion"),
        "aging.contact_loss_per_cycle": ([5e-5, 1e-4, 2e-5, 1e-4, 2e-4], lognormal(3),
            "assumed: order of the shipped fitted contact losses (1e-4 per cycle); rigid ceramics lose contact faster (DOMAIN B 5.5)"),
        "aging.contact_loss_activation_energy_kJ_mol": ([30, 30, 30, 30, 30], normal(15), "assumed"),
    ]
}
