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
        do {
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
            let spectrum = model.spectrum()
            let report = EisSimulationReport(model: model, spectrum: spectrum, electrolyte: electrolyte,
                                             cathode: cell == .full ? cathode : nil, temperature_C: temperature,
                                             soc: cell == .full ? soc : nil)
            let json = try SolutionReport.json(report)
            let title = "\(label) at \(EisReport.number(temperature)) °C"
            if let dir = common.output {
                let url = URL(fileURLWithPath: dir)
                let chart = NyquistPlot.chart(title: title, series: [.init(name: "model", spectrum: spectrum, style: .lineAndMarkers)])
                let svg = chart.svg()
                try AtomicFile.write(spectrum.csv(), to: url.appendingPathComponent("spectrum.csv"))
                try AtomicFile.write(json, to: url.appendingPathComponent("spectrum.json"))
                try AtomicFile.write(svg, to: url.appendingPathComponent("nyquist.svg"))
                try BodePlot(title: title, series: [.init(name: "model", spectrum: spectrum, style: .lineAndMarkers)])
                    .write(to: url.appendingPathComponent("bode.svg"))
            }
            switch common.format {
            case .json: print(json, terminator: "")
            case .csv: print(spectrum.csv(), terminator: "")
            case .table:
                print(EisReport.simulationTable(title: title, model: model, spectrum: spectrum), terminator: "")
                if let dir = common.output { print("files written to \(dir)") }
            }
        } catch let e as ExitCode { throw e } catch { throw fail(error) }
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
                throw ValidationError("--initial: value \(k + 1) '\(t)' is not a finite number (write e.g. 0.01,0.01,100)")
            }
            return x
        }
    }

    func run() throws {
        do {
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
            var report = EisFitReport(fit: fit, file: data, spectrum: selected.index, spectraInFile: file.spectra.count)
            report.kramers_kronig = try? kk.get().jsonSummary
            let kkLine = (try? kk.get().summary) ?? "Kramers–Kronig check not run: \(kk.failureText)"
            if let k = try? kk.get(), k.exceedsThreshold { report.warnings.append(kkLine) }
            let json = try SolutionReport.json(report)
            if let dir = common.output {
                let url = URL(fileURLWithPath: dir)
                let title = "\(circuit) fitted to \(URL(fileURLWithPath: data).lastPathComponent)"
                    + (file.spectra.count > 1 ? " (spectrum \(selected.index))" : "")
                let chart = NyquistPlot.chart(title: title, series: [
                    .init(name: "data", spectrum: measured, style: .markers),
                    .init(name: "fit", spectrum: fit.fitted, style: .line),
                ])
                let svg = chart.svg()
                try AtomicFile.write(EisReport.parametersCSV(fit), to: url.appendingPathComponent("parameters.csv"))
                try AtomicFile.write(json, to: url.appendingPathComponent("fit.json"))
                try AtomicFile.write(svg, to: url.appendingPathComponent("nyquist.svg"))
                try BodePlot(title: title, series: [
                    .init(name: "data", spectrum: measured, style: .markers),
                    .init(name: "fit", spectrum: fit.fitted, style: .line),
                ]).write(to: url.appendingPathComponent("bode.svg"))
                if let k = try? kk.get() {
                    try AtomicFile.write(k.residualsCSV(measured: measured), to: url.appendingPathComponent("kramers-kronig.csv"))
                }
            }
            switch common.format {
            case .json: print(json, terminator: "")
            case .csv: print(EisReport.parametersCSV(fit), terminator: "")
            case .table:
                print(EisReport.fitTable(fit, file: data, spectrum: selected.index, spectraInFile: file.spectra.count),
                      terminator: "")
                print(kkLine)
                if let dir = common.output { print("files written to \(dir)") }
            }
        } catch let e as ExitCode { throw e } catch { throw fail(error) }
    }
}

// MARK: - Reports

/// JSON of `eis simulate`.
struct EisSimulationReport: Encodable {
    struct Component: Encodable {
        var name: String
        var elements: [String]
        var resistance_ohm: Double
        var resistance_ohm_cm2: Double
        var frequency_Hz: Double?
    }

    struct Parameter: Encodable {
        var name: String
        var value: Double
        var unit: String
    }

    struct Point: Encodable {
        var frequency_Hz: Double
        var Z_re_ohm: Double
        var Z_im_ohm: Double
        var Z_abs_ohm: Double
        var phase_deg: Double
    }

    var cell: String
    var electrolyte: String
    var cathode: String?
    var state_of_charge: Double?
    var temperature_C: Double
    var electrode_area_cm2: Double
    var circuit: String
    var parameters: [Parameter]
    var components: [Component]
    var high_frequency_intercept_ohm: Double
    var bulk_resistance_ohm: Double
    var low_frequency_resistance_ohm: Double
    var dc_limit: Bool
    var spectrum: [Point]

    init(model: CellImpedanceModel, spectrum s: ImpedanceSpectrum, electrolyte: String, cathode: String?,
         temperature_C: Double, soc: Double?) {
        let areaCm2 = model.electrodeArea_m2 * 1e4
        cell = model.cell.rawValue
        self.electrolyte = electrolyte
        self.cathode = cathode
        state_of_charge = soc
        self.temperature_C = temperature_C
        electrode_area_cm2 = areaCm2
        circuit = model.circuit.description
        parameters = zip(zip(model.circuit.parameterNames, model.circuit.parameterUnits), model.parameters).map {
            Parameter(name: $0.0, value: $1, unit: $0.1)
        }
        components = model.components.map {
            Component(name: $0.name, elements: $0.elements, resistance_ohm: $0.resistance_ohm,
                      resistance_ohm_cm2: $0.resistance_ohm * areaCm2, frequency_Hz: $0.frequency_Hz)
        }
        high_frequency_intercept_ohm = SpectrumFeatures(s).highFrequencyIntercept_ohm
        bulk_resistance_ohm = model.bulkResistance_ohm
        low_frequency_resistance_ohm = model.lowFrequencyResistance_ohm
        dc_limit = model.hasDCLimit
        let phase = s.phase_deg
        spectrum = (0..<s.count).map { k in
            let z = s.impedances_ohm[k]
            return Point(frequency_Hz: s.frequencies_Hz[k], Z_re_ohm: z.re, Z_im_ohm: z.im, Z_abs_ohm: z.modulus, phase_deg: phase[k])
        }
    }
}

/// JSON of `eis fit`: `{"parameters": [{"name", "value", "stderr", …}], "chi_square", "points", …}`.
struct EisFitReport: Encodable {
    struct Parameter: Encodable {
        var name: String
        var value: Double
        var stderr: Double?
        var unit: String
        var lower_95: Double?
        var upper_95: Double?

        enum CodingKeys: String, CodingKey { case name, value, stderr, unit, lower_95, upper_95 }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(value, forKey: .value)
            try c.encode(stderr, forKey: .stderr) // null when the data do not determine the parameter
            try c.encode(unit, forKey: .unit)
            try c.encodeIfPresent(lower_95, forKey: .lower_95)
            try c.encodeIfPresent(upper_95, forKey: .upper_95)
        }
    }

    var circuit: String
    var file: String
    var spectrum: Int
    var weighting: String
    var parameters: [Parameter]
    var chi_square: Double
    var points: Int
    var iterations: Int
    var convergence: String
    var warnings: [String]
    /// The Kramers–Kronig check of the fitted points (absent when it could not run).
    var kramers_kronig: KramersKronig.Result.Summary?

    init(fit: CircuitFitResult, file: String, spectrum: Int, spectraInFile: Int) {
        circuit = fit.circuit.description
        self.file = file
        self.spectrum = spectrum
        weighting = fit.weighting.rawValue
        parameters = fit.parameters.map {
            Parameter(name: $0.name, value: $0.value, stderr: $0.standardError.flatMap { $0.isFinite ? $0 : nil }, unit: $0.unit,
                      lower_95: $0.interval?.lowerBound, upper_95: $0.interval?.upperBound)
        }
        chi_square = fit.chiSquare
        points = fit.points
        iterations = fit.leastSquares.iterations
        convergence = fit.leastSquares.convergence.rawValue
        warnings = fit.leastSquares.warnings
    }
}

extension Result where Failure == Error {
    /// The error's text, or "" on success.
    var failureText: String {
        if case .failure(let e) = self { return String(describing: e) }
        return ""
    }
}

/// Text renderings for the eis commands.
enum EisReport {
    static func number(_ x: Double, _ digits: Int = 4) -> String {
        guard x.isFinite else { return "–" }
        return String(format: "%.\(digits)g", x)
    }

    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let n = s.count
        guard n < width else { return s }
        let fill = String(repeating: " ", count: width - n)
        return right ? fill + s : s + fill
    }

    static func simulationTable(title: String, model: CellImpedanceModel, spectrum: ImpedanceSpectrum) -> String {
        let areaCm2 = model.electrodeArea_m2 * 1e4
        var out = "\(title), electrode area \(number(areaCm2, 3)) cm² (\(model.cell.rawValue) cell)\n"
        out += "circuit \(model.circuit)\n\n"
        out += pad("component", 34) + pad("R Ω", 12, right: true) + pad("R Ω cm²", 12, right: true)
            + pad("f Hz", 12, right: true) + "  elements\n"
        for c in model.components {
            out += pad(c.name, 34) + pad(number(c.resistance_ohm), 12, right: true)
                + pad(number(c.resistance_ohm * areaCm2), 12, right: true)
                + pad(c.frequency_Hz.map { number($0, 3) } ?? "–", 12, right: true) + "  " + c.elements.joined(separator: ", ") + "\n"
        }
        let features = SpectrumFeatures(spectrum)
        out += "\nhigh-frequency intercept   \(number(features.highFrequencyIntercept_ohm)) Ω"
            + " (R_b + contacts = \(number(model.bulkResistance_ohm + model.seriesResistance_ohm)) Ω)\n"
        if model.hasDCLimit {
            out += "DC limit (f → 0)           \(number(model.lowFrequencyResistance_ohm)) Ω\n"
        } else {
            out += "Re Z as f → 0              \(number(model.lowFrequencyResistance_ohm)) Ω (capacitive: −Z″ → ∞, the cathode's intercalation capacitance)\n"
        }
        if let x = model.cathodeStoichiometry, let slope = model.cathodeOCVSlope_V {
            out += "cathode linearized at x = \(number(x, 4)), dU/dx = \(number(slope, 4)) V\n"
        }
        let f = spectrum.frequencies_Hz
        out += "\(spectrum.count) frequencies, \(number(f.first ?? 0, 3)) Hz to \(number(f.last ?? 0, 3)) Hz;"
            + " lowest-frequency point Z = \(number(features.lowestFrequencyReal_ohm)) − j\(number(features.lowestFrequencyMinusImaginary_ohm)) Ω\n"
        return out
    }

    static func fitTable(_ fit: CircuitFitResult, file: String, spectrum: Int, spectraInFile: Int) -> String {
        var out = "circuit \(fit.circuit) fitted to \(file)"
        if spectraInFile > 1 { out += ", spectrum \(spectrum) of \(spectraInFile)" }
        out += "\n\(fit.points) points, \(fit.weighting.rawValue) weighting, χ² = \(number(fit.chiSquare)),"
            + " \(fit.leastSquares.iterations) iterations (\(fit.leastSquares.convergence.rawValue))\n\n"
        out += pad("parameter", 12) + pad("value", 14, right: true) + pad("std. error", 14, right: true)
            + pad("rel.", 9, right: true) + "  " + pad("unit", 14) + "95 % interval\n"
        for p in fit.parameters {
            let se = p.standardError.map { number($0) } ?? "–"
            let rel = p.standardError.map { String(format: "%.1f %%", 100 * $0 / abs(p.value)) } ?? "–"
            let interval = p.interval.map { "\(number($0.lowerBound)) … \(number($0.upperBound))" } ?? "–"
            out += pad(p.name, 12) + pad(number(p.value), 14, right: true) + pad(se, 14, right: true)
                + pad(rel, 9, right: true) + "  " + pad(p.unit.isEmpty ? "–" : p.unit, 14) + interval + "\n"
        }
        for w in fit.leastSquares.warnings { out += "warning: \(w)\n" }
        return out
    }

    static func parametersCSV(_ fit: CircuitFitResult) -> String {
        var out = "name,value,stderr,unit,lower_95,upper_95\n"
        func f(_ x: Double?) -> String { x.map { $0.isFinite ? String(format: "%.10g", $0) : "" } ?? "" }
        for p in fit.parameters {
            out += [p.name, f(p.value), f(p.standardError), p.unit, f(p.interval?.lowerBound), f(p.interval?.upperBound)]
                .joined(separator: ",") + "\n"
        }
        return out
    }
}
