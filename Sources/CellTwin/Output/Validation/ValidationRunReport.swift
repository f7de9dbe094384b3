import Foundation

/// `celltwin validate`: validation.md, validation.json and parity.svg; the comparison as table, CSV or JSON.
public struct ValidationRunReport: Report {
    public let result: ValidationResult

    public init(_ result: ValidationResult) { self.result = result }

    public func files() throws -> [ReportFile] {
        [ReportFile("validation.md", ValidationReport.markdown(result)), ReportFile("validation.json", try json()),
         ReportFile("parity.svg", ValidationReport.parityChart(result))]
    }

    public func table() -> String { ValidationReport.table(result) }
    public func csv() -> String { ValidationReport.csv(result) }
    public func json() throws -> String { try ValidationReport.json(result) }
}
