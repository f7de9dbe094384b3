import CGSL
import Foundation

/// How a fitted parameter is kept in its domain. The solver works on an unconstrained internal value u;
/// the parameter is p = g(u).
public enum ParameterConstraint: Sendable, Equatable {
    /// p = u.
    case none
    /// p = eᵘ > 0 (fitted in log space).
    case positive
    /// lower < p < upper: p = lower + (upper − lower)·σ(u), σ the logistic function.
    case bounded(lower: Double, upper: Double)
    /// 0 < lower < p < upper, logistic in log p: ln p = ln lower + (ln upper − ln lower)·σ(u).
    case positiveBounded(lower: Double, upper: Double)
    /// lower < p < upper for a value close to its upper bound (an efficiency near 1): the gap upper − p is fitted
    /// in log space, logistic between ``complementFloor``·(upper − lower) and upper − lower, so 0.999 and 0.9996
    /// are as far apart as 1e-3 and 4e-4.
    case complementBounded(lower: Double, upper: Double)

    /// Smallest gap to the upper bound of ``complementBounded(lower:upper:)``, relative to the range.
    static let complementFloor = 1e-12

    /// ln of the smallest and largest gap of ``complementBounded(lower:upper:)``.
    @inline(__always)
    static func gapRange(_ lo: Double, _ hi: Double) -> (Double, Double) {
        (log(complementFloor * (hi - lo)), log(hi - lo))
    }

    /// p = g(u).
    @inline(__always)
    func natural(_ u: Double) -> Double {
        switch self {
        case .none: return u
        case .positive: return exp(u)
        case let .bounded(lo, hi): return lo + (hi - lo) * Self.logistic(u)
        case let .positiveBounded(lo, hi): return exp(log(lo) + (log(hi) - log(lo)) * Self.logistic(u))
        case let .complementBounded(lo, hi):
            let (a, b) = Self.gapRange(lo, hi)
            return hi - exp(a + (b - a) * Self.logistic(u))
        }
    }

    /// dp/du.
    @inline(__always)
    func slope(_ u: Double) -> Double {
        switch self {
        case .none: return 1
        case .positive: return exp(u)
        case let .bounded(lo, hi):
            let s = Self.logistic(u)
            return (hi - lo) * s * (1 - s)
        case let .positiveBounded(lo, hi):
            let s = Self.logistic(u)
            return natural(u) * (log(hi) - log(lo)) * s * (1 - s)
        case let .complementBounded(lo, hi):
            let s = Self.logistic(u), (a, b) = Self.gapRange(lo, hi)
            return -(hi - natural(u)) * (b - a) * s * (1 - s)
        }
    }

    /// u = g⁻¹(p); throws ``NonlinearLeastSquaresError/invalidInitial(name:value:reason:)`` outside the domain.
    func internalValue(_ p: Double, name: String) throws -> Double {
        func reject(_ reason: String) -> NonlinearLeastSquaresError { .invalidInitial(name: name, value: p, reason: reason) }
        guard p.isFinite else { throw reject("is not a finite number") }
        switch self {
        case .none: return p
        case .positive:
            guard p > 0 else { throw reject("must be positive (the parameter is fitted in log space)") }
            return log(p)
        case let .bounded(lo, hi):
            guard lo < hi else { throw reject("has an empty range \(lo)…\(hi)") }
            guard p > lo && p < hi else { throw reject("must lie strictly between \(lo) and \(hi)") }
            return log((p - lo) / (hi - p))
        case let .positiveBounded(lo, hi):
            guard lo > 0, lo < hi else { throw reject("needs bounds 0 < lower < upper, got \(lo)…\(hi)") }
            guard p > lo && p < hi else { throw reject("must lie strictly between \(lo) and \(hi)") }
            let s = (log(p) - log(lo)) / (log(hi) - log(lo))
            return log(s / (1 - s))
        case let .complementBounded(lo, hi):
            guard lo < hi else { throw reject("has an empty range \(lo)…\(hi)") }
            let (a, b) = Self.gapRange(lo, hi)
            guard p > lo && log(hi - p) > a else {
                throw reject("must lie between \(lo) and \(hi) (at least \(exp(a)) below \(hi))")
            }
            let s = (log(hi - p) - a) / (b - a)
            return log(s / (1 - s))
        }
    }

    @inline(__always)
    static func logistic(_ u: Double) -> Double { u >= 0 ? 1 / (1 + exp(-u)) : exp(u) / (1 + exp(u)) }
}

/// One parameter of a least-squares problem: a name (for reports), a starting value and its domain.
public struct FitParameter: Sendable, Equatable {
    public var name: String
    public var initial: Double
    public var constraint: ParameterConstraint

    public init(_ name: String, initial: Double, _ constraint: ParameterConstraint = .none) {
        self.name = name
        self.initial = initial
        self.constraint = constraint
    }
}

/// Settings of ``NonlinearLeastSquares/fit(_:residualCount:options:jacobian:residuals:)``.
public struct NonlinearLeastSquaresOptions: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable {
        /// Trust-region Levenberg–Marquardt (`gsl_multifit_nlinear_trs_lm`).
        case levenbergMarquardt
        /// Levenberg–Marquardt with geodesic acceleration (`gsl_multifit_nlinear_trs_lmaccel`).
        case geodesicAcceleration
    }

    public enum FiniteDifferences: Sendable, Equatable {
        case forward, central
    }

    /// What the finite-difference step of an internal coordinate uⱼ is measured against.
    public enum FiniteDifferenceScale: Sendable, Equatable {
        /// Its value: step h·|uⱼ| (h where uⱼ = 0), GSL's `fdjac`.
        case value
        /// Its typical size: step h in the transformed coordinates of a constrained parameter (ln p, a logistic's
        /// argument: one unit is an e-fold or the logistic's own scale, whatever the parameter's unit), h·max(|uⱼ|, 1)
        /// for an unconstrained one (Dennis & Schnabel's typx). The value-relative step depends on where the coordinate
        /// has its origin: ln of a capacity in mAh/g (u ≈ 5) gets a step 25 times that of a t₊ of 0.55 (u ≈ 0.2),
        /// which lands in the noise of residuals from adaptive simulations.
        case typicalSize
    }

    public var method: Method = .levenbergMarquardt
    /// Finite differences for the Jacobian when none is given (GSL's `fdjac`, step √ε·|u|).
    public var finiteDifferences: FiniteDifferences = .central
    /// Relative finite-difference step (GSL's `h_df`; its default √ε suits smooth closed forms). Residuals from
    /// adaptive simulations carry noise at the solver tolerance and need a larger step.
    public var finiteDifferenceStep = Double.ulpOfOne.squareRoot()
    /// What ``finiteDifferenceStep`` is relative to; ``FiniteDifferenceScale/typicalSize`` differences the residuals
    /// here instead of in GSL's `fdjac`, with the same forward or central rule.
    public var finiteDifferenceScale: FiniteDifferenceScale = .value
    public var maxIterations = 1000
    /// Stop when every internal step |δuᵢ| ≤ xTolerance·(|uᵢ| + xTolerance) (`gsl_multifit_nlinear_test`).
    public var xTolerance = 1e-10
    /// Stop when the scaled gradient is below this (`gsl_multifit_nlinear_test`; residuals are scaled to an
    /// RMS of 1 at the start, so this is relative).
    public var gradientTolerance = 1e-12
    /// Stop when two accepted steps in a row each lowered χ² by less than this fraction of s² = χ²/(n − p), the
    /// residual variance: the χ² a parameter's one-standard-error move is worth. Below 0.01·s² the remaining way to
    /// the minimum is a small fraction of a standard error, however far the parameters still drift along a
    /// correlated valley. For residuals from simulations, whose noise keeps the step tests above from passing
    /// (nil: off).
    public var chiSquareTolerance: Double?
    /// Stop when two accepted steps in a row each lowered χ² by less than the larger of this times the number of
    /// residuals n and the χ² noise of ``residualNoise`` (nil: off). For residuals that are each in units of their
    /// measurement's standard uncertainty: a change of 1e-3·n is a thousandth of χ²'s expected value at the optimum,
    /// whatever the fit's χ²/dof (a refit with no degree of freedom left has χ² → 0, where the relative rule of
    /// ``chiSquareTolerance`` asks for changes below the integrators' noise). The noise term: with residual i
    /// wobbling by εᵢ (standard deviation, independent), χ² = Σfᵢ² wobbles by 2·√(Σ(fᵢ·εᵢ)²) to first order; a
    /// decrease below that is the noise's, not the model's.
    public var chiSquareChangePerResidual: Double?
    /// Standard deviation of each residual's noise in the residual's own unit (an adaptive integrator's error at its
    /// tolerance, carried to the residual), for the χ² noise of ``chiSquareChangePerResidual``; nil: none.
    public var residualNoise: [Double]?
    /// Number of starts: the given initial values plus `starts − 1` pseudo-random perturbations of them
    /// (normal, standard deviation `startSpread` in internal units, i.e. a factor e^spread for log-space
    /// parameters). The fit with the lowest χ² wins.
    public var starts = 1
    public var startSpread = 1.0
    public var seed: UInt64 = 0x5EED_CE11
    /// Two-sided confidence level of the intervals.
    public var confidenceLevel = 0.95
    /// |correlation| above which two parameters are reported as not separately identifiable.
    public var correlationLimit = 0.99
    /// Reciprocal condition number of the Jacobian (internal coordinates) below which the problem is
    /// reported as near-singular.
    public var minimumReciprocalCondition = 1e-9

    public init() {}
}

/// Why the solver stopped.
public enum LeastSquaresConvergence: String, Sendable, Equatable {
    /// The last step was below `xTolerance`.
    case smallStep = "small step"
    /// The gradient was below `gradientTolerance`.
    case smallGradient = "small gradient"
    /// No step could reduce χ² further (GSL_ENOPROG): the fit is at a minimum to machine precision.
    case noFurtherProgress = "no further progress possible"
    /// Two steps in a row lowered χ² by less than `chiSquareTolerance`·χ²/(n − p), or by less than
    /// `chiSquareChangePerResidual`·n and χ²'s noise.
    case smallChiSquareChange = "small change of χ² (within its noise)"
    /// `maxIterations` reached (the result is the last iterate; a warning says so).
    case iterationLimit = "iteration limit reached"
}

/// The outcome of a fit. Covariance and errors are in the natural parameters, scaled by χ²/dof
/// (unknown noise level, as SciPy's `curve_fit` with `absolute_sigma=False`).
public struct NonlinearLeastSquaresResult: Sendable {
    public struct Estimate: Sendable, Equatable {
        public var name: String
        public var value: Double
        /// Standard error by the delta method from the internal coordinates (nil: not identifiable or dof = 0).
        public var standardError: Double?
        /// Confidence interval (level in the options), computed in the internal coordinates and mapped back,
        /// so it respects positivity and bounds (nil when the standard error is nil).
        public var interval: ClosedRange<Double>?
    }

    public var estimates: [Estimate]
    /// Covariance of the natural parameters (NaN rows and columns for non-identifiable ones).
    public var covariance: [[Double]]
    /// Correlation matrix (the same in internal and natural coordinates).
    public var correlation: [[Double]]
    /// Residuals f(p) at the optimum, as the residual function returned them.
    public var residuals: [Double]
    /// χ² = Σ fᵢ².
    public var chiSquare: Double
    public var degreesOfFreedom: Int
    /// Student-t quantile used for the intervals.
    public var tQuantile: Double
    public var iterations: Int
    public var residualEvaluations: Int
    public var convergence: LeastSquaresConvergence
    /// Reciprocal condition number of the Jacobian at the optimum (internal coordinates).
    public var reciprocalCondition: Double
    /// Parameters whose values the data cannot pin down (singular covariance or |correlation| > limit).
    public var nonIdentifiable: [String]
    public var warnings: [String]
    /// Which start (0 = the given initial values) gave this result.
    public var start: Int
    /// (JᵀJ)⁻¹ mapped to the natural parameters: the covariance when each residual's unit is one standard deviation
    /// of its measurement (SciPy's `absolute_sigma=True`); defined also for dof = 0. NaN rows and columns for
    /// parameters the Jacobian cannot determine.
    public var covarianceAPriori: [[Double]] = []

    public var parameters: [Double] { estimates.map(\.value) }
    public var standardErrors: [Double?] { estimates.map(\.standardError) }
    public var names: [String] { estimates.map(\.name) }
    /// χ²/dof (NaN for dof = 0).
    public var reducedChiSquare: Double { degreesOfFreedom > 0 ? chiSquare / Double(degreesOfFreedom) : .nan }
}

public enum NonlinearLeastSquaresError: Error, CustomStringConvertible, Equatable {
    case tooFewData(points: Int, parameters: Int)
    case noParameters
    case invalidInitial(name: String, value: Double, reason: String)
    case residualCount(expected: Int, got: Int)
    case jacobianShape(expectedRows: Int, expectedColumns: Int)
    case nonFiniteInitialResiduals(count: Int)
    case nonFiniteResult
    case allStartsFailed(String)
    case noiseCount(expected: Int, got: Int)

    public var description: String {
        switch self {
        case let .tooFewData(n, p):
            return "\(p) free parameters but only \(n) residuals: a least-squares fit needs at least as many data as parameters"
        case .noParameters: return "no parameters to fit"
        case let .invalidInitial(name, value, reason): return "initial value \(value) of '\(name)' \(reason)"
        case let .residualCount(e, g): return "the residual function returned \(g) values, expected \(e)"
        case let .jacobianShape(r, c): return "the Jacobian must have \(r) rows of \(c) columns"
        case let .nonFiniteInitialResiduals(k): return "\(k) residuals are not finite at the initial parameters"
        case .nonFiniteResult: return "the fit ended where the residuals are not finite"
        case let .allStartsFailed(reason): return "every start of the fit failed; the first: \(reason)"
        case let .noiseCount(e, g): return "the residual noise has \(g) values, expected \(e) (one per residual)"
        }
    }
}

/// Nonlinear least squares min_p Σᵢ fᵢ(p)² on GSL's trust-region solver `gsl_multifit_nlinear`.
///
/// Contract:
/// - Parameters are transformed to unconstrained internal values (``ParameterConstraint``): positive ones in log
///   space, bounded ones through a scaled logistic, so the solver never leaves the domain.
/// - The Jacobian is the analytic one when given (∂fᵢ/∂pⱼ in natural parameters, chain rule applied here),
///   else finite differences in the internal coordinates (GSL's `fdjac`, or steps on each coordinate's typical size,
///   ``NonlinearLeastSquaresOptions/finiteDifferenceScale``).
/// - Covariance: `gsl_multifit_nlinear_covar` of the internal Jacobian at the optimum, times χ²/dof, carried to
///   the natural parameters by the delta method; intervals use Student's t with dof = n − p.
/// - Errors thrown by the residual or Jacobian closure are rethrown (never across C); every GSL status is
///   checked. More parameters than residuals is an error.
public enum NonlinearLeastSquares {
    /// Fits `parameters` so that `residuals(p)` (a vector of `residualCount` values) is smallest in the 2-norm.
    public static func fit(
        _ parameters: [FitParameter], residualCount n: Int, options: NonlinearLeastSquaresOptions = .init(),
        jacobian: (([Double]) throws -> [[Double]])? = nil,
        residuals: @escaping ([Double]) throws -> [Double]
    ) throws -> NonlinearLeastSquaresResult {
        GSL.ensureConfigured()
        let p = parameters.count
        guard p > 0 else { throw NonlinearLeastSquaresError.noParameters }
        guard n >= p else { throw NonlinearLeastSquaresError.tooFewData(points: n, parameters: p) }
        if let noise = options.residualNoise, noise.count != n { throw NonlinearLeastSquaresError.noiseCount(expected: n, got: noise.count) }
        let u0 = try parameters.map { try $0.constraint.internalValue($0.initial, name: $0.name) }
        let problem = LeastSquaresProblem(constraints: parameters.map(\.constraint), n: n,
                                          residuals: residuals, jacobian: jacobian)
        if jacobian == nil, options.finiteDifferenceScale == .typicalSize {
            problem.differences = (options.finiteDifferenceStep, options.finiteDifferences == .central)
        }
        var rng = SplitMix64(seed: options.seed)
        var best: NonlinearLeastSquaresResult?
        var failures: [String] = []
        for start in 0..<max(options.starts, 1) {
            var u = u0
            if start > 0 {
                for k in 0..<p {
                    let z = rng.nextGaussian() * options.startSpread
                    u[k] += parameters[k].constraint == .none ? z * max(abs(u[k]), 1) : z
                }
            }
            do {
                var r = try solve(problem, u: u, names: parameters.map(\.name), options: options)
                r.start = start
                if let b = best, b.chiSquare <= r.chiSquare { continue }
                best = r
            } catch {
                // The given start must work; a perturbed start may land where the model cannot be evaluated.
                if start == 0 { throw error }
                failures.append("start \(start): \(error)")
            }
        }
        guard var result = best else { throw NonlinearLeastSquaresError.allStartsFailed(failures.first ?? "unknown") }
        if !failures.isEmpty { result.warnings.append("\(failures.count) of \(options.starts) starts failed") }
        return result
    }

    // MARK: - One start

    /// Sum of squares of the residuals GSL holds (scaled units).
    private static func chiSquare(_ w: UnsafeMutablePointer<gsl_multifit_nlinear_workspace>, _ n: Int) -> Double {
        guard let f = gsl_multifit_nlinear_residual(w) else { return .infinity }
        var c = 0.0
        for i in 0..<n { c += gsl_vector_get(f, i) * gsl_vector_get(f, i) }
        return c
    }

    /// The standard deviation of χ² = Σfᵢ² from residual noise εᵢ (residual units): 2·√(Σ(fᵢ·εᵢ)²) to first order,
    /// fᵢ the residuals GSL holds times `scale`; 0 without noise.
    private static func chiSquareNoise(_ w: UnsafeMutablePointer<gsl_multifit_nlinear_workspace>, _ n: Int, noise: [Double]?,
                                       scale: Double) -> Double {
        guard let noise, noise.count == n, let f = gsl_multifit_nlinear_residual(w) else { return 0 }
        return chiSquareNoise((0..<n).map { gsl_vector_get(f, $0) * scale }, noise: noise)
    }

    /// 2·√(Σ(fᵢ·εᵢ)²): the standard deviation of χ² = Σfᵢ² when each residual fᵢ carries independent noise of standard
    /// deviation εᵢ, to first order (δχ² = 2·Σfᵢ·δfᵢ).
    static func chiSquareNoise(_ residuals: [Double], noise: [Double]) -> Double {
        2 * zip(residuals, noise).reduce(0) { $0 + ($1.0 * $1.1) * ($1.0 * $1.1) }.squareRoot()
    }

    /// Iterates the trust-region solver from its initialized state until a convergence test holds, GSL makes no
    /// further progress or `options.maxIterations` pass; rethrows an error a residual evaluation stored.
    private static func iterate(_ w: UnsafeMutablePointer<gsl_multifit_nlinear_workspace>, problem: LeastSquaresProblem,
                                options: NonlinearLeastSquaresOptions) throws -> LeastSquaresConvergence {
        let n = problem.n, p = problem.p
        var lastChiSquare = Self.chiSquare(w, n), smallChanges = 0
        for _ in 0..<options.maxIterations {
            let status = gsl_multifit_nlinear_iterate(w)
            if let e = problem.error { throw e }
            if status == Int32(GSL_ENOPROG) {
                return .noFurtherProgress
            }
            try GSL.check(status, "iterating the least-squares solver")
            var info: Int32 = 0
            let test = gsl_multifit_nlinear_test(options.xTolerance, options.gradientTolerance, 0, &info, w)
            if test == Int32(GSL_SUCCESS) {
                return info == 2 ? .smallGradient : .smallStep
            }
            guard test == Int32(GSL_CONTINUE) else { try GSL.check(test, "testing least-squares convergence"); return .iterationLimit }
            if options.chiSquareTolerance != nil || options.chiSquareChangePerResidual != nil {
                let chi2 = Self.chiSquare(w, n)
                var limit = 0.0
                if let tolerance = options.chiSquareTolerance { limit = max(limit, tolerance * chi2 / Double(max(n - p, 1))) }
                if let perResidual = options.chiSquareChangePerResidual {
                    // GSL holds the residuals divided by problem.scale: χ² and its noise in the residuals' own units, then back.
                    let s2 = problem.scale * problem.scale
                    limit = max(limit, perResidual * Double(n) / s2,
                                Self.chiSquareNoise(w, n, noise: options.residualNoise, scale: problem.scale) / s2)
                }
                smallChanges = lastChiSquare - chi2 < limit ? smallChanges + 1 : 0
                lastChiSquare = chi2
                if smallChanges >= 2 {
                    return .smallChiSquareChange
                }
            }
        }
        return .iterationLimit
    }

    private static func solve(_ problem: LeastSquaresProblem, u u0: [Double], names: [String],
                              options: NonlinearLeastSquaresOptions) throws -> NonlinearLeastSquaresResult {
        let n = problem.n, p = problem.p
        // Residuals at the start: shape, finiteness, and the scale that makes them O(1) for GSL's tests.
        problem.error = nil
        problem.scale = 1
        problem.evaluations = 0
        let r0 = try problem.evaluate(u0)
        let bad = r0.filter { !$0.isFinite }.count
        guard bad == 0 else { throw NonlinearLeastSquaresError.nonFiniteInitialResiduals(count: bad) }
        let rms0 = (r0.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
        problem.scale = rms0 > 0 && rms0.isFinite ? rms0 : 1

        var params = gsl_multifit_nlinear_default_parameters()
        params.trs = options.method == .geodesicAcceleration ? cgsl_trs_lmaccel() : cgsl_trs_lm()
        params.fdtype = options.finiteDifferences == .central ? GSL_MULTIFIT_NLINEAR_CTRDIFF : GSL_MULTIFIT_NLINEAR_FWDIFF
        params.h_df = options.finiteDifferenceStep

        // GSL keeps the fdf pointer in the workspace: give it a stable address that outlives the workspace.
        let fdf = UnsafeMutablePointer<gsl_multifit_nlinear_fdf>.allocate(capacity: 1)
        defer { fdf.deallocate() }
        fdf.initialize(to: gsl_multifit_nlinear_fdf(
            f: residualTrampoline,
            df: problem.jacobian != nil ? jacobianTrampoline : problem.differences != nil ? differenceTrampoline : nil, fvv: nil,
            n: n, p: p, params: Unmanaged.passUnretained(problem).toOpaque(), nevalf: 0, nevaldf: 0, nevalfvv: 0))
        guard let w = gsl_multifit_nlinear_alloc(cgsl_multifit_trust(), &params, n, p) else {
            throw GSLError(status: Int32(GSL_ENOMEM), context: "allocating the least-squares workspace (\(n) × \(p))")
        }
        defer { gsl_multifit_nlinear_free(w) }
        guard let x0 = gsl_vector_alloc(p), let covar = gsl_matrix_alloc(p, p) else {
            throw GSLError(status: Int32(GSL_ENOMEM), context: "allocating least-squares vectors")
        }
        defer {
            gsl_vector_free(x0)
            gsl_matrix_free(covar)
        }
        for k in 0..<p { gsl_vector_set(x0, k, u0[k]) }

        return try withExtendedLifetime(problem) {
            let initStatus = gsl_multifit_nlinear_init(x0, fdf, w)
            if let e = problem.error { throw e }
            try GSL.check(initStatus, "starting the least-squares solver")

            let convergence = try iterate(w, problem: problem, options: options)

            // The optimum (internal coordinates) and the Jacobian GSL holds there.
            guard let xPointer = gsl_multifit_nlinear_position(w), let jPointer = gsl_multifit_nlinear_jac(w) else {
                throw GSLError(status: Int32(GSL_EFAULT), context: "reading the least-squares solution")
            }
            let u = (0..<p).map { gsl_vector_get(xPointer, $0) }
            var rcond = 0.0
            try GSL.check(gsl_multifit_nlinear_rcond(&rcond, w), "estimating the Jacobian's condition number")
            try GSL.check(gsl_multifit_nlinear_covar(jPointer, 1e-12, covar), "computing the covariance matrix")
            var covU = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            for a in 0..<p { for b in 0..<p { covU[a][b] = gsl_matrix_get(covar, a, b) } }
            let iterations = Int(gsl_multifit_nlinear_niter(w))

            let scale = problem.scale
            problem.scale = 1
            let r = try problem.evaluate(u)
            guard r.allSatisfy(\.isFinite) else { throw NonlinearLeastSquaresError.nonFiniteResult }
            return summarize(problem: problem, u: u, residuals: r, covarianceUnscaled: covU, residualScale: scale,
                             names: names, iterations: iterations, convergence: convergence, rcond: rcond,
                             options: options)
        }
    }

    // MARK: - Statistics

    private static func summarize(problem: LeastSquaresProblem, u: [Double], residuals r: [Double],
                                  covarianceUnscaled covU: [[Double]], residualScale s: Double, names: [String],
                                  iterations: Int, convergence: LeastSquaresConvergence, rcond: Double,
                                  options: NonlinearLeastSquaresOptions) -> NonlinearLeastSquaresResult {
        let n = problem.n, p = problem.p
        let chi2 = r.reduce(0) { $0 + $1 * $1 }
        let dof = n - p
        // GSL's covar is (JᵀJ)⁻¹ for the scaled residuals f/s; times χ²(f/s)/dof it is the covariance in u.
        let factor = dof > 0 ? chi2 / (s * s) / Double(dof) : Double.nan
        let level = min(max(options.confidenceLevel, 1e-6), 1 - 1e-12)
        let t = dof > 0 ? gsl_cdf_tdist_Pinv(0.5 + level / 2, Double(dof)) : Double.nan
        let values = (0..<p).map { problem.constraints[$0].natural(u[$0]) }
        let slopes = (0..<p).map { problem.constraints[$0].slope(u[$0]) }

        var warnings: [String] = []
        var flagged = Set<Int>()
        var seU = [Double](repeating: .nan, count: p)
        for k in 0..<p {
            let v = covU[k][k]
            if v > 0 && v.isFinite { seU[k] = (v * factor).squareRoot() } else { flagged.insert(k) }
        }
        var covariance = [[Double]](repeating: [Double](repeating: .nan, count: p), count: p)
        var correlation = covariance
        for a in 0..<p {
            for b in 0..<p where !flagged.contains(a) && !flagged.contains(b) {
                covariance[a][b] = slopes[a] * slopes[b] * covU[a][b] * factor
                correlation[a][b] = covU[a][b] / (covU[a][a] * covU[b][b]).squareRoot()
            }
        }
        for a in 0..<p {
            for b in (a + 1)..<max(p, a + 1) where abs(correlation[a][b]) > options.correlationLimit {
                flagged.insert(a)
                flagged.insert(b)
                warnings.append(String(format: "%@ and %@ are strongly correlated (r = %.4f): the data cannot separate them",
                                       names[a], names[b], correlation[a][b]))
            }
        }
        let singular = (0..<p).filter { covU[$0][$0] == 0 || !covU[$0][$0].isFinite }
        if !singular.isEmpty {
            warnings.append("singular covariance: " + singular.map { names[$0] }.joined(separator: ", ")
                            + " cannot be determined from these data")
        }
        if rcond < options.minimumReciprocalCondition {
            warnings.append(String(format: "the Jacobian is near-singular (reciprocal condition number %.3g)", rcond))
        }
        if convergence == .iterationLimit {
            warnings.append("the fit stopped at the iteration limit (\(options.maxIterations)) before converging")
        }
        if dof == 0 { warnings.append("as many parameters as data: no standard errors") }

        var estimates: [NonlinearLeastSquaresResult.Estimate] = []
        for k in 0..<p {
            var e = NonlinearLeastSquaresResult.Estimate(name: names[k], value: values[k], standardError: nil, interval: nil)
            if seU[k].isFinite, t.isFinite {
                e.standardError = abs(slopes[k]) * seU[k]
                let c = problem.constraints[k]
                let a = c.natural(u[k] - t * seU[k]), b = c.natural(u[k] + t * seU[k])
                if a.isFinite, b.isFinite { e.interval = min(a, b)...max(a, b) }
            }
            estimates.append(e)
        }
        var result = NonlinearLeastSquaresResult(
            estimates: estimates, covariance: covariance, correlation: correlation, residuals: r, chiSquare: chi2,
            degreesOfFreedom: dof, tQuantile: t, iterations: iterations, residualEvaluations: problem.evaluations,
            convergence: convergence, reciprocalCondition: rcond,
            nonIdentifiable: flagged.sorted().map { names[$0] }, warnings: warnings, start: 0)
        // GSL's covar is (J_sᵀJ_s)⁻¹ for the scaled residuals f/s, so (JᵀJ)⁻¹ = covar/s².
        let determined = (0..<p).map { covU[$0][$0] > 0 && covU[$0][$0].isFinite }
        result.covarianceAPriori = (0..<p).map { a in
            (0..<p).map { b in determined[a] && determined[b] ? slopes[a] * slopes[b] * covU[a][b] / (s * s) : .nan }
        }
        return result
    }
}

// MARK: - The bridge to C

/// Everything the C callbacks need; lives (with a stable address) for the whole fit.
private final class LeastSquaresProblem {
    let constraints: [ParameterConstraint]
    let n: Int
    var p: Int { constraints.count }
    let residuals: ([Double]) throws -> [Double]
    let jacobian: (([Double]) throws -> [[Double]])?
    /// Residuals are handed to GSL divided by this (so its tests see O(1) numbers).
    var scale = 1.0
    /// The step and rule (central or forward) of finite differences on the typical size of each coordinate
    /// (``NonlinearLeastSquaresOptions/FiniteDifferenceScale/typicalSize``); nil: GSL's `fdjac` or `jacobian`.
    var differences: (step: Double, central: Bool)?
    var error: Error?
    var evaluations = 0

    init(constraints: [ParameterConstraint], n: Int, residuals: @escaping ([Double]) throws -> [Double],
         jacobian: (([Double]) throws -> [[Double]])?) {
        self.constraints = constraints
        self.n = n
        self.residuals = residuals
        self.jacobian = jacobian
    }

    func natural(_ u: [Double]) -> [Double] { (0..<p).map { constraints[$0].natural(u[$0]) } }

    /// Unscaled residuals at internal values u.
    func evaluate(_ u: [Double]) throws -> [Double] {
        evaluations += 1
        let r = try residuals(natural(u))
        guard r.count == n else { throw NonlinearLeastSquaresError.residualCount(expected: n, got: r.count) }
        return r
    }

    /// The finite-difference step of internal coordinate k at u: `step` in the transformed coordinates of a
    /// constrained parameter, `step`·max(|uₖ|, 1) for an unconstrained one.
    func differenceStep(_ k: Int, _ u: [Double], step: Double) -> Double {
        constraints[k] == .none ? step * max(abs(u[k]), 1) : step
    }

    /// The finite-difference Jacobian of the scaled residuals f/scale in the internal coordinates at u, written to `df`
    /// (``differences``): central (fᵢ(u + dₖ/2) − fᵢ(u − dₖ/2))/dₖ or forward (fᵢ(u + dₖ) − fᵢ(u))/dₖ.
    func differenceJacobian(_ u: [Double], into df: UnsafeMutablePointer<gsl_matrix>) throws {
        guard let (step, central) = differences else { return }
        let f0 = central ? [] : try evaluate(u)
        for k in 0..<p {
            let d = differenceStep(k, u, step: step)
            var a = u, b = u
            if central {
                a[k] += d / 2
                b[k] -= d / 2
            } else {
                a[k] += d
            }
            let ra = try evaluate(a), rb = central ? try evaluate(b) : f0
            for i in 0..<n { gsl_matrix_set(df, i, k, (ra[i] - rb[i]) / ((a[k] - b[k]) * scale)) }
        }
    }

    /// Reads a GSL vector that may have stride ≠ 1.
    func read(_ x: UnsafePointer<gsl_vector>) -> [Double] { (0..<p).map { gsl_vector_get(x, $0) } }
}

private let residualTrampoline: @convention(c) (
    UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<gsl_vector>?
) -> Int32 = { x, params, f in
    guard let x, let params, let f else { return Int32(GSL_EBADFUNC) }
    let problem = Unmanaged<LeastSquaresProblem>.fromOpaque(params).takeUnretainedValue()
    if problem.error != nil { return Int32(GSL_EBADFUNC) }
    do {
        let r = try problem.evaluate(problem.read(x))
        for i in 0..<problem.n { gsl_vector_set(f, i, r[i] / problem.scale) }
        return Int32(GSL_SUCCESS)
    } catch {
        problem.error = error
        return Int32(GSL_EBADFUNC)
    }
}

private let jacobianTrampoline: @convention(c) (
    UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<gsl_matrix>?
) -> Int32 = { x, params, df in
    guard let x, let params, let df else { return Int32(GSL_EBADFUNC) }
    let problem = Unmanaged<LeastSquaresProblem>.fromOpaque(params).takeUnretainedValue()
    if problem.error != nil { return Int32(GSL_EBADFUNC) }
    guard let jacobian = problem.jacobian else { return Int32(GSL_EBADFUNC) }
    do {
        let u = problem.read(x)
        let j = try jacobian(problem.natural(u))
        guard j.count == problem.n, j.allSatisfy({ $0.count == problem.p }) else {
            throw NonlinearLeastSquaresError.jacobianShape(expectedRows: problem.n, expectedColumns: problem.p)
        }
        let slopes = (0..<problem.p).map { problem.constraints[$0].slope(u[$0]) }
        for i in 0..<problem.n {
            for k in 0..<problem.p { gsl_matrix_set(df, i, k, j[i][k] * slopes[k] / problem.scale) }
        }
        return Int32(GSL_SUCCESS)
    } catch {
        problem.error = error
        return Int32(GSL_EBADFUNC)
    }
}

private let differenceTrampoline: @convention(c) (
    UnsafePointer<gsl_vector>?, UnsafeMutableRawPointer?, UnsafeMutablePointer<gsl_matrix>?
) -> Int32 = { x, params, df in
    guard let x, let params, let df else { return Int32(GSL_EBADFUNC) }
    let problem = Unmanaged<LeastSquaresProblem>.fromOpaque(params).takeUnretainedValue()
    if problem.error != nil { return Int32(GSL_EBADFUNC) }
    do {
        try problem.differenceJacobian(problem.read(x), into: df)
        return Int32(GSL_SUCCESS)
    } catch {
        problem.error = error
        return Int32(GSL_EBADFUNC)
    }
}

/// A small deterministic generator for multi-start perturbations and seeded samples (SplitMix64 + Box–Muller).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    mutating func nextUniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }

    mutating func nextGaussian() -> Double {
        let a = nextUniform(), b = nextUniform()
        return (-2 * log(a)).squareRoot() * cos(2 * Double.pi * b)
    }
}
