import Foundation

/// The range every input quantity must lie in, checked in one place for command-line options and input files
/// alike (the message names the option or the file, line and key, the value and the limit).
///
/// The limits bound what the cell models were built and tested for (DOMAIN A2): beyond them the model is either
/// meaningless (a 1e9 mg/cm² electrode) or numerically out of reach (a C-rate of 1e-6 takes 10⁶ h per cycle).
/// Widen one only with a reason.
public enum InputLimit: String, Sendable, CaseIterable {
    /// °C; the electrolyte's own valid range applies as well.
    case temperature_C = "temperature"
    case cRate = "C-rate"
    /// mA cm⁻².
    case currentDensity_mA_cm2 = "current density"
    /// mg cm⁻² of cathode active material.
    case loading_mg_cm2 = "loading"
    /// mAh cm⁻² per half-cycle (symmetric cells) or per step limit.
    case arealCapacity_mAh_cm2 = "capacity"
    /// h.
    case duration_h = "duration"
    /// V.
    case voltage_V = "voltage"
    /// Cycles of an experiment or a lifetime run.
    case cycles
    /// mAh g⁻¹: the capacity that defines 1C (a real cathode's practical capacity lies well inside).
    case cRateBasis_mAh_g = "C-rate basis"
    /// cm²: electrode area (coin cells to pouch cells).
    case electrodeArea_cm2 = "electrode area"

    /// The allowed closed range, in the case's lab unit.
    public var range: ClosedRange<Double> {
        switch self {
        case .temperature_C: return -40...150
        case .cRate: return 1e-3...50
        case .currentDensity_mA_cm2: return 1e-4...100
        case .loading_mg_cm2: return 0.05...50
        case .arealCapacity_mAh_cm2: return 1e-4...100
        case .duration_h: return 1e-6...1e5
        case .voltage_V: return 0...6
        case .cycles: return 1...1e6
        case .cRateBasis_mAh_g: return 1...2000
        case .electrodeArea_cm2: return 1e-3...1e4
        }
    }

    /// Lab unit as printed.
    public var unit: String {
        switch self {
        case .temperature_C: return "°C"
        case .cRate: return "C"
        case .currentDensity_mA_cm2: return "mA/cm²"
        case .loading_mg_cm2: return "mg/cm²"
        case .arealCapacity_mAh_cm2: return "mAh/cm²"
        case .duration_h: return "h"
        case .voltage_V: return "V"
        case .cycles: return "cycles"
        case .cRateBasis_mAh_g: return "mAh/g"
        case .electrodeArea_cm2: return "cm²"
        }
    }

    /// "1e-3…50 C".
    public var rangeText: String {
        String(format: "%g…%g %@", range.lowerBound, range.upperBound, unit)
    }

    /// Nil when `value` lies in the range, else the problem: "C-rate 1e+308 C is outside 0.001…50 C".
    public func problem(_ value: Double) -> String? {
        guard value.isFinite else { return "\(rawValue) must be a finite number in \(rangeText), got \(value)" }
        guard range.contains(value) else {
            return String(format: "%@ %g %@ is outside %@", rawValue, value, unit, rangeText)
        }
        return nil
    }

    /// Throws ``InputRangeError`` naming `source` (an option such as `--c-rate`, or a file:line:key) unless `value`
    /// lies in the range; returns `value`.
    @discardableResult
    public func check(_ value: Double, source: String) throws -> Double {
        if let p = problem(value) { throw InputRangeError(source: source, message: p) }
        return value
    }
}

/// A value outside its ``InputLimit``: "--c-rate: C-rate 1e+308 C is outside 0.001…50 C".
public struct InputRangeError: Error, CustomStringConvertible, Equatable, Sendable {
    public var source: String
    public var message: String
    public var description: String { source.isEmpty ? message : "\(source): \(message)" }
}

extension Int {
    /// The whole number nearest `value` (`.toNearestOrAwayFromZero`, or `rule`) when it is finite and lies in
    /// `range`; nil otherwise. The one conversion of a computed `Double` to a count or an index: `Int(x)` traps on
    /// NaN, infinity or magnitudes beyond 2⁶³.
    public init?(checked value: Double, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero,
                 in range: ClosedRange<Int> = Int.min...Int.max) {
        guard value.isFinite else { return nil }
        let r = value.rounded(rule)
        guard r >= -9.0e18, r <= 9.0e18, let i = Int(exactly: r), range.contains(i) else { return nil }
        self = i
    }
}
