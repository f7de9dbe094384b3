import Foundation
import Testing
@testable import CellTwin

/// One grid point's result: metrics rounded as the CSV writes them, one-line failures, and the outcome classes.
@Suite struct SweepRecordTests {
    @Test("metrics are rounded to six significant digits; NaN and ∞ become no value")
    func metricsAreRounded() {
        let r = SweepRecord(point: 3, coordinates: [.number(30)], firstDischargeCapacity_mAh_g: 151.234567,
                            finalRetention: 0.912345678, cyclesTo80: 412, meanOverpotential_V: .nan,
                            dischargeEnergy_mWh_g: .infinity, end: .completed)
        #expect(r.firstDischargeCapacity_mAh_g == 151.235 && r.finalRetention == 0.912346 && r.cyclesTo80 == 412)
        #expect(r.meanOverpotential_V == nil && r.dischargeEnergy_mWh_g == nil)
        #expect(r.work == nil && r.curve.isEmpty && r.band == nil)
    }

    @Test("a failure's text is kept on one line")
    func failuresStayOnOneLine() {
        let r = SweepRecord(point: 0, coordinates: [], end: .failed("step 2\r\nfailed\nagain"))
        #expect(r.end == .failed("step 2  failed again"))
        #expect(r.outcome == .failed)
    }

    @Test("ends map to the heatmap's outcome classes; only the unfinished ones are marked, in six characters at most")
    func outcomes() {
        let cases: [(SweepEnd, SweepOutcome)] = [
            (.completed, .completed), (.endOfExperiment, .completed), (.maximumCycles, .completed),
            (.retentionBelow(fraction: 0.8), .completed), (.shortCircuit, .short), (.outsideRange, .outsideRange),
            (.noCapacity, .noCapacity), (.failed("x"), .failed),
        ]
        for (end, outcome) in cases { #expect(SweepOutcome(end) == outcome, "\(end)") }
        #expect(SweepOutcome.completed.mark == nil)
        for o in SweepOutcome.allCases where o != .completed { #expect((1...6).contains(o.mark?.count ?? 0), "\(o)") }
        #expect(SweepEnd(.retentionBelow(fraction: 0.7)) == .retentionBelow(fraction: 0.7))
        #expect(SweepEnd(.retentionBelow(fraction: 0.7)).isRetentionBelow && !SweepEnd(.shortCircuit(cycle: 3)).isRetentionBelow)
        #expect(SweepEnd(.maximumCycles) == .maximumCycles)
    }
}
