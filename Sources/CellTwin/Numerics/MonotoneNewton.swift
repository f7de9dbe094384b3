/// Newton's method on a residual r(x) that rises monotonically, safeguarded by bisection on a bracket
/// that grows as needed: the algebraic current solve of the cell models (voltage and power control).
///
/// Contract: `f(x)` returns r(x) and dr/dx. Each iterate narrows the bracket [lo, hi] (r(lo) < 0 ≤ r(hi));
/// a Newton step that leaves it (or a non-positive slope) is replaced by bisection, or by a step of
/// `scale` outward while one side is still open. Converged when a step (Newton's, checked before the bracket
/// test, or the safeguard's) is below `relativeTolerance`·max(|x|, scale). No allocation.
enum MonotoneNewton {
    struct Outcome {
        /// The root, or nil after `maxIterations` without convergence.
        var root: Double?
        /// The last bracket and its residuals (for a fallback solver).
        var lower: Double, upper: Double, fLower: Double, fUpper: Double
        var last: Double
    }

    @inline(__always)
    static func solve(start: Double, scale: Double, maxIterations: Int = 100, relativeTolerance: Double = 1e-13,
                      _ f: (Double) -> (value: Double, slope: Double)) -> Outcome {
        var x = start
        var lo = -Double.infinity, hi = Double.infinity
        var rLo = Double.nan, rHi = Double.nan
        for _ in 0..<maxIterations {
            let (r, dr) = f(x)
            if r < 0 { lo = x; rLo = r } else { hi = x; rHi = r }
            var next = dr > 0 ? x - r / dr : .nan
            // A Newton step within the tolerance has converged, even one that does not move x (r = 0, or r/dr below
            // half an ulp of x), which the bracket test below would take for a step out of the bracket (x is one of
            // its ends) and replace by bisection of a bracket that may still be open on one side.
            if next.isFinite && abs(next - x) <= relativeTolerance * max(abs(x), scale) {
                return Outcome(root: next, lower: lo, upper: hi, fLower: rLo, fUpper: rHi, last: next)
            }
            if !(next > lo && next < hi) || !next.isFinite {
                if lo.isFinite && hi.isFinite { next = 0.5 * (lo + hi) }
                else if lo.isFinite { next = lo + max(abs(lo), scale) }
                else { next = hi - max(abs(hi), scale) }
            }
            if abs(next - x) <= relativeTolerance * max(abs(x), scale) {
                return Outcome(root: next, lower: lo, upper: hi, fLower: rLo, fUpper: rHi, last: next)
            }
            x = next
        }
        return Outcome(root: nil, lower: lo, upper: hi, fLower: rLo, fUpper: rHi, last: x)
    }
}
