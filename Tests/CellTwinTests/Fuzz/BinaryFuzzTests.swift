import Foundation
import Testing
@testable import CellTwin

/// The fixed-seed short fuzz run of `swift test` (and the long campaign of `make fuzz`, through the environment:
/// CELLTWIN_FUZZ_SECONDS, CELLTWIN_FUZZ_CASES, CELLTWIN_FUZZ_SEED, CELLTWIN_FUZZ_REPORT).
@Suite("Binary fuzz")
struct BinaryFuzzTests {
    @Test("mutated scenarios, model files, spectra, cycler files and option values end in a result or a clear error")
    func campaign() throws {
        let env = ProcessInfo.processInfo.environment
        let seconds = env["CELLTWIN_FUZZ_SECONDS"].flatMap(Double.init) ?? 45
        let count = env["CELLTWIN_FUZZ_CASES"].flatMap(Int.init) ?? (env["CELLTWIN_FUZZ_SECONDS"] == nil ? 240 : 1_000_000)
        let seed = env["CELLTWIN_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_205
        try #require(FileManager.default.isExecutableFile(atPath: CLI.binary.path), "build the tool first: swift build")
        let report = BinaryFuzz.campaign(seed: seed, count: count, seconds: seconds, workers: 2, timeout_s: 60, binary: CLI.binary)
        let text = "celltwin fuzz, seed \(seed)\n" + report.summary
        print(text)
        if let path = env["CELLTWIN_FUZZ_REPORT"] { try? text.write(toFile: path, atomically: true, encoding: .utf8) }
        #expect(report.cases > 0)
        for (c, o, detail) in report.failures {
            Issue.record("\(o.rawValue) [\(c.source) / \(c.mutation)] celltwin \(c.arguments.joined(separator: " ")): \(detail)")
        }
    }
}
