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
