import Foundation
import Testing
@testable import CellTwin

/// A checkpoint of the loss attribution's path integral: what each mechanism lost and what none explains.
@Suite struct AttributionHistoryTests {
    @Test("the interaction is the total loss less the named mechanisms' losses; an absent mechanism lost nothing")
    func interactionIsWhatNoMechanismExplains() {
        let p = AttributionPoint(cycle: 40, lost_C_m2: [.resistance: 120, .activeMaterial: 30.5], total_C_m2: 160)
        #expect(p.interaction_C_m2 == 9.5)
        #expect(p.lost(.resistance) == 120 && p.lost(.activeMaterial) == 30.5)
        #expect(p.lost(.lithiumInventory) == 0 && p.lost(.short) == 0)
        // Mechanisms that explain more than the total (they overlap) leave a negative interaction.
        let overlap = AttributionPoint(cycle: 1, lost_C_m2: [.resistance: 5, .lithiumInventory: 7], total_C_m2: 10)
        #expect(overlap.interaction_C_m2 == -2)
        #expect(AttributionPoint(cycle: 1, lost_C_m2: [:], total_C_m2: 3).interaction_C_m2 == 3)
    }

    @Test("a lifetime run with attribution: checkpoints in cycle order, each adding up to the reference less its capacity")
    func aRunsCheckpointsAddUp() throws {
        var o = LifeOptions()
        o.maxCycles = 12
        o.attributionCheckpoints = 3
        o.threshold = 1e-6
        o.attribution = true
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let r = try LifeSimulator.standardRun(design: design, temperature_C: 30, chargeRate: 1, dischargeRate: 1, options: o).result
        let history = r.attributionHistory
        try #require(!history.isEmpty)
        #expect(zip(history, history.dropFirst()).allSatisfy { $0.cycle < $1.cycle })
        for p in history {
            let c = try #require(r.cycles.first { $0.cycle == p.cycle })
            #expect(abs(p.total_C_m2 - (r.referenceCapacity_C_m2 - c.dischargeCapacity_C_m2)) <= 1e-9 * r.referenceCapacity_C_m2,
                    "cycle \(p.cycle)")
            #expect(abs(p.interaction_C_m2 + p.lost_C_m2.values.reduce(0, +) - p.total_C_m2) < 1e-12 * max(1, abs(p.total_C_m2)))
        }
    }
}
