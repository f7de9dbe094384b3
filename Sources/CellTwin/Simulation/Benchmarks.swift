import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Fixed workloads timed by `celltwin bench` (a benchmark, not a test).
public enum Benchmarks {
    public struct Workload: Codable, Sendable {
        public var name: String
        public var cycles: Int
        public var seconds: Double
        public var cycles_per_second: Double
        public var milliseconds_per_cycle: Double
        public var rhs_evaluations_per_cycle: Double
        public var steps_per_cycle: Double
        public var event_location_rhs_evaluations_per_cycle: Double
        public var last_discharge_capacity_mAh_g: Double
    }

    public struct Report: Codable, Sendable {
        public var workloads: [Workload]
        public var peak_memory_MiB: Double
        public var stepper: String
        public var relative_tolerance: Double
        public var absolute_tolerance: Double
        public var repeats: Int
    }

    /// (name, electrolyte, cathode, C-rate, temperature °C)
    public static let definitions: [(String, String, String, Double, Double)] = [
        ("lfp-cccv-0.5C-25C", "CMP-VAMMT", "LFP", 0.5, 25),
        ("ncm811-cccv-0.5C-25C", "CPCSE", "NCM811", 0.5, 25),
    ]

    public static func run(library: ModelLibrary, cycles: Int, filter: String?, repeats: Int = 3,
                           options: SimulationOptions = SimulationOptions()) throws -> Report {
        var workloads: [Workload] = []
        for (name, electrolyte, cathode, rate, temperature) in definitions {
            if let filter, !name.contains(filter) { continue }
            let design = try library.cell(electrolyte: electrolyte, cathode: cathode)
            let c = design.cathode
            let experiment = try Experiment.cccv(chargeRate: rate, dischargeRate: rate, minimumVoltage: c.minimumVoltage_V,
                                                 maximumVoltage: c.maximumVoltage_V, cycles: cycles)
            let simulator = try Simulator(design: design, temperature_C: temperature, options: options)
            _ = try simulator.run(try Experiment.cccv(chargeRate: rate, dischargeRate: rate, minimumVoltage: c.minimumVoltage_V,
                                                      maximumVoltage: c.maximumVoltage_V, cycles: 2)) // warm-up
            // Best of `repeats` runs: the least disturbed by other work on the machine.
            var seconds = Double.infinity
            var solution: Solution!
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                solution = try simulator.run(experiment)
                seconds = min(seconds, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
            }
            let n = Double(cycles)
            workloads.append(Workload(name: name, cycles: cycles, seconds: seconds, cycles_per_second: n / seconds,
                                      milliseconds_per_cycle: 1000 * seconds / n,
                                      rhs_evaluations_per_cycle: Double(solution.rhsEvaluations) / n,
                                      steps_per_cycle: Double(solution.acceptedSteps) / n,
                                      event_location_rhs_evaluations_per_cycle: Double(solution.eventLocationRHSEvaluations) / n,
                                      last_discharge_capacity_mAh_g: solution.mAh_g(solution.cycles.last!.dischargeCapacity_C_m2)))
        }
        return Report(workloads: workloads, peak_memory_MiB: peakMemoryMiB(), stepper: options.stepper.rawValue,
                      relative_tolerance: options.relativeTolerance, absolute_tolerance: options.absoluteTolerance,
                      repeats: repeats)
    }

    /// Peak resident set size of this process, MiB.
    public static func peakMemoryMiB() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
