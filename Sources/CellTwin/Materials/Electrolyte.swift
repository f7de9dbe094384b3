import Foundation

/// Empirical short-circuit damage law (DOMAIN A4, B §4.5 item 2):
/// dΦ/dt = (|J_plate|/J_ref)ⁿ · exp[−(E_a/R)(1/T − 1/T_ref)] / τ_ref; a short when Φ ≥ 1.
public struct ShortLaw: Sendable, Equatable {
    /// J_ref, A m⁻².
    public var referenceCurrent_A_m2: Double
    /// n (dimensionless).
    public var exponent: Double
    /// τ_ref: plating time to short at J_ref and T_ref, s. Infinity disables the law.
    public var referenceTime_s: Double
    public var activationEnergy_J_mol: Double
    public var referenceTemperature_K: Double

    public init(referenceCurrent_A_m2: Double, exponent: Double, referenceTime_s: Double,
                activationEnergy_J_mol: Double, referenceTemperature_K: Double) {
        self.referenceCurrent_A_m2 = referenceCurrent_A_m2
        self.exponent = exponent
        self.referenceTime_s = referenceTime_s
        self.activationEnergy_J_mol = activationEnergy_J_mol
        self.referenceTemperature_K = referenceTemperature_K
    }

    /// dΦ/dt in s⁻¹ at plating current density `current_A_m2` and temperature T.
    public func damageRate(current_A_m2: Double, temperature_K: Double) -> Double {
        guard referenceTime_s.isFinite else { return 0 }
        let a = Arrhenius(referenceValue: 1 / referenceTime_s, activationEnergy_J_mol: activationEnergy_J_mol,
                          referenceTemperature_K: referenceTemperature_K)
        return pow(abs(current_A_m2) / referenceCurrent_A_m2, exponent) * a.value(at: temperature_K)
    }
}

/// Cell-format assumptions of the study an electrolyte comes from (used unless a scenario says otherwise).
public struct CellFormat: Sendable, Equatable {
    /// Cathode active-material loading, kg m⁻² (nil: the cathode's default).
    public var cathodeLoading_kg_m2: Double?
    /// Electrode area, m².
    public var electrodeArea_m2: Double
    /// Contact (current-collector, wiring) ASR, Ω m².
    public var contactASR_ohm_m2: Double
    /// Li foil thickness, m (nil: the anode's default).
    public var lithiumThickness_m: Double?

    public init(cathodeLoading_kg_m2: Double? = nil, electrodeArea_m2: Double = 1.13e-4,
                contactASR_ohm_m2: Double = 0, lithiumThickness_m: Double? = nil) {
        self.cathodeLoading_kg_m2 = cathodeLoading_kg_m2
        self.electrodeArea_m2 = electrodeArea_m2
        self.contactASR_ohm_m2 = contactASR_ohm_m2
        self.lithiumThickness_m = lithiumThickness_m
    }
}

/// A solid, polymer or gel electrolyte (DOMAIN A2–A4, B §2–§4). SI units inside.
public struct Electrolyte: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Study tag as in seed-measurements.csv (e.g. "li2022").
    public var study: String
    /// polymer, gel, single-ion, composite …
    public var family: String
    public var conductivity: ConductivityLaw
    /// Temperatures (K) where the parameter set is meant to be used.
    public var validTemperatureRange_K: ClosedRange<Double>
    /// Li⁺ transference number t₊ (Bruce–Vincent current fraction), 0 < t₊ ≤ 1.
    public var transferenceNumber: Double
    /// Electrolyte thickness L, m.
    public var thickness_m: Double
    /// Bulk salt concentration c₀, mol m⁻³.
    public var saltConcentration_mol_m3: Double
    /// Ambipolar salt diffusivity D, m² s⁻¹, Arrhenius.
    public var diffusivity: Arrhenius
    /// Li | E exchange current density, A m⁻², Arrhenius.
    public var lithiumExchangeCurrent: Arrhenius
    /// Initial Li-side interphase ASR per electrode, Ω m².
    public var lithiumInterphaseASR_ohm_m2: Double
    /// Initial cathode-side interphase ASR, Ω m².
    public var cathodeInterphaseASR_ohm_m2: Double
    /// Anodic stability limit vs Li/Li⁺, V.
    public var oxidationLimit_V: Double
    public var shortLaw: ShortLaw
    public var referenceCell: CellFormat

    public init(id: String, name: String, study: String, family: String, conductivity: ConductivityLaw,
                validTemperatureRange_K: ClosedRange<Double>, transferenceNumber: Double, thickness_m: Double,
                saltConcentration_mol_m3: Double, diffusivity: Arrhenius, lithiumExchangeCurrent: Arrhenius,
                lithiumInterphaseASR_ohm_m2: Double, cathodeInterphaseASR_ohm_m2: Double, oxidationLimit_V: Double,
                shortLaw: ShortLaw, referenceCell: CellFormat) {
        self.id = id
        self.name = name
        self.study = study
        self.family = family
        self.conductivity = conductivity
        self.validTemperatureRange_K = validTemperatureRange_K
        self.transferenceNumber = transferenceNumber
        self.thickness_m = thickness_m
        self.saltConcentration_mol_m3 = saltConcentration_mol_m3
        self.diffusivity = diffusivity
        self.lithiumExchangeCurrent = lithiumExchangeCurrent
        self.lithiumInterphaseASR_ohm_m2 = lithiumInterphaseASR_ohm_m2
        self.cathodeInterphaseASR_ohm_m2 = cathodeInterphaseASR_ohm_m2
        self.oxidationLimit_V = oxidationLimit_V
        self.shortLaw = shortLaw
        self.referenceCell = referenceCell
    }

    /// Bulk ASR L/σ(T), Ω m² (DOMAIN B §2.2).
    public func bulkASR_ohm_m2(at temperature_K: Double) -> Double {
        thickness_m / conductivity.sigma_S_m(at: temperature_K)
    }

    /// Concentration-polarization resistance R_d = ASR_b(1 − t₊)/t₊, Ω m² (DOMAIN A2, B §2.4).
    public func diffusionASR_ohm_m2(at temperature_K: Double) -> Double {
        bulkASR_ohm_m2(at: temperature_K) * (1 - transferenceNumber) / transferenceNumber
    }

    /// Slowest diffusion relaxation τ_d = L²/(π² D), s (DOMAIN B §2.4).
    public func diffusionTime_s(at temperature_K: Double) -> Double {
        thickness_m * thickness_m / (Double.pi * Double.pi * diffusivity.value(at: temperature_K))
    }

    /// Limiting current J_lim = 2F c₀ D/((1 − t₊)L), A m⁻² (DOMAIN B §2.4, §4.2).
    public func limitingCurrent_A_m2(at temperature_K: Double) -> Double {
        let ta = 1 - transferenceNumber
        guard ta > 0 else { return .infinity }
        return 2 * Physical.faraday * saltConcentration_mol_m3 * diffusivity.value(at: temperature_K) / (ta * thickness_m)
    }

    /// Sand's time t_s = πD(c₀F)²/(4(J(1 − t₊))²), s (DOMAIN B §4.1). Infinite for t₊ = 1.
    public func sandTime_s(current_A_m2: Double, temperature_K: Double) -> Double {
        let ta = 1 - transferenceNumber
        guard ta > 0, current_A_m2 != 0 else { return .infinity }
        let cF = saltConcentration_mol_m3 * Physical.faraday
        let jt = current_A_m2 * ta
        return Double.pi * diffusivity.value(at: temperature_K) * cF * cF / (4 * jt * jt)
    }
}

/// The lithium-metal negative electrode (DOMAIN B §0, §5.2).
public struct LithiumAnode: Sendable, Equatable {
    /// Li foil thickness, m.
    public var thickness_m: Double
    /// Density, kg m⁻³.
    public var density_kg_m3: Double
    /// Specific capacity, C kg⁻¹.
    public var specificCapacity_C_kg: Double

    public init(thickness_m: Double, density_kg_m3: Double = 534, specificCapacity_C_kg: Double = 3861 * 3600) {
        self.thickness_m = thickness_m
        self.density_kg_m3 = density_kg_m3
        self.specificCapacity_C_kg = specificCapacity_C_kg
    }

    /// Areal Li capacity, C m⁻² (20 µm ≙ 4.12 mAh cm⁻²).
    public var capacity_C_m2: Double { thickness_m * density_kg_m3 * specificCapacity_C_kg }

    /// The same foil with another thickness.
    public func withThickness(_ thickness_m: Double) -> LithiumAnode {
        var a = self
        a.thickness_m = thickness_m
        return a
    }
}
