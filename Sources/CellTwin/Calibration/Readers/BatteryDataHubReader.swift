import Foundation

/// DOE Battery Data Hub CSVs (batterydata.energy.gov; XCEL project files as in ROVI's battery-data-toolkit):
/// MATLAB-style `NaN` for missing values, labels such as `Capacity check`, `HPPC`, `EIS`, `Aging cycle`.
public enum BatteryDataHubReader {
    /// The time series (`Cycle_Index, Step, Time_s, Amphr, Watthr, Current_A, Voltage_V, Cell_Temperature_C, …,
    /// Charge_Capacity_Ah, Discharge_Capacity_Ah, …, Frequency_Hz, Z_…, …, Cycle_Label, …`).
    ///
    /// Conversion: `Time_s` (s); `Current_A` (A, **charge positive**) negated; `Voltage_V` (V); `Step` is the step;
    /// `Cell_Temperature_C` (°C); `Charge_Capacity_Ah`/`Discharge_Capacity_Ah` are the counters (reset at every step).
    /// **EIS rows** (a finite `Frequency_Hz`) are impedance points, not cycling data — their `Voltage_V` is −3.7865 V, a
    /// quirk of the source — and are left out (listed in ``CyclerMetadata/skippedRows``; read the spectrum with
    /// ``ImpedanceFile``). A cycle's label is the first non-empty `Cycle_Label` of its rows.
    public static func readRaw(path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        try readRaw(text: DelimitedText.text(path: path), path: path, options: options)
    }

    public static func readRaw(text: String, path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        let t = try CyclerTable(text: text, path: path, format: CyclerFormat.batteryDataHubRaw.name)
        let time = try t.require(["Time_s"], what: "time")
        let current = try t.require(["Current_A"], what: "current")
        let voltage = try t.require(["Voltage_V"], what: "voltage")
        let cycle = try t.require(["Cycle_Index"], what: "cycle index")
        let step = try t.require(["Step", "Step_Index"], what: "step")

        let frequency = try t.find(["Frequency_Hz"]).map { try t.values($0) }
        // Read as optional first: an EIS row may lack them; cycling rows are checked once EIS rows are gone.
        var raw = RawSeries(time_s: try t.numbers(time, unit: .second, required: false),
                            current_A: try t.numbers(current, unit: .ampere, required: false).map { -$0 },
                            voltage_V: try t.numbers(voltage, unit: .volt, required: false),
                            cycle: try t.integers(cycle), step: try t.integers(step), line: t.lines)
        if let c = t.find(["Cell_Temperature_C"]) { raw.temperature_C = try t.numbers(c, unit: .celsius, required: false) }
        if let c = t.find(["Charge_Capacity_Ah"]) { raw.chargeCounter_Ah = try t.numbers(c, unit: .ampereHour, required: false) }
        if let c = t.find(["Discharge_Capacity_Ah"]) {
            raw.dischargeCounter_Ah = try t.numbers(c, unit: .ampereHour, required: false)
        }
        // Labels per cycle (before EIS rows are dropped, so an all-EIS cycle keeps none of its rows but nothing else).
        var labels: [Int: String] = [:]
        if let c = t.find(["Cycle_Label"]) {
            for (k, label) in t.strings(c).enumerated() where !label.isEmpty && labels[raw.cycle[k]] == nil {
                labels[raw.cycle[k]] = String(label)
            }
        }
        var metadata = CyclerMetadata(format: .batteryDataHubRaw, sourcePath: path,
                                      nominalCapacity_Ah: options.nominalCapacity_Ah, dataRowCount: t.count, notes: [
                                          "time: Time_s (s); current: Current_A negated (file: charge > 0)",
                                          "file counters Charge_Capacity_Ah / Discharge_Capacity_Ah reset at every step",
                                      ])
        if let f = frequency {
            raw.drop(&metadata) { k in
                f[k].isFinite ? "EIS point (Frequency_Hz \(f[k])): impedance, not cycling data" : nil
            }
        }
        for (column, values) in [(time, raw.time_s), (current, raw.current_A), (voltage, raw.voltage_V)] {
            if let k = values.firstIndex(where: { $0.isNaN }) {
                throw InputError(file: path, line: raw.line[k], message:
                    "\(column.label) has no value (NaN or empty) in a cycling row; time, current and voltage are required")
            }
        }
        let series = try raw.assemble(path: path, timeColumn: time.label, metadata: &metadata)
        var data = CyclerData(metadata: metadata, series: series)
        for k in data.cycles.indices { data.cycles[k].label = labels[data.cycles[k].cycle] }
        return data
    }

    /// The cycle summary (`Cycle_Index, Cycle_Label, Time_s, …, tsecs_cycle, Q_chg, q_chg, Q_dis, q_dis, CE, E_chg,
    /// e_chg, E_dis, …`): one ``MeasuredCycle`` per row from `Q_chg`/`Q_dis` (Ah), `E_chg`/`E_dis` (Wh), `Time_s`
    /// (start, s), `tsecs_cycle` (duration, s) and `Cycle_Label` (empty → nil); `NaN` → nil. (`q_chg`/`q_dis` are
    /// normalized and are not the same columns: names match case-sensitively first.)
    public static func readSummary(path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        try readSummary(text: DelimitedText.text(path: path), path: path, options: options)
    }

    public static func readSummary(text: String, path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        let t = try CyclerTable(text: text, path: path, format: CyclerFormat.batteryDataHubSummary.name)
        let columns = SummaryColumns(
            cycle: try t.require(["Cycle_Index"], what: "cycle index"), label: t.find(["Cycle_Label"]),
            chargeCapacity: try t.require(["Q_chg"], what: "charge capacity"),
            dischargeCapacity: try t.require(["Q_dis"], what: "discharge capacity"),
            chargeEnergy: t.find(["E_chg"]), dischargeEnergy: t.find(["E_dis"]),
            start: t.find(["Time_s"]), duration: t.find(["tsecs_cycle"]))
        let cycles = try columns.cycles(of: t)
        let metadata = CyclerMetadata(format: .batteryDataHubSummary, sourcePath: path,
                                      nominalCapacity_Ah: options.nominalCapacity_Ah, dataRowCount: t.count,
                                      notes: ["per-cycle values from Q_chg, Q_dis (Ah), E_chg, E_dis (Wh); NaN → none"])
        return CyclerData(metadata: metadata, series: nil, cycles: cycles)
    }
}
