/// Newton's method on a residual r(x) that rises monotonically, safeguarded by bisection on a bracket
/// that grows as needed: the algebraic current solve of the cell models (voltage and power control).
///
/// Contract: `f(x)` returns r(x) and dr/dx. Each iterate narrows the bracket [lo, hi] (r(lo) < 0 ≤ r(hi));
/// a Newton step that leaves it (or a non-positive slope) is replaced by bisection, or by a step of
/// `scale` outward while one side is still open. Converged when a step (Newton's, checked before the bracket
/// test, or the safeguard's) is below `relativeTolerance`·max(|x|, scale). No allocation.
///
/// Newton's error after a step δ from near the root is K·δ² (quadratic convergence), K = |r″/(2r′)| there. Given an
/// estimate of K (`contraction`, per unit of x; 0: none), a Newton step inside the bracket whose successor is predicted
/// a tenth of the tolerance, 10·K·δ² ≤ `relativeTolerance`·max(|x|, scale), is the root without the evaluation that
/// would confirm it: a warm-started solve whose first step is already small then costs one evaluation instead of two.
/// The solve measures K itself, as |δₖ₊₁|/δₖ² of two successive Newton steps where both are far above rounding
/// (δₖ ≥ 1e-6 and |δₖ₊₁| ≥ 1e-14 of max(|x|, scale)), and returns the largest it saw, for the next solve of a
/// similar residual.
enum MonotoneNewton {
    struct Outcome {
        /// The root, or nil after `maxIterations` without convergence.
        var root: Double?
        /// The last bracket and its residuals (for a fallback solver).
        var lower: Double, upper: Double, fLower: Double, fUpper: Double
        var last: Double
        /// K = |δₖ₊₁|/δₖ² measured on this solve's Newton steps (nil: none far enough above rounding).
        var contraction: Double?
    }

    /// Steps δₖ at least this fraction of max(|x|, scale), and their successors at least `measuredSuccessor`, measure K.
    static let measuredStep = 1e-6
    static let measuredSuccessor = 1e-14
    /// The prediction K·δ² must be this many times below the tolerance for a step to be accepted unconfirmed.
    static let predictionSafety = 10.0

    @inline(__always)
    static func solve(start: Double, scale: Double, maxIterations: Int = 100, relativeTolerance: Double = 1e-13,
                      contraction: Double = 0, _ f: (Double) -> (value: Double, slope: Double)) -> Outcome {
        var x = start
        var lo = -Double.infinity, hi = Double.infinity
        var rLo = Double.nan, rHi = Double.nan
        // The last Newton step taken (nan after a safeguard step), and the largest K measured.
        var lastNewtonStep = Double.nan
        var measured: Double?
        for _ in 0..<maxIterations {
            let (r, dr) = f(x)
            if r < 0 { lo = x; rLo = r } else { hi = x; rHi = r }
            var next = dr > 0 ? x - r / dr : .nan
            let size = max(abs(x), scale)
            let step = abs(next - x)
            // A Newton step within the tolerance has converged, even one that does not move x (r = 0, or r/dr below
            // half an ulp of x), which the bracket test below would take for a step out of the bracket (x is one of
            // its ends) and replace by bisection of a bracket that may still be open on one side.
            if next.isFinite && step <= relativeTolerance * size {
                return Outcome(root: next, lower: lo, upper: hi, fLower: rLo, fUpper: rHi, last: next, contraction: measured)
            }
            let newton = next > lo && next < hi && next.isFinite
            if newton {
                if lastNewtonStep >= measuredStep * size && step >= measuredSuccessor * size {
                    measured = max(measured ?? 0, step / (lastNewtonStep * lastNewtonStep))
                }
                if contraction > 0 && predictionSafety * contraction * step * step <= relativeTolerance * size {
                    return Outcome(root: next, lower: lo, upper: hi, fLower: rLo, fUpper: rHi, last: next,
                                   contraction: measured)
                }
                lastNewtonStep = step
            } else {
                lastNewtonStep = .nan
                if lo.isFinite && hi.isFinite { next = 0.5 * (lo + hi) }
                else if lo.isFinite { next = lo + max(abs(lo), scale) }
                else { next = hi - max(abs(hi), scale) }
            }
            if abs(next - x) <= relativeTolerance * size {
                return Outcome(root: next, lower: lo, upper: hi, fLower: rLo, fUpper: rHi, last: next, contraction: measured)
            }
            x = next
        }
        return Outcome(root: nil, lower: lo, upper: hi, fLower: rLo, fUpper: rHi, last: x, contraction: measured)
    }
}
