import Foundation

/// BioLogic EC-Lab text exports (`.mpt`, `.txt`): tab-separated, CRLF, often Latin-1.
///
/// An "EC-Lab ASCII FILE" starts with a header block whose second line reads `Nb header lines : N`; line N holds
/// the column names (`freq/Hz`, `Re(Z)/Ohm`, `-Im(Z)/Ohm`, `time/s`, `Ewe/V`, `I/mA`, `cycle number`, …) and the
/// data follow. A plain "export as text" file has the column names on line 1.
public enum BioLogicText {
    /// Reads the file into a table with its header (column names) and data rows.
    public static func table(path: String) throws -> DelimitedText {
        let text = try DelimitedText.text(path: path)
        return try table(text: text, path: path)
    }

    public static func table(text: String, path: String) throws -> DelimitedText {
        // The banner and the line count sit in the first lines; no need to split the whole file twice.
        let head = DelimitedText.lines(String(text.prefix(512)))
        var headerLine = 1
        if let first = head.first, first.trimmingCharacters(in: .whitespaces).hasPrefix("EC-Lab ASCII FILE") {
            guard head.count > 1, let n = headerLineCount(head[1]) else {
                throw InputError(file: path, line: 2, message: "an EC-Lab ASCII file must give 'Nb header lines : N' on line 2")
            }
            guard n >= 1 else { throw InputError(file: path, line: 2, message: "'Nb header lines : \(n)' must be at least 1") }
            headerLine = n
        }
        return try DelimitedText(text: text, path: path, headerLine: headerLine, delimiter: .tab)
    }

    /// N from a line `Nb header lines : N`.
    static func headerLineCount(_ line: Substring) -> Int? {
        guard line.contains("Nb header lines"), let colon = line.firstIndex(of: ":") else { return nil }
        return Int(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    /// Whether `text` looks like an EC-Lab export (the ASCII-file banner, or a tab-separated first line with
    /// EC-Lab column names).
    public static func isBioLogic(_ text: String) -> Bool {
        let head = text.prefix(2048)
        if head.hasPrefix("EC-Lab ASCII FILE") { return true }
        let first = head.prefix { $0 != "\n" && $0 != "\r" && $0 != "\r\n" }
        return first.contains("\t") && (first.contains("freq/Hz") || first.contains("time/s"))
    }

    /// Row indexes from a `_LOOP.txt` file (`VMP EXPERIMENT LOOP INDEXES`, then one 0-based start row per loop).
    public static func loopIndexes(path: String) throws -> [Int] {
        let lines = DelimitedText.lines(try DelimitedText.text(path: path))
        guard let first = lines.first, first.contains("LOOP INDEXES") else {
            throw InputError(file: path, line: 1, message: "not a BioLogic loop file (expected 'VMP EXPERIMENT LOOP INDEXES')")
        }
        var indexes: [Int] = []
        for (k, line) in lines.enumerated().dropFirst() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard let i = Int(t), i >= 0 else {
                throw InputError(file: path, line: k + 1, message: "'\(t)' is not a row index")
            }
            if let last = indexes.last, i < last {
                throw InputError(file: path, line: k + 1, message: "row index \(i) is smaller than the one before (\(last))")
            }
            indexes.append(i)
        }
        return indexes
    }
}

/// Galvanostatic cycling data (BioLogic GCPL): time, cell voltage and, when the file has it, current.
public struct GalvanostaticData: Sendable, Equatable {
    public var time_s: [Double]
    /// Working-electrode potential vs the counter (the cell voltage; in a symmetric Li|E|Li cell the overpotential).
    public var voltage_V: [Double]
    /// Current in A (positive as the instrument records it), nil when the export has no current column.
    public var current_A: [Double]?

    public var count: Int { time_s.count }

    /// Reads a BioLogic GCPL text export. Needs `time/s` and `Ewe/V` (or `Ecell/V`); takes the current from
    /// `I/mA`, `<I>/mA` or `control/mA` when present. At least two rows; time must not decrease.
    public static func readBioLogic(path: String) throws -> GalvanostaticData {
        let table = try BioLogicText.table(path: path)
        guard let header = table.header else { throw InputError(file: path, message: "no column names") }
        func index(_ names: [String]) -> Int? {
            names.lazy.compactMap { n in header.firstIndex { $0 == n } }.first
        }
        guard let t = index(["time/s"]) else {
            throw InputError(file: path, message: "no 'time/s' column (columns: \(header.joined(separator: ", ")))")
        }
        guard let v = index(["Ewe/V", "Ecell/V", "<Ewe>/V"]) else {
            throw InputError(file: path, message: "no 'Ewe/V' column (columns: \(header.joined(separator: ", ")))")
        }
        let time = try table.numbers(column: t, name: header[t])
        let voltage = try table.numbers(column: v, name: header[v])
        var current: [Double]?
        if let i = index(["I/mA", "<I>/mA", "control/mA"]) {
            current = try table.numbers(column: i, name: header[i]).map { $0 * 1e-3 }
        }
        guard time.count >= 2 else {
            throw InputError(file: path, message: "only \(time.count) data rows; a GCPL record needs at least 2")
        }
        for k in 1..<time.count where time[k] < time[k - 1] {
            throw InputError(file: path, line: table.rows[k].line,
                             message: "column \(t + 1) (time/s): time goes backwards (\(time[k]) after \(time[k - 1]))")
        }
        return GalvanostaticData(time_s: time, voltage_V: voltage, current_A: current)
    }

    /// The rows of each loop, from the start indexes of a `_LOOP.txt` file (the last loop runs to the end).
    public func loops(startingAt indexes: [Int]) -> [Range<Int>] {
        let starts = indexes.filter { $0 < count }
        return starts.enumerated().map { k, s in s..<(k + 1 < starts.count ? starts[k + 1] : count) }.filter { !$0.isEmpty }
    }
}
