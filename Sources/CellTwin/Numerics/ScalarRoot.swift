import CGSL

/// Errors from scalar root finding.
public enum RootError: Error, CustomStringConvertible, Equatable {
    case notBracketed(lower: Double, upper: Double, fLower: Double, fUpper: Double)
    case noConvergence(iterations: Int)

    public var description: String {
        switch self {
        case let .notBracketed(a, b, fa, fb):
            return "root not bracketed: f(\(a)) = \(fa), f(\(b)) = \(fb) have the same sign"
        case .noConvergence(let n): return "root finder did not converge in \(n) iterations"
        }
    }
}

/// Bracketed scalar root finding with GSL's Brent solver (`gsl_root_fsolver_brent`).
///
/// Contract: `f(lower)` and `f(upper)` must differ in sign. Stops when the bracket is narrower than
/// `xTolerance` (absolute) or when |f| ≤ `fTolerance` at the current iterate; returns the last
/// iterate, f there, and the final bracket (which still contains the sign change).
public enum ScalarRoot {
    private final class Context {
        let f: (Double) throws -> Double
        var error: Error?
        var lastX = Double.nan, lastF = Double.nan
        init(_ f: @escaping (Double) throws -> Double) { self.f = f }
    }

    public static func brent(
        lower: Double, upper: Double,
        fLower: Double? = nil, fUpper: Double? = nil,
        xTolerance: Double, fTolerance: Double = 0,
        maxIterations: Int = 100,
        _ f: @escaping (Double) throws -> Double
    ) throws -> (x: Double, fx: Double, lower: Double, upper: Double) {
        GSL.ensureConfigured()
        let fa = try fLower ?? f(lower)
        let fb = try fUpper ?? f(upper)
        if fa == 0 { return (lower, 0, lower, lower) }
        if fb == 0 { return (upper, 0, upper, upper) }
        guard fa.sign != fb.sign else {
            throw RootError.notBracketed(lower: lower, upper: upper, fLower: fa, fUpper: fb)
        }
        // GSL evaluates both ends again in fsolver_set; answer those from the values we have.
        let context = Context { x in
            if x == lower { return fa }
            if x == upper { return fb }
            return try f(x)
        }
        guard let solver = gsl_root_fsolver_alloc(cgsl_root_brent()) else {
            fatalError("GSL could not allocate a root solver")
        }
        defer { gsl_root_fsolver_free(solver) }
        var function = gsl_function(
            function: { x, params in
                let ctx = Unmanaged<Context>.fromOpaque(params!).takeUnretainedValue()
                if ctx.error != nil { return Double.nan }
                do {
                    let fx = try ctx.f(x)
                    ctx.lastX = x
                    ctx.lastF = fx
                    return fx
                } catch {
                    ctx.error = error
                    return Double.nan
                }
            },
            params: Unmanaged.passUnretained(context).toOpaque())
        return try withExtendedLifetime(context) {
            try GSL.check(gsl_root_fsolver_set(solver, &function, lower, upper), "setting up Brent root finding")
            for _ in 0..<maxIterations {
                let status = gsl_root_fsolver_iterate(solver)
                if let error = context.error { throw error }
                try GSL.check(status, "iterating Brent root finding")
                let x = gsl_root_fsolver_root(solver)
                let fx = x == context.lastX ? context.lastF : try context.f(x)
                let lo = gsl_root_fsolver_x_lower(solver)
                let hi = gsl_root_fsolver_x_upper(solver)
                if fx.magnitude <= fTolerance || gsl_root_test_interval(lo, hi, xTolerance, 0) == GSL_SUCCESS {
                    return (x, fx, lo, hi)
                }
            }
            throw RootError.noConvergence(iterations: maxIterations)
        }
    }
}
