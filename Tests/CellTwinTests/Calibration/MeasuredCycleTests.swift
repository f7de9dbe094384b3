import Foundation
import Testing
@testable import CellTwin

/// Per-cycle summaries of a time series: the cycler's integration rule, reset counters, and the capacity checks.
@Suite struct MeasuredCycleTests {
    /// Cycle 1: rest, 1 h charge at 2 A (4.0 V), 0.5 h rest; cycle 2: 1 h discharge at 1 A (3.5 V) then 1 h at 0.5 A.
    static let series = CyclerSeries(
        time_s: [0, 3600, 5400, 9000, 12600], current_A: [0, -2, 0, 1, 0.5], voltage_V: [3.4, 4.0, 3.9, 3.5, 3.3],
        cycle: [1, 1, 1, 2, 2], step: [1, 2, 3, 4, 5],
        chargeCounter_Ah: [0, 2, 2, 2, 2], dischargeCounter_Ah: [0, 0, 0, 1, 1.5], line: [2, 3, 4, 5, 6])

    @Test("each row closes the interval since the row before, at its own current and voltage")
    func summaries() throws {
        let c = MeasuredCycle.summaries(of: Self.series)
        #expect(c.map(\.cycle) == [1, 2] && c[0].rows == 0..<3 && c[1].rows == 3..<5)
        #expect(c[0].chargeCapacity_Ah == 2 && c[0].dischargeCapacity_Ah == 0 && c[0].chargeEnergy_Wh == 8)
        // Cycle 2's first interval (5400 → 9000 s) carries row 3's 1 A: 1 Ah at 3.5 V; then 0.5 Ah at 3.3 V.
        #expect(c[1].dischargeCapacity_Ah == 1.5 && abs((c[1].dischargeEnergy_Wh ?? 0) - (3.5 + 0.5 * 3.3)) < 1e-12)
        #expect(abs((c[1].meanDischargeVoltage_V ?? 0) - 5.15 / 1.5) < 1e-12 && c[0].meanChargeVoltage_V == 4)
        #expect(c[1].start_s == 9000 && c[1].duration_s == 3600 && c[0].duration_s == 5400)
        #expect(c[1].coulombicEfficiency == nil && c[0].coulombicEfficiency == 0)
        #expect(c[0].fileChargeCapacity_Ah == 2 && c[1].fileDischargeCapacity_Ah == 1.5)
        #expect(MeasuredCycle(cycle: 3, chargeCapacity_Ah: 1, dischargeCapacity_Ah: 0.98).coulombicEfficiency == 0.98)
    }

    @Test("counters: growth adds, a reset restarts from zero, rounding at a resumed test adds nothing, NaN is skipped")
    func counterThroughput() {
        let t = MeasuredCycle.counterThroughput([0.88, 0.9, 1.0, 0.2, 0.5, .nan, 0.49999, 0.7], cycle: [1, 1, 1, 2, 2, 2, 2, 2])
        // Cycle 1 starts at the baseline 0.88: +0.02 +0.1. Cycle 2: reset to 0.2, +0.3, a 2e-5 fall ignored, +0.20001.
        #expect(abs((t[1] ?? 0) - 0.12) < 1e-12)
        #expect(abs((t[2] ?? 0) - (0.2 + 0.3 + 0.20001)) < 1e-12)
    }

    @Test("capacity checks: integrated against the file's counters within 1 % plus a floor")
    func capacityChecks() {
        var data = CyclerData(metadata: CyclerMetadata(format: .arbin, sourcePath: "s.csv"), series: Self.series)
        let checks = data.capacityChecks()
        #expect(checks.count == 4 && checks.allSatisfy(\.agrees))
        data.cycles[1].fileDischargeCapacity_Ah = 1.6
        let off = data.capacityChecks().first { $0.cycle == 2 && $0.direction == .discharge }
        #expect(off?.agrees == false && abs((off?.difference_Ah ?? 0) + 0.1) < 1e-12)
        // Tolerance: 1 % of the larger value plus 1e-3 of the largest file capacity.
        #expect(abs((off?.tolerance_Ah ?? 0) - (0.016 + 2e-3)) < 1e-12)
    }
}
