import Foundation
import Testing
@testable import CellTwin

/// Every number of a cathode model file, a study's own electrode and the cathode's literature ranges is checked at load
/// against its cathode key's range, and refused with the file, the line, the key and the limit.
@Suite struct CathodeKeysTests {
    @Test func everyCathodeKeyOutsideItsRangeIsRefusedWithFileLineKeyAndLimit() throws {
        let shipped = try String(contentsOfFile: Fixtures.models.cathodePath("LFP"), encoding: .utf8)
        for k in CathodeKeys.all {
            let range = try #require(k.domain.range, "\(k.path)")
            for value in ModelKeyRangeTests.outside(range) {
                let (text, line) = ModelKeyRangeTests.setting(k.key, in: k.table, to: value, array: k.isArray, text: shipped)
                let path = try ModelKeyRangeTests.write(text, "LFP")
                ModelKeyRangeTests.expectRefused({ _ = try CathodeFile.load(path: path) }, path: path, line: line, key: k.path, range: range,
                                   value: value)
            }
        }
    }

    /// A study's own electrode (`[electrodes.LFP]` of an electrolyte file) and the cathode's `[literature]` ranges
    /// share the range of the cathode key they stand for.
    @Test func electrodeOverridesAndLiteratureRangesShareTheCathodeKeysRanges() throws {
        let electrolyte = try String(contentsOfFile: Fixtures.models.electrolytePath("CPCSE"), encoding: .utf8)
        let cathode = try String(contentsOfFile: Fixtures.models.cathodePath("LFP"), encoding: .utf8)
        for (key, k) in CathodeKeys.electrodeOverrides {
            let range = try #require(k.domain.range)
            for value in ModelKeyRangeTests.outside(range) {
                let (text, line) = ModelKeyRangeTests.setting(key, in: "electrodes.LFP", to: value, text: electrolyte)
                let path = try ModelKeyRangeTests.write(text, "CPCSE")
                ModelKeyRangeTests.expectRefused({ _ = try ElectrolyteFile.load(path: path) }, path: path, line: line, key: "electrodes.LFP.\(key)",
                                   range: range, value: value)
                guard CathodeLiteratureRange.leaves.contains(key) else { continue }
                let (lit, litLine) = ModelKeyRangeTests.setting(key + "_min", in: "literature", to: value, text: cathode)
                let litPath = try ModelKeyRangeTests.write(lit, "LFP")
                ModelKeyRangeTests.expectRefused({ _ = try CathodeFile.load(path: litPath) }, path: litPath, line: litLine,
                                   key: "literature.\(key)_min", range: range, value: value)
            }
        }
    }
}
