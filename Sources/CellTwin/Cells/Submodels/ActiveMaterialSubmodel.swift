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

// MARK: - Model-file keys

extension ElectrolyteKeys {
    /// The electrolyte keys ``ActiveMaterialSubmodel`` declares.
    static let activeMaterialKeys: [ElectrolyteKey] = [
        // Per cycle (a throughput of 2·Q₀) → per unit of throughput over Q₀.
        scalar("aging", "contact_loss_per_cycle", "per cycle at 1C", si: "per Q₀ of throughput", scale: 1, divisor: 2, \.aging.contactLossRate,
               domain: .closed(0...0.5), absent: .familyDefault, fit: { _ in .positiveBounded(lower: 1e-9, upper: 0.5) },
               doc: "fraction of the cathode lost per cycle at 1C through contact with this electrolyte (stored per unit of throughput over Q₀: a cycle passes 2·Q₀)"),
        kJ("aging", "contact_loss_activation_energy_kJ_mol", \.aging.contactLossActivationEnergy_J_mol, absent: .familyDefault,
           doc: "E_a of the contact loss"),
        scalar("aging", "contact_loss_rate_exponent", "", si: "—", scale: 1, \.aging.contactLossRateExponent, domain: .closed(0...5),
               absent: .familyDefault, fit: { _ in .bounded(lower: 0, upper: 3) },
               doc: "r: contact loss per cycle ∝ (C-rate)^r; `contact_loss_per_cycle` is the loss of one cycle at 1C"),
    ]
}

extension ActiveMaterialSubmodel {
    public static var declaredElectrolyteKeys: [ElectrolyteKey] { ElectrolyteKeys.activeMaterialKeys }
}

extension CathodeKeys {
    public static let activeMaterialLoss = CathodeKey("aging", "active_material_loss_per_cycle", "per cycle", .closed(0...0.5))
    public static let agingActivation = CathodeKey("aging", "activation_energy_kJ_mol", "kJ/mol", activation)
    public static let agingReference = CathodeKey("aging", "reference_temperature_C", "°C", referenceC)
}

extension ActiveMaterialSubmodel {
    public static var declaredCathodeKeys: [CathodeKey] {
        [CathodeKeys.activeMaterialLoss, CathodeKeys.agingActivation, CathodeKeys.agingReference]
    }
}
