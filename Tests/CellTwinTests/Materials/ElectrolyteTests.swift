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

    // MARK: - Interphase films in temperature
    // Film (interphase) resistances with their own activation energy (DOMAIN B §3): ASR_film(T) =
    // ASR_film(T_ref)·exp[(E_film/R)(1/T − 1/T_ref)], T_ref the `[lithium_interface]` reference temperature, in every
    // place a film enters: the full cell, the symmetric cell, the impedance and the fit's interface resistance.

    static func electrolyte(lithiumFilm_kJ: Double, cathodeFilm_kJ: Double) -> Electrolyte {
        var e = Fixtures.simpleElectrolyte(tPlus: 1)
        e.lithiumExchangeCurrent.referenceTemperature_K = 333.15
        e.lithiumInterphaseASR_ohm_m2 = 98e-4
        e.cathodeInterphaseASR_ohm_m2 = 20e-4
        e.lithiumInterphaseActivationEnergy_J_mol = lithiumFilm_kJ * 1000
        e.cathodeInterphaseActivationEnergy_J_mol = cathodeFilm_kJ * 1000
        return e
    }

    @Test("the film factor is 1 at T_ref, the Arrhenius closed form elsewhere, and 1 everywhere without an activation energy")
    func factorClosedForm() {
        let e = Self.electrolyte(lithiumFilm_kJ: 48, cathodeFilm_kJ: 30)
        #expect(e.lithiumInterphaseFactor(at: 333.15) == 1)
        for t in [273.15, 298.15, 393.15] {
            #expect(abs(e.lithiumInterphaseFactor(at: t) / exp((48_000 / Physical.gas) * (1 / t - 1 / 333.15)) - 1) < 1e-14)
            #expect(abs(e.cathodeInterphaseFactor(at: t) / exp((30_000 / Physical.gas) * (1 / t - 1 / 333.15)) - 1) < 1e-14)
        }
        // 0.5 eV between 60 and 120 °C: the film falls to 7 % of its 60 °C value.
        #expect(abs(e.lithiumInterphaseFactor(at: 393.15) - 0.0713) < 5e-4)
        let flat = Self.electrolyte(lithiumFilm_kJ: 0, cathodeFilm_kJ: 0)
        #expect(flat.lithiumInterphaseFactor(at: 273.15) == 1 && flat.cathodeInterphaseFactor(at: 393.15) == 1)
    }

    @Test("symmetric cell, impedance and fit give the same interface ASR 2(R_ct(T) + ASR_SEI·f(T))")
    func symmetricCellImpedanceAndFitAgree() throws {
        let e = Self.electrolyte(lithiumFilm_kJ: 48, cathodeFilm_kJ: 48)
        for tC in [0.0, 25, 60, 120] {
            let t = Units.kelvin(celsius: tC)
            let expected = 2 * (Physical.thermalVoltage(t) / e.lithiumExchangeCurrent.value(at: t)
                                + e.lithiumInterphaseASR_ohm_m2 * exp((48_000 / Physical.gas) * (1 / t - 1 / 333.15)))
            let cell = try SymmetricCellModel(electrolyte: e, temperature_K: t)
            let y = cell.initialState()
            let asr = y.withUnsafeBufferPointer { cell.interfacialASR_ohm_m2($0.baseAddress!) }
            #expect(abs(asr / expected - 1) < 1e-12, "\(tC) C: \(asr) vs \(expected)")
            #expect(abs(2 * CellImpedanceModel.lithiumInterfaceASR(e, t) / expected - 1) < 1e-12)
        }
        // Warmer: a smaller film share; without the activation energy the film stays 98 Ω cm² at every temperature.
        let flat = Self.electrolyte(lithiumFilm_kJ: 0, cathodeFilm_kJ: 0)
        let hot = Units.kelvin(celsius: 120)
        #expect(CellImpedanceModel.lithiumInterfaceASR(e, hot) < CellImpedanceModel.lithiumInterfaceASR(flat, hot) - 80e-4)
    }

    @Test("full cell: series ASR = bulk + contact + Li film·f_Li(T) + cathode film·f_C(T), fresh and frozen")
    func fullCellSeriesASR() throws {
        let e = Self.electrolyte(lithiumFilm_kJ: 48, cathodeFilm_kJ: 30)
        for aging in [true, false] {
            for tC in [10.0, 60, 110] {
                let t = Units.kelvin(celsius: tC)
                let design = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: e)
                let model = try FullCellModel(design: design, temperature_K: t, aging: aging)
                let y0 = model.initialState(stateOfCharge: 0.5)
                let series = y0.withUnsafeBufferPointer { model.seriesASR_ohm_m2($0.baseAddress!) }
                let expected = e.bulkASR_ohm_m2(at: t) + design.contactASR_ohm_m2
                    + 98e-4 * exp((48_000 / Physical.gas) * (1 / t - 1 / 333.15))
                    + 20e-4 * exp((30_000 / Physical.gas) * (1 / t - 1 / 333.15))
                #expect(abs(series / expected - 1) < 1e-12, "aging \(aging), \(tC) C: \(series) vs \(expected)")
            }
        }
    }

    @Test("model files without the film keys take the family prior; the key list carries both with a spread")
    func familyDefaultPrior() throws {
        for path in ["lithium_interface.interphase_activation_energy_kJ_mol", "cathode_interface.interphase_activation_energy_kJ_mol"] {
            let k = try #require(ElectrolyteKeys.key(path))
            guard case .familyDefault = k.absent else { Issue.record("\(path) has no family default"); continue }
            for family in ElectrolyteFamilyDefaults.families {
                let d = try #require(ElectrolyteFamilyDefaults.value(path, family: family))
                let prior = try #require(d.prior)
                // The 95 % range of the prior spans 0.3–0.7 eV (29–68 kJ/mol) within 2 kJ/mol.
                let range = prior.interval95(centre: d.value)
                #expect(abs(range.lowerBound - 28.9) < 2 && abs(range.upperBound - 67.5) < 2, "\(family): \(range)")
            }
        }
    }
}
