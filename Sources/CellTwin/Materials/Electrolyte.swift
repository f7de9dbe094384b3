import Foundation

/// Degradation rates of a Li | electrolyte | cathode cell (DOMAIN A4, B §5). Each rate is Arrhenius in
/// temperature with its own activation energy, referred to `referenceTemperature_K`. SI units.
public struct AgingParameters: Sendable, Equatable {
    public var referenceTemperature_K: Double
    /// Li-side interphase, parabolic: d(ASR²)/dt = k_cal + k_pl·|J_plate|  (Ω² m⁴ s⁻¹; Ω² m⁴ per C m⁻²).
    public var seiCalendarRate_ohm2m4_s: Double
    public var seiPlatingRate_ohm2m4_per_C_m2: Double
    public var seiActivationEnergy_J_mol: Double
    /// Li inventory: dQ_lost/dt = (1 − CE_Li)·|J_plate|; (1 − CE_Li) at T_ref and its activation energy.
    public var lithiumInefficiency: Double
    public var lithiumLossActivationEnergy_J_mol: Double
    /// Cathode interphase: dASR_CEI/dt = k_CEI·exp((V − V_ox)/V_s)  (Ω m² s⁻¹ at V = V_ox).
    public var ceiRate_ohm_m2_s: Double
    public var ceiVoltageScale_V: Double
    public var ceiActivationEnergy_J_mol: Double
    /// Li–S polysulfide shuttle: parasitic current on charge I_sh = k_s·Q₀·f_H, with f_H the
    /// upper-plateau (high-order polysulfide) fraction of the cathode (s⁻¹).
    public var shuttleRate_per_s: Double
    public var shuttleActivationEnergy_J_mol: Double
    /// Electrolyte-induced loss of active material (cathode–electrolyte contact loss), added to the
    /// cathode's own: per unit of throughput over Q₀ (a full cycle passes 2·Q₀).
    public var contactLossRate: Double
    public var contactLossActivationEnergy_J_mol: Double
    /// J_ref of the current-density exponents below, A m⁻² (0.1 mA cm⁻² unless the file says otherwise).
    public var currentReference_A_m2: Double
    /// m_Li: (1 − CE_Li) ∝ (J_plate/J_ref)^m_Li (DOMAIN B §5.5; a prior of 0.5–1.5).
    public var lithiumLossCurrentExponent: Double
    /// m_SEI: SEI growth per plated charge ∝ (J_plate/J_ref)^m_SEI.
    public var seiPlatingCurrentExponent: Double
    /// Share of the Li loss at T_ref that is inactive ("dead") metallic Li; its activation energy is negative (less
    /// dead Li when warm) while the rest (SEI) follows `lithiumLossActivationEnergy_J_mol` (DOMAIN B §5.5).
    public var deadLithiumFraction: Double
    public var deadLithiumActivationEnergy_J_mol: Double
    /// r: contact loss per cycle ∝ (C-rate)^r, referred to 1C (``ActiveMaterialLossLaw``).
    public var contactLossRateExponent: Double

    public init(referenceTemperature_K: Double = 298.15, seiCalendarRate_ohm2m4_s: Double = 0,
                seiPlatingRate_ohm2m4_per_C_m2: Double = 0, seiActivationEnergy_J_mol: Double = 0,
                lithiumInefficiency: Double = 0, lithiumLossActivationEnergy_J_mol: Double = 0,
                ceiRate_ohm_m2_s: Double = 0, ceiVoltageScale_V: Double = 0.1, ceiActivationEnergy_J_mol: Double = 0,
                shuttleRate_per_s: Double = 0, shuttleActivationEnergy_J_mol: Double = 0,
                contactLossRate: Double = 0, contactLossActivationEnergy_J_mol: Double = 0,
                currentReference_A_m2: Double = 1, lithiumLossCurrentExponent: Double = 0,
                seiPlatingCurrentExponent: Double = 0, deadLithiumFraction: Double = 0,
                deadLithiumActivationEnergy_J_mol: Double = 0, contactLossRateExponent: Double = 0) {
        self.referenceTemperature_K = referenceTemperature_K
        self.seiCalendarRate_ohm2m4_s = seiCalendarRate_ohm2m4_s
        self.seiPlatingRate_ohm2m4_per_C_m2 = seiPlatingRate_ohm2m4_per_C_m2
        self.seiActivationEnergy_J_mol = seiActivationEnergy_J_mol
        self.lithiumInefficiency = lithiumInefficiency
        self.lithiumLossActivationEnergy_J_mol = lithiumLossActivationEnergy_J_mol
        self.ceiRate_ohm_m2_s = ceiRate_ohm_m2_s
        self.ceiVoltageScale_V = ceiVoltageScale_V
        self.ceiActivationEnergy_J_mol = ceiActivationEnergy_J_mol
        self.shuttleRate_per_s = shuttleRate_per_s
        self.shuttleActivationEnergy_J_mol = shuttleActivationEnergy_J_mol
        self.contactLossRate = contactLossRate
        self.contactLossActivationEnergy_J_mol = contactLossActivationEnergy_J_mol
        self.currentReference_A_m2 = currentReference_A_m2
        self.lithiumLossCurrentExponent = lithiumLossCurrentExponent
        self.seiPlatingCurrentExponent = seiPlatingCurrentExponent
        self.deadLithiumFraction = deadLithiumFraction
        self.deadLithiumActivationEnergy_J_mol = deadLithiumActivationEnergy_J_mol
        self.contactLossRateExponent = contactLossRateExponent
    }

    /// No degradation at all.
    public static let none = AgingParameters()

    /// Arrhenius factor k(T)/k(T_ref) for an activation energy.
    public func factor(_ activationEnergy_J_mol: Double, at temperature_K: Double) -> Double {
        Arrhenius(referenceValue: 1, activationEnergy_J_mol: activationEnergy_J_mol,
                  referenceTemperature_K: referenceTemperature_K).factor(at: temperature_K)
    }
}

/// Cell-format assumptions of the study an electrolyte comes from (used unless a scenario says otherwise).
public struct CellFormat: Sendable, Equatable {
    /// Cathode active-material loading, kg m⁻² (nil: the cathode's default).
    public var cathodeLoading_kg_m2: Double?
    /// The cathode that loading refers to (nil: any); other cathodes use their own default.
    public var loadingCathodeID: String?
    /// Electrode area, m².
    public var electrodeArea_m2: Double
    /// Contact (current-collector, wiring) ASR, Ω m².
    public var contactASR_ohm_m2: Double
    /// Li foil thickness, m (nil: the anode's default).
    public var lithiumThickness_m: Double?
    /// C-rate of the CC charge in the study's rate-capability tests when it differs from the discharge rate
    /// (nil: charged at the discharge rate up to 1C, at 0.1C above 1C).
    public var rateTestChargeCRate: Double?
    /// The study's own electrodes: cathode parameters that differ from the shipped cathode model, by cathode ID
    /// (DOMAIN A5: rate capability calibrates τ_s(T) and i₀,C of the electrode the study made).
    public var electrodes: [String: ElectrodeOverrides]

    public init(cathodeLoading_kg_m2: Double? = nil, loadingCathodeID: String? = nil, electrodeArea_m2: Double = 1.13e-4,
                contactASR_ohm_m2: Double = 0, lithiumThickness_m: Double? = nil, rateTestChargeCRate: Double? = nil,
                electrodes: [String: ElectrodeOverrides] = [:]) {
        self.cathodeLoading_kg_m2 = cathodeLoading_kg_m2
        self.loadingCathodeID = loadingCathodeID
        self.electrodeArea_m2 = electrodeArea_m2
        self.contactASR_ohm_m2 = contactASR_ohm_m2
        self.lithiumThickness_m = lithiumThickness_m
        self.rateTestChargeCRate = rateTestChargeCRate
        self.electrodes = electrodes
    }

    /// The charge C-rate of a rate-capability test discharged at `dischargeCRate`.
    public func rateTestChargeCRate(forDischarge dischargeCRate: Double) -> Double {
        rateTestChargeCRate ?? Self.defaultChargeCRate(forDischarge: dischargeCRate)
    }

    /// Charge at the discharge rate up to 1C, at 0.1C above (a lab cell is rarely charged faster than 1C).
    public static func defaultChargeCRate(forDischarge dischargeCRate: Double) -> Double {
        dischargeCRate > 1 ? 0.1 : dischargeCRate
    }
}

/// Parameters of a study's composite cathode that replace the shipped cathode model's (nil: keep the model's).
/// SI units.
public struct ElectrodeOverrides: Sendable, Equatable {
    /// τ_s = R_p²/D_s at the cathode's reference temperature, s.
    public var diffusionTime_s: Double?
    /// Activation energy of D_s, J mol⁻¹.
    public var diffusionActivationEnergy_J_mol: Double?
    /// Areal exchange current density at the cathode's reference temperature, A m⁻².
    public var exchangeCurrent_A_m2: Double?
    /// Accessible charge per kg of active material per unit stoichiometry, C kg⁻¹.
    public var specificCapacity_C_kg: Double?
    /// Electrolyte volume fraction ε of the study's electrode (DOMAIN B §2.6).
    public var porosity: Double?

    public init(diffusionTime_s: Double? = nil, diffusionActivationEnergy_J_mol: Double? = nil,
                exchangeCurrent_A_m2: Double? = nil, specificCapacity_C_kg: Double? = nil, porosity: Double? = nil) {
        self.diffusionTime_s = diffusionTime_s
        self.diffusionActivationEnergy_J_mol = diffusionActivationEnergy_J_mol
        self.exchangeCurrent_A_m2 = exchangeCurrent_A_m2
        self.specificCapacity_C_kg = specificCapacity_C_kg
        self.porosity = porosity
    }

    /// `cathode` with these parameters in place of its own.
    public func applied(to cathode: Cathode) -> Cathode {
        var c = cathode
        if let t = diffusionTime_s { c.diffusionTime_s = t }
        if let e = diffusionActivationEnergy_J_mol { c.diffusionActivationEnergy_J_mol = e }
        if let i = exchangeCurrent_A_m2 { c.exchangeCurrent.referenceValue = i }
        if let q = specificCapacity_C_kg { c.specificCapacity_C_kg = q }
        if let e = porosity { c.poreGeometry?.porosity = e }
        return c
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
    /// Activation energies of ionic conduction through the Li-side and the cathode-side interphase, J mol⁻¹: the film
    /// ASRs above (and their aging states) are values at the Li interface's reference temperature and scale with
    /// ``lithiumInterphaseFactor(at:)`` and ``cathodeInterphaseFactor(at:)`` (0: a film independent of T).
    public var lithiumInterphaseActivationEnergy_J_mol: Double = 0
    public var cathodeInterphaseActivationEnergy_J_mol: Double = 0
    /// Anodic stability limit vs Li/Li⁺, V.
    public var oxidationLimit_V: Double
    public var shortLaw: ShortLaw
    /// Void formation at the Li interface on stripping (DOMAIN B §4.6).
    public var voidLaw: LithiumVoidLaw
    /// Electrolyte oxidation at the cathode (DOMAIN B §5.6).
    public var oxidation: OxidationLaw
    public var aging: AgingParameters
    public var referenceCell: CellFormat
    /// Electronic conductivity of the membrane σ_e(T), S m⁻¹ (0: an ideal electronic insulator). The residual
    /// electronic leakage it carries self-discharges a cell internally (Alt & Janek, Nature Energy 2026,
    /// doi:10.1038/s41560-026-02038-1): see ``leakageConductance_S_m2(at:)``.
    public var electronicConductivity: Arrhenius

    public init(id: String, name: String, study: String, family: String, conductivity: ConductivityLaw,
                validTemperatureRange_K: ClosedRange<Double>, transferenceNumber: Double, thickness_m: Double,
                saltConcentration_mol_m3: Double, diffusivity: Arrhenius, lithiumExchangeCurrent: Arrhenius,
                lithiumInterphaseASR_ohm_m2: Double, cathodeInterphaseASR_ohm_m2: Double, oxidationLimit_V: Double,
                shortLaw: ShortLaw, voidLaw: LithiumVoidLaw? = nil, oxidation: OxidationLaw = OxidationLaw(onsetCurrent_A_m2: 0),
                aging: AgingParameters = .none, referenceCell: CellFormat,
                electronicConductivity: Arrhenius = Arrhenius(referenceValue: 0, activationEnergy_J_mol: 0,
                                                              referenceTemperature_K: 298.15)) {
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
        // Built in code without a void law: the family's critical stripping current (for the critical-current
        // criteria) but no void growth; model files set every key (``ElectrolyteKeys``).
        self.voidLaw = voidLaw ?? LithiumVoidLaw(criticalStrippingCurrent: FamilyPriors.criticalStrippingCurrent(
            family: family, referenceTemperature_K: lithiumExchangeCurrent.referenceTemperature_K), voidCharge_C_m2: .infinity)
        self.oxidation = oxidation
        self.aging = aging
        self.referenceCell = referenceCell
        self.electronicConductivity = electronicConductivity
    }

    /// Electronic leakage conductance of the membrane σ_e(T)/L, S m⁻²: the leakage current density is this times
    /// the voltage across the membrane.
    public func leakageConductance_S_m2(at temperature_K: Double) -> Double {
        electronicConductivity.referenceValue > 0 ? electronicConductivity.value(at: temperature_K) / thickness_m : 0
    }

    /// ASR_SEI(T)/ASR_SEI(T_ref) = exp[(E_SEI/R)(1/T − 1/T_ref)], T_ref the `[lithium_interface]` reference temperature:
    /// a film conducts ions by thermally activated hopping, so its resistance falls as σ_film rises (DOMAIN B §3;
    /// SEI ionic-conduction activation energies of 0.3–0.7 eV: Hess, arXiv:1801.09676 (2018); Xu, von Cresce & Lee,
    /// Langmuir 26 (2010) 11538).
    public func lithiumInterphaseFactor(at temperature_K: Double) -> Double {
        Self.filmFactor(lithiumInterphaseActivationEnergy_J_mol, lithiumExchangeCurrent.referenceTemperature_K, temperature_K)
    }

    /// ASR_CEI(T)/ASR_CEI(T_ref), as ``lithiumInterphaseFactor(at:)`` with the cathode film's activation energy.
    public func cathodeInterphaseFactor(at temperature_K: Double) -> Double {
        Self.filmFactor(cathodeInterphaseActivationEnergy_J_mol, lithiumExchangeCurrent.referenceTemperature_K, temperature_K)
    }

    private static func filmFactor(_ ea_J_mol: Double, _ reference_K: Double, _ temperature_K: Double) -> Double {
        ea_J_mol == 0 ? 1 : exp((ea_J_mol / Physical.gas) * (1 / temperature_K - 1 / reference_K))
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
