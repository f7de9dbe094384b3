import Foundation
import Testing
@testable import CellTwin

/// The key table (``ElectrolyteKeys``) drives loading, fitting, writing and the Models/README key list.
@Suite struct ElectrolyteKeysTests {
    static let golden = Fixtures.packageRoot.appendingPathComponent("Tests/CellTwinTests/Fixtures/electrolytes-loaded.txt")

    /// Every value of every shipped electrolyte, as Swift prints it (shortest round-trip decimals).
    static func loadedText() throws -> String {
        var text = ""
        for id in Fixtures.models.electrolyteIDs {
            var s = ""
            dump(try Fixtures.models.electrolyte(id), to: &s)
            text += s
        }
        return text
    }

    /// The shipped model files load to exactly the values the loader gave before it was driven by the key table
    /// (captured in Fixtures/electrolytes-loaded.txt; `CELLTWIN_WRITE_GOLDEN=1` rewrites it after a deliberate
    /// change of a shipped file).
    @Test func shippedFilesLoadToTheCapturedValues() throws {
        let now = try Self.loadedText()
        if ProcessInfo.processInfo.environment["CELLTWIN_WRITE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try now.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        let before = try String(contentsOf: Self.golden, encoding: .utf8)
        let a = before.components(separatedBy: "\n"), b = now.components(separatedBy: "\n")
        let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(a.count == b.count && first == nil,
                "line \((first?.offset ?? min(a.count, b.count)) + 1): captured '\(first?.element.0 ?? "")', now '\(first?.element.1 ?? "")'")
    }
}
