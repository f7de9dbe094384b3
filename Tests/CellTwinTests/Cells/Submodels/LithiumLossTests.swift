import Foundation
import Testing
@testable import CellTwin

/// The Li-side degradation per plated charge (``LithiumLossLaw``: SEI growth and Li inventory loss) and the cathode's
/// active-material loss per throughput (``ActiveMaterialLossLaw``) against their closed forms (DOMAIN A4, B §5.5).
@Suite struct LithiumLossTests {
    let T = 298.15

    @Test func lithiumLossRisesWithCurrentAndSplitsDeadLiAndSEIInTemperature() {
        var a = AgingParameters(referenceTemperature_K: 298.15, lithiumInefficiency: 1e-3,
                                lithiumLossActivationEnergy_J_mol: 30_000)
        a.currentReference_A_m2 = 1
        a.lithiumLossCurrentExponent = 1
        a.deadLithiumFraction = 0.7
        a.deadLithiumActivationEnergy_J_mol = -20_000
        let ref = LithiumLossLaw(aging: a, temperature_K: 298.15)
        #expect(abs(ref.lithiumInefficiency(platingCurrent_A_m2: 1) - 1e-3) < 1e-15)
        #expect(abs(ref.lithiumInefficiency(platingCurrent_A_m2: 2) - 2e-3) < 1e-15)
        // Cold: the dead-Li part (negative activation energy) grows, the SEI part shrinks.
        let cold = LithiumLossLaw(aging: a, temperature_K: 273.15)
        let dead = 0.7 * exp(20_000 / Physical.gas * (1 / 273.15 - 1 / 298.15))
        let sei = 0.3 * exp(-30_000 / Physical.gas * (1 / 273.15 - 1 / 298.15))
        #expect(abs(cold.lithiumInefficiency(platingCurrent_A_m2: 1) - 1e-3 * (dead + sei)) < 1e-15)
        #expect(dead > 0.7 && sei < 0.3)
    }

    @Test func contactLossPerCycleScalesWithCRate() {
        // dLAM/dt = k(|J|/J_1C)^r·|J|/Q₀: one cycle (2·Q₀ of throughput) at 1C loses 2k, at 0.25C 2k·0.25^r.
        let q0 = 12.0
        let law = ActiveMaterialLossLaw(cathodeLoss: 0, contactLoss: 1e-4, rateExponent: 0.5, nominalCapacity_C_m2: q0)
        func perCycle(_ c: Double) -> Double {
            let j = c * q0 / 3600
            return law.rate(current_A_m2: j) * (2 * q0 / j)
        }
        #expect(abs(perCycle(1) - 2e-4) < 1e-15)
        #expect(abs(perCycle(0.25) - 2e-4 * 0.5) < 1e-15)
    }

    @Test func interphaseGrowthIsParabolicWithItsCurrentExponent() {
        // d(ASR²)/dt = k_cal + k_pl·J_p·(J_p/J_ref)^m: by hand with k_cal = 2e-14, k_pl = 3e-13, J_ref = 2, m = 0.5.
        var a = AgingParameters(seiCalendarRate_ohm2m4_s: 2e-14, seiPlatingRate_ohm2m4_per_C_m2: 3e-13)
        a.currentReference_A_m2 = 2
        a.seiPlatingCurrentExponent = 0.5
        let law = LithiumLossLaw(aging: a, temperature_K: a.referenceTemperature_K)
        #expect(abs(law.interphaseGrowth(platingCurrent_A_m2: 8) - (2e-14 + 3e-13 * 8 * 2)) <= 1e-24)
        #expect(law.interphaseGrowth(platingCurrent_A_m2: 0) == 2e-14)
        let h = 1e-5
        let fd = (law.interphaseGrowth(platingCurrent_A_m2: 8 + h) - law.interphaseGrowth(platingCurrent_A_m2: 8 - h)) / (2 * h)
        #expect(abs(law.interphaseGrowthDerivative(platingCurrent_A_m2: 8) - fd) <= 1e-7 * fd)
        #expect(abs(law.interphaseGrowthDerivative(platingCurrent_A_m2: 8) - 1.5 * 3e-13 * 2) <= 1e-25)
        // The closed form after an hour at rest and 3.6e4 C/m² plated at 8 A/m²: r₀² + k_cal·t + k_pl·q·(J/J_ref)^m.
        let s = law.interphaseSquared(initial_ohm_m2: 1e-4, time_s: 3600, plated_C_m2: 36_000, current_A_m2: 8)
        #expect(abs(s - (1e-8 + 2e-14 * 3600 + 3e-13 * 36_000 * 2)) <= 1e-20)
        let off = LithiumLossLaw(aging: a, temperature_K: a.referenceTemperature_K, enabled: false)
        #expect(off.interphaseGrowth(platingCurrent_A_m2: 8) == 0 && off.lithiumLossRate(platingCurrent_A_m2: 8) == 0)
    }

    @Test func lithiumLossRateAndItsSlopeIncludingTheCapAtOne() {
        // (1 − CE_Li)·J_p = 0.01·(J_p/J_ref)·J_p with J_ref = 1, m_Li = 1: slope (1 + m)(1 − CE_Li); capped at 1 from
        // J_p = 100 on, where every plated charge is lost and the slope is 1.
        var a = AgingParameters(lithiumInefficiency: 0.01)
        a.lithiumLossCurrentExponent = 1
        let law = LithiumLossLaw(aging: a, temperature_K: a.referenceTemperature_K)
        #expect(abs(law.lithiumLossRate(platingCurrent_A_m2: 5) - 0.01 * 5 * 5) <= 1e-15)
        #expect(abs(law.lithiumLossRateDerivative(platingCurrent_A_m2: 5) - 2 * 0.05) <= 1e-15)
        let h = 1e-6
        let fd = (law.lithiumLossRate(platingCurrent_A_m2: 5 + h) - law.lithiumLossRate(platingCurrent_A_m2: 5 - h)) / (2 * h)
        #expect(abs(fd - 0.1) <= 1e-8)
        #expect(law.lithiumInefficiency(platingCurrent_A_m2: 150) == 1 && law.lithiumLossRate(platingCurrent_A_m2: 150) == 150)
        #expect(law.lithiumLossRateDerivative(platingCurrent_A_m2: 150) == 1)
        #expect(law.lithiumLossRate(platingCurrent_A_m2: 0) == 0 && law.lithiumLossRateDerivative(platingCurrent_A_m2: 0) == 0)
    }

    @Test func activeMaterialLossRateAndItsSlopeAreOddInTheCurrent() {
        // dLAM/dt = [k_cath + k_contact·(|J|/J_1C)^r]·|J|/Q₀ with Q₀ = 36 C/m² (J_1C = 0.01 A/m²), r = 2, at 3C.
        let law = ActiveMaterialLossLaw(cathodeLoss: 1e-5, contactLoss: 1e-4, rateExponent: 2, nominalCapacity_C_m2: 36)
        let j = 0.03
        let expected = (1e-5 + 1e-4 * 9) * j / 36
        #expect(abs(law.rate(current_A_m2: j) - expected) <= 1e-12 * expected && law.rate(current_A_m2: -j) == law.rate(current_A_m2: j))
        let slope = (1e-5 + 3 * 1e-4 * 9) / 36
        #expect(abs(law.rateDerivative(current_A_m2: j) - slope) <= 1e-12 * slope)
        #expect(law.rateDerivative(current_A_m2: -j) == -law.rateDerivative(current_A_m2: j) && law.rate(current_A_m2: 0) == 0)
    }
}
