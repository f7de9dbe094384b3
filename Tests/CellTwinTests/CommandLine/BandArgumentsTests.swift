import ArgumentParser
import CellTwin
import Foundation
import Testing
@testable import CellTwinCLI

/// `--band`, `--band-samples` and `--seed`: the band options they give, and the limits their messages name.
@Suite struct BandArgumentsTests {
    static func message(_ arguments: [String]) -> String {
        do { _ = try BandArguments.parse(arguments); return "" } catch { return BandArguments.message(for: error) }
    }

    @Test func theDefaultIsNoBand() throws {
        let b = try BandArguments.parse([])
        #expect(!b.isOn && b.band == "off" && b.bandSamples == 40 && b.seed == 1)
    }

    @Test func optionsBecomeTheBandSettings() throws {
        let b = try BandArguments.parse(["--band", "sampled", "--band-samples", "8", "--seed", "7"])
        #expect(b.isOn)
        let o = b.options
        #expect(o.method == .sampled && o.samples == 8 && o.seed == 7)
        #expect(try BandArguments.parse(["--band", "linear"]).options.method == .linearised)
    }

    /// Every method name is accepted; another is refused listing them; the sample count's limits are 8 and 1000.
    @Test func badValuesNameTheOptionAndTheLimit() throws {
        for method in BandMethod.allCases { #expect(Self.message(["--band", method.rawValue]) == "") }
        let wide = Self.message(["--band", "wide"])
        #expect(wide.contains("--band must be one of") && wide.contains("got 'wide'"), "\(wide)")
        for m in BandMethod.allCases { #expect(wide.contains(m.rawValue)) }
        #expect(Self.message(["--band-samples", "7"]) == "--band-samples must lie in 8–1000, got 7")
        #expect(Self.message(["--band-samples", "1001"]) == "--band-samples must lie in 8–1000, got 1001")
        #expect(Self.message(["--band-samples", "1000"]) == "")
    }

    /// A command's verdict comes from the shipped fit set-up: CPCSE's full-cell rows are all at cheng2023's assumed
    /// 60 °C on LFP, so 60 °C at 0.5C is inside and 100 °C is 40 K above; a cathode the rows never used is outside.
    @Test func verdictOfACommandsRun() throws {
        let b = try BandArguments.parse(["--band", "linear"])
        let lib = Fixtures.models
        let ex = try Experiment(steps: ["Charge at 0.5C until 3.8 V", "Discharge at 0.5C until 2.5 V"], cycles: 1)
        let d = try lib.cell(electrolyte: "CPCSE", cathode: "LFP")
        #expect(try b.verdict(lib, design: d, experiment: ex, temperature_C: 60, cycles: 1) == .inside)
        let hot = try b.verdict(lib, design: d, experiment: ex, temperature_C: 100, cycles: 1)
        #expect(hot.reason == "T 100 °C, 40 K above the calibrated 60 °C")
        let s = try b.verdict(lib, design: try lib.cell(electrolyte: "CPCSE", cathode: "S"), experiment: nil, temperature_C: 60, cycles: 1)
        #expect(s.label == "outside" && s.reason?.hasPrefix("cathode S, not among the calibrated") == true)
    }
}
