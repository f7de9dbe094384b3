import Foundation
import Testing
@testable import CellTwin

/// The safeguarded Newton solve of the control current (``MonotoneNewton``).
@Suite struct MonotoneNewtonTests {
    /// Solves r(x) = a·(x − root) + b·(x − root)³ (rising) from `start`; returns the outcome and the evaluations.
    func solve(root: Double, start: Double, a: Double = 2, b: Double = 0.5) -> (MonotoneNewton.Outcome, Int) {
        var evaluations = 0
        let outcome = MonotoneNewton.solve(start: start, scale: 1) { x in
            evaluations += 1
            let d = x - root
            return (a * d + b * d * d * d, a + 3 * b * d * d)
        }
        return (outcome, evaluations)
    }

    /// Quadratic convergence from a warm start: the root within the tolerance in a handful of evaluations.
    @Test func convergesQuadraticallyFromAWarmStart() {
        let (o, n) = solve(root: 0.7, start: 0.9)
        #expect(abs(o.root! - 0.7) <= 1e-13)
        #expect(n <= 6, "\(n) evaluations")
    }

    /// Two Newton steps that contract quadratically predict the next iterate's error (≈ |s₁|³/s₀²): when it is far
    /// below the tolerance the solve ends without the evaluation that would only confirm it. On r = eˣ − e^0.7 from
    /// 0.7 + 10⁻⁴ the steps are ~10⁻⁴ and ~5·10⁻⁹ (above the 10⁻¹³ step test, which needs a third evaluation); the
    /// second iterate is already within ~10⁻¹⁷ of the root.
    @Test func quadraticContractionEndsOneEvaluationEarly() {
        var evaluations = 0
        let root = 0.7
        let o = MonotoneNewton.solve(start: root + 1e-4, scale: 1) { x in
            evaluations += 1
            return (exp(x) - exp(root), exp(x))
        }
        #expect(abs(o.root! - root) <= 1e-15)
        #expect(evaluations == 2, "\(evaluations) evaluations")
    }

    /// A start at the root (r = 0, so the Newton step does not move x) is the root: one evaluation, not a walk out of
    /// the half-open bracket and a bisection back (which took ~45 evaluations).
    @Test func aStartAtTheRootEndsAtOnce() {
        for root in [0.7, -3.25, 1e-3] {
            let (o, n) = solve(root: root, start: root)
            #expect(o.root == root)
            #expect(n == 1, "root \(root): \(n) evaluations")
        }
    }

    /// Far from the root the steps stay bracketed: a cubic from far out still converges to the tolerance.
    @Test func convergesFromFarAway() {
        let (o, n) = solve(root: -1.5, start: 40, a: 1e-3, b: 1)
        #expect(abs(o.root! + 1.5) <= 1e-12)
        #expect(n < 100)
    }
}
