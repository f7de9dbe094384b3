import Foundation

/// A capacity-vs-cycle history of one real cell in a fit set-up (`[[history]]`):
///
/// ```toml
/// [[history]]
/// file = "../external/attia-clo-lfp/Qn.csv"   # any supported cycler file or a capacity matrix; relative to fit.toml
/// cell = 3                                    # row of a capacity matrix (0-based; required for a matrix)
/// first = 100                                 # only the first N cycles with data (optional)
/// every = 10                                  # one point per N cycles (optional, default 1)
/// reference_cycles = 1                        # retention is relative to the mean of the first N cycles (default 1)
/// source = "attia2020"                        # study tag of the rows (optional; default: the file name)
/// temperature_C = { value = 30, source = "attia2020: 30 °C chamber" }   # the test the model simulates
/// c_rate = { value = 1, source = "assumed: …" }                        # discharge C-rate (charge as FitModel)
/// cathode = { value = "LFP", source = "attia2020: LFP/graphite" }      # optional: else [assumptions] cathode
/// cycles = "regular"                          # which cycles: "regular" (default) or "all" (``CycleClassifier``)
/// exclude = [1, 2]                            # cycle indexes of the file left out (optional)
/// ```
///
/// Only the cycles `cycles` keeps are read (`celltwin inspect FILE` shows each cycle's type); an incomplete last
/// cycle (the test stopped in it) is always left out; what was left out is noted on the first row. Each used cycle n (counted among the
/// kept cycles from the first with data, n = 1) becomes a `cycling_retention` row, retention Q(n)/Q_ref, fitted by
/// the lifetime simulator like any measured retention.
public struct HistorySource: Sendable {
    /// Absolute path of the cycler file.
    public var file: String
    /// `history[i]` in the fit file, for messages.
    public var label: String
    public var cell: Int?
    public var first: Int?
    public var every: Int
    public var referenceCycles: Int
    public var source: String?
    /// °C.
    public var temperature_C: Double
    /// Discharge C-rate of the simulated test.
    public var cRate: Double
    public var cathodeID: String?
    /// The conditions with their sources.
    public var assumptions: [FitAssumption]
    /// Which cycles are read (`cycles`, `exclude`).
    public var selection: CycleSelection = CycleSelection()

    public init(file: String, label: String = "history", cell: Int? = nil, first: Int? = nil, every: Int = 1,
                referenceCycles: Int = 1, source: String? = nil, temperature_C: Double, cRate: Double,
                cathodeID: String? = nil, assumptions: [FitAssumption] = []) {
        self.file = file
        self.label = label
        self.cell = cell
        self.first = first
        self.every = every
        self.referenceCycles = referenceCycles
        self.source = source
        self.temperature_C = temperature_C
        self.cRate = cRate
        self.cathodeID = cathodeID
        self.assumptions = assumptions
    }

    static let keys: Set<String> = ["file", "cell", "first", "every", "reference_cycles", "source", "temperature_C", "c_rate",
                                    "cathode", "cycles", "exclude"]

    /// Reads one `[[history]]` table; `directory` is the fit file's folder.
    static func load(_ s: Section, label: String, directory: URL) throws -> HistorySource {
        try s.rejectUnknownKeys(keys)
        let path = try dataFile(s, directory: directory)
        var assumptions: [FitAssumption] = []
        let temperature = try Self.condition(s, "temperature_C", .closed(0...150), label: label, into: &assumptions)
        let rate = try Self.condition(s, "c_rate", .closed(1e-3...20), label: label, into: &assumptions)
        let cathode = try Self.cathode(s, label: label, into: &assumptions)
        var h = HistorySource(file: path, label: label, cell: try s.optionalInt("cell", min: 0),
                              first: try s.optionalInt("first", min: 2), every: try s.optionalInt("every", min: 1) ?? 1,
                              referenceCycles: try s.optionalInt("reference_cycles", min: 1) ?? 1,
                              source: try s.optionalString("source"), temperature_C: temperature, cRate: rate,
                              cathodeID: cathode, assumptions: assumptions)
        h.selection = try selection(s)
        return h
    }

    /// `cycles = "regular" | "all"` and `exclude = [cycle, …]` (whole cycle indexes of the file).
    static func selection(_ s: Section) throws -> CycleSelection {
        var out = CycleSelection()
        if let mode = try s.optionalString("cycles") {
            guard let regular = CycleSelection.mode(mode) else {
                throw s.error("cycles", "'\(mode)' is not a cycle selection: write \"regular\" (the cycles classified regular) or \"all\"")
            }
            out.regularOnly = regular
        }
        if s.has("exclude") {
            let values = try s.numberArray("exclude")
            for (i, x) in values.enumerated() {
                guard x.isFinite, x == x.rounded(), abs(x) < 1e9 else {
                    throw s.error("exclude", "item \(i + 1) (\(x)) is not a cycle index (a whole number)")
                }
                out.exclude.insert(Int(x))
            }
        }
        return out
    }
}

extension HistorySource {
    /// A labelled test condition `key = { value = x, source = "…" }` of a data-source table (`[[history]]`,
    /// `[[curve]]`), recorded in `assumptions` as `<label>.<key>`.
    static func condition(_ s: Section, _ key: String, _ domain: Section.Domain, label: String,
                          into assumptions: inout [FitAssumption]) throws -> Double {
        guard let t = s.table[key]?.table, let src = t["source"]?.string,
              !src.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw s.error(key, "write { value = …, source = \"…\" }: every test condition is labelled with its source")
        }
        let x = try s.number(key, domain)
        assumptions.append(FitAssumption(name: "\(label).\(key)", text: String(format: "%g", x), source: src))
        return x
    }

    /// The optional labelled cathode `cathode = { value = "LFP", source = "…" }` of a data-source table.
    static func cathode(_ s: Section, label: String, into assumptions: inout [FitAssumption]) throws -> String? {
        guard s.has("cathode") else { return nil }
        guard let t = s.table["cathode"]?.table, let v = t["value"]?.string, let src = t["source"]?.string,
              !src.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw s.error("cathode", "write { value = \"LFP\", source = \"…\" }")
        }
        assumptions.append(FitAssumption(name: "\(label).cathode", text: v, source: src))
        return v
    }

    /// The absolute path of a data file named relative to the fit file's folder; a missing file names the key.
    static func dataFile(_ s: Section, directory: URL) throws -> String {
        let name = try s.string("file")
        let path = name.hasPrefix("/") ? name : directory.appendingPathComponent(name).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw s.error("file", "data file '\(name)' not found (paths are relative to the fit file)")
        }
        return path
    }
}

/// Turns a cell's measured discharge capacities into `cycling_retention` measurement rows.
public enum CyclerHistory {
    /// The cell's data: a capacity matrix row (`cell` required) or any cycler file.
    public static func read(_ h: HistorySource, fitFile: String) throws -> CyclerData {
        if case .capacityMatrix = try CyclerFile.detect(path: h.file) {
            guard let cell = h.cell else {
                throw InputError(file: fitFile, key: "\(h.label).cell",
                                 message: "'\((h.file as NSString).lastPathComponent)' is a capacity matrix: name its row with cell = <0-based row>")
            }
            return try CapacityMatrix(path: h.file).data(cell: cell)
        }
        return try CyclerFile.read(path: h.file, options: CyclerReadOptions(cell: h.cell))
    }

    /// The retention rows of `h` (see ``HistorySource``) for `electrolyteID`.
    public static func rows(_ h: HistorySource, electrolyteID: String, fitFile: String) throws -> [MeasurementRow] {
        try rows(h, data: read(h, fitFile: fitFile), electrolyteID: electrolyteID, fitFile: fitFile)
    }

    /// The retention rows of already-read data.
    public static func rows(_ h: HistorySource, data: CyclerData, electrolyteID: String, fitFile: String) throws -> [MeasurementRow] {
        try selectedRows(h, data: data, electrolyteID: electrolyteID, fitFile: fitFile).rows
    }

    /// The retention rows of already-read data, with notes on the cycles left out (types, an incomplete last cycle).
    public static func selectedRows(_ h: HistorySource, data: CyclerData, electrolyteID: String,
                                    fitFile: String) throws -> (rows: [MeasurementRow], notes: [String]) {
        let (selected, notes) = data.selectCycles(h.selection)
        var cycles = selected.filter { c in c.dischargeCapacity_Ah.map { $0.isFinite && $0 > 0 } ?? false }
        guard let start = cycles.first?.cycle else {
            throw InputError(file: h.file, key: "discharge capacity", message: "no cycle with a positive discharge capacity"
                             + (notes.isEmpty ? "" : " among those kept (" + notes.joined(separator: "; ") + "; see cycles = \"all\")"))
        }
        if let first = h.first { cycles = cycles.filter { $0.cycle - start < first } }
        guard cycles.count > h.referenceCycles else {
            throw InputError(file: fitFile, key: "\(h.label).first",
                             message: "\(cycles.count) cycles with data: more than reference_cycles = \(h.referenceCycles) are needed")
        }
        let reference_Ah = cycles.prefix(h.referenceCycles).map { $0.dischargeCapacity_Ah! }.reduce(0, +) / Double(h.referenceCycles)
        let name = (h.file as NSString).lastPathComponent
        let source = h.source ?? ((name as NSString).deletingPathExtension)
        var rows: [MeasurementRow] = []
        for c in cycles {
            let n = c.cycle - start + 1
            guard n >= 2, n % h.every == 0 || h.every == 1 else { continue }
            let q = c.dischargeCapacity_Ah!
            let r = q / reference_Ah
            rows.append(MeasurementRow(
                file: h.file, line: line(of: c, in: data, cell: h.cell), source: source, electrolyte: electrolyteID,
                kind: "cycling_retention", cathode: h.cathodeID, temperature_C: h.temperature_C, cRate: h.cRate,
                current_mA_cm2: nil, arealCapacity_mAh_cm2: nil, cycle: n, time_h: nil, quantity: "retention",
                valueText: "\(r)", value: r, unit: "fraction", qualifier: "=",
                note: String(format: "%@cycle %d of the file: %.5g Ah / %.5g Ah (mean of the first %d)",
                             h.cell.map { "cell \($0), " } ?? "", c.cycle, q, reference_Ah, h.referenceCycles)))
        }
        guard !rows.isEmpty else {
            throw InputError(file: fitFile, key: "\(h.label).every", message: "no cycle left to fit (every = \(h.every), \(cycles.count) cycles)")
        }
        if !notes.isEmpty { rows[0].note += "; left out of the history: " + notes.joined(separator: "; ") }
        return (rows, notes)
    }

    /// The file line of a cycle: its last data row for a time series, the cell's row for a capacity matrix, else 0
    /// (per-cycle summaries keep no line; the row's cycle names it).
    static func line(of c: MeasuredCycle, in data: CyclerData, cell: Int?) -> Int {
        if let rows = c.rows, let s = data.series, rows.upperBound - 1 < s.line.count, !rows.isEmpty { return s.line[rows.upperBound - 1] }
        if case .capacityMatrix = data.metadata.format, let cell { return cell + 1 }
        return 0
    }
}
