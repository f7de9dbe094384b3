import ArgumentParser
import CellTwin
import Foundation

/// `celltwin dqdv FILE | --electrolyte … --cathode …`: differential capacity and voltage of measured or simulated cycles.
struct Dqdv: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "dQ/dV and dV/dQ of measured (any cycler file) or simulated cycles, with peaks and degradation modes.",
        discussion: """
        dQ/dV: the capacity passed is binned on a uniform voltage grid (--voltage-step-mv) and smoothed by a \
        Savitzky–Golay filter of degree 2 over --window-mv; dV/dQ: the voltage on 500 uniform capacity steps, \
        differentiated by a Savitzky–Golay filter of degree 2 over 3 % of the capacity. Only the constant-current \
        part of each half-cycle is used. With two cycles and a cathode (--cathode), the later cycle is compared \
        with the first on the cathode's OCV curve: active material lost, polarization shift and, with \
        --lithium-limited, Li inventory lost (not observable with an excess Li-metal anode).
        """)

    @Argument(help: "Cycler file (any format `celltwin` reads). Omit it to simulate a cell with --electrolyte …")
    var file: String?

    @Option(help: "Cycles to analyse, comma-separated (default: the first and last cycle of a file; 1 for a simulation).")
    var cycles: String?

    @Option(help: "Electrolyte ID, to simulate the cell instead of reading a file.")
    var electrolyte: String?

    @Option(help: "Cathode ID (LFP, NCM523, NCM811, S): the simulated cell's, or the OCV curve for the degradation modes of a file.")
    var cathode: String?

    @Option(help: "Temperature in °C for a simulation (0–150).")
    var temperature: Double?

    @Option(name: .customLong("c-rate"), help: "C-rate of the simulated CC cycles.")
    var cRate: Double?

    @Flag(name: .customLong("lithium-limited"), help: "The cell has no Li reservoir (anode-free or exhausted): report Li inventory loss.")
    var lithiumLimited = false

    @Option(name: .customLong("voltage-step-mv"), help: "dQ/dV voltage bin, mV (default 1).")
    var voltageStep: Double = 1

    @Option(name: .customLong("window-mv"), help: "dQ/dV Savitzky–Golay window, mV (default 15).")
    var window: Double = 15

    @OptionGroup var common: CommonOptions

    @OptionGroup var report: ReportOption

    func validate() throws {
        if file != nil, electrolyte != nil { throw ValidationError("give a cycler FILE or --electrolyte … to simulate, not both") }
        if file == nil {
            guard electrolyte != nil, cathode != nil, temperature != nil, cRate != nil else {
                throw ValidationError("give a cycler FILE, or --electrolyte, --cathode, --temperature and --c-rate to simulate a cell")
            }
        }
        if let temperature { guard temperature.isFinite, (0...150).contains(temperature) else { throw ValidationError("--temperature must lie in 0–150 °C") } }
        if let cRate { guard cRate.isFinite, cRate > 0 else { throw ValidationError("--c-rate must be a positive number") } }
        guard voltageStep.isFinite, voltageStep > 0, voltageStep <= 50 else { throw ValidationError("--voltage-step-mv must lie in (0, 50] mV") }
        guard window.isFinite, window >= 3 * voltageStep, window <= 500 else {
            throw ValidationError("--window-mv must be at least 3 voltage steps and at most 500 mV")
        }
        _ = try cycleList()
    }

    func cycleList() throws -> [Int]? {
        guard let cycles else { return nil }
        return try cycles.split(separator: ",").map { field in
            let t = field.trimmingCharacters(in: .whitespaces)
            guard let n = Int(t), n >= 0 else { throw ValidationError("--cycles: '\(t)' is not a cycle number (write e.g. 1,100)") }
            return n
        }
    }

    func run() throws {
        var options = DifferentialOptions()
        options.voltageStep_V = voltageStep / 1000
        options.voltageWindow_V = window / 1000
        let library = try common.modelLibrary()
        let source: DifferentialSource = if let file {
            .file(path: file, cycles: try cycleList(), cathode: cathode)
        } else {
            .simulation(electrolyte: electrolyte!, cathode: cathode!, temperature_C: temperature!, cRate: cRate!,
                        cycles: try cycleList() ?? [1])
        }
        let report = try DifferentialReport.make(source, options: options, lithiumLimited: lithiumLimited, library: library)
        let subject = report.subject
        try self.report.write {
            var files: [(label: String, path: String)] = file.map { [(label: "cycler file", path: $0)] } ?? []
            if let electrolyte { files += HTMLReport.modelFiles(library, electrolyte: electrolyte, cathode: nil) }
            if let cathode { files.append((label: "cathode model \(cathode)", path: library.cathodePath(cathode))) }
            return .study(title: "Differential analysis of \(subject)", table: report.table(), csv: report.peaksCSV(),
                          files: report.charts().map { ($0.0, $0.1.svg()) },
                          inputs: HTMLReport.provenance(arguments: CommandLine.arguments, files: files))
        }
        try emit(report, common.emitOptions)
    }
}
