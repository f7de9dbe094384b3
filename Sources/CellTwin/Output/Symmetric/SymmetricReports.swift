import Foundation

/// `celltwin symmetric`: galvanostatic plating/stripping with its overpotential checkpoints.
public struct PlatingStrippingReport: Report {
    public let result: PlatingStrippingResult
    /// The checkpoints printed: `--checkpoints`, else 20 in the table and 100 in CSV and JSON (the file result.json
    /// always has 100).
    public let tableRecord: PlatingStrippingRecord
    public let record: PlatingStrippingRecord
    public let title: String

    public init(_ result: PlatingStrippingResult, checkpoints: Int?, title: String) {
        self.result = result
        tableRecord = PlatingStrippingRecord(result, checkpoints: checkpoints ?? 20)
        record = PlatingStrippingRecord(result, checkpoints: checkpoints ?? 100)
        self.title = title
    }

    public func files() throws -> [ReportFile] {
        [ReportFile("result.json", try SolutionReport.json(PlatingStrippingRecord(result, checkpoints: 100))),
         ReportFile("half_cycles.csv", SymmetricReport.halfCyclesCSV(result.halfCycles)),
         ReportFile("trace.csv", SymmetricReport.traceCSV(result.trace)),
         ReportFile("voltage.svg", SymmetricReport.voltageChart(result.trace, title: title))]
    }

    public func table() -> String { SymmetricReport.table(tableRecord) }
    public func csv() -> String { SymmetricReport.overpotentialCSV(record) }
    public func json() throws -> String { try SolutionReport.json(record) }
}

/// `celltwin polarize`: the Bruce–Vincent experiment.
public struct BruceVincentReport: Report {
    public let result: BruceVincentResult
    public let record: BruceVincentRecord
    public let title: String

    public init(_ result: BruceVincentResult, title: String) {
        self.result = result
        record = BruceVincentRecord(result)
        self.title = title
    }

    public func files() throws -> [ReportFile] {
        [ReportFile("result.json", try json()),
         ReportFile("trace.csv", SymmetricReport.currentTraceCSV(result.trace, electrodeArea_m2: result.electrodeArea_m2)),
         ReportFile("current.svg", SymmetricReport.currentChart(result.trace, electrodeArea_m2: result.electrodeArea_m2, title: title))]
    }

    public func table() -> String { SymmetricReport.table(record) }
    public func csv() -> String { SymmetricReport.bruceVincentCSV(record) }
    public func json() throws -> String { try SolutionReport.json(record) }
}

/// `celltwin ccd`: the critical-current-density step test.
public struct CriticalCurrentReport: Report {
    public let result: CriticalCurrentResult
    public let record: CriticalCurrentRecord
    public let title: String

    public init(_ result: CriticalCurrentResult, title: String) {
        self.result = result
        record = CriticalCurrentRecord(result)
        self.title = title
    }

    public func files() throws -> [ReportFile] {
        [ReportFile("result.json", try json()),
         ReportFile("steps.csv", SymmetricReport.criticalCurrentCSV(record)),
         ReportFile("half_cycles.csv", SymmetricReport.halfCyclesCSV(result.halfCycles)),
         ReportFile("trace.csv", SymmetricReport.traceCSV(result.trace)),
         ReportFile("voltage.svg", SymmetricReport.voltageChart(result.trace, title: title))]
    }

    public func table() -> String { SymmetricReport.table(record) }
    public func csv() -> String { SymmetricReport.criticalCurrentCSV(record) }
    public func json() throws -> String { try SolutionReport.json(record) }
}
