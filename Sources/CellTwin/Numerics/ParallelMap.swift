import Foundation

/// Runs `count` independent jobs on at most `workers` threads, each thread taking the next job not yet started (so
/// jobs listed first start first), and returns the results in job order whatever order they finished in; the first
/// error (in job order) is rethrown.
enum ParallelMap {
    static func run<Value>(_ count: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                           _ job: @Sendable (Int) throws -> Value) throws -> [Value] {
        let board = Board<Value>(count: count)
        let threads = max(1, min(workers, count))
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let i = board.next() { board.set(i, Result { try job(i) }) }
        }
        return try board.values.map { try $0!.get() }
    }

    /// The next job to start and one result slot per job, under a lock.
    private final class Board<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private var stored: [Result<Value, Error>?]
        init(count: Int) { stored = Array(repeating: nil, count: count) }
        func next() -> Int? {
            lock.withLock {
                guard nextIndex < stored.count else { return nil }
                defer { nextIndex += 1 }
                return nextIndex
            }
        }
        func set(_ i: Int, _ r: Result<Value, Error>) { lock.withLock { stored[i] = r } }
        var values: [Result<Value, Error>?] { lock.withLock { stored } }
    }
}
