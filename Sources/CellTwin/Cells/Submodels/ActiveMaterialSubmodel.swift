import Foundation

/// Loss of cathode active material as a submodel (DOMAIN A4, B §5.5): the state LAM (a fraction) grows with
/// throughput, dLAM/dt = ``ActiveMaterialLossLaw/rate(current_A_m2:)``: the cathode's own loss plus the composite
/// cathode's contact loss, rising with C-rate. The cell's charge per unit stoichiometry is Q_x(1 − LAM).
public struct ActiveMaterialSubmodel: CellSubmodel {
    public var law: ActiveMaterialLossLaw
    public var firstIndex = 0
    /// A skipped block stops short of half the active material lost (a cell that far gone is past any end of life).
    public var states: [SubmodelState] {
        [SubmodelState("active_material_lost", bounds: 0...1, mechanism: .activeMaterial).limiting(.below(0.5))]
    }

    public init(law: ActiveMaterialLossLaw) { self.law = law }

    public static let electrolyteKeys = [
        "aging.reference_temperature_C", "aging.contact_loss_per_cycle", "aging.contact_loss_activation_energy_kJ_mol",
        "aging.contact_loss_rate_exponent",
    ]
    public static let cathodeKeys = [
        CathodeKeys.activeMaterialLoss.path, CathodeKeys.agingActivation.path, CathodeKeys.agingReference.path,
    ]

    @inline(__always)
    public var index: Int { firstIndex }

    @inline(__always)
    public func addRates(_ c: SubmodelContext, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) {
        dydt[firstIndex] = law.rate(current_A_m2: c.current_A_m2)
    }

    @inline(__always)
    public func addJacobian(_ c: SubmodelContext, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                            dimension n: Int, dfdJ: UnsafeMutablePointer<Double>) {
        dfdJ[firstIndex] = law.rateDerivative(current_A_m2: c.current_A_m2)
    }
}
