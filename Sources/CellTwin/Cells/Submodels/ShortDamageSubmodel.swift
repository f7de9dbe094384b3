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
