import Foundation

/// What a caller may add when reading a cycler file.
public struct CyclerReadOptions: Sendable, Equatable {
    /// Nominal capacity, Ah, put into ``CyclerMetadata/nominalCapacity_Ah`` (no supported format stores it).
    public var nominalCapacity_Ah: Double?
    /// Current for every row of a file without a current column (BioLogic GCPL text exports), A, in CellTwin's
    /// convention (positive on discharge). Ignored when the file has a current column.
    public var constantCurrent_A: Double?
    /// A BioLogic `_LOOP.txt` file giving the cycles (default: `<name>_LOOP.txt` beside the file, if present).
    public var loopFile: String?
    /// For a capacity matrix: the cell (0-based row) to read.
    public var cell: Int?

    public init(nominalCapacity_Ah: Double? = nil, constantCurrent_A: Double? = nil, loopFile: String? = nil,
                cell: Int? = nil) {
        self.nominalCapacity_Ah = nominalCapacity_Ah
        self.constantCurrent_A = constantCurrent_A
        self.loopFile = loopFile
        self.cell = cell
    }
}

/// Reads any supported cycler file into the common record ``CyclerData``.
public enum CyclerFile {
    /// Reads the file at `path` as `format` (`.auto`: detected from the content, see ``detect(text:)``). A BioLogic
    /// binary file (`.mpr`, recognised by its `BIO-LOGIC MODULAR FILE` magic before any text decoding) is read by
    /// ``BioLogicCyclerReader/read(mpr:options:)`` when `format` is `.auto` or `.bioLogic`.
    ///
    /// A missing or unreadable file, an empty file, a file with the wrong columns, a row cut short, a value that is
    /// not a number where one is needed, or time going backwards is an ``InputError`` naming the file, line and column
    /// (for an `.mpr`: the record and byte offset). So is an impedance file (GEIS/PEIS), which has no time series.
    public static func read(path: String, format: CyclerFormat = .auto,
                            options: CyclerReadOptions = .init()) throws -> CyclerData {
        let bytes = try DelimitedText.contents(path: path)
        if BioLogicMPR.isMPR(bytes) {
            switch format {
            case .auto, .bioLogic:
                return try BioLogicCyclerReader.read(mpr: BioLogicMPR(data: bytes, path: path), options: options)
            default:
                throw InputError(file: path, byteOffset: 0, message:
                    "a BioLogic EC-Lab binary file (.mpr), not \(format.name): read it as bioLogic (or auto)")
            }
        }
        let text = DelimitedText.decode(bytes)
        var resolved = format
        if case .auto = format {
            guard let f = detect(text: text) else { throw unrecognised(text: text, path: path) }
            resolved = f
        }
        switch resolved {
        case .auto: throw unrecognised(text: text, path: path)
        case .arbin: return try ArbinReader.read(text: text, path: path, options: options)
        case .maccor: return try MaccorReader.read(text: text, path: path, options: options)
        case .neware: return try NewareReader.read(text: text, path: path, options: options)
        case .bioLogic: return try BioLogicCyclerReader.read(text: text, path: path, options: options)
        case .batteryDataHubRaw: return try BatteryDataHubReader.readRaw(text: text, path: path, options: options)
        case .batteryDataHubSummary: return try BatteryDataHubReader.readSummary(text: text, path: path, options: options)
        case .beepSummary: return try BeepSummaryReader.read(text: text, path: path, options: options)
        case .generic(let mapping): return try GenericCSVReader.read(text: text, path: path, mapping: mapping, options: options)
        case .capacityMatrix:
            let matrix = try CapacityMatrix(text: text, path: path)
            guard let cell = options.cell else {
                throw InputError(file: path, key: "cell", message:
                    "a capacity matrix holds \(matrix.cellCount) cells (one per row); choose one with "
                    + "CyclerReadOptions.cell (0-based), or read them all with CapacityMatrix(path:)")
            }
            return try matrix.data(cell: cell, nominalCapacity_Ah: options.nominalCapacity_Ah)
        }
    }

    /// The format of the file at `path`, from its content (`.bioLogic` for a BioLogic binary `.mpr`).
    public static func detect(path: String) throws -> CyclerFormat {
        let bytes = try DelimitedText.contents(path: path)
        if BioLogicMPR.isMPR(bytes) { return .bioLogic }
        let text = DelimitedText.decode(bytes)
        guard let f = detect(text: text) else { throw unrecognised(text: text, path: path) }
        return f
    }

    /// The format whose header signature `text` carries, or nil:
    /// - BioLogic: the `EC-Lab ASCII FILE` banner, or a tab-separated first line with `time/s` (``BioLogicText/isBioLogic(_:)``);
    /// - Maccor: a line (of the first 20) starting `Rec#` that names `Cyc#`;
    /// - Arbin: `Test_Time`, `Cycle_Index`, `Current` and `Voltage` (units in the names allowed) — checked before
    ///   BEEP, whose summaries share `Charge_Capacity`-like names but have no current;
    /// - Neware: `Cycle Index`, `Step Index` and `Step Type` or `Cumulative Time`/`Total Time`;
    /// - DOE time series: `Cycle_Index`, `Time_s`, `Current_A`, `Voltage_V`; DOE summary: `Cycle_Index`, `Q_chg`, `Q_dis`;
    /// - BEEP summary: `cycle_index`, `charge_capacity`, `discharge_capacity`;
    /// - capacity matrix: no header line, comma-separated numbers, at least 10 columns (a 3-column headerless file is
    ///   an impedance spectrum; pass `.capacityMatrix` for a narrower matrix).
    public static func detect(text: String) -> CyclerFormat? {
        if BioLogicText.isBioLogic(text) { return .bioLogic }
        let lines = DelimitedText.lines(String(text.prefix(16_384)))
        if lines.prefix(20).contains(where: { $0.hasPrefix("Rec#") && $0.contains("Cyc#") }) { return .maccor }
        guard let first = lines.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        let delimiter: Character = first.contains("\t") ? "\t" : first.contains(",") ? "," : ";"
        let fields = first.split(separator: delimiter, omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        let exact = Set(fields)
        let keys = Set(fields.map { CyclerTable.key(CyclerUnit.split(columnName: $0).base) } + fields.map { CyclerTable.key($0) })
        func has(_ names: String...) -> Bool { names.allSatisfy { keys.contains(CyclerTable.key($0)) } }

        if has("Test_Time", "Cycle_Index", "Current", "Voltage") { return .arbin }
        if has("Cycle Index", "Step Index"), has("Step Type") || has("Cumulative Time") || has("Total Time") { return .neware }
        if has("Cycle_Index", "Time_s", "Current_A", "Voltage_V") { return .batteryDataHubRaw }
        if has("Cycle_Index"), exact.contains("Q_chg"), exact.contains("Q_dis") { return .batteryDataHubSummary }
        if has("cycle_index", "charge_capacity", "discharge_capacity") { return .beepSummary }
        if delimiter == ",", fields.count >= 10, fields.allSatisfy({ Double($0) != nil }) { return .capacityMatrix }
        return nil
    }

    static func unrecognised(text: String, path: String) -> InputError {
        let first = DelimitedText.lines(String(text.prefix(4096))).first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let first else { return InputError(file: path, line: 1, message: "the file is empty") }
        let shown = first.count > 160 ? first.prefix(160) + "…" : first
        var hint = ""
        if first.hasPrefix("C1,") || first.contains(",R1,") { hint = " (a cycle-life table: read it with CycleLifeTable(path:))" }
        return InputError(file: path, line: 1, message:
            "not a recognised cycler export\(hint): '\(shown)'. Give the format (arbin, maccor, neware, bioLogic, "
            + "batteryDataHubRaw, batteryDataHubSummary, beepSummary, capacityMatrix) or a column mapping (.generic)")
    }
}
