import CGSL
import Foundation

/// How a prediction band is computed (DOMAIN B §9).
public enum BandMethod: String, Sendable, Codable, CaseIterable {
    /// Linearised where the runs say it is accurate, sampled where not (an output that a perturbed run does not
    /// reach, a threshold crossing, a short).
    case auto
    /// Delta method: finite-difference sensitivities g in transform coordinates, Var[y] ≈ g Σ gᵀ (p + 1 runs).
    case linearised = "linear"
    /// Latin-hypercube draws of N(0, Σ) (seeded), each run; the band is the 2.5–97.5 % range of the outputs.
    case sampled
    /// No band.
    case off
}

public struct BandOptions: Sendable {
    public var method: BandMethod = .auto
    /// Draws of a sampled band.
    public var samples = 40
    public var seed: UInt64 = 1
    /// Central probability of the band.
    public var level = 0.95
    public var workers = ProcessInfo.processInfo.activeProcessorCount
    public init() {}
}

/// A prediction with its band. `low`/`high` may be ±∞ when some runs do not reach the outcome (censored).
public struct PredictionBand: Sendable, Equatable, Codable {
    public var value: Double
    public var low: Double
    public var high: Double
    /// "linearised" or "sampled".
    public var method: String
    /// The parameter with the largest share of the band's variance (nil for a band of zero width).
    public var driver: String?

    public var halfWidth: Double { (high - low) / 2 }
    /// Half-width over |value|.
    public var relativeHalfWidth: Double { value != 0 ? halfWidth / abs(value) : .infinity }
    public func contains(_ x: Double) -> Bool { x >= low - 1e-12 * abs(x) && x <= high + 1e-12 * abs(x) }
}

/// The bands of several outputs of one prediction, and how they were made.
public struct BandSet: Sendable {
    public var bands: [PredictionBand]
    /// "linearised", "sampled" or "linearised, sampled" (outputs sampled where the linearisation failed).
    public var method: String
    public var runs: Int
    public var seed: UInt64
    public var elapsed_s: Double

    /// The method of a prediction whose cell delivers no capacity at its nominal parameters: no band is made. A band
    /// in ln capacity needs a positive centre, and "linearised, sampled" would claim a spread around an operating point
    /// the cell does not reach.
    public static let noCapacityMethod = "none: no capacity at the nominal parameters"

    /// Outputs without a band (low = high = value), with `method` as the reason.
    public static func unbanded(_ values: [Double], method: String, seed: UInt64) -> BandSet {
        BandSet(bands: values.map { PredictionBand(value: $0, low: $0, high: $0, method: method, driver: nil) }, method: method,
                runs: 0, seed: seed, elapsed_s: 0)
    }

    /// Whether the set is a real band (not ``noCapacityMethod`` or "none").
    public var isBanded: Bool { !method.hasPrefix("none") }
}

/// Propagates a ``ParameterUncertainty`` through a prediction. `evaluate(z)` runs the model with the parameters moved
/// z (transform units) from their centres and returns its outputs; a non-finite output is a censored one (a
/// threshold not reached, no short). Runs go in parallel (``ParallelMap``), each building its own simulator.
public enum BandEstimator {
    /// Standard normal quantile.
    static func normalQuantile(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }

    /// - Parameter thresholds: outputs that are threshold crossings (cycles to a retention): in `auto` they are
    ///   sampled whenever the centre reaches them, since linearisation is poor for them (DOMAIN B §9: a run one
    ///   standard deviation away may cross far earlier or later, and a band in cycles then runs below zero).
    public static func run(_ u: ParameterUncertainty, options: BandOptions, central: [Double]? = nil, thresholds: Set<Int> = [],
                           evaluate: @escaping @Sendable ([Double]) throws -> [Double]) throws -> BandSet {
        let clock = Date()
        let p = u.count
        let y0 = try central ?? evaluate([Double](repeating: 0, count: p))
        var runs = central == nil ? 1 : 0
        func finish(_ bands: [PredictionBand], _ method: String) -> BandSet {
            BandSet(bands: bands, method: method, runs: runs, seed: options.seed, elapsed_s: Date().timeIntervalSince(clock))
        }
        if p == 0 || options.method == .off {
            return finish(y0.map { PredictionBand(value: $0, low: $0, high: $0, method: "none", driver: nil) }, "none")
        }
        if options.method == .sampled {
            let (b, n) = try sampled(u, y0: y0, options: options, evaluate: evaluate)
            runs += n
            return finish(b, "sampled")
        }
        var (lin, ok, n) = try linearised(u, y0: y0, options: options, evaluate: evaluate)
        runs += n
        for i in thresholds where i < ok.count && y0[i].isFinite { ok[i] = false }
        if options.method == .linearised || ok.allSatisfy({ $0 }) { return finish(lin, "linearised") }
        let (s, m) = try sampled(u, y0: y0, options: options, evaluate: evaluate)
        runs += m
        let merged = lin.indices.map { ok[$0] ? lin[$0] : s[$0] }
        return finish(merged, ok.contains(true) ? "linearised, sampled" : "sampled")
    }

    /// Delta-method bands, differentiated along the columns of the Cholesky factor L of Σ (Σ = L Lᵀ): run k moves
    /// the parameters by L·e_k, one standard deviation of the joint distribution, and Δ_k = y(L·e_k) − y₀ gives the
    /// variance Σ_k Δ_k² (= gᵀΣg for a linear output, g the gradient). Correlated keys move together, as the fit
    /// knows them: a diffusion time at 25 °C and its activation energy, fitted where the rows ran, shift the run's
    /// τ_s at the rows' temperature by its own small spread, where a step of one key alone (one standard deviation
    /// of τ_s at 25 °C, ±30–50 % when the rows ran at 60 °C) lands far out on a curved response, and the first-order
    /// cancellation of gᵀΣg, between such steps, does not hold. The driver is the parameter with the largest share
    /// g_a·(Σg)_a, with g from Lᵀg = Δ. An output is flagged not linearisable when a run does not reach it (or
    /// reaches one the centre does not): a threshold or short that linearisation cannot follow.
    static func linearised(_ u: ParameterUncertainty, y0: [Double], options: BandOptions,
                           evaluate: @escaping @Sendable ([Double]) throws -> [Double]) throws -> ([PredictionBand], [Bool], Int) {
        let p = u.count, sd = u.standardDeviations
        let active = (0..<p).filter { sd[$0] > 0 && sd[$0].isFinite }
        let l = cholesky(active.map { a in active.map { u.covariance[a][$0].isFinite ? u.covariance[a][$0] : 0 } })
        // Columns with a pivot: a column without one (a key that is a combination of those before it) moves nothing.
        let columns = active.indices.filter { l[$0][$0] > 0 }
        let runs = try ParallelMap.run(columns.count, workers: options.workers) { k -> [Double] in
            var z = [Double](repeating: 0, count: p)
            for (a, j) in active.enumerated() { z[j] = l[a][columns[k]] }
            return try evaluate(z)
        }
        let zq = normalQuantile(0.5 + options.level / 2)
        var bands: [PredictionBand] = [], ok: [Bool] = []
        for i in y0.indices {
            var fine = y0[i].isFinite
            var delta = [Double](repeating: 0, count: active.count)
            for (k, c) in columns.enumerated() {
                let y = runs[k][i]
                if y.isFinite != y0[i].isFinite { fine = false }
                if y.isFinite && y0[i].isFinite { delta[c] = y - y0[i] }
            }
            let variance = delta.reduce(0) { $0 + $1 * $1 }
            // g from Lᵀg = Δ (back substitution; a key without a pivot gets no gradient of its own).
            var ga = [Double](repeating: 0, count: active.count)
            for a in active.indices.reversed() where l[a][a] > 0 {
                var r = delta[a]
                for b in (a + 1)..<active.count { r -= l[b][a] * ga[b] }
                ga[a] = r / l[a][a]
            }
            var share = [Double](repeating: 0, count: p)
            for (a, j) in active.enumerated() {
                var row = 0.0
                for (b, k) in active.enumerated() { row += (u.covariance[j][k].isFinite ? u.covariance[j][k] : 0) * ga[b] }
                share[j] = ga[a] * row
            }
            let h = zq * variance.squareRoot()
            let driver = share.indices.max { share[$0] < share[$1] }.flatMap { share[$0] > 0 ? u.parameters[$0].key : nil }
            bands.append(PredictionBand(value: y0[i], low: y0[i].isFinite ? y0[i] - h : y0[i], high: y0[i].isFinite ? y0[i] + h : y0[i],
                                        method: "linearised", driver: driver))
            ok.append(fine)
        }
        return (bands, ok, columns.count)
    }

    /// Sampled bands: Latin-hypercube standard normals (one stratum per draw in every coordinate), correlated by the
    /// Cholesky factor of Σ; the band is the empirical (1 − level)/2 … (1 + level)/2 range, ±∞ when censored runs
    /// fall in the tail. The driver is the parameter whose draws have the largest rank correlation with the output
    /// (Spearman: a monotone but strongly nonlinear response, a capacity near its cut-off, ranks as it moves).
    static func sampled(_ u: ParameterUncertainty, y0: [Double], options: BandOptions,
                        evaluate: @escaping @Sendable ([Double]) throws -> [Double]) throws -> ([PredictionBand], Int) {
        let n = max(options.samples, 2)
        let offsets = draws(u, count: n, seed: options.seed)
        let ys = try ParallelMap.run(n, workers: options.workers) { k in try evaluate(offsets[k]) }
        let lo = (1 - options.level) / 2, hi = 1 - lo
        var bands: [PredictionBand] = []
        for i in y0.indices {
            let column = ys.map { $0[i].isNaN ? Double.infinity : $0[i] }
            let sorted = column.sorted()
            let low = quantile(sorted, lo), high = quantile(sorted, hi)
            bands.append(PredictionBand(value: y0[i], low: min(low, y0[i]), high: max(high, y0[i]), method: "sampled",
                                        driver: driver(offsets, column, u)))
        }
        return (bands, n)
    }

    /// `count` draws of N(0, Σ) on a Latin hypercube, reproducible from `seed`.
    public static func draws(_ u: ParameterUncertainty, count n: Int, seed: UInt64) -> [[Double]] {
        let p = u.count
        var rng = SplitMix64(seed: seed)
        var z = [[Double]](repeating: [Double](repeating: 0, count: p), count: n)
        for j in 0..<p {
            var strata = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) { strata.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            for i in 0..<n {
                let q = (Double(strata[i]) + rng.nextUniform()) / Double(n)
                z[i][j] = normalQuantile(min(max(q, 1e-12), 1 - 1e-12))
            }
        }
        let l = cholesky(u.covariance)
        return z.map { zi in (0..<p).map { a in (0...a).reduce(0) { $0 + l[a][$1] * zi[$1] } } }
    }

    /// Lower Cholesky factor of a symmetric positive semi-definite matrix (a pivot ≤ 0 gives a zero column: that
    /// direction has no variance).
    static func cholesky(_ a: [[Double]]) -> [[Double]] {
        let p = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for j in 0..<p {
            var d = a[j][j]
            for k in 0..<j { d -= l[j][k] * l[j][k] }
            guard d > 1e-300 else { continue }
            l[j][j] = d.squareRoot()
            for i in (j + 1)..<max(p, j + 1) {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                l[i][j] = s / l[j][j]
            }
        }
        return l
    }

    /// Linear-interpolated quantile of sorted values (Hyndman & Fan type 7); +∞ entries stay +∞.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * q
        let i = Int(h.rounded(.down)), f = h - Double(i)
        if i + 1 >= sorted.count { return sorted[sorted.count - 1] }
        // −∞ (a run without capacity, banded in ln y) stays −∞ (its end is 0 in y).
        if f == 0 || sorted[i] == -.infinity { return sorted[i] }
        if !sorted[i + 1].isFinite { return sorted[i + 1] }
        return sorted[i] + f * (sorted[i + 1] - sorted[i])
    }

    /// Ranks 0…n−1 of `x` (ties share their mean rank).
    static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var r = [Double](repeating: 0, count: x.count)
        var k = 0
        while k < order.count {
            var m = k
            while m + 1 < order.count, x[order[m + 1]] == x[order[k]] { m += 1 }
            for t in k...m { r[order[t]] = Double(k + m) / 2 }
            k = m + 1
        }
        return r
    }

    /// The key whose draws have the largest squared Spearman rank correlation with the output, over the runs that
    /// reach it (a run without capacity, −∞ in ln y, ranks lowest).
    static func driver(_ z: [[Double]], _ y: [Double], _ u: ParameterUncertainty) -> String? {
        let finite = y.indices.filter { !y[$0].isNaN && y[$0] != .infinity }
        guard finite.count > 2 else { return nil }
        let ry = ranks(finite.map { y[$0] })
        let my = ry.reduce(0, +) / Double(finite.count)
        var best: (Int, Double)?
        for j in 0..<u.count {
            let rz = ranks(finite.map { z[$0][j] })
            let mz = rz.reduce(0, +) / Double(finite.count)
            var sxy = 0.0, sxx = 0.0, syy = 0.0
            for i in finite.indices {
                sxy += (rz[i] - mz) * (ry[i] - my)
                sxx += (rz[i] - mz) * (rz[i] - mz)
                syy += (ry[i] - my) * (ry[i] - my)
            }
            guard sxx > 0, syy > 0 else { continue }
            let r2 = sxy * sxy / (sxx * syy)
            if best == nil || r2 > best!.1 { best = (j, r2) }
        }
        return best.map { u.parameters[$0.0].key }
    }
}

