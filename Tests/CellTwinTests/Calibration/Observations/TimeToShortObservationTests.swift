import Foundation
import Testing
@testable import CellTwin

/// Li|Li time-to-short rows of galvanostatic tests.
@Suite struct TimeToShortObservationTests {
    static func row(_ hours: Double = 170, unit: String = "h", current: Double? = 0.1, capacity: Double? = 0.1,
                    t: Double? = 30, qualifier: String = "=") -> String {
        FitFixtures.row("CPCSE", "symmetric_short", t: t, current: current, capacity: capacity, quantity: "time_to_short",
                        value: hours, unit: unit, qualifier: qualifier)
    }

    @Test("a time in h with a current and an areal capacity is a point; a step test or a missing protocol is refused")
    func classify() throws {
        let p = try ObservationFixtures.point(Self.row())
        #expect(p.kind == .timeToShort && p.measured == 170 && p.unit == "h" && p.temperature_C == 30)
        #expect(try ObservationFixtures.reason(Self.row(0.5, unit: "mA/cm2")).contains("step tests are not fitted"))
        #expect(try ObservationFixtures.reason(Self.row(current: nil)) == "no current or areal capacity")
        #expect(try ObservationFixtures.reason(Self.row(capacity: nil)) == "no current or areal capacity")
        #expect(try ObservationFixtures.reason(Self.row(t: nil)) == ObservationRow.noTemperature)
    }

    @Test("residual log2 of the ratio; validation within a factor 2, one-sided for bounds")
    func residualAndComparison() throws {
        let p = try ObservationFixtures.point(Self.row(100))
        #expect(abs(p.observation.residual(p, model: 400) - 2) < 1e-12)
        #expect(abs(p.observation.residual(p, model: 50) + 1) < 1e-12)
        let c = p.observation.compare(p, predicted: 190)
        #expect(c.within && c.errorText == "×1.90" && c.tolerance == "factor 2")
        #expect(!p.observation.compare(p, predicted: 210).within && !p.observation.compare(p, predicted: 49).within)
        let atMost = try ObservationFixtures.point(Self.row(100, qualifier: "<"))
        #expect(atMost.observation.compare(atMost, predicted: 10).within && !atMost.observation.compare(atMost, predicted: 210).within)
        // A model that never shorts in its horizon says so.
        #expect(p.observation.compare(p, predicted: FitModel.maximumTimeToShort_h).errorText == "no short")
    }
}
