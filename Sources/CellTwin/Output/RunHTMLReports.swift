import Foundation

/// The HTML reports of `run` and `life` (``HTMLReport``): the same tables and charts the commands print and write.
extension HTMLReport {
    /// The inputs every report starts with: the command line, the CellTwin version (when known) and the SHA-256 of
    /// every input file (scenario, model files, data), so a reader can tell which inputs made the page.
    public static func provenance(arguments: [String], version: String? = nil,
                                  files: [(label: String, path: String)]) -> [(String, String)] {
        var out: [(String, String)] = [("command", arguments.joined(separator: " "))]
        if let version { out.append(("CellTwin version", version)) }
        for f in files { out.append((f.label, "\(f.path) (\(checksum(path: f.path)))")) }
        return out
    }

    /// The model files a cell reads: the electrolyte's and the cathode's (and the Li anode's when it has a file).
    public static func modelFiles(_ library: ModelLibrary, electrolyte: String, cathode: String?) -> [(label: String, path: String)] {
        var files = [(label: "electrolyte model \(electrolyte)", path: library.electrolytePath(electrolyte))]
        if let cathode { files.append((label: "cathode model \(cathode)", path: library.cathodePath(cathode))) }
        return files
    }

    /// A `life` run: the lifetime table, the per-cycle CSV as a table and every chart of ``LifeReport/charts(_:)``.
    public static func life(_ r: LifeRecord, title: String, inputs: [(String, String)]) -> HTMLReport {
        let charts = LifeReport.charts(r).map { Chart(name: $0.name, svg: $0.svg) }
        return HTMLReport(title: title, inputs: inputs, sections: [
            Section(title: "Lifetime", preformatted: [LifeReport.table(r)], charts: charts),
            Section(title: "Cycles", tables: [Table(caption: "capacity, retention and overpotential per reported cycle", csv: LifeReport.csv(r))]),
        ])
    }

    /// A scenario `run`: per temperature the cycle table and charts (``Charts/solutionCharts(solutions:plotCycles:comparisons:)``),
    /// the comparison with the measurements it lists, and any lifetime runs.
    public static func run(scenario: String, description: String, solutions: [Solution], runs: [RunRecord], lives: [LifeRecord],
                           comparisons: [Comparison], plotCycles: [Int], inputs: [(String, String)]) -> HTMLReport {
        var sections: [Section] = []
        if !runs.isEmpty {
            let charts = Charts.solutionCharts(solutions: solutions, plotCycles: plotCycles, comparisons: comparisons)
                .map { Chart(name: $0.0, svg: $0.1) }
            sections.append(Section(title: "Cycles", paragraphs: description.isEmpty ? [] : [description],
                                    preformatted: runs.map { SolutionReport.table($0) },
                                    tables: [Table(caption: "every cycle (cycles.csv)", csv: SolutionReport.cyclesCSV(runs))],
                                    charts: charts))
        }
        if !comparisons.isEmpty {
            sections.append(Section(title: "Comparison with measurements", preformatted: [ComparisonReport.table(comparisons)]))
        }
        for life in lives {
            sections.append(Section(title: String(format: "Lifetime at %g °C", life.temperature_C), preformatted: [LifeReport.table(life)],
                                    charts: LifeReport.charts(life).map { Chart(name: String(format: "%g-C-", life.temperature_C) + $0.name, svg: $0.svg) }))
        }
        return HTMLReport(title: "Scenario: \(scenario)", inputs: inputs, sections: sections)
    }
}

extension HTMLReport {
    /// A study (`sweep`, `compare`, `calibrate`, `validate`: any command that prints a table and writes charts): the
    /// printed table, the CSV (if any) as a table and every SVG among `files` (name → content) as a chart.
    public static func study(title: String, table: String, csv: String?, files: [(String, String)],
                             inputs: [(String, String)]) -> HTMLReport {
        let charts = files.filter { $0.0.hasSuffix(".svg") }.map { Chart(name: $0.0, svg: $0.1) }
        var sections = [Section(title: "Results", preformatted: [table], charts: charts)]
        if let csv { sections.append(Section(title: "Every point", tables: [Table(caption: "the CSV written with --output", csv: csv)])) }
        return HTMLReport(title: title, inputs: inputs, sections: sections)
    }
}
