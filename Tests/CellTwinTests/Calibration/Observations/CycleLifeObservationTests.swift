import Foundation
import Testing
@testable import CellTwin

/// Cycle-life rows: cycles to 80 % retention or a short at the row's C-rate.
@Suite struct CycleLifeObservationTests {
    static func row(_ value: Double, unit: String = "cycles", cRate: Double? = 0.5) -> String {
        FitFixtures.row("CPCSE", "cycling_life", t: 30, cathode: "LFP", cRate: cRate, quantity: "cycles", value: value, unit: unit)
    }

    @Test("a cycle life is at least 2 cycles at a C-rate")
    func classify() throws {
        let p = try ObservationFixtures.point(Self.row(500))
        #expect(p.kind == .cyclingLife && p.measured == 500 && p.unit == "cycles" && p.observation.usesLifetimeRuns)
        #expect(try ObservationFixtures.reason(Self.row(1)).contains("is not a cycle count at a C-rate"))
        #expect(try ObservationFixtures.reason(Self.row(500, unit: "h")).contains("is not a cycle count at a C-rate"))
        #expect(try ObservationFixtures.reason(Self.row(500, cRate: nil)).contains("is not a cycle count at a C-rate"))
        // A prediction simulates up to three times the measured life.
        #expect(p.observation.cost(p) == 1500)
    }

    @Test("residual ln(N_model/N)/ln 1.2; validated within 20 %")
    func residualAndComparison() throws {
        let p = try ObservationFixtures.point(Self.row(500))
        #expect(abs(p.observation.residual(p, model: 600) - 1) < 1e-12)
        #expect(abs(p.observation.residual(p, model: 500 / 1.44) + 2) < 1e-12)
        #expect(p.observation.compare(p, predicted: 599).within && !p.observation.compare(p, predicted: 601).within)
    }
}
