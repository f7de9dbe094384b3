import Foundation
import Testing
@testable import CellTwin

/// Settings of a sweep and their checks.
@Suite struct SweepSettingsTests {
    @Test func settingsAreChecked() throws {
        var s = SweepSettings()
        s.cycles = 0
        let e = try #require(throws: SweepError.self) {
            try SweepSpec(values: [.electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")], .temperature: [.number(60)],
                                   .cRate: [.number(1)]], settings: s)
        }
        #expect(e.description.contains("--cycles"))
        #expect(try SweepRequest.retention("80%") == 0.8)
        #expect(try SweepRequest.retention("0.7") == 0.7)
        #expect(throws: SweepError.self) { try SweepRequest.retention("120%") }
    }
}
