import Foundation
import Testing
@testable import CellTwin

/// Electrolyte oxidation at the cathode (``OxidationLaw``): Tafel above the stability window, passivating with its
/// charge, Arrhenius in temperature (DOMAIN B §5.6).
@Suite struct ElectrolyteOxidationTests {
    let T = 298.15

    @Test func tafelOxidationCurrentPassivatesAndDefinesTheWindow() {
        // i_ox = i_th·exp((φ − V_ox)/V_s)/(1 + Q/q_p): i_th at V_ox, ×10 one Tafel slope b = V_s·ln 10 above.
        var aging = AgingParameters()
        aging.ceiVoltageScale_V = 0.05
        aging.ceiRate_ohm_m2_s = 1e-8
        let law = OxidationLaw(onsetCurrent_A_m2: 0.05, passivationCharge_C_m2: 0.18)
            .resolved(at: T, oxidationLimit_V: 4.2, aging: aging, enabled: true)
        #expect(abs(law.current(cathodePotential_V: 4.2, oxidationCharge_C_m2: 0) - 0.05) < 1e-15)
        let b = 0.05 * log(10.0)
        #expect(abs(law.current(cathodePotential_V: 4.2 + b, oxidationCharge_C_m2: 0) / 0.05 - 10) < 1e-9)
        #expect(abs(law.current(cathodePotential_V: 4.2, oxidationCharge_C_m2: 0.18) - 0.025) < 1e-15)
        // The simulated stability window at the threshold i_th is V_ox; ten times the threshold lies b higher.
        #expect(abs(OxidationLaw.stabilityWindow(law, threshold_A_m2: 0.05)! - 4.2) < 1e-12)
        #expect(abs(OxidationLaw.stabilityWindow(law, threshold_A_m2: 0.5)! - (4.2 + b)) < 1e-12)
        // ρ_CEI = k_CEI/i_th: a fresh cathode at V_ox grows its CEI at k_CEI.
        #expect(abs(law.filmPerCharge_ohm_m2_per_C_m2 * 0.05 - 1e-8) < 1e-20)
    }

    @Test func theOxidationCurrentIsArrheniusCappedAndOffWhenDisabled() {
        var aging = AgingParameters(ceiRate_ohm_m2_s: 1e-8, ceiVoltageScale_V: 0.05, ceiActivationEnergy_J_mol: 40_000)
        aging.referenceTemperature_K = T
        let law = OxidationLaw(onsetCurrent_A_m2: 0.05, passivationCharge_C_m2: 180, chargeParasiticFraction: 0.8)
        let warm = law.resolved(at: T + 30, oxidationLimit_V: 4.2, aging: aging, enabled: true)
        // i_th(T) = i_th·exp[−(E_a/R)(1/T − 1/T_ref)], by hand for 40 kJ/mol and 30 K: × 4.37
        let factor = exp(-40_000 / Physical.gas * (1 / (T + 30) - 1 / T))
        #expect(abs(warm.onsetCurrent_A_m2 - 0.05 * factor) <= 1e-12 && factor > 4.2 && factor < 4.4)
        // ε is capped at one half of the charging current; 1/q_p is the passivation.
        #expect(warm.chargeParasiticFraction == 0.5 && abs(warm.inversePassivationCharge - 1 / 180.0) < 1e-18)
        // The exponent is capped at 30, and below 40 Tafel e-folds the current is exactly 0.
        #expect(abs(warm.current(cathodePotential_V: 4.2 + 100 * 0.05, oxidationCharge_C_m2: 0) - 0.05 * factor * exp(30)) <= 1e-9 * 0.05 * factor * exp(30))
        #expect(abs(warm.negligibleBelow_V - (4.2 - 40 * 0.05)) < 1e-12)
        #expect(warm.current(cathodePotential_V: warm.negligibleBelow_V - 0.01, oxidationCharge_C_m2: 0) == 0)
        // A negative oxidation charge does not raise the current above the fresh one.
        #expect(warm.current(cathodePotential_V: 4.2, oxidationCharge_C_m2: -50) == warm.current(cathodePotential_V: 4.2, oxidationCharge_C_m2: 0))
        let off = law.resolved(at: T, oxidationLimit_V: 4.2, aging: aging, enabled: false)
        #expect(off.current(cathodePotential_V: 5, oxidationCharge_C_m2: 0) == 0 && off.filmPerCharge_ohm_m2_per_C_m2 == 0)
        #expect(off.chargeParasiticFraction == 0 && OxidationLaw.stabilityWindow(off, threshold_A_m2: 0.05) == nil)
    }
}
