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
    static func current(_ text: String) throws -> CurrentValue { try CurrentValue(parsing: text) }

    /// An areal capacity (`0.1`, `0.1 mAh/cm2`) or a cell capacity (`0.1 mAh`) converted with the area later.
    static func capacity(_ text: String) throws -> CapacityValue { try CapacityValue(parsing: text) }

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

/// What an option that takes a per-area or a whole-cell value measures: its grammar, the kind of a whole-cell value,
/// the per-area lab unit and its range.
protocol ArealOrCellMeasure {
    static var expectation: Quantity.Expectation { get }
    /// The kind of a whole-cell value (the other kind of `expectation` is per area).
    static var cellKind: QuantityKind { get }
    static var noun: String { get }
    /// SI value per lab unit of a per-area value (A m⁻² per mA/cm²: 10).
    static var siPerLabUnit: Double { get }
    /// A whole-cell SI value in the lab unit's numerator (A → mA), before dividing by the area in cm².
    static func labNumerator(cell: Double) -> Double
    static var limit: InputLimit { get }
}

/// An option value per area (in its lab unit, checked against `Measure.limit` when read) or per cell (SI, positive;
/// divided by the electrode area and checked against the same range once the area is known).
struct ArealOrCellValue<Measure: ArealOrCellMeasure> {
    var text: String
    /// Per-area value in the lab unit (mA/cm², mAh/cm²).
    var areal: Double?
    /// Whole-cell value, SI (A, C).
    var cell: Double?

    init(text: String, areal: Double) { self.text = text; self.areal = areal }
    init(text: String, cell: Double) { self.text = text; self.cell = cell }

    init(parsing text: String) throws {
        let q = try OptionValue.quantity(text, Measure.expectation)
        if q.kind == Measure.cellKind {
            guard q.value > 0 else { throw OptionValueError(description: "a \(Measure.noun) must be positive") }
            self.init(text: text, cell: q.value)
            return
        }
        let x = q.value / Measure.siPerLabUnit
        if let problem = Measure.limit.problem(x) { throw OptionValueError(description: problem) }
        self.init(text: text, areal: x)
    }

    /// The per-area value in the lab unit on an electrode of `area_cm2`, checked against the range.
    func perArea(area_cm2: Double, option: String) throws -> Double {
        let x = areal ?? Measure.labNumerator(cell: cell ?? 0) / area_cm2
        if let problem = Measure.limit.problem(x) {
            throw ValidationError(String(format: "%@ %@ on %g cm²: %@", option, text, area_cm2, problem))
        }
        return x
    }
}

enum CurrentMeasure: ArealOrCellMeasure {
    static let expectation = Quantity.Expectation.current
    static let cellKind = QuantityKind.current
    static let noun = "current"
    static let siPerLabUnit = 10.0
    static func labNumerator(cell: Double) -> Double { cell * 1e3 }
    static let limit = InputLimit.currentDensity_mA_cm2
}

enum CapacityMeasure: ArealOrCellMeasure {
    static let expectation = Quantity.Expectation.arealCapacity
    static let cellKind = QuantityKind.charge
    static let noun = "capacity"
    static let siPerLabUnit = 3.6e4
    static func labNumerator(cell: Double) -> Double { cell / 3.6 }
    static let limit = InputLimit.arealCapacity_mAh_cm2
}

/// `--current`: a density (mA/cm²), or a cell current (A) divided by the electrode area.
typealias CurrentValue = ArealOrCellValue<CurrentMeasure>
/// `--capacity`: an areal capacity (mAh/cm²), or a cell capacity (C) divided by the electrode area.
typealias CapacityValue = ArealOrCellValue<CapacityMeasure>

extension ArealOrCellValue where Measure == CurrentMeasure {
    var density_mA_cm2: Double? { areal }
    var cell_A: Double? { cell }
    /// mA/cm², checked against the current-density range.
    func mA_cm2(area_cm2: Double, option: String) throws -> Double { try perArea(area_cm2: area_cm2, option: option) }
}

extension ArealOrCellValue where Measure == CapacityMeasure {
    var areal_mAh_cm2: Double? { areal }
    var cell_C: Double? { cell }
    /// mAh/cm², checked against the areal-capacity range.
    func mAh_cm2(area_cm2: Double, option: String) throws -> Double { try perArea(area_cm2: area_cm2, option: option) }
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
