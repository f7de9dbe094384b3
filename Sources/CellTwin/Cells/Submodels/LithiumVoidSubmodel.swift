import Foundation

/// Interfacial voids of one Li electrode as a submodel (DOMAIN B §4.6, §5.5): the void fraction v opens while the
/// electrode strips faster than Li is replenished and fills while it plates,
/// dv/dt = ``LithiumVoidLaw/Resolved/rate(strippingCurrent_A_m2:voidFraction:)``. The cell reads the contact 1 − v
/// (interphase ASR and exchange current over the contact; plating focused for ``ShortDamageSubmodel``).
///
/// The full cell has one (the anode), the Li | E | Li cell one per electrode.
public struct LithiumVoidSubmodel: CellSubmodel {
    public var law: LithiumVoidLaw.Resolved
    public var firstIndex = 0
    public let name: StaticString
    /// Voids settle below full detachment (v* = xᵖ/(1 + xᵖ) < 1, ``LithiumVoidLaw``): a skipped block covers at most half
    /// the contact left, so that a linear extrapolation cannot detach the interface (v ≥ 1).
    public var states: [SubmodelState] {
        [SubmodelState(name.description, bounds: 0...1, mechanism: .resistance).limiting(.fractionOfRemainingRange(0.5))]
    }

    public init(law: LithiumVoidLaw.Resolved, name: StaticString = "void_fraction") {
        self.law = law
        self.name = name
    }

    public static let electrolyteKeys = [
        "lithium_interface.critical_stripping_current_mA_cm2", "lithium_interface.critical_stripping_activation_energy_kJ_mol",
        "lithium_interface.void_charge_mAh_cm2", "lithium_interface.void_exponent", "lithium_interface.plating_critical_ratio",
    ]

    @inline(__always)
    public var index: Int { firstIndex }

    @inline(__always)
    public func addRates(_ c: SubmodelContext, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) {
        dydt[firstIndex] = law.rate(strippingCurrent_A_m2: c.current_A_m2, voidFraction: y[firstIndex])
    }

    @inline(__always)
    public func addJacobian(_ c: SubmodelContext, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                            dimension n: Int, dfdJ: UnsafeMutablePointer<Double>) {
        let p = law.partials(strippingCurrent_A_m2: c.current_A_m2, voidFraction: y[firstIndex])
        dfdy[firstIndex * n + firstIndex] = p.void
        dfdJ[firstIndex] = p.current
    }
}

// MARK: - Model-file keys

extension ElectrolyteKeys {
    /// The electrolyte keys ``LithiumVoidSubmodel`` declares.
    static let lithiumVoidKeys: [ElectrolyteKey] = [
        scalar("lithium_interface", "critical_stripping_current_mA_cm2", "mA/cm²", si: "A/m²", scale: 10,
               \.voidLaw.criticalStrippingCurrent.referenceValue, domain: .closedOrInfinite(1e-4...1e3), absent: .familyDefault, fit: positive,
               doc: "J_strip,c: stripping faster opens voids at the interface (DOMAIN B §4.6); the interface criterion of the critical current"),
        kJ("lithium_interface", "critical_stripping_activation_energy_kJ_mol", \.voidLaw.criticalStrippingCurrent.activationEnergy_J_mol,
           domain: signedActivation, absent: .familyDefault, fit: nil, doc: "Arrhenius E_a of J_strip,c"),
        scalar("lithium_interface", "void_charge_mAh_cm2", "mAh/cm²", si: "C/m²", scale: 36_000, \.voidLaw.voidCharge_C_m2,
               domain: charge_mAh_cm2, absent: .familyDefault, fit: positive,
               doc: "q_v: charge stripped at J_strip,c that opens voids over 1 − 1/e of the contact: dv/dq = (J/J_strip,c)ᵖ(1 − v)/q_v; plating fills them, dv/dq = −v/q_v"),
        scalar("lithium_interface", "void_exponent", "", si: "—", scale: 1, \.voidLaw.exponent, domain: .closed(0...30),
               absent: .familyDefault, fit: nil, doc: "p, the steepness of void growth in J_strip/J_strip,c"),
        scalar("lithium_interface", "plating_critical_ratio", "", si: "—", scale: 1, \.voidLaw.platingCriticalRatio,
               domain: .closed(1...100), absent: .familyDefault, fit: nil,
               doc: "κ: the interface's plating criterion κ·J_strip,c, one of the damage law's critical currents (DOMAIN B §4.4)"),
    ]
}

extension LithiumVoidSubmodel {
    public static var declaredElectrolyteKeys: [ElectrolyteKey] { ElectrolyteKeys.lithiumVoidKeys }
}
