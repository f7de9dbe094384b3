import Foundation
import Testing
@testable import CellTwin

/// The memo of the last solved current: it matches only the exact state and sums it was stored at, until forgotten.
@Suite struct SolvedCurrentMemoTests {
    @Test func matchesOnlyTheExactPointItWasStoredAt() {
        var memo = SolvedCurrentMemo(dimension: 3)
        defer { memo.deallocate() }
        var y = [1.0, 2.0, 3.0]
        let sums = (0.1, 0.2, 0.3, 0.4)
        y.withUnsafeBufferPointer { #expect(!memo.matches($0.baseAddress!, sums)) }   // nothing stored yet
        y.withUnsafeBufferPointer { memo.store($0.baseAddress!, sums, current: -2.5) }
        #expect(memo.current == -2.5)
        y.withUnsafeBufferPointer { #expect(memo.matches($0.baseAddress!, sums)) }
        // Another sum, or one state one ulp away, is another point.
        y.withUnsafeBufferPointer { #expect(!memo.matches($0.baseAddress!, (0.1, 0.2, 0.3, 0.5))) }
        y[2] = 3.0.nextUp
        y.withUnsafeBufferPointer { #expect(!memo.matches($0.baseAddress!, sums)) }
        // The memo keeps its own copy of the state.
        y[2] = 3
        y.withUnsafeBufferPointer { #expect(memo.matches($0.baseAddress!, sums)) }
        memo.forget()
        y.withUnsafeBufferPointer { #expect(!memo.matches($0.baseAddress!, sums)) }
    }

    /// The predicted start: nil until a current is stored; the stored current at the stored point; the stored current
    /// moved by the gains times the change of x̄ + Σu and of Δc, the sums' per-current parts taken at the stored current,
    /// over the change of the slope their per-current parts make.
    @Test func predictsTheStoredCurrentMovedAlongItsResponse() {
        var memo = SolvedCurrentMemo(dimension: 3)
        defer { memo.deallocate() }
        var y = [0.5, 7.0, 9.0]
        let sums = (0.01, 2e-4, 3.0, 0.5)
        y.withUnsafeBufferPointer { #expect(memo.predictedCurrent($0.baseAddress!, sums, meanIndex: 0) == nil) }
        let (j, gx, gc) = (-4.0, 250.0, -0.125)
        y.withUnsafeBufferPointer { memo.store($0.baseAddress!, sums, current: j, stoichiometryGain: gx, saltGain: gc) }
        y.withUnsafeBufferPointer { #expect(memo.predictedCurrent($0.baseAddress!, sums, meanIndex: 0) == j) }
        // x̄ up by 1e-3, Σu's constant by 2e-3 and its slope by 1e-4 (times J = −4), Δc's constant by 0.5 and slope by 0.25.
        y[0] += 1e-3
        y[1] = 100   // states other than x̄ do not enter the prediction
        let moved = (0.01 + 2e-3, 2e-4 + 1e-4, 3.5, 0.75)
        // The slope ∂V/∂J the gains were made with moves with the sums' per-current parts: divided by 1 − g_x·1e-4 − g_c·0.25.
        let expected = j + (gx * (1e-3 + 2e-3 + 1e-4 * j) + gc * (0.5 + 0.25 * j)) / (1 - gx * 1e-4 - gc * 0.25)
        y.withUnsafeBufferPointer {
            let p = memo.predictedCurrent($0.baseAddress!, moved, meanIndex: 0)
            #expect(p != nil && abs(p! - expected) <= 1e-12 * abs(expected))
        }
        // Without gains the prediction is the stored current; a forgotten memo predicts nothing.
        y.withUnsafeBufferPointer { memo.store($0.baseAddress!, sums, current: j) }
        y[0] += 0.1
        y.withUnsafeBufferPointer { #expect(memo.predictedCurrent($0.baseAddress!, moved, meanIndex: 0) == j) }
        memo.forget()
        y.withUnsafeBufferPointer { #expect(memo.predictedCurrent($0.baseAddress!, sums, meanIndex: 0) == nil) }
    }

    /// V = a·J + U′·(x̄ + Σu) − k·Δc with Σu = s₀ + s₁J and Δc = z₀ + z₁J: the current that holds V at `target`.
    static func affineRoot(_ x: Double, _ s: (Double, Double, Double, Double), a: Double, slope u: Double, salt k: Double,
                           target: Double) -> Double {
        (target - u * (x + s.0) + k * s.2) / (a + u * s.1 - k * s.3)
    }

    /// For a voltage affine in J and in the states, with sums whose per-current parts change from one point to the next
    /// (as inside a coupled step), the prediction from the solution at one point is the root at the other (the gains
    /// made as the cell model makes them: −U′/(∂V/∂J) and k/(∂V/∂J), ∂V/∂J with the first point's per-current parts).
    @Test func predictionIsTheRootOfAVoltageAffineInTheCurrentAndTheSums() throws {
        let (a, u, k, target) = (-0.08, -2.5, 1e-4, 3.6)
        var memo = SolvedCurrentMemo(dimension: 2)
        defer { memo.deallocate() }
        let y = [0.4, 1.0]
        let s0 = (1e-3, 0.0, 20.0, 0.0)
        let j0 = Self.affineRoot(y[0], s0, a: a, slope: u, salt: k, target: target)
        let slope0 = a + u * s0.1 - k * s0.3
        y.withUnsafeBufferPointer {
            memo.store($0.baseAddress!, s0, current: j0, stoichiometryGain: -u / slope0, saltGain: k / slope0)
        }
        for (dx, s1) in [(1e-4, (2e-3, -4e-4, 25.0, 3.0)), (-3e-3, (-1e-3, -2e-3, 5.0, 40.0))] {
            var z = y
            z[0] += dx
            let exact = Self.affineRoot(z[0], s1, a: a, slope: u, salt: k, target: target)
            let predicted = try #require(z.withUnsafeBufferPointer { memo.predictedCurrent($0.baseAddress!, s1, meanIndex: 0) })
            #expect(abs(predicted - exact) <= 1e-12 * abs(exact), "predicted \(predicted), root \(exact)")
        }
    }

    /// The second-order term: after a solve whose root lies e = κ·d² from the linear prediction J₀ + d (|d| above 1e-4
    /// of the scale), the next prediction adds κ·d′² to its own linear increment d′; increments within rounding of the
    /// root do not measure κ, and a forgotten memo starts without it.
    @Test func addsTheLastSolvesSecondOrderErrorScaledToTheNewIncrement() throws {
        var memo = SolvedCurrentMemo(dimension: 1, currentScale: 2)
        defer { memo.deallocate() }
        let (gx, kappa) = (-50.0, 0.3)
        let sums = (0.0, 0.0, 0.0, 0.0)
        func predict(_ x: Double) throws -> Double {
            try #require([x].withUnsafeBufferPointer { memo.predictedCurrent($0.baseAddress!, sums, meanIndex: 0) })
        }
        func store(_ x: Double, _ j: Double) { [x].withUnsafeBufferPointer { memo.store($0.baseAddress!, sums, current: j, stoichiometryGain: gx) } }
        store(0.5, -1)
        // The first prediction is linear: d = g_x·Δx̄.
        let p1 = try predict(0.5 + 2e-3)
        #expect(p1 == -1 + gx * 2e-3)
        let d1 = p1 + 1
        let j1 = p1 + kappa * d1 * d1
        store(0.5 + 2e-3, j1)
        #expect(abs(memo.curvature - kappa) <= 1e-9 * kappa)
        let p2 = try predict(0.5 + 3e-3)
        let d2 = gx * 1e-3
        #expect(abs(p2 - (j1 + d2 + kappa * d2 * d2)) <= 1e-14, "\(p2)")
        // An increment below 1e-4 of the scale (here 5e-5 of 2e-4 A m⁻²) leaves κ as it was.
        store(0.5 + 3e-3, p2)
        let kept = memo.curvature
        let p3 = try predict(0.5 + 3e-3 + 1e-6)
        store(0.5 + 3e-3 + 1e-6, p3 + 1e-9)
        #expect(memo.curvature == kept)
        memo.forget()
        #expect(memo.curvature == 0)
    }
}
