import Foundation

/// A delimited text file (CSV, tab-separated instrument exports) read into rows of fields, with the traps of real
/// cycler files handled: a UTF-8 byte-order mark, CRLF or CR line ends, Latin-1 (ISO-8859-1) text (BioLogic writes
/// `µ`, `²`, `°` that way), blank and `#` comment lines, and a trailing delimiter.
///
/// Every error is an ``InputError`` naming the file and the 1-based line; cell errors also name the column.
public struct DelimitedText: Sendable {
    public enum Delimiter: Character, Sendable {
        case comma = ",", tab = "\t", semicolon = ";"
    }

    public struct Row: Sendable {
        /// 1-based line number in the file.
        public var line: Int
        public var fields: [Substring]
    }

    public let path: String
    /// Column names (nil for a file without a header line).
    public let header: [String]?
    public let rows: [Row]
    public let delimiter: Delimiter

    /// Decodes a file's bytes: drops a UTF-8 BOM, decodes UTF-8, or Latin-1 when the bytes are not valid UTF-8.
    public static func decode(_ data: Data) -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let s = String(data: bytes, encoding: .utf8) { return s }
        return String(decoding: bytes.map { UInt16($0) }, as: UTF16.self) // ISO-8859-1 is the first 256 code points
    }

    /// Reads the text of a file (see ``decode(_:)``); a missing or unreadable file is an ``InputError``.
    public static func text(path: String) throws -> String {
        decode(try contents(path: path))
    }

    /// Reads the bytes of a file (to look for a binary format's magic before decoding text); a missing or
    /// unreadable file is an ``InputError``.
    public static func contents(path: String) throws -> Data {
        try InputFile.read(path: path)
    }

    /// Lines of `text` without their line ends (LF, CRLF or CR), numbered from 1.
    public static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    /// Splits `text` into rows. `headerLine`: the 1-based line holding the column names (nil: detect — the first
    /// content line is a header when its first field is not a number; 0: no header). Content before the header
    /// line is skipped. `delimiter`: nil detects tab, then comma, then semicolon from the first content line.
    public init(text: String, path: String, headerLine: Int? = nil, delimiter: Delimiter? = nil) throws {
        self.path = path
        let all = Self.lines(text)
        var start = 0
        if let h = headerLine, h > 0 {
            guard h <= all.count else {
                throw InputError(file: path, line: h, message: "the header line is past the end of the file (\(all.count) lines)")
            }
            start = h - 1
        }
        func isContent(_ s: Substring) -> Bool {
            let t = s.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.hasPrefix("#")
        }
        guard let first = all[start...].firstIndex(where: isContent) else {
            throw InputError(file: path, message: "no data in the file")
        }
        let d = delimiter ?? (all[first].contains("\t") ? .tab : all[first].contains(",") ? .comma
                                 : all[first].contains(";") ? .semicolon : .tab)
        self.delimiter = d
        func split(_ s: Substring) -> [Substring] {
            var f = s.split(separator: d.rawValue, omittingEmptySubsequences: false)
            while let last = f.last, f.count > 1, last.trimmingCharacters(in: .whitespaces).isEmpty { f.removeLast() }
            return f
        }
        var dataStart = first
        let firstFields = split(all[first])
        let hasHeader: Bool
        switch headerLine {
        case .some(0): hasHeader = false
        case .some: hasHeader = true
        case .none: hasHeader = Self.number(firstFields[0]) == nil
        }
        if hasHeader {
            header = firstFields.map { $0.trimmingCharacters(in: .whitespaces) }
            dataStart = first + 1
        } else {
            header = nil
        }
        var rows: [Row] = []
        rows.reserveCapacity(all.count - dataStart)
        for k in dataStart..<all.count where isContent(all[k]) {
            rows.append(Row(line: k + 1, fields: split(all[k])))
        }
        self.rows = rows
    }

    /// A table built from values already split (a binary file's columns), with the given row numbers as `line`s.
    init(path: String, header: [String], rows: [Row]) {
        self.path = path
        self.header = header
        self.rows = rows
        delimiter = .tab
    }

    /// Reads and splits a file (see ``init(text:path:headerLine:delimiter:)``).
    public init(path: String, headerLine: Int? = nil, delimiter: Delimiter? = nil) throws {
        try self.init(text: Self.text(path: path), path: path, headerLine: headerLine, delimiter: delimiter)
    }

    /// Index of the first column whose name satisfies `matches` (names compared lower-cased, without spaces and `_`).
    public func columnIndex(where matches: (String) -> Bool) -> Int? {
        header?.firstIndex { matches(Self.normalized($0)) }
    }

    static func normalized(_ name: String) -> String {
        name.lowercased().filter { $0 != " " && $0 != "_" }
    }

    /// The numbers of column `index` (0-based) of every row. A missing, empty, non-numeric or non-finite
    /// cell is an error naming the file, line and column.
    public func numbers(column index: Int, name: String? = nil) throws -> [Double] {
        let label = "column \(index + 1)" + (name.map { " (\($0))" } ?? "")
        return try rows.map { row in
            guard index < row.fields.count else {
                throw InputError(file: path, line: row.line,
                                 message: "\(label) is missing (the row has \(row.fields.count) fields)")
            }
            let cell = row.fields[index]
            guard let x = Self.number(cell) else {
                let text = cell.trimmingCharacters(in: .whitespaces)
                throw InputError(file: path, line: row.line,
                                 message: text.isEmpty ? "\(label) is empty" : "\(label): '\(text)' is not a number")
            }
            guard x.isFinite else {
                throw InputError(file: path, line: row.line, message: "\(label): '\(cell)' is not a finite number")
            }
            return x
        }
    }

    /// A number in a cell: decimal point or (for non-comma files) decimal comma, surrounding spaces allowed.
    /// Returns NaN/∞ for `NaN`/`inf` spellings (callers reject them), nil for anything else that is not a number.
    static func number(_ cell: Substring) -> Double? {
        var t = cell.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("\""), t.hasSuffix("\""), t.count >= 2 { t = String(t.dropFirst().dropLast()) }
        if let x = Double(t) { return x }
        if t.contains(","), !t.contains("."), let x = Double(t.replacingOccurrences(of: ",", with: ".")) { return x }
        return nil
    }
}
