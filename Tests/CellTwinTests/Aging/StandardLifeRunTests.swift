import Foundation
import Testing
@testable import CellTwin

/// The standard aging experiment and the lifetime run `celltwin life` makes of it.
@Suite struct StandardLifeRunTests {
    @Test("the standard experiment is the standard cycle repeated; the run returns the experiment it ran")
    func standardRun() throws {
        let d = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        let e = try LifeSimulator.standardExperiment(cathode: d.cathode, chargeRate: 0.5, dischargeRate: 1, cycles: 7)
        #expect(e.blocks.count == 1 && e.blocks[0].repeatCount == 7)
        #expect(e.blocks[0].steps == (try LifeSimulator.standardCycle(cathode: d.cathode, chargeRate: 0.5, dischargeRate: 1)))
        var o = LifeOptions()
        o.maxCycles = 3
        o.attribution = false
        let (r, ran) = try LifeSimulator.standardRun(design: d, temperature_C: 60, chargeRate: 1, dischargeRate: 1, options: o)
        #expect(ran.blocks[0].repeatCount == 3 && r.cycles.count == 3)
        #expect(r.cycles.allSatisfy { $0.dischargeCapacity_C_m2 > 0 })
    }
}
