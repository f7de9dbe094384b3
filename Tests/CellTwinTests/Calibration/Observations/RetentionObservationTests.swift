import Foundation
import Testing
@testable import CellTwin

/// Capacity retention at a cycle of a full-cell cycling test.
@Suite struct RetentionObservationTests {
    static func row(_ value: Double = 0.9, cycle: Int? = 200, qualifier: String = "=") -> String {
        FitFixtures.row("CPCSE", "cycling_retention", t: 30, cathode: "LFP", cRate: 0.5, cycle: cycle, quantity: "retention",
                        value: value, unit: "fraction", qualifier: qualifier)
    }

    @Test("a retention row needs a cycle of at least 2")
    func classify() throws {
        let p = try ObservationFixtures.point(Self.row())
        #expect(p.kind == .retention && p.measured == 0.9 && p.unit == "fraction" && p.observation.usesLifetimeRuns)
        #expect(try ObservationFixtures.reason(Self.row(cycle: 1)) == "no cycle number")
        #expect(try ObservationFixtures.reason(Self.row(cycle: nil)) == "no cycle number")
    }

    @Test("residual in units of 3 points; validation in points, one-sided for a bound")
    func residualAndComparison() throws {
        let p = try ObservationFixtures.point(Self.row())
        #expect(abs(p.observation.residual(p, model: 0.87) + 1) < 1e-12)
        let c = p.observation.compare(p, predicted: 0.925)
        #expect(c.within && abs(c.error - 2.5) < 1e-9 && c.errorText == "+2.5 points")
        #expect(!p.observation.compare(p, predicted: 0.865).within)
        let bound = try ObservationFixtures.point(Self.row(0.8, qualifier: ">"))
        #expect(bound.observation.compare(bound, predicted: 0.99).within && !bound.observation.compare(bound, predicted: 0.76).within)
        #expect(bound.observation.compare(bound, predicted: 0.99).tolerance == "≥ measured − 3 points")
    }
}
