import Foundation

/// Discharge capacity per cycle of several cells: rows = cells, columns = cycles (column j is cycle j + 1), no
/// header, each row **zero-padded** after the cell's last cycle (Attia et al. 2020, `Qn.csv`: 45 cells × 1176
/// columns, Ah).
///
/// Reading: trailing zeros (and empty/`NaN` cells) of a row are removed; a zero, empty or `NaN` cell *inside* a row is
/// a missing cycle and reads as NaN. Rows may differ in length. Errors name the file, line (= cell) and column
/// (= cycle): text, a negative or infinite value, a header line, a last row cut short, an empty file.
public struct CapacityMatrix: Sendable, Equatable {
    public let path: String
    /// `capacities_Ah[cell][j]`: discharge capacity of `cell` (0-based row) in cycle j + 1, Ah; NaN for a missing cycle.
    public let capacities_Ah: [[Double]]

    public var cellCount: Int { capacities_Ah.count }

    /// Cycles with data of each cell (its row without the zero padding).
    public var cycleCounts: [Int] { capacities_Ah.map(\.count) }

    public init(path: String) throws {
        try self.init(text: DelimitedText.text(path: path), path: path)
    }

    public init(text: String, path: String) throws {
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw InputError(file: path, line: 1, message: "the file is empty (capacity matrix expected)")
        }
        let table = try DelimitedText(text: text, path: path, headerLine: 0)
        var rows: [[Double]] = []
        var widest = 0
        for row in table.rows {
            var values: [Double] = []
            values.reserveCapacity(row.fields.count)
            for (j, cell) in row.fields.enumerated() {
                if let x = Double(cell), x.isFinite, x > 0 {
                    values.append(x)
                    continue
                }
                let x = CyclerTable.isMissing(cell) ? Double.nan : DelimitedText.number(cell)
                guard let x else {
                    throw InputError(file: path, line: row.line, message:
                        "column \(j + 1) (cycle \(j + 1)): '\(cell.trimmingCharacters(in: .whitespaces))' is not a capacity"
                        + (rows.isEmpty && j == 0 ? " (a capacity matrix has no header line)" : ""))
                }
                guard x.isNaN || (x.isFinite && x >= 0) else {
                    throw InputError(file: path, line: row.line, message:
                        "column \(j + 1) (cycle \(j + 1)): capacity \(x) Ah is negative or infinite")
                }
                values.append(x > 0 ? x : .nan)
            }
            widest = max(widest, row.fields.count)
            while let last = values.last, last.isNaN { values.removeLast() }
            rows.append(values)
        }
        if let last = table.rows.last, let end = text.last, !end.isNewline, last.fields.count < widest {
            throw InputError(file: path, line: last.line, message:
                "the last row is cut short (\(last.fields.count) of \(widest) columns): the file ends in the middle of a row")
        }
        self.path = path
        capacities_Ah = rows
    }

    /// The cycle life of `cell`: the first cycle after the last one whose capacity exceeds `threshold_Ah`
    /// (Attia et al.: cycles to 80 % of 1.1 Ah, `threshold_Ah` = 0.88); nil if no cycle exceeds it.
    public func cycleLife(cell: Int, threshold_Ah: Double) -> Int? {
        guard capacities_Ah.indices.contains(cell),
              let last = capacities_Ah[cell].lastIndex(where: { $0 > threshold_Ah }) else { return nil }
        return last + 2
    }

    /// One cell as the common record: a ``MeasuredCycle`` per cycle with data (discharge capacity only).
    public func data(cell: Int, nominalCapacity_Ah: Double? = nil) throws -> CyclerData {
        guard capacities_Ah.indices.contains(cell) else {
            throw InputError(file: path, key: "cell", message:
                "no cell \(cell); the matrix has cells 0–\(cellCount - 1) (one per row)")
        }
        let row = capacities_Ah[cell]
        let cycles = row.indices.compactMap { j in
            row[j].isNaN ? nil : MeasuredCycle(cycle: j + 1, dischargeCapacity_Ah: row[j])
        }
        let metadata = CyclerMetadata(format: .capacityMatrix, sourcePath: path, nominalCapacity_Ah: nominalCapacity_Ah,
                                      dataRowCount: row.count, notes: [
                                          "cell \(cell) = line \(cell + 1); column j = cycle j; zero padding removed",
                                      ])
        return CyclerData(metadata: metadata, series: nil, cycles: cycles)
    }
}
