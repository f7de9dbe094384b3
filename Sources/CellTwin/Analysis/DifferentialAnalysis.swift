import Foundation

/// Differential capacity (dQ/dV) and differential voltage (dV/dQ) of a ``VoltageCapacityCurve``.
///
/// **dQ/dV** (incremental capacity): the capacity passed between consecutive samples is shared among uniform voltage
/// bins of width `voltageStep_V` in proportion to the voltage span each bin covers (all of it to one bin when the
/// voltage does not move), divided by the bin width, then smoothed by a Savitzky–Golay filter (degree 2) over
/// `voltageWindow_V`. The histogram conserves capacity (Σ dQ/dV·ΔV = Q) and needs no monotone voltage, so cycler
/// noise is fine. Reported as a magnitude (positive on charge and discharge).
///
/// **dV/dQ**: the voltage interpolated linearly on `capacityPoints` uniform capacity steps, differentiated by a
/// Savitzky–Golay filter (degree 2) over `capacityWindowFraction` of the capacity. Reported as a magnitude.
///
/// Peaks of dQ/dV mark voltage plateaus (two-phase reactions); peaks of dV/dQ mark the transitions between them.
public struct DifferentialOptions: Sendable, Equatable {
    /// Voltage bin width, V (default 1 mV).
    public var voltageStep_V = 0.001
    /// Savitzky–Golay window over voltage, V (default 15 mV: 15 bins).
    public var voltageWindow_V = 0.015
    /// Uniform capacity steps for dV/dQ (default 500).
    public var capacityPoints = 500
    /// Savitzky–Golay window over capacity, fraction of the curve's capacity (default 3 %).
    public var capacityWindowFraction = 0.03
    /// A local maximum is a peak when it stands at least this fraction of the series' largest value above the
    /// higher of the minima on either side (its prominence; default 5 %).
    public var peakProminenceFraction = 0.05

    public init() {}

    /// Odd number of samples in a window of `width` at `step` spacing (at least 5).
    static func samples(_ width: Double, _ step: Double) -> Int {
        let n = max(5, Int((width / step).rounded()))
        return n % 2 == 1 ? n : n + 1
    }
}

/// A differential curve on a uniform grid.
public struct DifferentialCurve: Sendable, Equatable {
    public struct Peak: Sendable, Equatable {
        /// Position on the grid (V for dQ/dV, capacity units for dV/dQ).
        public var position: Double
        public var height: Double
        public var prominence: Double
    }

    /// The curve it was computed from (cycle, direction, units).
    public var cycle: Int
    public var direction: VoltageCapacityCurve.Direction
    public var x: [Double]
    public var y: [Double]
    public var peaks: [Peak]
}

public enum DifferentialAnalysis {
    /// Smoothed |dQ/dV| of `curve` on uniform voltage bins (x: bin centres, V; y: capacity units per V).
    public static func dqdv(_ curve: VoltageCapacityCurve, options: DifferentialOptions = .init()) throws -> DifferentialCurve {
        let n = curve.count
        let v = Array(curve.voltage_V.prefix(n)), q = Array(curve.capacity.prefix(n))
        guard n >= 3, let lo = v.min(), let hi = v.max(), hi > lo else {
            return DifferentialCurve(cycle: curve.cycle, direction: curve.direction, x: [], y: [], peaks: [])
        }
        let step = options.voltageStep_V
        let bins = max(1, Int(((hi - lo) / step).rounded(.up)))
        var histogram = [Double](repeating: 0, count: bins)
        func bin(_ x: Double) -> Int { min(bins - 1, max(0, Int((x - lo) / step))) }
        for i in 1..<n {
            let dq = q[i] - q[i - 1]
            guard dq > 0, v[i].isFinite, v[i - 1].isFinite else { continue }
            let a = min(v[i], v[i - 1]), b = max(v[i], v[i - 1])
            if b - a < 1e-15 { histogram[bin(a)] += dq; continue }
            for k in bin(a)...bin(b) {
                let left = lo + Double(k) * step, right = left + step
                let overlap = min(b, right) - max(a, left)
                if overlap > 0 { histogram[k] += dq * overlap / (b - a) }
            }
        }
        let raw = histogram.map { $0 / step }
        let filter = SavitzkyGolay(window: DifferentialOptions.samples(options.voltageWindow_V, step), order: 2)
        let y = try filter.smooth(raw).map { max($0, 0) }
        let x = (0..<bins).map { lo + (Double($0) + 0.5) * step }
        return DifferentialCurve(cycle: curve.cycle, direction: curve.direction, x: x, y: y,
                                 peaks: peaks(x: x, y: y, prominenceFraction: options.peakProminenceFraction))
    }

    /// Smoothed |dV/dQ| of `curve` on uniform capacity steps (x: capacity; y: V per capacity unit).
    public static func dvdq(_ curve: VoltageCapacityCurve, options: DifferentialOptions = .init()) throws -> DifferentialCurve {
        let n = curve.count, total = curve.totalCapacity
        guard n >= 3, total > 0, options.capacityPoints >= 5 else {
            return DifferentialCurve(cycle: curve.cycle, direction: curve.direction, x: [], y: [], peaks: [])
        }
        let m = options.capacityPoints
        let x = (0..<m).map { total * Double($0) / Double(m - 1) }
        var y = [Double](repeating: 0, count: m), j = 0
        for (k, qk) in x.enumerated() {
            while j < n - 2 && curve.capacity[j + 1] < qk { j += 1 }
            let q0 = curve.capacity[j], q1 = curve.capacity[j + 1]
            let t = q1 > q0 ? min(max((qk - q0) / (q1 - q0), 0), 1) : 1
            y[k] = curve.voltage_V[j] + t * (curve.voltage_V[j + 1] - curve.voltage_V[j])
        }
        let step = total / Double(m - 1)
        let filter = SavitzkyGolay(window: DifferentialOptions.samples(options.capacityWindowFraction * total, step), order: 2)
        let d = try filter.derivative(y, spacing: step).map(abs)
        return DifferentialCurve(cycle: curve.cycle, direction: curve.direction, x: x, y: d,
                                 peaks: peaks(x: x, y: d, prominenceFraction: options.peakProminenceFraction, includeEnds: false))
    }

    /// Local maxima (a plateau of equal values counts once, at its middle; with `includeEnds` the first and last samples
    /// count when they stand above their neighbour, as a plateau at the start of a curve does — dV/dQ leaves them out,
    /// where they are the cut-off knees) whose prominence — height above the
    /// higher of the lowest points between it and a higher value (or the end) on either side, the side beyond an end
    /// not counted — is at least `prominenceFraction` of the largest value. Sorted by position.
    public static func peaks(x: [Double], y: [Double], prominenceFraction: Double, includeEnds: Bool = true) -> [DifferentialCurve.Peak] {
        let n = min(x.count, y.count)
        guard n >= 3, let top = y.prefix(n).max(), top > 0 else { return [] }
        var out: [DifferentialCurve.Peak] = []
        var i = 0
        while i < n {
            var j = i
            while j + 1 < n && y[j + 1] == y[i] { j += 1 }
            let risesFromLeft = i == 0 || y[i] > y[i - 1], fallsToRight = j == n - 1 || y[j + 1] < y[i]
            let atEnd = i == 0 || j == n - 1
            if risesFromLeft && fallsToRight && !(i == 0 && j == n - 1) && (includeEnds || !atEnd) {
                var leftMin: Double?, k = i - 1
                while k >= 0 && y[k] <= y[i] { leftMin = min(leftMin ?? y[k], y[k]); k -= 1 }
                var rightMin: Double?, r = j + 1
                while r < n && y[r] <= y[i] { rightMin = min(rightMin ?? y[r], y[r]); r += 1 }
                // A side that runs into a higher value or has samples counts; a side beyond an end does not.
                let bases = [i > 0 ? leftMin ?? y[i] : nil, j < n - 1 ? rightMin ?? y[i] : nil].compactMap { $0 }
                let prominence = y[i] - (bases.max() ?? y[i])
                if prominence >= prominenceFraction * top {
                    out.append(.init(position: x[(i + j) / 2], height: y[i], prominence: prominence))
                }
            }
            i = j + 1
        }
        return out
    }
}
