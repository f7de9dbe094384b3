import Foundation

/// Maccor text exports: tab-separated, usually CRLF, free text before the column names (`Today's Date …
/// Comment/Barcode: …`), then `Rec#  Cyc#  Step  Test (Sec)  Step (Sec)  Amp-hr  Watt-hr  Amps  Volts  State  ES
/// DPt Time …`, `N/A` in unused columns.
///
/// Conversion: `Test (Sec)` (s) is the time. `Amps` is read by `State`: `D` rows give +|Amps| and `C` rows −|Amps|
/// (CellTwin: discharge > 0), so exports with signed (discharge < 0, as `xTESLADIAG_000038.078`) and unsigned
/// currents both come out right; other states (`R` rest, `S` stop, …) give −Amps. `Volts` (V); `Cyc#` and `Step` as
/// written. `Amp-hr` (Ah) is one counter for both directions that **resets at every step**: it is the charge counter
/// on `C` rows and the discharge counter on `D` rows (0 elsewhere). A `Temp …` column, if any, is °C.
public enum MaccorReader {
    public static func read(path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        try read(text: DelimitedText.text(path: path), path: path, options: options)
    }

    public static func read(text: String, path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw InputError(file: path, line: 1, message: "the file is empty (Maccor text expected)")
        }
        guard let headerLine = Self.headerLine(text) else {
            throw InputError(file: path, line: 1, message:
                "no Maccor column line (starting 'Rec#' with 'Cyc#') in the first lines")
        }
        let t = try CyclerTable(text: text, path: path, format: CyclerFormat.maccor.name, headerLine: headerLine,
                                delimiter: .tab)
        let time = try t.require(["Test (Sec)", "Test Time", "TestTime", "Test_Time(s)"], what: "test time")
        let amps = try t.require(["Amps", "Current"], what: "current")
        let volts = try t.require(["Volts", "Voltage"], what: "voltage")
        let cycle = try t.require(["Cyc#", "Cycle"], what: "cycle")
        let step = try t.require(["Step"], what: "step")
        let state = try t.require(["State", "MD"], what: "state")

        let states = t.strings(state)
        let current = try t.numbers(amps, unit: .ampere, required: true)
        let signed = zip(current, states).map { i, s -> Double in
            switch s.first {
            case "D": return abs(i)
            case "C": return -abs(i)
            default: return -i
            }
        }
        var raw = RawSeries(time_s: try t.numbers(time, unit: .second, required: true), current_A: signed,
                            voltage_V: try t.numbers(volts, unit: .volt, required: true),
                            cycle: try t.integers(cycle), step: try t.integers(step), line: t.lines)
        if let ah = t.find(["Amp-hr", "Capacity"]) {
            let q = try t.numbers(ah, unit: .ampereHour, required: false)
            raw.chargeCounter_Ah = zip(q, states).map { $1.first == "C" ? $0 : 0 }
            raw.dischargeCounter_Ah = zip(q, states).map { $1.first == "D" ? $0 : 0 }
        }
        if let i = t.header.firstIndex(where: { $0.lowercased().hasPrefix("temp") }) {
            raw.temperature_C = try t.numbers(t.column(i), unit: .celsius, required: false)
        }
        let lines = DelimitedText.lines(String(text.prefix(4096)))
        let free = lines.prefix(headerLine - 1).map { $0.split(separator: "\t").joined(separator: " ") }
        var metadata = CyclerMetadata(format: .maccor, sourcePath: path, nominalCapacity_Ah: options.nominalCapacity_Ah,
                                      headerText: free.isEmpty ? nil : free.joined(separator: "\n"),
                                      dataRowCount: t.count, notes: [
                                          "time: \(time.name) (s); current: \(amps.name) signed by State (D > 0, C < 0)",
                                          "file counter \(t.find(["Amp-hr", "Capacity"])?.name ?? "none") resets at every step",
                                      ])
        if let d = t.find(["DPt Time", "DPT Time"]), let first = t.rows.first, let cell = t.cell(first, d) {
            metadata.startDate = String(cell)
        }
        let series = try raw.assemble(path: path, timeColumn: time.label, metadata: &metadata)
        return CyclerData(metadata: metadata, series: series)
    }

    /// 1-based line holding the column names: the first line (of the first 20) whose first field is `Rec#` and that
    /// names `Cyc#`.
    static func headerLine(_ text: String) -> Int? {
        let lines = DelimitedText.lines(String(text.prefix(8192))).prefix(20)
        for (k, l) in lines.enumerated() {
            let first = l.prefix { $0 != "\t" && $0 != "," }.trimmingCharacters(in: .whitespaces)
            if first == "Rec#", l.contains("Cyc#") { return k + 1 }
        }
        return nil
    }
}
