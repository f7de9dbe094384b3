import Foundation

/// What a model file may leave out: every key of `[short]` and `[aging]` and the failure and oxidation keys of
/// `[lithium_interface]` and `[stability]` (``ElectrolyteKey/Absent/familyDefault``)
/// takes the default of the electrolyte's family, a prior with a stated spread and its source, labelled
/// `prior: family default (<source>)` wherever it is written or reported. The values are the medians of the shipped
/// twins of the family where they agree with the literature cited (docs/DOMAIN.md), and "assumed" where there is none.
/// A few required keys (the transference number) have family priors too, per family with their own spread and source
/// (``perFamily``): never filled into a model file, they are the prior a refit returns to when the rows that fix the
/// key are left out (``FallbackPrior``) and the start of `celltwin new electrolyte`.
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
        if let byFamily = perFamily[path] { return byFamily[family] }
        guard let i = families.firstIndex(of: family), let row = table[path] else { return nil }
        let (values, prior, source) = row
        return Default(value: values[i], prior: prior, source: source)
    }

    private static func lognormal(_ spread: Double) -> ParameterPrior { ParameterPrior(kind: .lognormal, spread: spread) }
    private static func normal(_ sd: Double) -> ParameterPrior { ParameterPrior(kind: .normal, spread: sd) }

    /// Keys whose prior and source differ from family to family; a family without an entry has no default. t₊ is the
    /// Bruce–Vincent current fraction the twins carry (DOMAIN B 2.3 and 2.5), so the priors are Bruce–Vincent values.
    static let perFamily: [String: [String: Default]] = [
        "transport.transference_number": [
            "polymer": Default(value: 0.3, prior: normal(0.12), source:
                "PEO-type polymer/salt: t+0 of PEO-LiTFSI 0.17 +- 0.17 to 0.60 +- 0.03 for 0.74-3 mol/L at 85 C (Edman et al., J. Phys. Chem. B 104 (2000)), Bruce-Vincent 0.46 +- 0.02 for PEO-LiCF3SO3 at 90 C (Evans, Vincent & Bruce, Polymer 28 (1987) 2324), PFG-NMR close to 0.3 for PEO-LiTFSI (DOMAIN B 2.3 and 2.5); the current fraction stays positive where t+0 turns negative (Pesko et al., J. Electrochem. Soc. 164 (2017) E3569): 0.06-0.54 as the 95 % range"),
            "gel": Default(value: 0.45, prior: normal(0.2), source:
                "gels with and without fillers: a gel transports as its liquid (DOMAIN B 2.1), LiPF6 in EC/DMC t+ 0.38 (Valoen & Reimers, J. Electrochem. Soc. 152 (2005) A882; PyBaMM's Marquis2019 and Mohtat2020 sets, Capiglia 1999), LiPF6 in EC/EMC 0.26 (PyBaMM Chen2020, Nyman 2008), Bruce-Vincent values of PVDF-HFP and PMMA gels 0.2-0.6 [assumed range]; a filler that holds the anion or carries Li+ itself raises it: 0.72 in an organo-montmorillonite ionic-liquid gel (J. Nanomater. 2018, 8457670), 0.79 in a PMMA/PLA-LiBOB gel with 6 wt% SiO2 (Khan, Kufian & Samsudin 2023, doi 10.21203/rs.3.rs-3468138/v1): 0.06-0.84 as the 95 % range"),
            "single-ion": Default(value: 0.9, prior: normal(0.05), source:
                "single-ion conductor: the anion is tethered, t+ -> 1 by construction (Snyder, Ratner & Shriver, Solid State Ionics 147 (2002) 249; DOMAIN B 2.3); Bruce-Vincent values above 0.85 (Bouchet et al., Nat. Mater. 12 (2013) 452), 0.84-0.93 in the seed data: 0.8-1 as the 95 % range"),
            "composite": Default(value: 0.4, prior: normal(0.15), source:
                "PEO-salt with an inorganic filler: filler-free PEO-LiTFSI 0.17-0.3 (Edman et al., J. Phys. Chem. B 104 (2000); PFG-NMR; DOMAIN B 2.3) raised by Lewis-acid fillers that bind the anion towards ~0.6 [assumed range]: 0.1-0.7 as the 95 % range"),
        ],
    ]

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
        "aging.shuttle_rate_per_h": ([0.01, 0.02, 0, 0.005, 0], normal(0.01),
            "gel and polymer Li-S coin cells commonly reach CE 0.96-0.99 at 0.1C with a complete charge (shuttle factor k_s Q0/I_c < 1, Mikhaylik & Akridge, JES 151 (2004) A1969; DOMAIN B 5.3); less through composites, none through single-ion networks and dense ceramics [assumed range]"),
        "aging.shuttle_activation_energy_kJ_mol": ([30, 30, 30, 30, 30], normal(15), "assumed: polysulfide diffusion"),
        "aging.contact_loss_per_cycle": ([5e-5, 1e-4, 2e-5, 1e-4, 2e-4], lognormal(3),
            "assumed: order of the shipped fitted contact losses (1e-4 per cycle); rigid ceramics lose contact faster (DOMAIN B 5.5)"),
        "aging.contact_loss_activation_energy_kJ_mol": ([30, 30, 30, 30, 30], normal(15), "assumed"),
        "aging.current_reference_mA_cm2": ([0.1, 0.1, 0.1, 0.1, 0.1], nil, "assumed: the usual Li|Li test current"),
        "aging.lithium_loss_current_exponent": ([1, 1, 1, 1, 1], normal(0.5),
            "assumed: Li CE falls and dead Li rises with current density, m 0.5-1.5 (DOMAIN B 5.5)"),
        "aging.sei_plating_current_exponent": ([1, 1, 1, 1, 1], normal(0.5),
            "assumed: more fresh Li surface per plated charge at higher current (DOMAIN B 5.5)"),
        "aging.dead_lithium_fraction": ([0.7, 0.7, 0.7, 0.7, 0.7], normal(0.2),
            "Fang et al., Nature 572 (2019) 511: inactive Li is dominated by metallic Li0 (share assumed)"),
        "aging.dead_lithium_activation_energy_kJ_mol": ([-20, -20, -20, -20, -20], normal(15),
            "ACS Nano 17 (2023) 24104: dead Li dominates when cold, SEI when warm (magnitude assumed)"),
        "aging.contact_loss_rate_exponent": ([0.5, 0.5, 0.5, 0.5, 0.5], normal(0.3),
            "assumed: composite-cathode contact loss rises with C-rate (DOMAIN B 5.5 proposal)"),
        "short.critical_current_exponent": ([8, 8, 8, 8, 8], normal(3),
            "assumed: damage per plated charge rises steeply towards the critical current (DOMAIN B 4.5)"),
        "short.critical_charge_mAh_cm2": ([1, 1, 1, 1, 1], lognormal(3),
            "assumed: a few full-cell charges plated at the critical current to a short (DOMAIN B 4.5)"),
        "short.sand_damage": ([0.05, 0.05, 0.05, 0.05, 0.05], lognormal(3), "assumed: about twenty Sand onsets while plating to a short (DOMAIN B 4.1)"),
        "lithium_interface.critical_stripping_current_mA_cm2": ([0.5, 1.0, 0.5, 1.0, 0.3], lognormal(3),
            "typical reported Li|E critical current densities at the test temperature: gels and composites ~0.5-2, polymers and single-ion polymers ~0.2-1, garnets at low stack pressure ~0.1-0.5 mA/cm2, DOMAIN B 4.6 [assumed ranges]"),
        "lithium_interface.critical_stripping_activation_energy_kJ_mol": ([30, 30, 30, 30, 30], normal(15),
            "assumed: Li creep and self-diffusion refill the interface faster when warm (Li self-diffusion ~0.5 eV)"),
        "lithium_interface.void_charge_mAh_cm2": ([10, 10, 10, 10, 10], lognormal(3),
            "assumed: charge stripped at the critical stripping current that opens voids over 63 % of the contact (DOMAIN B 5.5)"),
        "lithium_interface.void_exponent": ([4, 4, 4, 4, 4], normal(1.5), "assumed: steepness of void growth (DOMAIN B 5.5)"),
        "lithium_interface.plating_critical_ratio": ([3, 3, 3, 3, 3], lognormal(2),
            "the stripping limiting current can be several times lower than the plating CCD (DOE BMR FY23 Q4, DOMAIN B 4.4)"),
        "lithium_interface.interphase_activation_energy_kJ_mol": ([48, 48, 48, 48, 48], normal(10),
            "ionic conduction through Li-metal SEI, 0.3-0.7 eV (29-68 kJ/mol) as 95 % range (Hess, arXiv:1801.09676, 2018; Xu, von Cresce & Lee, Langmuir 26 (2010) 11538)"),
        "cathode_interface.interphase_activation_energy_kJ_mol": ([48, 48, 48, 48, 48], normal(10),
            "ionic conduction through a cathode interphase, taken as the SEI's 0.3-0.7 eV (Xu, von Cresce & Lee, Langmuir 26 (2010) 11538) [assumed transfer to the CEI]"),
        "stability.oxidation_onset_current_uA_cm2": ([5, 5, 5, 5, 5], lognormal(3),
            "assumed: a reported stability window is where an LSV current crosses ~1-10 uA/cm2 (DOMAIN B 5.6)"),
        "stability.oxidation_passivation_charge_mAh_cm2": ([0.005, 0.005, 0.005, 0.005, 0.005], lognormal(5),
            "assumed: a passivating CEI of a few nm halves the oxidation current (DOMAIN B 5.6)"),
        "stability.charge_parasitic_fraction": ([0.001, 0.001, 0.001, 0.001, 0.001], lognormal(3),
            "assumed: Li | polymer or gel | LFP coin cells commonly show CE 99.5-99.95 %"),
        "stability.charge_parasitic_activation_energy_kJ_mol": ([30, 30, 30, 30, 30], normal(15), "assumed: electrolyte oxidation (DOMAIN B 5.3)"),
    ]
}
