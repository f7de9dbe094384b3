import Foundation
import Testing
@testable import CellTwin

/// Tables used by the spline tests.
private enum SplineTables {
    /// A gently increasing table with uneven spacing.
    static let smooth: (x: [Double], y: [Double]) = {
        let x = [0.0, 0.3, 0.45, 1.0, 1.8, 2.0, 3.5, 4.0, 5.5, 7.0]
        return (x, x.map { 2 * $0 + sin($0) })   // derivative 2 + cos x > 0
    }()

    /// An OCV-like table U(stoichiometry) for a cathode: steep at both ends, a flat plateau and an
    /// exactly flat stretch in the middle; decreasing overall.
    static let ocv: (x: [Double], y: [Double]) = {
        let x = [0.0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98,
                 0.99, 0.995, 0.999, 1.0]
        let y = [4.60, 4.45, 4.32, 4.21, 4.12, 4.05, 4.00, 3.93, 3.88, 3.85, 3.85, 3.85, 3.82, 3.78, 3.70, 3.60,
                 3.40, 3.20, 3.00, 2.70, 2.50]
        return (x, y)
    }()

    /// Increasing with a very steep rise at the end (like lithiation near full).
    static let steepEnd: (x: [Double], y: [Double]) = {
        let x = [0.0, 0.1, 0.2, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 1.0]
        let y = [3.0, 3.3, 3.4, 3.45, 3.5, 3.6, 3.8, 4.1, 4.3, 5.5]
        return (x, y)
    }()
}

private func denseGrid(_ lo: Double, _ hi: Double, count: Int) -> [Double] {
    (0...count).map { lo + (hi - lo) * Double($0) / Double(count) }
}

@Suite("MonotoneSpline")
struct MonotoneSplineTests {

    @Test("reproduces every table point", arguments: [SplineTables.smooth, SplineTables.ocv, SplineTables.steepEnd].map { [$0.x, $0.y] })
    func reproducesTablePoints(table: [[Double]]) throws {
        let (x, y) = (table[0], table[1])
        let spline = try MonotoneSpline(x: x, y: y)
        for i in x.indices {
            // Interior knots are hit exactly (the cubic is evaluated at zero offset); the last knot is the
            // end of the last cubic, so allow a few ulps there.
            let tol = i == x.count - 1 ? 4 * y[i].ulp : 0
            #expect(abs(spline.value(x[i]) - y[i]) <= tol, "knot \(i): \(spline.value(x[i])) vs \(y[i])")
            #expect(abs(spline.valueAndDerivative(x[i]).value - y[i]) <= tol)
        }
        #expect(spline.domain == x.first!...x.last!)
        #expect(spline.x == x && spline.y == y)
    }

    @Test("stays monotone and within each interval's end values on a dense grid",
          arguments: [SplineTables.smooth, SplineTables.ocv, SplineTables.steepEnd].map { [$0.x, $0.y] })
    func monotoneOnDenseGrid(table: [[Double]]) throws {
        let (x, y) = (table[0], table[1])
        let spline = try MonotoneSpline(x: x, y: y)
        let increasing = y.last! > y.first!
        let span = x.last! - x.first!
        let grid = denseGrid(x.first! - 0.2 * span, x.last! + 0.2 * span, count: 20_000)
        var previous = spline.value(grid[0])
        for t in grid.dropFirst() {
            let v = spline.value(t)
            if increasing {
                #expect(v >= previous - 1e-13, "not increasing at \(t): \(previous) → \(v)")
            } else {
                #expect(v <= previous + 1e-13, "not decreasing at \(t): \(previous) → \(v)")
            }
            let d = spline.derivative(t)
            #expect(increasing ? d >= -1e-12 : d <= 1e-12, "derivative has the wrong sign at \(t): \(d)")
            previous = v
        }
        // Steffen: no overshoot inside any interval.
        for i in 0..<(x.count - 1) {
            let lo = min(y[i], y[i + 1]), hi = max(y[i], y[i + 1])
            for t in denseGrid(x[i], x[i + 1], count: 200) {
                let v = spline.value(t)
                #expect(v >= lo - 1e-13 && v <= hi + 1e-13, "overshoot in [\(x[i]), \(x[i + 1])] at \(t): \(v)")
            }
        }
    }

    @Test("the cached interval never changes a value: lookups in any order equal those of a fresh spline",
          arguments: [SplineTables.smooth, SplineTables.ocv, SplineTables.steepEnd].map { [$0.x, $0.y] })
    func cachedIntervalIsTransparent(table: [[Double]]) throws {
        let (x, y) = (table[0], table[1])
        let spline = try MonotoneSpline(x: x, y: y)
        let span = x.last! - x.first!
        // Sweeps up and down (neighbouring intervals), jumps across the table, the knots themselves and points
        // just outside: each answer must be bit-identical to a spline that has never looked anything up.
        var points = denseGrid(x.first!, x.last!, count: 500)
        points += points.reversed()
        for i in 0..<400 { points.append(x.first! + span * Double((i * 7919) % 401) / 400) }
        points += x + x.reversed() + [x.first! - 0.01 * span, x.last! + 0.01 * span, x.last!, x.first!]
        for t in points {
            let fresh = spline.copy()
            #expect(spline.value(t) == fresh.value(t), "value at \(t)")
            #expect(spline.copy().derivative(t) == spline.derivative(t), "derivative at \(t)")
            let both = spline.valueAndDerivative(t)
            #expect(both.value == spline.copy().value(t) && both.derivative == spline.copy().derivative(t))
        }
    }

    @Test("a flat stretch of the table stays exactly flat")
    func flatStretchStaysFlat() throws {
        let spline = try MonotoneSpline(x: SplineTables.ocv.x, y: SplineTables.ocv.y)
        // Rows 9…11 (x = 0.4, 0.5, 0.6) are all 3.85 V.
        for t in denseGrid(0.4, 0.6, count: 100) {
            #expect(abs(spline.value(t) - 3.85) <= 1e-14, "at \(t): \(spline.value(t))")
            #expect(abs(spline.derivative(t)) <= 1e-12)
        }
    }

    @Test("derivative matches central finite differences inside the table",
          arguments: [SplineTables.smooth, SplineTables.ocv, SplineTables.steepEnd].map { [$0.x, $0.y] })
    func derivativeMatchesFiniteDifferences(table: [[Double]]) throws {
        let (x, y) = (table[0], table[1])
        let spline = try MonotoneSpline(x: x, y: y)
        for i in 0..<(x.count - 1) {
            let width = x[i + 1] - x[i]
            let h = 1e-6 * width
            for fraction in [0.1, 0.37, 0.5, 0.81] {
                let t = x[i] + fraction * width
                let fd = (spline.value(t + h) - spline.value(t - h)) / (2 * h)
                let d = spline.derivative(t)
                let scale = max(abs(y[i + 1] - y[i]) / width, 1e-3)
                #expect(abs(d - fd) <= 1e-5 * scale, "interval \(i) at \(t): derivative \(d), finite difference \(fd)")
                let both = spline.valueAndDerivative(t)
                #expect(both.value == spline.value(t) && both.derivative == d)
            }
        }
    }

    @Test("derivative is continuous across interior knots (C¹)")
    func derivativeContinuousAtKnots() throws {
        let (x, y) = SplineTables.smooth
        let spline = try MonotoneSpline(x: x, y: y)
        for i in 1..<(x.count - 1) {
            let eps = 1e-9
            let left = spline.derivative(x[i] - eps), right = spline.derivative(x[i] + eps)
            #expect(abs(left - right) <= 1e-6, "knot \(i): \(left) vs \(right)")
        }
    }

    @Test("continues linearly with the end slope outside the table",
          arguments: [SplineTables.smooth, SplineTables.ocv, SplineTables.steepEnd].map { [$0.x, $0.y] })
    func linearExtrapolation(table: [[Double]]) throws {
        let (x, y) = (table[0], table[1])
        let spline = try MonotoneSpline(x: x, y: y)
        let n = x.count
        // GSL's Steffen spline takes the end slopes as the secants of the end intervals.
        let slopeLow = (y[1] - y[0]) / (x[1] - x[0])
        let slopeHigh = (y[n - 1] - y[n - 2]) / (x[n - 1] - x[n - 2])
        #expect(abs(spline.derivative(x[0]) - slopeLow) <= 1e-9 * abs(slopeLow))
        #expect(abs(spline.derivative(x[n - 1]) - slopeHigh) <= 1e-9 * abs(slopeHigh))
        for d in [1e-9, 1e-3, 0.5, 10.0, 1e4] {
            let below = x[0] - d, above = x[n - 1] + d
            #expect(abs(spline.value(below) - (y[0] - slopeLow * d)) <= 1e-9 * max(1, abs(slopeLow * d)))
            #expect(abs(spline.value(above) - (y[n - 1] + slopeHigh * d)) <= 1e-9 * max(1, abs(slopeHigh * d)))
            #expect(spline.derivative(below) == spline.derivative(x[0]))
            #expect(spline.derivative(above) == spline.derivative(x[n - 1]))
            let vdLow = spline.valueAndDerivative(below), vdHigh = spline.valueAndDerivative(above)
            #expect(vdLow.value == spline.value(below) && vdLow.derivative == spline.derivative(below))
            #expect(vdHigh.value == spline.value(above) && vdHigh.derivative == spline.derivative(above))
        }
        // Continuous and C¹ where the table meets the extension.
        let h = 1e-7 * (x[n - 1] - x[0])
        #expect(abs(spline.value(x[0] - h) - spline.value(x[0] + h) + 2 * h * slopeLow) <= 1e-9)
        #expect(abs(spline.value(x[n - 1] + h) - spline.value(x[n - 1] - h) - 2 * h * slopeHigh) <= 1e-9)
    }

    @Test("a three-point linear table is reproduced as that line everywhere")
    func threePointLine() throws {
        let spline = try MonotoneSpline(x: [1, 2, 4], y: [5, 7, 11])   // y = 2x + 3
        for t in denseGrid(-3, 9, count: 240) {
            #expect(abs(spline.value(t) - (2 * t + 3)) <= 1e-12, "at \(t)")
            #expect(abs(spline.derivative(t) - 2) <= 1e-12, "at \(t)")
        }
    }

    @Test("copy() interpolates identically")
    func copyIsIdentical() throws {
        let spline = try MonotoneSpline(x: SplineTables.ocv.x, y: SplineTables.ocv.y)
        let twin = spline.copy()
        for t in denseGrid(-0.1, 1.1, count: 500) {
            #expect(twin.value(t) == spline.value(t))
            #expect(twin.derivative(t) == spline.derivative(t))
        }
    }

    struct BadTable: Sendable, CustomTestStringConvertible {
        let x: [Double]
        let y: [Double]
        let error: TableError
        var testDescription: String { "x = \(x), y = \(y) → \(error)" }
    }

    @Test("rejects bad tables with TableError", arguments: [
        BadTable(x: [], y: [], error: .tooFewPoints(0)),
        BadTable(x: [1], y: [1], error: .tooFewPoints(1)),
        BadTable(x: [1, 2], y: [1, 2], error: .tooFewPoints(2)),
        BadTable(x: [0, 1, 1, 2], y: [0, 1, 2, 3], error: .notStrictlyIncreasing(index: 2)),
        BadTable(x: [0, 1, 2, 1.5], y: [0, 1, 2, 3], error: .notStrictlyIncreasing(index: 3)),
        BadTable(x: [3, 2, 1], y: [0, 1, 2], error: .notStrictlyIncreasing(index: 1)),
        BadTable(x: [0, .nan, 2], y: [0, 1, 2], error: .nonFinite(index: 1)),
        BadTable(x: [0, 1, .infinity], y: [0, 1, 2], error: .nonFinite(index: 2)),
        BadTable(x: [-.infinity, 1, 2], y: [0, 1, 2], error: .nonFinite(index: 0)),
        BadTable(x: [0, 1, 2], y: [0, .nan, 2], error: .nonFinite(index: 1)),
    ])
    func rejectsBadTables(bad: BadTable) {
        #expect(throws: bad.error) {
            _ = try MonotoneSpline(x: bad.x, y: bad.y)
        }
    }

    @Test("rejects mismatched x and y lengths")
    func rejectsMismatchedLengths() {
        #expect(throws: TableError.lengthMismatch(x: 4, y: 3)) {
            _ = try MonotoneSpline(x: [0, 1, 2, 3], y: [0, 1, 2])
        }
    }

    @Test("TableError descriptions are one-based and readable")
    func tableErrorDescriptions() {
        #expect(TableError.tooFewPoints(2).description.contains("at least 3 points, got 2"))
        #expect(TableError.notStrictlyIncreasing(index: 2).description.contains("row 3"))
        #expect(TableError.nonFinite(index: 0).description.contains("row 1"))
    }
}
