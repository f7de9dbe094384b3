import ArgumentParser
import CellTwin
import Foundation

/// `celltwin validate`: every seed measurement row against the shipped models, with the tolerances.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare every seed measurement with the twin of the shipped models (published vs twin, error, tolerance).",
        discussion: """
        Reads Calibration/seed-measurements.csv (or --data) and evaluates each row whose electrolyte is shipped: \
        conductivity (the twin's simulated blocking-cell impedance measurement) within 10 %, apparent activation \
        energy within 10 %, t+ within 0.02, rate capabilities within 5 %, \
        retention within 3 points, times to short within a factor of 2 (censored rows as inequalities), CCD within one \
        step, an overpotential "linear in the membrane resistivity" as straight lines with R² ≥ 0.98 and a positive \
        slope through the simulated test at the study's temperatures. Rows the model cannot predict are listed with the reason. With --leave-one-out, every full-cell row of an \
        electrolyte with at least 4 is predicted by a refit without it. With --output: validation.md, validation.json \
        and parity.svg.
        """)

    @Option(help: "Only this shipped electrolyte (see `celltwin list`).")
    var electrolyte: String?

    @Option(help: "Measurement table (default: Calibration/seed-measurements.csv beside the model directory).")
    var data: String?

    @Flag(name: .customLong("leave-one-out"),
          help: "Also refit each electrolyte without each of its full-cell rows (where it has at least 4) and predict the row left out.")
    var leaveOneOut = false

    @Flag(name: .customLong("leave-condition-out"),
          help: "Also refit each electrolyte without all rows at one condition (a temperature, a C-rate, a cathode, a cycle count) and predict them with their 95 % predictive bands (--band auto unless linear or sampled is given).")
    var leaveConditionOut = false

    @OptionGroup var bands: BandArguments

    @Option(help: "Parallel workers (default: every core).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var common: CommonOptions

    @OptionGroup var report: ReportOption

    func validate() throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1, got \(workers)") }
    }

    func run() throws {
        let library = try common.modelLibrary()
        let path = data ?? library.directory.deletingLastPathComponent()
            .appendingPathComponent("Calibration/seed-measurements.csv").path
        var result = try Validation.run(dataPath: path, library: library, electrolyte: electrolyte, workers: workers)
        if leaveOneOut { result.leaveOneOut = try Validation.leaveOneOut(result, library: library, workers: workers) }
        if leaveConditionOut {
            // A left-out condition is judged by its band: auto unless --band asks for linear or sampled.
            var band = bands.options
            if !bands.isOn { band.method = .auto }
            result.leaveConditionOut = try Validation.leaveConditionOut(result, library: library, band: band, workers: workers)
        }
        try report.write {
            let ids = electrolyte.map { [$0] } ?? library.electrolyteIDs
            return .study(title: "Validation of the shipped twins", table: ValidationReport.table(result), csv: ValidationReport.csv(result),
                          files: [("parity.svg", ValidationReport.parityChart(result))],
                          inputs: HTMLReport.provenance(arguments: CommandLine.arguments, files: [(label: "measurements", path: path)]
                              + ids.flatMap { HTMLReport.modelFiles(library, electrolyte: $0, cathode: nil) }))
        }
        try emit(ValidationRunReport(result), common.emitOptions)
    }
}
