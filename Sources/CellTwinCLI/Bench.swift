import ArgumentParser
import CellTwin
import CellTwinBenchmarks
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time fixed workloads in-process and print JSON (build with -c release).")

    @Option(help: "Cycles per workload.", transform: OptionValue.cycles)
    var cycles: Int = 500

    @Option(help: "Runs per workload; the fastest is reported.", transform: { try OptionValue.count($0, in: 1...1000) })
    var repeats: Int = 3

    @Option(help: "Only workloads whose name contains this text.")
    var filter: String?

    @Option(help: "GSL stepper: \(ODEStepper.allCases.map(\.rawValue).joined(separator: ", ")).")
    var stepper: String = SimulationOptions().stepper.rawValue

    @Option(name: .customLong("rtol"), help: "Relative tolerance of the integrator.", transform: OptionValue.decimal)
    var relativeTolerance: Double = SimulationOptions().relativeTolerance

    @Flag(name: .customLong("accuracy-guard"), inversion: .prefixedNo,
          help: "Compare each workload's last-cycle capacities and mean voltages with an msbdf run at rtol 1e-10.")
    var accuracyGuard = true


    @Option(help: "Model directory (default: Models/ of the working directory or its parents).")
    var models: String?

    func validate() throws {
        guard cycles >= 1 else { throw ValidationError("--cycles must be at least 1") }
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        guard ODEStepper(rawValue: stepper) != nil else { throw ValidationError("unknown --stepper '\(stepper)'") }
        guard relativeTolerance > 0, relativeTolerance < 0.1 else { throw ValidationError("--rtol must lie in (0, 0.1)") }
    }

    func run() throws {
        let library = try ModelLibrary.locate(explicit: models)
        var options = SimulationOptions()
        options.stepper = ODEStepper(rawValue: stepper)!
        options.relativeTolerance = relativeTolerance
        options.absoluteTolerance = SimulationOptions().absoluteTolerance
        let report = try Benchmarks.run(library: library, cycles: cycles, filter: filter, repeats: repeats, options: options,
                                        guardAccuracy: accuracyGuard)
        print(try SolutionReport.json(report), terminator: "")
    }
}
