import Foundation

/// A unit of a cycler-file column, with its factor to the unit CellTwin's cycler record uses:
/// s for time, A for current, V for voltage, Ah for capacity, Wh for energy, °C for temperature.
///
/// Symbols are read as cyclers and users write them: `s`, `min`, `h`, `ms`, `hh:mm:ss`; `A`, `mA`, `µA`/`uA`;
/// `V`, `mV`; `Ah`, `mAh`, `A.h`, `mA.h` (BioLogic); `Wh`, `mWh`, `W.h`; `°C`, `C`, `degC`, `℃`, `K`.
/// Both the micro sign (U+00B5, what a Latin-1 `µ` byte decodes to) and the Greek mu (U+03BC) are accepted.
public enum CyclerUnit: String, Sendable, Equatable, CaseIterable {
    case second = "s", millisecond = "ms", minute = "min", hour = "h"
    /// A clock string `[d-]h:mm:ss[.fff]` whose hours may exceed 24 (Neware), read as seconds.
    case clock = "hh:mm:ss"
    case ampere = "A", milliampere = "mA", microampere = "µA"
    case volt = "V", millivolt = "mV"
    case ampereHour = "Ah", milliampereHour = "mAh", microampereHour = "µAh"
    case wattHour = "Wh", milliwattHour = "mWh"
    case celsius = "°C", kelvin = "K"

    /// What a unit measures.
    public enum Quantity: String, Sendable, Equatable {
        case time, current, voltage, capacity, energy, temperature
    }

    public var quantity: Quantity {
        switch self {
        case .second, .millisecond, .minute, .hour, .clock: return .time
        case .ampere, .milliampere, .microampere: return .current
        case .volt, .millivolt: return .voltage
        case .ampereHour, .milliampereHour, .microampereHour: return .capacity
        case .wattHour, .milliwattHour: return .energy
        case .celsius, .kelvin: return .temperature
        }
    }

    /// The record's value for a number `x` written in this unit (s, A, V, Ah, Wh, °C).
    public func toRecord(_ x: Double) -> Double {
        switch self {
        case .second, .clock, .ampere, .volt, .ampereHour, .wattHour, .celsius: return x
        case .millisecond, .milliampere, .millivolt, .milliampereHour, .milliwattHour: return x * 1e-3
        case .microampere, .microampereHour: return x * 1e-6
        case .minute: return x * 60
        case .hour: return x * 3600
        case .kelvin: return x - 273.15
        }
    }

    /// The unit a symbol names, or nil. Case matters where it must (`mA` vs `MA` is not accepted; `s`/`S` are).
    public init?(symbol raw: String) {
        let s = raw.trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "\u{03BC}", with: "µ") // Greek mu → micro sign
        switch s {
        case "s", "S", "sec", "Sec", "secs", "second", "seconds": self = .second
        case "ms", "msec": self = .millisecond
        case "min", "mins", "minute", "minutes": self = .minute
        case "h", "hr", "hrs", "hour", "hours": self = .hour
        case "hh:mm:ss", "h:mm:ss", "hms", "clock": self = .clock
        case "A", "amp", "amps", "Amps": self = .ampere
        case "mA": self = .milliampere
        case "µA", "uA": self = .microampere
        case "V", "volt", "volts", "Volts": self = .volt
        case "mV": self = .millivolt
        case "Ah", "A.h", "A h", "A·h", "Amp-hr": self = .ampereHour
        case "mAh", "mA.h", "mA h", "mA·h": self = .milliampereHour
        case "µAh", "uAh", "µA.h", "uA.h": self = .microampereHour
        case "Wh", "W.h", "W h", "W·h", "Watt-hr": self = .wattHour
        case "mWh", "mW.h", "mW h", "mW·h": self = .milliwattHour
        case "°C", "C", "degC", "deg C", "℃", "oC": self = .celsius
        case "K": self = .kelvin
        default: return nil
        }
    }

    /// The unit written in a column name — `Current(A)`, `I/mA`, `Voltage [V]`, `Time_s`, `Cs/µF` (nil: µF is no
    /// cycler unit) — and the name without it. A `_suffix` counts only when it is a unit symbol (`Cycle_Index` has none).
    public static func split(columnName name: String) -> (base: String, unit: CyclerUnit?) {
        let n = name.trimmingCharacters(in: .whitespaces)
        if n.hasSuffix(")"), let open = n.lastIndex(of: "("), open > n.startIndex {
            let inner = String(n[n.index(after: open)..<n.index(before: n.endIndex)])
            if let u = CyclerUnit(symbol: inner) { return (String(n[..<open]).trimmingCharacters(in: .whitespaces), u) }
        }
        if n.hasSuffix("]"), let open = n.lastIndex(of: "["), open > n.startIndex {
            let inner = String(n[n.index(after: open)..<n.index(before: n.endIndex)])
            if let u = CyclerUnit(symbol: inner) { return (String(n[..<open]).trimmingCharacters(in: .whitespaces), u) }
        }
        for separator in ["/", "_"] {
            if let r = n.range(of: separator, options: .backwards), r.lowerBound > n.startIndex,
               let u = CyclerUnit(symbol: String(n[r.upperBound...])) {
                return (String(n[..<r.lowerBound]), u)
            }
        }
        return (n, nil)
    }

    /// Seconds in a clock string `[d-]h:mm:ss[.fff]` (hours unbounded: `144:02:18` is 518,538 s); nil if malformed.
    public static func seconds(clock text: Substring) -> Double? {
        var t = text.trimmingCharacters(in: .whitespaces)[...]
        var days = 0.0
        if let dash = t.firstIndex(of: "-"), dash > t.startIndex, let d = Double(t[..<dash]) {
            days = d
            t = t[t.index(after: dash)...]
        }
        let parts = t.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var values: [Double] = []
        for p in parts {
            guard !p.isEmpty, let x = Double(p), x >= 0 else { return nil }
            values.append(x)
        }
        // Minutes and seconds stay below 60; the leading field (hours, or minutes in m:ss) is unbounded.
        guard values.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
        let s = values.count == 3 ? values[0] * 3600 + values[1] * 60 + values[2] : values[0] * 60 + values[1]
        return days * 86_400 + s
    }
}
