import Foundation

/// `celltwin calibrate`: report.md, fit.json and the charts of a fit; the table (also for CSV, which a fit does
/// not have) or the JSON.
public struct CalibrationRunReport: Report {
    public let result: CalibrationResult

    public init(_ result: CalibrationResult) { self.result = result }

    public func files() throws -> [ReportFile] {
        [ReportFile("report.md", CalibrationReport.markdown(result)), ReportFile("fit.json", try json())]
            + CalibrationReport.charts(result).map { ReportFile($0.0, $0.1) }
    }

    public func table() -> String { CalibrationReport.table(result) }
    public func csv() -> String { table() }
    public func json() throws -> String { try CalibrationReport.json(result) }
    public var tableNamesOutputFolder: Bool { false }
}
