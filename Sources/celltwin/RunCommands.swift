import ArgumentParser
import CellTwin
import Foundation

/// Writes a run's files into `directory` (atomically, each file complete or absent).
func writeFiles(solutions: [Solution], runs: [RunRecord], plotCycles: [Int], comparisons: [Comparison] = [],
                json: String, to directory: String) throws {
    let dir = URL(fileURLWithPath: directory)
    try AtomicFile.write(SolutionReport.cyclesCSV(runs), to: dir.appendingPathComponent("cycles.csv"))
    try AtomicFile.write(json, to: dir.appendingPathComponent("result.json"))
    for s in solutions {
        if let trace = SolutionReport.traceCSV(s) {
            let name = solutions.count > 1 ? String(format: "trace-%gC.csv", s.temperature_C) : "trace.csv"
            try AtomicFile.write(trace, to: dir.appendingPathComponent(name))
        }
    }
    for (name, svg) in Charts.solutionCharts(solutions: solutions, plotCycles: plotCycles, comparisons: comparisons) {
        try AtomicFile.write(svg, to: dir.appendingPathComponent(name))
    }
}

struct ScenarioOutput: Encodable {
    var scenario: String
    var runs: [RunRecord]
    var lifetimes: [LifeRecord]
    var expected: [Comparison]
}

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
        do {
            let library = try common.modelLibrary()
            let sc = try ScenarioFile.load(path: scenario)
            var options = SimulationOptions()
            options.recordTrace = trace
            let result = try namingModelIDs(in: scenario) { try sc.run(library: library, options: options, exact: exact) }
            var runs = result.solutions.map(RunRecord.init)
            for i in runs.indices { try bands.simulation(result.solutions[i], library: library, options: options, into: &runs[i]) }
            let lives = try result.lives.map { try bands.life($0, library: library) }
            let json = try SolutionReport.json(ScenarioOutput(scenario: sc.name, runs: runs, lifetimes: lives,
                                                              expected: result.comparisons))
            try report.write {
                let cells = Set(runs.map { [$0.electrolyte, $0.cathode] } + lives.map { [$0.electrolyte, $0.cathode] }).sorted { $0.lexicographicallyPrecedes($1) }
                let files = [(label: "scenario", path: scenario)] + cells.flatMap { HTMLReport.modelFiles(library, electrolyte: $0[0], cathode: $0[1]) }
                return .run(scenario: sc.name, description: sc.description, solutions: result.solutions, runs: runs, lives: lives,
                            comparisons: result.comparisons, plotCycles: sc.plotCycles,
                            inputs: HTMLReport.provenance(arguments: CommandLine.arguments, files: files))
            }
            if let dir = common.output {
                if !runs.isEmpty {
                    try writeFiles(solutions: result.solutions, runs: runs, plotCycles: sc.plotCycles,
                                   comparisons: result.comparisons, json: json, to: dir)
                } else {
                    let url = URL(fileURLWithPath: dir)
                    try AtomicFile.write(json, to: url.appendingPathComponent("result.json"))
                    for life in lives {
                        let suffix = lives.count > 1 ? String(format: "-%gC", life.temperature_C) : ""
                        try AtomicFile.write(LifeReport.csv(life), to: url.appendingPathComponent("life\(suffix).csv"))
                        for (name, svg) in LifeReport.charts(life) {
                            let file = name.replacingOccurrences(of: ".svg", with: "\(suffix).svg")
                            try AtomicFile.write(svg, to: url.appendingPathComponent(file))
                        }
                    }
                }
            }
            switch common.format {
            case .json: print(json, terminator: "")
            case .csv:
                if !runs.isEmpty { print(SolutionReport.cyclesCSV(runs), terminator: "") }
                for l in lives { print(LifeReport.csv(l), terminator: "") }
            case .table:
                print("Scenario: \(sc.name)")
                if !sc.description.isEmpty { print(sc.description) }
                print()
                for r in runs { print(SolutionReport.table(r)) }
                for l in lives { print(LifeReport.table(l)) }
                if !result.comparisons.isEmpty { print(ComparisonReport.table(result.comparisons)) }
                if let dir = common.output { print("files written to \(dir)") }
            }
        } catch let e as ExitCode { throw e } catch { throw fail(error) }
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
        do {
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
            let json = try SolutionReport.json(record)
            if let dir = common.output {
                try writeFiles(solutions: [solution], runs: [record], plotCycles: [], json: json, to: dir)
            }
            switch common.format {
            case .json: print(json, terminator: "")
            case .csv: print(SolutionReport.cyclesCSV([record]), terminator: "")
            case .table: print(SolutionReport.table(record), terminator: "")
            }
        } catch let e as ExitCode { throw e } catch { throw fail(error) }
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
        do {
            let library = try display.modelLibrary()
            let listing = Listing(library: library)
            switch display.format {
            case .json: print(try SolutionReport.json(listing.document), terminator: "")
            case .csv:
                print(listing.csv, terminator: "")
                for f in listing.failures { FileHandle.standardError.write(Data("error: \(f.kind) \(f.id): \(f.error)\n".utf8)) }
            case .table: print(listing.table, terminator: "")
            }
            if !listing.failures.isEmpty { throw ExitCode.failure }
        } catch let e as ExitCode { throw e } catch { throw fail(error) }
    }
}
