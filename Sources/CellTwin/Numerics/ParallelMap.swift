import Foundation

/// Runs `count` independent jobs on the available cores (`DispatchQueue.concurrentPerform`) and returns their
/// results in job order, whatever order they finished in; the first error (in job order) is rethrown.
enum ParallelMap {
    static func run<Value>(_ count: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                           _ job: @Sendable (Int) throws -> Value) throws -> [Value] {
        let slots = Slots<Value>(count: count)
        if workers <= 1 || count <= 1 {
            for i in 0..<count { slots.set(i, Result { try job(i) }) }
        } else {
            DispatchQueue.concurrentPerform(iterations: count) { i in slots.set(i, Result { try job(i) }) }
        }
        return try slots.values.map { try $0!.get() }
    }

    /// One result slot per job, written under a lock.
    private final class Slots<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Result<Value, Error>?]
        init(count: Int) { stored = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ r: Result<Value, Error>) { lock.withLock { stored[i] = r } }
        var values: [Result<Value, Error>?] { lock.withLock { stored } }
    }
}
