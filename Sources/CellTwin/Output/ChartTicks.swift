import Foundation

/// One drawn axis: the value range it spans and its labelled ticks.
struct ChartAxis: Equatable {
    var lower: Double
    var upper: Double
    /// Tick values, ascending, all within `lower...upper`.
    var ticks: [Double]
    /// One label per tick.
    var labels: [String]

    /// Position of `value` as a fraction of the axis (0 at `lower`, 1 at `upper`); NaN stays NaN, overflow is capped
    /// at ±1e9 so later arithmetic stays finite.
    func unit(_ value: Double) -> Double {
        let u = (value - lower) / (upper - lower)
        return u.isNaN ? u : min(max(u, -1e9), 1e9)
    }
}

/// "Nice" tick steps of 1, 2 or 5 × 10ⁿ.
enum NiceTicks {
    /// A tick step `mantissa` × 10^`exponent` with `mantissa` ∈ {1, 2, 5}.
    struct Step: Equatable {
        var mantissa: Int
        var exponent: Int
        var value: Double { NiceTicks.value(1, self) }
    }

    /// The 1-2-5 step that splits `span` into roughly `target` intervals.
    static func step(span: Double, target: Int) -> Step {
        let raw = span / Double(max(target, 1))
        guard raw.isFinite, raw > 0 else { return Step(mantissa: 1, exponent: 0) }
        let exponent = Int(log10(raw).rounded(.down))
        let fraction = exponent >= 0 ? raw / powerOfTen(exponent) : raw * powerOfTen(-exponent)
        switch fraction {
        case ..<1.5: return Step(mantissa: 1, exponent: exponent)
        case ..<3: return Step(mantissa: 2, exponent: exponent)
        case ..<7: return Step(mantissa: 5, exponent: exponent)
        default: return Step(mantissa: 1, exponent: exponent + 1)
        }
    }

    /// The `k`-th multiple of `step`, as the double nearest the exact decimal (so 3 × 0.1 gives 0.3, not 0.30000000000000004).
    static func value(_ k: Double, _ step: Step) -> Double {
        let n = k * Double(step.mantissa)
        return step.exponent >= 0 ? n * powerOfTen(step.exponent) : n / powerOfTen(-step.exponent)
    }

    /// An axis whose ticks cover `lower...upper`: the first tick is ≤ `lower`, the last ≥ `upper`, and the axis spans
    /// exactly first…last. A zero-width range is widened (±10 %, or −1…1 around 0).
    static func covering(_ lower: Double, _ upper: Double, target: Int) -> ChartAxis {
        let (lo, hi) = widened(lower, upper)
        let step = step(span: span(lo, hi), target: target)
        var first = (lo / step.value).rounded(.down), last = (hi / step.value).rounded(.up)
        for _ in 0..<4 where value(first, step) > lo { first -= 1 }
        for _ in 0..<4 where value(first + 1, step) <= lo { first += 1 }
        for _ in 0..<4 where value(last, step) < hi { last += 1 }
        for _ in 0..<4 where value(last - 1, step) >= hi { last -= 1 }
        guard let ticks = ticks(first, last, step), let a = ticks.first, let b = ticks.last,
              a <= lo, b >= hi, a < b
        else { return fallback(lo, hi) }
        return ChartAxis(lower: a, upper: b, ticks: ticks, labels: labels(ticks, step))
    }

    /// An axis spanning exactly `lower...upper` with the 1-2-5 ticks that fall inside it.
    /// A zero-width range is widened as in ``covering(_:_:target:)``.
    static func within(_ lower: Double, _ upper: Double, target: Int) -> ChartAxis {
        let (lo, hi) = widened(lower, upper)
        let step = step(span: span(lo, hi), target: target)
        var first = (lo / step.value).rounded(.up), last = (hi / step.value).rounded(.down)
        for _ in 0..<4 where value(first, step) < lo { first += 1 }
        for _ in 0..<4 where value(first - 1, step) >= lo { first -= 1 }
        for _ in 0..<4 where value(last, step) > hi { last -= 1 }
        for _ in 0..<4 where value(last + 1, step) <= hi { last += 1 }
        guard let ticks = ticks(first, last, step) else { return fallback(lo, hi) }
        let inside = ticks.filter { $0 >= lo && $0 <= hi }
        return ChartAxis(lower: lo, upper: hi, ticks: inside, labels: labels(inside, step))
    }

    /// A `fixed` range when it is finite and non-empty, otherwise a range covering the data (0…1 without data).
    static func axis(data: (lower: Double, upper: Double)?, fixed: ClosedRange<Double>?, target: Int) -> ChartAxis {
        if let fixed, fixed.lowerBound.isFinite, fixed.upperBound.isFinite, fixed.lowerBound < fixed.upperBound {
            return within(fixed.lowerBound, fixed.upperBound, target: target)
        }
        let data = data ?? (0, 1)
        return covering(data.lower, data.upper, target: target)
    }

    /// A sensible tick count for an axis `length` px long with ticks about `spacing` px apart (2…10).
    static func target(length: Double, spacing: Double) -> Int {
        guard length.isFinite, spacing > 0 else { return 2 }
        return Int(min(max(length / spacing, 2), 10))
    }

    /// Labels with just enough significant digits to show the step (≤ 4 unless the range is narrow compared with its
    /// magnitude, e.g. 1000.2…1000.8), all in one notation: scientific when the largest tick is ≥ 1e6 or < 1e-4.
    static func labels(_ ticks: [Double], _ step: Step) -> [String] {
        let largest = ticks.map(abs).max() ?? 0
        guard largest > 0, largest.isFinite else { return ticks.map { ChartFormat.number($0) } }
        let digits = min(max(Int(log10(largest).rounded(.down)) - step.exponent + 1, 1), 15)
        let scientific = largest >= 1e6 || largest < 1e-4
        return ticks.map { ChartFormat.number($0, significant: digits, scientific: scientific) }
    }

    // MARK: - Helpers

    /// The data range, or ±10 % around it when it is narrower than 1e-6 of its magnitude (a single value, or values
    /// that differ only by rounding): such a difference is never stretched over the whole axis.
    private static func widened(_ a: Double, _ b: Double) -> (Double, Double) {
        let (lo, hi) = a <= b ? (a, b) : (b, a)
        let magnitude = max(abs(lo), abs(hi))
        guard hi - lo <= 1e-6 * magnitude || lo == hi else { return (lo, hi) }
        if magnitude == 0 { return (-1, 1) }
        let mid = lo / 2 + hi / 2, pad = magnitude * 0.1
        return (mid - pad, mid + pad)
    }

    private static func span(_ lo: Double, _ hi: Double) -> Double {
        let span = hi - lo
        return span.isFinite ? span : .greatestFiniteMagnitude
    }

    private static func ticks(_ first: Double, _ last: Double, _ step: Step) -> [Double]? {
        guard first.isFinite, last.isFinite, last - first <= 1000, first <= last + 1 else { return nil }
        guard first <= last else { return [] }
        let ticks = stride(from: first, through: last, by: 1).map { value($0, step) }
        return ticks.allSatisfy(\.isFinite) ? ticks : nil
    }

    private static func fallback(_ lo: Double, _ hi: Double) -> ChartAxis {
        let lo = lo.isFinite ? lo : -Double.greatestFiniteMagnitude
        let hi = hi.isFinite ? hi : Double.greatestFiniteMagnitude
        return ChartAxis(lower: lo, upper: hi, ticks: [lo, hi], labels: [lo, hi].map { ChartFormat.number($0, significant: 6) })
    }

    private static let exactPowers: [Double] = {
        var powers = [1.0]
        for _ in 1...22 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// 10ⁿ for n ≥ 0, exact up to 10²².
    private static func powerOfTen(_ n: Int) -> Double {
        n < exactPowers.count ? exactPowers[max(n, 0)] : pow(10, Double(n))
    }
}
