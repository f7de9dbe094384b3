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

    @Test("lifetime options: stop at the threshold (or never), report 80 % as well, skip cycles, no attribution")
    func lifeOptions() throws {
        var s = SweepSettings()
        s.cycles = 300
        try s.validate()
        let o = s.lifeOptions
        #expect(o.threshold == 1e-6 && o.extraThresholds == [0.8] && o.maxCycles == 300 && !o.exact && !o.attribution)
        s.threshold = 0.8
        #expect(s.lifeOptions.threshold == 0.8 && s.lifeOptions.extraThresholds.isEmpty)
        s.threshold = 0.7
        #expect(s.lifeOptions.extraThresholds == [0.8])
        for bad in [0.0, 1.5, Double.nan] {
            s.threshold = bad
            #expect(throws: SweepError.self) { try s.validate() }
        }
        s.threshold = 1.5
        #expect { try s.validate() } throws: { "\($0)" == "--until: must lie in (0, 100] %, got 150 %" }
    }
}
