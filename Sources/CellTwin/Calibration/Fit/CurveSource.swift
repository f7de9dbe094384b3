import Foundation

/// A measured voltage curve of a full cell in a fit set-up (`[[curve]]`): one CC half-cycle of a cycler file, fitted
/// point by point against the full-cell model's curve at the same C-rate and temperature.
///
/// ```toml
/// [[curve]]
/// file = "cell-07.csv"               # any time series CyclerFile reads (Arbin, Maccor, Neware, BioLogic, DOE raw, …)
/// cycle = 2                          # the file's cycle (default: its first cycle with that half)
/// half = "discharge"                 # or "charge"
/// points = 25                        # points sampled evenly in capacity, 3–97 % of the half's (default 25)
/// source = "lab2026"                 # study tag of the rows (optional; default: the file name)
/// temperature_C = { value = 60, source = "lab2026: 60 °C oven" }
/// c_rate = { value = 0.2, source = "lab2026: C/5 (1C = 170 mA/g)" }   # the half-cycle's C-rate
/// cathode = { value = "LFP", source = "…" }                           # optional: else [assumptions] cathode
/// ```
///
/// Capacities are per gram of cathode active material: the file's ampere-hours over the cathode mass of the set-up
/// (`cathode_loading_mg_cm2` × `electrode_area_cm2`, from `[assumptions]` or the model file's reference cell), the
/// same mass the model's mAh/g refer to. Each sampled point becomes a `voltage_curve` row: the measured voltage at
/// that capacity (``VoltageCurve``).
public struct CurveSource: Sendable {
    public enum Half: String, Sendable { case discharge, charge }

    /// Absolute path of the cycler file.
    public var file: String
    /// `curve[i]` in the fit file, for messages.
    public var label: String
    public var cycle: Int?
    public var half: Half
    public var points: Int
    public var source: String?
    /// °C.
    public var temperature_C: Double
    /// C-rate of the half-cycle (the model charges and discharges at it; see ``FitModel``).
    public var cRate: Double
    public var cathodeID: String?
    /// The conditions with their sources.
    public var assumptions: [FitAssumption]

    public init(file: String, label: String = "curve", cycle: Int? = nil, half: Half = .discharge, points: Int = 25,
                source: String? = nil, temperature_C: Double, cRate: Double, cathodeID: String? = nil,
                assumptions: [FitAssumption] = []) {
        self.file = file
        self.label = label
        self.cycle = cycle
        self.half = half
        self.points = points
        self.source = source
        self.temperature_C = temperature_C
        self.cRate = cRate
        self.cathodeID = cathodeID
        self.assumptions = assumptions
    }

    static let keys: Set<String> = ["file", "cycle", "half", "points", "source", "temperature_C", "c_rate", "cathode"]

    /// Reads one `[[curve]]` table; `directory` is the fit file's folder.
    static func load(_ s: Section, label: String, directory: URL) throws -> CurveSource {
        try s.rejectUnknownKeys(keys)
        let path = try HistorySource.dataFile(s, directory: directory)
        var half = Half.discharge
        if let h = try s.optionalString("half") {
            guard let v = Half(rawValue: h) else { throw s.error("half", "'\(h)': use \"discharge\" or \"charge\"") }
            half = v
        }
        var assumptions: [FitAssumption] = []
        let temperature = try HistorySource.condition(s, "temperature_C", .closed(0...150), label: label, into: &assumptions)
        let rate = try HistorySource.condition(s, "c_rate", .closed(1e-3...20), label: label, into: &assumptions)
        let cathode = try HistorySource.cathode(s, label: label, into: &assumptions)
        return CurveSource(file: path, label: label, cycle: try s.optionalInt("cycle", min: 0), half: half,
                           points: try s.optionalInt("points", min: 3) ?? 25, source: try s.optionalString("source"),
                           temperature_C: temperature, cRate: rate, cathodeID: cathode, assumptions: assumptions)
    }
}

/// Turns one measured half-cycle into `voltage_curve` measurement rows, and interpolates curves.
public enum VoltageCurve {
    /// Sampled span of a half-cycle's capacity: the steep ends (where a few mV of cut-off decide the capacity) are
    /// left to the capacity rows.
    static let span = 0.03...0.97

    /// The rows of `c` for `electrolyteID`; `cathodeMass_kg` converts the file's ampere-hours to mAh/g.
    public static func rows(_ c: CurveSource, electrolyteID: String, fitFile: String,
                            cathodeMass_kg: Double) throws -> [MeasurementRow] {
        let data = try CyclerFile.read(path: c.file)
        guard let series = data.series else {
            throw InputError(file: c.file, message: "no time series (current and voltage per row): a voltage curve needs one")
        }
        return try rows(c, series: series, electrolyteID: electrolyteID, fitFile: fitFile, cathodeMass_kg: cathodeMass_kg)
    }

    /// The rows of an already-read time series.
    public static func rows(_ c: CurveSource, series s: CyclerSeries, electrolyteID: String, fitFile: String,
                            cathodeMass_kg: Double) throws -> [MeasurementRow] {
        // The half-cycle's rows: current of the half's sign (positive on discharge) in the chosen cycle.
        let sign: Double = c.half == .discharge ? 1 : -1
        let wanted = c.cycle ?? s.cycle.indices.first { sign * s.current_A[$0] > 0 }.map { s.cycle[$0] }
        guard let cycle = wanted else {
            throw InputError(file: c.file, key: "current", message: "no \(c.half.rawValue) (current of that sign) in the file")
        }
        let rows = s.cycle.indices.filter { s.cycle[$0] == cycle && sign * s.current_A[$0] > 0 }
        guard rows.count >= 3 else {
            throw InputError(file: fitFile, key: "\(c.label).cycle",
                             message: "cycle \(cycle) of '\((c.file as NSString).lastPathComponent)' has \(rows.count) \(c.half.rawValue) rows; at least 3 are needed")
        }
        // Capacity passed within the half-cycle (trapezoid in |I|), Ah → mAh/g.
        var capacity = [0.0]
        for (a, b) in zip(rows, rows.dropFirst()) {
            let dt = s.time_s[b] - s.time_s[a]
            let q = b == a + 1 && dt > 0 ? 0.5 * (abs(s.current_A[a]) + abs(s.current_A[b])) * dt / 3600 : 0
            capacity.append(capacity[capacity.count - 1] + q)
        }
        let mAh_g = capacity.map { $0 / cathodeMass_kg } // Ah/kg = mAh/g
        let total = mAh_g[mAh_g.count - 1]
        guard total > 0 else {
            throw InputError(file: c.file, key: "current", message: "cycle \(cycle)'s \(c.half.rawValue) passes no charge")
        }
        let voltages = rows.map { s.voltage_V[$0] }
        let name = (c.file as NSString).lastPathComponent
        let source = c.source ?? ((name as NSString).deletingPathExtension)
        var out: [MeasurementRow] = []
        for k in 0..<c.points {
            let q = total * (span.lowerBound + (span.upperBound - span.lowerBound) * Double(k) / Double(c.points - 1))
            let i = min(max(mAh_g.firstIndex { $0 >= q } ?? mAh_g.count - 1, 1), mAh_g.count - 1)
            let v = interpolate(q, mAh_g[i - 1], mAh_g[i], voltages[i - 1], voltages[i])
            out.append(MeasurementRow(
                file: c.file, line: s.line[rows[i]], source: source, electrolyte: electrolyteID, kind: "voltage_curve",
                cathode: c.cathodeID, temperature_C: c.temperature_C, cRate: c.cRate, current_mA_cm2: nil,
                arealCapacity_mAh_cm2: nil, cycle: cycle, time_h: nil, quantity: c.half == .discharge ? "discharge_voltage" : "charge_voltage",
                valueText: "\(v)", value: v, unit: "V", qualifier: "=",
                note: String(format: "%@ of cycle %d at %.4g mAh/g (%.0f %% of its %.4g mAh/g)", c.half.rawValue, cycle, q,
                             100 * q / total, total),
                specificCapacity_mAh_g: q))
        }
        return out
    }

    /// Linear interpolation of y at x between (x0, y0) and (x1, y1) (y0 when the interval is empty).
    static func interpolate(_ x: Double, _ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double) -> Double {
        x1 > x0 ? y0 + (y1 - y0) * (x - x0) / (x1 - x0) : y0
    }

    /// Voltage of a monotone-in-capacity curve at `capacity` (the end voltage beyond its end, the first before its start).
    static func voltage(at capacity: Double, capacities: [Double], voltages: [Double]) -> Double {
        guard let last = capacities.last, capacities.count >= 2 else { return voltages.first ?? .nan }
        if capacity >= last { return voltages[voltages.count - 1] }
        if capacity <= capacities[0] { return voltages[0] }
        // Binary search for the first capacity ≥ the target.
        var lo = 0, hi = capacities.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if capacities[mid] >= capacity { hi = mid } else { lo = mid }
        }
        return interpolate(capacity, capacities[lo], capacities[hi], voltages[lo], voltages[hi])
    }
}

/// The model's half-cycles for one parameter vector, one per curve test: every point of a `[[curve]]` reads its
/// voltage from the same simulation (``FitModel``).
final class CurveRunMemo {
    struct Test: Hashable {
        var cathode: String
        var temperature_C: Double
        var cRate: Double
        var discharge: Bool
    }

    var electrolyte: Electrolyte?
    var curves: [Test: (capacity_mAh_g: [Double], voltage_V: [Double])] = [:]
}
