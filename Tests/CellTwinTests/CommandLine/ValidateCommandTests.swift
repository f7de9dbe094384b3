import ArgumentParser
import Foundation
import Testing
@testable import CellTwinCLI

/// `celltwin validate` parsed in process: its options and flags, the band options it shares, and the limit of
/// `--workers` named in its message.
@Suite struct ValidateCommandTests {
    static func message(_ arguments: [String]) -> String {
        do { _ = try CellTwinCommand.parseChecked(arguments); return "" } catch { return CellTwinCommand.message(for: error) }
    }

    @Test func optionsParseToTheirValues() throws {
        let v = try #require(try CellTwinCommand.parseChecked(["validate", "--electrolyte", "CPCSE", "--data", "rows.csv",
                                                               "--leave-condition-out", "--band", "sampled", "--workers", "3",
                                                               "--format", "json"]) as? Validate)
        #expect(v.electrolyte == "CPCSE" && v.data == "rows.csv" && !v.leaveOneOut && v.leaveConditionOut)
        #expect(v.bands.band == "sampled" && v.workers == 3 && v.common.format == .json && v.report.path == nil)
        let plain = try #require(try CellTwinCommand.parseChecked(["validate"]) as? Validate)
        #expect(plain.electrolyte == nil && plain.workers >= 1 && !plain.bands.isOn)
    }

    @Test(arguments: [(["validate", "--workers", "0"], "--workers must be at least 1, got 0"),
                      (["validate", "--band-samples", "5"], "--band-samples must lie in 8–1000, got 5"),
                      (["validate", "--report", "out/"], "--report needs a file name")])
    func badValuesNameTheOption(arguments: [String], words: String) {
        let m = Self.message(arguments)
        #expect(m.contains(words), "\(m)")
    }
}
