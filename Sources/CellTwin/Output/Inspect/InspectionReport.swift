import Foundation

/// `celltwin inspect`: what is read from a cycler file; cycles.csv and capacity.svg.
public struct InspectionReport: Report {
    public let inspection: CyclerInspection

    public init(_ inspection: CyclerInspection) { self.inspection = inspection }

    public func files() -> [ReportFile] {
        [ReportFile("cycles.csv", inspection.csv()), ReportFile("capacity.svg", inspection.chart().svg())]
    }

    public func table() -> String { inspection.table() }
    public func csv() -> String { inspection.csv() }
    public func json() throws -> String { try SolutionReport.json(inspection) }
}
