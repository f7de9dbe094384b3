import Foundation

/// Text, Markdown, JSON and SVG views of a ``CalibrationResult``.
public enum CalibrationReport {
    struct Record: Encodable {
        var electrolyte: String
        var fit_file: String
        var data_files: [String]
        var assumptions: [[String: String]]
        var parameters: [FittedParameter]
        var correlation: [[Double?]]
        var points: [FittedPoint]
        var not_fitted: [[String: String]]
        var warnings: [String]
        var chi_square: Double
        var degrees_of_freedom: Int
        var residual_rms: Double
        var iterations: Int
        var convergence: String
        var simulations: Int
        var elapsed_s: Double
        var activation_energy_temperature_C: Double
        var spectrum_checks: [SpectrumCheck]
        var geometry: [String]
    }

    public static func json(_ r: CalibrationResult) throws -> String {
        try SolutionReport.json(Record(
            electrolyte: r.setup.electrolyteID, fit_file: r.setup.path, data_files: r.setup.dataFiles,
            assumptions: r.setup.assumptions.map { ["name": $0.name, "value": $0.text, "source": $0.source] },
            parameters: r.parameters.map(finite), correlation: r.correlation.map { $0.map { $0.isFinite ? $0 : nil } },
            points: r.points, not_fitted: r.notFitted.map { ["location": $0.row.location, "kind": $0.row.kind, "reason": $0.reason] },
            warnings: r.warnings, chi_square: r.chiSquare, degrees_of_freedom: r.degreesOfFreedom, residual_rms: r.residualRMS,
            iterations: r.iterations, convergence: r.convergence, simulations: r.simulations, elapsed_s: r.elapsed_s,
            activation_energy_temperature_C: r.activationTemperature_C, spectrum_checks: r.spectrumChecks, geometry: r.geometry))
    }

    private static func finite(_ p: FittedParameter) -> FittedParameter {
        var p = p
        if let s = p.standard_error, !s.isFinite { p.standard_error = nil }
        return p
    }

    static func g(_ x: Double?) -> String { x.map { String(format: "%.4g", $0) } ?? "—" }

    /// Left-aligned (negative width: right-aligned) in `width` characters.
    static func pad(_ s: String, _ width: Int) -> String {
        let n = abs(width) - s.count
        guard n > 0 else { return s }
        return width < 0 ? String(repeating: " ", count: n) + s : s + String(repeating: " ", count: n)
    }

    /// "prior 20 ×/÷ 10" for a parameter with a log-normal prior.
    static func priorText(_ p: FittedParameter) -> [String] { p.prior.map { [$0] } ?? [] }

    public static func parameterTable(_ r: CalibrationResult) -> String {
        var s = pad("parameter", 50) + pad("start", -11) + pad("fitted", -11) + pad("± s.e.", -11) + "  95 % interval\n"
        for p in r.parameters {
            let iv = p.interval_low.map { "\(g($0))–\(g(p.interval_high))" } ?? "—"
            s += pad("\(p.key) [\(p.unit)]", 50) + pad(g(p.initial), -11) + pad(g(p.value), -11) + pad(g(p.standard_error), -11)
            s += "  " + iv + (p.identifiable ? "" : "  (not identifiable)") + priorText(p).map { "  (\($0))" }.joined() + "\n"
        }
        return s
    }

    public static func residualTable(_ r: CalibrationResult) -> String {
        var s = pad("row", 24) + pad("kind", 20) + pad("T °C", -6) + pad("measured", -12) + pad("model", -12) + "  "
            + pad("unit", 8) + pad("residual (tol)", -15) + "\n"
        for p in r.points {
            s += pad(p.location, 24) + pad(p.kind, 20) + pad(g(p.temperature_C), -6)
                + pad((p.qualifier == "=" ? "" : p.qualifier) + g(p.measured), -12) + pad(g(p.model), -12) + "  " + pad(p.unit, 8)
                + pad(String(format: "%+.2f", p.residual), -15) + (abs(p.residual) > 3 ? "  CONFLICT" : "") + "\n"
        }
        return s
    }

    /// The protocol assumptions beside the residuals: per row what it does not state, then the geometry.
    public static func protocolText(_ r: CalibrationResult) -> String {
        let rows = r.points.filter { !$0.protocol_assumptions.isEmpty }
        guard !rows.isEmpty || !r.geometry.isEmpty else { return "" }
        var s = "\nprotocol assumptions\n"
        for p in rows { s += "  " + pad(p.location + " ", 23) + pad(p.kind + " ", 20) + p.protocol_assumptions + "\n" }
        for g in r.geometry { s += "  " + g + "\n" }
        return s
    }

    /// Why correlations show "—": no degrees of freedom left, or parameters the data do not determine; nil when
    /// every correlation is defined.
    static func undefinedCorrelationNote(_ r: CalibrationResult) -> String? {
        guard r.correlation.contains(where: { $0.contains { !$0.isFinite } }) else { return nil }
        if r.degreesOfFreedom <= 0 {
            return "— undefined: \(r.parameters.count) free parameters and \(r.points.count) data points leave no degrees of freedom; free fewer parameters or add data"
        }
        return "— undefined: the data do not determine every parameter (marked not identifiable); free fewer parameters or add data that moves them"
    }

    public static func table(_ r: CalibrationResult) -> String {
        var s = "Calibration of \(r.setup.electrolyteID) (\(r.setup.path))\n"
        s += String(format: "%d points, %d free parameters, χ² = %.4g, residual RMS %.3g standard uncertainties, %d iterations (%@), %d simulations, %.2f s\n\n",
                    r.points.count, r.parameters.count, r.chiSquare, r.residualRMS, r.iterations, r.convergence, r.simulations, r.elapsed_s)
        s += parameterTable(r) + "\n"
        if r.parameters.count > 1 {
            s += "correlation\n"
            for (i, row) in r.correlation.enumerated() {
                s += "  " + pad(r.parameters[i].key, 46) + row.map { $0.isFinite ? String(format: " %+6.3f", $0) : "      —" }.joined() + "\n"
            }
            if let note = undefinedCorrelationNote(r) { s += note + "\n" }
            s += "\n"
        }
        s += residualTable(r)
        s += protocolText(r)
        if !r.notFitted.isEmpty {
            s += "\nnot fitted\n"
            for u in r.notFitted { s += "  \(u.row.location) \(u.row.kind) \(u.row.quantity): \(u.reason)\n" }
        }
        if !r.spectrumChecks.isEmpty {
            s += "\nspectra\n"
            for c in r.spectrumChecks { s += "  \(c.text)\n" }
        }
        if !r.warnings.isEmpty {
            s += "\nwarnings\n"
            for w in r.warnings { s += "  \(w)\n" }
        }
        return s
    }

    public static func markdown(_ r: CalibrationResult) -> String {
        var s = "# Calibration of \(r.setup.electrolyteID)\n\n"
        s += "Fit set-up `\(r.setup.path)`; data: \(r.setup.dataFiles.map { "`\($0)`" }.joined(separator: ", ")).\n\n"
        s += "## Assumptions\n\n| assumption | value | source |\n|---|---|---|\n"
        for a in r.setup.assumptions { s += "| \(a.name) | \(a.text) | \(a.source) |\n" }
        s += "\n## Parameters\n\n| key | unit | start | fitted | ± s.e. | 95 % interval | identifiable |\n|---|---|---|---|---|---|---|\n"
        for p in r.parameters {
            s += "| `\(p.key)` | \(p.unit) | \(g(p.initial)) | \(g(p.value)) | \(g(p.standard_error)) | "
            s += (p.interval_low.map { "\(g($0))–\(g(p.interval_high))" } ?? "—") + " | \(p.identifiable ? "yes" : "no")"
            s += priorText(p).map { " (\($0))" }.joined() + " |\n"
        }
        s += String(format: "\nχ² = %.4g over %d points (dof %d), residual RMS %.3g standard uncertainties; %d iterations (%@).\n",
                    r.chiSquare, r.points.count, r.degreesOfFreedom, r.residualRMS, r.iterations, r.convergence)
        s += String(format: "The apparent activation energy is evaluated at %.1f °C.\n", r.activationTemperature_C)
        if r.parameters.count > 1 {
            s += "\n## Correlations\n\n| | " + r.parameters.map { "`\($0.key)`" }.joined(separator: " | ") + " |\n"
            s += "|---|" + String(repeating: "---|", count: r.parameters.count) + "\n"
            for (i, row) in r.correlation.enumerated() {
                s += "| `\(r.parameters[i].key)` | " + row.map { $0.isFinite ? String(format: "%+.3f", $0) : "—" }.joined(separator: " | ") + " |\n"
            }
            if let note = undefinedCorrelationNote(r) { s += "\n" + note + "\n" }
        }
        s += "\n## Residuals\n\n| row | kind | T °C | measured | model | unit | residual (standard uncertainties) | tolerance |\n|---|---|---|---|---|---|---|---|\n"
        for p in r.points {
            s += "| \(p.location) | \(p.kind) | \(g(p.temperature_C)) | \(p.qualifier == "=" ? "" : p.qualifier)\(g(p.measured)) | \(g(p.model)) | \(p.unit) | "
            s += String(format: "%+.2f%@ | %@ |\n", p.residual, abs(p.residual) > 3 ? " **conflict**" : "", p.tolerance)
        }
        if !r.spectrumChecks.isEmpty {
            s += "\n## Spectra\n\n" + r.spectrumChecks.map { "- \($0.text)\n" }.joined()
        }
        let assumed = r.points.filter { !$0.protocol_assumptions.isEmpty }
        s += "\n## Protocol assumptions\n\n" + assumed.map { "- \($0.location) `\($0.kind)`: \($0.protocol_assumptions)\n" }.joined()
        s += r.geometry.map { "- \($0)\n" }.joined()
        s += "\n## Warnings\n\n" + (r.warnings.isEmpty ? "None.\n" : r.warnings.map { "- \($0)\n" }.joined())
        s += "\n## Not fitted\n\n" + (r.notFitted.isEmpty ? "None.\n" : r.notFitted.map { "- \($0.row.location) `\($0.row.kind)` \($0.row.quantity): \($0.reason)\n" }.joined())
        return s
    }

    /// One SVG per fitted measurement kind (one Nyquist plot per impedance spectrum): file name → SVG text.
    public static func charts(_ r: CalibrationResult) -> [(String, String)] {
        var out: [(String, String)] = []
        let kinds = Array(Set(r.points.map(\.kind))).sorted()
        for kind in kinds {
            let pts = r.points.filter { $0.kind == kind }
            if kind == "conductivity" {
                let ts = pts.compactMap(\.temperature_C)
                let lo = (ts.min() ?? 0) - 10, hi = (ts.max() ?? 100) + 10
                let grid = (0...60).map { lo + (hi - lo) * Double($0) / 60 }
                let line = ChartSeries(name: "model", x: grid.map { 1000 / Units.kelvin(celsius: $0) },
                                       y: grid.map { log10(r.fitted.conductivity.sigma_S_m(at: Units.kelvin(celsius: $0)) / 100) })
                let data = ChartSeries(name: "measured", x: pts.map { 1000 / Units.kelvin(celsius: $0.temperature_C ?? 25) },
                                       y: pts.map { log10($0.measured) }, style: .markers)
                // ±5 % (the fit's tolerance) as bars in log10 σ.
                let bars = ChartSeries(name: "tolerance", x: data.x.flatMap { [$0, $0, .nan] },
                                       y: pts.flatMap { [log10($0.measured / 1.05), log10($0.measured * 1.05), .nan] })
                out.append(("conductivity.svg", LineChart(title: "\(r.setup.electrolyteID): conductivity", xLabel: "1000/T (1/K)",
                                                          yLabel: "log10 σ (S/cm)", series: [line, data, bars]).svg()))
                continue
            }
            if kind == SpectrumSource.kind {
                out += nyquistCharts(r, pts)
                continue
            }
            if kind == FitPointKind.voltageCurve.rawValue {
                out += curveCharts(r, pts)
                continue
            }
            out.append(("\(kind).svg", physicalChart(r, kind: kind, pts).svg()))
        }
        return out
    }

    /// A kind's points against their physical axis: capacities and cycle lives against C-rate, retention and
    /// coulombic efficiency against cycle (one model line and one set of measured points per test), everything else
    /// against temperature (against the row when a point has none). Each measured point carries its tolerance as a bar.
    static func physicalChart(_ r: CalibrationResult, kind: String, _ pts: [FittedPoint]) -> LineChart {
        let x: (FittedPoint) -> Double?, xLabel: String, group: (FittedPoint) -> String
        switch kind {
        case "rate_capability", "cycling_capacity", "cycling_life":
            x = { $0.c_rate }; xLabel = "C-rate"
            group = { $0.temperature_C.map { String(format: "%g °C", $0) } ?? "" }
        case "cycling_retention", "coulombic_efficiency":
            x = { $0.cycle.map(Double.init) }; xLabel = "cycle"
            group = { p in [p.temperature_C.map { String(format: "%g °C", $0) }, p.c_rate.map { String(format: "%gC", $0) }]
                .compactMap { $0 }.joined(separator: ", ") }
        default:
            x = { $0.temperature_C }; xLabel = "temperature (°C)"; group = { _ in "" }
        }
        let byRow = pts.contains { x($0) == nil }
        let xs = byRow ? pts.indices.map(Double.init) : pts.map { x($0)! }
        var series: [ChartSeries] = []
        var groups: [String] = []
        for p in pts where !groups.contains(group(p)) { groups.append(group(p)) }
        for g in groups {
            let k = pts.indices.filter { group(pts[$0]) == g }.sorted { xs[$0] < xs[$1] }
            let suffix = g.isEmpty ? "" : " \(g)"
            series.append(ChartSeries(name: "model" + suffix, x: k.map { xs[$0] }, y: k.map { pts[$0].model }, style: .lineAndMarkers))
            series.append(ChartSeries(name: "measured" + suffix, x: k.map { xs[$0] }, y: k.map { pts[$0].measured }, style: .markers))
        }
        // Tolerance bars: one vertical segment per measured point (NaN breaks the line between them).
        var bx: [Double] = [], by: [Double] = []
        for (i, p) in pts.enumerated() {
            guard let band = toleranceBand(kind, p.measured) else { continue }
            bx += [xs[i], xs[i], .nan]
            by += [band.lowerBound, band.upperBound, .nan]
        }
        if !bx.isEmpty { series.append(ChartSeries(name: "tolerance", x: bx, y: by, style: .line)) }
        return LineChart(title: "\(r.setup.electrolyteID): \(kind)", xLabel: byRow ? "row" : xLabel,
                         yLabel: pts.first.map { $0.unit.isEmpty ? kind : $0.unit } ?? "", series: series)
    }

    /// The range within one tolerance of a measured value, as the fit's residual counts it (``FitPointKind``).
    static func toleranceBand(_ kind: String, _ m: Double) -> ClosedRange<Double>? {
        func factor(_ f: Double) -> ClosedRange<Double> { (m / f)...(m * f) }
        switch kind {
        case "rate_capability", "cycling_capacity": return (m * 0.95)...(m * 1.05)
        case "activation_energy": return (m * 0.9)...(m * 1.1)
        case "melting": return (m - MeltingObservation.tolerance_K)...(m + MeltingObservation.tolerance_K)
        case "transference": return (m - 0.02)...(m + 0.02)
        case "cycling_retention": return (m - 0.03)...(m + 0.03)
        case "symmetric_short", "symmetric_stable": return factor(2)
        case "interface_resistance", "cycling_life": return factor(1.2)
        case "symmetric_polarization": return factor(1.25)
        case "coulombic_efficiency": return (1 - (1 - m) * 1.2)...(1 - (1 - m) / 1.2)
        case "ccd": return (m - FitModel.criticalCurrentStep_mA_cm2)...(m + FitModel.criticalCurrentStep_mA_cm2)
        default: return nil
        }
    }

    /// Voltage curves, `voltage_curve-<n>.svg`: the measured points and the model at the same capacities, one chart per
    /// curve (points of one file, cycle, half-cycle, temperature and C-rate).
    static func curveCharts(_ r: CalibrationResult, _ pts: [FittedPoint]) -> [(String, String)] {
        struct Curve: Hashable { var file: String, quantity: String, cycle: Int?, temperature_C: Double?, c_rate: Double? }
        var order: [Curve] = [], groups: [Curve: [FittedPoint]] = [:]
        for p in pts where p.specificCapacity_mAh_g != nil {
            let key = Curve(file: String(p.location.split(separator: ":").first ?? ""), quantity: p.quantity, cycle: p.cycle,
                            temperature_C: p.temperature_C, c_rate: p.c_rate)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(p)
        }
        return order.enumerated().map { n, key in
            let g = groups[key] ?? []
            let q = g.map { $0.specificCapacity_mAh_g ?? 0 }
            let title = String(format: "%@: %@ %@, %g °C, %gC", r.setup.electrolyteID, key.file,
                               key.quantity.replacingOccurrences(of: "_", with: " "), key.temperature_C ?? 25, key.c_rate ?? 0)
            let chart = LineChart(title: title, xLabel: "capacity (mAh/g)", yLabel: "voltage (V)",
                                  series: [ChartSeries(name: "model", x: q, y: g.map(\.model)),
                                           ChartSeries(name: "measured", x: q, y: g.map(\.measured), style: .markers)])
            return ("voltage_curve-\(n + 1).svg", chart.svg())
        }
    }

    /// Nyquist and Bode plots of the fitted impedance spectra, `impedance_spectrum-<n>.svg` and
    /// `impedance_spectrum-<n>-bode.svg`: the measured points and the fitted
    /// Li|E|Li model on a grid spanning the measured band (20 points per decade). The points of one spectrum share a
    /// file, study tag and temperature; a frequency seen again starts the next spectrum.
    static func nyquistCharts(_ r: CalibrationResult, _ pts: [FittedPoint]) -> [(String, String)] {
        struct Measured {
            var key: String
            var source: String
            var temperature_C: Double
            var frequencies_Hz: [Double] = []
            var impedances_ohm: [Complex] = []
        }
        func pointKey(_ p: FittedPoint, _ f: Double) -> String { "\(p.location)@\(f)" }
        var imaginary: [String: Double] = [:]
        for p in pts where p.quantity == SpectrumSource.imaginaryQuantity {
            if let f = p.frequency_Hz { imaginary[pointKey(p, f)] = p.measured }
        }
        var spectra: [Measured] = []
        for p in pts where p.quantity == SpectrumSource.realQuantity {
            guard let f = p.frequency_Hz, let im = imaginary[pointKey(p, f)], let t = p.temperature_C else { continue }
            let file = p.location.split(separator: ":").dropLast().joined(separator: ":")
            let key = "\(file)|\(p.source)|\(t)"
            if spectra.last.map({ $0.key != key || $0.frequencies_Hz.contains(f) }) ?? true {
                spectra.append(Measured(key: key, source: p.source, temperature_C: t))
            }
            spectra[spectra.count - 1].frequencies_Hz.append(f)
            spectra[spectra.count - 1].impedances_ohm.append(Complex(p.measured, im))
        }
        var out: [(String, String)] = []
        for (n, m) in spectra.enumerated() {
            guard let low = m.frequencies_Hz.min(), let high = m.frequencies_Hz.max(), high > low else { continue }
            var series = [NyquistPlot.Series(name: "measured",
                                             spectrum: ImpedanceSpectrum(frequencies_Hz: m.frequencies_Hz, impedances_ohm: m.impedances_ohm),
                                             style: .markers)]
            if let cell = try? CellImpedanceModel.symmetric(electrolyte: r.fitted, temperature_K: Units.kelvin(celsius: m.temperature_C)) {
                let grid = ImpedanceSpectrum.logFrequencies(maximum_Hz: high, minimum_Hz: low, perDecade: 20)
                series.append(NyquistPlot.Series(name: "model", spectrum: cell.spectrum(frequencies_Hz: grid), style: .line))
            }
            let title = "\(r.setup.electrolyteID): Li|E|Li impedance, \(m.source) at \(g(m.temperature_C)) °C"
            out.append(("\(SpectrumSource.kind)-\(n + 1).svg", NyquistPlot.chart(title: title, series: series).svg()))
            out.append(("\(SpectrumSource.kind)-\(n + 1)-bode.svg", BodePlot(title: title, series: series).svg()))
        }
        return out
    }
}
