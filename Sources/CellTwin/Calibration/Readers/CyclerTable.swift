import Foundation

/// A delimited cycler export with a header line, read through ``DelimitedText`` (which handles the BOM, CRLF,
/// Latin-1, blank lines and a trailing delimiter), plus what every cycler reader needs: columns found by name, the
/// units written in column names, missing-value spellings, a truncated last row, and errors that name the file,
/// the line and the column.
struct CyclerTable {
    /// A column of the file: 0-based index, name as written, and the unit written in the name (if any).
    struct Column {
        var index: Int
        var name: String
        var unit: CyclerUnit?

        /// "column 7 (Voltage)", for messages.
        var label: String { "column \(index + 1) (\(name))" }
    }

    /// Cell texts that mean "no value": empty, `NaN` (MATLAB, BEEP), `N/A` (Maccor), `NA`, `null`, `None`, `-`.
    static let missingSpellings: Set<String> = ["", "nan", "n/a", "na", "null", "none", "-", "--", "#n/a"]

    let table: DelimitedText
    let path: String
    let header: [String]
    /// 1-based line of the column names.
    let headerLine: Int
    /// The format's name, for messages.
    let format: String

    var rows: [DelimitedText.Row] { table.rows }
    var count: Int { table.rows.count }

    /// Reads `text` with the column names on `headerLine` (nil: the first non-blank line).
    init(text: String, path: String, format: String, headerLine: Int? = nil,
         delimiter: DelimitedText.Delimiter? = nil) throws {
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw InputError(file: path, line: 1, message: "the file is empty (\(format) expected)")
        }
        let line = headerLine ?? Self.firstContentLine(text)
        let table = try DelimitedText(text: text, path: path, headerLine: line, delimiter: delimiter)
        try self.init(table: table, text: text, format: format, headerLine: line)
    }

    /// Wraps a table already split (BioLogic's header block is found by ``BioLogicText``).
    init(table: DelimitedText, text: String, format: String, headerLine: Int) throws {
        self.table = table
        path = table.path
        self.headerLine = headerLine
        self.format = format
        guard let header = table.header, !header.isEmpty else {
            throw InputError(file: table.path, line: headerLine, message: "no column names (\(format) expected)")
        }
        self.header = header
        guard !table.rows.isEmpty else {
            throw InputError(file: path, line: headerLine, message: "no data rows after the column names")
        }
        try checkLastRow(text: text)
    }

    /// 1-based number of the first line that is neither blank nor a `#` comment (as ``DelimitedText`` skips them).
    static func firstContentLine(_ text: String) -> Int {
        var line = 1
        var first: Character?
        for ch in text {
            if ch.isNewline {
                if let f = first, f != "#" { return line }
                first = nil
                line += 1
            } else if first == nil, !ch.isWhitespace {
                first = ch
            }
        }
        return line
    }

    /// A file that stops without a line break in the middle of its last row (a copy cut short) is an error: the
    /// last row then has fewer fields than the header. (Complete rows may end without a line break, and a row may
    /// end in empty fields, which ``DelimitedText`` trims; both are fine.)
    func checkLastRow(text: String) throws {
        guard let lastChar = text.last, !lastChar.isNewline, let last = rows.last else { return }
        let tail = text[(text.lastIndex(where: \.isNewline).map { text.index(after: $0) } ?? text.startIndex)...]
        let fields = tail.split(separator: table.delimiter.rawValue, omittingEmptySubsequences: false).count
        guard fields < header.count else { return }
        throw InputError(file: path, line: last.line, message:
            "the last row is cut short (\(fields) of \(header.count) fields; column \(fields + 1) (\(header[fields])) "
            + "and after are missing): the file ends in the middle of a row")
    }

    // MARK: - Columns

    /// The first column named like one of `candidates`: an exact match first, then ignoring case, spaces, `_`, µ/μ and
    /// a unit in the name (`Current(A)` matches `Current`).
    func find(_ candidates: [String]) -> Column? {
        for c in candidates {
            if let i = header.firstIndex(of: c) { return column(i) }
        }
        let bases = header.map { Self.key(CyclerUnit.split(columnName: $0).base) }
        let plain = header.map { Self.key($0) }
        for c in candidates {
            let k = Self.key(c)
            if let i = plain.firstIndex(of: k) ?? bases.firstIndex(of: k) { return column(i) }
        }
        return nil
    }

    /// Like ``find(_:)``, or an error naming the header line, what is missing and the columns present.
    func require(_ candidates: [String], what: String) throws -> Column {
        if let c = find(candidates) { return c }
        let expected = candidates.map { "'\($0)'" }.joined(separator: " or ")
        throw InputError(file: path, line: headerLine, message:
            "no \(what) column (\(expected)) in this \(format) file; the columns are "
            + header.map { "'\($0)'" }.joined(separator: ", "))
    }

    func column(_ i: Int) -> Column {
        Column(index: i, name: header[i], unit: CyclerUnit.split(columnName: header[i]).unit)
    }

    /// A column name for matching: lower case, without spaces and `_`, Greek mu (U+03BC) read as the micro sign.
    static func key(_ name: String) -> String {
        String(name.lowercased().compactMap { c -> Character? in
            c.isWhitespace || c == "_" ? nil : (c == "\u{3BC}" ? "\u{B5}" : c)
        })
    }

    // MARK: - Values

    /// The cell of `row` in `column`, nil when the row is too short.
    func cell(_ row: DelimitedText.Row, _ column: Column) -> Substring? {
        column.index < row.fields.count ? row.fields[column.index] : nil
    }

    /// Whether a cell text means "no value" (see ``missingSpellings``).
    static func isMissing(_ cell: Substring) -> Bool {
        cell.count <= 5 && missingSpellings.contains(cell.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// A number, or nil for a missing value (also a row that ends before the column: ``DelimitedText`` drops
    /// trailing empty fields); an error for anything else (text, ±∞).
    func number(_ row: DelimitedText.Row, _ column: Column) throws -> Double? {
        guard let cell = cell(row, column) else { return nil }
        if let x = Double(cell), x.isFinite { return x }
        if Self.isMissing(cell) { return nil }
        guard let x = DelimitedText.number(cell) else {
            throw InputError(file: path, line: row.line, message:
                "\(column.label): '\(cell.trimmingCharacters(in: .whitespaces))' is not a number")
        }
        if x.isNaN { return nil }
        guard x.isFinite else {
            throw InputError(file: path, line: row.line, message: "\(column.label): '\(cell)' is not a finite number")
        }
        return x
    }

    /// The numbers of a column in the record's unit (the column's own unit if its name gives one, else `unit`).
    /// `required`: a missing value is an error naming the line and column; otherwise it reads as NaN.
    func numbers(_ column: Column, unit: CyclerUnit, required: Bool) throws -> [Double] {
        let u = column.unit ?? unit
        guard u.quantity == unit.quantity else {
            throw InputError(file: path, line: headerLine, message:
                "\(column.label): unit \(u.rawValue) is not a unit of \(unit.quantity.rawValue)")
        }
        var out: [Double] = []
        out.reserveCapacity(count)
        for row in rows {
            if let x = try number(row, column) {
                out.append(u.toRecord(x))
            } else if required {
                throw missing(row, column)
            } else {
                out.append(.nan)
            }
        }
        return out
    }

    /// The numbers of a column as written (no unit), NaN where missing.
    func values(_ column: Column) throws -> [Double] {
        try rows.map { try number($0, column) ?? .nan }
    }

    /// The error for a required value that is not there: an empty or `NaN`-like cell, or a row that ends early.
    func missing(_ row: DelimitedText.Row, _ column: Column) -> InputError {
        guard let c = cell(row, column) else {
            return InputError(file: path, line: row.line, message:
                "\(column.label) is missing: the row ends after \(row.fields.count) of \(header.count) fields")
        }
        return InputError(file: path, line: row.line, message:
            "\(column.label) has no value ('\(c.trimmingCharacters(in: .whitespaces))'), and \(format) rows need one")
    }

    /// Whole numbers (cycle and step indexes); a missing or fractional value is an error.
    func integers(_ column: Column) throws -> [Int] {
        try rows.map { row in
            guard let x = try number(row, column) else { throw missing(row, column) }
            guard x == x.rounded(), abs(x) < 1e15 else {
                throw InputError(file: path, line: row.line, message: "\(column.label): \(x) is not a whole number")
            }
            return Int(x)
        }
    }

    /// Times in seconds from clock strings (`25:13:07`, hours > 24 allowed) or plain numbers in the column's unit.
    func times(_ column: Column, unit: CyclerUnit = .second) throws -> [Double] {
        let u = column.unit ?? unit
        guard u.quantity == .time else {
            throw InputError(file: path, line: headerLine, message: "\(column.label): unit \(u.rawValue) is not a unit of time")
        }
        return try rows.map { row in
            guard let cell = cell(row, column) else { throw missing(row, column) }
            if cell.contains(":") {
                guard let s = CyclerUnit.seconds(clock: cell) else {
                    throw InputError(file: path, line: row.line, message:
                        "\(column.label): '\(cell)' is not a time (h:mm:ss, hours may exceed 24)")
                }
                return s
            }
            guard let x = try number(row, column) else { throw missing(row, column) }
            return u == .clock ? x : u.toRecord(x)
        }
    }

    /// The texts of a column, trimmed ("" where the row is short).
    func strings(_ column: Column) -> [Substring] {
        rows.map { row in
            guard let c = cell(row, column) else { return "" }
            return c.first == " " || c.last == " " ? Substring(c.trimmingCharacters(in: .whitespaces)) : c
        }
    }

    /// The 1-based line of every row.
    var lines: [Int] { rows.map(\.line) }
}
