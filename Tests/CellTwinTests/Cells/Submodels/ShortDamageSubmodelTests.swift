import Foundation
import Testing
@testable import CellTwin

/// Short damage of a Li electrode (``ShortDamageSubmodel``): its row against dΦ/dt = a·J_locⁿ + (J_loc/q_c)·f(J_loc/J_c),
/// f(x) = 2xᵐ/(1 + xᵐ⁻¹), at the plating current focused on the contact left, J_loc = J_p/(1 − v); its state; its
/// Jacobian row (in J and in v) against central differences.
@Suite struct ShortDamageSubmodelTests {
    /// a = 1e-6 (n = 2), q_c = 36 C/m², J_c = 3 A/m², m = 4; a cell state and the void fraction before it.
    static func submodel(voids: Bool = true) -> ShortDamageSubmodel {
        let law = ShortLaw.Resolved(cumulativeCoefficient: 1e-6, exponent: 2, inverseCriticalCharge: 1 / 36.0, criticalExponent: 4,
                                    criticalCurrent_A_m2: 3, criterion: .measured, sandDamage: 0.05)
        var s = ShortDamageSubmodel(law: law)
        var layout = StateLayout()
        _ = layout.add("charge_C_m2")
        _ = layout.add("void_fraction")
        layout.add(&s)
        if voids { s.voidIndex = 1 }
        return s
    }

    static func f(_ x: Double) -> Double { 2 * pow(x, 4) / (1 + pow(x, 3)) }

    @Test func damageGrowsWithTheFocusedPlatingCurrent() {
        let s = Self.submodel()
        #expect(s.index == 2)
        func rate(_ j: Double, _ v: Double) -> Double {
            CellSubmodelTests.rates(s, SubmodelContext(current_A_m2: j, lithiumContact: 1 - v), [0, v, 0.2])[2]
        }
        // Plating 2 A/m² on a quarter lost contact: J_loc = 8/3, x = 8/9.
        let jloc = 2 / 0.75
        let expected = 1e-6 * jloc * jloc + jloc / 36 * Self.f(jloc / 3)
        #expect(abs(rate(-2, 0.25) - expected) <= 1e-14 * expected)
        // Above J_c the damage per plated charge is Sand-like, ∝ J: ×4 at 4× the current (up to f's 1 + x⁻³ and aJ).
        let perCharge12 = rate(-12, 0) / 12, perCharge48 = rate(-48, 0) / 48
        #expect(abs(perCharge12 - (1e-6 * 12 + Self.f(4) / 36)) <= 1e-14)
        #expect(perCharge48 / perCharge12 > 3.9 && perCharge48 / perCharge12 < 4.1)
        // Stripping and rest do no damage; q_c plated at J_c (no cumulative term) brings Φ to 1.
        #expect(rate(5, 0.25) == 0 && rate(0, 0) == 0)
        #expect(abs((rate(-3, 0) - 1e-6 * 9) * (36 / 3) - 1) <= 1e-12)
    }

    @Test func declaredStateStopsASkipShortOfTheSoftShort() {
        let st = Self.submodel().states
        #expect(st == [SubmodelState("short_damage", mechanism: .short).limiting(.below(FullCellModel.softShortOnset))])
        #expect(abs((st[0].skipLimitCycles(value: 0.5, perCycle: 0.01, dip: 0, nominal_C_m2: 1) ?? 0) - 40) <= 1e-9)
    }

    @Test(arguments: [-2.0, -12.0, 4.0])
    func jacobianMatchesCentralDifferences(current: Double) {
        for voids in [true, false] {
            let s = Self.submodel(voids: voids)
            CellSubmodelTests.expectJacobianMatchesCentralDifferences(s, y: [1, voids ? 0.25 : 0, 0.2], current: current) { j, y in
                SubmodelContext(current_A_m2: j, lithiumContact: voids ? 1 - y[1] : 1)
            }
        }
    }
}
