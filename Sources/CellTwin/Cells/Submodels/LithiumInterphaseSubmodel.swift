import Foundation

/// The Li-side interphase (SEI) of one Li electrode as a submodel (DOMAIN A4, B §5.1, §5.5): its state
/// s = ASR_SEI² (Ω² m⁴, the value at the interphase's reference temperature) grows parabolically by calendar aging and
/// per plated charge, ds/dt = ``LithiumLossLaw/interphaseGrowth(platingCurrent_A_m2:)`` at J_plate. The cell reads
/// √s in its series ASR (over the contact 1 − v).
///
/// The full cell has one (the anode), the Li | E | Li cell one per electrode.
public struct LithiumInterphaseSubmodel: CellSubmodel {
    public var law: LithiumLossLaw
    public var firstIndex = 0
    /// The state's name and scale (stored as plain values: the submodel stays a trivial value in the hot loop).
    public let name: StaticString
    public let scale: Double
    public var states: [SubmodelState] {
        [SubmodelState(name.description, scale: scale, mechanism: .resistance, skipScale: .ownValue(floor: 1e-12))]
    }

    /// `name` and `scale` of the state: ASR² in Ω² m⁴, 1e-8 being a 1 Ω cm² film.
    public init(law: LithiumLossLaw, name: StaticString = "sei_asr_squared_ohm2_m4", scale: Double = 1e-8) {
        self.law = law
        self.name = name
        self.scale = scale
    }

    public static let electrolyteKeys = [
        "lithium_interface.interphase_asr_ohm_cm2", "aging.reference_temperature_C",
        "aging.sei_calendar_growth_ohm2_cm4_h", "aging.sei_plating_growth_ohm2_cm4_per_mAh_cm2",
        "aging.sei_activation_energy_kJ_mol", "aging.sei_plating_current_exponent", "aging.current_reference_mA_cm2",
        "lithium_interface.interphase_activation_energy_kJ_mol",
    ]

    /// The state's index.
    @inline(__always)
    public var index: Int { firstIndex }

    /// A fresh film: s = ASR_SEI,0² (``SubmodelInitialCondition/lithiumInterphaseASR_ohm_m2``).
    public func initialize(_ y: UnsafeMutablePointer<Double>, _ fresh: SubmodelInitialCondition) {
        let asr = fresh.lithiumInterphaseASR_ohm_m2
        y[firstIndex] = asr * asr
    }

    @inline(__always)
    public func addRates(_ c: SubmodelContext, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) {
        dydt[firstIndex] = law.interphaseGrowth(platingCurrent_A_m2: c.platingCurrent_A_m2)
    }

    /// ∂/∂J = −(d growth/dJ_plate) while plating; no dependence on the state itself.
    @inline(__always)
    public func addJacobian(_ c: SubmodelContext, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                            dimension n: Int, dfdJ: UnsafeMutablePointer<Double>) {
        dfdJ[firstIndex] = c.current_A_m2 < 0 ? -law.interphaseGrowthDerivative(platingCurrent_A_m2: c.platingCurrent_A_m2) : 0
    }
}

// MARK: - Model-file keys

extension ElectrolyteKeys {
    /// The electrolyte keys ``LithiumInterphaseSubmodel`` declares.
    static let lithiumInterphaseKeys: [ElectrolyteKey] = [
        scalar("lithium_interface", "interphase_asr_ohm_cm2", "Ω·cm²", si: "Ω·m²", scale: 1e-4, \.lithiumInterphaseASR_ohm_m2,
               domain: asr_ohm_cm2, fit: positive,
               doc: "initial ASR of the SEI film on one Li electrode. A symmetric cell's EIS interface resistance R (Ω) holds two interfaces, so the per-electrode ASR is R·A/2 = R_ct + film"),
        kJ("lithium_interface", "interphase_activation_energy_kJ_mol", \.lithiumInterphaseActivationEnergy_J_mol, absent: .familyDefault,
           doc: "E_SEI of ionic conduction through the Li-side film: ASR_SEI(T) = ASR_SEI(T_ref)·exp[(E_SEI/R)(1/T − 1/T_ref)], T_ref this table's reference temperature (the film's growth states are values at T_ref)"),
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
        scalar("aging", "sei_plating_current_exponent", "", si: "—", scale: 1, \.aging.seiPlatingCurrentExponent, domain: .closed(0...5),
               absent: .familyDefault, fit: nil, doc: "m_SEI: SEI growth per plated charge ∝ (J_plate/J_ref)^m_SEI"),
    ]
}

extension LithiumInterphaseSubmodel {
    public static var declaredElectrolyteKeys: [ElectrolyteKey] { ElectrolyteKeys.lithiumInterphaseKeys }
}
