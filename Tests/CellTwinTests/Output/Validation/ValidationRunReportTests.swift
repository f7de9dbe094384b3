import Foundation
import Testing
@testable import CellTwin

/// `celltwin validate`'s report: validation.md, validation.json and parity.svg in that order, the JSON written is the
/// JSON printed, and the CSV has its header even with no rows.
@Suite struct ValidationRunReportTests {
    @Test func filesInOrderAndOutputsAlike() throws {
        let report = ValidationRunReport(ValidationResult(rows: [], electrolytes: ["CPCSE"], dataFile: "seed.csv", elapsed_s: 1.5))
        let files = try report.files()
        #expect(files.map(\.name) == ["validation.md", "validation.json", "parity.svg"])
        #expect(try files[1].contents == report.json())
        let json = try JSONSerialization.jsonObject(with: Data(try report.json().utf8))
        #expect(json is [String: Any])
        #expect(report.csv().hasPrefix("electrolyte,source,location,kind,quantity,conditions,qualifier,measured,predicted,unit,"))
        #expect(try #require(ParsedSVG(files[2].contents)).elements(named: "svg").count == 1)
    }
}
