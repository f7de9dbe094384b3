import Foundation
import SwiftCSV

/// One row of a measurement table in the `Calibration/seed-measurements.csv` format. Lab units as the
/// `unit` column states; empty cells are nil.
public struct MeasurementRow: Sendable, Equatable {
    /// File the row comes from and its 1-based line (the header is line 1).
    public var file: String
    public var line: Int
    /// Study tag (`source` column), e.g. `cheng2023`.
    public var source: String
    public var electrolyte: String
    /// Measurement kind (`conductivity`, `transference`, `rate_capability`, `symmetric_short`, …).
    public var kind: String
    public var cathode: String?
    /// °C.
    public var temperature_C: Double?
    public var cRate: Double?
    /// mA cm⁻².
    public var current_mA_cm2: Double?
    /// mAh cm⁻² per half-cycle.
    public var arealCapacity_mAh_cm2: Double?
    public var cycle: Int?
    /// h.
    public var time_h: Double?
    public var quantity: String
    /// The value as written (numeric rows have `value`).
    public var valueText: String
    public var value: Double?
    public var unit: String
    /// `=`, `~`, `<`, `>=` …
    public var qualifier: String
    public var note: String
    /// Capacity coordinate of a point on a voltage curve, mAh per g of cathode (`[[curve]]` rows; not a column of the
    /// measurement tables).
    public var specificCapacity_mAh_g: Double? = nil
    /// Hz: the frequency of an impedance point (`impedance_spectrum` rows from a `[[spectrum]]` table; not a
    /// column of the measurement tables).
    public var frequency_Hz: Double? = nil

    /// "file:line" for messages and reports.
    public var location: String { "\((file as NSString).lastPathComponent):\(line)" }
}

/// Reads measurement tables (RFC 4180: quoted fields may hold commas, quotes and line breaks; SwiftCSV).
public enum MeasurementTable {
    /// The columns, in order.
    public static let columns = ["source", "electrolyte", "kind", "cathode", "temperature_C", "c_rate", "current_mA_cm2",
                                 "areal_capacity_mAh_cm2", "cycle", "time_h", "quantity", "value", "unit", "qualifier", "note"]

    /// All rows of `path` (or only those of `electrolyte`). Errors are ``InputError``s naming the file, the line
    /// and the column.
    public static func load(path: String, electrolyte: String? = nil) throws -> [MeasurementRow] {
        let text = try DelimitedText.text(path: path)
        return try parse(text: text, path: path, electrolyte: electrolyte)
    }

    public static func parse(text: String, path: String, electrolyte: String? = nil) throws -> [MeasurementRow] {
        let csv: EnumeratedCSV
        do {
            csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
        } catch {
            throw InputError(file: path, message: "malformed CSV (\(error))")
        }
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard header == columns else {
            let missing = columns.filter { !header.contains($0) }, extra = header.filter { !columns.contains($0) }
            var why = "expected the columns \(columns.joined(separator: ","))"
            if !missing.isEmpty { why += "; missing: \(missing.joined(separator: ", "))" }
            if !extra.isEmpty { why += "; unknown: \(extra.joined(separator: ", "))" }
            if missing.isEmpty && extra.isEmpty { why += "; they are in another order" }
            throw InputError(file: path, line: 1, message: why)
        }
        var raw: [[String]] = []
        do {
            try csv.enumerateAsArray(startAt: 1, rowLimit: nil) { raw.append($0) }
        } catch {
            throw InputError(file: path, message: "malformed CSV (\(error))")
        }
        var rows: [MeasurementRow] = []
        var line = 2 + header.joined().filter(\.isNewline).count
        for fields in raw {
            let here = line
            line += 1 + fields.joined().filter(\.isNewline).count
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard fields.count == columns.count else {
                throw InputError(file: path, line: here,
                                 message: "\(fields.count) fields, expected \(columns.count) (\(columns.joined(separator: ",")))")
            }
            let row = try makeRow(fields, path: path, line: here)
            if let electrolyte, row.electrolyte != electrolyte { continue }
            rows.append(row)
        }
        return rows
    }

    private static func makeRow(_ f: [String], path: String, line: Int) throws -> MeasurementRow {
        func text(_ i: Int) -> String { f[i].trimmingCharacters(in: .whitespaces) }
        func number(_ i: Int) throws -> Double? {
            let t = text(i)
            if t.isEmpty { return nil }
            guard let x = Quantity.decimal(t), x.isFinite else {
                throw InputError(file: path, line: line, key: columns[i], message: "'\(t)' is not a finite decimal number")
            }
            return x
        }
        /// A protocol number within its input range (the temperature of a row may lie outside the modelled range: such
        /// a row is reported as not fitted).
        func limited(_ i: Int, _ limit: InputLimit) throws -> Double? {
            guard let x = try number(i) else { return nil }
            if let problem = limit.problem(x) { throw InputError(file: path, line: line, key: columns[i], message: problem) }
            return x
        }
        func required(_ i: Int) throws -> String {
            let t = text(i)
            guard !t.isEmpty else { throw InputError(file: path, line: line, key: columns[i], message: "is empty") }
            return t
        }
        var cycle: Int?
        if let c = try number(8) {
            guard c >= 0, c == c.rounded(), let n = Int(checked: c, in: 0...Int(InputLimit.cycles.range.upperBound)) else {
                throw InputError(file: path, line: line, key: "cycle",
                                 message: "'\(text(8))' is not a cycle number in 0…\(Int(InputLimit.cycles.range.upperBound))")
            }
            cycle = n
        }
        let valueText = try required(11)
        return MeasurementRow(
            file: path, line: line, source: try required(0), electrolyte: try required(1), kind: try required(2),
            cathode: text(3).isEmpty ? nil : text(3), temperature_C: try number(4), cRate: try limited(5, .cRate),
            current_mA_cm2: try limited(6, .currentDensity_mA_cm2), arealCapacity_mAh_cm2: try limited(7, .arealCapacity_mAh_cm2), cycle: cycle, time_h: try number(9),
            quantity: try required(10), valueText: valueText, value: Double(valueText), unit: text(12),
            qualifier: text(13).isEmpty ? "=" : text(13), note: f[14])
    }
}
