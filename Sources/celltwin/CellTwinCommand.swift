import ArgumentParser
import CellTwin
import Foundation

/// The C standard output stream that `print` writes through (looked up by symbol: Swift 6 refuses the C global).
func standardOutputStream() -> UnsafeMutablePointer<FILE>? {
    #if os(Linux)
    guard let symbol = dlsym(nil, "stdout") else { return nil } // RTLD_DEFAULT is 0 in glibc
    #else
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -2), "__stdoutp") else { return nil }
    #endif
    return symbol.assumingMemoryBound(to: UnsafeMutablePointer<FILE>?.self).pointee
}

@main
struct CellTwinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "celltwin",
        abstract: "Digital twin and lifetime predictor for Li-metal cells with solid, polymer and gel electrolytes.",
        discussion: "celltwin --version prints the version, the git revision and the checksum of the model set.",
        subcommands: [Run.self, Simulate.self, Life.self, Symmetric.self, Polarize.self, CCD.self, Eis.self, Dqdv.self, Sweep.self, Compare.self, Merge.self, Inspect.self, Forecast.self, Calibrate.self, Validate.self, List.self, Bench.self, New.self])

    /// Parses, refuses repeated options, names unknown options before missing ones, locks the `--output` folder,
    /// runs, and turns a failed write on standard output into exit status 1.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let models = CommandLineChecks.value(of: "--models", in: arguments)
        OutputProvenance.shared.set {
            Provenance(library: try? ModelLibrary.locate(explicit: models))
        }
        if arguments == ["--version"] {
            print(OutputProvenance.shared.current?.summary ?? Provenance.version)
            finishStandardOutput()
            return
        }
        do {
            try CommandLineChecks.refuseRepeatedOptions(arguments)
            var command: ParsableCommand
            do { command = try parseAsRoot(arguments) } catch {
                if let unknown = CommandLineChecks.unknownOption(arguments) {
                    throw ValidationError("unknown option '\(unknown)' (see celltwin \(CommandLineChecks.commandPath(arguments).joined(separator: " ")) --help)")
                }
                throw error
            }
            try CommandLineChecks.refuseIgnoredOutput(command)
            if let dir = CommandLineChecks.outputDirectory(of: command) { try OutputFolder.lock(dir) }
            try command.run()
        } catch let e as OutputError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            finishStandardOutput()
            Foundation.exit(1)
        } catch {
            finishStandardOutput()
            exit(withError: error)
        }
        finishStandardOutput()
    }

    /// Flushes standard output; a write error there (a full disk, `> /dev/full`) ends the process with status 1.
    static func finishStandardOutput() {
        let out = standardOutputStream()
        if fflush(out) != 0 || (out.map { ferror($0) != 0 } ?? false) {
            let reason = String(cString: strerror(errno))
            FileHandle.standardError.write(Data("error: cannot write to standard output: \(reason)\n".utf8))
            Foundation.exit(1)
        }
    }
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

/// `--format` and `--models` for commands that write no files (`list`, `bench`: no `--output`).
struct DisplayOptions: ParsableArguments {
    @Option(help: "Output format on standard output: table, csv or json.")
    var format: OutputFormat = .table

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

    @Option(help: "Temperature: °C (60, 60 °C or 333 K), −40–150 °C and inside the electrolyte's range.",
            transform: OptionValue.temperature_C)
    var temperature: Double

    @Option(name: .customLong("c-rate"), help: "Charge and discharge C-rate (0.5, 0.5C or C/2), 0.001–50.",
            transform: OptionValue.cRate)
    var cRate: Double

    @Option(name: .customLong("charge-rate"), help: "Charge C-rate, if different from --c-rate (0.2, C/5).",
            transform: OptionValue.cRate)
    var chargeRate: Double?

    @Option(help: "Cathode loading: mg/cm² (2 or 2 mg/cm2), 0.05–50 (default: the electrolyte's reference cell or the cathode's default).",
            transform: OptionValue.loading_mg_cm2)
    var loading: Double?

    func design(_ library: ModelLibrary) throws -> CellDesign {
        try namingModelIDs {
            try library.cell(electrolyte: electrolyte, cathode: cathode, loading_kg_m2: loading.map { Units.kg_m2(mg_cm2: $0) })
        }
    }
}

/// Prints an error to standard error and exits non-zero (never a crash or a partial file).
func fail(_ error: Error) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    return ExitCode.failure
}
