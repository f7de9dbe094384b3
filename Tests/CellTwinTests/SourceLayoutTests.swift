import Foundation
import Testing
@testable import CellTwin

/// Tests mirror sources file by file: `Sources/<Target>/<path>/<Name>.swift` is tested in
/// `Tests/CellTwinTests/<mirror>/<path>/<Name>Tests.swift` by a suite named `<Name>Tests` (without the `+` of an
/// extension file's name: `ElectrolyteKeys+Docs.swift` is tested by `ElectrolyteKeysDocsTests`), where the mirror of the
/// library (`CellTwin`) is the test folder itself, of the command line (`CellTwinCLI`, `celltwin`) `CommandLine/` and
/// of the bench workloads (`CellTwinBenchmarks`) `Benchmarks/`.
///
/// ``notYetMirrored`` lists the sources without such a file. It can only shrink: the test fails on a source missing
/// from it as on a listed source that has its test file now (take it off the list).
@Suite struct SourceLayoutTests {
    /// The package root, from this file's place in it (`Tests/CellTwinTests/SourceLayoutTests.swift`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Test folder of each target, under `Tests/CellTwinTests`.
    static let mirrors = ["CellTwin": "", "CellTwinCLI": "CommandLine", "celltwin": "CommandLine",
                          "CellTwinBenchmarks": "Benchmarks"]

    /// Sources without their mirrored test file yet, relative to `Sources/`, sorted (none now: every source has its
    /// test file; a new source without one is listed here only until its tests are written).
    static let notYetMirrored: [String] = []

    /// Every Swift file under `Sources/`, relative to it ("CellTwin/Cells/CellDesign.swift").
    static func sources() throws -> [String] {
        let sources = root.appendingPathComponent("Sources")
        guard let walk = FileManager.default.enumerator(atPath: sources.path) else {
            throw InputError(file: sources.path, message: "cannot list the Swift sources: the folder is missing or unreadable")
        }
        return walk.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted()
    }

    /// The mirrored test file of a source relative to `Sources/` ("Cells/CellDesignTests.swift" under
    /// `Tests/CellTwinTests`), or nil for a target without a mirror.
    static func mirror(of source: String) -> String? {
        var parts = source.split(separator: "/").map(String.init)
        guard parts.count >= 2, let folder = mirrors[parts.removeFirst()] else { return nil }
        let name = String(parts.removeLast().dropLast(".swift".count))
        return ((folder.isEmpty ? [] : [folder]) + parts + [name + "Tests.swift"]).joined(separator: "/")
    }

    static func testFile(_ mirrored: String) -> URL {
        root.appendingPathComponent("Tests/CellTwinTests").appendingPathComponent(mirrored)
    }

    @Test func theMirrorOfASourceIsItsTestFile() {
        #expect(Self.mirror(of: "CellTwin/Simulation/Simulator.swift") == "Simulation/SimulatorTests.swift")
        #expect(Self.mirror(of: "CellTwin/Cells/Symmetric/SymmetricCCD.swift") == "Cells/Symmetric/SymmetricCCDTests.swift")
        #expect(Self.mirror(of: "CellTwinCLI/RunCommands.swift") == "CommandLine/RunCommandsTests.swift")
        #expect(Self.mirror(of: "CellTwinBenchmarks/Benchmarks.swift") == "Benchmarks/BenchmarksTests.swift")
        #expect(Self.mirror(of: "Unknown/X.swift") == nil)
    }

    /// Every target with Swift sources has a mirror, and the sources are found from this file's location.
    @Test func everyTargetHasAMirror() throws {
        let sources = try Self.sources()
        #expect(sources.contains("CellTwin/Simulation/Simulator.swift"), "Sources/ not found under \(Self.root.path)")
        for target in Set(sources.compactMap { $0.split(separator: "/").first.map(String.init) }) {
            #expect(Self.mirrors[target] != nil, "Sources/\(target) has no test folder in SourceLayoutTests.mirrors")
        }
    }

    /// A source is either mirrored by its test file or on the list, never both; the list is sorted and names only
    /// sources that exist.
    @Test func everySourceHasItsTestFileOrIsListed() throws {
        let sources = try Self.sources()
        let listed = Set(Self.notYetMirrored)
        #expect(Self.notYetMirrored == Self.notYetMirrored.sorted() && listed.count == Self.notYetMirrored.count,
                "keep notYetMirrored sorted and without repeats")
        for gone in listed.subtracting(sources).sorted() {
            Issue.record("notYetMirrored lists Sources/\(gone), which does not exist: take it off the list")
        }
        for source in sources {
            guard let mirrored = Self.mirror(of: source) else { continue }
            let exists = FileManager.default.fileExists(atPath: Self.testFile(mirrored).path)
            if exists, listed.contains(source) {
                Issue.record("Sources/\(source) has its test file Tests/CellTwinTests/\(mirrored) now: take it off notYetMirrored")
            } else if !exists, !listed.contains(source) {
                Issue.record("Sources/\(source) has no test file: write Tests/CellTwinTests/\(mirrored)")
            }
        }
    }

    /// Each mirrored test file declares the suite of its name (`struct <Name>Tests` or an extension of it; `+` left out).
    @Test func eachMirroredFileDeclaresItsSuite() throws {
        for source in try Self.sources() {
            guard let mirrored = Self.mirror(of: source),
                  let text = try? String(contentsOf: Self.testFile(mirrored), encoding: .utf8) else { continue }
            let suite = String(mirrored.split(separator: "/").last!.dropLast(".swift".count)).replacingOccurrences(of: "+", with: "")
            let declares = ["struct ", "extension ", "enum ", "class "].contains { kind in
                text.range(of: "\\b\(kind)\(suite)\\b", options: .regularExpression) != nil
            }
            #expect(declares, "Tests/CellTwinTests/\(mirrored) declares no suite \(suite)")
        }
    }
}
