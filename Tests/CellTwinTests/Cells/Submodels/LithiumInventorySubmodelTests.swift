import Foundation
import Testing
@testable import CellTwin

/// The anode's Li inventory (``LithiumInventorySubmodel``): its rows against dLi/dt = −J − (1 − CE_Li)·J_p − I_sh − I_leak
/// and dQ_lost/dt = (1 − CE_Li)·J_p with (1 − CE_Li) ∝ (J_p/J_ref)^m_Li, its declared states, and its Jacobian rows
/// against central differences.
@Suite struct LithiumInventorySubmodelTests {
    /// (1 − CE_Li) = 2e-3 at J_ref = 2 A/m² and T_ref, m_Li = 0.5; Q₀ = 30 C/m²; the states after one cell state.
    static func submodel(inefficiency: Double = 2e-3) -> LithiumInventorySubmodel {
        var a = AgingParameters(lithiumInefficiency: inefficiency)
        a.currentReference_A_m2 = 2
        a.lithiumLossCurrentExponent = 0.5
        var s = LithiumInventorySubmodel(law: LithiumLossLaw(aging: a, temperature_K: a.referenceTemperature_K), nominalCapacity_C_m2: 30)
        var layout = StateLayout()
        _ = layout.add("charge_C_m2")
        layout.add(&s)
        return s
    }

    @Test func ratesAreTheClosedFormWhilePlatingAndStripping() {
        let s = Self.submodel()
        #expect(s.lithiumIndex == 1 && s.lostIndex == 2)
        let y = [0, 500, 1.0]
        // Charging at 8 A/m² plates 8: lost = 2e-3·(8/2)^0.5·8 = 0.032 A/m²; the shuttle and the leakage strip too.
        let charge = CellSubmodelTests.rates(s, SubmodelContext(current_A_m2: -8, lithiumContact: 1, shuttleCurrent_A_m2: 0.3,
                                                                leakageCurrent_A_m2: 0.1), y)
        #expect(abs(charge[2] - 0.032) <= 1e-15)
        #expect(abs(charge[1] - (8 - 0.032 - 0.4)) <= 1e-13)
        #expect(charge[0].isNaN)
        // Discharging strips J, loses nothing.
        let discharge = CellSubmodelTests.rates(s, SubmodelContext(current_A_m2: 5, lithiumContact: 1), y)
        #expect(discharge[1] == -5 && discharge[2] == 0)
        // The Li taken from the anode is what leaves it plus what is lost: dLi/dt + dQ_lost/dt = −J − I_sh − I_leak.
        #expect(abs(charge[1] + charge[2] - (8 - 0.4)) <= 1e-13)
    }

    @Test func declaredStatesAndTheFreshAnode() {
        let s = Self.submodel()
        let st = s.states
        #expect(st.map(\.name) == ["anode_lithium_C_m2", "lithium_lost_C_m2"])
        #expect(st.allSatisfy { $0.scale == 30 && $0.skipScale == .nominalCapacity })
        #expect(st[0].mechanism == nil && st[0].bounds.lowerBound == -.infinity && st[0].skipLimit == .reservoir(nominalFraction: 0.05))
        #expect(st[1].mechanism == .lithiumInventory && st[1].returnsTo == "anode_lithium_C_m2" && st[1].bounds == 0...Double.infinity)
        // A block may take the reservoir down to 5 % of Q₀ below its dip: (200 − (10 + 1.5))/4 cycles at −4 C/m² a cycle.
        let cycles = st[0].skipLimitCycles(value: 200, perCycle: -4, dip: 10, nominal_C_m2: 30) ?? 0
        #expect(abs(cycles - (200 - 11.5) / 4) <= 1e-12)
        var y = [Double](repeating: -1, count: 3)
        y.withUnsafeMutableBufferPointer {
            s.initialize($0.baseAddress!, SubmodelInitialCondition(lithiumInterphaseASR_ohm_m2: 1e-4, cathodeInterphaseASR_ohm_m2: 1e-4,
                                                                   anodeLithium_C_m2: 720))
        }
        #expect(y == [-1, 720, 0])
    }

    @Test(arguments: [-8.0, 5.0, -300.0])
    func jacobianMatchesCentralDifferences(current: Double) {
        // −300 A/m² is past the cap (1 − CE_Li) = 1 with (1 − CE_Li)_ref = 0.2.
        let s = Self.submodel(inefficiency: current == -300 ? 0.2 : 2e-3)
        CellSubmodelTests.expectJacobianMatchesCentralDifferences(s, y: [3, 500, 1], current: current) { j, _ in
            SubmodelContext(current_A_m2: j, lithiumContact: 1, shuttleCurrent_A_m2: 0.3)
        }
    }
}
