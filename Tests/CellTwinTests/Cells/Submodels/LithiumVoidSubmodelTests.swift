import Foundation
import Testing
@testable import CellTwin

/// The Li electrode's voids (``LithiumVoidSubmodel``): its row against dv/dt = (J/q_v)(J/J_strip,c)ᵖ(1 − v) while
/// stripping and −(J_p/q_v)·v while plating, its state's bounds and skip limit, its Jacobian row against central
/// differences.
@Suite struct LithiumVoidSubmodelTests {
    /// J_strip,c = 10 A/m², q_v = 360 C/m², p = 4; one cell state before it.
    static func submodel() -> LithiumVoidSubmodel {
        let law = LithiumVoidLaw(criticalStrippingCurrent: Arrhenius(referenceValue: 10, activationEnergy_J_mol: 0),
                                 voidCharge_C_m2: 360, exponent: 4).resolved(at: 298.15)
        var s = LithiumVoidSubmodel(law: law)
        var layout = StateLayout()
        _ = layout.add("charge_C_m2")
        layout.add(&s)
        return s
    }

    @Test func voidsOpenAboveTheCriticalStrippingCurrentAndFillWhilePlating() {
        let s = Self.submodel()
        #expect(s.index == 1)
        func rate(_ j: Double, _ v: Double) -> Double {
            CellSubmodelTests.rates(s, SubmodelContext(current_A_m2: j, lithiumContact: 1 - v), [0, v])[1]
        }
        // Stripping 12 A/m² at v = 0.3: (12/360)·1.2⁴·0.7 = 0.0483840 s⁻¹ (by hand: 1.2⁴ = 2.0736).
        #expect(abs(rate(12, 0.3) - 12.0 / 360 * 2.0736 * 0.7) <= 1e-15)
        // Half the critical current opens them 2⁴ times slower per stripped charge.
        #expect(abs(rate(5, 0.3) / 5 - (12.0 / 360 * 2.0736 * 0.7 / 12) / (2.0736 * 16)) <= 1e-15)
        // Plating 12 A/m² fills them: −(12/360)·0.3.
        #expect(abs(rate(-12, 0.3) + 0.01) <= 1e-15)
        #expect(rate(0, 0.3) == 0 && rate(12, 1) == 0 && rate(-12, 0) == 0)
    }

    @Test func declaredStateIsAFractionThatASkipCannotDetach() {
        let s = Self.submodel()
        #expect(s.states == [SubmodelState("void_fraction", bounds: 0...1, mechanism: .resistance).limiting(.fractionOfRemainingRange(0.5))])
        // A block at v = 0.6 rising 0.01 a cycle may cover half the 0.4 left: 20 cycles.
        #expect(abs((s.states[0].skipLimitCycles(value: 0.6, perCycle: 0.01, dip: 0, nominal_C_m2: 1) ?? 0) - 20) <= 1e-9)
        // Without a finite critical stripping current the law is off.
        let off = LithiumVoidLaw(criticalStrippingCurrent: Arrhenius(referenceValue: .infinity, activationEnergy_J_mol: 0)).resolved(at: 298.15)
        #expect(CellSubmodelTests.rates(LithiumVoidSubmodel(law: off), SubmodelContext(current_A_m2: 100, lithiumContact: 1), [0])[0] == 0)
    }

    @Test(arguments: [12.0, 5.0, -12.0])
    func jacobianMatchesCentralDifferences(current: Double) {
        CellSubmodelTests.expectJacobianMatchesCentralDifferences(Self.submodel(), y: [2, 0.3], current: current) { j, y in
            SubmodelContext(current_A_m2: j, lithiumContact: 1 - y[1])
        }
    }
}
