import Foundation
@testable import CellTwin

/// Shared test fixtures: the shipped model directory and small analytic cells.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let models = ModelLibrary(directory: packageRoot.appendingPathComponent("Models"))

    static func design(electrolyte: String, cathode: String, loading_mg_cm2: Double? = nil) throws -> CellDesign {
        try models.cell(electrolyte: electrolyte, cathode: cathode, loading_kg_m2: loading_mg_cm2.map { Units.kg_m2(mg_cm2: $0) })
    }

    /// A shipped LFP cell with every degradation rate zero, no electronic leakage and no electrolyte oxidation (100 %
    /// coulombic efficiency, capacity constant from cycle to cycle).
    static func frozenDesign(electrolyte: String = "CMP-VAMMT") throws -> CellDesign {
        var d = try design(electrolyte: electrolyte, cathode: "LFP")
        d.electrolyte.aging = .none
        d.electrolyte.electronicConductivity.referenceValue = 0
        d.electrolyte.shortLaw.referenceTime_s = .infinity
        d.electrolyte.shortLaw.criticalCharge_C_m2 = .infinity
        d.electrolyte.voidLaw.voidCharge_C_m2 = .infinity
        d.electrolyte.oxidation.onsetCurrent_A_m2 = 0
        d.electrolyte.oxidation.chargeParasiticFraction = 0
        d.cathode.activeMaterialLoss.referenceValue = 0
        return d
    }

    /// A cathode with a linear OCV U = 4.0 − x (V), so voltages are analytic.
    static func linearCathode(diffusionTime_s: Double = 1e-6) -> Cathode {
        let x = stride(from: 0.0, through: 1.0, by: 0.05).map { $0 }
        return Cathode(id: "LIN", name: "linear", ocvStoichiometry: x, ocvVoltage_V: x.map { 4.0 - $0 },
                       specificCapacity_C_kg: Units.C_kg(mAh_g: 150), theoreticalCapacity_C_kg: Units.C_kg(mAh_g: 150),
                       nominalCapacity_C_kg: Units.C_kg(mAh_g: 150), minimumVoltage_V: 3.05, maximumVoltage_V: 3.95,
                       exchangeCurrent: Arrhenius(referenceValue: 10, activationEnergy_J_mol: 40_000),
                       diffusionTime_s: diffusionTime_s, diffusionActivationEnergy_J_mol: 30_000,
                       defaultLoading_kg_m2: 0.02)
    }

    /// An electrolyte with simple numbers; `tPlus` = 1 removes concentration polarization.
    static func simpleElectrolyte(tPlus: Double = 0.5, sigma_S_m: Double = 0.1, thickness_m: Double = 50e-6,
                                  diffusivity: Double = 1e-11) -> Electrolyte {
        Electrolyte(id: "SIMPLE", name: "simple", study: "test", family: "polymer",
                    conductivity: .arrhenius(Arrhenius(referenceValue: sigma_S_m, activationEnergy_J_mol: 30_000)),
                    validTemperatureRange_K: 273.15...423.15, transferenceNumber: tPlus, thickness_m: thickness_m,
                    saltConcentration_mol_m3: 1000,
                    diffusivity: Arrhenius(referenceValue: diffusivity, activationEnergy_J_mol: 20_000),
                    lithiumExchangeCurrent: Arrhenius(referenceValue: 5, activationEnergy_J_mol: 50_000),
                    lithiumInterphaseASR_ohm_m2: 1e-3, cathodeInterphaseASR_ohm_m2: 5e-4, oxidationLimit_V: 4.5,
                    // No damage unless a test sets it: the per-charge critical term off as well.
                    shortLaw: ShortLaw(referenceCurrent_A_m2: 1, exponent: 2, referenceTime_s: .infinity,
                                       activationEnergy_J_mol: 0, referenceTemperature_K: 298.15, criticalCharge_C_m2: .infinity),
                    referenceCell: CellFormat())
    }
}
