import Foundation

/// Lab-unit, JSON-stable view of one cycle (keys documented in the README).
public struct CycleRecord: Codable, Sendable, Equatable {
    public var cycle: Int
    public var charge_capacity_mAh_g: Double
    public var discharge_capacity_mAh_g: Double
    public var charge_capacity_mAh_cm2: Double
    public var discharge_capacity_mAh_cm2: Double
    public var coulombic_efficiency: Double?
    public var charge_energy_mWh_g: Double
    public var discharge_energy_mWh_g: Double
    public var mean_charge_voltage_V: Double?
    public var mean_discharge_voltage_V: Double?
    public var overpotential_V: Double?
    public var charge_end_reason: String
    public var discharge_end_reason: String
    /// The step that ended the discharge half-cycle (as `discharge_end_reason`).
    public var end_reason: String
    public var duration_h: Double
    /// 95 % band of the discharge capacity (``SimulationBands``); absent without a band.
    public var discharge_capacity_mAh_g_low: Double? = nil
    public var discharge_capacity_mAh_g_high: Double? = nil

    public init(_ c: CycleSummary, design: CellDesign) {
        cycle = c.cycle
        charge_capacity_mAh_g = design.mAh_g(c.chargeCapacity_C_m2)
        discharge_capacity_mAh_g = design.mAh_g(c.dischargeCapacity_C_m2)
        charge_capacity_mAh_cm2 = Units.mAh_cm2(C_m2: c.chargeCapacity_C_m2)
        discharge_capacity_mAh_cm2 = Units.mAh_cm2(C_m2: c.dischargeCapacity_C_m2)
        coulombic_efficiency = c.coulombicEfficiency
        charge_energy_mWh_g = design.mAh_g(c.chargeEnergy_J_m2)
        discharge_energy_mWh_g = design.mAh_g(c.dischargeEnergy_J_m2)
        mean_charge_voltage_V = c.meanChargeVoltage_V
        mean_discharge_voltage_V = c.meanDischargeVoltage_V
        overpotential_V = c.overpotential_V
        charge_end_reason = c.chargeEndReason
        discharge_end_reason = c.dischargeEndReason
        end_reason = c.dischargeEndReason
        duration_h = c.duration_s / 3600
    }
}

/// JSON-stable view of a run.
public struct RunRecord: Codable, Sendable {
    public var electrolyte: String
    public var cathode: String
    public var temperature_C: Double
    public var loading_mg_cm2: Double
    public var nominal_capacity_mAh_cm2: Double
    public var status: String
    public var cycles: [CycleRecord]
    /// The 95 % band (``SimulationBands``), absent with `--band off`: how it was made and its note.
    public var band_method: String? = nil
    public var band_note: String? = nil
    /// Where the prediction lies against the twin's calibrated range (``CalibratedRange``): "inside" or "outside".
    public var calibrated_range: String? = nil
    /// Why it is outside: each coordinate that leaves the range, and by how much.
    public var extrapolation_reason: String? = nil
    /// What retention is relative to, as in a lifetime run (``LifeRecord``): the largest discharge of the first
    /// `retention_reference_cycles` cycles of the experiment's last block (of the run when it did not reach it),
    /// ``RetentionReference/window(_:slowestTime_s:firstCycleDuration_s:)``; absent in older records.
    public var retention_reference_mAh_g: Double? = nil
    public var retention_reference_cycle: Int? = nil
    public var retention_reference_cycles: Int? = nil

    public init(_ s: Solution) {
        electrolyte = s.design.electrolyte.id
        cathode = s.design.cathode.id
        temperature_C = (s.temperature_C * 1e9).rounded() / 1e9
        loading_mg_cm2 = s.design.cathodeLoading_kg_m2 * 100
        nominal_capacity_mAh_cm2 = Units.mAh_cm2(C_m2: s.design.nominalCapacity_C_m2)
        status = s.status.description
        cycles = s.cycles.map { CycleRecord($0, design: s.design) }
        // The last block's first cycle, as a lifetime run's aging block.
        let before = s.experiment.map { $0.blocks.dropLast().reduce(0) { $0 + $1.repeatCount } } ?? 0
        let scope = s.cycles[(before < s.cycles.count ? before : 0)...]
        guard let first = scope.first else { return }
        let window = RetentionReference.window(scope.map(\.dischargeCapacity_C_m2), slowestTime_s: s.slowestElectricalTime_s,
                                               firstCycleDuration_s: first.duration_s)
        guard let picked = RetentionReference.pick(scope.map(\.dischargeCapacity_C_m2), cycles: window) else { return }
        retention_reference_mAh_g = s.design.mAh_g(picked.capacity)
        retention_reference_cycle = scope[scope.startIndex + picked.index].cycle
        retention_reference_cycles = window
    }
}

/// CSV, JSON and table renderings of solutions. Nothing here knows physics.
public enum SolutionReport {
    public static let cycleColumns = [
        "cycle", "charge_capacity_mAh_g", "discharge_capacity_mAh_g", "charge_capacity_mAh_cm2",
        "discharge_capacity_mAh_cm2", "coulombic_efficiency", "charge_energy_mWh_g", "discharge_energy_mWh_g",
        "mean_charge_voltage_V", "mean_discharge_voltage_V", "overpotential_V", "charge_end_reason",
        "discharge_end_reason",
    ]

    static func num(_ x: Double?, _ digits: Int = 6) -> String {
        guard let x, x.isFinite else { return "" }
        return String(format: "%.\(digits)g", x)
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Cycles CSV (one row per cycle); `prefix` columns (e.g. temperature) come first.
    public static func cyclesCSV(_ runs: [RunRecord]) -> String {
        let banded = runs.contains { $0.band_method != nil }
        var out = (["electrolyte", "cathode", "temperature_C"] + cycleColumns
            + (banded ? ["discharge_capacity_mAh_g_low", "discharge_capacity_mAh_g_high"] : [])).joined(separator: ",") + "\n"
        for run in runs {
            for c in run.cycles {
                let fields: [String] = [
                    csvField(run.electrolyte), csvField(run.cathode), num(run.temperature_C), String(c.cycle),
                    num(c.charge_capacity_mAh_g), num(c.discharge_capacity_mAh_g), num(c.charge_capacity_mAh_cm2),
                    num(c.discharge_capacity_mAh_cm2), num(c.coulombic_efficiency, 8), num(c.charge_energy_mWh_g),
                    num(c.discharge_energy_mWh_g), num(c.mean_charge_voltage_V), num(c.mean_discharge_voltage_V),
                    num(c.overpotential_V), csvField(c.charge_end_reason), csvField(c.discharge_end_reason),
                ] + (banded ? [num(c.discharge_capacity_mAh_g_low), num(c.discharge_capacity_mAh_g_high)] : [])
                out += fields.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// Voltage trace CSV.
    public static func traceCSV(_ solution: Solution) -> String? {
        guard let t = solution.trace else { return nil }
        // Every model state follows the fixed columns, named as the model names it (SI units in the names).
        let k = t.stateNames.count
        let extra = t.states.count == k * t.count ? t.stateNames.map { "state_" + $0 } : []
        var out = (["temperature_C", "time_s", "cycle", "step", "voltage_V", "current_mA_cm2", "charge_mAh_g",
                    "mean_stoichiometry", "surface_stoichiometry"] + extra).joined(separator: ",") + "\n"
        out.reserveCapacity(t.count * (80 + 14 * extra.count))
        let tc = num(solution.temperature_C)
        for i in 0..<t.count {
            out += "\(tc),\(num(t.time_s[i], 9)),\(t.cycle[i]),\(t.step[i]),\(num(t.voltage_V[i], 7)),"
            out += "\(num(Units.mA_cm2(A_m2: t.current_A_m2[i]), 7)),\(num(solution.mAh_g(t.charge_C_m2[i]), 7)),"
            out += "\(num(t.meanStoichiometry[i], 7)),\(num(t.surfaceStoichiometry[i], 7))"
            if !extra.isEmpty {
                for s in 0..<k { out += "," + num(t.states[i * k + s], 7) }
            }
            out += "\n"
        }
        return out
    }

    /// Encodes any Codable value as stable, pretty JSON (sorted keys).
    ///
    /// A JSON object gets a `"provenance"` key (``Provenance``) when ``OutputProvenance`` is set, as the
    /// command-line tool does. A NaN or infinite number is an error naming its key path, never a partial document.
    public static func json<T: Encodable>(_ value: T) throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        enc.nonConformingFloatEncodingStrategy = .throw
        do {
            var data = try enc.encode(value)
            if data.first == UInt8(ascii: "{"), let provenance = OutputProvenance.shared.current {
                data = try enc.encode(WithProvenance(value: value, provenance: provenance))
            }
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch let EncodingError.invalidValue(x, context) {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            throw OutputError(message: "the result holds a non-numeric value \(x) at \(path.isEmpty ? "the top" : String(path.drop(while: { $0 == "." })))"
                              + ": a computation overflowed or failed; check the inputs against their ranges")
        }
    }

    private struct WithProvenance<T: Encodable>: Encodable {
        var value: T
        var provenance: Provenance
        enum Key: String, CodingKey { case provenance }
        func encode(to encoder: Encoder) throws {
            try value.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(provenance, forKey: .provenance)
        }
    }

    /// Human-readable cycle table.
    public static func table(_ run: RunRecord, maxRows: Int = 40) -> String {
        var out = String(format: "%@ | %@ at %g °C (loading %.3g mg/cm², 1C = %.3g mA/cm²)\n",
                         run.electrolyte, run.cathode, run.temperature_C, run.loading_mg_cm2, run.nominal_capacity_mAh_cm2)
        out += "cycle  charge mAh/g  discharge mAh/g  CE        V̄ch     V̄dis    η V      discharge ended by\n"
        let rows = run.cycles
        let shown: [CycleRecord]
        if rows.count > maxRows {
            let head = rows.prefix(maxRows / 2), tail = rows.suffix(maxRows / 2)
            shown = Array(head) + Array(tail)
        } else { shown = rows }
        for (i, c) in shown.enumerated() {
            if rows.count > maxRows && i == maxRows / 2 { out += "  …\n" }
            out += String(format: "%5d  %12.2f  %15.2f  ", c.cycle, c.charge_capacity_mAh_g, c.discharge_capacity_mAh_g)
            out += [pad(fixed(c.coulombic_efficiency, 5), 8), pad(fixed(c.mean_charge_voltage_V, 4), 7),
                    pad(fixed(c.mean_discharge_voltage_V, 4), 7), pad(fixed(c.overpotential_V, 4), 7),
                    c.end_reason.isEmpty && !c.charge_end_reason.isEmpty ? "(charge ended by \(c.charge_end_reason))" : c.end_reason]
                .joined(separator: "  ") + "\n"
        }
        if run.status != "completed", let last = rows.last {
            out += "run stopped in cycle \(last.cycle): \(run.status)\n"
        }
        if let method = run.band_method, method.hasPrefix("none") {
            out += "95 % band: \(method)\n"
            if let note = run.band_note { out += "  \(note)\n" }
        } else if run.band_method != nil {
            func end(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "∞" }
            for c in [rows.first, rows.count > 1 ? rows.last : nil].compactMap({ $0 }) {
                out += String(format: "cycle %d discharge %.2f mAh/g, 95 %% band %@–%@ mAh/g\n", c.cycle, c.discharge_capacity_mAh_g,
                              c.discharge_capacity_mAh_g_low.map { String(format: "%.2f", $0) } ?? "0", end(c.discharge_capacity_mAh_g_high))
            }
            if let note = run.band_note { out += "  \(note)\n" }
        }
        return out
    }

    /// Left-aligns `s` in `width` characters (String(format:) does not pad %@ on Linux).
    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    static func fixed(_ x: Double?, _ digits: Int) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.\(digits)f", x)
    }
}
