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
        "aging.reference_temperature_C",
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
