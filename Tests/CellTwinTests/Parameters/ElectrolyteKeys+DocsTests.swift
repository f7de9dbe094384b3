import Foundation
import Testing
@testable import CellTwin

/// The key list of Models/README.md is generated from the key table.
@Suite struct ElectrolyteKeysDocsTests {
    /// Models/README.md's key list is the key table's (`celltwin new keys` prints it).
    @Test func readmeKeyListIsGeneratedFromTheTable() throws {
        let readme = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Models/README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: ElectrolyteKeys.docsBegin)), end = try #require(readme.range(of: ElectrolyteKeys.docsEnd))
        #expect(String(readme[begin.lowerBound..<end.upperBound]) == ElectrolyteKeys.markdown(),
                "regenerate: celltwin new keys, pasted between the markers of Models/README.md")
        for k in ElectrolyteKeys.all { #expect(ElectrolyteKeys.markdown().contains("| `\(k.key)` |")) }
    }
}
