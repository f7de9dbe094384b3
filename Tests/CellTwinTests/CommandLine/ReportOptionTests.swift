import ArgumentParser
import CellTwin
import Foundation
import Testing
@testable import CellTwinCLI

/// `--report FILE`: a file name is required, and the report is built only when asked for.
@Suite struct ReportOptionTests {
    @Test func aFolderOrAnEmptyNameIsRefused() {
        for bad in ["", "out/"] {
            do {
                _ = try ReportOption.parse(["--report", bad])
                Issue.record("--report '\(bad)' was accepted")
            } catch {
                #expect(ReportOption.message(for: error) == "--report needs a file name, e.g. report.html")
            }
        }
    }

    @Test func theReportIsBuiltOnlyWhenAskedFor() throws {
        var built = 0
        try ReportOption.parse([]).write { built += 1; throw RunFailure("must not be built") }
        #expect(built == 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-option-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("r.html").path
        let option = try ReportOption.parse(["--report", path])
        #expect(option.path == path)
        try option.write { built += 1; return HTMLReport(title: "Report title", inputs: [], sections: []) }
        #expect(built == 1)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("Report title"))
    }
}
