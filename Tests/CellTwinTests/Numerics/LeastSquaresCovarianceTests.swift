import Foundation
import Testing
@testable import CellTwin

/// Standard errors and covariance of the nonlinear least-squares driver against a linear problem whose covariance is
/// known in closed form: for y = a + b·x with residuals r, Cov(a, b) = s²(XᵀX)⁻¹ with s² = Σr²/(n − 2).
@Suite struct LeastSquaresCovarianceTests {
    @Test func standardErrorsOfAStraightLineMatchTheClosedForm() throws {
        let x = (0..<12).map { Double($0) * 0.5 }
        // A fixed residual pattern (mean zero, uncorrelated with x by construction is not needed: the fit absorbs it).
        let pattern = [0.03, -0.02, 0.01, 0.04, -0.05, 0.02, -0.01, -0.03, 0.05, -0.02, 0.01, -0.03]
        let y = zip(x, pattern).map { 1.5 + 0.7 * $0 + $1 }
        let r = try NonlinearLeastSquares.fit([FitParameter("a", initial: 0), FitParameter("b", initial: 0)],
                                              residualCount: x.count) { p in zip(x, y).map { p[0] + p[1] * $0 - $1 } }
        // Closed form: ordinary least squares.
        let n = Double(x.count)
        let sx = x.reduce(0, +), sxx = x.reduce(0) { $0 + $1 * $1 }
        let sy = y.reduce(0, +), sxy = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
        let det = n * sxx - sx * sx
        let b = (n * sxy - sx * sy) / det, a = (sy - b * sx) / n
        let s2 = zip(x, y).reduce(0) { $0 + pow(a + b * $1.0 - $1.1, 2) } / (n - 2)
        let varA = s2 * sxx / det, varB = s2 * n / det, covAB = -s2 * sx / det
        #expect(abs(r.estimates[0].value - a) < 1e-9 && abs(r.estimates[1].value - b) < 1e-9)
        let seA = try #require(r.estimates[0].standardError), seB = try #require(r.estimates[1].standardError)
        #expect(abs(seA / varA.squareRoot() - 1) < 1e-6, "σ_a \(seA) vs \(varA.squareRoot())")
        #expect(abs(seB / varB.squareRoot() - 1) < 1e-6, "σ_b \(seB) vs \(varB.squareRoot())")
        #expect(abs(r.covariance[0][1] / covAB - 1) < 1e-6)
        // The 95 % interval is ± t(0.975, n − 2)·σ (t(0.975, 10) = 2.2281).
        let interval = try #require(r.estimates[1].interval)
        #expect(abs((interval.upperBound - interval.lowerBound) / 2 / (2.2281 * varB.squareRoot()) - 1) < 1e-3)
    }
}
