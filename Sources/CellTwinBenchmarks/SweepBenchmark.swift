import CellTwin
import Foundation

/// The `sweep-13x6-500` workload of `celltwin bench`: a 13 × 6 grid (0–120 °C in steps of 10 × C-rates 0.1, 0.2,
/// 0.5, 1, 1.5, 2) of 500-cycle lifetime runs of Li | ANP-C-2.0K | LFP, all points in parallel.
public enum SweepBenchmark {
    public static let name = "sweep-13x6-500"
    public static let electrolyte = "ANP-C-2.0K"
    public static let cathode = "LFP"
    public static let cycles = 500

    public static func spec(options: SimulationOptions = SimulationOptions()) throws -> SweepSpec {
        var settings = SweepSettings()
        settings.cycles = cycles
        settings.simulation = options
        return try SweepSpec(values: [
            .electrolyte: [.text(electrolyte)], .cathode: [.text(cathode)],
            .temperature: try ValueList.numbers("0...120:10", variable: .temperature, name: "--temperature").map(SweepValue.number),
            .cRate: try ValueList.numbers("0.1,0.2,0.5,1,1.5,2", variable: .cRate, name: "--c-rate").map(SweepValue.number),
        ], settings: settings)
    }

    /// Times the workload (best of `repeats`) with `workers` threads (nil: one per core).
    public static func workload(library: ModelLibrary, repeats: Int, options: SimulationOptions = SimulationOptions(),
                                workers: Int? = nil) throws -> Benchmarks.Workload {
        let threads = workers ?? SweepRunner.defaultWorkers
        let runner = try SweepRunner(spec: try spec(options: options), library: library)
        var seconds = Double.infinity
        var records: [SweepRecord] = []
        for _ in 0..<max(repeats, 1) {
            let start = DispatchTime.now().uptimeNanoseconds
            records = try runner.run(workers: threads)
            seconds = min(seconds, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        }
        let work = records.compactMap(\.work)
        let reported = work.reduce(0) { $0 + $1.reportedCycles }
        let simulated = work.reduce(0) { $0 + $1.simulatedCycles }
        let sc = Double(max(simulated, 1))
        let last = records.compactMap(\.firstDischargeCapacity_mAh_g).last ?? 0
        var workload = Benchmarks.Workload(
            name: name, cycles: reported, simulated_cycles: simulated, aging: true, seconds: seconds,
            cycles_per_second: Double(reported) / seconds, milliseconds_per_cycle: 1000 * seconds / Double(max(reported, 1)),
            rhs_evaluations_per_cycle: Double(work.reduce(0) { $0 + $1.rhsEvaluations }) / sc,
            steps_per_cycle: Double(work.reduce(0) { $0 + $1.acceptedSteps }) / sc, last_discharge_capacity_mAh_g: last,
            workers: threads)
        workload.integrated_cycles = work.reduce(0) { $0 + $1.integratedCycles }
        workload.schedule_speedup_bound = scheduleSpeedupBound(records, runner: runner, workers: threads)
        return workload
    }

    /// The speed-up the sweep's schedule allows on `workers` threads, each point costing its right-hand-side
    /// evaluations: list scheduling (Graham) in the runner's order, longest expected first, ties in grid order, each
    /// point to the worker free first; the total cost over the largest worker's.
    static func scheduleSpeedupBound(_ records: [SweepRecord], runner: SweepRunner, workers: Int) -> Double {
        let cost = records.map { Double($0.work?.rhsEvaluations ?? 0) }
        let expected = records.map { runner.expectedCost(of: runner.spec.point($0.point)) }
        let order = records.indices.sorted { expected[$0] > expected[$1] || (expected[$0] == expected[$1] && $0 < $1) }
        var loads = [Double](repeating: 0, count: max(workers, 1))
        for i in order {
            let free = loads.indices.min { loads[$0] < loads[$1] }!
            loads[free] += cost[i]
        }
        let busiest = loads.max() ?? 0
        return busiest > 0 ? cost.reduce(0, +) / busiest : 1
    }
}
