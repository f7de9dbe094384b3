import Foundation
import Testing
@testable import CellTwin

/// The stability window: the onset of a simulated linear sweep against the Tafel crossing and an integrated sweep.
@Suite struct StabilityWindowObservationTests {
    func law(passivation_C_m2: Double) -> OxidationLaw.Resolved {
        OxidationLaw.Resolved(onsetCurrent_A_m2: 0.05, oxidationLimit_V: 4.5, voltageScale_V: 0.05,
                              inversePassivationCharge: passivation_C_m2.isFinite ? 1 / passivation_C_m2 : 0,
                              filmPerCharge_ohm_m2_per_C_m2: 0, chargeParasiticFraction: 0)
    }

    /// Without passivation the sweep's onset is the Tafel crossing V_ox + V_s·ln(i/i_th), whatever the scan rate.
    @Test func sweepOnsetWithoutPassivationIsTheTafelCrossing() throws {
        let l = law(passivation_C_m2: .infinity)
        for rate in [1e-4, 1e-3, 1e-2] {
            let v = try #require(StabilityWindowObservation.sweepOnset(l, threshold_A_m2: 0.1, scanRate_V_s: rate))
            #expect(abs(v - (4.5 + 0.05 * log(2))) < 1e-9)
            #expect(abs(v - (OxidationLaw.stabilityWindow(l, threshold_A_m2: 0.1) ?? 0)) < 1e-9)
        }
        // No oxidation law: no window.
        #expect(StabilityWindowObservation.sweepOnset(law(passivation_C_m2: .infinity).with(onset: 0)) == nil)
    }

    /// With a passivating charge the closed form agrees with a fine explicit integration of dQ/dt = i_ox(V(t), Q)
    /// along the sweep, and a slower sweep (more charge passed) crosses later.
    @Test func sweepOnsetWithPassivationMatchesAnIntegratedSweep() throws {
        let l = law(passivation_C_m2: 20)
        let rate = 1e-4, threshold = 0.1
        let closed = try #require(StabilityWindowObservation.sweepOnset(l, threshold_A_m2: threshold, scanRate_V_s: rate))
        // RK4 in time from 3 V, 0.1 mV per step.
        var v = 3.0, q = 0.0
        let dv = 1e-4, dt = dv / rate
        func i(_ v: Double, _ q: Double) -> Double { l.current(cathodePotential_V: v, oxidationCharge_C_m2: q) }
        while i(v, q) < threshold && v < 8 {
            let k1 = i(v, q), k2 = i(v + dv / 2, q + dt / 2 * k1), k3 = i(v + dv / 2, q + dt / 2 * k2), k4 = i(v + dv, q + dt * k3)
            q += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            v += dv
        }
        #expect(abs(closed - v) < 2e-4)
        let fast = try #require(StabilityWindowObservation.sweepOnset(l, threshold_A_m2: threshold, scanRate_V_s: 1e-2))
        #expect(closed > fast + 0.01)
    }
}

extension OxidationLaw.Resolved {
    func with(onset: Double) -> OxidationLaw.Resolved {
        var l = self
        l.onsetCurrent_A_m2 = onset
        return l
    }
}
