import Foundation
import Testing
@testable import CellTwin

/// Minimum-norm least squares through the SVD: exact solutions, the normal equations of an overdetermined system,
/// the minimum-norm solution of an underdetermined one, and a zero column.
@Suite struct LinearLeastSquaresTests {
    static func close(_ x: [Double], _ y: [Double], _ tolerance: Double = 1e-12) -> Bool {
        x.count == y.count && zip(x, y).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test func aSquareSystemIsSolvedExactly() throws {
        // 2x + y = 5, x + 3y = 10 → x = 1, y = 3.
        let x = try LinearLeastSquares.solve([2, 1, 1, 3], rows: 2, columns: 2, [5, 10])
        #expect(Self.close(x, [1, 3]), "\(x)")
    }

    /// y = a + b·t through (0, 1), (1, 2), (2, 2), (3, 4): b = 0.9, a = 0.9 (by hand from the normal equations).
    @Test func anOverdeterminedSystemMeetsTheNormalEquations() throws {
        let t = [0.0, 1, 2, 3], y = [1.0, 2, 2, 4]
        let a: [Double] = t.flatMap { x -> [Double] in [1, x] }
        let x = try LinearLeastSquares.solve(a, rows: 4, columns: 2, y)
        #expect(Self.close(x, [0.9, 0.9]), "\(x)")
    }

    /// x + y = 2 has the minimum-norm solution (1, 1); a zero column gets a zero coefficient.
    @Test func theMinimumNormSolution() throws {
        #expect(Self.close(try LinearLeastSquares.solve([1, 1], rows: 1, columns: 2, [2]), [1, 1]))
        #expect(Self.close(try LinearLeastSquares.solve([1, 0, 2, 0, 3, 0], rows: 3, columns: 2, [1, 2, 3]), [1, 0]))
        // Two equal columns share the coefficient: x₁ = x₂ = 1.5 for 3·(1, 2)ᵀ.
        #expect(Self.close(try LinearLeastSquares.solve([1, 1, 2, 2], rows: 2, columns: 2, [3, 6]), [1.5, 1.5]))
    }
}
