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

/// Runs the points of a grid in parallel, each point in its own task with its own simulators (and so its own GSL
/// integrators).
///
/// Points differ a lot in cost (a cell that cannot deliver capacity is done after one cycle, a point outside the
/// electrolyte's range at once), so workers take points longest-expected-first (``expectedCost(of:)``) from a
/// shared counter: the long runs start early and the short ones fill the gaps at the end. Results are put back in
/// grid order, so the output does not depend on the number of workers, the schedule or timing.
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
        // Slots in the order they start: by expected cost, longest first; ties in grid order.
        let costs = todo.map { expectedCost(of: spec.point($0)) }
        let schedule = todo.indices.sorted { costs[$0] > costs[$1] || (costs[$0] == costs[$1] && $0 < $1) }
        let work: @Sendable (Int) -> Void = { _ in
            while cancellation?.isCancelled != true, let next = board.next() {
                let slot = schedule[next]
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

    /// Relative cost a point is expected to take, for scheduling only (results never depend on it):
    /// - 0 outside the electrolyte's temperature range (no simulation);
    /// - 1 (one cycle) when the bulk ohmic drop J·ASR_b(T) at the point's larger C-rate exceeds half the cathode's
    ///   voltage window: the cell cannot deliver capacity and the run stops after its first cycle;
    /// - otherwise the cycles asked for, weighted by 1 + 1/C-rate (a slow cycle lasts longer and takes more steps).
    public func expectedCost(of point: SweepPoint) -> Double {
        guard let design = try? materials.design(for: point, cell: spec.cell) else { return 0 }
        let temperature_K = Units.kelvin(celsius: point.temperature_C)
        guard design.electrolyte.validTemperatureRange_K.contains(temperature_K) else { return 0 }
        let rate = max(point.chargeCRate, point.dischargeCRate, 1e-3)
        let drop_V = design.currentDensity(cRate: rate) * design.electrolyte.bulkASR_ohm_m2(at: temperature_K)
        let window_V = design.cathode.maximumVoltage_V - design.cathode.minimumVoltage_V
        guard drop_V <= 0.5 * window_V else { return 1 }
        return Double(spec.settings.cycles) * (1 + 1 / max(min(point.chargeCRate, point.dischargeCRate), 1e-3))
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
