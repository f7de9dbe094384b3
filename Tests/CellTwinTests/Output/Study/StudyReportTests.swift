import Foundation
import Testing
@testable import CellTwin

/// A study's report: a sweep writes sweep.csv and sweep.json first (then its charts), prints the same CSV and JSON it
/// writes, and a point outside the electrolyte's range is a row that says so. CMP-VAMMT is defined up to 80 °C, so a
/// grid at 100 and 120 °C runs nothing.
@Suite struct StudyReportTests {
    @Test func aSweepsFilesAndRows() throws {
        var settings = SweepSettings()
        settings.cycles = 10
        let spec = try SweepSpec(values: [.electrolyte: [.text("CMP-VAMMT")], .cathode: [.text("LFP")],
                                          .temperature: [.number(100), .number(120)], .cRate: [.number(0.5)]], settings: settings)
        let records = try SweepRunner(spec: spec, library: Fixtures.models).run(workers: 1)
        #expect(records.allSatisfy { $0.end == .outsideRange })
        let report = try StudyReport(sweep: SweepResultTable(axes: spec.axes, records: records, context: spec.context))
        let files = report.files()
        #expect(Array(files.map(\.name).prefix(2)) == ["sweep.csv", "sweep.json"])
        #expect(files[0].contents == report.csv() && files[1].contents == report.json())
        let rows = report.csv().split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rows.count == 1 + 2, "\(report.csv())")
        #expect(rows.dropFirst().allSatisfy { $0.contains(SweepEnd.outsideRange.description) })
        // The plain initializer shows what it is given.
        let given = StudyReport(files: [ReportFile("a.csv", "x")], csv: "c", json: "j", table: "t")
        #expect(given.files().map(\.name) == ["a.csv"] && given.csv() == "c" && given.json() == "j" && given.table() == "t")
    }
}
