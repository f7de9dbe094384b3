import Foundation

/// What a number with a unit measures. Values of a ``Quantity`` are SI (the unit in each case's comment).
public enum QuantityKind: String, Sendable, CaseIterable {
    /// Multiple of the 1C current (dimensionless): `0.5C`, `C/2`.
    case cRate = "C-rate"
    /// Cell current, A: `100uA`, `0.1 mA`.
    case current
    /// Current per electrode area, A m⁻²: `0.1 mA/cm2`, `0.1 mA cm-2`, `1 A/m2`.
    case currentDensity = "current density"
    /// Cell charge, C: `1 mAh`, `0.002 Ah`.
    case charge = "capacity"
    /// Charge per electrode area, C m⁻²: `0.5 mAh/cm2`.
    case arealCharge = "areal capacity"
    /// Charge per mass of active material, C kg⁻¹: `150 mAh/g`.
    case specificCharge = "specific capacity"
    /// V: `2.5 V`, `10 mV`, `500 uV`.
    case voltage
    /// s: `2 hours`, `10 minutes`, `30 s`, `1 day`.
    case duration
    /// K: `60 °C`, `60 C` (where a temperature is expected), `333.15 K`.
    case temperature
    /// Fraction (1 = 100 %): `80%`, `80 %`.
    case fraction
    /// Active-material loading, kg m⁻²: `2 mg/cm2`.
    case loading
    /// Cell power, W: `2 W`, `5 mW`.
    case power
    /// Power per electrode area, W m⁻²: `5 mW/cm2`.
    case powerDensity = "power density"
}

/// Why a text is not a quantity; the description quotes the text, says what is wrong and lists valid examples.
public struct QuantityError: Error, CustomStringConvertible, Equatable, Sendable {
    public var text: String
    public var reason: String
    public var examples: [String]

    public var description: String {
        "cannot read '\(text)': \(reason)" + (examples.isEmpty ? "" : " (write e.g. \(examples.joined(separator: ", ")))")
    }
}

/// A number with its unit, converted to SI on reading: the one grammar for quantities on the command line, in
/// scenario files and in step strings (``Step/init(parsing:)`` reads each drive and limit of a step as a
/// ``Expectation/stepQuantity``).
///
/// Numbers are decimal only: `[+|-] digits [. digits] [e|E [+|-] digits]` (also `.5`); no hexadecimal (`0x10`),
/// no `inf` or `nan`, no digit separators. A unit follows the number with or without a space; an area in the
/// denominator may be written `/cm2`, `/cm²`, ` cm-2`, `/m2`. Where one kind is expected, a bare number takes
/// that kind's default unit (``Expectation/bareUnit``).
public struct Quantity: Equatable, Sendable, CustomStringConvertible {
    public var kind: QuantityKind
    /// SI value (see ``QuantityKind``).
    public var value: Double

    public init(kind: QuantityKind, value: Double) {
        self.kind = kind
        self.value = value
    }

    public var description: String { String(format: "%g (SI) %@", value, kind.rawValue) }

    /// One spelling of a unit: `value_SI = number · scale + offset`.
    public struct Unit: Sendable {
        public var kind: QuantityKind
        public var scale: Double
        public var offset: Double = 0
    }

    /// The units, by normalized spelling (lower case, `µ`/`μ` as `u`, area denominators as `/cm2` or `/m2`).
    /// A spelling with several kinds (`c`: C-rate or °C) is resolved by what the reader expects, in this order.
    public static let units: [String: [Unit]] = {
        var t: [String: [Unit]] = [:]
        func add(_ names: [String], _ kind: QuantityKind, _ scale: Double, offset: Double = 0) {
            for n in names { t[n, default: []].append(Unit(kind: kind, scale: scale, offset: offset)) }
        }
        add(["c"], .cRate, 1)
        add(["v"], .voltage, 1); add(["mv"], .voltage, 1e-3); add(["uv"], .voltage, 1e-6)
        add(["a"], .current, 1); add(["ma"], .current, 1e-3); add(["ua"], .current, 1e-6); add(["na"], .current, 1e-9)
        add(["a/m2"], .currentDensity, 1); add(["ma/cm2"], .currentDensity, 10); add(["ua/cm2"], .currentDensity, 1e-2)
        add(["a/cm2"], .currentDensity, 1e4)
        add(["w"], .power, 1); add(["mw"], .power, 1e-3)
        add(["w/m2"], .powerDensity, 1); add(["mw/cm2"], .powerDensity, 10)
        add(["s", "sec", "secs", "second", "seconds"], .duration, 1)
        add(["min", "mins", "minute", "minutes"], .duration, 60)
        add(["h", "hr", "hrs", "hour", "hours"], .duration, 3600)
        add(["day", "days"], .duration, 86400)
        add(["ah"], .charge, 3600); add(["mah"], .charge, 3.6); add(["uah"], .charge, 3.6e-3)
        add(["mah/cm2"], .arealCharge, 3.6e4); add(["uah/cm2"], .arealCharge, 36)
        add(["mah/g"], .specificCharge, 3600)
        add(["°c", "degc", "c"], .temperature, 1, offset: 273.15)
        add(["k"], .temperature, 1)
        add(["%"], .fraction, 0.01)
        add(["mg/cm2"], .loading, 1e-2); add(["kg/m2"], .loading, 1); add(["g/m2"], .loading, 1e-3)
        return t
    }()

    /// The unit spelled `word` (any case; `µA`, `mA cm-2`, `mA/cm²` normalized), among `accepting` kinds
    /// (all kinds when nil), preferring the first listed kind of the spelling.
    public static func unit(_ word: String, accepting: Set<QuantityKind>? = nil) -> Unit? {
        let entries = units[normalizedUnit(word)] ?? []
        return entries.first { accepting?.contains($0.kind) ?? true }
    }

    /// Lower case, `µ`/`μ` → `u`, `²`/`-2` after an area → `2`, `mA cm2` → `ma/cm2`, no spaces.
    static func normalizedUnit(_ word: String) -> String {
        var w = word.lowercased().replacingOccurrences(of: "µ", with: "u").replacingOccurrences(of: "μ", with: "u")
            .replacingOccurrences(of: "²", with: "2").replacingOccurrences(of: "° c", with: "°c")
        for area in ["cm", "m"] { w = w.replacingOccurrences(of: area + "-2", with: area + "2") }
        let parts = w.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if parts.count == 2, parts[1] == "cm2" || parts[1] == "m2" { return parts[0] + "/" + parts[1] }
        return parts.joined()
    }

    /// Scans a decimal number starting at `start`: `[+|-] digits [. digits] [e [+|-] digits]`. Returns the value and
    /// the index after it, or nil when no digit is there. Never reads hexadecimal, `inf` or `nan`.
    public static func scanNumber(_ chars: [Character], from start: Int) -> (value: Double, end: Int)? {
        var i = start
        if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
        var digits = 0
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1; digits += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            var k = i + 1
            if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
            if k < chars.count, chars[k].isASCII, chars[k].isNumber {
                while k < chars.count, chars[k].isASCII, chars[k].isNumber { k += 1 }
                i = k
            }
        }
        guard let v = Double(String(chars[start..<i])) else { return nil }
        return (v, i)
    }

    /// A whole text as a decimal number (surrounding spaces allowed), or nil: `1e3`, `-0.5`, `.5`; not `0x10`,
    /// `inf`, `nan`, `1_000`, `1,5`.
    public static func decimal(_ text: String) -> Double? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces))
        guard let (v, end) = scanNumber(chars, from: 0), end == chars.count else { return nil }
        return v
    }

    /// What a reader expects: the kinds it accepts, the unit of a bare number and examples for errors.
    public struct Expectation: Sendable {
        public var kinds: [QuantityKind]
        /// Unit spelling of a bare number (nil: a unit is required).
        public var bareUnit: String?
        public var examples: [String]

        public init(kinds: [QuantityKind], bareUnit: String?, examples: [String]) {
            self.kinds = kinds
            self.bareUnit = bareUnit
            self.examples = examples
        }

        public static let cRate = Expectation(kinds: [.cRate], bareUnit: "C", examples: ["0.5", "0.5C", "C/2"])
        /// A current density, or a cell current (converted with the cell's area by the caller).
        public static let current = Expectation(kinds: [.currentDensity, .current], bareUnit: "mA/cm2",
                                                examples: ["0.1 (mA/cm²)", "0.1 mA/cm2", "100uA", "0.1 mA"])
        public static let arealCapacity = Expectation(kinds: [.arealCharge, .charge], bareUnit: "mAh/cm2",
                                                      examples: ["0.1 (mAh/cm²)", "0.1 mAh/cm2", "0.1 mAh"])
        public static let voltage = Expectation(kinds: [.voltage], bareUnit: "V", examples: ["2.5", "2.5 V", "10 mV"])
        public static let voltageWithUnit = Expectation(kinds: [.voltage], bareUnit: nil, examples: ["10mV", "10 mV", "0.01V"])
        public static let hours = Expectation(kinds: [.duration], bareUnit: "h", examples: ["400 (hours)", "400 h", "2 days"])
        public static let temperature = Expectation(kinds: [.temperature], bareUnit: "°C", examples: ["60 (°C)", "60 °C", "333 K"])
        public static let fraction = Expectation(kinds: [.fraction], bareUnit: nil, examples: ["80%", "80 %"])
        public static let loading = Expectation(kinds: [.loading], bareUnit: "mg/cm2", examples: ["2 (mg/cm²)", "2 mg/cm2"])
        /// A drive or a limit in a step string (``Step/init(parsing:)``): a unit is required.
        public static let stepQuantity = Expectation(
            kinds: [.cRate, .voltage, .current, .currentDensity, .power, .powerDensity, .duration, .charge, .arealCharge,
                    .specificCharge],
            bareUnit: nil, examples: ["0.5C", "C/20", "2.5 V", "1 mA", "0.2 mA/cm2", "5 mW/cm2", "10 minutes", "0.5 mAh/cm2"])
    }

    /// Reads `text` as one of `expected`'s kinds: a number with a unit, a bare number in the expected default unit,
    /// or (for C-rates) `C/n` and `C`. Throws a ``QuantityError`` quoting the text with valid examples.
    public init(parsing text: String, as expected: Expectation) throws {
        func fail(_ reason: String) -> QuantityError { QuantityError(text: text, reason: reason, examples: expected.examples) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let chars = Array(trimmed)
        guard !chars.isEmpty else { throw fail("empty value") }
        let kinds = Set(expected.kinds)
        // "C/2", "C" (C-rates only).
        if kinds.contains(.cRate), chars[0] == "C" || chars[0] == "c", !kinds.contains(.temperature) {
            let rest = String(chars.dropFirst()).trimmingCharacters(in: .whitespaces)
            if rest.isEmpty { self.init(kind: .cRate, value: 1); return }
            if rest.hasPrefix("/") {
                guard let d = Self.decimal(String(rest.dropFirst())) else { throw fail("the divisor of C/n must be a decimal number") }
                guard d.isFinite, d > 0, (1 / d).isFinite else { throw fail("the divisor of C/n must be a positive, finite number") }
                self.init(kind: .cRate, value: 1 / d)
                return
            }
        }
        guard let (number, end) = Self.scanNumber(chars, from: 0) else {
            throw fail("expected a decimal number")
        }
        guard number.isFinite else { throw fail("the number is too large") }
        let unitText = String(chars[end...]).trimmingCharacters(in: .whitespaces)
        if number == 0, unitText.lowercased().hasPrefix("x") {
            throw fail("hexadecimal numbers are not read; write the decimal value")
        }
        let unit: Unit
        if unitText.isEmpty {
            guard let bare = expected.bareUnit, let u = Self.unit(bare, accepting: kinds) else {
                throw fail("the number needs a unit")
            }
            unit = u
        } else {
            guard let u = Self.unit(unitText, accepting: kinds) else {
                if let other = Self.unit(unitText) {
                    throw fail("'\(unitText)' is a unit of \(other.kind.rawValue), not of "
                               + expected.kinds.map(\.rawValue).joined(separator: " or "))
                }
                throw fail("unknown unit '\(unitText)'")
            }
            unit = u
        }
        let v = number * unit.scale + unit.offset
        guard v.isFinite else { throw fail("the number is too large") }
        self.init(kind: unit.kind, value: v)
    }
}
