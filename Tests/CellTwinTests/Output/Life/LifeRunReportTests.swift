import Foundation
import Testing
@testable import CellTwin

/// `celltwin life`'s report: its CSV and JSON first, then its charts; the CSV and JSON on standard output are the
/// record's own.
@Suite struct LifeRunReportTests {
    @Test func filesAndOutputs() throws {
        let r = try LifeReportTests.record()
        let report = LifeRunReport(r)
        let files = try report.files()
        #expect(Array(files.map(\.name).prefix(2)) == ["life.csv", "life.json"])
        #expect(files.map(\.name).contains("life-capacity.svg") && files.allSatisfy { !$0.contents.isEmpty })
        #expect(files[0].contents == report.csv() && report.csv() == LifeReport.csv(r))
        #expect(try files[1].contents == report.json())
        #expect(!report.tableNamesOutputFolder)
    }
}
