import ArgumentParser
import CellTwin
import Foundation

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario file (Scenarios/*.toml); long experiments run to end of life with cycle skipping.")

    @Argument(help: "Scenario file.")
    var scenario: String

    @OptionGroup var common: CommonOptions

    @Flag(help: "Record the voltage trace (trace.csv in --output).")
    var trace = false

    @Flag(help: "Simulate every cycle of long experiments (no cycle skipping).")
    var exact = false

    @OptionGroup var bands: BandArguments

    @OptionGroup var report: ReportOption

    func run() throws {
        let library = try common.modelLibrary()
        let sc = try ScenarioFile.load(path: scenario)
        var options = SimulationOptions()
        options.recordTrace = trace
        let result = try namingModelIDs(in: scenario) { try sc.run(library: library, options: options, exact: exact) }
        var runs = result.solutions.map(RunRecord.init)
        for i in runs.indices { try bands.simulation(result.solutions[i], library: library, options: options, into: &runs[i]) }
        let lives = try result.lives.map { try bands.life($0, library: library) }
        let output = ScenarioReport(sc, result, runs: runs, lives: lives)
        try report.write {
            let cells = Set(output.runs.map { [$0.electrolyte, $0.cathode] } + output.lives.map { [$0.electrolyte, $0.cathode] })
                .sorted { $0.lexicographicallyPrecedes($1) }
            let files = [(label: "scenario", path: scenario)] + cells.flatMap { HTMLReport.modelFiles(library, electrolyte: $0[0], cathode: $0[1]) }
            return .run(scenario: sc.name, description: sc.description, solutions: result.solutions, runs: output.runs, lives: output.lives,
                        comparisons: result.comparisons, plotCycles: sc.plotCycles,
                        inputs: HTMLReport.provenance(arguments: CommandLine.arguments, files: files))
        }
        try emit(output, common.emitOptions)
    }
}

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate CC–CV cycling of a Li | electrolyte | cathode cell.")

    @OptionGroup var cell: CellOptions

    @Option(help: "Number of cycles (1–1000000).", transform: OptionValue.cycles)
    var cycles: Int = 1

    @Option(name: .customLong("cv-cutoff"), help: "CV hold cut-off as a C-rate (0.05 or C/20; 0 for no CV hold).",
            transform: OptionValue.cRateOrZero)
    var cvCutoff: Double = 0.05

    @OptionGroup var bands: BandArguments

    @OptionGroup var common: CommonOptions

    @Flag(help: "Record the voltage trace (trace.csv in --output).")
    var trace = false

    func run() throws {
        let library = try common.modelLibrary()
        let design = try cell.design(library)
        let c = design.cathode
        let cRate = cell.cRate, chargeRate = cell.chargeRate ?? cell.cRate
        let experiment: Experiment
        if cvCutoff > 0 {
            experiment = try .cccv(chargeRate: chargeRate, dischargeRate: cRate, minimumVoltage: c.minimumVoltage_V,
                                   maximumVoltage: c.maximumVoltage_V, cutoffCRate: cvCutoff, cycles: cycles)
        } else {
            experiment = try .ccCycle(chargeRate: chargeRate, dischargeRate: cRate, minimumVoltage: c.minimumVoltage_V,
                                      maximumVoltage: c.maximumVoltage_V, cycles: cycles)
        }
        var options = SimulationOptions()
        options.recordTrace = trace
        let solution = try Simulator(design: design, temperature_C: cell.temperature, options: options).run(experiment)
        var record = RunRecord(solution)
        try bands.simulation(solution, library: library, options: options, into: &record)
        try emit(SimulationReport(solution, record: record), common.emitOptions)
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the shipped cathodes and electrolytes with their key numbers.",
        discussion: """
        Every model file that loads is listed; each one that does not is reported with its error (under \
        "Not loaded", in JSON "not_loaded", on standard error for CSV), and the exit status is then 1.
        """)

    @OptionGroup var display: DisplayOptions

    func run() throws {
        let library = try display.modelLibrary()
        let listing = Listing(library: library)
        try emit(ListingReport(listing), EmitOptions(format: display.format, directory: nil))
        if !listing.failures.isEmpty { throw ExitCode.failure }
    }
}
