import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Fixed workloads timed by `celltwin bench` (a benchmark, not a test).
public enum Benchmarks {
    public struct Workload: Codable, Sendable {
        public var name: String
        public var cycles: Int
        /// Cycles actually integrated (fewer than `cycles` with cycle skipping).
        public var simulated_cycles: Int
        public var aging: Bool
        public var seconds: Double
        public var cycles_per_second: Double
        public var milliseconds_per_cycle: Double
        /// Per simulated cycle.
        public var rhs_evaluations_per_cycle: Double
        public var steps_per_cycle: Double
        public var last_discharge_capacity_mAh_g: Double
    }

    public struct Report: Codable, Sendable {
        public var workloads: [Workload]
        public var peak_memory_MiB: Double
        public var stepper: String
        public var relative_tolerance: Double
        public var absolute_tolerance: Double
        public var repeats: Int
        /// The aging-fit workload (``AgingFitBenchmark``), run once.
        public var aging_fit: AgingFitBenchmark.Result?
    }

    /// A workload: cell, protocol and how it runs.
    public struct Definition: Sendable {
        public var name: String
        public var electrolyte: String
        public var cathode: String
        public var cRate: Double
        public var temperature_C: Double
        public var cycles: Int?
        public var aging: Bool
        public var life: Bool
        public var exact: Bool
    }

    /// CC–CV cycles of the electrical model (degradation off), then lifetime runs with degradation.
    public static let definitions: [Definition] = [
        Definition(name: "lfp-cccv-0.5C-25C", electrolyte: "CMP-VAMMT", cathode: "LFP", cRate: 0.5, temperature_C: 25,
                   cycles: nil, aging: false, life: false, exact: true),
        Definition(name: "ncm811-cccv-0.5C-25C", electrolyte: "CPCSE", cathode: "NCM811", cRate: 0.5, temperature_C: 25,
                   cycles: nil, aging: false, life: false, exact: true),
        Definition(name: "lfp-cccv-aging-0.5C-25C", electrolyte: "CMP-VAMMT", cathode: "LFP", cRate: 0.5, temperature_C: 25,
                   cycles: nil, aging: true, life: false, exact: true),
        Definition(name: "lfp-life-1000-exact", electrolyte: "CMP-VAMMT", cathode: "LFP", cRate: 0.5, temperature_C: 30,
                   cycles: 1000, aging: true, life: true, exact: true),
        Definition(name: "lfp-life-1000-skipped", electrolyte: "CMP-VAMMT", cathode: "LFP", cRate: 0.5, temperature_C: 30,
                   cycles: 1000, aging: true, life: true, exact: false),
        Definition(name: "ncm811-life-1000-skipped-0.5C-60C", electrolyte: "CPCSE", cathode: "NCM811", cRate: 0.5,
                   temperature_C: 60, cycles: 1000, aging: true, life: true, exact: false),
        Definition(name: "lis-life-500-skipped-0.2C-60C", electrolyte: "HE-PEIgPHE", cathode: "S", cRate: 0.2,
                   temperature_C: 60, cycles: 500, aging: true, life: true, exact: false),
    ]

    public static func run(library: ModelLibrary, cycles: Int, filter: String?, repeats: Int = 3,
                           options: SimulationOptions = SimulationOptions()) throws -> Report {
        var workloads: [Workload] = []
        for d in definitions {
            if let filter, !d.name.contains(filter) { continue }
            let design = try library.cell(electrolyte: d.electrolyte, cathode: d.cathode)
            let c = design.cathode
            let n = d.cycles ?? cycles
            var sim = options
            sim.aging = d.aging
            // Best of `repeats` runs: the least disturbed by other work on the machine.
            var seconds = Double.infinity
            var rhs = 0, stepsTotal = 0, simulated = n
            var last = 0.0
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                if d.life {
                    var life = LifeOptions()
                    life.exact = d.exact
                    life.maxCycles = n
                    life.threshold = 0.01
                    life.attribution = false
                    let cycle = try LifeSimulator.standardCycle(cathode: c, chargeRate: d.cRate, dischargeRate: d.cRate)
                    let runner = try LifeSimulator(design: design, temperature_C: d.temperature_C, options: life, simulation: sim)
                    let r = try runner.run(Experiment(blocks: [ExperimentBlock(steps: cycle, repeatCount: n)]))
                    seconds = min(seconds, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
                    rhs = r.rhsEvaluations
                    simulated = r.simulatedCycles
                    last = design.mAh_g(r.cycles.last?.dischargeCapacity_C_m2 ?? 0)
                    stepsTotal = r.acceptedSteps
                } else {
                    let simulator = try Simulator(design: design, temperature_C: d.temperature_C, options: sim)
                    let experiment = try Experiment.cccv(chargeRate: d.cRate, dischargeRate: d.cRate, minimumVoltage: c.minimumVoltage_V,
                                                         maximumVoltage: c.maximumVoltage_V, cycles: n)
                    let solution = try simulator.run(experiment)
                    seconds = min(seconds, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
                    rhs = solution.rhsEvaluations
                    stepsTotal = solution.acceptedSteps
                    last = solution.mAh_g(solution.cycles.last!.dischargeCapacity_C_m2)
                }
            }
            let steps = stepsTotal
            let sc = Double(max(simulated, 1))
            workloads.append(Workload(name: d.name, cycles: n, simulated_cycles: simulated, aging: d.aging, seconds: seconds,
                                      cycles_per_second: Double(n) / seconds, milliseconds_per_cycle: 1000 * seconds / Double(n),
                                      rhs_evaluations_per_cycle: Double(rhs) / sc, steps_per_cycle: Double(steps) / sc,
                                      last_discharge_capacity_mAh_g: last))
        }
        // Sweep workload (Studies/SweepBenchmark.swift): a 13 × 6 grid of 500-cycle lifetime runs on every core.
        if filter.map({ SweepBenchmark.name.contains($0) }) ?? true {
            workloads.append(try SweepBenchmark.workload(library: library, repeats: repeats, options: options))
        }
        // Aging fit (Calibration/Fit/AgingFitBenchmark.swift): five parameters over 1,000-cycle lifetime runs, run once.
        // Only when asked for by name (`--filter fit-aging`): it takes up to a minute.
        var agingFit: AgingFitBenchmark.Result?
        if let filter, AgingFitBenchmark.name.contains(filter) { agingFit = try AgingFitBenchmark.run(library: library) }
        return Report(workloads: workloads, peak_memory_MiB: peakMemoryMiB(), stepper: options.stepper.rawValue,
                      relative_tolerance: options.relativeTolerance, absolute_tolerance: options.absoluteTolerance,
                      repeats: repeats, aging_fit: agingFit)
    }

    /// Peak resident set size of this process, MiB.
    public static func peakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
