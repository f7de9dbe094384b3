import Foundation

/// What CellTwin reads from a cycler file, before any fit: the format detected, the columns with their units, and
/// every cycle with its type (``CycleClassifier``), capacities and coulombic efficiency (`celltwin inspect`).
public struct CyclerInspection: Codable, Sendable, Equatable {
    public struct Column: Codable, Sendable, Equatable {
        /// As written in the file.
        public var name: String
        /// The unit the name carries (`Current(A)`, `Time_s`), if any.
        public var unit: String?
    }

    public struct Cycle: Codable, Sendable, Equatable {
        public var cycle: Int
        public var type: CycleType
        /// The file's own label, if any.
        public var label: String?
        public var charge_Ah: Double?
        public var discharge_Ah: Double?
        public var coulombic_efficiency: Double?
        public var duration_h: Double?
        /// The rule that gave the type.
        public var reason: String
    }

    public var file: String
    public var format: String
    /// The column names of the header line (empty for a headerless capacity matrix).
    public var columns: [Column]
    public var data_rows: Int
    public var skipped_rows: Int
    /// How the reader converted signs, units and counters.
    public var notes: [String]
    public var cycles: [Cycle]

    /// Reads and classifies the file at `path` (`cell`: the row of a capacity matrix, default 0).
    public init(path: String, format: CyclerFormat = .auto, cell: Int? = nil) throws {
        let bytes = try DelimitedText.contents(path: path)
        var resolved = format
        if case .auto = format { resolved = try CyclerFile.detect(path: path) }
        var options = CyclerReadOptions()
        if case .capacityMatrix = resolved { options.cell = cell ?? 0 }
        let data = try CyclerFile.read(path: path, format: resolved, options: options)
        self.init(data: data, columns: Self.columns(bytes: bytes, path: path, format: data.metadata.format))
    }

    /// The inspection of already-read data.
    public init(data: CyclerData, columns: [Column] = []) {
        file = data.metadata.sourcePath
        format = data.metadata.format.name
        self.columns = columns
        data_rows = data.metadata.dataRowCount
        skipped_rows = data.metadata.skippedRows.count
        notes = data.metadata.notes
        cycles = zip(data.cycles, data.cycleClasses).map { c, k in
            Cycle(cycle: c.cycle, type: k.type, label: c.label, charge_Ah: c.chargeCapacity_Ah, discharge_Ah: c.dischargeCapacity_Ah,
                  coulombic_efficiency: c.coulombicEfficiency, duration_h: c.duration_s.map { $0 / 3600 }, reason: k.reason)
        }
    }

    /// Column names of the header line: the `.mpr` data columns, Maccor's `Rec#` line, BioLogic's line after its
    /// header block, or the first non-blank line; none for a capacity matrix.
    static func columns(bytes: Data, path: String, format: CyclerFormat) -> [Column] {
        if BioLogicMPR.isMPR(bytes) {
            return ((try? BioLogicMPR(data: bytes, path: path))?.columns ?? []).map(column)
        }
        if case .capacityMatrix = format { return [] }
        let text = DelimitedText.decode(bytes.prefix(65_536))
        let lines = DelimitedText.lines(text)
        var index: Int?
        switch format {
        case .maccor: index = MaccorReader.headerLine(text).map { $0 - 1 }
        case .bioLogic:
            index = lines.count > 1 ? BioLogicText.headerLineCount(lines[1]).map { $0 - 1 } ?? 0 : 0
        default: index = lines.firstIndex { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        guard let i = index, lines.indices.contains(i) else { return [] }
        let line = lines[i]
        let delimiter: Character = line.contains("\t") ? "\t" : line.contains(",") ? "," : ";"
        return line.split(separator: delimiter).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { Column(name: $0, unit: CyclerUnit.split(columnName: $0).unit?.rawValue) }
    }

    static func column(_ c: BioLogicMPR.Column) -> Column {
        Column(name: c.name, unit: CyclerUnit.split(columnName: c.name).unit?.rawValue)
    }

    /// Cycles per type, in the order of ``CycleType/allCases``: "23 regular, 1 incomplete".
    public var typeSummary: String {
        CycleType.allCases.compactMap { t in
            let n = cycles.filter { $0.type == t }.count
            return n > 0 ? "\(n) \(t.rawValue)" : nil
        }.joined(separator: ", ")
    }

    /// The report for a reader: header, columns, notes and the cycle table.
    public func table() -> String {
        func n(_ x: Double?, _ f: String) -> String { x.map { String(format: f, $0) } ?? "–" }
        var out = "file: \(file)\nformat: \(format) (\(data_rows) data rows, \(skipped_rows) left out)\n"
        if !columns.isEmpty {
            out += "columns: " + columns.map { c in c.unit.map { "\(c.name) [\($0)]" } ?? c.name }.joined(separator: ", ") + "\n"
        }
        for note in notes { out += "note: \(note)\n" }
        out += "cycle  type              charge Ah  discharge Ah  CE        hours   why\n"
        func pad(_ t: String, _ w: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, w - t.count))
            return left ? t + fill : fill + t
        }
        for c in cycles {
            out += pad("\(c.cycle)", 5) + "  " + pad(c.type.rawValue, 16, left: true) + "  " + pad(n(c.charge_Ah, "%.5f"), 9)
                + "  " + pad(n(c.discharge_Ah, "%.5f"), 12) + "  " + pad(n(c.coulombic_efficiency, "%.5f"), 8, left: true)
                + "  " + pad(n(c.duration_h, "%.2f"), 6) + "  " + c.reason + "\n"
        }
        out += "cycles: \(cycles.count) (\(typeSummary))\n"
        return out
    }

    /// One row per cycle.
    public func csv() -> String {
        func n(_ x: Double?) -> String { x.map { String(format: "%.8g", $0) } ?? "" }
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var out = "cycle,type,label,charge_Ah,discharge_Ah,coulombic_efficiency,duration_h,reason\n"
        for c in cycles {
            out += "\(c.cycle),\(c.type.rawValue),\(q(c.label ?? "")),\(n(c.charge_Ah)),\(n(c.discharge_Ah)),"
                + "\(n(c.coulombic_efficiency)),\(n(c.duration_h)),\(q(c.reason))\n"
        }
        return out
    }

    /// Discharge capacity against cycle, one marker series per cycle type.
    public func chart() -> LineChart {
        let series = CycleType.allCases.compactMap { t -> ChartSeries? in
            let c = cycles.filter { $0.type == t && $0.discharge_Ah != nil }
            guard !c.isEmpty else { return nil }
            return ChartSeries(name: t.rawValue, x: c.map { Double($0.cycle) }, y: c.map { $0.discharge_Ah! }, style: .markers)
        }
        return LineChart(title: "Discharge capacity: \((file as NSString).lastPathComponent)", xLabel: "cycle",
                         yLabel: "discharge capacity (Ah)", series: series)
    }
}
