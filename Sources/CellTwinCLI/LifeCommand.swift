import ArgumentParser
import CellTwin
import Foundation

/// Parses "80%", "80 %" or "0.8" into a retention fraction.
func parseRetention(_ text: String) throws -> Double {
    let t = text.trimmingCharacters(in: .whitespaces)
    if t.hasSuffix("%") {
        guard let v = Quantity.decimal(String(t.dropLast())), v.isFinite else {
            throw ValidationError("cannot read the threshold '\(text)' (write e.g. 80%)")
        }
        return v / 100
    }
    guard let v = Quantity.decimal(t), v.isFinite else { throw ValidationError("cannot read the threshold '\(text)' (write e.g. 80%)") }
    return v > 1 ? v / 100 : v
}

struct Life: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cycle a cell to end of life with its degradation mechanisms; report cycles to a threshold and what took the capacity.")

    @OptionGroup var cell: CellOptions

    @Option(help: "End-of-life retention, e.g. 80%.")
    var until: String = "80%"

    @Option(help: "Further retentions to report, comma-separated (e.g. 90%,70%).")
    var thresholds: String?

    @Option(name: .customLong("max-cycles"), help: "Aging cycles at most (1–1000000).", transform: OptionValue.cycles)
    var maxCycles: Int = 5000

    @Flag(help: "Simulate every cycle (no cycle skipping).")
    var exact = false

    @Option(name: .customLong("fixed-block"),
            help: "Skip cycles on a fixed schedule of this many cycles per block (no error test; what fits use).",
            transform: OptionValue.cycles)
    var fixedBlock: Int?

    @OptionGroup var bands: BandArguments

    @OptionGroup var common: CommonOptions

    @OptionGroup var report: ReportOption

    func validate() throws {
        guard maxCycles >= 1 else { throw ValidationError("--max-cycles must be at least 1, got \(maxCycles)") }
        let t = try parseRetention(until)
        guard t > 0, t <= 1 else { throw ValidationError("--until must lie in (0, 100] %, got \(until)") }
        for item in (thresholds ?? "").split(separator: ",") {
            let x = try parseRetention(String(item))
            guard x > 0, x <= 1 else { throw ValidationError("--thresholds: each must lie in (0, 100] %, got \(item)") }
        }
    }

    func run() throws {
        let library = try common.modelLibrary()
        let design = try cell.design(library)
        var options = LifeOptions()
        options.threshold = try parseRetention(until)
        options.extraThresholds = try (thresholds ?? "").split(separator: ",").map { try parseRetention(String($0)) }
        options.maxCycles = maxCycles
        options.exact = exact
        options.fixedBlock = fixedBlock
        let (result, experiment) = try LifeSimulator.standardRun(design: design, temperature_C: cell.temperature,
                                                                 chargeRate: cell.chargeRate ?? cell.cRate,
                                                                 dischargeRate: cell.cRate, options: options)
        let record = try bands.life(result, experiment: experiment, library: library)
        try report.write {
            let title = String(format: "Li | %@ | %@ at %g °C, charge %gC / discharge %gC to %@ (max %d cycles)", design.electrolyte.id,
                               design.cathode.id, cell.temperature, cell.chargeRate ?? cell.cRate, cell.cRate, until, maxCycles)
            return .life(record, title: title, inputs: HTMLReport.provenance(
                arguments: CommandLine.arguments,
                files: HTMLReport.modelFiles(library, electrolyte: design.electrolyte.id, cathode: design.cathode.id)))
        }
        try emit(LifeRunReport(record), common.emitOptions)
    }
}
