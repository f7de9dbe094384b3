import Foundation

/// CSV, table and SVG renderings of symmetric-cell results (lab units: h, mA cm⁻², Ω cm²).
public enum SymmetricReport {
    static func num(_ x: Double?, _ digits: Int = 6) -> String {
        guard let x, x.isFinite else { return "" }
        return String(format: "%.\(digits)g", x)
    }

    static func fixed(_ x: Double?, _ digits: Int) -> String {
        guard let x, x.isFinite else { return "–" }
        return String(format: "%.\(digits)f", x)
    }

    /// Left-aligns `s` in `width` characters (String(format:) does not pad %@ on Linux).
    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    static func padLeft(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    /// At most `count` half-cycles, evenly spread, the first and the last always included.
    public static func checkpoints(_ halfCycles: [HalfCycle], count: Int) -> [HalfCycle] {
        let n = halfCycles.count
        guard n > count, count >= 2 else { return halfCycles }
        var picked: [HalfCycle] = []
        var last = -1
        for i in 0..<count {
            let k = Int((Double(i) * Double(n - 1) / Double(count - 1)).rounded())
            if k != last { picked.append(halfCycles[k]); last = k }
        }
        return picked
    }

    // MARK: Plating/stripping

    public static let halfCycleColumns = [
        "half_cycle", "start_h", "end_h", "current_mA_cm2", "end_voltage_V", "mean_voltage_V", "overpotential_V",
        "mean_overpotential_V", "charge_mAh_cm2", "asr_sei_1_ohm_cm2", "asr_sei_2_ohm_cm2", "damage", "event",
    ]

    /// One row per half-cycle.
    public static func halfCyclesCSV(_ halfCycles: [HalfCycle]) -> String {
        var out = halfCycleColumns.joined(separator: ",") + "\n"
        out.reserveCapacity(halfCycles.count * 120)
        for h in halfCycles {
            let fields = [
                String(h.index), num(h.start_s / 3600, 9), num(h.end_s / 3600, 9), num(Units.mA_cm2(A_m2: h.current_A_m2)),
                num(h.endVoltage_V, 7), num(h.meanVoltage_V, 7), num(h.overpotential_V, 7), num(h.meanOverpotential_V, 7),
                num(Units.mAh_cm2(C_m2: h.charge_C_m2), 7), num(Units.ohm_cm2(ohm_m2: h.interphaseASR1_ohm_m2)),
                num(Units.ohm_cm2(ohm_m2: h.interphaseASR2_ohm_m2)), num(h.damage), h.event?.reason ?? "",
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The thinned trace.
    public static func traceCSV(_ t: SymmetricTrace) -> String {
        var out = "time_h,current_mA_cm2,voltage_V,depleted_concentration_fraction,damage\n"
        out.reserveCapacity(t.count * 60)
        for i in 0..<t.count {
            out += "\(num(t.time_s[i] / 3600, 9)),\(num(Units.mA_cm2(A_m2: t.current_A_m2[i]), 7)),"
            out += "\(num(t.voltage_V[i], 7)),\(num(t.depletedConcentrationFraction[i], 7)),\(num(t.damage[i], 6))\n"
        }
        return out
    }

    /// Checkpoint rows on standard output.
    public static func overpotentialCSV(_ r: PlatingStrippingRecord) -> String {
        var out = "time_h,half_cycle,overpotential_V,mean_overpotential_V\n"
        for p in r.overpotential_V {
            out += "\(num(p.time_h, 9)),\(p.half_cycle),\(num(p.value, 7)),\(num(p.mean_V, 7))\n"
        }
        return out
    }

    public static func table(_ r: PlatingStrippingRecord) -> String {
        var out = String(format: "Li | %@ | Li at %g °C: ±%g mA/cm², %g mAh/cm² per half-cycle (%.3g h), %g h\n",
                         r.electrolyte, r.temperature_C, r.current_mA_cm2, r.capacity_mAh_cm2, r.half_cycle_h, r.requested_h)
        out += "half-cycle      time h   |V| end V   mean V\n"
        for p in r.overpotential_V {
            out += padLeft(String(p.half_cycle), 10) + "  " + padLeft(fixed(p.time_h, 2), 10) + "  "
                + padLeft(fixed(p.value, 4), 10) + "  " + padLeft(fixed(p.mean_V, 4), 7) + "\n"
        }
        out += String(format: "interphase ASR at the end: %.4g and %.4g Ω cm² (electrodes 1, 2); short damage %.3g\n",
                      r.final_interphase_asr_ohm_cm2[0], r.final_interphase_asr_ohm_cm2[1], r.final_damage)
        if let t = r.time_to_short_h {
            out += String(format: "time to short: %.4g h (%@)\n", t, r.end_reason)
        } else if r.endEvent == nil {
            out += String(format: "no short in %g h (%d half-cycles)\n", r.simulated_h, r.half_cycles)
        } else {
            out += String(format: "ended by %@ after %.4g h\n", r.end_reason, r.simulated_h)
        }
        return out
    }

    /// Voltage vs time of the thinned trace.
    public static func voltageChart(_ t: SymmetricTrace, title: String) -> String {
        LineChart(title: title, xLabel: "time (h)", yLabel: "cell voltage V₁ − V₂ (V)",
                  series: [ChartSeries(name: "", x: t.time_s.map { $0 / 3600 }, y: t.voltage_V)]).svg()
    }

    // MARK: Bruce–Vincent

    public static let bruceVincentColumns = [
        "electrolyte", "temperature_C", "dv_V", "I0_A", "Iss_A", "R0_ohm", "Rss_ohm", "t_plus", "I0_mA_cm2", "Iss_mA_cm2",
        "R0_ohm_cm2", "Rss_ohm_cm2", "model_t_plus", "duration_h",
    ]

    public static func bruceVincentCSV(_ r: BruceVincentRecord) -> String {
        let fields = [r.electrolyte, num(r.temperature_C), num(r.dv_V), num(r.I0_A, 8), num(r.Iss_A, 8), num(r.R0_ohm, 8),
                      num(r.Rss_ohm, 8), num(r.t_plus, 6), num(r.I0_mA_cm2, 8), num(r.Iss_mA_cm2, 8), num(r.R0_ohm_cm2, 8),
                      num(r.Rss_ohm_cm2, 8), num(r.model_t_plus), num(r.duration_h)]
        return bruceVincentColumns.joined(separator: ",") + "\n" + fields.joined(separator: ",") + "\n"
    }

    public static func table(_ r: BruceVincentRecord) -> String {
        var out = String(format: "Bruce–Vincent: Li | %@ | Li at %g °C, ΔV = %g mV, electrode %g cm²\n",
                         r.electrolyte, r.temperature_C, r.dv_V * 1000, r.electrode_area_cm2)
        out += String(format: "I0   %.5g µA  (%.5g mA/cm²)   at t = 0+\n", r.I0_A * 1e6, r.I0_mA_cm2)
        out += String(format: "Iss  %.5g µA  (%.5g mA/cm²)   after %.3g h\n", r.Iss_A * 1e6, r.Iss_mA_cm2, r.duration_h)
        out += String(format: "R0   %.5g Ω  (%.5g Ω cm²)   interfacial, both electrodes\n", r.R0_ohm, r.R0_ohm_cm2)
        out += String(format: "Rss  %.5g Ω  (%.5g Ω cm²)\n", r.Rss_ohm, r.Rss_ohm_cm2)
        out += String(format: "t+ = Iss(ΔV − I0 R0)/(I0(ΔV − Iss Rss)) = %.4f   (model t+ %.4g)\n", r.t_plus, r.model_t_plus)
        return out
    }

    /// Current vs time of the thinned trace, µA for the reference cell.
    public static func currentChart(_ t: SymmetricTrace, electrodeArea_m2: Double, title: String) -> String {
        LineChart(title: title, xLabel: "time (h)", yLabel: "current (µA)",
                  series: [ChartSeries(name: "", x: t.time_s.map { $0 / 3600 },
                                       y: t.current_A_m2.map { $0 * electrodeArea_m2 * 1e6 })]).svg()
    }

    public static func currentTraceCSV(_ t: SymmetricTrace, electrodeArea_m2: Double) -> String {
        var out = "time_h,current_A,current_mA_cm2,depleted_concentration_fraction\n"
        for i in 0..<t.count {
            out += "\(num(t.time_s[i] / 3600, 9)),\(num(t.current_A_m2[i] * electrodeArea_m2, 8)),"
            out += "\(num(Units.mA_cm2(A_m2: t.current_A_m2[i]), 8)),\(num(t.depletedConcentrationFraction[i], 7))\n"
        }
        return out
    }

    // MARK: CCD

    public static let criticalCurrentColumns = [
        "current_mA_cm2", "overpotential_V", "mean_overpotential_V", "passed", "failure_reason", "sand_time_h",
        "half_cycle_h", "damage",
    ]

    public static func criticalCurrentCSV(_ r: CriticalCurrentRecord) -> String {
        var out = criticalCurrentColumns.joined(separator: ",") + "\n"
        for s in r.steps {
            out += [num(s.current_mA_cm2), num(s.overpotential_V, 7), num(s.mean_overpotential_V, 7), s.passed ? "true" : "false",
                    s.failure_reason ?? "", num(s.sand_time_h), num(s.half_cycle_h), num(s.damage)].joined(separator: ",") + "\n"
        }
        return out
    }

    public static func table(_ r: CriticalCurrentRecord) -> String {
        var out = String(format: "CCD step test: Li | %@ | Li at %g °C, %g mAh/cm² per half-cycle, %d cycle(s) per step\n",
                         r.electrolyte, r.temperature_C, r.capacity_mAh_cm2, r.cycles_per_step)
        out += "J mA/cm²   |V| max V   mean V   Sand t_s h   damage    result\n"
        for s in r.steps {
            out += padLeft(fixed(s.current_mA_cm2, 3), 8) + "  " + padLeft(fixed(s.overpotential_V, 4), 10) + "  "
                + padLeft(fixed(s.mean_overpotential_V, 4), 7) + "  " + padLeft(s.sand_time_h.map { String(format: "%.3g", $0) } ?? "∞", 11)
                + "  " + padLeft(String(format: "%.3g", s.damage), 7) + "    " + (s.passed ? "passed" : "failed: " + (s.failure_reason ?? "")) + "\n"
        }
        if let ccd = r.critical_current_density_mA_cm2 {
            if let reason = r.failure_reason {
                out += String(format: "critical current density %g mA/cm² (next step failed by %@)\n", ccd, reason)
            } else {
                out += String(format: "critical current density ≥ %g mA/cm² (every step passed)\n", ccd)
            }
        } else {
            out += "the first step failed (\(r.failure_reason ?? "")): critical current density below it\n"
        }
        let criterion = CriticalCurrent.Criterion(rawValue: r.law_criterion)?.text ?? r.law_criterion
        out += String(format: "critical current of the damage law: %.3g mA/cm² (set by %@)", r.law_critical_current_mA_cm2, criterion)
        func mA(_ x: Double?) -> String { x.map { String(format: "%.3g", $0) } ?? "∞" }
        out += "; limiting current \(mA(r.transport_limit_mA_cm2)), interface plating limit \(mA(r.interface_limit_mA_cm2)), "
            + "critical stripping current \(mA(r.stripping_current_mA_cm2)), "
            + "Sand current of one half-cycle \(mA(r.sand_current_mA_cm2)) mA/cm²\n"
        return out
    }
}
