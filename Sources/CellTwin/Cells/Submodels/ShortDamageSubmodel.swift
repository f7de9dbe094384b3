import Foundation

/// Short damage of one Li electrode as a submodel (DOMAIN A4, B §4.5–4.6): the state Φ grows while the electrode
/// plates, at the current focused on the contact left, dΦ/dt = ``ShortLaw/Resolved/rate(current_A_m2:)`` at
/// J_loc = J_plate/(1 − v); a short when Φ ≥ 1 (``CellEvent``), and each Sand onset while plating adds
/// ``ShortLaw/Resolved/sandDamage``. In a full cell the last stretch before the short (Φ > 0.9) also opens the soft
/// short that the cell's leakage current reads.
///
/// The full cell has one (the anode), the Li | E | Li cell one per electrode.
public struct ShortDamageSubmodel: CellSubmodel {
    public var law: ShortLaw.Resolved
    public var firstIndex = 0
    /// Index of the electrode's void fraction (whose contact 1 − v focuses the plating), set by the cell; nil: none.
    public var voidIndex: Int?
    public let name: StaticString
    /// A skipped block stops short of the soft-short onset Φ_s, past which the damage runs to the short within cycles.
    public var states: [SubmodelState] {
        [SubmodelState(name.description, mechanism: .short).limiting(.below(FullCellModel.softShortOnset))]
    }

    public init(law: ShortLaw.Resolved, name: StaticString = "short_damage") {
        self.law = law
        self.name = name
    }

    public static let electrolyteKeys = [
        "short.reference_temperature_C", "short.reference_current_mA_cm2", "short.exponent", "short.time_to_short_h",
        "short.activation_energy_kJ_mol", "short.critical_current_mA_cm2", "short.critical_current_activation_energy_kJ_mol",
        "short.critical_current_exponent", "short.critical_charge_mAh_cm2", "short.sand_damage",
        // The criteria of J_c when no CCD was measured (``CriticalCurrent``).
        "lithium_interface.critical_stripping_current_mA_cm2", "lithium_interface.critical_stripping_activation_energy_kJ_mol",
        "lithium_interface.plating_critical_ratio", "transport.transference_number", "transport.diffusivity_m2_s",
        "transport.diffusivity_activation_energy_kJ_mol", "transport.salt_concentration_mol_L", "transport.thickness_um",
    ]

    @inline(__always)
    public var index: Int { firstIndex }

    @inline(__always)
    public func addRates(_ c: SubmodelContext, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) {
        dydt[firstIndex] = law.rate(current_A_m2: c.platingCurrent_A_m2 / c.lithiumContact)
    }

    /// ∂/∂v = rate′(J_loc)·J_plate/(1 − v)² (the focusing) and ∂/∂J = −rate′(J_loc)/(1 − v) while plating.
    @inline(__always)
    public func addJacobian(_ c: SubmodelContext, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                            dimension n: Int, dfdJ: UnsafeMutablePointer<Double>) {
        let plating = c.platingCurrent_A_m2, contact = c.lithiumContact
        guard plating > 0 else {
            dfdJ[firstIndex] = 0
            return
        }
        let slope = law.rateDerivative(current_A_m2: plating / contact)
        if let v = voidIndex { dfdy[firstIndex * n + v] = slope * plating / (contact * contact) }
        dfdJ[firstIndex] = -slope / contact
    }
}

// MARK: - Model-file keys

extension ElectrolyteKeys {
    /// The electrolyte keys ``ShortDamageSubmodel`` declares.
    static let shortDamageKeys: [ElectrolyteKey] = [
        celsius("short", "reference_temperature_C", [\.shortLaw.referenceTemperature_K], absent: .familyDefault, doc: "T_ref of the damage law"),
        scalar("short", "reference_current_mA_cm2", "mA/cm²", si: "A/m²", scale: 10, \.shortLaw.referenceCurrent_A_m2, domain: current_mA_cm2,
               absent: .familyDefault, doc: "J_ref"),
        scalar("short", "exponent", "", si: "—", scale: 1, \.shortLaw.exponent, domain: .closed(0...60), absent: .familyDefault,
               fit: { _ in .positiveBounded(lower: 0.1, upper: 60) },
               doc: "n. Use 2 (Sand-like) unless the data say more; a steep n makes the law behave like a critical current density"),
        scalar("short", "time_to_short_h", "h", si: "s", scale: 3600, \.shortLaw.referenceTime_s, domain: .closedOrInfinite(1e-6...1e9),
               absent: .familyDefault, fit: positive,
               doc: "τ_ref: plating time to a short at J_ref and T_ref. `inf` means the cell never shorts. For a test that ended without a short (censored), use a clearly longer time"),
        // May be negative: damage that grows as the cell gets colder (dendritic plating at low T).
        kJ("short", "activation_energy_kJ_mol", \.shortLaw.activationEnergy_J_mol, domain: signedActivation, absent: .familyDefault,
           fit: { _ in .bounded(lower: -200, upper: 200) }, doc: "Arrhenius E_a of the damage rate (negative: faster damage in the cold)"),
        scalar("short", "critical_current_mA_cm2", "mA/cm²", si: "A/m²", scale: 10, \.shortLaw.criticalCurrent_A_m2,
               domain: .closedOrInfinite(1e-4...1e3), absent: .optional(value: .infinity, meaning: "J_c from the transport and interface criteria"),
               fit: positive,
               doc: "a measured J_c at T_ref (a fitted CCD); otherwise J_c is the lower of the limiting current and the interface's plating limit κ·J_strip,c (DOMAIN B §4.6)"),
        kJ("short", "critical_current_activation_energy_kJ_mol", \.shortLaw.criticalCurrentActivationEnergy_J_mol,
           absent: .optional(value: 0, meaning: "a measured J_c independent of T"), doc: "Arrhenius E_a of a measured J_c"),
        scalar("short", "critical_current_exponent", "", si: "—", scale: 1, \.shortLaw.criticalExponent, domain: .closed(0...30),
               absent: .familyDefault, fit: { _ in .positiveBounded(lower: 0.1, upper: 30) },
               doc: "m in dΦ/dq = f(J_loc/J_c)/q_c, f(x) = 2xᵐ/(1 + xᵐ⁻¹): damage per plated charge, steep below the critical current and Sand-like (∝ J) above it (DOMAIN B §4.5)"),
        scalar("short", "critical_charge_mAh_cm2", "mAh/cm²", si: "C/m²", scale: 36_000, \.shortLaw.criticalCharge_C_m2,
               domain: charge_mAh_cm2, absent: .familyDefault, fit: positive,
               doc: "q_c: charge plated at J_c that brings Φ from 0 to 1 (`inf`: no such term)"),
        scalar("short", "sand_damage", "", si: "—", scale: 1, \.shortLaw.sandDamage, domain: .closed(0...1), absent: .familyDefault,
               fit: nil, doc: "Φ added by each Sand onset while a full cell plates (DOMAIN B §4.1)"),
    ]
}

extension ShortDamageSubmodel {
    public static var declaredElectrolyteKeys: [ElectrolyteKey] { ElectrolyteKeys.shortDamageKeys }
}
