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
