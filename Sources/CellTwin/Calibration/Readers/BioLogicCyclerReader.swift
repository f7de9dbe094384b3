import Foundation

/// BioLogic EC-Lab galvanostatic cycling (GCPL) into the common record: text exports (`.mpt`/`.txt`, read by
/// ``BioLogicText``: header block, Latin-1, CRLF, trailing tab, decimal commas) and binary files (`.mpr`, read by
/// ``BioLogicMPR``), both through the same conversion.
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
/// - `Q charge/mA.h` and `Q discharge/mA.h`, if present, are the file's counters;
/// - an impedance file (a `freq/Hz` column with every value > 0: GEIS, PEIS) is an ``InputError``: its time,
///   potential and current columns are averages over each frequency, not a time series.
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
        let metadata = CyclerMetadata(format: .bioLogic, sourcePath: path, nominalCapacity_Ah: options.nominalCapacity_Ah,
                                      dataRowCount: t.count)
        return try read(t, path: path, options: options, metadata: metadata) {
            try loopStarts(path: path, options: options)
        }
    }

    /// Reads a BioLogic binary file (GCPL or another time series); see ``BioLogicMPR``. The loops, when the file has
    /// no `cycle number`, come from ``CyclerReadOptions/loopFile`` if given, else from the file's `VMP loop` module.
    /// Rows are numbered by record (from 1) in ``CyclerSeries/line`` and notes; errors give the record and its byte
    /// offset.
    public static func read(mpr: BioLogicMPR, options: CyclerReadOptions = .init()) throws -> CyclerData {
        let path = mpr.path
        do {
            let t = try CyclerTable(table: mpr.table(), text: "", format: "BioLogic EC-Lab binary (.mpr)", headerLine: 0)
            let notes = ["BioLogic .mpr, data module version \(mpr.dataVersion): rows are numbered by record (from 1)"]
            let metadata = CyclerMetadata(format: .bioLogic, sourcePath: path,
                                          nominalCapacity_Ah: options.nominalCapacity_Ah, startDate: mpr.startDate,
                                          dataRowCount: t.count, notes: notes)
            return try read(t, path: path, options: options, metadata: metadata) {
                options.loopFile == nil ? mpr.loopStarts : try loopStarts(path: path, options: options)
            }
        } catch let e as InputError {
            throw mpr.located(e)
        }
    }

    /// The conversion shared by text and binary files: `t` holds the columns by name, `loops` gives the 0-based
    /// first row of each loop (or nil) when the table has no `cycle number`.
    static func read(_ t: CyclerTable, path: String, options: CyclerReadOptions, metadata: CyclerMetadata,
                     loops: () throws -> [Int]?) throws -> CyclerData {
        if let f = t.find(["freq/Hz"]), try t.values(f).allSatisfy({ $0 > 0 }) {
            throw InputError(file: path, line: t.headerLine, message:
                "an impedance file, no current/voltage time series (column '\(f.name)' gives every row a frequency): "
                + "read its spectra with ImpedanceFile (celltwin eis fit)")
        }
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
        } else if let loops = try loops() {
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
        var metadata = metadata
        metadata.notes += notes
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
