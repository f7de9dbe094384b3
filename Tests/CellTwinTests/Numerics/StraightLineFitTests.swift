import Foundation
import Testing
@testable import CellTwin

/// The least-squares line and its R²: exact lines, curvature, and the inputs it refuses.
@Suite struct StraightLineFitTests {
    /// Points on y = a + b·x are recovered with R² = 1, for either sign of the slope and uneven spacing.
    @Test func exactLineGivesItsCoefficientsAndROne() throws {
        for (a, b) in [(2.5, 0.031), (-1.0, -4.0), (0.0, 1e-6)] {
            let x = [99.0, 240.0, 1348.0, 1350.5]
            let f = try #require(StraightLineFit(x: x, y: x.map { a + b * $0 }))
            #expect(abs(f.slope - b) <= 1e-12 * abs(b) + 1e-15)
            #expect(abs(f.intercept - a) <= 1e-9)
            #expect(abs(f.rSquared - 1) <= 1e-12)
            #expect(f.count == 4)
        }
        // A horizontal line: nothing to explain, R² = 1, slope 0.
        let flat = try #require(StraightLineFit(x: [1, 2, 3], y: [5, 5, 5]))
        #expect(flat.slope == 0 && flat.rSquared == 1)
    }

    /// y = x² on three evenly spaced points of [0, 1]: residuals (1, −2, 1)/12 about the line x − 1/12, SS_res = 1/24,
    /// SS_tot = 13/24, so R² = 12/13; on four points it also stays below the 0.98 a "linear" row needs.
    @Test func quadraticFallsBelowTheLinearityThreshold() throws {
        let three = try #require(StraightLineFit(x: [0, 0.5, 1], y: [0, 0.25, 1]))
        #expect(abs(three.rSquared - 12.0 / 13.0) < 1e-12)
        #expect(abs(three.slope - 1) < 1e-12 && abs(three.intercept + 1.0 / 12.0) < 1e-12)
        let x4 = [0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0]
        let four = try #require(StraightLineFit(x: x4, y: x4.map { $0 * $0 }))
        #expect(four.rSquared < OverpotentialScalingObservation.minimumRSquared)
        #expect(three.rSquared < OverpotentialScalingObservation.minimumRSquared)
    }

    /// The threshold's reading: three evenly spaced points bent by a residual pattern (1, −2, 1)·e whose largest
    /// residual 2e is δ of a unit y-range give R² = 1 − 3δ²/(1 + 3δ²) ≈ 1 − 3δ²: δ = 8 % passes 0.98, 12 % does not.
    @Test func rSquaredOfABentLineFollowsTheResidualShare() throws {
        for delta in [0.02, 0.05, 0.08, 0.12] {
            let e = delta / 2
            let y = [0 + e, 0.5 - 2 * e, 1 + e]
            let f = try #require(StraightLineFit(x: [0, 0.5, 1], y: y))
            // SS_res = 6e², SS_tot = 1/2 + 6e² (the bend is orthogonal to the line).
            #expect(abs(f.rSquared - (1 - 6 * e * e / (0.5 + 6 * e * e))) < 1e-12)
            #expect((f.rSquared >= OverpotentialScalingObservation.minimumRSquared) == (delta <= 0.08))
        }
    }

    /// Fewer than two points, equal x, mismatched lengths and non-finite values give no line.
    @Test func degenerateInputsGiveNoLine() {
        #expect(StraightLineFit(x: [1], y: [2]) == nil)
        #expect(StraightLineFit(x: [], y: []) == nil)
        #expect(StraightLineFit(x: [3, 3, 3], y: [1, 2, 3]) == nil)
        #expect(StraightLineFit(x: [1, 2], y: [1]) == nil)
        #expect(StraightLineFit(x: [1, 2, .nan], y: [1, 2, 3]) == nil)
        #expect(StraightLineFit(x: [1, 2, 3], y: [1, .infinity, 3]) == nil)
        #expect(StraightLineFit(x: [-1, 0, 1], y: [-1, -0.0, 1]) != nil)
    }
}
