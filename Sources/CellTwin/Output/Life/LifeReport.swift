import Foundation

/// JSON-stable view of a lifetime run (keys documented in the README).
public struct LifeRecord: Codable, Sendable {
    public struct Cycle: Codable, Sendable {
        public var cycle: Int
        public var discharge_capacity_mAh_g: Double
        public var charge_capacity_mAh_g: Double
        /// Discharge capacity over `retention_reference_mAh_g`.
        public var retention: Double
        public var overpotential_V: Double?
        public var coulombic_efficiency: Double?
        public var simulated: Bool
        /// 95 % band of the retention (``LifeBands``); absent without a band.
        public var retention_low: Double? = nil
        public var retention_high: Double? = nil
    }

    public struct Crossing: Codable, Sendable {
        public var threshold: Double
        public var cycle: Int?
    }

    public var electrolyte: String
    public var cathode: String
    public var temperature_C: Double
    public var threshold: Double
    /// First cycle below the threshold (null if not reached).
    public var cycles_to_threshold: Int?
    public var thresholds: [Crossing]
    public var end_reason: String
    public var initial_discharge_capacity_mAh_g: Double
    /// What retention is relative to: the largest discharge of the first `retention_reference_cycles` aging cycles,
    /// and its cycle.
    public var retention_reference_mAh_g: Double
    public var retention_reference_cycle: Int?
    /// Cycles the reference is taken over: five, or more while a slow electrolyte's or cathode's concentration profile
    /// settles (``RetentionReference/cycles(slowestTime_s:cycleDuration_s:)``) or a cut-off-limited cycle still rises
    /// (``RetentionReference/extends(capacity_C_m2:largestBefore_C_m2:)``); absent in older records: five.
    public var retention_reference_cycles: Int?
    public var simulated_cycles: Int
    public var cycle_skipping: Bool
    public var cycles: [Cycle]
    public var attribution: LossAttribution?
    /// Diagnostic cycles (aging frozen) the attribution ran, and the checkpoints of its path integral.
    public var attribution_cycles: Int
    public var attribution_checkpoints: Int
    /// When each loss happened: each mechanism's cumulative loss at the attribution's checkpoints (null without one).
    public var attribution_history: [AttributionStep]?
    /// The protocol in words ("charge 0.5C + CV to 3.8 V, discharge 1C to 2.5 V"; null when not known).
    public var protocol_description: String?
    /// The 95 % band (``LifeBands``), absent with `--band off`: how it was made, and the low and high ends.
    public var band_method: String? = nil
    public var band_note: String? = nil
    public var band_seed: UInt64? = nil
    /// Where the prediction lies against the twin's calibrated range (``CalibratedRange``): "inside" or "outside".
    public var calibrated_range: String? = nil
    /// Why it is outside: each coordinate that leaves the range, and by how much.
    public var extrapolation_reason: String? = nil
    /// nil when the band's end does not reach the threshold within the maximum cycles (`cycles_to_threshold_censored`).
    public var cycles_to_threshold_low: Int? = nil
    public var cycles_to_threshold_high: Int? = nil
    public var cycles_to_threshold_censored: Bool? = nil
    public var cycles_to_threshold_driver: String? = nil
    public var initial_discharge_capacity_mAh_g_low: Double? = nil
    public var initial_discharge_capacity_mAh_g_high: Double? = nil
    public var capacity_driver: String? = nil

    public init(_ r: LifeResult) {
        electrolyte = r.design.electrolyte.id
        cathode = r.design.cathode.id
        temperature_C = (r.temperature_C * 1e9).rounded() / 1e9
        threshold = r.options.threshold
        cycles_to_threshold = r.cyclesToThreshold[r.options.threshold] ?? nil
        thresholds = r.cyclesToThreshold.keys.sorted(by: >).map { Crossing(threshold: $0, cycle: r.cyclesToThreshold[$0] ?? nil) }
        end_reason = r.endReason
        initial_discharge_capacity_mAh_g = r.design.mAh_g(r.initialCapacity_C_m2)
        retention_reference_mAh_g = r.design.mAh_g(r.referenceCapacity_C_m2)
        retention_reference_cycle = r.referenceCycle
        retention_reference_cycles = r.referenceCycles
        simulated_cycles = r.simulatedCycles
        cycle_skipping = !r.options.exact
        cycles = r.cycles.map { c in
            Cycle(cycle: c.cycle, discharge_capacity_mAh_g: r.design.mAh_g(c.dischargeCapacity_C_m2),
                  charge_capacity_mAh_g: r.design.mAh_g(c.chargeCapacity_C_m2), retention: r.retention(c),
                  overpotential_V: c.overpotential_V, coulombic_efficiency: c.coulombicEfficiency, simulated: c.simulated)
        }
        attribution = r.attribution
        attribution_cycles = r.attributionCycles
        attribution_checkpoints = r.attributionCheckpoints
        attribution_history = r.attributionHistory.isEmpty ? nil : r.attributionHistory.map { AttributionStep($0, design: r.design) }
        protocol_description = r.experiment.map(ProtocolDescription.text)
    }
}

/// Tables, CSV and charts of a lifetime run.
public enum LifeReport {
    public static func csv(_ r: LifeRecord) -> String {
        let banded = r.band_method != nil
        var out = "cycle,discharge_capacity_mAh_g,charge_capacity_mAh_g,retention,overpotential_V,coulombic_efficiency,simulated"
            + (banded ? ",retention_low,retention_high\n" : "\n")
        out.reserveCapacity(r.cycles.count * 70)
        for c in r.cycles {
            out += "\(c.cycle),\(SolutionReport.num(c.discharge_capacity_mAh_g)),\(SolutionReport.num(c.charge_capacity_mAh_g)),"
            out += "\(SolutionReport.num(c.retention)),\(SolutionReport.num(c.overpotential_V)),"
            out += "\(SolutionReport.num(c.coulombic_efficiency, 8)),\(c.simulated)"
            out += banded ? ",\(SolutionReport.num(c.retention_low)),\(SolutionReport.num(c.retention_high))\n" : "\n"
        }
        return out
    }

    public static func table(_ r: LifeRecord) -> String {
        var out = String(format: "%@ | %@ at %g °C: %@\n", r.electrolyte, r.cathode, r.temperature_C,
                         r.cycles_to_threshold.map { String(format: "%d cycles to %g %%", $0, r.threshold * 100) }
                             ?? String(format: "%g %% not reached", r.threshold * 100))
        if let method = r.band_method, r.initial_discharge_capacity_mAh_g_low == nil {
            out += "95 % band: \(method)\n"
            if let note = r.band_note { out += "  \(note)\n" }
        } else if let method = r.band_method {
            let beyond = "> \(r.cycles.last?.cycle ?? 0) (not reached)"
            let range = r.cycles_to_threshold_low.map { "\($0)–" + (r.cycles_to_threshold_high.map(String.init) ?? beyond) } ?? beyond
            out += String(format: "95 %% band (%@): cycles to %g %% %@; first discharge %.2f–%.2f mAh/g\n", method,
                          r.threshold * 100, range,
                          r.initial_discharge_capacity_mAh_g_low ?? .nan, r.initial_discharge_capacity_mAh_g_high ?? .nan)
            if let note = r.band_note { out += "  \(note)\n" }
        }
        out += "end: \(r.end_reason); \(r.cycles.count) cycles, \(r.simulated_cycles) simulated"
        out += r.cycle_skipping ? " (cycle skipping)\n" : " (exact)\n"
        for t in r.thresholds where t.threshold != r.threshold {
            out += String(format: "  %g %% reached at cycle %@\n", t.threshold * 100, t.cycle.map(String.init) ?? "–")
        }
        out += String(format: "retention relative to %.2f mAh/g, the largest discharge of the first %d cycles%@\n",
                      r.retention_reference_mAh_g, r.retention_reference_cycles ?? RetentionReference.cycles,
                      r.retention_reference_cycle.map { " (cycle \($0))" } ?? "")
        let banded = r.band_method != nil && r.initial_discharge_capacity_mAh_g_low != nil
        out += banded ? "cycle  discharge mAh/g  retention  retention 95 %      η V\n" : "cycle  discharge mAh/g  retention  η V\n"
        let n = r.cycles.count
        let marks = Set([0, n - 1] + stride(from: 0, to: n, by: max(1, n / 10)).map { $0 })
        for i in marks.sorted() where i < n {
            let c = r.cycles[i]
            out += String(format: "%5d  %15.2f  %8.2f %%  ", c.cycle, c.discharge_capacity_mAh_g, c.retention * 100)
            if banded {
                out += String(format: "%6.2f–%6.2f %%  ", (c.retention_low ?? .nan) * 100, (c.retention_high ?? .nan) * 100)
            }
            out += SolutionReport.fixed(c.overpotential_V, 4) + (c.simulated ? "" : "  (interpolated)") + "\n"
        }
        if let a = r.attribution {
            out += String(format: "capacity loss by mechanism: resistance %.1f %%, Li inventory %.1f %%, active material %.1f %%, short %.1f %%, interaction %.1f %%\n",
                          a.resistance * 100, a.lithium_inventory * 100, a.active_material * 100, a.short * 100, a.interaction * 100)
            out += String(format: "  (path integral of each mechanism's rate of loss from the reference: %d checkpoints, %d diagnostic cycles)\n",
                          r.attribution_checkpoints, r.attribution_cycles)
        }
        return out
    }

    /// `life-capacity.svg`, `life-overpotential.svg`, `attribution.svg` and `attribution-history.svg` (when each loss
    /// happened, ``attributionHistoryChart(_:subtitle:)``); every title's second line names the cell, the temperature
    /// and the protocol.
    public static func charts(_ r: LifeRecord) -> [(name: String, svg: String)] {
        let label = String(format: "%@ | %@, %g °C", r.electrolyte, r.cathode, r.temperature_C)
        let subtitle = "\n" + ProtocolDescription.subtitle(electrolyte: r.electrolyte, cathode: r.cathode, temperatures_C: [r.temperature_C],
                                                            protocolText: r.protocol_description)
        let x = r.cycles.map { Double($0.cycle) }
        var charts: [(String, String)] = []
        let threshold = ChartSeries(name: String(format: "%g %%", r.threshold * 100), x: [x.first ?? 1, x.last ?? 1],
                                    y: [r.threshold * 100, r.threshold * 100], style: .line)
        var capacity = LineChart(
            title: "Capacity retention" + subtitle, xLabel: "cycle", yLabel: "retention (%)",
            series: [ChartSeries(name: label, x: x, y: r.cycles.map { $0.retention * 100 }, style: .line), threshold])
        if r.band_method != nil, r.initial_discharge_capacity_mAh_g_low != nil {
            capacity.bands = [ChartBand(name: "95 % band (\(r.band_method ?? ""))", x: x,
                                        low: r.cycles.map { ($0.retention_low ?? .nan) * 100 },
                                        high: r.cycles.map { ($0.retention_high ?? .nan) * 100 })]
        }
        charts.append(("life-capacity.svg", capacity.svg()))
        charts.append(("life-overpotential.svg", LineChart(
            title: "Overpotential" + subtitle, xLabel: "cycle", yLabel: "overpotential (V)",
            series: [ChartSeries(name: label, x: x, y: r.cycles.map { $0.overpotential_V ?? .nan }, style: .line)]).svg()))
        if let a = r.attribution {
            charts.append(("attribution.svg", StackedBarChart(
                title: "Capacity lost by mechanism (path integral)" + subtitle, xLabel: "", yLabel: "fraction of the loss (%)",
                categories: [label],
                stacks: [("resistance", [a.resistance * 100]), ("Li inventory", [a.lithium_inventory * 100]),
                         ("active material", [a.active_material * 100]), ("short", [a.short * 100]),
                         ("interaction", [a.interaction * 100])]).svg()))
        }
        if let history = attributionHistoryChart(r, subtitle: subtitle) { charts.append(("attribution-history.svg", history)) }
        return charts
    }
}
