import Foundation

/// `celltwin sweep`, `compare` and `merge`: a study's files (CSV, JSON and charts), CSV, JSON and table.
public struct StudyReport: Report {
    public let studyFiles: [ReportFile]
    public let csvText: String
    public let jsonText: String
    public let tableText: String

    public init(files: [ReportFile], csv: String, json: String, table: String) {
        studyFiles = files
        csvText = csv
        jsonText = json
        tableText = table
    }

    /// A whole sweep: sweep.csv, sweep.json and the charts of its metrics.
    public init(sweep table: SweepResultTable) throws {
        let csv = SweepTable.csv(table.records, axes: table.axes)
        let json = try SweepTable.json(table.records, axes: table.axes)
        let charts = SweepCharts.charts(table, metrics: table.metrics).map { ReportFile($0.name, $0.svg) }
        self.init(files: [ReportFile("sweep.csv", csv), ReportFile("sweep.json", json)] + charts, csv: csv, json: json,
                  table: SweepTable.table(table.records, axes: table.axes, context: table.context))
    }

    /// One shard of a sweep: its partial CSV (the only file), and the JSON of its points.
    public init(shard part: SweepPart, records: [SweepRecord], axes: [SweepVariable], context: SweepContext) throws {
        let csv = SweepTable.partialCSV(records, axes: axes, part: part)
        self.init(files: [ReportFile("sweep-shard-\(part.shard.index)-of-\(part.shard.count).csv", csv)], csv: csv,
                  json: try SweepTable.json(records, axes: axes, includePoint: true),
                  table: SweepTable.table(records, axes: axes, context: context))
    }

    /// `compare`: compare.csv, compare.json and the comparison charts.
    public init(compare table: SweepResultTable) throws {
        let csv = SweepTable.csv(table.records, axes: table.axes)
        let json = try SweepTable.json(table.records, axes: table.axes)
        self.init(files: [ReportFile("compare.csv", csv), ReportFile("compare.json", json)]
                    + CompareReport.charts(table).map { ReportFile($0.name, $0.svg) },
                  csv: csv, json: json, table: CompareReport.table(table))
    }

    public func files() -> [ReportFile] { studyFiles }
    public func table() -> String { tableText }
    public func csv() -> String { csvText }
    public func json() -> String { jsonText }
}
