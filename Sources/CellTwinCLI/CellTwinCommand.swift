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

/// The `celltwin` command: its subcommands, and the one path every run takes (parse and check the arguments, lock
/// the `--output` folder, run, print any error, flush standard output).
public struct CellTwinCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "celltwin",
        abstract: "Digital twin and lifetime predictor for Li-metal cells with solid, polymer and gel electrolytes.",
        discussion: "celltwin --version prints the version, the git revision and the checksum of the model set.",
        subcommands: [Run.self, Simulate.self, Life.self, Symmetric.self, Polarize.self, CCD.self, Eis.self, Dqdv.self, Sweep.self, Compare.self, Merge.self, Inspect.self, Forecast.self, Calibrate.self, Validate.self, List.self, Bench.self, New.self])

    public init() {}

    /// Parses, refuses repeated options, names unknown options before missing ones, locks the `--output` folder,
    /// runs, and turns a failed write on standard output into exit status 1.
    public static func main() {
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
        var command: ParsableCommand
        do {
            command = try parseChecked(arguments)
            if let dir = CommandLineChecks.outputDirectory(of: command) { try OutputFolder.lock(dir) }
        } catch let e as OutputError { exit(reporting: e) } catch {
            finishStandardOutput()
            exit(withError: error)
        }
        do { try command.run() } catch { exit(reporting: error) }
        finishStandardOutput()
    }

    /// The arguments parsed into their command, with the checks ArgumentParser does not make: a repeated option is
    /// refused, and an unknown option is named before a missing one it hid.
    public static func parseChecked(_ arguments: [String]) throws -> ParsableCommand {
        try CommandLineChecks.refuseRepeatedOptions(arguments)
        let command: ParsableCommand
        do { command = try parseAsRoot(arguments) } catch {
            if let unknown = CommandLineChecks.unknownOption(arguments) {
                throw ValidationError("unknown option '\(unknown)' (see celltwin \(CommandLineChecks.commandPath(arguments).joined(separator: " ")) --help)")
            }
            throw error
        }
        try CommandLineChecks.refuseIgnoredOutput(command)
        return command
    }

    /// The one place a command's error is printed. ArgumentParser's own ends (``endsAsArgumentParserEndsIt(_:)``)
    /// print as it prints them; every other error describes itself on standard error ("error: …", status 1).
    static func exit(reporting error: Error) -> Never {
        finishStandardOutput()
        if endsAsArgumentParserEndsIt(error) { exit(withError: error) }
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        Foundation.exit(1)
    }

    /// An exit code, a usage error (``ValidationError``), or a request ArgumentParser answers itself: `--help` (its
    /// help command throws the request when it runs), `--version`, completion scripts (exit status other than 1).
    static func endsAsArgumentParserEndsIt(_ error: Error) -> Bool {
        error is ExitCode || error is ValidationError || exitCode(for: error) != .failure
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

extension OutputFormat: ExpressibleByArgument {}

struct CommonOptions: ParsableArguments {
    @Option(help: "Output format on standard output: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: "Directory for the files written (cycles CSV, trace CSV, SVG charts, JSON).")
    var output: String?

    @Option(help: "Model directory (default: Models/ of the working directory or its parents).")
    var models: String?

    func modelLibrary() throws -> ModelLibrary { try ModelLibrary.locate(explicit: models) }

    /// Where and how the command's report is shown.
    var emitOptions: EmitOptions { EmitOptions(format: format, directory: output) }
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

/// An error found while a command runs (not while its options are parsed): printed as "error: …" with status 1.
struct RunFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
