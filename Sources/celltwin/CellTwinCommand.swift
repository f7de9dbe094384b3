import ArgumentParser
import CellTwin
import Foundation

@main
struct CellTwinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "celltwin",
        abstract: "Digital twin and lifetime predictor for Li-metal cells with solid, polymer and gel electrolytes.",
        subcommands: [Run.self, Simulate.self, Life.self, Symmetric.self, Polarize.self, CCD.self, Eis.self, List.self, Bench.self])
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

    func library() throws -> ModelLibrary { try ModelLibrary.locate(explicit: models) }
}

/// Prints an error to standard error and exits non-zero (never a crash or a partial file).
func fail(_ error: Error) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    return ExitCode.failure
}
