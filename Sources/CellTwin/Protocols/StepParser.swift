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
    private let text: String
    /// The words of the step (split at spaces and commas), as written.
    private var words: [String] = []
    private var position = 0
    private var tokenizeError: String?

    /// The words that end a quantity phrase; everything between them is one quantity, read by ``Quantity``.
    private static let keywords: Set<String> = ["for", "until", "or"]

    init(_ text: String) {
        self.text = text
        if let bad = text.first(where: { !Self.isStepCharacter($0) }) {
            tokenizeError = "unexpected character \"\(bad)\""
        }
        words = text.split(whereSeparator: { $0.isWhitespace || $0 == "," }).map(String.init)
    }

    private func fail(_ reason: String) -> ExperimentError { .invalidStep(text: text, reason: reason) }

    /// Letters, digits (also `²`), spaces and `, / . - + µ μ`: what words and quantities of a step are made of.
    private static func isStepCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c.isWhitespace || ",/.-+µμ".contains(c)
    }

    private var atEnd: Bool { position >= words.count }
    private func peek() -> String? { atEnd ? nil : words[position].lowercased() }

    private mutating func accept(_ word: String) -> Bool {
        if peek() == word { position += 1; return true }
        return false
    }

    private mutating func expect(_ word: String, after: String) throws {
        guard accept(word) else { throw fail("expected \"\(word)\" after \"\(after)\"") }
    }

    mutating func parse() throws -> Step {
        if let e = tokenizeError { throw fail(e) }
        guard let verb = peek(), verb.first?.isLetter == true else {
            throw fail("a step starts with Charge, Discharge, Hold or Rest")
        }
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

    private func remainingText() -> String { words[position...].joined(separator: " ") }

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

    /// The units a step reads, for errors about a unit.
    private static let stepUnits = "use V, mV, C, mA, A, mA/cm2, W, mW/cm2, s, minutes, hours, mAh, mAh/cm2, mAh/g"

    /// The next quantity: the longest run of words before a keyword that ``Quantity/init(parsing:as:)`` reads
    /// ("0.5C", "C/20", "0.1 mA cm-2", "2 hours"), positive and within its ``InputLimit``. Words after it are left for
    /// the grammar ("2.5 V please" reads 2.5 V and leaves "please").
    private mutating func parseQuantity() throws -> Quantity {
        var phraseEnd = position
        while phraseEnd < words.count, !Self.keywords.contains(words[phraseEnd].lowercased()) { phraseEnd += 1 }
        guard phraseEnd > position else {
            throw fail("expected a number with a unit\(atEnd ? " at the end" : " before \"\(remainingText())\"")")
        }
        var firstError: QuantityError?
        for end in stride(from: phraseEnd, to: position, by: -1) {
            let phrase = words[position..<end].joined(separator: " ")
            do {
                let q = try Quantity(parsing: phrase, as: .stepQuantity)
                position = end
                guard q.value > 0 else { throw fail("\"\(phrase)\" must be a positive number") }
                return try checked(q)
            } catch let e as QuantityError {
                if firstError == nil { firstError = e }
            }
        }
        let e = firstError!
        throw fail("cannot read '\(e.text)': \(e.reason)" + (e.reason.contains("unit") ? " (\(Self.stepUnits))" : ""))
    }
}
