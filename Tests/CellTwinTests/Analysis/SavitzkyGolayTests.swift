import Foundation
import Testing
@testable import CellTwin

/// Savitzky–Golay smoothing and differentiation: polynomials reproduced exactly, the classic 5-point weights,
/// and short series.
@Suite struct SavitzkyGolayTests {
    @Test("a cubic is reproduced exactly by a cubic filter, value and derivative, ends included")
    func polynomialsAreExact() throws {
        let h = 0.5
        let x = (0..<21).map { Double($0) * h }
        let y = x.map { 2 - 3 * $0 + 0.5 * $0 * $0 - 0.1 * $0 * $0 * $0 }
        let dy = x.map { -3 + $0 - 0.3 * $0 * $0 }
        let f = SavitzkyGolay(window: 7, order: 3)
        let s = try f.smooth(y), d = try f.derivative(y, spacing: h)
        for i in x.indices {
            #expect(abs(s[i] - y[i]) < 1e-10 * max(1, abs(y[i])), "value at \(i)")
            #expect(abs(d[i] - dy[i]) < 1e-9 * max(1, abs(dy[i])), "derivative at \(i)")
        }
    }

    @Test("the 5-point quadratic smoother has the tabulated weights (−3, 12, 17, 12, −3)/35")
    func classicWeights() throws {
        let w = try SavitzkyGolay.weights(n: 5, degree: 2, at: 2, derivative: false)
        for (a, b) in zip(w, [-3.0, 12, 17, 12, -3].map { $0 / 35 }) { #expect(abs(a - b) < 1e-14) }
        // First derivative, 5 points, quadratic: (−2, −1, 0, 1, 2)/10.
        let d = try SavitzkyGolay.weights(n: 5, degree: 2, at: 2, derivative: true)
        for (a, b) in zip(d, [-2.0, -1, 0, 1, 2].map { $0 / 10 }) { #expect(abs(a - b) < 1e-14) }
    }

    @Test("smoothing an alternating ripple on a line removes most of it; the output keeps the input's length")
    func rippleIsDamped() throws {
        let y = (0..<40).map { Double($0) + ($0 % 2 == 0 ? 0.1 : -0.1) }
        let s = try SavitzkyGolay(window: 9, order: 2).smooth(y)
        #expect(s.count == y.count)
        for i in 4..<36 { #expect(abs(s[i] - Double(i)) < 0.02, "\(i): \(s[i])") }
    }

    @Test("a series shorter than the window is fitted by one polynomial of lower degree; an empty one stays empty")
    func shortSeries() throws {
        let f = SavitzkyGolay(window: 11, order: 4)
        #expect(try f.smooth([]) == [])
        let line = [1.0, 3, 5]
        let s = try f.smooth(line), d = try f.derivative(line, spacing: 2)
        for i in 0..<3 { #expect(abs(s[i] - line[i]) < 1e-12 && abs(d[i] - 1) < 1e-12) }
        #expect(try f.smooth([4]) == [4])
    }
}
