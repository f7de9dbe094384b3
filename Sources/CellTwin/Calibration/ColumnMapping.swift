import Foundation

/// Which columns of a generic delimited file (CSV, TSV, semicolon) hold what, and in which units — given by the
/// caller, for example from a fit set-up.
///
/// Two kinds of file:
/// - a **time series** (``time`` set): ``time``, ``current`` and ``voltage`` are required; ``cycle``, ``step``,
///   ``temperature`` and the capacity counters are optional;
/// - a **per-cycle summary** (``time`` nil): ``cycle`` and at least one of ``chargeCapacity`` /
///   ``dischargeCapacity`` are required; energies and ``label`` are optional.
///
/// Column names match exactly first, then ignoring case, spaces and `_`. A column's unit is the one given here,
/// else the one written in its name (`I/mA`, `Current(A)`, `Time_s`), else the record's unit (s, A, V, Ah, Wh, °C).
public struct ColumnMapping: Sendable, Equatable {
    /// A column name and, optionally, its unit.
    public struct Column: Sendable, Equatable {
        public var name: String
        public var unit: CyclerUnit?

        public init(_ name: String, unit: CyclerUnit? = nil) {
            self.name = name
            self.unit = unit
        }
    }

    /// The sign the file gives a charging current.
    public enum CurrentSign: String, Sendable, Equatable {
        /// Charge current > 0 (Arbin, Maccor, Neware, BioLogic with the cathode as working electrode): negated on reading.
        case positiveOnCharge
        /// Discharge current > 0 (CellTwin's own convention): kept.
        case positiveOnDischarge
    }

    public var time: Column?
    public var current: Column?
    public var voltage: Column?
    public var cycle: String?
    public var step: String?
    public var temperature: Column?
    /// The file's charge / discharge capacity: counters in a time series (reset at steps or cycles allowed), or the
    /// per-cycle values of a summary.
    public var chargeCapacity: Column?
    public var dischargeCapacity: Column?
    /// Per-cycle energies (summaries only).
    public var chargeEnergy: Column?
    public var dischargeEnergy: Column?
    /// A text column labelling each cycle (summaries only).
    public var label: String?
    public var currentSign: CurrentSign
    /// 1-based line of the column names (nil: the first non-blank line).
    public var headerLine: Int?

    public init(time: Column? = nil, current: Column? = nil, voltage: Column? = nil, cycle: String? = nil,
                step: String? = nil, temperature: Column? = nil, chargeCapacity: Column? = nil,
                dischargeCapacity: Column? = nil, chargeEnergy: Column? = nil, dischargeEnergy: Column? = nil,
                label: String? = nil, currentSign: CurrentSign = .positiveOnCharge, headerLine: Int? = nil) {
        self.time = time
        self.current = current
        self.voltage = voltage
        self.cycle = cycle
        self.step = step
        self.temperature = temperature
        self.chargeCapacity = chargeCapacity
        self.dischargeCapacity = dischargeCapacity
        self.chargeEnergy = chargeEnergy
        self.dischargeEnergy = dischargeEnergy
        self.label = label
        self.currentSign = currentSign
        self.headerLine = headerLine
    }

    /// Whether the mapping describes a time series (else a per-cycle summary).
    public var isTimeSeries: Bool { time != nil }
}
