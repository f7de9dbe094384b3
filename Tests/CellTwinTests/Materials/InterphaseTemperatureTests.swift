import Foundation
import Testing
@testable import CellTwin

/// Film (interphase) resistances with their own activation energy (DOMAIN B §3): ASR_film(T) =
/// ASR_film(T_ref)·exp[(E_film/R)(1/T − 1/T_ref)], T_ref the `[lithium_interface]` reference temperature, in every
/// place a film enters: the full cell, the symmetric cell, the impedance and the fit's interface resistance.
@Suite struct InterphaseTemperatureTests {
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
