import ArgumentParser
import CellTwin
import Foundation

/// `celltwin eis …`: simulate a cell's impedance (the default) or fit a circuit to a measured spectrum.
struct Eis: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eis",
        abstract: "Impedance spectra: simulate the cell models (default) or fit an equivalent circuit to measured data.",
        discussion: """
        Z = Z′ + jZ″ in Ω; Nyquist plots show −Z″ against Z′. Circuits use impedance.py's syntax: \
        '-' in series, p(a,b) in parallel, elements R, C, L, CPE, W, Wo, Ws with an index (R0, CPE1, Wo1).
        """,
        subcommands: [EisSimulate.self, EisFit.self],
        defaultSubcommand: EisSimulate.self)
}

enum EisCellKind: String, ExpressibleByArgument, CaseIterable {
    case symmetric, full
}

enum EisWeighting: String, ExpressibleByArgument, CaseIterable {
    case unit, modulus

    var impedanceWeighting: ImpedanceWeighting { self == .unit ? .unit : .modulus }
}

// MARK: - Simulate

struct EisSimulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Impedance spectrum of a Li|E|Li or Li|E|cathode cell from the model files (1 MHz to 10 mHz).")

    @Option(help: "Electrolyte ID (see `celltwin list`).")
    var electrolyte: String

    @Option(help: "Temperature: °C (60, 60 °C or 333 K), −40–150 °C and inside the electrolyte's range.",
            transform: OptionValue.temperature_C)
    var temperature: Double

    @Option(help: "Cell: symmetric (Li|E|Li) or full (Li|E|cathode).")
    var cell: EisCellKind = .symmetric

    @Option(help: "Cathode ID for --cell full: LFP, NCM523, NCM811 or S.")
    var cathode: String?

    @Option(help: "State of charge of the cathode window for --cell full (0–1).", transform: OptionValue.decimal)
    var soc: Double = 0.5

    @Option(help: "Electrode area in cm² (default: the electrolyte's reference cell).", transform: OptionValue.decimal)
    var area: Double?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard soc.isFinite, (0...1).contains(soc) else { throw ValidationError("--soc must lie in 0–1, got \(soc)") }
        if let area, let problem = InputLimit.electrodeArea_cm2.problem(area) { throw ValidationError("--area: \(problem)") }
        if cell == .full, cathode == nil { throw ValidationError("--cell full needs --cathode (LFP, NCM523, NCM811 or S)") }
        if cell == .symmetric, cathode != nil { throw ValidationError("--cathode applies to --cell full only") }
    }

    func run() throws {
        let library = try common.modelLibrary()
        var assumptions = ImpedanceAssumptions()
        assumptions.electrodeArea_m2 = area.map { $0 * 1e-4 }
        let t = Units.kelvin(celsius: temperature)
        let model: CellImpedanceModel
        let label: String
        switch cell {
        case .symmetric:
            let e = try namingModelIDs { try library.electrolyte(electrolyte) }
            model = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: t, assumptions: assumptions)
            label = "Li | \(e.id) | Li"
        case .full:
            let design = try namingModelIDs { try library.cell(electrolyte: electrolyte, cathode: cathode ?? "") }
            model = try CellImpedanceModel.full(design: design, temperature_K: t, stateOfCharge: soc, assumptions: assumptions)
            label = "Li | \(design.electrolyte.id) | \(design.cathode.id) (SOC \(EisReport.number(soc)))"
        }
        try emit(EisSimulationReport(model: model, electrolyte: electrolyte, cathode: cell == .full ? cathode : nil,
                                     temperature_C: temperature, soc: cell == .full ? soc : nil,
                                     title: "\(label) at \(EisReport.number(temperature)) °C"), common.emitOptions)
    }
}

// MARK: - Fit

struct EisFit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit an equivalent circuit to a measured spectrum (complex nonlinear least squares).",
        discussion: """
        DATA: a CSV of f (Hz), Re(Z), Im(Z) (signed) with or without a header, a CSV with named columns \
        (freq…, Re…, Im… or -Im…, spectrum_index), a BioLogic EC-Lab text export (.mpt/.txt), or a BioLogic \
        EC-Lab binary file (.mpr, GEIS/PEIS; one spectrum per cycle number).
        """)

    @Argument(help: "Spectrum file.")
    var data: String

    @Option(help: "Circuit string, e.g. \"R0-p(R1,CPE1)-Wo1\".")
    var circuit: String

    @Option(help: "Initial values, comma-separated in the circuit's parameter order (default: read off the data).")
    var initial: String?

    @Option(help: "Spectrum number in a file holding several (cycle number / spectrum_index; default: the first).")
    var spectrum: Int?

    @Option(help: "Residual weighting: unit (impedance.py's default) or modulus (divided by |Z|).")
    var weighting: EisWeighting = .unit

    @Flag(name: .customLong("drop-inductive"), help: "Drop points with Im(Z) > 0 before fitting (impedance.py's ignoreBelowX).")
    var dropInductive = false

    @Option(help: "Number of least-squares starts (random perturbations of the initial values).")
    var starts: Int?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let starts { guard (1...200).contains(starts) else { throw ValidationError("--starts must lie in 1–200") } }
        if let spectrum { guard spectrum >= 0 else { throw ValidationError("--spectrum must not be negative") } }
    }

    /// The --initial list as numbers.
    func initialValues() throws -> [Double]? {
        guard let initial else { return nil }
        return try initial.split(separator: ",", omittingEmptySubsequences: false).enumerated().map { k, field in
            let t = field.trimmingCharacters(in: .whitespaces)
            guard let x = Quantity.decimal(t), x.isFinite else {
                throw RunFailure("--initial: value \(k + 1) '\(t)' is not a finite number (write e.g. 0.01,0.01,100)")
            }
            return x
        }
    }

    func run() throws {
        let circuit = try Circuit(self.circuit)
        let values = try initialValues()
        let file = try ImpedanceFile(path: data)
        let selected = try file.spectrum(spectrum)
        let measured = dropInductive ? selected.spectrum.capacitivePoints() : selected.spectrum
        var options: NonlinearLeastSquaresOptions?
        if let starts {
            var o = NonlinearLeastSquaresOptions()
            o.starts = starts
            options = o
        }
        // Kramers–Kronig validity of the data first (a failed check does not stop the fit).
        let kk: Result<KramersKronig.Result, Error> = Result { try KramersKronig.check(measured) }
        let fit = try CircuitFit.fit(circuit, to: measured, initial: values, weighting: weighting.impedanceWeighting, options: options)
        try emit(EisFitReport(fit: fit, measured: measured, kramersKronig: kk, file: data, spectrum: selected.index,
                              spectraInFile: file.spectra.count), common.emitOptions)
    }
}

