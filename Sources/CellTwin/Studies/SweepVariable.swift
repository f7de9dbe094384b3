import Foundation

/// A quantity a what-if study can vary. `allCases` is the canonical order: CSV columns, grid nesting (the first
/// swept variable changes slowest) and chart axes follow it, whatever order the options were given in.
public enum SweepVariable: String, CaseIterable, Sendable, Codable {
    /// Electrolyte ID (`Models/electrolytes/<id>.toml`); swept by `celltwin compare`.
    case electrolyte
    /// Cell temperature, °C.
    case temperature
    /// Charge and discharge C-rate (both the same).
    case cRate
    /// Charge C-rate alone.
    case chargeCRate
    /// Discharge C-rate alone.
    case dischargeCRate
    /// Cathode ID (`Models/cathodes/<id>.toml`).
    case cathode
    /// Electrolyte (separator) thickness, µm.
    case thickness
    /// Cathode active-material loading, mg cm⁻².
    case loading
    /// Upper cut-off (and CV hold) voltage, V.
    case upperCutoff

    /// CSV column and JSON key (units in the name).
    public var column: String {
        switch self {
        case .electrolyte: return "electrolyte"
        case .temperature: return "temperature_C"
        case .cRate: return "c_rate"
        case .chargeCRate: return "charge_c_rate"
        case .dischargeCRate: return "discharge_c_rate"
        case .cathode: return "cathode"
        case .thickness: return "thickness_um"
        case .loading: return "loading_mg_cm2"
        case .upperCutoff: return "upper_cutoff_V"
        }
    }

    /// The command-line option that sets it.
    public var option: String {
        switch self {
        case .electrolyte: return "--electrolyte"
        case .temperature: return "--temperature"
        case .cRate: return "--c-rate"
        case .chargeCRate: return "--charge-rate"
        case .dischargeCRate: return "--discharge-rate"
        case .cathode: return "--cathode"
        case .thickness: return "--thickness"
        case .loading: return "--loading"
        case .upperCutoff: return "--upper-cutoff"
        }
    }

    /// Axis title on charts, with the unit.
    public var label: String {
        switch self {
        case .electrolyte: return "electrolyte"
        case .temperature: return "temperature (°C)"
        case .cRate: return "C-rate"
        case .chargeCRate: return "charge C-rate"
        case .dischargeCRate: return "discharge C-rate"
        case .cathode: return "cathode"
        case .thickness: return "electrolyte thickness (µm)"
        case .loading: return "cathode loading (mg/cm²)"
        case .upperCutoff: return "upper cut-off voltage (V)"
        }
    }

    /// IDs rather than numbers.
    public var isCategorical: Bool { self == .electrolyte || self == .cathode }

    /// The variable whose CSV column is `column`.
    public init?(column: String) {
        guard let v = Self.allCases.first(where: { $0.column == column }) else { return nil }
        self = v
    }

    /// Why `x` is not an allowed value (nil if it is). Temperatures must lie in the range CellTwin models
    /// (``InputLimit``; the electrolyte's own range is checked per point), and so must rates and loadings;
    /// thicknesses must be positive; cut-off voltages must lie in (0, 6] V.
    public func problem(with x: Double) -> String? {
        guard x.isFinite else { return "\(x) is not a finite number" }
        switch self {
        case .electrolyte, .cathode: return nil
        case .temperature: return InputLimit.temperature_C.problem(x)
        case .cRate, .chargeCRate, .dischargeCRate:
            return x > 0 ? InputLimit.cRate.problem(x) : "a rate must be positive, got \(SweepFormat.variable(x))"
        case .thickness: return x > 0 ? nil : "a thickness must be positive, got \(SweepFormat.variable(x)) µm"
        case .loading:
            return x > 0 ? InputLimit.loading_mg_cm2.problem(x) : "a loading must be positive, got \(SweepFormat.variable(x)) mg/cm²"
        case .upperCutoff: return x > 0 && x <= 6 ? nil : "a cut-off voltage must lie in (0, 6] V, got \(SweepFormat.variable(x))"
        }
    }
}

/// One value of a swept variable: a number in the variable's unit or an ID.
public enum SweepValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public var number: Double? { if case .number(let x) = self { return x } else { return nil } }
    public var text: String? { if case .text(let s) = self { return s } else { return nil } }

    /// The CSV form (numbers to 12 significant digits, no trailing zeros).
    public var description: String {
        switch self {
        case .number(let x): return SweepFormat.variable(x)
        case .text(let s): return s
        }
    }
}

/// Fixed number formats of sweep tables: the same value prints the same text on every run and shard split.
public enum SweepFormat {
    /// Significant digits of swept values (ranges are rounded to these, so 0.1 + 2·0.1 prints "0.3").
    public static let variableDigits = 12
    /// Significant digits of metrics.
    public static let metricDigits = 6

    /// A swept value: `%.12g` ("0.1", "120", "1e-05").
    public static func variable(_ x: Double) -> String { format(x, digits: variableDigits) }

    /// A metric: `%.6g`; empty for nil, NaN or infinity.
    public static func metric(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "" }
        return format(x, digits: metricDigits)
    }

    /// `x` rounded to `digits` significant digits through its decimal text, so that printing it again (with the
    /// same digits) and reading it back are exact.
    public static func rounded(_ x: Double, digits: Int) -> Double {
        guard x.isFinite else { return x }
        return Double(format(x, digits: digits)) ?? x
    }

    static func format(_ x: Double, digits: Int) -> String {
        let s = String(format: "%.\(digits)g", x)
        return s == "-0" ? "0" : s
    }
}
