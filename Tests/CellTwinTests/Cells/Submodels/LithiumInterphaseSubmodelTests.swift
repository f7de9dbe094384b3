import Foundation
import Testing
@testable import CellTwin

/// The Li-side interphase (``LithiumInterphaseSubmodel``): its row is the parabolic growth
/// d(ASR²)/dt = k_cal + k_pl·J_p·(J_p/J_ref)^m_SEI, its state and fresh value, its Jacobian row against central
/// differences.
@Suite struct LithiumInterphaseSubmodelTests {
    /// k_cal = 1e-14 Ω² m⁴/s, k_pl = 2e-13 Ω² m⁴ per C/m², J_ref = 4 A/m², m_SEI = 1, at T_ref; one cell state before it.
    static func submodel(name: StaticString = "sei_asr_squared_ohm2_m4", scale: Double = 1e-8) -> LithiumInterphaseSubmodel {
        var a = AgingParameters(seiCalendarRate_ohm2m4_s: 1e-14, seiPlatingRate_ohm2m4_per_C_m2: 2e-13)
        a.currentReference_A_m2 = 4
        a.seiPlatingCurrentExponent = 1
        var s = LithiumInterphaseSubmodel(law: LithiumLossLaw(aging: a, temperature_K: a.referenceTemperature_K), name: name, scale: scale)
        var layout = StateLayout()
        _ = layout.add("charge_C_m2")
        layout.add(&s)
        return s
    }

    @Test func growthIsParabolicAtRestAndRisesPerPlatedCharge() {
        let s = Self.submodel()
        #expect(s.index == 1)
        let y = [0, 4e-8]
        // Plating 8 A/m²: 1e-14 + 2e-13·8·(8/4) = 3.21e-12 Ω² m⁴/s.
        let plating = CellSubmodelTests.rates(s, SubmodelContext(current_A_m2: -8, lithiumContact: 1), y)[1]
        #expect(abs(plating - 3.21e-12) <= 1e-24)
        // At rest and while stripping only the calendar part: ASR² grows linearly in t, ASR as √t.
        for j in [0.0, 6.0] {
            #expect(CellSubmodelTests.rates(s, SubmodelContext(current_A_m2: j, lithiumContact: 1), y)[1] == 1e-14)
        }
    }

    @Test func declaredStateAndTheFreshFilm() {
        let s = Self.submodel()
        #expect(s.states == [SubmodelState("sei_asr_squared_ohm2_m4", scale: 1e-8, mechanism: .resistance,
                                           skipScale: .ownValue(floor: 1e-12))])
        // The Li | E | Li cell names one per electrode.
        let other = Self.submodel(name: "sei_asr_squared_2_ohm2_m4", scale: 2e-8).states[0]
        #expect(other.name == "sei_asr_squared_2_ohm2_m4" && other.scale == 2e-8)
        var y = [-1.0, -1]
        y.withUnsafeMutableBufferPointer {
            s.initialize($0.baseAddress!, SubmodelInitialCondition(lithiumInterphaseASR_ohm_m2: 3e-4, cathodeInterphaseASR_ohm_m2: 1e-4))
        }
        #expect(y[0] == -1 && abs(y[1] - 9e-8) <= 1e-22)
    }

    @Test(arguments: [-8.0, 6.0])
    func jacobianMatchesCentralDifferences(current: Double) {
        CellSubmodelTests.expectJacobianMatchesCentralDifferences(Self.submodel(), y: [0, 4e-8], current: current) { j, _ in
            SubmodelContext(current_A_m2: j, lithiumContact: 1)
        }
    }
}
