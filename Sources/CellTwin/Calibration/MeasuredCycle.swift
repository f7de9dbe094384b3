import Foundation

/// Per-cycle figures of measured data: computed from a time series (``summaries(of:)``) or read from a
/// per-cycle file. nil means "not in the file" (a summary's `NaN`) or "no current to integrate".
///
/// Charge is current < 0 in CellTwin's convention (current positive on discharge). For a half-cell against Li
/// metal (an anode material tested vs Li), "discharge" is lithiation of the material.
public struct MeasuredCycle: Sendable, Equatable {
    /// The cycle index (as in the file, continued across a counter reset).
    public var cycle: Int
    /// The file's label for the cycle (DOE `Cycle_Label`, BEEP `cycle_type`), if any.
    public var label: String?
    /// Rows of ``CyclerData/series`` in this cycle (nil for per-cycle files).
    public var rows: Range<Int>?
    /// Time of the cycle's first row, s, and from its first to its last row, s.
    public var start_s: Double?
    public var duration_s: Double?
    /// Charge and discharge capacity, Ah, and energy, Wh.
    public var chargeCapacity_Ah: Double?
    public var dischargeCapacity_Ah: Double?
    public var chargeEnergy_Wh: Double?
    public var dischargeEnergy_Wh: Double?
    /// Charge and discharge capacity from the file's own counters, Ah (time series with counter columns only);
    /// compare with the integrated values through ``CyclerData/capacityChecks(relativeTolerance:absoluteTolerance_Ah:)``.
    public var fileChargeCapacity_Ah: Double?
    public var fileDischargeCapacity_Ah: Double?

    public init(cycle: Int, label: String? = nil, rows: Range<Int>? = nil, start_s: Double? = nil,
                duration_s: Double? = nil, chargeCapacity_Ah: Double? = nil, dischargeCapacity_Ah: Double? = nil,
                chargeEnergy_Wh: Double? = nil, dischargeEnergy_Wh: Double? = nil,
                fileChargeCapacity_Ah: Double? = nil, fileDischargeCapacity_Ah: Double? = nil) {
        self.cycle = cycle
        self.label = label
        self.rows = rows
        self.start_s = start_s
        self.duration_s = duration_s
        self.chargeCapacity_Ah = chargeCapacity_Ah
        self.dischargeCapacity_Ah = dischargeCapacity_Ah
        self.chargeEnergy_Wh = chargeEnergy_Wh
        self.dischargeEnergy_Wh = dischargeEnergy_Wh
        self.fileChargeCapacity_Ah = fileChargeCapacity_Ah
        self.fileDischargeCapacity_Ah = fileDischargeCapacity_Ah
    }

    /// Discharge over charge capacity (nil without a charge).
    public var coulombicEfficiency: Double? {
        guard let c = chargeCapacity_Ah, c > 0, let d = dischargeCapacity_Ah else { return nil }
        return d / c
    }
    /// Capacity-weighted mean voltages E/Q, V (nil without capacity or energy).
    public var meanChargeVoltage_V: Double? {
        guard let q = chargeCapacity_Ah, q > 0, let e = chargeEnergy_Wh else { return nil }
        return e / q
    }
    public var meanDischargeVoltage_V: Double? {
        guard let q = dischargeCapacity_Ah, q > 0, let e = dischargeEnergy_Wh else { return nil }
        return e / q
    }

    /// Summaries of a time series, one per cycle index.
    ///
    /// Integration rule (the cycler's own: each logged row closes the interval since the row before): the interval
    /// (t₍ₖ₋₁₎, tₖ] carries the current Iₖ and voltage Vₖ of row k and belongs to row k's cycle. I > 0 adds
    /// I·Δt/3600 to the discharge capacity (Ah) and I·V·Δt/3600 to the discharge energy (Wh); I < 0 to the charge
    /// ones. This keeps the rest that follows a pulse from being counted as half a pulse (a trapezoid would add
    /// 40 % to the charge of the Arbin GITT files), and agrees with the Arbin, Maccor, Neware and DOE counters
    /// to 0.5 % on the shipped files (see the reader tests).
    ///
    /// The file's counters (``CyclerSeries/chargeCounter_Ah``) are turned into per-cycle capacities by
    /// ``counterThroughput(_:cycle:)``.
    public static func summaries(of s: CyclerSeries) -> [MeasuredCycle] {
        guard s.count > 0 else { return [] }
        let fileCharge = s.chargeCounter_Ah.map { counterThroughput($0, cycle: s.cycle) }
        let fileDischarge = s.dischargeCounter_Ah.map { counterThroughput($0, cycle: s.cycle) }
        var out: [MeasuredCycle] = []
        var start = 0
        while start < s.count {
            var end = start + 1
            while end < s.count, s.cycle[end] == s.cycle[start] { end += 1 }
            var qc = 0.0, qd = 0.0, ec = 0.0, ed = 0.0
            for k in max(start, 1)..<end {
                let dt = s.time_s[k] - s.time_s[k - 1]
                let q = s.current_A[k] * dt / 3600
                let e = q * s.voltage_V[k]
                if q > 0 { qd += q; ed += e } else { qc -= q; ec -= e }
            }
            let c = s.cycle[start]
            out.append(MeasuredCycle(cycle: c, rows: start..<end, start_s: s.time_s[start],
                                     duration_s: s.time_s[end - 1] - s.time_s[start],
                                     chargeCapacity_Ah: qc, dischargeCapacity_Ah: qd,
                                     chargeEnergy_Wh: ec, dischargeEnergy_Wh: ed,
                                     fileChargeCapacity_Ah: fileCharge.map { $0[c] ?? 0 },
                                     fileDischargeCapacity_Ah: fileDischarge.map { $0[c] ?? 0 }))
            start = end
        }
        return out
    }

    /// Capacity passed per cycle according to a cumulative counter that resets (at each step, Maccor; at each cycle
    /// or step, Arbin, Neware, DOE), Ah.
    ///
    /// Row k adds cₖ − c₍ₖ₋₁₎ to its cycle when the counter grew, and cₖ when it fell (a reset: it restarted from 0
    /// and reached cₖ). A fall smaller than 10⁻⁴ relative is rounding at a resumed test (Arbin stores
    /// 0.22002511 Ah, then 0.220025 Ah), not a reset, and adds nothing. The first row with a value is the baseline
    /// (a file may start mid-cycle with the counter already at 0.88 Ah); NaN cells are skipped.
    public static func counterThroughput(_ counter: [Double], cycle: [Int]) -> [Int: Double] {
        var total: [Int: Double] = [:]
        var reference: Double?
        for k in counter.indices where counter[k].isFinite {
            let c = counter[k]
            defer { reference = c }
            guard let r = reference else { continue }
            let increment = c >= r ? c - r : (c >= r - 1e-4 * abs(r) ? 0 : c)
            total[cycle[k], default: 0] += increment
        }
        return total
    }
}

/// The integrated capacity of one cycle and direction next to the file's own.
public struct CapacityCheck: Sendable, Equatable {
    public enum Direction: String, Sendable, Equatable { case charge, discharge }

    public var cycle: Int
    public var direction: Direction
    /// ∫|I|dt over the cycle's charge or discharge, Ah (``MeasuredCycle/summaries(of:)``).
    public var integrated_Ah: Double
    /// From the file's counters, Ah (``MeasuredCycle/counterThroughput(_:cycle:)``).
    public var file_Ah: Double
    /// The largest difference that still agrees, Ah.
    public var tolerance_Ah: Double

    public var difference_Ah: Double { integrated_Ah - file_Ah }
    public var agrees: Bool { abs(difference_Ah) <= tolerance_Ah }
}

extension CyclerData {
    /// Integrated against file capacities, per cycle and direction (empty when the file has no counters).
    ///
    /// Tolerance: `relativeTolerance` × the larger of the two values, plus `absoluteTolerance_Ah` (default 10⁻³ ×
    /// the largest per-cycle file capacity, so the few µAh a counter gains during a rest do not fail a check).
    public func capacityChecks(relativeTolerance: Double = 0.01, absoluteTolerance_Ah: Double? = nil) -> [CapacityCheck] {
        let largest = cycles.flatMap { [$0.fileChargeCapacity_Ah ?? 0, $0.fileDischargeCapacity_Ah ?? 0] }.max() ?? 0
        let floor = absoluteTolerance_Ah ?? 1e-3 * largest
        var out: [CapacityCheck] = []
        for c in cycles {
            let pairs: [(CapacityCheck.Direction, Double?, Double?)] = [
                (.charge, c.chargeCapacity_Ah, c.fileChargeCapacity_Ah),
                (.discharge, c.dischargeCapacity_Ah, c.fileDischargeCapacity_Ah),
            ]
            for (direction, integrated, file) in pairs {
                guard let integrated, let file else { continue }
                out.append(CapacityCheck(cycle: c.cycle, direction: direction, integrated_Ah: integrated, file_Ah: file,
                                         tolerance_Ah: relativeTolerance * max(integrated, file) + floor))
            }
        }
        return out
    }
}
