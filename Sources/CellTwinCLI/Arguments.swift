import ArgumentParser
import CellTwin
import Foundation

// Option values read with the library's quantity grammar (Quantity) and checked against its ranges (InputLimit),
// the same grammar and limits as scenario files. A bad value ends with ArgumentParser's usage error, which names
// the option and quotes the value: "The value '0x10' is invalid for '--temperature <temperature>': …".

/// An error thrown from an option's transform; its description is the whole message.
struct OptionValueError: Error, CustomStringConvertible {
    var description: String
}

enum OptionValue {
    /// A lab-unit number: `Quantity(parsing:as:)`, converted from SI by `scale`, checked against `limit`.
    static func read(_ text: String, _ expected: Quantity.Expectation, to scale: Double = 1, offset: Double = 0,
                     limit: InputLimit?) throws -> Double {
        let q = try quantity(text, expected)
        let x = (q.value - offset) / scale
        if let limit, let problem = limit.problem(x) { throw OptionValueError(description: problem) }
        return x
    }

    /// `Quantity(parsing:as:)`, its error worded for an option ("… (write e.g. 0.5, 0.5C, C/2)").
    static func quantity(_ text: String, _ expected: Quantity.Expectation) throws -> Quantity {
        do { return try Quantity(parsing: text, as: expected) } catch let e as QuantityError {
            throw OptionValueError(description: e.reason + " (write e.g. " + e.examples.joined(separator: ", ") + ")")
        }
    }

    /// °C: `60`, `60 °C`, `333.15 K`; −40…150 °C.
    static func temperature_C(_ text: String) throws -> Double {
        try read(text, .temperature, offset: 273.15, limit: .temperature_C)
    }

    /// C-rate: `0.5`, `0.5C`, `C/2`; 1e-3…50.
    static func cRate(_ text: String) throws -> Double { try read(text, .cRate, limit: .cRate) }

    /// A C-rate that may be 0 (`--cv-cutoff 0`: no CV hold).
    static func cRateOrZero(_ text: String) throws -> Double {
        if let x = Quantity.decimal(text), x == 0 { return 0 }
        return try cRate(text)
    }

    /// mg/cm²: `2`, `2 mg/cm2`; 0.05…50.
    static func loading_mg_cm2(_ text: String) throws -> Double {
        try read(text, .loading, to: 1e-2, limit: .loading_mg_cm2)
    }

    /// Hours: `400`, `400 h`, `2 days`; ≤ 1e5 h.
    static func hours(_ text: String) throws -> Double { try read(text, .hours, to: 3600, limit: .duration_h) }

    /// Volts: `5`, `5 V`, `500 mV`; 0…6 V.
    static func volts(_ text: String) throws -> Double { try read(text, .voltage, limit: .voltage_V) }

    /// A current density (`0.1`, `0.1 mA/cm2`) or a cell current (`100uA`, `0.1 mA`) converted with the cell's area
    /// later (``CurrentValue/mA_cm2(area_cm2:option:)``).
    static func current(_ text: String) throws -> CurrentValue {
        switch try arealOrCell(text, .current, cell: .current, noun: "current", perLabUnit: 10, limit: .currentDensity_mA_cm2) {
        case .cell(let x): return CurrentValue(text: text, cell_A: x)
        case .areal(let x): return CurrentValue(text: text, density_mA_cm2: x)
        }
    }

    /// An areal capacity (`0.1`, `0.1 mAh/cm2`) or a cell capacity (`0.1 mAh`) converted with the area later.
    static func capacity(_ text: String) throws -> CapacityValue {
        switch try arealOrCell(text, .arealCapacity, cell: .charge, noun: "capacity", perLabUnit: 3.6e4, limit: .arealCapacity_mAh_cm2) {
        case .cell(let x): return CapacityValue(text: text, cell_C: x)
        case .areal(let x): return CapacityValue(text: text, areal_mAh_cm2: x)
        }
    }

    enum ArealOrCell { case areal(Double), cell(Double) }

    /// A per-area value in its lab unit (SI / `perLabUnit`, checked against `limit`), or a positive whole-cell value
    /// in SI (checked once the cell's area is known).
    static func arealOrCell(_ text: String, _ expected: Quantity.Expectation, cell: QuantityKind, noun: String,
                            perLabUnit: Double, limit: InputLimit) throws -> ArealOrCell {
        let q = try quantity(text, expected)
        if q.kind == cell {
            guard q.value > 0 else { throw OptionValueError(description: "a \(noun) must be positive") }
            return .cell(q.value)
        }
        let x = q.value / perLabUnit
        if let problem = limit.problem(x) { throw OptionValueError(description: problem) }
        return .areal(x)
    }

    /// A plain decimal number (no unit, no hexadecimal, no inf or nan).
    static func decimal(_ text: String) throws -> Double {
        guard let x = Quantity.decimal(text), x.isFinite else {
            throw OptionValueError(description: "expected a decimal number such as 0.5 or 1e-6")
        }
        return x
    }

    /// A whole count within `range`: decimal digits only.
    static func count(_ text: String, in range: ClosedRange<Int>) throws -> Int {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(t) else {
            throw OptionValueError(description: "expected a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        guard range.contains(n) else {
            throw OptionValueError(description: "\(n) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return n
    }

    static func cycles(_ text: String) throws -> Int {
        try count(text, in: 1...Int(InputLimit.cycles.range.upperBound))
    }
}

/// `--current`: a density, or a cell current divided by the electrode area.
struct CurrentValue {
    var text: String
    var density_mA_cm2: Double?
    var cell_A: Double?

    init(text: String, density_mA_cm2: Double) { self.text = text; self.density_mA_cm2 = density_mA_cm2 }
    init(text: String, cell_A: Double) { self.text = text; self.cell_A = cell_A }

    /// mA/cm², checked against the current-density range.
    func mA_cm2(area_cm2: Double, option: String) throws -> Double {
        let x = density_mA_cm2 ?? (cell_A ?? 0) * 1e3 / area_cm2
        if let problem = InputLimit.currentDensity_mA_cm2.problem(x) {
            throw ValidationError(String(format: "%@ %@ on %g cm²: %@", option, text, area_cm2, problem))
        }
        return x
    }
}

/// `--capacity`: an areal capacity, or a cell capacity divided by the electrode area.
struct CapacityValue {
    var text: String
    var areal_mAh_cm2: Double?
    var cell_C: Double?

    init(text: String, areal_mAh_cm2: Double) { self.text = text; self.areal_mAh_cm2 = areal_mAh_cm2 }
    init(text: String, cell_C: Double) { self.text = text; self.cell_C = cell_C }

    func mAh_cm2(area_cm2: Double, option: String) throws -> Double {
        let x = areal_mAh_cm2 ?? (cell_C ?? 0) / 3.6 / area_cm2
        if let problem = InputLimit.arealCapacity_mAh_cm2.problem(x) {
            throw ValidationError(String(format: "%@ %@ on %g cm²: %@", option, text, area_cm2, problem))
        }
        return x
    }
}

/// Runs `body`; an unknown electrolyte or cathode ID is reported against `source` (`--electrolyte`, or a scenario
/// file's `[cell]` key) instead of the model folder.
func namingModelIDs<T>(in scenario: String? = nil, electrolyteOption: String = "--electrolyte",
                       _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as InputError where e.line == nil && (e.file == "electrolytes" || e.file == "cathodes") {
        let kind = e.file == "electrolytes" ? "electrolyte" : "cathode"
        if let scenario { throw InputError(file: scenario, key: "cell.\(kind)", message: e.message) }
        throw InputError(file: kind == "electrolyte" ? electrolyteOption : "--cathode", message: e.message)
    }
}
