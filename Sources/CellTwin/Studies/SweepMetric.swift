import Foundation

/// A result plotted by `celltwin sweep --metric …` (the CSV always holds them all).
public enum SweepMetric: String, CaseIterable, Sendable {
    /// First-cycle discharge capacity, mAh g⁻¹.
    case capacity
    /// Retention after the last cycle, %.
    case retention
    /// Cycles to 80 % retention.
    case cyclesTo80 = "cycles-to-80"
    /// Mean overpotential over the run, V.
    case overpotential
    /// First-cycle discharge energy, mWh g⁻¹.
    case energy

    /// Reads a comma-separated list (`capacity,retention`); errors name `--metric`.
    public static func list(_ text: String, name: String = "--metric") throws -> [SweepMetric] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let valid = allCases.map(\.rawValue).joined(separator: ", ")
        var out: [SweepMetric] = []
        for item in items {
            guard let m = SweepMetric(rawValue: item.lowercased()) else {
                throw SweepError.invalidOption(name: name, reason: "unknown metric '\(item)' (use \(valid))")
            }
            guard !out.contains(m) else { throw SweepError.invalidOption(name: name, reason: "metric '\(item)' is given twice") }
            out.append(m)
        }
        return out
    }

    /// The plotted value of a record (retention in %).
    public func value(_ r: SweepRecord) -> Double? {
        switch self {
        case .capacity: return r.firstDischargeCapacity_mAh_g
        case .retention: return r.finalRetention.map { $0 * 100 }
        case .cyclesTo80: return r.cyclesTo80.map(Double.init)
        case .overpotential: return r.meanOverpotential_V
        case .energy: return r.dischargeEnergy_mWh_g
        }
    }

    /// The plotted 95 % band of a record (retention in %), nil without one or for a metric without a band.
    public func band(_ r: SweepRecord) -> (low: Double, high: Double)? {
        guard let b = r.band, b.isBanded else { return nil }
        switch self {
        case .capacity: return (b.capacity_mAh_g.low, b.capacity_mAh_g.high)
        case .retention: return (b.finalRetention.low * 100, b.finalRetention.high * 100)
        case .cyclesTo80: return (b.cyclesTo80.low, b.cyclesTo80.high)
        case .overpotential, .energy: return nil
        }
    }

    /// Axis or colour-bar title with the unit.
    public func label(_ c: SweepContext) -> String {
        switch self {
        case .capacity: return "first-cycle discharge capacity (mAh/g)"
        case .retention: return c.threshold == nil ? "retention after \(c.cycles) cycles (%)" : "retention at the end (%)"
        case .cyclesTo80: return "cycles to 80 % retention"
        case .overpotential: return "mean overpotential (V)"
        case .energy: return "first-cycle discharge energy (mWh/g)"
        }
    }

    /// Chart title.
    public var title: String {
        switch self {
        case .capacity: return "first-cycle discharge capacity"
        case .retention: return "capacity retention"
        case .cyclesTo80: return "cycles to 80 % retention"
        case .overpotential: return "mean overpotential"
        case .energy: return "first-cycle discharge energy"
        }
    }
}
