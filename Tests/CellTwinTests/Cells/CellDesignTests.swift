import Foundation
import Testing
@testable import CellTwin

/// A cell design in numbers checked by hand: the capacity that defines 1C, C-rates as current densities, mAh/g, the
/// N/P ratio of a Li foil, and where values not given come from (the study's reference cell, then the materials).
@Suite struct CellDesignTests {
    /// 10 mg/cm² (0.1 kg/m²) of a 150 mAh/g cathode: 1.5 mAh/cm² = 54 000 C/m²; 1C = 15 A/m² (1.5 mA/cm²).
    @Test func capacityAndCRates() {
        let d = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(), cathodeLoading_kg_m2: 0.1)
        #expect(abs(d.nominalCapacity_C_m2 - 54_000) < 1e-9)
        #expect(abs(d.currentDensity(cRate: 1) - 15) < 1e-12 && abs(d.currentDensity(cRate: 0.1) - 1.5) < 1e-12)
        #expect(abs(d.mAh_g(54_000) - 150) < 1e-12)
        #expect(abs(d.stoichiometricCapacity_C_m2 - 54_000) < 1e-9)
        // A C-rate basis of 170 mAh/g defines 1C as 17 A/m² on the same electrode.
        let basis = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(), cathodeLoading_kg_m2: 0.1,
                               cRateBasis_C_kg: 170 * 3600)
        #expect(abs(basis.currentDensity(cRate: 1) - 17) < 1e-12)
    }

    /// 50 µm of Li holds about 10.3 mAh/cm² (0.206 mAh/cm² per µm): N/P ≈ 6.9 against 1.5 mAh/cm².
    @Test func theLithiumFoilsCapacityRatio() {
        let d = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(), cathodeLoading_kg_m2: 0.1)
        #expect(abs(Units.mAh_cm2(C_m2: d.anode.capacity_C_m2) / 10.3 - 1) < 0.01)
        #expect(abs(d.negativeToPositiveRatio - d.anode.capacity_C_m2 / 54_000) < 1e-12)
        let thin = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(), cathodeLoading_kg_m2: 0.1,
                              lithiumThickness_m: 20e-6)
        #expect(abs(thin.negativeToPositiveRatio / d.negativeToPositiveRatio - 0.4) < 1e-12)
    }

    /// Values not given come from the electrolyte's reference cell (area, contact ASR, loading, Li thickness), then the
    /// cathode's default loading; given values win.
    @Test func defaultsComeFromTheReferenceCellThenTheMaterials() {
        var e = Fixtures.simpleElectrolyte()
        let plain = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: e)
        #expect(plain.cathodeLoading_kg_m2 == 0.02 && plain.electrodeArea_m2 == 1.13e-4 && plain.contactASR_ohm_m2 == 0)
        #expect(plain.anode.thickness_m == 50e-6)
        e.referenceCell = CellFormat(cathodeLoading_kg_m2: 0.03, electrodeArea_m2: 2e-4, contactASR_ohm_m2: 1e-4,
                                     lithiumThickness_m: 30e-6)
        let study = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: e)
        #expect(study.cathodeLoading_kg_m2 == 0.03 && study.electrodeArea_m2 == 2e-4 && study.contactASR_ohm_m2 == 1e-4)
        #expect(study.anode.thickness_m == 30e-6)
        let given = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: e, cathodeLoading_kg_m2: 0.01, electrodeArea_m2: 1e-4)
        #expect(given.cathodeLoading_kg_m2 == 0.01 && given.electrodeArea_m2 == 1e-4)
        // A study loading given for another cathode does not apply.
        e.referenceCell.loadingCathodeID = "NCM811"
        #expect(CellDesign(cathode: Fixtures.linearCathode(), electrolyte: e).cathodeLoading_kg_m2 == 0.02)
    }
}
