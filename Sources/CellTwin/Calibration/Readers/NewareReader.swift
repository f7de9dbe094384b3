import Foundation

/// Neware BTS CSV exports (`DataPoint, Cycle Index, Step Index, Step Type, Time, Cumulative Time, Current(A),
/// Voltage(V), Capacity(Ah), …, Chg. Cap.(Ah), …, DChg. Cap.(Ah), …, Date, …`).
///
/// Conversion:
/// - time: `Cumulative Time` (or `Total Time`), a clock string `h:mm:ss` whose **hours exceed 24** (`144:02:18` is
///   518,538 s) or a number of seconds. Without it, the step time `Time` (which **restarts at every step**) is
///   accumulated: each step starts at the time of the step before it ended;
/// - current: units from the name (`Current(A)`, `Current(mA)`); signed by `Step Type`: a `…DChg…` step gives
///   +|I| and a `…Chg…` step −|I| (CellTwin: discharge > 0; Neware writes discharge < 0); other steps give −I;
/// - `Chg. Cap.(Ah)` and `DChg. Cap.(Ah)` (or mAh) are the file's counters, reset at every step;
/// - `Date` of the first row is the start date.
public enum NewareReader {
    public static func read(path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        try read(text: DelimitedText.text(path: path), path: path, options: options)
    }

    public static func read(text: String, path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        let t = try CyclerTable(text: text, path: path, format: CyclerFormat.neware.name)
        let current = try t.require(["Current"], what: "current")
        let voltage = try t.require(["Voltage"], what: "voltage")
        let cycle = try t.require(["Cycle Index", "Cycle ID", "Cycle"], what: "cycle index")
        let step = try t.require(["Step Index", "Step ID", "Step"], what: "step index")
        let type = t.find(["Step Type", "Status"])

        var notes: [String] = []
        let time: [Double]
        let timeColumn: CyclerTable.Column
        let steps = try t.integers(step)
        if let total = t.find(["Cumulative Time", "Total Time", "Test Time"]) {
            timeColumn = total
            time = try t.times(total)
            notes.append("time: \(total.name) (h:mm:ss, hours beyond 24 allowed)")
        } else {
            timeColumn = try t.require(["Time", "Step Time", "Relative Time"], what: "time")
            let stepTime = try t.times(timeColumn)
            time = Self.accumulate(stepTime: stepTime, step: steps)
            notes.append("time: \(timeColumn.name) restarts at every step; accumulated over the steps")
        }
        let i = try t.numbers(current, unit: .ampere, required: true)
        let types = type.map { t.strings($0) }
        let signed = i.indices.map { k -> Double in
            let kind = types.map { $0[k].lowercased() } ?? ""
            if kind.contains("dchg") || kind.contains("discharge") { return abs(i[k]) }
            if kind.contains("chg") || kind.contains("charge") { return -abs(i[k]) }
            return -i[k]
        }
        notes.append("current: \(current.name) signed by \(type?.name ?? "its own sign") (DChg > 0, Chg < 0)")
        var raw = RawSeries(time_s: time, current_A: signed, voltage_V: try t.numbers(voltage, unit: .volt, required: true),
                            cycle: try t.integers(cycle), step: steps, line: t.lines)
        if let c = t.find(["Chg. Cap.", "Chg Cap", "Charge Capacity"]) {
            raw.chargeCounter_Ah = try t.numbers(c, unit: .ampereHour, required: false)
        }
        if let c = t.find(["DChg. Cap.", "DChg Cap", "Discharge Capacity"]) {
            raw.dischargeCounter_Ah = try t.numbers(c, unit: .ampereHour, required: false)
        }
        if let c = t.header.firstIndex(where: { $0.hasPrefix("T1") || $0.lowercased().hasPrefix("temperature") }) {
            raw.temperature_C = try t.numbers(t.column(c), unit: .celsius, required: false)
        }
        notes.append("file counters reset at every step")
        var metadata = CyclerMetadata(format: .neware, sourcePath: path, nominalCapacity_Ah: options.nominalCapacity_Ah,
                                      dataRowCount: t.count, notes: notes)
        if let d = t.find(["Date", "Realtime", "Absolute Time"]), let first = t.rows.first, let cell = t.cell(first, d) {
            metadata.startDate = String(cell)
        }
        let series = try raw.assemble(path: path, timeColumn: timeColumn.label, metadata: &metadata)
        return CyclerData(metadata: metadata, series: series)
    }

    /// Test time from a step time that restarts at each step: a new step (another step index, or the step time
    /// falling) starts at the time the previous row ended.
    static func accumulate(stepTime: [Double], step: [Int]) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(stepTime.count)
        var offset = 0.0
        for k in stepTime.indices {
            if k > 0, step[k] != step[k - 1] || stepTime[k] < stepTime[k - 1] {
                offset = out[k - 1]
            }
            out.append(offset + stepTime[k])
        }
        return out
    }
}
