import Foundation

/// A flag that stops a sweep between points (set it from a signal handler or another thread).
public final class SweepCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    public func cancel() { lock.withLock { cancelled = true } }
    public var isCancelled: Bool { lock.withLock { cancelled } }
}

/// How far a sweep has got.
public struct SweepProgress: Sendable, Equatable {
    /// Points finished and in total.
    public var completed: Int
    public var total: Int
    /// Wall time since the start, s.
    public var elapsed_s: Double

    public init(completed: Int, total: Int, elapsed_s: Double) {
        self.completed = completed
        self.total = total
        self.elapsed_s = elapsed_s
    }

    /// Estimated time to the end, s (nil before the first point finishes): elapsed / completed × remaining.
    public var remaining_s: Double? {
        completed > 0 ? elapsed_s / Double(completed) * Double(total - completed) : nil
    }
}

/// Runs the points of a grid in parallel, each point in its own task with its own simulators.
///
/// Workers take the next unfinished point from a shared counter (points differ a lot in cost: a cell that cannot
/// deliver capacity is done after one cycle); results are put back in grid order, so the output does not depend on
/// the number of workers or on timing.
public struct SweepRunner: Sendable {
    public let spec: SweepSpec
    public let materials: SweepMaterials

    public init(spec: SweepSpec, materials: SweepMaterials) {
        self.spec = spec
        self.materials = materials
    }

    /// Loads the materials from `library`.
    public init(spec: SweepSpec, library: ModelLibrary) throws {
        self.init(spec: spec, materials: try SweepMaterials(spec: spec, library: library))
    }

    /// Default number of workers: the active processor count.
    public static var defaultWorkers: Int { max(ProcessInfo.processInfo.activeProcessorCount, 1) }

    /// Runs the points `indices` (default: the whole grid) with `workers` threads at most.
    /// - Parameters:
    ///   - progress: called after each point (serialized, from a worker thread).
    ///   - cancellation: checked before each point; a cancelled sweep throws ``SweepError/cancelled``.
    /// - Returns: one record per index, in ascending grid order.
    public func run(indices: [Int]? = nil, workers: Int = SweepRunner.defaultWorkers,
                    cancellation: SweepCancellation? = nil,
                    progress: (@Sendable (SweepProgress) -> Void)? = nil) throws -> [SweepRecord] {
        let todo = (indices ?? Array(0..<spec.pointCount)).sorted()
        guard todo.allSatisfy({ $0 >= 0 && $0 < spec.pointCount }) else {
            throw SweepError.invalidOption(name: "indices", reason: "a grid index lies outside 0..<\(spec.pointCount)")
        }
        guard workers >= 1 else { throw SweepError.invalidOption(name: "--workers", reason: "must be at least 1, got \(workers)") }
        let board = WorkBoard(count: todo.count, progress: progress)
        let grid = spec, materials = self.materials
        let work: @Sendable (Int) -> Void = { _ in
            while cancellation?.isCancelled != true, let slot = board.next() {
                let record = SweepEvaluation.evaluate(grid.point(todo[slot]), spec: grid, materials: materials)
                board.finish(slot, record)
            }
        }
        let threads = min(workers, max(todo.count, 1))
        if threads == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: threads, execute: work)
        }
        if cancellation?.isCancelled == true { throw SweepError.cancelled }
        return try board.records()
    }

    /// The points of one shard.
    public func run(shard: Shard, workers: Int = SweepRunner.defaultWorkers, cancellation: SweepCancellation? = nil,
                    progress: (@Sendable (SweepProgress) -> Void)? = nil) throws -> [SweepRecord] {
        try run(indices: shard.points(of: spec.pointCount), workers: workers, cancellation: cancellation, progress: progress)
    }
}

/// The shared state of a running sweep: the next slot to take and the finished records.
private final class WorkBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var nextSlot = 0
    private var results: [SweepRecord?]
    private var completed = 0
    private let start = DispatchTime.now().uptimeNanoseconds
    private let progress: (@Sendable (SweepProgress) -> Void)?

    init(count: Int, progress: (@Sendable (SweepProgress) -> Void)?) {
        results = Array(repeating: nil, count: count)
        self.progress = progress
    }

    func next() -> Int? {
        lock.withLock {
            guard nextSlot < results.count else { return nil }
            defer { nextSlot += 1 }
            return nextSlot
        }
    }

    func finish(_ slot: Int, _ record: SweepRecord) {
        lock.withLock {
            results[slot] = record
            completed += 1
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            progress?(SweepProgress(completed: completed, total: results.count, elapsed_s: elapsed))
        }
    }

    func records() throws -> [SweepRecord] {
        try lock.withLock {
            try results.map { r in
                guard let r else { throw SweepError.cancelled }
                return r
            }
        }
    }
}
