import Foundation
import Testing
@testable import CellTwin

/// Li|Li tests that ended without a short (`symmetric_stable`, censored with `>=`).
@Suite struct CensoredShortObservationTests {
    static func row(_ hours: Double = 500, qualifier: String = ">=") -> String {
        FitFixtures.row("CPCSE", "symmetric_stable", t: 30, current: 0.1, capacity: 0.1, quantity: "time", value: hours,
                        unit: "h", qualifier: qualifier)
    }

    @Test("a stable test must be censored (>=); it shares the time-to-short checks")
    func classify() throws {
        let p = try ObservationFixtures.point(Self.row())
        #expect(p.kind == .censoredShort && p.oneSided == .atLeast && p.measured == 500)
        #expect(try ObservationFixtures.reason(Self.row(qualifier: "=")).contains("must be censored (qualifier >=)"))
        #expect(try ObservationFixtures.reason(FitFixtures.row("CPCSE", "symmetric_stable", t: 30, quantity: "time", value: 500,
                                                              unit: "h", qualifier: ">=")) == "no current or areal capacity")
    }

    @Test("residual is zero for any longer model life and log2 of the shortfall otherwise; validation: no short before")
    func residualIsOneSided() throws {
        let p = try ObservationFixtures.point(Self.row(400))
        #expect(p.observation.residualIsOneSided)
        #expect(p.observation.residual(p, model: 4000) == 0)
        #expect(abs(p.observation.residual(p, model: 100) - 2) < 1e-12)
        #expect(p.observation.compare(p, predicted: 400).within && !p.observation.compare(p, predicted: 399).within)
        #expect(p.observation.compare(p, predicted: 400).tolerance == "no short before 400 h")
    }
}
