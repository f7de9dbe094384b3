import Foundation
import TOMLKit

/// A problem in an input file, named by file, line (text) or byte offset (binary files) and key.
public struct InputError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    /// 0-based offset in a binary file (a BioLogic `.mpr`) of the field or record that is wrong.
    public var byteOffset: Int?
    public var key: String?
    public var message: String

    public init(file: String, line: Int? = nil, byteOffset: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.byteOffset = byteOffset
        self.key = key
        self.message = message
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let byteOffset { s += "byte \(byteOffset): " }
        if let key { s += "key '\(key)': " }
        return s + message
    }
}

/// A parsed TOML input file with checked accessors: each reports the file, line and key of a bad value.
///
/// Numbers may be plain (`thickness_um = 50`) or carry their source
/// (`thickness_um = { value = 50, source = "assumed" }`), and optionally a prior with its spread
/// (`{ value = 1.0, prior = "lognormal", spread = 2, source = "…" }`, ``ParameterPrior``); model files require
/// the source.
public final class ParameterFile {
    public let path: String
    let root: TOMLTable
    private let lines: [String]
    public let requireSources: Bool

    public convenience init(path: String, requireSources: Bool = false) throws {
        let text: String
        let data = try InputFile.read(path: path)
        guard let s = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, message: "not UTF-8 text")
        }
        text = s
        try self.init(string: text, path: path, requireSources: requireSources)
    }

    public init(string: String, path: String, requireSources: Bool = false) throws {
        self.path = path
        self.requireSources = requireSources
        lines = string.components(separatedBy: "\n")
        // TOML allows no control characters but tab and line ends; refused here because the TOML library asserts
        // (aborts) on some of them at the start of a key.
        for (k, line) in lines.enumerated() {
            if let c = line.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\r") || $0.value == 0x7F }) {
                throw InputError(file: path, line: k + 1, message: String(format: "control character U+%04X is not allowed in TOML", c.value))
            }
        }
        try Self.checkTableHeaders(lines, path: path)
        do {
            root = try TOMLTable(string: string)
        } catch let e as TOMLParseError {
            throw InputError(file: path, line: e.source.begin.line, message: "malformed TOML: \(e.description)")
        }
    }

    /// Table headers (`[name]`, `[[name]]`) with a character a key cannot hold, or no closing bracket, are refused
    /// with their line: the TOML library asserts (aborts) on them instead of reporting an error.
    static func checkTableHeaders(_ lines: [String], path: String) throws {
        var previous = ""   // the last line with content, without its comment (a line after "[" or "," continues an array)
        for (k, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            defer {
                let content = (line.hasPrefix("#") ? "" : line).trimmingCharacters(in: .whitespaces)
                if !content.isEmpty { previous = content }
            }
            let insideArray = previous.hasSuffix("[") || previous.hasSuffix(",")
            guard line.hasPrefix("["), !insideArray else { continue }
            let body = line.dropFirst(line.hasPrefix("[[") ? 2 : 1)
            // A number array on its own line ([1, 2] or [+1.5]) is a value, not a header.
            if let first = body.first, first.isNumber || (first == "+" && body.dropFirst().first?.isNumber == true) { continue }
            var quote: Character?
            var closed = false
            var name = ""
            for c in body {
                if let q = quote { if c == q { quote = nil }; name.append("x"); continue }
                if c == "\"" || c == "'" { quote = c; name.append("x"); continue }
                if c == "]" { closed = true; break }
                guard c.isASCII, c.isLetter || c.isNumber || c == "_" || c == "-" || c == "." || c == " " || c == "\t" else {
                    throw InputError(file: path, line: k + 1, message: "the table name holds '\(c)', which a TOML key cannot (use letters, digits, _ and -, or quotes)")
                }
                name.append(c)
            }
            guard closed else { throw InputError(file: path, line: k + 1, message: "the table header has no closing ']'") }
            if name.split(separator: ".", omittingEmptySubsequences: false)
                .contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw InputError(file: path, line: k + 1, message: "the table name has an empty part (a leading, trailing or double '.')")
            }
        }
    }

    public var rootSection: Section { Section(file: self, prefix: nil, table: root) }

    /// Line of `key` inside `[section]` or the n-th `[[array]]` (prefix "array[n]"), best effort, for
    /// messages. With `containing`, the first line of the section that contains that text.
    func line(of key: String, in section: String?, containing text: String? = nil) -> Int? {
        // Where the section starts: header line index (or file start for the root).
        var start = 0
        if let section {
            var name = section, occurrence = 1, isArray = false
            if section.hasSuffix("]"), let open = section.lastIndex(of: "["),
               let n = Int(section[section.index(after: open)..<section.index(before: section.endIndex)]) {
                name = String(section[..<open])
                occurrence = n
                isArray = true
            }
            let header = isArray ? "[[\(name)]]" : "[\(name)]"
            var seen = 0
            var found: Int?
            for (i, raw) in lines.enumerated() where raw.trimmingCharacters(in: .whitespaces).hasPrefix(header) {
                seen += 1
                if seen == occurrence { found = i; break }
            }
            guard let found else { return nil }
            start = found
            if key.isEmpty && text == nil { return found + 1 }
        }
        let leaf = key.split(separator: ".").last.map(String.init) ?? key
        var i = section == nil ? 0 : start + 1
        while i < lines.count {
            let l = lines[i].trimmingCharacters(in: .whitespaces)
            if l.hasPrefix("[") && !l.hasPrefix("[\"") { break }
            if let text, lines[i].contains(text) { return i + 1 }
            if text == nil, !leaf.isEmpty, l.hasPrefix(leaf),
               l.dropFirst(leaf.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") {
                return i + 1
            }
            i += 1
        }
        return section == nil ? nil : start + 1
    }
}

/// A table inside a parameter file.
public struct Section {
    let file: ParameterFile
    public let prefix: String?
    let table: TOMLTable

    public var keys: [String] { table.keys }

    func fullKey(_ key: String) -> String { prefix.map { "\($0).\(key)" } ?? key }

    /// An error naming the file, the line of `key` (or of the line containing `text`) and the key.
    public func error(_ key: String?, _ message: String, near text: String? = nil) -> InputError {
        InputError(file: file.path, line: file.line(of: key ?? "", in: prefix, containing: text),
                   key: key.map(fullKey), message: message)
    }

    public func has(_ key: String) -> Bool { table[key] != nil }

    /// A sub-table (`[prefix.key]` or `key = { … }`).
    public func section(_ key: String, required: Bool = true) throws -> Section? {
        guard let v = table[key] else {
            if required { throw error(nil, "missing table [\(fullKey(key))]") }
            return nil
        }
        guard let t = v.table else { throw error(key, "expected a table") }
        return Section(file: file, prefix: fullKey(key), table: t)
    }

    public func requiredSection(_ key: String) throws -> Section { try section(key, required: true)! }

    /// Array of tables (`[[key]]`).
    public func sections(_ key: String) throws -> [Section] {
        guard let v = table[key] else { return [] }
        guard let a = v.array else { throw error(key, "expected an array of tables") }
        return try a.enumerated().map { i, item in
            guard let t = item.table else { throw error(key, "item \(i + 1) is not a table") }
            return Section(file: file, prefix: "\(fullKey(key))[\(i + 1)]", table: t)
        }
    }

    public func string(_ key: String) throws -> String {
        guard let v = table[key] else { throw error(key, "missing") }
        guard let s = v.string else { throw error(key, "expected a string") }
        return s
    }

    public func optionalString(_ key: String) throws -> String? {
        guard table[key] != nil else { return nil }
        return try string(key)
    }

    public func stringArray(_ key: String) throws -> [String] {
        guard let v = table[key] else { throw error(key, "missing") }
        guard let a = v.array else { throw error(key, "expected an array of strings") }
        return try a.map { item in
            guard let s = item.string else { throw error(key, "expected an array of strings") }
            return s
        }
    }

    public func optionalInt(_ key: String, min: Int? = nil) throws -> Int? {
        guard let v = table[key] else { return nil }
        guard let i = v.int else { throw error(key, "expected a whole number") }
        if let min, i < min { throw error(key, "must be at least \(min), got \(i)") }
        return i
    }

    public func optionalBool(_ key: String) throws -> Bool? {
        guard let v = table[key] else { return nil }
        guard let b = v.bool else { throw error(key, "expected true or false") }
        return b
    }

    /// Constraint on a number.
    public enum Domain {
        case any, positive, nonNegative, closed(ClosedRange<Double>), positiveOrInfinite
        /// Within the range, or +∞ where the key documents it (e.g. a time to short of `inf`: never).
        case closedOrInfinite(ClosedRange<Double>)
        /// One of the input ranges of ``InputLimit`` (the same check as the command line's).
        case limit(InputLimit)

        /// Whether the domain bounds the value on both sides (a physical range), as every key of a model file's key
        /// table must.
        public var isBounded: Bool {
            switch self {
            case .closed, .closedOrInfinite, .limit: return true
            case .any, .positive, .nonNegative, .positiveOrInfinite: return false
            }
        }

        /// The finite range the value must lie in, if the domain is bounded.
        public var range: ClosedRange<Double>? {
            switch self {
            case .closed(let r), .closedOrInfinite(let r): return r
            case .limit(let l): return l.range
            default: return nil
            }
        }

        /// The range as the key list prints it: "0…60", "1e-06…1e+04, or inf"; "any" for an unbounded domain.
        public var rangeDescription: String {
            switch self {
            case .closed(let r): return Self.rangeText(r, unit: "")
            case .closedOrInfinite(let r): return Self.rangeText(r, unit: "") + ", or inf"
            case .limit(let l): return Self.rangeText(l.range, unit: "")
            case .positive: return "> 0"
            case .nonNegative: return "≥ 0"
            case .positiveOrInfinite: return "> 0, or inf"
            case .any: return "any"
            }
        }

        /// "0…60 mA/cm²" (`unit` empty for a pure number).
        static func rangeText(_ r: ClosedRange<Double>, unit: String) -> String {
            String(format: "%g…%g", r.lowerBound, r.upperBound) + (unit.isEmpty ? "" : " \(unit)")
        }

        /// Nil when `x` lies in the domain, else the problem with the limit (in `unit`, the key's lab unit).
        func check(_ x: Double, unit: String = "") -> String? {
            let got = String(format: "got %g", x)
            switch self {
            case .limit(let l):
                return l.problem(x)
            case .positiveOrInfinite:
                return x > 0 && !x.isNaN ? nil : "must be positive, \(got)"
            case .closedOrInfinite(let r):
                if x == .infinity { return nil }
                return r.contains(x) ? nil : "must lie in \(Self.rangeText(r, unit: unit)) or be inf, \(got)"
            case .closed(let r):
                // NaN and ±∞ lie outside every closed range.
                return r.contains(x) ? nil : "must lie in \(Self.rangeText(r, unit: unit)), \(got)"
            default:
                guard x.isFinite else { return "must be a finite number, \(got)" }
            }
            switch self {
            case .any, .positiveOrInfinite, .limit, .closedOrInfinite, .closed: return nil
            case .positive: return x > 0 ? nil : "must be positive, \(got)"
            case .nonNegative: return x >= 0 ? nil : "must not be negative, \(got)"
            }
        }
    }

    private func numeric(_ v: TOMLValueConvertible) -> Double? {
        if let d = v.double { return d }
        if let i = v.int { return Double(i) }
        return nil
    }

    /// A number, plain or `{ value, source }`, checked against `domain`.
    public func number(_ key: String, _ domain: Domain = .any, unit: String = "") throws -> Double {
        guard let v = table[key] else { throw error(key, "missing") }
        let x: Double
        if let t = v.table {
            guard let vv = t["value"], let n = numeric(vv) else { throw error(key, "expected { value = <number>, source = \"…\" }") }
            guard let src = t["source"]?.string, !src.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw error(key, "a source (or \"assumed\") is required beside the value")
            }
            _ = src
            for inner in t.keys where !["value", "source", "prior", "spread"].contains(inner) {
                throw error(key, "unknown field '\(inner)' (expected value, source and optionally prior, spread)")
            }
            _ = try prior(key)
            x = n
        } else if let n = numeric(v) {
            if file.requireSources { throw error(key, "a source is required: write { value = \(n), source = \"…\" }") }
            x = n
        } else {
            throw error(key, "expected a number")
        }
        if let problem = domain.check(x, unit: unit) { throw error(key, problem) }
        return x
    }

    public func optionalNumber(_ key: String, _ domain: Domain = .any, unit: String = "") throws -> Double? {
        table[key] == nil ? nil : try number(key, domain, unit: unit)
    }

    public func numberArray(_ key: String, _ domain: Domain = .any, unit: String = "") throws -> [Double] {
        guard let v = table[key] else { throw error(key, "missing") }
        guard let a = v.array else { throw error(key, "expected an array of numbers") }
        return try a.enumerated().map { i, item in
            guard let x = numeric(item) else { throw error(key, "item \(i + 1) is not a number") }
            if let problem = domain.check(x, unit: unit) { throw error(key, "item \(i + 1) \(problem)") }
            return x
        }
    }

    /// Throws the file:line:key error of `value` (read from `key`) outside `limit`.
    public func checkLimit(_ key: String, _ value: Double, _ limit: InputLimit) throws {
        if let problem = limit.problem(value) { throw error(key, problem) }
    }

    /// Rejects keys not in `allowed` (catches typos such as `thicknes_um`).
    public func rejectUnknownKeys(_ allowed: Set<String>) throws {
        for k in table.keys where !allowed.contains(k) {
            throw error(k, "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
    }
}
