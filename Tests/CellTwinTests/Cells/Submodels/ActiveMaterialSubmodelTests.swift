import Foundation
import Testing
@testable import CellTwin

/// Cathode active-material loss (``ActiveMaterialSubmodel``): its row against
/// dLAM/dt = [k_cath + k_contact·(|J|/J_1C)^r]·|J|/Q₀, its state, its keys, its Jacobian row against central differences.
@Suite struct ActiveMaterialSubmodelTests {
    /// k_cath = 2e-5, k_contact = 1e-4 per Q₀ of throughput, r = 0.5, Q₀ = 36 C/m² (J_1C = 0.01 A/m²); one cell state
    /// before it.
    static func submodel() -> ActiveMaterialSubmodel {
        var s = ActiveMaterialSubmodel(law: ActiveMaterialLossLaw(cathodeLoss: 2e-5, contactLoss: 1e-4, rateExponent: 0.5,
                                                                  nominalCapacity_C_m2: 36))
        var layout = StateLayout()
        _ = layout.add("charge_C_m2")
        layout.add(&s)
        return s
    }

    @Test func lossPerThroughputRisesWithTheCRate() {
        let s = Self.submodel()
        #expect(s.index == 1)
        func rate(_ j: Double) -> Double { CellSubmodelTests.rates(s, SubmodelContext(current_A_m2: j, lithiumContact: 1), [0, 0.1])[1] }
        // At 4C (0.04 A/m²) either way: (2e-5 + 1e-4·2)·0.04/36.
        let expected = (2e-5 + 2e-4) * 0.04 / 36
        #expect(abs(rate(0.04) - expected) <= 1e-12 * expected && rate(-0.04) == rate(0.04))
        // One full cycle at 1C passes 2·Q₀: it loses 2·(k_cath + k_contact) of the active material.
        #expect(abs(rate(0.01) * (2 * 36 / 0.01) - 2 * 1.2e-4) <= 1e-15)
        #expect(rate(0) == 0)
    }

    @Test func declaredStateAndKeys() {
        let s = Self.submodel()
        #expect(s.states == [SubmodelState("active_material_lost", bounds: 0...1, mechanism: .activeMaterial).limiting(.below(0.5))])
        #expect(ActiveMaterialSubmodel.cathodeKeys == ["aging.active_material_loss_per_cycle", "aging.activation_energy_kJ_mol",
                                                       "aging.reference_temperature_C"])
        #expect(Set(ActiveMaterialSubmodel.declaredElectrolyteKeys.map(\.path)).isSubset(of: Set(ActiveMaterialSubmodel.electrolyteKeys)))
    }

    @Test(arguments: [0.04, -0.025])
    func jacobianMatchesCentralDifferences(current: Double) {
        CellSubmodelTests.expectJacobianMatchesCentralDifferences(Self.submodel(), y: [5, 0.1], current: current) { j, _ in
            SubmodelContext(current_A_m2: j, lithiumContact: 1)
        }
    }
}
