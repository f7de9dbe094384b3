import Foundation
import Testing
@testable import CellTwin

/// The bulk conduction of the membrane (``BulkTransportSubmodel``): ASR_b = L/σ(T), the leakage conductance σ_e(T)/L,
/// and the ohmic drop as a ``VoltageTerm``.
@Suite struct BulkTransportSubmodelTests {
    @Test func resistanceAndLeakageAreTheThicknessOverTheConductivities() throws {
        var design = try Fixtures.design(electrolyte: "PPSE", cathode: "LFP")
        design.electrolyte.electronicConductivity.referenceValue = 1e-8
        let t = 323.15
        let b = BulkTransportSubmodel(design: design, temperature_K: t)
        let l = design.electrolyte.thickness_m
        let sigma = design.electrolyte.conductivity.sigma_S_m(at: t)
        #expect(abs(b.bulkASR_ohm_m2 - l / sigma) <= 1e-12 * b.bulkASR_ohm_m2)
        #expect(b.fixedSeriesASR_ohm_m2 == b.bulkASR_ohm_m2 + design.contactASR_ohm_m2)
        let sigmaE = design.electrolyte.electronicConductivity.value(at: t)
        #expect(sigmaE > 0 && abs(b.leakageConductance_S_m2 - sigmaE / l) <= 1e-12 * b.leakageConductance_S_m2)
        let drop = b.ohmic(current: 7, seriesASR_ohm_m2: b.fixedSeriesASR_ohm_m2)
        #expect(drop == VoltageTerm(V: 7 * b.fixedSeriesASR_ohm_m2, dVdJ: b.fixedSeriesASR_ohm_m2))
        let model = try FullCellModel(design: design, temperature_K: t)
        #expect(model.bulkASR_ohm_m2 == b.bulkASR_ohm_m2 && model.leakageConductance_S_m2 == b.leakageConductance_S_m2)
        // The membrane alone (a Li | E | Li cell): the same ASR_b, no contact.
        let membrane = BulkTransportSubmodel(electrolyte: design.electrolyte, temperature_K: t)
        #expect(membrane.bulkASR_ohm_m2 == b.bulkASR_ohm_m2 && membrane.fixedSeriesASR_ohm_m2 == b.bulkASR_ohm_m2)
        #expect(abs(b.fixedSeriesASR_ohm_m2 - membrane.fixedSeriesASR_ohm_m2 - design.contactASR_ohm_m2) <= 1e-12 * b.fixedSeriesASR_ohm_m2)
    }
}
