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
}
