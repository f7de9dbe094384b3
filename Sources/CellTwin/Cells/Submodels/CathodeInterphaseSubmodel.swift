import Foundation

/// Electrolyte oxidation's two aging states (DOMAIN B §5.6, ``OxidationLaw``), two submodels kept apart in the layout
/// (the cathode interphase next to the other films, the oxidation charge last):
/// - ``CathodeInterphaseSubmodel``: ASR_CEI (Ω m², the value at the film's reference temperature), built by the
///   potential-driven oxidation current, dASR_CEI/dt = ρ_CEI·i_ox;
/// - ``OxidationChargeSubmodel``: Q_ox (C m⁻²), the charge that current has passed, which passivates it
///   (i_ox ∝ 1/(1 + Q_ox/q_p)).
/// The cell evaluates i_ox itself (it re-lithiates the cathode, so it enters dx̄/dt) and hands its film-forming part
/// over in ``SubmodelContext/filmFormingOxidation_A_m2``; the charge-proportional part ε·J_plate (soluble products)
/// builds no film.
public struct CathodeInterphaseSubmodel: CellSubmodel {
    /// ρ_CEI, Ω m² per C m⁻² of oxidation charge.
    public var filmPerCharge_ohm_m2_per_C_m2: Double
    /// 1/q_p, m² C⁻¹.
    public var inversePassivationCharge: Double
    public var firstIndex = 0
    /// Index of Q_ox (``OxidationChargeSubmodel``), set by the cell; nil: none.
    public var oxidationChargeIndex: Int?
    public var states: [SubmodelState] {
        [SubmodelState("cei_asr_ohm_m2", scale: 1e-4, mechanism: .resistance, skipScale: .seriesResistance(floor: 1e-9))]
    }

    public init(oxidation: OxidationLaw.Resolved) {
        filmPerCharge_ohm_m2_per_C_m2 = oxidation.filmPerCharge_ohm_m2_per_C_m2
        inversePassivationCharge = oxidation.inversePassivationCharge
    }

    public static let electrolyteKeys = [
        "cathode_interface.interphase_asr_ohm_cm2", "aging.cei_growth_ohm_cm2_h", "stability.oxidation_onset_current_uA_cm2",
        "cathode_interface.interphase_activation_energy_kJ_mol", "aging.cei_voltage_scale_V", "aging.cei_activation_energy_kJ_mol",
    ]

    @inline(__always)
    public var index: Int { firstIndex }

    /// A fresh film: ASR_CEI,0 (``SubmodelInitialCondition/cathodeInterphaseASR_ohm_m2``).
    public func initialize(_ y: UnsafeMutablePointer<Double>, _ fresh: SubmodelInitialCondition) {
        y[firstIndex] = fresh.cathodeInterphaseASR_ohm_m2
    }

    @inline(__always)
    public func addRates(_ c: SubmodelContext, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) {
        dydt[firstIndex] = filmPerCharge_ohm_m2_per_C_m2 * c.filmFormingOxidation_A_m2
    }

    /// ∂/∂Q_ox through the passivation, −ρ·i_ox/(q_p + Q_ox); the dependence on J through the cathode potential is
    /// omitted (a parasitic current, see ``CellSubmodel``).
    @inline(__always)
    public func addJacobian(_ c: SubmodelContext, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                            dimension n: Int, dfdJ: UnsafeMutablePointer<Double>) {
        dfdJ[firstIndex] = 0
        guard let q = oxidationChargeIndex else { return }
        dfdy[firstIndex * n + q] = filmPerCharge_ohm_m2_per_C_m2
            * OxidationChargeSubmodel.passivationSlope(c.filmFormingOxidation_A_m2, charge: y[q], inverse: inversePassivationCharge)
    }
}

public struct OxidationChargeSubmodel: CellSubmodel {
    /// 1/q_p, m² C⁻¹.
    public var inversePassivationCharge: Double
    public var firstIndex = 0
    /// Q₀, C m⁻², the state's scale.
    public let nominalCapacity_C_m2: Double
    public var states: [SubmodelState] {
        [SubmodelState("oxidation_charge_C_m2", scale: nominalCapacity_C_m2, mechanism: .resistance, skipScale: .nominalCapacity)]
    }

    /// `nominalCapacity_C_m2`: Q₀, the state's scale.
    public init(oxidation: OxidationLaw.Resolved, nominalCapacity_C_m2 q0: Double) {
        inversePassivationCharge = oxidation.inversePassivationCharge
        nominalCapacity_C_m2 = q0
    }

    public static let electrolyteKeys = [
        "stability.oxidation_limit_V", "stability.oxidation_onset_current_uA_cm2",
        "stability.oxidation_passivation_charge_mAh_cm2", "aging.cei_voltage_scale_V", "aging.cei_activation_energy_kJ_mol",
        "aging.reference_temperature_C", "stability.charge_parasitic_fraction", "stability.charge_parasitic_activation_energy_kJ_mol",
    ]

    @inline(__always)
    public var index: Int { firstIndex }

    /// ∂i_ox/∂Q_ox = −i_ox/(q_p + Q_ox) = −i_ox·(1/q_p)/(1 + Q_ox/q_p) (0 while Q_ox ≤ 0, where the law clamps it).
    @inline(__always)
    static func passivationSlope(_ current: Double, charge q: Double, inverse: Double) -> Double {
        q > 0 ? -current * inverse / (1 + q * inverse) : 0
    }

    @inline(__always)
    public func addRates(_ c: SubmodelContext, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) {
        dydt[firstIndex] = c.filmFormingOxidation_A_m2
    }

    @inline(__always)
    public func addJacobian(_ c: SubmodelContext, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                            dimension n: Int, dfdJ: UnsafeMutablePointer<Double>) {
        dfdJ[firstIndex] = 0
        dfdy[firstIndex * n + firstIndex] = Self.passivationSlope(c.filmFormingOxidation_A_m2, charge: y[firstIndex],
                                                                  inverse: inversePassivationCharge)
    }
}

// MARK: - Model-file keys

extension ElectrolyteKeys {
    /// The electrolyte keys ``CathodeInterphaseSubmodel`` declares.
    static let cathodeInterphaseKeys: [ElectrolyteKey] = [
        scalar("cathode_interface", "interphase_asr_ohm_cm2", "Ω·cm²", si: "Ω·m²", scale: 1e-4, \.cathodeInterphaseASR_ohm_m2,
               domain: asr_ohm_cm2, fit: positive, doc: "initial ASR of the cathode-side film (CEI) at the `[lithium_interface]` reference temperature"),
        kJ("cathode_interface", "interphase_activation_energy_kJ_mol", \.cathodeInterphaseActivationEnergy_J_mol, absent: .familyDefault,
           doc: "E_CEI of ionic conduction through the cathode-side film, as `[lithium_interface]` `interphase_activation_energy_kJ_mol` about the same reference temperature"),
        // Ω cm² h⁻¹ → Ω m² s⁻¹: × 1e-4 / 3600.
        scalar("aging", "cei_growth_ohm_cm2_h", "Ω·cm²/h", si: "Ω·m²/s", scale: 1e-4, divisor: 3600, \.aging.ceiRate_ohm_m2_s,
               domain: .closed(0...1e4), absent: .familyDefault, fit: positive, doc: "dASR_CEI/dt at V = the oxidation limit"),
        scalar("aging", "cei_voltage_scale_V", "V", si: "V", scale: 1, \.aging.ceiVoltageScale_V, domain: .closed(1e-3...1),
               absent: .familyDefault, doc: "V_s in exp((V − V_ox)/V_s)"),
        kJ("aging", "cei_activation_energy_kJ_mol", \.aging.ceiActivationEnergy_J_mol, absent: .familyDefault, doc: "E_a of CEI growth"),
    ]
}

extension CathodeInterphaseSubmodel {
    public static var declaredElectrolyteKeys: [ElectrolyteKey] { ElectrolyteKeys.cathodeInterphaseKeys }
}

extension ElectrolyteKeys {
    /// The electrolyte keys ``OxidationChargeSubmodel`` declares.
    static let oxidationChargeKeys: [ElectrolyteKey] = [
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
}

extension OxidationChargeSubmodel {
    public static var declaredElectrolyteKeys: [ElectrolyteKey] { ElectrolyteKeys.oxidationChargeKeys }
}
