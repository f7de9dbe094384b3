import Foundation

/// Arbin MITS CSV exports (`Data_Point, Test_Time, DateTime, Step_Time, Step_Index, Cycle_Index, Current, Voltage,
/// Charge_Capacity, Discharge_Capacity, …, Temperature, …`); newer exports write units in the names
/// (`Test_Time(s)`, `Current(A)`), which are honoured.
///
/// Conversion: `Test_Time` (s) is the time; `Current` (A, **charge positive**) is negated; `Voltage` (V);
/// `Cycle_Index`, `Step_Index` as written; `Temperature` (°C, empty cells → NaN); `Charge_Capacity` and
/// `Discharge_Capacity` (Ah) are the file's counters, which reset at each cycle (at each step in the GITT schedules)
/// and may start mid-cycle. `DateTime` (Unix epoch s, integer or float) gives the start date.
/// An isolated row with a time before its neighbours is left out (see ``RawSeries/assemble(path:timeColumn:metadata:)``).
public enum ArbinReader {
    public static func read(path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        try read(text: DelimitedText.text(path: path), path: path, options: options)
    }

    public static func read(text: String, path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        let t = try CyclerTable(text: text, path: path, format: CyclerFormat.arbin.name, delimiter: .comma)
        let time = try t.require(["Test_Time"], what: "test time")
        let current = try t.require(["Current"], what: "current")
        let voltage = try t.require(["Voltage"], what: "voltage")
        let cycle = try t.require(["Cycle_Index"], what: "cycle index")
        let step = try t.require(["Step_Index"], what: "step index")

        var raw = RawSeries(time_s: try t.numbers(time, unit: .second, required: true),
                            current_A: try t.numbers(current, unit: .ampere, required: true).map { -$0 },
                            voltage_V: try t.numbers(voltage, unit: .volt, required: true),
                            cycle: try t.integers(cycle), step: try t.integers(step), line: t.lines)
        if let c = t.find(["Temperature", "Aux_Temperature_1", "Temperature_1"]) {
            raw.temperature_C = try t.numbers(c, unit: .celsius, required: false)
        }
        if let c = t.find(["Charge_Capacity"]) { raw.chargeCounter_Ah = try t.numbers(c, unit: .ampereHour, required: false) }
        if let c = t.find(["Discharge_Capacity"]) {
            raw.dischargeCounter_Ah = try t.numbers(c, unit: .ampereHour, required: false)
        }
        var metadata = CyclerMetadata(format: .arbin, sourcePath: path, nominalCapacity_Ah: options.nominalCapacity_Ah,
                                      dataRowCount: t.count, notes: [
                                          "time: \(time.name) (s); current: \(current.name) negated (Arbin: charge > 0)",
                                          "file capacity counters \(t.find(["Charge_Capacity"])?.name ?? "none") / "
                                          + "\(t.find(["Discharge_Capacity"])?.name ?? "none") reset per cycle or step",
                                      ])
        if let d = t.find(["DateTime", "Date_Time"]), let first = t.rows.first, let cell = t.cell(first, d) {
            metadata.startDate = Double(cell).map { ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: $0)) }
                ?? String(cell)
        }
        let series = try raw.assemble(path: path, timeColumn: time.label, metadata: &metadata)
        return CyclerData(metadata: metadata, series: series)
    }
}
