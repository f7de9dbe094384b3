import CellTwin
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
        /// Life workloads: cycles the integrator ran, with each skipped block's settling cycle and the cycles of rejected
        /// blocks (``LifeResult/integratedCycles``); what the time per cycle is spent on.
        public var integrated_cycles: Int?
        public var aging: Bool
        public var seconds: Double
        public var cycles_per_second: Double
        public var milliseconds_per_cycle: Double
        /// Per simulated cycle.
        public var rhs_evaluations_per_cycle: Double
        public var steps_per_cycle: Double
        public var last_discharge_capacity_mAh_g: Double
        /// Accuracy guard against a reference run of the same workload (msbdf, rtol = atol = 1e-10; life runs with
        /// cycle skipping replay the timed run's schedule): the largest relative error of the compared cycle's charge
        /// and discharge capacities (CC–CV workloads: the last cycle; life workloads: the last cycle both runs
        /// simulated at which both still deliver half their first discharge and have short damage below the soft-short
        /// onset, since a cell that has died or is collapsing is no test of the integrator) …
        public var capacity_error_relative: Double?
        /// … and the largest error of its mean charge and discharge voltages, V (life workloads: of the
        /// overpotential, half the gap between the two).
        public var mean_voltage_error_V: Double?
        /// Both within ``Benchmarks/capacityErrorBound`` and ``Benchmarks/voltageErrorBound``.
        public var accuracy_ok: Bool?
        /// Life workloads: the cycle compared, and whether the reference simulated the same cycles as the timed run
        /// (a replayed block is cut short only before a short or the end of the Li reservoir or active material).
        public var compared_cycle: Int?
        /// … its short damage Φ at the end of the compared cycle (timed run) …
        public var compared_short_damage: Double?
        public var reference_simulated_same_cycles: Bool?
        /// Threads that ran the workload (sweeps only) …
        public var workers: Int?
        /// … and its speed-up over one worker (the sweep's two-worker entry) …
        public var speedup: Double?
        /// … and the speed-up its schedule allows, with each point's right-hand-side evaluations as its time: the total
        /// over the busiest worker's share when the points start longest-expected-first on whichever worker is free
        /// (``SweepRunner/run(indices:workers:cancellation:progress:)``). Below it, the machine, not the schedule.
        public var schedule_speedup_bound: Double?
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
        /// Rest after the CV hold and after the discharge, minutes (0: none).
        public var restMinutes: Double = 0
    }

    /// CC–CV cycles of the electrical model (degradation off), then lifetime runs with degradation.
    public static let definitions: [Definition] = [
        Definition(name: "lfp-cccv-0.5C-25C", electrolyte: "CMP-VAMMT", cathode: "LFP", cRate: 0.5, temperature_C: 25,
                   cycles: nil, aging: false, life: false, exact: true),
        Definition(name: "ncm811-cccv-0.5C-25C", electrolyte: "CPCSE", cathode: "NCM811", cRate: 0.5, temperature_C: 25,
                   cycles: nil, aging: false, life: false, exact: true),
        Definition(name: "lfp-cccv-aging-0.5C-25C", electrolyte: "CMP-VAMMT", cathode: "LFP", cRate: 0.5, temperature_C: 25,
                   cycles: nil, aging: true, life: false, exact: true),
        // The peer comparison's workload (`make bench-peers`): the same cycle with 10-minute rests.
        Definition(name: "peers-lfp-cccv-rest-0.5C-25C", electrolyte: "CMP-VAMMT", cathode: "LFP", cRate: 0.5, temperature_C: 25,
                   cycles: nil, aging: false, life: false, exact: true, restMinutes: 10),
        Definition(name: "lfp-life-1000-exact", electrolyte: "CMP-VAMMT", cathode: "LFP", cRate: 0.5, temperature_C: 30,
                   cycles: 1000, aging: true, life: true, exact: true),
        Definition(name: "lfp-life-1000-skipped", electrolyte: "CMP-VAMMT", cathode: "LFP", cRate: 0.5, temperature_C: 30,
                   cycles: 1000, aging: true, life: true, exact: false),
        Definition(name: "ncm811-life-1000-skipped-0.5C-60C", electrolyte: "CPCSE", cathode: "NCM811", cRate: 0.5,
                   temperature_C: 60, cycles: 1000, aging: true, life: true, exact: false),
        Definition(name: "lis-life-500-skipped-0.2C-60C", electrolyte: "HE-PEIgPHE", cathode: "S", cRate: 0.2,
                   temperature_C: 60, cycles: 500, aging: true, life: true, exact: false),
    ]

    /// Bounds of the accuracy guard: relative capacity error and mean-voltage error (V) against the reference run.
    public static let capacityErrorBound = 1e-5
    public static let voltageErrorBound = 1e-4

    /// Options of the reference run the accuracy guard compares with: msbdf at rtol = atol = 1e-10, its events located
    /// to 1 µV and 1 µs. With the run's own event tolerance (0.1 mV) the reference's end of discharge could lie anywhere
    /// within 0.1 mV of the cut-off, which on NCM811's 20 V-per-capacity tail is up to 5e-6 of the capacity: half the
    /// guard's bound would be the reference's own error.
    public static func referenceOptions(_ options: SimulationOptions) -> SimulationOptions {
        var reference = options
        reference.stepper = .msbdf
        reference.stiffFallback = nil
        reference.relativeTolerance = 1e-10
        reference.absoluteTolerance = 1e-10
        reference.voltageTolerance_V = 1e-6
        reference.timeTolerance_s = 1e-6
        return reference
    }

    /// What one run of a workload gives: counters and the last cycle's capacities and voltages.
    struct Outcome {
        var rhs = 0, steps = 0, simulated = 0
        var integrated: Int?
        var lastDischarge_mAh_g = 0.0
        /// Last cycle: charge and discharge capacity (C m⁻²) and the voltages compared (V).
        var capacities: [Double] = []
        var voltages: [Double] = []
        /// Life runs: every reported cycle.
        var lifeCycles: [LifeCycle] = []
    }

    /// - Parameter schedule: life workloads with cycle skipping: the simulated cycles to replay (nil: adaptive).
    static func runOnce(_ d: Definition, design: CellDesign, cycles n: Int, options sim: SimulationOptions,
                        schedule: [Int]? = nil) throws -> Outcome {
        let c = design.cathode
        var o = Outcome()
        if d.life {
            var life = LifeOptions()
            life.exact = d.exact
            life.schedule = d.exact ? nil : schedule
            life.maxCycles = n
            life.threshold = 0.01
            life.attribution = false
            let cycle = try LifeSimulator.standardCycle(cathode: c, chargeRate: d.cRate, dischargeRate: d.cRate)
            let runner = try LifeSimulator(design: design, temperature_C: d.temperature_C, options: life, simulation: sim)
            let r = try runner.run(Experiment(blocks: [ExperimentBlock(steps: cycle, repeatCount: n)]))
            o.rhs = r.rhsEvaluations
            o.simulated = r.simulatedCycles
            o.integrated = r.integratedCycles
            o.steps = r.acceptedSteps
            o.lastDischarge_mAh_g = design.mAh_g(r.cycles.last?.dischargeCapacity_C_m2 ?? 0)
            o.lifeCycles = r.cycles
        } else {
            let simulator = try Simulator(design: design, temperature_C: d.temperature_C, options: sim)
            let experiment = try Experiment.cccv(chargeRate: d.cRate, dischargeRate: d.cRate, minimumVoltage: c.minimumVoltage_V,
                                                 maximumVoltage: c.maximumVoltage_V, restMinutes: d.restMinutes, cycles: n)
            let solution = try simulator.run(experiment)
            o.rhs = solution.rhsEvaluations
            o.steps = solution.acceptedSteps
            o.simulated = n
            let last = solution.cycles.last!
            o.lastDischarge_mAh_g = solution.mAh_g(last.dischargeCapacity_C_m2)
            o.capacities = [last.chargeCapacity_C_m2, last.dischargeCapacity_C_m2]
            o.voltages = [last.meanChargeVoltage_V, last.meanDischargeVoltage_V].compactMap { $0 }
        }
        return o
    }

    /// Life workloads: the last cycle both runs simulated (the reference replays the run's schedule; matched by
    /// number) at which both still deliver half their first discharge and neither has reached the soft-short stretch
    /// (short damage Φ below ``FullCellModel/softShortOnset``): past it the short's leak grows as (Φ − 0.9)², so the
    /// capacity is ill-conditioned in Φ and a difference there measures the collapse, not the integrator.
    static func comparedCycle(_ run: Outcome, reference: Outcome) -> (LifeCycle, LifeCycle)? {
        let simulated = Dictionary(reference.lifeCycles.filter(\.simulated).map { ($0.cycle, $0) },
                                   uniquingKeysWith: { _, last in last })
        guard let a0 = run.lifeCycles.first?.dischargeCapacity_C_m2,
              let b0 = reference.lifeCycles.first?.dischargeCapacity_C_m2 else { return nil }
        func beforeSoftShort(_ c: LifeCycle) -> Bool { (c.shortDamage ?? 0) < FullCellModel.softShortOnset }
        return run.lifeCycles.lazy.reversed().compactMap({ a -> (LifeCycle, LifeCycle)? in
            guard a.simulated, let b = simulated[a.cycle], beforeSoftShort(a), beforeSoftShort(b),
                  a.dischargeCapacity_C_m2 >= 0.5 * a0, b.dischargeCapacity_C_m2 >= 0.5 * b0 else { return nil }
            return (a, b)
        }).first
    }

    /// Largest relative capacity error and largest voltage error of `run` against `reference` (nil when the two
    /// runs do not report the same quantities, e.g. one ended a cycle earlier).
    static func accuracy(_ run: Outcome, reference: Outcome) -> (capacity: Double, voltage: Double)? {
        if !run.lifeCycles.isEmpty || !reference.lifeCycles.isEmpty {
            guard let (a, b) = comparedCycle(run, reference: reference) else { return nil }
            var x = Outcome(), y = Outcome()
            x.capacities = [a.chargeCapacity_C_m2, a.dischargeCapacity_C_m2]
            y.capacities = [b.chargeCapacity_C_m2, b.dischargeCapacity_C_m2]
            x.voltages = a.overpotential_V.map { [$0] } ?? []
            y.voltages = b.overpotential_V.map { [$0] } ?? []
            return accuracy(x, reference: y)
        }
        guard run.capacities.count == reference.capacities.count, run.voltages.count == reference.voltages.count,
              !run.capacities.isEmpty else { return nil }
        var capacity = 0.0, voltage = 0.0
        for (a, b) in zip(run.capacities, reference.capacities) where b != 0 { capacity = max(capacity, abs(a / b - 1)) }
        for (a, b) in zip(run.voltages, reference.voltages) { voltage = max(voltage, abs(a - b)) }
        return (capacity, voltage)
    }

    /// - Parameter guardAccuracy: run each workload once more at the reference tolerance and report the errors.
    public static func run(library: ModelLibrary, cycles: Int, filter: String?, repeats: Int = 3,
                           options: SimulationOptions = SimulationOptions(), guardAccuracy: Bool = true) throws -> Report {
        var workloads: [Workload] = []
        for d in definitions {
            if let filter, !d.name.contains(filter) { continue }
            let design = try library.cell(electrolyte: d.electrolyte, cathode: d.cathode)
            let n = d.cycles ?? cycles
            var sim = options
            sim.aging = d.aging
            // Best of `repeats` runs: the least disturbed by other work on the machine.
            var seconds = Double.infinity
            var outcome = Outcome()
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                outcome = try runOnce(d, design: design, cycles: n, options: sim)
                seconds = min(seconds, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
            }
            let sc = Double(max(outcome.simulated, 1))
            var workload = Workload(name: d.name, cycles: n, simulated_cycles: outcome.simulated, aging: d.aging, seconds: seconds,
                                    cycles_per_second: Double(n) / seconds, milliseconds_per_cycle: 1000 * seconds / Double(n),
                                    rhs_evaluations_per_cycle: Double(outcome.rhs) / sc, steps_per_cycle: Double(outcome.steps) / sc,
                                    last_discharge_capacity_mAh_g: outcome.lastDischarge_mAh_g)
            workload.integrated_cycles = outcome.integrated
            if guardAccuracy {
                // The same workload at the reference tolerance; a life run with cycle skipping replays the timed
                // run's schedule, so that the guard measures the integrator (the error of skipping against exact
                // cycles is the lifetime tests' bound, 0.5 %).
                let schedule = outcome.lifeCycles.filter(\.simulated).map(\.cycle)
                let reference = try runOnce(d, design: design, cycles: n, options: referenceOptions(sim), schedule: schedule)
                if d.life {
                    let compared = comparedCycle(outcome, reference: reference)?.0
                    workload.compared_cycle = compared?.cycle
                    workload.compared_short_damage = compared?.shortDamage
                    workload.reference_simulated_same_cycles = reference.lifeCycles.filter(\.simulated).map(\.cycle) == schedule
                }
                if let e = accuracy(outcome, reference: reference) {
                    workload.capacity_error_relative = e.capacity
                    workload.mean_voltage_error_V = e.voltage
                    workload.accuracy_ok = e.capacity <= capacityErrorBound && e.voltage <= voltageErrorBound
                } else {
                    workload.accuracy_ok = false
                }
            }
            workloads.append(workload)
        }
        // Sweep workload (SweepBenchmark.swift): a 13 × 6 grid of 500-cycle lifetime runs, on one worker and on
        // two; the two-worker entry carries the speed-up.
        if filter.map({ SweepBenchmark.name.contains($0) }) ?? true {
            let one = try SweepBenchmark.workload(library: library, repeats: repeats, options: options, workers: 1)
            var two = try SweepBenchmark.workload(library: library, repeats: repeats, options: options, workers: 2)
            two.speedup = one.seconds / two.seconds
            workloads += [one, two]
        }
        // Aging fit (AgingFitBenchmark.swift): five parameters over 1,000-cycle lifetime runs, run once.
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
