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
    /// moved by the gains times the change of x̄ + Σu and of Δc, the sums' per-current parts taken at the stored current.
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
        let expected = j + gx * (1e-3 + 2e-3 + 1e-4 * j) + gc * (0.5 + 0.25 * j)
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
}
