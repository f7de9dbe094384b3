import Foundation
import Testing
@testable import CellTwin

/// The executable's entry point (`CellTwinMain`, which hands the arguments to `CellTwinCommand.main()`): the built
/// binary answers `--version` and `--help` with status 0 and refuses an unknown subcommand naming it.
@Suite struct CellTwinMainTests {
    @Test func versionPrintsOneLineAndExitsZero() throws {
        let r = try CLI.run(["--version"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first.map(String.init)?.hasPrefix("celltwin \(Provenance.version), revision ") == true, "\(r.stdout)")
        #expect(lines.count == 2 && lines[1].isEmpty, "one line: \(r.stdout)")
    }

    @Test func helpListsTheUsageAndExitsZero() throws {
        let r = try CLI.run(["--help"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("USAGE: celltwin") && r.stdout.contains("simulate"), "\(r.stdout)")
    }

    @Test func anUnknownSubcommandExitsNonZeroNamingIt() throws {
        let r = try CLI.run(["frobnicate"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("frobnicate"), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "\(r.stdout)")
    }
}
