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

    /// Solves r(x) = a·(x − root) + b·(x − root)² (rising near the root, K = |r″/(2r′)| = b/a there) from `start`
    /// with the contraction estimate `contraction`; returns the outcome and the evaluations.
    func solveQuadratic(root: Double, start: Double, a: Double = 2, b: Double = 0.5,
                        contraction: Double = 0) -> (MonotoneNewton.Outcome, Int) {
        var evaluations = 0
        let outcome = MonotoneNewton.solve(start: start, scale: 1, contraction: contraction) { x in
            evaluations += 1
            let d = x - root
            return (a * d + b * d * d, a + 2 * b * d)
        }
        return (outcome, evaluations)
    }

    /// The solve measures Newton's contraction K = |δₖ₊₁|/δₖ² on steps far above rounding: b/a for the quadratic
    /// residual, whose Newton error after a step d is b·d²/(a + 2b·d).
    @Test(arguments: [(2.0, 0.5), (1e-3, 1.0), (5.0, -0.2)])
    func measuresTheContractionOfItsNewtonSteps(a: Double, b: Double) throws {
        let (o, _) = solveQuadratic(root: 0.7, start: 0.7 + 1e-2 * a / abs(b), a: a, b: b)
        let k = try #require(o.contraction)
        #expect(abs(k - abs(b) / a) <= 0.05 * abs(b) / a, "measured \(k), exact \(abs(b) / a)")
        // A start within rounding of the root takes no step large enough to measure.
        #expect(solveQuadratic(root: 0.7, start: 0.7 + 1e-9, a: a, b: b).0.contraction == nil)
    }

    /// With the contraction known, a warm start whose first step is predicted to leave an error far below the tolerance
    /// (10·K·δ² ≤ 1e-13) ends after one evaluation instead of two, at the root to the tolerance; a step predicted above
    /// it is confirmed as before.
    @Test func aKnownContractionSparesTheConfirmingEvaluation() throws {
        let k = try #require(solveQuadratic(root: 0.7, start: 0.72).0.contraction)
        for offset in [1e-8, -3e-8, 1e-10] {
            let (plain, n0) = solveQuadratic(root: 0.7, start: 0.7 + offset)
            let (early, n1) = solveQuadratic(root: 0.7, start: 0.7 + offset, contraction: k)
            #expect(n0 == 2 && n1 == 1, "offset \(offset): \(n0) and \(n1) evaluations")
            #expect(abs(early.root! - 0.7) <= 1e-13 && abs(plain.root! - 0.7) <= 1e-13)
        }
        // From 1e-4 away the first step (10·K·δ² = 2.5e-8) is above the tolerance and is evaluated; the second
        // (δ ≈ K·1e-8) is below it: two evaluations instead of three.
        let (plain, n0) = solveQuadratic(root: 0.7, start: 0.7 + 1e-4)
        let (early, n1) = solveQuadratic(root: 0.7, start: 0.7 + 1e-4, contraction: k)
        #expect(n0 == 3 && n1 == 2, "\(n0) and \(n1) evaluations")
        #expect(abs(early.root! - 0.7) <= 1e-13 && abs(plain.root! - 0.7) <= 1e-13)
    }

    /// Far from the root the steps stay bracketed: a cubic from far out still converges to the tolerance.
    @Test func convergesFromFarAway() {
        let (o, n) = solve(root: -1.5, start: 40, a: 1e-3, b: 1)
        #expect(abs(o.root! + 1.5) <= 1e-12)
        #expect(n < 100)
    }
}
