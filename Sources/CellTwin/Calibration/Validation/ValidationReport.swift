import Foundation

/// Table, CSV, Markdown, JSON and SVG views of a ``ValidationResult``.
public enum ValidationReport {
    struct Summary: Encodable {
        var electrolytes: [String: ValidationCount]
        var overall: ValidationCount
        var not_shipped: Int
        var tolerances: [String]
        var data_file: String
        var elapsed_s: Double
    }

    struct Record: Encodable {
        var rows: [ValidationRow]
        var summary: Summary
        var leave_one_out: [LeaveOneOutRow]?
        var leave_condition_out: [LeaveConditionOutRow]?
    }

    static func looVerdict(_ x: LeaveOneOutRow) -> String {
        x.undetermined.isEmpty ? (x.within ? "yes" : "NO") : "— (only data on \(x.undetermined.joined(separator: ", ")))"
    }

    /// "17 of 19 left-out predictions within …".
    public static func looSummary(_ r: ValidationResult) -> String {
        let counted = r.leaveOneOut.filter(\.undetermined.isEmpty)
        let skipped = r.leaveOneOut.count - counted.count
        var s = "\(counted.filter(\.within).count) of \(counted.count) left-out predictions within the tolerance of their kind"
        if skipped > 0 { s += " (\(skipped) not counted: the row was the only data on a free parameter)" }
        return s
    }

    /// The leave-one-out rows as a table (empty text when there are none).
    public static func leaveOneOutTable(_ r: ValidationResult) -> String {
        guard !r.leaveOneOut.isEmpty else { return "" }
        var s = "\nLeave-one-out (each full-cell row refitted without it, then predicted)\n"
        s += pad("electrolyte", 12) + pad("row", 22) + pad("kind", 20) + pad("conditions", 30) + pad("measured", -10)
        s += pad("left out", -10) + pad("all rows", -10) + "  " + pad("error", 14) + "within\n"
        for x in r.leaveOneOut {
            s += pad(x.electrolyte, 12) + pad(x.location, 22) + pad(x.kind, 20) + pad(x.conditions, 30) + pad(num(x.measured), -10)
            s += pad(num(x.predicted), -10) + pad(num(x.fitted), -10) + "  " + pad(x.errorText, 14) + looVerdict(x) + "\n"
        }
        s += looSummary(r) + "\n"
        return s
    }

    public static func json(_ r: ValidationResult) throws -> String {
        var per: [String: ValidationCount] = [:]
        for id in r.electrolytes { per[id] = r.count(id) }
        let shipped = Set(r.electrolytes)
        let summary = Summary(electrolytes: per, overall: r.count(), not_shipped: r.rows.filter { !shipped.contains($0.electrolyte) }.count,
                              tolerances: Validation.toleranceText, data_file: r.dataFile,
                              elapsed_s: (r.elapsed_s * 1000).rounded() / 1000)
        return try SolutionReport.json(Record(rows: r.rows, summary: summary, leave_one_out: r.leaveOneOut.isEmpty ? nil : r.leaveOneOut,
                                              leave_condition_out: r.leaveConditionOut?.rows))
    }

    static func num(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "—" }
        if x >= FitModelLimits.noShort { return "no short" }
        return String(format: "%.4g", x)
    }

    static func pad(_ s: String, _ width: Int) -> String { CalibrationReport.pad(s, width) }

    static func ok(_ w: Bool?) -> String { w.map { $0 ? "yes" : "NO" } ?? "—" }

    /// The summary per electrolyte and overall.
    public static func summaryTable(_ r: ValidationResult) -> String {
        var s = pad("electrolyte", 14) + pad("rows", -6) + pad("evaluated", -11) + pad("within", -8) + pad("outside", -9) + pad("of which declared conflicts", -28) + "\n"
        func line(_ name: String, _ c: ValidationCount) -> String {
            pad(name, 14) + pad("\(c.rows)", -6) + pad("\(c.evaluated)", -11) + pad("\(c.within)", -8) + pad("\(c.outside)", -9) + pad("\(c.declaredConflicts)", -28) + "\n"
        }
        for id in r.electrolytes { s += line(id, r.count(id)) }
        let shipped = Set(r.electrolytes)
        let unshipped = r.rows.filter { !shipped.contains($0.electrolyte) }.count
        if unshipped > 0 { s += pad("(not shipped)", 14) + pad("\(unshipped)", -6) + pad("0", -11) + "\n" }
        s += line("overall", r.count())
        return s
    }

    public static func table(_ r: ValidationResult) -> String {
        var s = "Validation of the shipped models against \((r.dataFile as NSString).lastPathComponent)\n\n"
        s += pad("electrolyte", 12) + pad("kind", 24) + pad("conditions", 44) + pad("measured", -10) + pad("twin", -10)
        s += "  " + pad("unit", 9) + pad("error", 16) + pad("tolerance", 26) + "ok\n"
        for row in r.rows where row.evaluated {
            var cond = row.conditions
            if cond.count > 43 { cond = String(cond.prefix(42)) + "…" }
            s += pad(row.electrolyte, 12) + pad(row.kind, 24) + pad(cond, 44) + pad(qualified(row), -10) + pad(num(row.predicted), -10)
            s += "  " + pad(row.unit, 9) + pad(row.errorText, 16) + pad(row.tolerance, 26) + ok(row.within) + "\n"
            if let n = row.note { s += "    note: \(n)\n" }
        }
        let skipped = r.rows.filter { !$0.evaluated }
        if !skipped.isEmpty {
            s += "\nNot evaluated (\(skipped.count) rows)\n"
            for row in skipped {
                s += "  " + pad(row.location, 28) + pad(row.electrolyte, 22) + pad(row.kind, 24) + (row.note ?? "") + "\n"
            }
        }
        s += "\nTolerances\n" + Validation.toleranceText.map { "  - \($0)\n" }.joined()
        s += "\nSummary\n" + summaryTable(r)
        s += leaveOneOutTable(r)
        if let l = r.leaveConditionOut { s += "\n" + l.table() }
        return s
    }

    static func qualified(_ row: ValidationRow) -> String {
        let q = ["=", "~"].contains(row.qualifier) ? "" : row.qualifier
        return q + num(row.measured)
    }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    public static func csv(_ r: ValidationResult) -> String {
        var s = "electrolyte,source,location,kind,quantity,conditions,qualifier,measured,predicted,unit,error,tolerance,within,note\n"
        for row in r.rows {
            let fields = [row.electrolyte, row.source, row.location, row.kind, row.quantity, row.conditions, row.qualifier,
                          row.measured.map { String(format: "%.6g", $0) } ?? "",
                          row.predicted.map { String(format: "%.6g", $0) } ?? "", row.unit,
                          row.error.map { String(format: "%.6g", $0) } ?? "", row.tolerance,
                          row.within.map { $0 ? "true" : "false" } ?? "", row.note ?? ""]
            s += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return s
    }

    static func md(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    public static func markdown(_ r: ValidationResult) -> String {
        var s = "# Validation of the shipped models\n\n"
        s += "Every row of `\((r.dataFile as NSString).lastPathComponent)` compared with the twin built from the shipped model files "
        s += "(`celltwin validate`).\n\n## Tolerances\n\n" + Validation.toleranceText.map { "- \($0)\n" }.joined()
        s += "\n## Summary\n\n| electrolyte | rows | evaluated | within | outside | of which declared conflicts |\n|---|---:|---:|---:|---:|---:|\n"
        for id in r.electrolytes {
            let c = r.count(id)
            s += "| \(id) | \(c.rows) | \(c.evaluated) | \(c.within) | \(c.outside) | \(c.declaredConflicts) |\n"
        }
        let c = r.count()
        s += "| **overall** | \(c.rows) | \(c.evaluated) | \(c.within) | \(c.outside) | \(c.declaredConflicts) |\n"
        s += "\n## Evaluated rows\n\n| row | electrolyte | kind | conditions | measured | twin | unit | error | tolerance | within |\n"
        s += "|---|---|---|---|---:|---:|---|---:|---|---|\n"
        for row in r.rows where row.evaluated {
            s += "| \(row.location) | \(row.electrolyte) | \(row.kind) | \(md(row.conditions)) | \(md(qualified(row))) | \(num(row.predicted)) "
            s += "| \(row.unit) | \(row.errorText) | \(md(row.tolerance)) | \(ok(row.within)) |\n"
        }
        let notes = r.rows.filter { $0.evaluated && $0.note != nil }
        if !notes.isEmpty {
            s += "\nNotes:\n\n" + notes.map { "- \($0.location) \($0.electrolyte) \($0.kind): \(md($0.note!))\n" }.joined()
        }
        if !r.leaveOneOut.isEmpty {
            s += "\n## Leave-one-out\n\nEach full-cell row of an electrolyte with at least \(LeaveOneOut.minimumPoints) of them is removed, "
            s += "the fit set-up is refitted without it, and the refitted twin predicts it.\n\n"
            s += "| electrolyte | row | kind | conditions | measured | left out | all rows | error | within |\n|---|---|---|---|---:|---:|---:|---:|---|\n"
            for x in r.leaveOneOut {
                s += "| \(x.electrolyte) | \(x.location) | \(x.kind) | \(md(x.conditions)) | \(num(x.measured)) | \(num(x.predicted)) "
                s += "| \(num(x.fitted)) | \(x.errorText) | \(md(looVerdict(x))) |\n"
            }
            s += "\n" + looSummary(r) + ".\n"
        }
        s += "\n## Not evaluated\n\n| row | electrolyte | kind | quantity | reason |\n|---|---|---|---|---|\n"
        for row in r.rows where !row.evaluated {
            s += "| \(row.location) | \(row.electrolyte) | \(row.kind) | \(row.quantity) | \(md(row.note ?? "")) |\n"
        }
        return s
    }

    /// Parity plot: twin/measured per evaluated row, rows grouped by kind (one marker series per kind), with the
    /// parity line at 1; ratios above 3 (a censored test with no short) are drawn at 3.
    public static func parityChart(_ r: ValidationResult) -> String {
        let rows = r.rows.filter { $0.evaluated && $0.measured != nil && $0.predicted != nil }
        var kinds: [String] = []
        for row in rows where !kinds.contains(row.kind) { kinds.append(row.kind) }
        var series: [ChartSeries] = []
        var x = 0.0
        for kind in kinds {
            var xs: [Double] = [], ys: [Double] = []
            for row in rows where row.kind == kind {
                x += 1
                let m = row.measured!, p = row.predicted!
                xs.append(x)
                ys.append(m > 0 ? min(p / m, 3) : .nan)
            }
            x += 1
            series.append(ChartSeries(name: kind.replacingOccurrences(of: "_", with: " "), x: xs, y: ys, style: .markers))
        }
        series.append(ChartSeries(name: "parity", x: [0, x + 1], y: [1, 1], style: .line))
        return LineChart(title: "Twin vs published (twin / measured; one marker series per measurement kind)",
                         xLabel: "seed row, grouped by kind", yLabel: "twin / measured", series: series,
                         width: 900, height: 520, xRange: 0...(x + 1), yRange: 0...3).svg()
    }
}

enum FitModelLimits {
    static let noShort = FitModel.maximumTimeToShort_h
}
