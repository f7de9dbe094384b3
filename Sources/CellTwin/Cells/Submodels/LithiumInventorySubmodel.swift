import Foundation

/// The Li inventory of a full cell's anode as a submodel (DOMAIN A4, B §5.2): two states,
/// - Li (C m⁻²), the Li left in the anode: dLi/dt = −J − (1 − CE_Li)(J_p)·J_p − I_sh − I_leak (stripped on discharge,
///   plated back on charge less what is lost; the Li–S shuttle and the electronic leakage strip it too);
/// - Q_lost (C m⁻²), the Li lost to inefficiency: dQ_lost/dt = (1 − CE_Li)(J_p)·J_p (``LithiumLossLaw``).
///
/// The anode's Li is a reservoir, not a loss: it moves with the state of charge, and undoing the Li lost returns it
/// there (``AgingStateRole/returnsTo``). Capacity is lost once the excess Li is used up (the knee of B §5.2).
public struct LithiumInventorySubmodel: CellSubmodel {
    public var law: LithiumLossLaw
    public var firstIndex = 0
    /// Q₀, C m⁻².
    public let nominalCapacity_C_m2: Double

    /// `nominalCapacity_C_m2`: Q₀, the scale of both states.
    public init(law: LithiumLossLaw, nominalCapacity_C_m2 q0: Double) {
        self.law = law
        nominalCapacity_C_m2 = q0
    }

    public var states: [SubmodelState] {
        let q0 = nominalCapacity_C_m2
        return [
            // A skipped block keeps the reservoir, at its lowest in the cycle, above 5 % of Q₀ (the end of the excess
            // Li is where the capacity starts to fall, DOMAIN B §5.2).
            SubmodelState("anode_lithium_C_m2", scale: q0, bounds: -Double.infinity...Double.infinity, mechanism: nil,
                          skipScale: .nominalCapacity).limiting(.reservoir(nominalFraction: 0.05)),
            SubmodelState("lithium_lost_C_m2", scale: q0, mechanism: .lithiumInventory, returnsTo: "anode_lithium_C_m2",
                          skipScale: .nominalCapacity),
        ]
    }

    public static let electrolyteKeys = [
        "aging.reference_temperature_C", "aging.lithium_coulombic_efficiency", "aging.lithium_loss_activation_energy_kJ_mol",
        "aging.lithium_loss_current_exponent", "aging.dead_lithium_fraction", "aging.dead_lithium_activation_energy_kJ_mol",
        "aging.current_reference_mA_cm2",
    ]

    /// Index of the anode's Li and of the Li lost.
    @inline(__always)
    public var lithiumIndex: Int { firstIndex }
    @inline(__always)
    public var lostIndex: Int { firstIndex + 1 }

    /// A fresh anode: the Li it holds (``SubmodelInitialCondition/anodeLithium_C_m2``), none lost.
    public func initialize(_ y: UnsafeMutablePointer<Double>, _ fresh: SubmodelInitialCondition) {
        y[firstIndex] = fresh.anodeLithium_C_m2
        y[firstIndex + 1] = 0
    }

    @inline(__always)
    public func addRates(_ c: SubmodelContext, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) {
        let lost = law.lithiumLossRate(platingCurrent_A_m2: c.platingCurrent_A_m2)
        dydt[firstIndex] = -c.current_A_m2 - lost - c.shuttleCurrent_A_m2 - c.leakageCurrent_A_m2
        dydt[firstIndex + 1] = lost
    }

    /// ∂/∂J: −1 − d(loss)/dJ for the anode's Li, d(loss)/dJ for the Li lost, with d(loss)/dJ = −d(loss)/dJ_p on charge;
    /// no dependence on the states themselves.
    @inline(__always)
    public func addJacobian(_ c: SubmodelContext, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                            dimension n: Int, dfdJ: UnsafeMutablePointer<Double>) {
        let dLost = c.current_A_m2 < 0 ? -law.lithiumLossRateDerivative(platingCurrent_A_m2: c.platingCurrent_A_m2) : 0
        dfdJ[firstIndex] = -1 - dLost
        dfdJ[firstIndex + 1] = dLost
    }
}

// MARK: - Model-file keys

extension ElectrolyteKeys {
    /// The electrolyte keys ``LithiumInventorySubmodel`` declares.
    static let lithiumInventoryKeys: [ElectrolyteKey] = [
        // The model file stores CE_Li; the electrolyte keeps 1 − CE_Li. Fitted as ln(1 − CE_Li) (complementBounded):
        // what the data resolve is the Li lost per cycle, so 0.999 and 0.9996 differ by a factor 2.5.
        ElectrolyteKey(table: "aging", key: "lithium_coulombic_efficiency", unit: "", siUnit: "1 − CE_Li", scale: 1,
                       domain: .closed(0.5...1), absent: .familyDefault, laws: nil,
                       fit: { _ in .complementBounded(lower: 0.5, upper: 1) }, get: { 1 - $0.aging.lithiumInefficiency },
                       set: { $0.aging.lithiumInefficiency = 1 - $1 },
                       doc: "CE_Li: (1 − CE_Li) of each plated charge is lost from the Li inventory (stored as 1 − CE_Li)"),
        kJ("aging", "lithium_loss_activation_energy_kJ_mol", \.aging.lithiumLossActivationEnergy_J_mol, absent: .familyDefault,
           doc: "E_a of (1 − CE_Li)"),
        scalar("aging", "current_reference_mA_cm2", "mA/cm²", si: "A/m²", scale: 10, \.aging.currentReference_A_m2, domain: current_mA_cm2,
               absent: .familyDefault, doc: "J_ref of the current-density exponents of Li loss and SEI growth"),
        scalar("aging", "lithium_loss_current_exponent", "", si: "—", scale: 1, \.aging.lithiumLossCurrentExponent, domain: .closed(0...5),
               absent: .familyDefault, fit: { _ in .bounded(lower: 0, upper: 3) },
               doc: "m_Li in (1 − CE_Li) ∝ (J_plate/J_ref)^m_Li (DOMAIN B §5.5)"),
        scalar("aging", "dead_lithium_fraction", "", si: "—", scale: 1, \.aging.deadLithiumFraction, domain: .closed(0...1),
               absent: .familyDefault, fit: nil,
               doc: "share of the Li loss at the reference temperature that is inactive metallic Li; the rest is SEI (DOMAIN B §5.5)"),
        kJ("aging", "dead_lithium_activation_energy_kJ_mol", \.aging.deadLithiumActivationEnergy_J_mol, domain: signedActivation,
           absent: .familyDefault, fit: nil, doc: "E_a of the dead-Li part (negative: less dead Li when warm)"),
    ]
}

extension LithiumInventorySubmodel {
    public static var declaredElectrolyteKeys: [ElectrolyteKey] { ElectrolyteKeys.lithiumInventoryKeys }
}
