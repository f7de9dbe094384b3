import Foundation
import Testing
@testable import CellTwin

/// Capacities of later cycles and charge capacities, read from the shared lifetime run of the row's test.
@Suite struct CycledCapacityObservationTests {
    static func row(cycle: Int? = 50, quantity: String = "discharge_capacity", unit: String = "mAh/g", cRate: Double? = 0.5) -> String {
        FitFixtures.row("CPCSE", "cycling_capacity", t: 30, cathode: "LFP", cRate: cRate, cycle: cycle, quantity: quantity,
                        value: 140, unit: unit)
    }

    @Test("a discharge after the early cycles or a charge capacity is a point that runs a lifetime simulation")
    func classify() throws {
        let p = try ObservationFixtures.point(Self.row())
        #expect(p.kind == .cycledCapacity && p.measured == 140 && p.unit == "mAh/g")
        #expect(p.observation.usesLifetimeRuns)
        #expect(try ObservationFixtures.point(Self.row(cycle: 1, quantity: "charge_capacity")).kind == .cycledCapacity)
        #expect(try ObservationFixtures.reason(Self.row(quantity: "energy")).contains("is not a discharge or charge capacity in mAh/g"))
        #expect(try ObservationFixtures.reason(Self.row(cRate: nil)) == "no C-rate")
        // The cost of a prediction grows with the cycle it reads.
        #expect(p.observation.cost(p) == 50)
    }

    @Test("residual relative to 2.55 % of the measured capacity (the early-cycle capacity's); validated within 5 %")
    func residualAndComparison() throws {
        let p = try ObservationFixtures.point(Self.row())
        #expect(abs(p.observation.residual(p, model: 133) + 1.959964) < 1e-9)
        #expect(p.observation.compare(p, predicted: 146.9).within && !p.observation.compare(p, predicted: 147.1).within)
    }
}
