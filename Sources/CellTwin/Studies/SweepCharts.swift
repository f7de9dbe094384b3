import Foundation

/// SVG charts of a sweep, one file per metric (and per combination of the variables not on the chart's axes):
///
/// - two or more numeric variables with several values: a ``Heatmap`` over the first two (x: the first, y: the second);
/// - one: a ``LineChart`` against it, one series per combination of the categorical ones;
/// - none: a bar per point (``StackedBarChart`` with one stack).
///
/// Points that ended in a short, could not deliver capacity, lie outside the electrolyte's range or failed are
/// marked: ``SweepOutcome/mark`` in the heatmap cell ("short", "no cap", "out", "failed"; the cell's tooltip and
/// the CSV give the full reason), a marker series named after the reason on line charts, the reason beside the
/// bar's label. Built from the records alone, so a merged sweep draws the same charts.
public enum SweepCharts {
    /// `<prefix>-<metric>[_<column>-<value>…].svg` and the SVG text. Only numeric columns with more than one value
    /// become chart axes.
    public static func charts(_ table: SweepResultTable, metrics: [SweepMetric], prefix: String = "sweep") -> [(name: String, svg: String)] {
        let numeric = table.axes.indices.filter { !table.axes[$0].isCategorical && distinct(table.records, at: $0).count > 1 }
        var out: [(String, String)] = []
        for metric in metrics {
            let stem = "\(prefix)-\(metric.rawValue)"
            if numeric.count >= 2 {
                out += heatmaps(table, metric: metric, x: numeric[0], y: numeric[1], stem: stem)
            } else if numeric.count == 1 {
                out += lineCharts(table, metric: metric, x: numeric[0], stem: stem)
            } else {
                out.append(bars(table, metric: metric, stem: stem))
            }
        }
        return out
    }

    /// Records grouped by their values on `positions` (first-appearance order, i.e. grid order).
    static func groups(_ records: [SweepRecord], by positions: [Int]) -> [(key: [SweepValue], records: [SweepRecord])] {
        var order: [[SweepValue]] = []
        var members: [[SweepValue]: [SweepRecord]] = [:]
        for r in records {
            let key = positions.map { r.coordinates[$0] }
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(r)
        }
        return order.map { ($0, members[$0] ?? []) }
    }

    static func distinct(_ records: [SweepRecord], at position: Int) -> [Double] {
        var seen = Set<Double>(), out: [Double] = []
        for r in records { if let x = r.coordinates[position].number, seen.insert(x).inserted { out.append(x) } }
        return out
    }

    static func suffix(_ axes: [SweepVariable], _ positions: [Int], _ key: [SweepValue]) -> (file: String, title: String) {
        guard !positions.isEmpty else { return ("", "") }
        let file = zip(positions, key).map { "_\(axes[$0].column)-\(safe($1.description))" }.joined()
        let title = " (" + zip(positions, key).map { "\(axes[$0].column) \($1)" }.joined(separator: ", ") + ")"
        return (file, title)
    }

    /// "CPCSE, thickness_um 20": IDs alone, numbers after their column.
    static func seriesName(_ axes: [SweepVariable], _ positions: [Int], _ key: [SweepValue]) -> String {
        zip(positions, key).map { axes[$0].isCategorical ? $1.description : "\(axes[$0].column) \($1)" }.joined(separator: ", ")
    }

    static func safe(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
    }

    /// The text marked on a cell: the outcome, or "> N" for a cycles-to-80 never reached in a full run.
    static func mark(_ r: SweepRecord, metric: SweepMetric, context: SweepContext) -> String? {
        if let m = r.outcome.mark { return m }
        if metric == .cyclesTo80, r.cyclesTo80 == nil, !r.end.isRetentionBelow { return "> \(context.cycles)" }
        return nil
    }

    static func heatmaps(_ table: SweepResultTable, metric: SweepMetric, x: Int, y: Int, stem: String) -> [(String, String)] {
        let rest = table.axes.indices.filter { $0 != x && $0 != y }
        return groups(table.records, by: rest).map { key, records in
            let xs = distinct(records, at: x), ys = distinct(records, at: y)
            var values = [[Double]](repeating: [Double](repeating: .nan, count: xs.count), count: ys.count)
            var marks = [[String?]](repeating: [String?](repeating: nil, count: xs.count), count: ys.count)
            for r in records {
                guard let xv = r.coordinates[x].number, let yv = r.coordinates[y].number,
                      let i = xs.firstIndex(of: xv), let j = ys.firstIndex(of: yv) else { continue }
                values[j][i] = metric.value(r) ?? .nan
                marks[j][i] = mark(r, metric: metric, context: table.context)
            }
            let s = suffix(table.axes, rest, key)
            let chart = Heatmap(title: "\(table.context.title): \(metric.title)\(s.title)", xLabel: table.axes[x].label,
                                yLabel: table.axes[y].label, xValues: xs, yValues: ys, values: values, marks: marks,
                                colorLabel: metric.label(table.context))
            return ("\(stem)\(s.file).svg", chart.svg())
        }
    }

    static func lineCharts(_ table: SweepResultTable, metric: SweepMetric, x: Int, stem: String) -> [(String, String)] {
        let rest = table.axes.indices.filter { $0 != x }
        var series: [ChartSeries] = []
        var bands: [ChartBand] = []
        var failures: [SweepOutcome: (x: [Double], y: [Double])] = [:]
        for (key, records) in groups(table.records, by: rest) {
            let name = key.isEmpty ? table.context.title : seriesName(table.axes, rest, key)
            let points = records.compactMap { r -> (Double, Double)? in
                guard let xv = r.coordinates[x].number else { return nil }
                return (xv, metric.value(r) ?? .nan)
            }
            // The 95 % band of the series, shaded in its colour (SweepBands).
            let banded = records.compactMap { r -> (Double, Double, Double)? in
                guard let xv = r.coordinates[x].number, let b = metric.band(r) else { return nil }
                return (xv, b.low, b.high)
            }
            if !banded.isEmpty {
                bands.append(ChartBand(name: "95 % band", x: banded.map(\.0), low: banded.map(\.1), high: banded.map(\.2),
                                       seriesIndex: series.count))
            }
            series.append(ChartSeries(name: name, x: points.map(\.0), y: points.map(\.1), style: .lineAndMarkers))
            for r in records where r.outcome != .completed {
                guard let xv = r.coordinates[x].number, let v = metric.value(r) else { continue }
                failures[r.outcome, default: ([], [])].x.append(xv)
                failures[r.outcome, default: ([], [])].y.append(v)
            }
        }
        for outcome in SweepOutcome.allCases {
            guard let f = failures[outcome], let text = outcome.label else { continue }
            series.append(ChartSeries(name: text, x: f.x, y: f.y, style: .markers))
        }
        var chart = LineChart(title: "\(table.context.title): \(metric.title)", xLabel: table.axes[x].label,
                              yLabel: metric.label(table.context), series: series)
        chart.bands = bands
        return [("\(stem).svg", chart.svg())]
    }

    static func bars(_ table: SweepResultTable, metric: SweepMetric, stem: String) -> (String, String) {
        let categories = table.records.map { r -> String in
            let label = r.coordinates.isEmpty ? table.context.title : r.coordinates.map(\.description).joined(separator: ", ")
            return r.outcome.label.map { "\(label) (\($0))" } ?? label
        }
        let chart = StackedBarChart(title: "\(table.context.title): \(metric.title)", yLabel: metric.label(table.context),
                                    categories: categories,
                                    stacks: [(name: "", values: table.records.map { metric.value($0) ?? .nan })])
        return ("\(stem).svg", chart.svg())
    }
}
