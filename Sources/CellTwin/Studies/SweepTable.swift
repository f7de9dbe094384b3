import Foundation

/// The tidy CSV, JSON and text table of a sweep: one row per grid point, in grid order, with fixed number formats
/// and no timestamps, so the same sweep gives the same bytes on every run and shard split.
///
/// Columns: one per swept variable (``SweepVariable/column``, canonical order), then ``metricColumns``. Empty
/// fields mean "no value" (a cycles-to-80 never reached, metrics of a point outside the electrolyte's range).
public enum SweepTable {
    public static let metricColumns = ["first_discharge_capacity_mAh_g", "final_retention", "cycles_to_80",
                                       "mean_overpotential_V", "discharge_energy_mWh_g", "end_reason"]
    /// Leading column of a partial (sharded) CSV: the grid index.
    public static let pointColumn = "point"

    public static func columns(axes: [SweepVariable]) -> [String] { axes.map(\.column) + metricColumns }

    /// The CSV fields of one record (unquoted).
    public static func fields(_ r: SweepRecord) -> [String] {
        r.coordinates.map(\.description) + [
            SweepFormat.metric(r.firstDischargeCapacity_mAh_g), SweepFormat.metric(r.finalRetention),
            r.cyclesTo80.map(String.init) ?? "", SweepFormat.metric(r.meanOverpotential_V),
            SweepFormat.metric(r.dischargeEnergy_mWh_g), r.endReason,
        ]
    }

    /// Columns a banded sweep adds after ``metricColumns`` (``SweepBands``): each metric's 95 % band, how it was made
    /// and the note on the calibrated range (``SweepPointBand/rangeNote``), with its `calibrated_range` ("inside" or
    /// "outside") and `extrapolation_reason`. An empty `cycles_to_80_high` is a censored band (some runs stay above 80 %).
    public static let bandColumns = ["first_discharge_capacity_mAh_g_low", "first_discharge_capacity_mAh_g_high",
                                     "final_retention_low", "final_retention_high", "cycles_to_80_low", "cycles_to_80_high",
                                     "band_method", "band_note", "calibrated_range", "extrapolation_reason"]

    static func isBanded(_ records: [SweepRecord]) -> Bool { records.contains { $0.band != nil } }

    static func bandFields(_ r: SweepRecord) -> [String] {
        guard let b = r.band else { return [String](repeating: "", count: bandColumns.count) }
        let range = [b.verdict?.label ?? "", b.verdict?.reason ?? ""]
        guard b.isBanded else { return [String](repeating: "", count: bandColumns.count - 4) + [b.method, b.rangeNote ?? ""] + range }
        func v(_ x: Double) -> String { x.isFinite ? SweepFormat.metric(x) : "" }
        func cycles(_ x: Double, _ rule: FloatingPointRoundingRule) -> String { x.isFinite ? String(Int(x.rounded(rule))) : "" }
        return [v(b.capacity_mAh_g.low), v(b.capacity_mAh_g.high), v(b.finalRetention.low), v(b.finalRetention.high),
                cycles(b.cyclesTo80.low, .down), cycles(b.cyclesTo80.high, .up), b.method, b.rangeNote ?? ""] + range
    }

    /// The result CSV (records in the order given; the runner returns grid order), with ``bandColumns`` when a
    /// record carries a band.
    public static func csv(_ records: [SweepRecord], axes: [SweepVariable]) -> String {
        let banded = isBanded(records)
        var out = line(columns(axes: axes) + (banded ? bandColumns : []))
        for r in records { out += line(fields(r) + (banded ? bandFields(r) : [])) }
        return out
    }

    /// A shard's CSV: the ``SweepPart`` comment line, then the result CSV with a leading `point` column.
    public static func partialCSV(_ records: [SweepRecord], axes: [SweepVariable], part: SweepPart) -> String {
        var out = part.commentLine + "\n" + line([pointColumn] + columns(axes: axes))
        for r in records { out += line([String(r.point)] + fields(r)) }
        return out
    }

    /// `{"columns": [...], "rows": [{column: value}]}`: the CSV's rows as objects (empty fields are null; with
    /// `includePoint`, each row also has `point`).
    public static func json(_ records: [SweepRecord], axes: [SweepVariable], includePoint: Bool = false) throws -> String {
        struct Document: Encodable {
            var columns: [String]
            var rows: [[String: JSONField]]
        }
        let banded = isBanded(records)
        let cols = (includePoint ? [pointColumn] : []) + columns(axes: axes) + (banded ? bandColumns : [])
        let rows = records.map { r -> [String: JSONField] in
            var row: [String: JSONField] = [:]
            if includePoint { row[pointColumn] = .integer(r.point) }
            for (axis, value) in zip(axes, r.coordinates) {
                switch value {
                case .number(let x): row[axis.column] = .number(x)
                case .text(let s): row[axis.column] = .text(s)
                }
            }
            row["first_discharge_capacity_mAh_g"] = .number(r.firstDischargeCapacity_mAh_g)
            row["final_retention"] = .number(r.finalRetention)
            row["cycles_to_80"] = r.cyclesTo80.map { .integer($0) } ?? .null
            row["mean_overpotential_V"] = .number(r.meanOverpotential_V)
            row["discharge_energy_mWh_g"] = .number(r.dischargeEnergy_mWh_g)
            row["end_reason"] = .text(r.endReason)
            if banded {
                for (column, field) in zip(bandColumns, bandFields(r)) {
                    if field.isEmpty { row[column] = .null }
                    else if column.hasPrefix("cycles_to_80") { row[column] = Int(field).map { .integer($0) } ?? .null }
                    else if column.hasPrefix("band_") || column == "calibrated_range" || column == "extrapolation_reason" {
                        row[column] = .text(field)
                    }
                    else { row[column] = .number(Double(field)) }
                }
            }
            return row
        }
        return try SolutionReport.json(Document(columns: cols, rows: rows))
    }

    /// A fixed-width text table for the terminal.
    public static func table(_ records: [SweepRecord], axes: [SweepVariable], context: SweepContext) -> String {
        let names = axes.map(\.column) + ["Q1 mAh/g", "retention", "cycles to 80%", "mean η V", "E1 mWh/g", "end"]
        var rows = [names]
        var notes: [String] = []
        for r in records {
            var capacity = SolutionReport.fixed(r.firstDischargeCapacity_mAh_g, 2)
            var retention = r.finalRetention.map { String(format: "%.2f %%", $0 * 100) } ?? "–"
            var cycles = r.cyclesTo80.map(String.init) ?? "–"
            if let b = r.band, b.isBanded {
                capacity += " (" + range(b.capacity_mAh_g, scale: 1, format: "%.1f") + ")"
                retention += " (" + range(b.finalRetention, scale: 100, format: "%.1f") + ")"
                cycles += " (" + range(b.cyclesTo80, scale: 1, format: "%.0f") + ")"
                if b.isFlagged, let x = b.rangeNote { notes.append("point \(r.point + 1) (\(r.coordinates.map(\.description).joined(separator: ", "))): \(x)") }
            }
            rows.append(r.coordinates.map(\.description) + [
                capacity, retention, cycles, SolutionReport.fixed(r.meanOverpotential_V, 4),
                SolutionReport.fixed(r.dischargeEnergy_mWh_g, 1), r.endReason,
            ])
        }
        var widths = [Int](repeating: 0, count: names.count)
        for row in rows { for (i, f) in row.enumerated() { widths[i] = max(widths[i], f.count) } }
        var out = "\(context.title): \(protocolText(context)), \(records.count) points\n"
        for row in rows {
            let cells = row.enumerated().map { i, f in i == row.count - 1 ? f : SolutionReport.pad(f, widths[i]) }
            out += cells.joined(separator: "  ") + "\n"
        }
        if let m = records.lazy.compactMap({ $0.band }).first(where: \.isBanded)?.method {
            out += "in brackets: the 95 % band (\(m); fit covariance and priors, DOMAIN B 9)\n"
        }
        for n in notes { out += n + "\n" }
        return out + retentionNote + "\n"
    }

    /// "140.2–151.3" (an infinite end as "∞" or "−∞"; "no run reaches it" when both are).
    static func range(_ b: PredictionBand, scale: Double, format: String) -> String {
        if !b.low.isFinite, !b.high.isFinite { return "no run reaches it" }
        func end(_ x: Double) -> String { x.isFinite ? String(format: format, x * scale) : (x > 0 ? "∞" : "−∞") }
        return end(b.low) + "–" + end(b.high)
    }

    /// What retention is relative to (``RetentionReference/window(_:slowestTime_s:firstCycleDuration_s:)``).
    public static let retentionNote = "retention: discharge capacity over the largest discharge of the reference window (the first"
        + " \(RetentionReference.cycles) cycles, extended up to \(RetentionReference.maximumExtendedCycles) while a slow electrolyte's or"
        + " cathode's concentration profile settles)"

    /// "500 CC–CV cycles" or "to 80 % retention (at most 5000 cycles)".
    public static func protocolText(_ c: SweepContext) -> String {
        if let t = c.threshold { return String(format: "CC–CV cycles to %g %% retention (at most %d)", t * 100, c.cycles) }
        return "\(c.cycles) CC–CV cycles"
    }

    static func line(_ fields: [String]) -> String { fields.map(SolutionReport.csvField).joined(separator: ",") + "\n" }

    /// Splits one CSV line into fields (RFC 4180 quotes; no line breaks inside fields).
    static func split(_ line: Substring) -> [String]? {
        var fields: [String] = []
        var field = ""
        var quoted = false, wasQuoted = false
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    // A doubled quote is a literal quote; a single one ends the quoted part.
                    var lookahead = iterator
                    if lookahead.next() == "\"" {
                        field.append("\"")
                        iterator = lookahead
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "," {
                fields.append(field)
                field = ""
                wasQuoted = false
            } else if c == "\"" && field.isEmpty && !wasQuoted {
                quoted = true
                wasQuoted = true
            } else {
                field.append(c)
            }
        }
        guard !quoted else { return nil }
        fields.append(field)
        return fields
    }
}

/// A JSON value of a sweep row.
enum JSONField: Encodable {
    case number(Double?)
    case integer(Int)
    case text(String)
    case null

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let x):
            if let x, x.isFinite { try c.encode(x) } else { try c.encodeNil() }
        case .integer(let i): try c.encode(i)
        case .text(let s): try c.encode(s)
        case .null: try c.encodeNil()
        }
    }
}
