import Foundation

/// `celltwin life`: a lifetime run to its threshold (with its band when one was asked for).
public struct LifeRunReport: Report {
    public let record: LifeRecord

    public init(_ record: LifeRecord) { self.record = record }

    public func files() throws -> [ReportFile] {
        [ReportFile("life.csv", LifeReport.csv(record)), ReportFile("life.json", try json())]
            + LifeReport.charts(record).map { ReportFile($0.0, $0.1) }
    }

    public func table() -> String { LifeReport.table(record) }
    public func csv() -> String { LifeReport.csv(record) }
    public func json() throws -> String { try SolutionReport.json(record) }
    public var tableNamesOutputFolder: Bool { false }
}
