import Foundation
import Testing
@testable import CellTwin

/// `[literature]` ranges of a cathode file: both ends, min < max, inside the key's physical range.
@Suite struct CathodeLiteratureRangeTests {
    static let lfp = Fixtures.packageRoot.appendingPathComponent("Models/cathodes/LFP.toml").path

    /// LFP.toml with its `[literature]` table replaced by `table`.
    static func edited(_ table: String) throws -> String {
        let text = try String(contentsOfFile: lfp, encoding: .utf8)
        let start = try #require(text.range(of: "\n[literature]\n"))
        let end = try #require(text.range(of: "\n[aging]\n", range: start.upperBound..<text.endIndex))
        let dir = try FitFixtures.tempDir()
        let path = dir.appendingPathComponent("LFP.toml").path
        try (String(text[..<start.lowerBound]) + "\n[literature]\n" + table + String(text[end.lowerBound...]))
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("every leaf has a _min and a _max key; the shipped LFP file's ranges read as written")
    func keysAndShippedRanges() throws {
        #expect(CathodeLiteratureRange.keys.count == 2 * CathodeLiteratureRange.leaves.count)
        #expect(CathodeLiteratureRange.keys.contains("porosity_min") && CathodeLiteratureRange.keys.contains("porosity_max"))
        let c = try CathodeFile.load(path: Self.lfp)
        #expect(c.literatureRanges["specific_capacity_mAh_g"] == 150...169.9)
        #expect(c.literatureRanges["porosity"] == 0.3...0.5)
    }

    @Test("one end alone, max not above min, or an unknown key is an error naming the key")
    func badRanges() throws {
        let cases: [(String, String)] = [
            ("porosity_min = { value = 0.3, source = \"x\" }\n", "key 'literature.porosity_max': a range needs both"),
            ("porosity_min = { value = 0.5, source = \"x\" }\nporosity_max = { value = 0.3, source = \"x\" }\n", "key 'literature.porosity_max': must exceed"),
            ("tortuosity_min = { value = 1, source = \"x\" }\n", "tortuosity_min"),
        ]
        for (table, key) in cases {
            let path = try Self.edited(table)
            #expect { try CathodeFile.load(path: path) } throws: { "\($0)".contains("LFP.toml:") && "\($0)".contains(key) }
        }
        // An empty table is no range at all.
        #expect(try CathodeFile.load(path: try Self.edited("")).literatureRanges.isEmpty)
    }
}
