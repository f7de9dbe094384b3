import Foundation
import Testing
@testable import CellTwin

/// The band of a cycling run: each perturbed electrolyte's study electrode reaches the shipped cathode.
@Suite struct SimulationBandsTests {
    @Test("the design of a perturbed electrolyte re-applies its electrode keys onto the shipped cathode, the cell format kept")
    func perturbedElectrodeReachesTheCell() throws {
        let lfp = try Fixtures.models.cathode("LFP")
        var e = try Fixtures.models.electrolyte("CPCSE")
        let key = try #require(FitParameterRegistry.key("electrodes.LFP.diffusion_time_s"))
        key.set(&e, 1234)
        let d = CellDesign(cathode: lfp, electrolyte: e, anode: try Fixtures.models.lithiumAnode(), cathodeLoading_kg_m2: 0.02,
                           electrodeArea_m2: 2e-4)
        #expect(d.cathode.diffusionTime_s == 1234)
        var moved = e
        key.set(&moved, 4321)
        let p = SimulationBands.design(d, baseCathode: lfp, electrolyte: moved)
        #expect(p.cathode.diffusionTime_s == 4321)
        #expect(p.cathodeLoading_kg_m2 == 0.02 && p.electrodeArea_m2 == 2e-4 && p.anode == d.anode)
        // Applied to the design's own (already overridden) cathode instead, the value would still be the new one, but
        // keys the perturbed electrolyte no longer sets would linger; from the shipped cathode they do not.
        var cleared = e
        cleared.referenceCell.electrodes = [:]
        #expect(SimulationBands.design(d, baseCathode: lfp, electrolyte: cleared).cathode.diffusionTime_s == lfp.diffusionTime_s)
    }
}
