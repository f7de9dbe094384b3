import Foundation

/// Recursive-descent parser for PyBaMM-style step strings.
///
///     step     := ("Charge" | "Discharge") "at" drive limits
///               | "Hold" "at" voltage limits
///               | "Rest" limits
///     limits   := ["for" quantity] [["or"] "until" quantity ("or" quantity)*]
///     drive    := C-rate ("0.5C", "C/20") | current (mA, A, µA) | current density (mA/cm2, A/m2)
///               | power (W, mW) | power density (mW/cm2, W/m2)
///     quantity := voltage | C-rate | current | current density | capacity (mAh, Ah, mAh/cm2, mAh/g) | duration
struct StepParser {
    private enum Token: Equatable {
        case number(Double)
        case word(String)   // lower-cased
        case slash
    }

    private let text: String
    private var tokens: [Token] = []
    private var position = 0
    private var tokenizeError: String?

    init(_ text: String) {
        self.text = text
        do { tokens = try Self.tokenize(text) } catch let e as ExperimentError {
            if case .invalidStep(_, let reason) = e { tokenizeError = reason }
        } catch { tokenizeError = "\(error)" }
    }

    private func fail(_ reason: String) -> ExperimentError { .invalidStep(text: text, reason: reason) }

    private static func tokenize(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        func isWordChar(_ c: Character) -> Bool { c.isLetter || c == "µ" || c == "μ" || c == "²" || c.isNumber }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace || c == "," { i += 1; continue }
            if c == "/" { tokens.append(.slash); i += 1; continue }
            if c.isNumber || c == "." || c == "-" || c == "+" {
                // Decimal numbers only (the grammar of ``Quantity``): no hexadecimal, inf or nan.
                guard let (v, j) = Quantity.scanNumber(chars, from: i) else {
                    throw ExperimentError.invalidStep(text: text, reason: "unexpected character \"\(c)\"")
                }
                if v == 0, j < chars.count, chars[j] == "x" || chars[j] == "X" {
                    throw ExperimentError.invalidStep(text: text, reason: "hexadecimal numbers are not read; write the decimal value")
                }
                guard v.isFinite else {
                    throw ExperimentError.invalidStep(text: text, reason: "\"\(String(chars[i..<j]))\" is too large a number")
                }
                tokens.append(.number(v))
                i = j
                continue
            }
            if c.isLetter || c == "µ" || c == "μ" {
                var j = i + 1
                while j < chars.count, isWordChar(chars[j]) { j += 1 }
                // Exponent spellings of units: "cm-2", "m-2".
                if j + 1 < chars.count, chars[j] == "-", chars[j + 1].isNumber, chars[j - 1] == "m" {
                    j += 2
                    while j < chars.count, chars[j].isNumber { j += 1 }
                }
                tokens.append(.word(String(chars[i..<j]).lowercased()))
                i = j
                continue
            }
            throw ExperimentError.invalidStep(text: text, reason: "unexpected character \"\(c)\"")
        }
        return tokens
    }

    private var atEnd: Bool { position >= tokens.count }
    private func peek(_ offset: Int = 0) -> Token? {
        position + offset < tokens.count ? tokens[position + offset] : nil
    }

    private mutating func accept(_ word: String) -> Bool {
        if peek() == .word(word) { position += 1; return true }
        return false
    }

    private mutating func expect(_ word: String, after: String) throws {
        guard accept(word) else { throw fail("expected \"\(word)\" after \"\(after)\"") }
    }

    mutating func parse() throws -> Step {
        if let e = tokenizeError { throw fail(e) }
        guard case .word(let verb)? = peek() else { throw fail("a step starts with Charge, Discharge, Hold or Rest") }
        position += 1
        let kind: StepKind
        let drive: StepDrive
        switch verb {
        case "charge", "discharge":
            kind = verb == "charge" ? .charge : .discharge
            try expect("at", after: verb)
            drive = try parseDrive()
        case "hold":
            kind = .hold
            try expect("at", after: "Hold")
            let q = try parseQuantity()
            guard q.kind == .voltage else { throw fail("Hold needs a voltage, e.g. \"Hold at 4.2 V\"") }
            drive = .voltage(q.value)
        case "rest":
            kind = .rest
            drive = .rest
        default:
            throw fail("unknown action \"\(verb)\"; use Charge, Discharge, Hold or Rest")
        }
        var terminations: [Termination] = []
        if accept("for") {
            terminations.append(try termination(from: try parseQuantity(), kind: kind, clause: "for"))
        }
        _ = accept("or")
        if accept("until") {
            terminations.append(try termination(from: try parseQuantity(), kind: kind, clause: "until"))
            while accept("or") {
                terminations.append(try termination(from: try parseQuantity(), kind: kind, clause: "until"))
            }
        }
        if !atEnd { throw fail("unexpected words after the step: \"\(remainingText())\"") }
        if terminations.isEmpty {
            throw fail(kind == .rest ? "Rest needs a duration, e.g. \"Rest for 10 minutes\""
                                     : "the step never ends: add \"until …\" or \"for …\"")
        }
        if kind == .rest, !terminations.contains(where: { if case .duration = $0 { return true } else { return false } }) {
            throw fail("Rest needs a duration, e.g. \"Rest for 10 minutes\"")
        }
        return Step(kind: kind, drive: drive, terminations: terminations, text: text)
    }

    private func remainingText() -> String {
        tokens[position...].map { t -> String in
            switch t {
            case .number(let v): return String(format: "%g", v)
            case .word(let w): return w
            case .slash: return "/"
            }
        }.joined(separator: " ")
    }

    private mutating func parseDrive() throws -> StepDrive {
        let q = try parseQuantity()
        let v = q.value
        switch q.kind {
        case .cRate: return .cRate(v)
        case .current: return .current(v)
        case .currentDensity: return .currentDensity(v)
        case .power: return .power(v)
        case .powerDensity: return .powerDensity(v)
        default:
            throw fail("charge and discharge are driven by a C-rate (0.5C), a current (1 mA), a current density (0.2 mA/cm2) or a power (5 mW/cm2)")
        }
    }

    private func termination(from q: Quantity, kind: StepKind, clause: String) throws -> Termination {
        let v = q.value
        switch q.kind {
        case .voltage:
            if kind == .rest || kind == .hold { throw fail("a voltage limit does not apply to a \(kind.rawValue) step") }
            return .voltage(v)
        case .cRate: return .cRate(v)
        case .current: return .current(v)
        case .currentDensity: return .currentDensity(v)
        case .duration: return .duration(v)
        case .charge: return .charge(v)
        case .arealCharge: return .arealCharge(v)
        case .specificCharge: return .specificCharge(v)
        case .power, .powerDensity: throw fail("a power cannot end a step (\(clause))")
        case .temperature, .fraction, .loading: throw fail("a \(q.kind.rawValue) cannot end a step (\(clause))")
        }
    }

    /// The quantity if it lies within its ``InputLimit`` (C-rates, current densities, voltages, durations, areal
    /// capacities); cell currents and powers are checked by the simulator, which knows the electrode area.
    private func checked(_ q: Quantity) throws -> Quantity {
        let limit: (InputLimit, Double)?
        switch q.kind {
        case .cRate: limit = (.cRate, q.value)
        case .currentDensity: limit = (.currentDensity_mA_cm2, q.value / 10)
        case .voltage: limit = (.voltage_V, q.value)
        case .duration: limit = (.duration_h, q.value / 3600)
        case .arealCharge: limit = (.arealCapacity_mAh_cm2, q.value / 3.6e4)
        default: limit = nil
        }
        if let (l, v) = limit, let problem = l.problem(v) { throw fail(problem) }
        return q
    }

    /// number unit | "C" "/" number | "C"
    private mutating func parseQuantity() throws -> Quantity {
        // "C/20" and "C" alone.
        if peek() == .word("c") {
            position += 1
            if peek() == .slash, case .number(let d)? = peek(1) {
                position += 2
                guard d > 0, d.isFinite else { throw fail("C/\(d): the divisor must be positive") }
                return try checked(Quantity(kind: .cRate, value: 1 / d))
            }
            return Quantity(kind: .cRate, value: 1)
        }
        guard case .number(let value)? = peek() else {
            throw fail("expected a number with a unit\(atEnd ? " at the end" : " before \"\(remainingText())\"")")
        }
        position += 1
        guard value.isFinite, value > 0 else { throw fail("\(String(format: "%g", value)) must be a positive number") }
        guard case .word(let unit)? = peek() else { throw fail("the number \(String(format: "%g", value)) needs a unit") }
        position += 1
        // Area units: "cm2", "cm²", "cm-2", "m2", "m²", "m-2", after a slash or a space.
        func area(_ word: String) -> String? {
            let w = word.replacingOccurrences(of: "²", with: "2").replacingOccurrences(of: "-2", with: "2")
            return w == "cm2" || w == "m2" ? w : nil
        }
        var compound = unit
        if peek() == .slash, case .word(let denominator)? = peek(1) {
            compound = unit + "/" + (area(denominator) ?? denominator)
            position += 2
        } else if case .word(let next)? = peek(), let a = area(next) {
            // "mA cm-2", "W m-2"
            compound = unit + "/" + a
            position += 1
        }
        let accepted: Set<QuantityKind> = [.cRate, .voltage, .current, .currentDensity, .power, .powerDensity, .duration,
                                           .charge, .arealCharge, .specificCharge]
        guard let u = Quantity.unit(compound, accepting: accepted) else {
            throw fail("unknown unit \"\(compound)\" (use V, mV, C, mA, A, mA/cm2, W, mW/cm2, s, minutes, hours, mAh, mAh/cm2, mAh/g)")
        }
        return try checked(Quantity(kind: u.kind, value: value * u.scale))
    }
}
