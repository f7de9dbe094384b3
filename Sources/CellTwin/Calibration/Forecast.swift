import Foundation

/// A cycle-life prediction from the first cycles of a capacity history.
public struct CycleLifeForecast: Codable, Sendable, Equatable {
    /// Predicted first cycle (1-based) below the threshold.
    public var predicted_cycles_to_threshold: Double?
    /// 95 % prediction interval.
    public var interval_low: Double?
    public var interval_high: Double?
    /// How the prediction was made.
    public var model: String
    public var threshold_Ah: Double
    public var first_cycles: Int
    /// The cell's observed cycle life, when its history reaches the threshold (for checking only; not used).
    public var observed_cycles_to_threshold: Int?
}

public enum ForecastError: Error, CustomStringConvertible, Equatable {
    case tooFewCycles(cell: Int, have: Int, need: Int)
    case noSuchCell(Int, count: Int)
    case invalid(String)

    public var description: String {
        switch self {
        case let .tooFewCycles(cell, have, need):
            return "cell \(cell) has \(have) cycles; the forecast needs at least \(need)"
        case let .noSuchCell(i, n): return "there is no cell \(i) (the data hold \(n) cells, numbered from 0)"
        case .invalid(let s): return s
        }
    }
}

/// Early prediction of cycle life from capacity histories (DOMAIN B §5.4 forms; Attia/Severson-style
/// population model). Only the first `first` cycles of the predicted cell are read.
///
/// Two methods:
/// - **population** (when the data hold at least `minimumTrainingCells` other cells that reach the
///   threshold): log(life) = β₀ + β₁·Q_first + β₂·ln σ(ΔQ), fitted by least squares (GSL) on the *other*
///   cells, where Q_first is the capacity at cycle `first` and σ(ΔQ) the spread of the cycle-to-cycle
///   capacity changes over cycles 2…first. The 95 % interval is the Student-t prediction interval in log space.
/// - **extrapolation** (a single history): the power-law fade Q(n) = Q₀ − k·nᵖ (DOMAIN B §5.4) fitted to
///   cycles 2…first with GSL's nonlinear least squares, solved for Q(n) = threshold; the interval comes from
///   the fit's covariance (delta method, Student t).
public enum Forecaster {
    public static let minimumTrainingCells = 5

    /// First cycle (1-based) whose capacity is below `threshold`, or nil.
    public static func cycleLife(_ q: [Double], threshold: Double) -> Int? {
        q.firstIndex { $0 < threshold }.map { $0 + 1 }
    }

    /// Population-model features of a history's first `first` cycles.
    static func features(_ q: [Double], first: Int) -> [Double] {
        let window = Array(q[1..<first])
        let diffs = zip(window.dropFirst(), window).map { $0 - $1 }
        let mean = diffs.reduce(0, +) / Double(diffs.count)
        let variance = diffs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(diffs.count - 1, 1))
        return [q[first - 1], log(max(variance.squareRoot(), 1e-12))]
    }

    /// Predicts the cycle life of `series[cell]` from its first `first` cycles.
    public static func forecast(series: [[Double]], cell: Int, first: Int, threshold: Double) throws -> CycleLifeForecast {
        guard series.indices.contains(cell) else { throw ForecastError.noSuchCell(cell, count: series.count) }
        guard first >= 10 else { throw ForecastError.invalid("--first must be at least 10 cycles, got \(first)") }
        guard threshold.isFinite, threshold > 0 else { throw ForecastError.invalid("the threshold must be a positive capacity") }
        let q = series[cell]
        guard q.count >= first else { throw ForecastError.tooFewCycles(cell: cell, have: q.count, need: first) }
        let observed = cycleLife(q, threshold: threshold)
        let training = series.indices.filter { i in
            i != cell && series[i].count >= first && cycleLife(series[i], threshold: threshold).map { $0 > first } == true
        }
        var result: CycleLifeForecast
        if training.count >= minimumTrainingCells {
            result = try population(series: series, training: training, q: q, first: first, threshold: threshold)
        } else {
            result = try extrapolation(q: q, first: first, threshold: threshold)
        }
        result.observed_cycles_to_threshold = observed
        return result
    }

    private static func population(series: [[Double]], training: [Int], q: [Double], first: Int,
                                   threshold: Double) throws -> CycleLifeForecast {
        let x = training.map { features(series[$0], first: first) }
        let y = training.map { log(Double(cycleLife(series[$0], threshold: threshold)!)) }
        let mean0 = x.map { $0[0] }.reduce(0, +) / Double(x.count)
        let mean1 = x.map { $0[1] }.reduce(0, +) / Double(x.count)
        // Centred features keep the three coefficients well conditioned.
        let rows = x.map { [1, $0[0] - mean0, $0[1] - mean1] }
        let fit = try NonlinearLeastSquares.fit(
            [FitParameter("b0", initial: y.reduce(0, +) / Double(y.count)), FitParameter("b1", initial: 0),
             FitParameter("b2", initial: 0)],
            residualCount: y.count,
            jacobian: { _ in rows }
        ) { b in zip(rows, y).map { r, yi in b[0] * r[0] + b[1] * r[1] + b[2] * r[2] - yi } }
        let f = features(q, first: first)
        let x0 = [1, f[0] - mean0, f[1] - mean1]
        let b = fit.estimates.map(\.value)
        let logLife = zip(b, x0).reduce(0) { $0 + $1.0 * $1.1 }
        var variance = fit.chiSquare / Double(max(fit.degreesOfFreedom, 1))
        for i in 0..<3 { for j in 0..<3 { variance += x0[i] * fit.covariance[i][j] * x0[j] } }
        let half = fit.tQuantile * variance.squareRoot()
        return CycleLifeForecast(
            predicted_cycles_to_threshold: exp(logLife), interval_low: exp(logLife - half), interval_high: exp(logLife + half),
            model: "population: ln(life) = b0 + b1·Q(\(first)) + b2·ln σ(ΔQ, cycles 2–\(first)), least squares on \(training.count) other cells",
            threshold_Ah: threshold, first_cycles: first, observed_cycles_to_threshold: nil)
    }

    private static func extrapolation(q: [Double], first: Int, threshold: Double) throws -> CycleLifeForecast {
        let n = (2...first).map(Double.init)
        let data = Array(q[1..<first])
        let q0 = data.max() ?? q[0]
        let fit = try NonlinearLeastSquares.fit(
            [FitParameter("Q0", initial: q0), FitParameter("k", initial: max((q0 - data.last!) / Double(first), 1e-6), .positive),
             FitParameter("p", initial: 1, .positiveBounded(lower: 0.2, upper: 5))],
            residualCount: data.count
        ) { p in zip(n, data).map { ni, qi in p[0] - p[1] * pow(ni, p[2]) - qi } }
        let v = fit.estimates.map(\.value)
        func life(_ p: [Double]) -> Double? {
            let headroom = p[0] - threshold
            guard headroom > 0, p[1] > 0 else { return nil }
            return pow(headroom / p[1], 1 / p[2])
        }
        let model = "extrapolation: Q(n) = Q0 − k·n^p fitted to cycles 2–\(first) (Q0 = \(String(format: "%.4g", v[0])), k = \(String(format: "%.3g", v[1])), p = \(String(format: "%.3g", v[2])))"
        guard let n0 = life(v), n0.isFinite else {
            return CycleLifeForecast(predicted_cycles_to_threshold: nil, interval_low: nil, interval_high: nil, model: model,
                                     threshold_Ah: threshold, first_cycles: first, observed_cycles_to_threshold: nil)
        }
        // Delta method on ln(life).
        var gradient = [Double](repeating: 0, count: 3)
        for i in 0..<3 {
            var p = v
            let h = 1e-6 * max(abs(v[i]), 1e-9)
            p[i] += h
            if let n1 = life(p) { gradient[i] = (log(n1) - log(n0)) / h }
        }
        var variance = 0.0
        for i in 0..<3 { for j in 0..<3 { variance += gradient[i] * fit.covariance[i][j] * gradient[j] } }
        let half = fit.tQuantile * max(variance, 0).squareRoot()
        return CycleLifeForecast(predicted_cycles_to_threshold: n0, interval_low: n0 * exp(-half), interval_high: n0 * exp(half),
                                 model: model, threshold_Ah: threshold, first_cycles: first, observed_cycles_to_threshold: nil)
    }

    /// Mean absolute percentage error of the forecast over every cell of `series` that reaches the threshold.
    public static func meanAbsolutePercentageError(series: [[Double]], first: Int, threshold: Double) throws -> (mape: Double, cells: Int) {
        var total = 0.0, count = 0
        for i in series.indices {
            let f = try forecast(series: series, cell: i, first: first, threshold: threshold)
            guard let observed = f.observed_cycles_to_threshold, let predicted = f.predicted_cycles_to_threshold else { continue }
            total += abs(predicted - Double(observed)) / Double(observed)
            count += 1
        }
        return (count > 0 ? 100 * total / Double(count) : .nan, count)
    }
}
