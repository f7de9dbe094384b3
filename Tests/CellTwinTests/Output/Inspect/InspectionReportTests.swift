import Foundation
import Testing
@testable import CellTwin

/// `celltwin inspect`'s report on the DOE Battery Data Hub summary of cell p492-13: the per-cycle CSV with one row per
/// data row of the file (267), the capacity chart named after the file, both written and printed alike.
@Suite struct InspectionReportTests {
    @Test func theCSVAndTheChartOfACyclerFile() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("Calibration/external/battery-data-toolkit/p492-13-summary.csv").path
        let dataRows = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count - 1
        let report = InspectionReport(try CyclerInspection(path: path, cell: nil))
        #expect(report.files().map(\.name) == ["cycles.csv", "capacity.svg"])
        #expect(report.files()[0].contents == report.csv())
        let rows = report.csv().split(separator: "\n")
        #expect(rows.count == 1 + dataRows && dataRows == 267)
        #expect(rows[0] == "cycle,type,label,charge_Ah,discharge_Ah,coulombic_efficiency,duration_h,reason")
        #expect(try #require(ParsedSVG(report.files()[1].contents)).text.contains("Discharge capacity: p492-13-summary.csv"))
        #expect(try report.json().contains("\"DOE Battery Data Hub cycle summary\""))
    }
}
