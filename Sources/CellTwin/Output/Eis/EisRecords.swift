import Foundation

/// JSON of `eis simulate`.
public struct EisSimulationRecord: Encodable {
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

    public init(model: CellImpedanceModel, spectrum s: ImpedanceSpectrum, electrolyte: String, cathode: String?,
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
public struct EisFitRecord: Encodable {
    struct Parameter: Encodable {
        var name: String
        var value: Double
        /// null when the data do not determine the parameter.
        @Nullable var stderr: Double?
        var unit: String
        var lower_95: Double?
        var upper_95: Double?
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
    public var warnings: [String]
    /// The Kramers–Kronig check of the fitted points (absent when it could not run).
    public var kramers_kronig: KramersKronig.Result.Summary?

    public init(fit: CircuitFitResult, file: String, spectrum: Int, spectraInFile: Int) {
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
public enum EisReport {
    public static func number(_ x: Double, _ digits: Int = 4) -> String {
        guard x.isFinite else { return "–" }
        return String(format: "%.\(digits)g", x)
    }

    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let n = s.count
        guard n < width else { return s }
        let fill = String(repeating: " ", count: width - n)
        return right ? fill + s : s + fill
    }

    public static func simulationTable(title: String, model: CellImpedanceModel, spectrum: ImpedanceSpectrum) -> String {
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

    public static func fitTable(_ fit: CircuitFitResult, file: String, spectrum: Int, spectraInFile: Int) -> String {
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

    public static func parametersCSV(_ fit: CircuitFitResult) -> String {
        var out = "name,value,stderr,unit,lower_95,upper_95\n"
        func f(_ x: Double?) -> String { x.map { $0.isFinite ? String(format: "%.10g", $0) : "" } ?? "" }
        for p in fit.parameters {
            out += [p.name, f(p.value), f(p.standardError), p.unit, f(p.interval?.lowerBound), f(p.interval?.upperBound)]
                .joined(separator: ",") + "\n"
        }
        return out
    }
}

/// `celltwin eis simulate`: a model spectrum with its components.
public struct EisSimulationReport: Report {
    public let model: CellImpedanceModel
    public let spectrum: ImpedanceSpectrum
    public let record: EisSimulationRecord
    /// The cell and temperature, e.g. "Li | PHE | Li at 60 °C".
    public let title: String

    public init(model: CellImpedanceModel, electrolyte: String, cathode: String?, temperature_C: Double, soc: Double?,
                title: String) {
        self.model = model
        spectrum = model.spectrum()
        record = EisSimulationRecord(model: model, spectrum: spectrum, electrolyte: electrolyte, cathode: cathode,
                                     temperature_C: temperature_C, soc: soc)
        self.title = title
    }

    public func files() throws -> [ReportFile] {
        let series = [NyquistPlot.Series(name: "model", spectrum: spectrum, style: .lineAndMarkers)]
        return [ReportFile("spectrum.csv", spectrum.csv()), ReportFile("spectrum.json", try json()),
                ReportFile("nyquist.svg", NyquistPlot.chart(title: title, series: series).svg()),
                ReportFile("bode.svg", BodePlot(title: title, series: series).svg())]
    }

    public func table() -> String { EisReport.simulationTable(title: title, model: model, spectrum: spectrum) }
    public func csv() -> String { spectrum.csv() }
    public func json() throws -> String { try SolutionReport.json(record) }
}

/// `celltwin eis fit`: a fitted circuit with its Kramers–Kronig check of the data.
public struct EisFitReport: Report {
    public let fit: CircuitFitResult
    public let measured: ImpedanceSpectrum
    public let kramersKronig: Result<KramersKronig.Result, Error>
    public let file: String
    public let spectrum: Int
    public let spectraInFile: Int
    public let record: EisFitRecord

    public init(fit: CircuitFitResult, measured: ImpedanceSpectrum, kramersKronig: Result<KramersKronig.Result, Error>,
                file: String, spectrum: Int, spectraInFile: Int) {
        self.fit = fit
        self.measured = measured
        self.kramersKronig = kramersKronig
        self.file = file
        self.spectrum = spectrum
        self.spectraInFile = spectraInFile
        var record = EisFitRecord(fit: fit, file: file, spectrum: spectrum, spectraInFile: spectraInFile)
        record.kramers_kronig = try? kramersKronig.get().jsonSummary
        if let k = try? kramersKronig.get(), k.exceedsThreshold { record.warnings.append(Self.kramersKronigLine(kramersKronig)) }
        self.record = record
    }

    static func kramersKronigLine(_ kk: Result<KramersKronig.Result, Error>) -> String {
        (try? kk.get().summary) ?? "Kramers–Kronig check not run: \(kk.failureText)"
    }

    public func files() throws -> [ReportFile] {
        let title = "\(fit.circuit) fitted to \(URL(fileURLWithPath: file).lastPathComponent)"
            + (spectraInFile > 1 ? " (spectrum \(spectrum))" : "")
        let series = [NyquistPlot.Series(name: "data", spectrum: measured, style: .markers),
                      NyquistPlot.Series(name: "fit", spectrum: fit.fitted, style: .line)]
        var files = [ReportFile("parameters.csv", EisReport.parametersCSV(fit)), ReportFile("fit.json", try json()),
                     ReportFile("nyquist.svg", NyquistPlot.chart(title: title, series: series).svg()),
                     ReportFile("bode.svg", BodePlot(title: title, series: series).svg())]
        if let k = try? kramersKronig.get() {
            files.append(ReportFile("kramers-kronig.csv", k.residualsCSV(measured: measured)))
        }
        return files
    }

    public func table() -> String {
        EisReport.fitTable(fit, file: file, spectrum: spectrum, spectraInFile: spectraInFile) + Self.kramersKronigLine(kramersKronig) + "\n"
    }

    public func csv() -> String { EisReport.parametersCSV(fit) }
    public func json() throws -> String { try SolutionReport.json(record) }
}
