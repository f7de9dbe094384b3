import Foundation
import Testing
@testable import CellTwin

/// The two oxidation states (``CathodeInterphaseSubmodel``, ``OxidationChargeSubmodel``): the cathode interphase grows
/// with the film-forming oxidation current, dASR_CEI/dt = ρ_CEI·i_ox with ρ_CEI = k_CEI/i_th, and Q_ox counts that
/// current, which passivates it, i_ox ∝ 1/(1 + Q_ox/q_p); their states; their Jacobian rows in Q_ox against central
/// differences.
@Suite struct CathodeInterphaseSubmodelTests {
    /// i_th = 0.05 A/m² at V_ox = 4.2 V, V_s = 0.05 V, q_p = 180 C/m², k_CEI = 1e-8 Ω m²/s, at T_ref.
    static let law: OxidationLaw.Resolved = {
        let aging = AgingParameters(ceiRate_ohm_m2_s: 1e-8, ceiVoltageScale_V: 0.05)
        return OxidationLaw(onsetCurrent_A_m2: 0.05, passivationCharge_C_m2: 180)
            .resolved(at: aging.referenceTemperature_K, oxidationLimit_V: 4.2, aging: aging, enabled: true)
    }()

    /// A cell state, the CEI, another state, Q_ox (Q₀ = 40 C/m²).
    static func submodels() -> (CathodeInterphaseSubmodel, OxidationChargeSubmodel) {
        var cei = CathodeInterphaseSubmodel(oxidation: law)
        var charge = OxidationChargeSubmodel(oxidation: law, nominalCapacity_C_m2: 40)
        var layout = StateLayout()
        _ = layout.add("charge_C_m2")
        layout.add(&cei)
        _ = layout.add("other")
        layout.add(&charge)
        cei.oxidationChargeIndex = charge.index
        return (cei, charge)
    }

    /// The cell's context: i_ox at cathode potential `phi` and Q_ox = y[3].
    static func context(phi: Double) -> (Double, [Double]) -> SubmodelContext {
        { j, y in
            SubmodelContext(current_A_m2: j, lithiumContact: 1,
                            filmFormingOxidation_A_m2: law.current(cathodePotential_V: phi, oxidationCharge_C_m2: y[3]))
        }
    }

    @Test func aFreshCathodeAtTheWindowGrowsItsFilmAtTheCEIRate() {
        let (cei, charge) = Self.submodels()
        #expect(cei.index == 1 && charge.index == 3)
        // Fresh, at V_ox: i_ox = i_th, dASR/dt = k_CEI, dQ_ox/dt = i_th.
        let fresh = CellSubmodelTests.rates(cei, Self.context(phi: 4.2)(-1, [0, 1e-4, 0, 0]), [0, 1e-4, 0, 0])
        #expect(abs(fresh[1] - 1e-8) <= 1e-22)
        #expect(abs(CellSubmodelTests.rates(charge, Self.context(phi: 4.2)(-1, [0, 1e-4, 0, 0]), [0, 1e-4, 0, 0])[3] - 0.05) <= 1e-16)
        // One Tafel slope (V_s·ln 10) above the window with Q_ox = q_p: ten times i_th, halved: dASR/dt = 5·k_CEI.
        let y = [0, 1e-4, 0, 180.0]
        let passivated = CellSubmodelTests.rates(cei, Self.context(phi: 4.2 + 0.05 * log(10.0))(-1, y), y)
        #expect(abs(passivated[1] - 5e-8) <= 1e-20)
        // No oxidation current, no growth.
        #expect(CellSubmodelTests.rates(cei, SubmodelContext(current_A_m2: 3, lithiumContact: 1), y)[1] == 0)
    }

    @Test func declaredStatesAndTheFreshFilm() {
        let (cei, charge) = Self.submodels()
        #expect(cei.states == [SubmodelState("cei_asr_ohm_m2", scale: 1e-4, mechanism: .resistance, skipScale: .seriesResistance(floor: 1e-9))])
        #expect(charge.states == [SubmodelState("oxidation_charge_C_m2", scale: 40, mechanism: .resistance, skipScale: .nominalCapacity)])
        var y = [Double](repeating: -1, count: 4)
        y.withUnsafeMutableBufferPointer {
            let fresh = SubmodelInitialCondition(lithiumInterphaseASR_ohm_m2: 1e-4, cathodeInterphaseASR_ohm_m2: 3e-4)
            cei.initialize($0.baseAddress!, fresh)
            charge.initialize($0.baseAddress!, fresh)
        }
        #expect(y == [-1, 3e-4, -1, 0])
    }

    @Test(arguments: [4.1, 4.3])
    func jacobianRowsInTheOxidationChargeMatchCentralDifferences(potential: Double) {
        let (cei, charge) = Self.submodels()
        let y = [0, 2e-4, 7, 90.0]
        CellSubmodelTests.expectJacobianMatchesCentralDifferences(cei, y: y, current: -2, context: Self.context(phi: potential))
        CellSubmodelTests.expectJacobianMatchesCentralDifferences(charge, y: y, current: -2, context: Self.context(phi: potential))
    }
}
