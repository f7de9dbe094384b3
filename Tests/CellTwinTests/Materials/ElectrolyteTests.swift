import Foundation
import Testing
@testable import CellTwin

/// Electrolyte transport (Sand time, limiting current, diffusion time), the lithium foil and the shipped conductivities
/// against their closed forms and the tables of docs/DOMAIN.md.
@Suite struct ElectrolyteTests {
    @Test func sandsTimeEqualsTheFormulaAndVanishesForSingleIon() {
        // docs/DOMAIN.md B §4.1 example: c₀ = 1000 mol/m³, t₊ = 0.2, D = 1e-11: 0.5 mA/cm² → 4570 s, 1 mA/cm² → 1142 s.
        var e = Fixtures.simpleElectrolyte(tPlus: 0.2, diffusivity: 1e-11)
        let t = e.diffusivity.referenceTemperature_K
        #expect(abs(e.sandTime_s(current_A_m2: 5, temperature_K: t) - 4570) < 5)
        #expect(abs(e.sandTime_s(current_A_m2: 10, temperature_K: t) - 1142) < 2)
        e.transferenceNumber = 1
        #expect(e.sandTime_s(current_A_m2: 10, temperature_K: t) == .infinity)
        #expect(e.limitingCurrent_A_m2(at: t) == .infinity)
    }

    @Test func limitingCurrentAndDiffusionTimeMatchTheDomainExamples() {
        // B §4.2: c₀ = 1000, t₊ = 0.2, D = 1e-11, L = 50 µm → J* = 4.8 mA/cm²; B §2.4: τ = L²/(π²D) = 25 s.
        let e = Fixtures.simpleElectrolyte(tPlus: 0.2, thickness_m: 50e-6, diffusivity: 1e-11)
        let t = e.diffusivity.referenceTemperature_K
        #expect(abs(Units.mA_cm2(A_m2: e.limitingCurrent_A_m2(at: t)) - 4.8) < 0.05)
        #expect(abs(e.diffusionTime_s(at: t) - 25.3) < 0.1)
        // R_d = ASR_b(1 − t₊)/t₊.
        #expect(abs(e.diffusionASR_ohm_m2(at: t) - 4 * e.bulkASR_ohm_m2(at: t)) < 1e-15)
    }

    @Test func lithiumFoilCapacityMatchesTheDomainConversion() throws {
        // B §0: 20 µm ≙ 4.12 mAh/cm².
        let anode = try Fixtures.models.lithiumAnode().withThickness(20e-6)
        #expect(abs(Units.mAh_cm2(C_m2: anode.capacity_C_m2) - 4.12) < 0.01)
    }

    @Test func shippedConductivitiesReproduceTheSeedMeasurements() throws {
        // Every conductivity row of Calibration/seed-measurements.csv for a shipped electrolyte, within 10 %.
        let rows: [(String, Double, Double)] = [
            ("LiPMCE-0.16", 30, 8.38e-6), ("LiPMCE-0.16", 110, 9.69e-5), ("CPCSE", 25, 5.2e-4), ("CPCSE", 60, 1.6e-3),
            ("CNCSE", 60, 9.1e-4), ("PPSE", 60, 0.8e-4), ("CMP-VAMMT", 25, 1.08e-3), ("CMP-VAMMT", 0, 2.49e-4),
            ("CMP", 25, 6.32e-4), ("CMP-MMT", 25, 4.98e-4), ("ANP-C-1.0K", 28, 2.48e-7), ("ANP-C-2.0K", 88, 3.36e-5),
            ("HE-PEIgPHE", 60, 2.14e-4), ("PHE", 60, 1.03e-4),
        ]
        for (id, t, sigma) in rows {
            let e = try Fixtures.models.electrolyte(id)
            let model = Units.S_cm(S_m: e.conductivity.sigma_S_m(at: Units.kelvin(celsius: t)))
            #expect(abs(model / sigma - 1) < 0.10, "\(id) at \(t) °C: \(model) vs \(sigma) S/cm")
        }
    }
}
