import Foundation

/// `celltwin compare`: electrolytes side by side under one protocol (a sweep with the electrolyte as a variable).
public enum CompareReport {
    /// The grid of a comparison: every electrolyte × temperature × rate, electrolyte and temperature always shown,
    /// retention curves kept for the charts.
    public static func spec(electrolytes: [String], cathode: String, temperatures_C: [Double], cRates: [Double],
                            settings: SweepSettings, cell: SweepCellFormat = SweepCellFormat()) throws -> SweepSpec {
        var s = settings
        s.keepCurves = true
        return try SweepSpec(values: [.electrolyte: electrolytes.map(SweepValue.text), .cathode: [.text(cathode)],
                                      .temperature: temperatures_C.map(SweepValue.number), .cRate: cRates.map(SweepValue.number)],
                             alwaysShown: [.electrolyte, .temperature], cell: cell, settings: s)
    }

    /// Side-by-side table: one row per condition (temperature, rate), one column per electrolyte, each cell
    /// "first-cycle capacity mAh/g · final retention" or the reason the point has none.
    public static func table(_ table: SweepResultTable) -> String {
        guard let e = table.axes.firstIndex(of: .electrolyte) else { return SweepTable.table(table.records, axes: table.axes, context: table.context) }
        let conditions = table.axes.indices.filter { $0 != e }
        let electrolytes = SweepCharts.groups(table.records, by: [e]).map { $0.key[0].description }
        let rows = SweepCharts.groups(table.records, by: conditions)
        var grid: [[String]] = [conditions.map { table.axes[$0].column } + electrolytes]
        for (key, records) in rows {
            var line = key.map(\.description)
            for id in electrolytes {
                guard let r = records.first(where: { $0.coordinates[e].description == id }) else { line.append("–"); continue }
                line.append(cell(r))
            }
            grid.append(line)
        }
        var widths = [Int](repeating: 0, count: grid[0].count)
        for row in grid { for (i, f) in row.enumerated() { widths[i] = max(widths[i], f.count) } }
        var out = "\(table.context.title): \(SweepTable.protocolText(table.context))\n"
        out += "each cell: first-cycle discharge capacity · retention at the end (cycles to 80 %); \(SweepTable.retentionNote)\n"
        for row in grid {
            out += row.enumerated().map { i, f in SolutionReport.pad(f, widths[i]) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces) + "\n"
        }
        if let m = table.records.lazy.compactMap({ $0.band }).first(where: \.isBanded)?.method {
            out += "in brackets: the 95 % band (\(m); fit covariance and priors, DOMAIN B 9)\n"
            for r in table.records {
                guard let b = r.band, b.isFlagged, let x = b.rangeNote else { continue }
                out += r.coordinates.map(\.description).joined(separator: ", ") + ": " + x + "\n"
            }
        }
        return out
    }

    static func cell(_ r: SweepRecord) -> String {
        switch r.outcome {
        case .outsideRange: return "outside range"
        case .failed: return "failed"
        case .noCapacity: return "no capacity"
        case .completed, .short:
            var s = SolutionReport.fixed(r.firstDischargeCapacity_mAh_g, 1)
            if let b = r.band, b.isBanded { s += " (" + SweepTable.range(b.capacity_mAh_g, scale: 1, format: "%.1f") + ")" }
            s += " mAh/g · " + (r.finalRetention.map { String(format: "%.1f %%", $0 * 100) } ?? "–")
            if let b = r.band, b.isBanded { s += " (" + SweepTable.range(b.finalRetention, scale: 100, format: "%.1f") + ")" }
            if let c = r.cyclesTo80 { s += " (\(c))" }
            if r.outcome == .short { s += " short" }
            return s
        }
    }

    /// `compare-retention-vs-cycle.svg` (one curve per electrolyte and condition that ran, "(short)" in the legend
    /// for a cell that shorted) and the grouped summaries `compare-capacity.svg`, `compare-retention.svg`.
    public static func charts(_ table: SweepResultTable) -> [(name: String, svg: String)] {
        let series = table.records.filter { !$0.curve.isEmpty }.map { r -> ChartSeries in
            var name = zip(table.axes, r.coordinates).map { axis, v in
                switch axis {
                case .electrolyte, .cathode: return v.description
                case .temperature: return "\(v) °C"
                case .cRate: return "\(v)C"
                default: return "\(axis.column) \(v)"
                }
            }.joined(separator: ", ")
            if let mark = r.outcome.mark { name += " (\(mark))" }
            return ChartSeries(name: name, x: r.curve.map { Double($0.cycle) }, y: r.curve.map { $0.retention * 100 })
        }
        let curves = LineChart(title: "\(table.context.title): capacity retention", xLabel: "cycle",
                               yLabel: "retention (%)", series: series)
        return [("compare-retention-vs-cycle.svg", curves.svg())]
            + SweepCharts.charts(table, metrics: [.capacity, .retention], prefix: "compare")
    }
}
