import Foundation

/// The cycler-file formats CellTwin reads (see ``CyclerFile/read(path:format:options:)``).
public enum CyclerFormat: Sendable, Equatable {
    /// Detect from the content (header signatures); see ``CyclerFile/detect(text:)``.
    case auto
    /// Arbin MITS CSV export (`Data_Point, Test_Time, …, Cycle_Index, Current, Voltage, …`).
    case arbin
    /// Maccor text export (tab-separated, a free-text first line, `Rec#  Cyc#  Step  Test (Sec) …`).
    case maccor
    /// Neware BTS CSV export (`DataPoint, Cycle Index, Step Index, Step Type, Time, Cumulative Time, …`).
    case neware
    /// BioLogic EC-Lab text export (`.mpt` with its header block, or a plain `.txt` with `time/s`, `Ewe/V`, …), or
    /// EC-Lab binary file (`.mpr`, see ``BioLogicMPR``).
    case bioLogic
    /// DOE Battery Data Hub time series (`Cycle_Index, Step, Time_s, …, Current_A, Voltage_V, …`).
    case batteryDataHubRaw
    /// DOE Battery Data Hub cycle summary (`Cycle_Index, Cycle_Label, …, Q_chg, …, Q_dis, …`).
    case batteryDataHubSummary
    /// BEEP per-cycle summary CSV (`cycle_index, [cycle_type,] discharge_capacity, charge_capacity, …`).
    case beepSummary
    /// Headerless matrix of discharge capacities, one row per cell, one column per cycle, zero-padded.
    case capacityMatrix
    /// Any delimited file, with the columns named by the caller.
    case generic(ColumnMapping)

    /// A short name for messages and metadata.
    public var name: String {
        switch self {
        case .auto: return "auto"
        case .arbin: return "Arbin CSV"
        case .maccor: return "Maccor text"
        case .neware: return "Neware CSV"
        case .bioLogic: return "BioLogic EC-Lab text"
        case .batteryDataHubRaw: return "DOE Battery Data Hub time series"
        case .batteryDataHubSummary: return "DOE Battery Data Hub cycle summary"
        case .beepSummary: return "BEEP cycle summary"
        case .capacityMatrix: return "capacity matrix"
        case .generic: return "generic CSV"
        }
    }
}

/// Measured time series as column arrays (struct of arrays), all of the same length, in file order.
///
/// Conventions (the same for every format; each reader's documentation says how it converts):
/// - `time_s` never decreases (rows with equal times are kept);
/// - `current_A` is **positive on discharge** (CellTwin's convention; cyclers write charge > 0, so readers negate);
/// - `cycle` never decreases: a cycle counter that restarts in the file is continued (see ``CyclerMetadata/notes``);
/// - `step` is the instrument's step (program line) number as written; it repeats from cycle to cycle.
///
/// | format | time | current in the record |
/// |---|---|---|
/// | Arbin | `Test_Time` (s) | −`Current` (the file's charge is > 0) |
/// | Maccor | `Test (Sec)` | +\|`Amps`\| on `D` rows, −\|`Amps`\| on `C` rows, −`Amps` otherwise |
/// | Neware | `Cumulative Time` (`h:mm:ss`, hours > 24), else accumulated step `Time` | +\|I\| in `…DChg` steps, −\|I\| in `…Chg` steps |
/// | BioLogic | `time/s` | −`I/mA` × 10⁻³ (oxidation at the working electrode is > 0), or a constant given by the caller |
/// | DOE time series | `Time_s` | −`Current_A` |
/// | generic | the mapped column and unit | negated unless the mapping says the file's discharge is > 0 |
public struct CyclerSeries: Sendable, Equatable {
    /// Test time, s.
    public var time_s: [Double]
    /// Current, A, positive on discharge.
    public var current_A: [Double]
    /// Cell voltage, V.
    public var voltage_V: [Double]
    public var cycle: [Int]
    public var step: [Int]
    /// Temperature, °C; nil when the file has no temperature column, NaN in rows where the cell is empty/NaN.
    public var temperature_C: [Double]?
    /// The file's own charge and discharge capacity counters, Ah, as written (they reset at steps or cycles,
    /// depending on the cycler); nil when the file has none, NaN where a cell is missing.
    public var chargeCounter_Ah: [Double]?
    public var dischargeCounter_Ah: [Double]?
    /// 1-based line of each row in the file (for messages).
    public var line: [Int]

    public var count: Int { time_s.count }

    public init(time_s: [Double], current_A: [Double], voltage_V: [Double], cycle: [Int], step: [Int],
                temperature_C: [Double]? = nil, chargeCounter_Ah: [Double]? = nil, dischargeCounter_Ah: [Double]? = nil,
                line: [Int]) {
        self.time_s = time_s
        self.current_A = current_A
        self.voltage_V = voltage_V
        self.cycle = cycle
        self.step = step
        self.temperature_C = temperature_C
        self.chargeCounter_Ah = chargeCounter_Ah
        self.dischargeCounter_Ah = dischargeCounter_Ah
        self.line = line
    }
}

/// A data row a reader left out, and why.
public struct SkippedRow: Sendable, Equatable {
    /// 1-based line in the file.
    public var line: Int
    public var reason: String
}

/// Where a record came from and how it was read.
public struct CyclerMetadata: Sendable, Equatable {
    /// The format the file was read as (never `.auto`).
    public var format: CyclerFormat
    public var sourcePath: String
    /// Nominal capacity, Ah, when known (given by the caller; no format here stores it).
    public var nominalCapacity_Ah: Double?
    /// Free text the file carries before its column names (Maccor's first line), if any.
    public var headerText: String?
    /// When the test started, as the file writes it (ISO 8601 for Arbin epoch seconds).
    public var startDate: String?
    /// Data rows in the file (before any was skipped); for a capacity matrix, the cycle columns of the cell's row.
    public var dataRowCount: Int
    /// Rows left out of ``CyclerData/series`` (an isolated time glitch, EIS rows of a cycling file).
    public var skippedRows: [SkippedRow]
    /// How the reader converted signs, units and counters, and any reset it handled.
    public var notes: [String]

    public init(format: CyclerFormat, sourcePath: String, nominalCapacity_Ah: Double? = nil, headerText: String? = nil,
                startDate: String? = nil, dataRowCount: Int = 0, skippedRows: [SkippedRow] = [], notes: [String] = []) {
        self.format = format
        self.sourcePath = sourcePath
        self.nominalCapacity_Ah = nominalCapacity_Ah
        self.headerText = headerText
        self.startDate = startDate
        self.dataRowCount = dataRowCount
        self.skippedRows = skippedRows
        self.notes = notes
    }
}

/// One cell's measured data from any cycler file: the time series (when the file has one), per-cycle summaries
/// and metadata.
///
/// For a time series the summaries are computed from it, the same way for every format
/// (``MeasuredCycle/summaries(of:)``); for a per-cycle file (summary CSV, capacity matrix) they are the file's values.
public struct CyclerData: Sendable, Equatable {
    public var metadata: CyclerMetadata
    /// nil for per-cycle files.
    public var series: CyclerSeries?
    /// One entry per cycle index, in order.
    public var cycles: [MeasuredCycle]

    public init(metadata: CyclerMetadata, series: CyclerSeries?, cycles: [MeasuredCycle]) {
        self.metadata = metadata
        self.series = series
        self.cycles = cycles
    }

    /// A record of a time series with its summaries computed from it.
    public init(metadata: CyclerMetadata, series: CyclerSeries) {
        self.init(metadata: metadata, series: series, cycles: MeasuredCycle.summaries(of: series))
    }

    /// The summary of cycle `index`, if the file has it.
    public func cycle(_ index: Int) -> MeasuredCycle? { cycles.first { $0.cycle == index } }

    /// Discharge capacity per cycle, Ah (cycles without one are left out).
    public var dischargeCapacities_Ah: [(cycle: Int, capacity_Ah: Double)] {
        cycles.compactMap { c in c.dischargeCapacity_Ah.map { (c.cycle, $0) } }
    }
}
