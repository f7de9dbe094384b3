import Foundation
import Testing
@testable import CellTwin

@Suite("CyclerData: per-cycle summaries and counter checks")
struct CyclerDataTests {
    /// A series sampled every `dt` seconds: (duration s, current A (> 0 discharge), voltage V, cycle) segments.
    static func series(_ segments: [(Double, Double, Double, Int)], dt: Double = 10) -> CyclerSeries {
        var t = [0.0], i = [0.0], v = [segments.first?.2 ?? 0], c = [segments.first?.3 ?? 0]
        for (duration, current, voltage, cycle) in segments {
            let n = Int((duration / dt).rounded())
            for _ in 0..<n {
                t.append((t.last ?? 0) + dt)
                i.append(current)
                v.append(voltage)
                c.append(cycle)
            }
        }
        return CyclerSeries(time_s: t, current_A: i, voltage_V: v, cycle: c, step: c, line: Array(2..<(t.count + 2)))
    }

    @Test("analytic cycle: 1 A discharge for 1 h at 3.6 V, rest, 0.5 A charge for 2 h at 4.0 V")
    func analytic() throws {
        let s = Self.series([(3600, 1, 3.6, 1), (1800, 0, 3.7, 1), (7200, -0.5, 4.0, 1), (600, 0, 3.9, 2), (3600, 2, 3.5, 2)])
        let cycles = MeasuredCycle.summaries(of: s)
        #expect(cycles.map(\.cycle) == [1, 2])
        let c = cycles[0]
        #expect(abs((c.dischargeCapacity_Ah ?? 0) - 1) < 1e-12 && abs((c.chargeCapacity_Ah ?? 0) - 1) < 1e-12)
        #expect(abs((c.dischargeEnergy_Wh ?? 0) - 3.6) < 1e-12 && abs((c.chargeEnergy_Wh ?? 0) - 4.0) < 1e-12)
        #expect(abs((c.coulombicEfficiency ?? 0) - 1) < 1e-12)
        #expect(abs((c.meanDischargeVoltage_V ?? 0) - 3.6) < 1e-12 && abs((c.meanChargeVoltage_V ?? 0) - 4.0) < 1e-12)
        #expect(c.rows == 0..<1261 && c.start_s == 0 && c.duration_s == 12_600)
        #expect(abs((cycles[1].dischargeCapacity_Ah ?? 0) - 2) < 1e-12 && cycles[1].chargeCapacity_Ah == 0)
        #expect(cycles[1].coulombicEfficiency == nil && cycles[1].meanChargeVoltage_V == nil)
        #expect(c.fileChargeCapacity_Ah == nil) // no counters in the series
    }

    @Test("a rest logged long after a pulse adds nothing (each row closes the interval before it)")
    func pulseThenRest() {
        // Pulse of −6 A for 100 s (rows every 1 s), then the next row 120 s later in the rest at 0 A.
        var t = Array(stride(from: 0.0, through: 100, by: 1)), i = [0.0] + Array(repeating: -6.0, count: 100)
        t.append(220)
        i.append(0)
        let s = CyclerSeries(time_s: t, current_A: i, voltage_V: Array(repeating: 3.4, count: t.count),
                             cycle: Array(repeating: 0, count: t.count), step: Array(repeating: 0, count: t.count),
                             line: Array(1...t.count))
        let c = MeasuredCycle.summaries(of: s)[0]
        #expect(abs((c.chargeCapacity_Ah ?? 0) - 6 * 100 / 3600) < 1e-12) // a trapezoid would add 6 A × 60 s
    }

    @Test("file counters: resets at steps and cycles, a start mid-cycle, resume rounding and NaN cells")
    func counters() {
        // Cycle 1 starts with the counter at 0.88 (mid-cycle); a step reset inside cycle 2; a rounding drop at a resume.
        let counter = [0.88, 0.98, 1.07, 0.0, 0.10, 0.20, 0.0, 0.05, .nan, 0.10, 0.22002511, 0.220025, 0.23]
        let cycle = [1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3]
        let q = MeasuredCycle.counterThroughput(counter, cycle: cycle)
        #expect(abs((q[1] ?? 0) - 0.19) < 1e-12)
        #expect(abs((q[2] ?? 0) - (0.20 + 0.10)) < 1e-12) // 0 → 0.2, reset, 0 → 0.1 (the NaN is skipped)
        #expect(abs((q[3] ?? 0) - (0.22002511 - 0.10 + 0.23 - 0.220025)) < 1e-12)
    }

    @Test("capacity checks: tolerance = relative × the larger value + absolute floor")
    func checks() {
        let c = MeasuredCycle(cycle: 1, chargeCapacity_Ah: 1.0, dischargeCapacity_Ah: 0.95,
                              fileChargeCapacity_Ah: 1.005, fileDischargeCapacity_Ah: 1.0)
        let d = CyclerData(metadata: CyclerMetadata(format: .arbin, sourcePath: "x"), series: nil, cycles: [c])
        let checks = d.capacityChecks()
        #expect(checks.map(\.agrees) == [true, false])
        #expect(abs(checks[0].tolerance_Ah - (0.01 * 1.005 + 1e-3 * 1.005)) < 1e-15)
        #expect(d.capacityChecks(relativeTolerance: 0.06).allSatisfy { $0.agrees })
        #expect(abs(checks[1].difference_Ah + 0.05) < 1e-12)
    }

    @Test("clock strings and unit symbols")
    func units() {
        #expect(CyclerUnit.seconds(clock: "25:13:07") == 90_787)
        #expect(CyclerUnit.seconds(clock: "144:02:18") == 518_538)
        #expect(CyclerUnit.seconds(clock: "1-02:00:00.5") == 93_600.5)
        #expect(CyclerUnit.seconds(clock: "12:75:00") == nil && CyclerUnit.seconds(clock: "ab:00") == nil)
        #expect(CyclerUnit.split(columnName: "Current(mA)").unit == .milliampere)
        #expect(CyclerUnit.split(columnName: "Time_s").base == "Time" && CyclerUnit.split(columnName: "Cycle_Index").unit == nil)
        #expect(CyclerUnit.split(columnName: "Q charge/mA.h").unit == .milliampereHour)
        #expect(CyclerUnit.split(columnName: "Cs/µF").unit == nil)
        #expect(abs(CyclerUnit.kelvin.toRecord(300) - 26.85) < 1e-12 && CyclerUnit.hour.toRecord(2) == 7200)
    }
}
