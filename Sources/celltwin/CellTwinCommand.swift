import ArgumentParser
import CellTwin
import Foundation

@main
struct CellTwinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "celltwin",
        abstract: "Digital twin and lifetime predictor for Li-metal cells with solid, polymer and gel electrolytes.",
        subcommands: [Run.self, Simulate.self, Life.self, Symmetric.self, Polarize.self, CCD.self, Eis.self, Dqdv.self, Sweep.self, Compare.self, Merge.self, Inspect.self, Forecast.self, Calibrate.self, Validate.self, List.self, Bench.self, New.self])
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

struct CommonOptions: ParsableArguments {
    @Option(help: "Output format on standard output: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: "Directory for the files written (cycles CSV, trace CSV, SVG charts, JSON).")
    var output: String?

    @Option(help: "Model directory (default: Models/ of the working directory or its parents).")
    var models: String?

    func modelLibrary() throws -> ModelLibrary { try ModelLibrary.locate(explicit: models) }
}

/// The cell and condition options shared by `simulate` and `life`.
struct CellOptions: ParsableArguments {
    @Option(help: "Electrolyte ID (see `celltwin list`).")
    var electrolyte: String

    @Option(help: "Cathode ID: LFP, NCM523, NCM811 or S.")
    var cathode: String

    @Option(help: "Temperature in °C (0–150).")
    var temperature: Double

    @Option(name: .customLong("c-rate"), help: "Charge and discharge C-rate.")
    var cRate: Double

    @Option(help: "Cathode loading in mg/cm² (default: the electrolyte's reference cell or the cathode's default).")
    var loading: Double?

    func validate() throws {
        guard cRate.isFinite, cRate > 0 else { throw ValidationError("--c-rate must be a positive number, got \(cRate)") }
        guard temperature.isFinite, supportedTemperatureRange_C.contains(temperature) else {
            throw ValidationError("--temperature must lie in 0–150 °C, got \(temperature)")
        }
        if let loading { guard loading.isFinite, loading > 0 else { throw ValidationError("--loading must be positive") } }
    }

    func design(_ library: ModelLibrary) throws -> CellDesign {
        try library.cell(electrolyte: electrolyte, cathode: cathode, loading_kg_m2: loading.map { Units.kg_m2(mg_cm2: $0) })
    }
}

/// Prints an error to standard error and exits non-zero (never a crash or a partial file).
func fail(_ error: Error) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    return ExitCode.failure
}
