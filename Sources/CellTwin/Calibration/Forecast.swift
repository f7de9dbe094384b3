import Foundation

/// A cycle-life prediction from the first cycles of a capacity history.
public struct CycleLifeForecast: Codable, Sendable, Equatable {
    /// Predicted first cycle (1-based) below the threshold: always finite and at most ``Forecaster/maximumCycles``.
    public var predicted_cycles_to_threshold: Double?
    /// 95 % prediction interval (finite, low ≤ predicted ≤ high).
    public var interval_low: Double?
    public var interval_high: Double?
    /// How the prediction was made.
    public var model: String
    public var threshold_Ah: Double
    public var first_cycles: Int
    /// The cell's observed cycle life, when its history reaches the threshold (for checking only; not used).
    public var observed_cycles_to_threshold: Int?
    /// What was read and left out (cycle types, an incomplete last cycle) and how the threshold was set.
    public var notes: [String] = []
}

/// Why a forecast was refused (every case says why, with its numbers; the command exits non-zero).
public enum ForecastError: Error, CustomStringConvertible, Equatable {
    case tooFewCycles(cell: Int, have: Int, need: Int)
    case noSuchCell(Int, count: Int)
    case invalid(String)
    /// The history does not fade over the cycles read: no extrapolation can place the threshold.
    case noFade(String)
    /// The fitted fade gives no usable life (a parameter at a bound, a non-finite interval).
    case degenerate(String)
    /// The fitted fade reaches the threshold only beyond `lowerBound` cycles, too far to be a prediction.
    case beyondHorizon(lowerBound: Int, reason: String)

    public var description: String {
        switch self {
        case let .tooFewCycles(cell, have, need):
            return "cell \(cell) has \(have) cycles; the forecast needs at least \(need)"
        case let .noSuchCell(i, n): return "there is no cell \(i) (the data hold \(n) cells, numbered from 0)"
        case .invalid(let s): return s
        case .noFade(let s): return "no forecast: the history does not fade (\(s))"
        case .degenerate(let s): return "no forecast: the fade fit is degenerate (\(s))"
        case let .beyondHorizon(n, reason): return "> \(n) cycles: \(reason)"
        }
    }
}

/// How well the population model predicts the cells of a data set, each from the others (leave one out), beside the
/// no-skill baseline that predicts the mean life of the other cells.
public struct ForecastSkill: Codable, Sendable, Equatable {
    /// Cells that reach the threshold (those predicted).
    public var cells: Int
    /// Mean absolute percentage error of the model and of the baseline, %.
    public var mape_percent: Double
    public var baseline_mape_percent: Double
    /// Observed lives inside the stated 95 % interval.
    public var inside_interval: Int
}

/// Early prediction of cycle life from capacity histories (DOMAIN B §5.4 forms; Attia/Severson-style
/// population model). Only the first `first` cycles of the predicted cell are read.
///
/// Two methods:
/// - **population** (when the data hold at least `minimumTrainingCells` other cells that reach the
///   threshold after cycle `first`): ln(life) = β₀ + β₁·Q(first) + β₂·ln ΔQ_recent, fitted by least squares (GSL) on
///   the *other* cells, where Q(first) is the capacity at cycle `first` and ΔQ_recent the recent fade, the mean
///   capacity of cycles first−59…first−50 minus that of cycles first−9…first (``features(_:first:)``). The 95 %
///   interval is the Student-t prediction interval in log space. On the 45 Attia cells the recent fade carries the
///   skill: from 300 cycles the error is about half the no-skill baseline's (``skill(series:first:threshold:)``); from
///   100 cycles no capacity feature beats the baseline.
/// - **extrapolation** (a single history): the power-law fade Q(n) = Q₀ − k·nᵖ (DOMAIN B §5.4) fitted to
///   cycles 2…first with GSL's nonlinear least squares, solved for Q(n) = threshold; the interval comes from
///   the fit's covariance (delta method, Student t).
///
/// Refusals (``ForecastError``), never a non-finite or absurd number: a history that does not fade (the last tenth of
/// the cycles read not below the first tenth by more than twice its standard error); a fit whose life or interval is
/// not finite; a life beyond `horizonFactor` × `first` cycles (or ``maximumCycles``), reported as a lower bound.
public enum Forecaster {
    public static let minimumTrainingCells = 5
    /// No forecast exceeds this many cycles.
    public static let maximumCycles = 1_000_000
    /// An extrapolation reaches at most this many times the cycles it read.
    public static let horizonFactor = 20

    /// First cycle (1-based) whose capacity is below `threshold`, or nil.
    public static func cycleLife(_ q: [Double], threshold: Double) -> Int? {
        q.firstIndex { $0 < threshold }.map { $0 + 1 }
    }

    /// Population-model features of a history's first `first` cycles (1-based cycles; `q[0]` is cycle 1):
    /// `[Q(first), ln ΔQ_recent]`, ΔQ_recent = mean Q over cycles a…a+9 − mean Q over cycles first−9…first with
    /// a = max(2, first − 59), floored at 10⁻⁶ Q(first).
    static func features(_ q: [Double], first: Int) -> [Double] {
        let a = max(1, first - 60)
        let early = q[a..<min(a + 10, first)]
        let late = q[max(0, first - 10)..<first]
        let drop = early.reduce(0, +) / Double(early.count) - late.reduce(0, +) / Double(late.count)
        return [q[first - 1], log(max(drop, 1e-6 * abs(q[first - 1])))]
    }

    /// Predicts the cycle life of `series[cell]` from its first `first` cycles.
    public static func forecast(series: [[Double]], cell: Int, first: Int, threshold: Double) throws -> CycleLifeForecast {
        guard series.indices.contains(cell) else { throw ForecastError.noSuchCell(cell, count: series.count) }
        guard first >= 10 else { throw ForecastError.invalid("--first must be at least 10 cycles, got \(first)") }
        guard threshold.isFinite, threshold > 0 else { throw ForecastError.invalid("the threshold must be a positive capacity") }
        let q = series[cell]
        guard q.count >= first else { throw ForecastError.tooFewCycles(cell: cell, have: q.count, need: first) }
        guard q.prefix(first).allSatisfy(\.isFinite) else { throw ForecastError.invalid("cell \(cell): a capacity among its first \(first) cycles is not a number") }
        let observed = cycleLife(q, threshold: threshold)
        if let n = cycleLife(Array(q.prefix(first)), threshold: threshold) {
            return CycleLifeForecast(
                predicted_cycles_to_threshold: Double(n), interval_low: Double(n), interval_high: Double(n),
                model: "observed: the history falls below the threshold at cycle \(n), within the \(first) cycles read",
                threshold_Ah: threshold, first_cycles: first, observed_cycles_to_threshold: observed)
        }
        let training = series.indices.filter { i in
            i != cell && series[i].count >= first && cycleLife(series[i], threshold: threshold).map { $0 > first } == true
        }
        var result: CycleLifeForecast
        if training.count >= minimumTrainingCells {
            result = try population(series: series, training: training, q: q, first: first, threshold: threshold)
        } else {
            result = try extrapolation(q: q, first: first, threshold: threshold)
        }
        try check(result, first: first, horizon: training.count >= minimumTrainingCells ? maximumCycles : horizonFactor * first)
        result.observed_cycles_to_threshold = observed
        return result
    }

    /// Refuses a life or interval that is not finite or lies beyond `horizon` cycles.
    static func check(_ f: CycleLifeForecast, first: Int, horizon: Int) throws {
        guard let p = f.predicted_cycles_to_threshold, p.isFinite, p > 0 else {
            throw ForecastError.degenerate("the fitted fade gives no finite life; \(f.model)")
        }
        let limit = min(horizon, maximumCycles)
        if p > Double(limit) {
            let when = p <= Double(maximumCycles) ? String(format: "after %.3g cycles", p) : "after more than \(maximumCycles) cycles"
            throw ForecastError.beyondHorizon(lowerBound: limit, reason: String(
                format: "the fitted fade reaches %.4g Ah only %@, beyond %d cycles (%d × the %d cycles read); not a prediction. %@",
                f.threshold_Ah, when, limit, limit / first, first, f.model))
        }
        guard let lo = f.interval_low, let hi = f.interval_high, lo.isFinite, hi.isFinite, lo > 0, lo <= p, p <= hi else {
            throw ForecastError.degenerate(String(format: "life %.0f cycles but no finite interval; %@", p, f.model))
        }
        if hi > Double(limit) {
            throw ForecastError.beyondHorizon(lowerBound: Int(lo.rounded(.down)), reason: String(
                format: "the central life is %.0f cycles, but the 95 %% interval reaches beyond %d cycles (%d × the %d cycles read): the cycles read do not fix the fade. %@",
                p, limit, limit / first, first, f.model))
        }
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
        let recentFrom = max(2, first - 59)
        return CycleLifeForecast(
            predicted_cycles_to_threshold: exp(logLife), interval_low: exp(logLife - half), interval_high: exp(logLife + half),
            model: "population: ln(life) = b0 + b1·Q(\(first)) + b2·ln(Q̄(\(recentFrom)–\(recentFrom + 9)) − Q̄(\(first - 9)–\(first))), least squares on \(training.count) other cells",
            threshold_Ah: threshold, first_cycles: first, observed_cycles_to_threshold: nil)
    }

    private static func extrapolation(q: [Double], first: Int, threshold: Double) throws -> CycleLifeForecast {
        let n = (2...first).map(Double.init)
        let data = Array(q[1..<first])
        let q0 = data.max() ?? q[0]
        guard q0 > threshold else {
            throw ForecastError.invalid(String(format: "the threshold %.4g Ah is not below the cell's capacity (at most %.4g Ah over the cycles read)", threshold, q0))
        }
        // Does it fade? The last tenth of the cycles read against the first tenth, with the cycle-to-cycle noise.
        let tenth = max(data.count / 10, 2)
        let head = data.prefix(tenth), tail = data.suffix(tenth)
        let drop = head.reduce(0, +) / Double(head.count) - tail.reduce(0, +) / Double(tail.count)
        let diffs = zip(data.dropFirst(), data).map { $0 - $1 }
        let meanDiff = diffs.reduce(0, +) / Double(diffs.count)
        let noise = (diffs.reduce(0) { $0 + ($1 - meanDiff) * ($1 - meanDiff) } / Double(max(diffs.count - 1, 1))).squareRoot()
        let standardError = noise * (2 / Double(tenth)).squareRoot()
        guard drop > 2 * standardError, drop > 1e-9 * q0 else {
            throw ForecastError.noFade(String(
                format: "the mean of cycles %d–%d is %.5g Ah, of cycles %d–%d %.5g Ah: a drop of %.3g Ah against a noise of %.3g Ah",
                2, 1 + tenth, head.reduce(0, +) / Double(head.count), first - tenth + 1, first,
                tail.reduce(0, +) / Double(tail.count), drop, standardError))
        }
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
            throw ForecastError.degenerate("the fitted Q0 is not above the threshold or k is 0; \(model)")
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
        let s = try skill(series: series, first: first, threshold: threshold)
        return (s.mape_percent, s.cells)
    }

    /// Each cell that reaches the threshold after cycle `first`, predicted from its first `first` cycles by the others
    /// (``forecast(series:cell:first:threshold:)``), against the observed life; the baseline predicts the mean observed
    /// life of the other such cells. Needs at least `minimumTrainingCells` + 1 such cells.
    public static func skill(series: [[Double]], first: Int, threshold: Double) throws -> ForecastSkill {
        let lives = series.map { cycleLife($0, threshold: threshold) }
        let cells = series.indices.filter { series[$0].count >= first && (lives[$0].map { $0 > first } ?? false) }
        guard cells.count > minimumTrainingCells else {
            throw ForecastError.invalid("\(cells.count) cells reach the threshold after cycle \(first); the skill needs at least \(minimumTrainingCells + 1)")
        }
        var model = 0.0, baseline = 0.0, inside = 0
        for i in cells {
            var s = series
            s[i] = Array(s[i].prefix(first))
            let f = try forecast(series: s, cell: i, first: first, threshold: threshold)
            let observed = Double(lives[i]!)
            let others = cells.filter { $0 != i }.map { Double(lives[$0]!) }
            let mean = others.reduce(0, +) / Double(others.count)
            model += abs(f.predicted_cycles_to_threshold! - observed) / observed
            baseline += abs(mean - observed) / observed
            if let lo = f.interval_low, let hi = f.interval_high, (lo...hi).contains(observed) { inside += 1 }
        }
        let n = Double(cells.count)
        return ForecastSkill(cells: cells.count, mape_percent: 100 * model / n, baseline_mape_percent: 100 * baseline / n,
                             inside_interval: inside)
    }
}
