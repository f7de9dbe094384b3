import Foundation

/// BioLogic EC-Lab text exports of galvanostatic cycling (GCPL `.mpt`/`.txt`) into the common record; the table is
/// read by ``BioLogicText`` (header block, Latin-1, CRLF, trailing tab, decimal commas).
///
/// Conversion:
/// - `time/s` (s); `Ewe/V` (or `Ecell/V`, `<Ewe>/V`) is the voltage;
/// - current from `I/mA` (or `<I>/mA`, `control/mA`), **negated**: BioLogic's I > 0 is oxidation at the working
///   electrode, the charge of a full cell wired with the cathode as working electrode. A file without a current
///   column (the datalab Li‖Li GCPL export has only `time/s` and `Ewe/V`) needs
///   ``CyclerReadOptions/constantCurrent_A`` (already in CellTwin's convention) or is an ``InputError``;
/// - cycle: `cycle number`; without it, the loop of each row from the `_LOOP.txt` file
///   (``CyclerReadOptions/loopFile``, or `<name>_LOOP.txt` beside the file), numbered from 1; else 0;
/// - step: `Ns` (sequence number) if present, else 0;
/// - `Q charge/mA.h` and `Q discharge/mA.h`, if present, are the file's counters.
public enum BioLogicCyclerReader {
    public static func read(path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        try read(text: DelimitedText.text(path: path), path: path, options: options)
    }

    public static func read(text: String, path: String, options: CyclerReadOptions = .init()) throws -> CyclerData {
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw InputError(file: path, line: 1, message: "the file is empty (BioLogic EC-Lab text expected)")
        }
        let table = try BioLogicText.table(text: text, path: path)
        let t = try CyclerTable(table: table, text: text, format: CyclerFormat.bioLogic.name,
                                headerLine: max(1, (table.rows.first?.line ?? 2) - 1))
        let time = try t.require(["time/s"], what: "time")
        let voltage = try t.require(["Ewe/V", "Ecell/V", "<Ewe>/V"], what: "voltage")
        var notes = ["time: \(time.name) (s)"]

        let current: [Double]
        if let i = t.find(["I/mA", "<I>/mA", "control/mA"]) {
            current = try t.numbers(i, unit: .milliampere, required: true).map { -$0 }
            notes.append("current: \(i.name) negated (BioLogic: oxidation at the working electrode > 0)")
        } else if let i = options.constantCurrent_A {
            current = Array(repeating: i, count: t.count)
            notes.append("current: no column in the file; \(i) A for every row, as given")
        } else {
            throw InputError(file: path, line: t.headerLine, message:
                "no current column ('I/mA', '<I>/mA' or 'control/mA'): give the current of the galvanostatic steps "
                + "(CyclerReadOptions.constantCurrent_A, e.g. from the .mps settings)")
        }

        var cycle = Array(repeating: 0, count: t.count)
        if let c = t.find(["cycle number"]) {
            cycle = try t.integers(c)
            notes.append("cycle: \(c.name)")
        } else if let loops = try loopStarts(path: path, options: options) {
            var loop = 0
            for k in cycle.indices {
                while loop < loops.count, loops[loop] <= k { loop += 1 }
                cycle[k] = max(loop, 1)
            }
            notes.append("cycle: the loop of each row (from 1), from the loop file")
        }
        var raw = RawSeries(time_s: try t.numbers(time, unit: .second, required: true), current_A: current,
                            voltage_V: try t.numbers(voltage, unit: .volt, required: true), cycle: cycle,
                            step: try t.find(["Ns"]).map { try t.integers($0) } ?? Array(repeating: 0, count: t.count),
                            line: t.lines)
        if let q = t.find(["Q charge/mA.h"]) { raw.chargeCounter_Ah = try t.numbers(q, unit: .milliampereHour, required: false) }
        if let q = t.find(["Q discharge/mA.h"]) {
            raw.dischargeCounter_Ah = try t.numbers(q, unit: .milliampereHour, required: false)
        }
        if let c = t.find(["Temperature/°C", "Temperature"]) {
            raw.temperature_C = try t.numbers(c, unit: .celsius, required: false)
        }
        var metadata = CyclerMetadata(format: .bioLogic, sourcePath: path, nominalCapacity_Ah: options.nominalCapacity_Ah,
                                      dataRowCount: t.count, notes: notes)
        let series = try raw.assemble(path: path, timeColumn: time.label, metadata: &metadata)
        return CyclerData(metadata: metadata, series: series)
    }

    /// The 0-based start rows of the loops, from the given loop file or `<name>_LOOP.txt` beside `path`.
    static func loopStarts(path: String, options: CyclerReadOptions) throws -> [Int]? {
        if let given = options.loopFile { return try BioLogicText.loopIndexes(path: given) }
        let url = URL(fileURLWithPath: path)
        let sibling = url.deletingPathExtension().path + "_LOOP.txt"
        guard FileManager.default.fileExists(atPath: sibling) else { return nil }
        return try BioLogicText.loopIndexes(path: sibling)
    }
}
