import Foundation
import Testing
@testable import CellTwin

/// Independent jobs on a few threads: results in job order whatever order they finish in, every job run once, and the
/// first error in job order rethrown.
@Suite struct ParallelMapTests {
    struct Failed: Error, Equatable { var job: Int }

    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var runs: [Int] = []
        func add(_ i: Int) { lock.withLock { runs.append(i) } }
    }

    @Test(arguments: [1, 3, 16])
    func resultsComeBackInJobOrder(workers: Int) throws {
        let counter = Counter()
        let squares = try ParallelMap.run(12, workers: workers) { i -> Int in
            // Later jobs finish first when there are threads for them.
            Thread.sleep(forTimeInterval: Double(12 - i) * 1e-4)
            counter.add(i)
            return i * i
        }
        #expect(squares == (0..<12).map { $0 * $0 })
        #expect(counter.runs.sorted() == Array(0..<12))
    }

    @Test func noJobsGiveNoResults() throws {
        #expect(try ParallelMap.run(0, workers: 4) { $0 }.isEmpty)
    }

    @Test func theFirstErrorInJobOrderIsRethrown() {
        #expect(throws: Failed(job: 3)) {
            try ParallelMap.run(10, workers: 4) { i -> Int in
                if i == 7 || i == 3 { throw Failed(job: i) }
                return i
            }
        }
    }
}
