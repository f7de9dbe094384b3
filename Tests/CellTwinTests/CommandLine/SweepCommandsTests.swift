import Foundation
import Testing
@testable import CellTwin

/// End-to-end runs of the built `celltwin sweep`, `compare` and `merge`.
@Suite struct SweepCommandsTests {
    typealias Result = CLI.Result

    func process(_ arguments: [String]) throws -> Process { try CLI.process(arguments) }

    func celltwin(_ arguments: [String]) throws -> Result { try CLI.run(arguments) }

    func temporaryDirectory() throws -> URL { try CLI.temporaryDirectory("celltwin-sweep") }

    func files(_ dir: URL) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }
    func read(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    /// 0 °C (no capacity: ANP-C-2.0K is semicrystalline), 60 °C, 130 °C (outside its 0–120 °C range) × two rates.
    static let grid = ["sweep", "--electrolyte", "ANP-C-2.0K", "--cathode", "LFP", "--temperature", "0,60,130",
                       "--c-rate", "0.2,1", "--cycles", "40"]

    @Test func twoShardsMergedEqualTheUnshardedRunByteForByte() throws {
        let dir = try temporaryDirectory()
        let whole = dir.appendingPathComponent("whole"), parts = dir.appendingPathComponent("parts"),
            merged = dir.appendingPathComponent("merged")
        let a = try celltwin(Self.grid + ["--workers", "1", "--output", whole.path])
        #expect(a.status == 0, "\(a.stderr)")
        let written = try files(whole)
        #expect(written == ["sweep-capacity.svg", "sweep-retention.svg", "sweep.csv", "sweep.json"])
        for i in 1...2 {
            let r = try celltwin(Self.grid + ["--shard", "\(i)/2", "--workers", "2", "--output", parts.path])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let partNames = try files(parts)
        #expect(partNames == ["sweep-shard-1-of-2.csv", "sweep-shard-2-of-2.csv"])
        let m = try celltwin(["merge", parts.appendingPathComponent("sweep-shard-2-of-2.csv").path,
                              parts.appendingPathComponent("sweep-shard-1-of-2.csv").path, "--output", merged.path])
        #expect(m.status == 0, "\(m.stderr)")
        let names = try files(whole)
        let mergedNames = try files(merged)
        #expect(mergedNames == names)
        for name in names {
            let mine = try read(merged.appendingPathComponent(name)), reference = try read(whole.appendingPathComponent(name))
            #expect(mine == reference, "\(name) differs")
        }
        let csv = try String(contentsOf: whole.appendingPathComponent("sweep.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 7)
        #expect(lines[0] == "temperature_C,c_rate,first_discharge_capacity_mAh_g,final_retention,cycles_to_80,mean_overpotential_V,discharge_energy_mWh_g,end_reason")
        #expect(lines[1].hasPrefix("0,0.2,") && lines[1].hasSuffix(",cannot deliver capacity"))
        #expect(lines[6] == "130,1,,,,,,outside the electrolyte's range")
        let svg = try String(contentsOf: whole.appendingPathComponent("sweep-capacity.svg"), encoding: .utf8)
        #expect(svg.contains(">no cap<") && svg.contains(">out<"))
        // The same command again: the same bytes.
        let again = try celltwin(Self.grid + ["--format", "csv"])
        #expect(again.stdout == csv)
    }

    @Test func jsonGivesTheSameRows() throws {
        let r = try celltwin(Self.grid + ["--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let columns = try #require(root["columns"] as? [String])
        #expect(columns.first == "temperature_C" && columns.last == "end_reason")
        let rows = try #require(root["rows"] as? [[String: Any]])
        #expect(rows.count == 6)
        #expect(rows.allSatisfy { Set($0.keys) == Set(columns) })
        let t = rows[2]["temperature_C"] as? Double, reason = rows[2]["end_reason"] as? String
        #expect(t == 60)
        #expect(reason == "end of experiment")
        #expect(rows[5]["first_discharge_capacity_mAh_g"] is NSNull)
    }

    @Test func mergeRefusesMissingAndDuplicateParts() throws {
        let dir = try temporaryDirectory()
        let parts = dir.appendingPathComponent("parts"), out = dir.appendingPathComponent("out")
        let r = try celltwin(Self.grid + ["--shard", "1/2", "--output", parts.path])
        #expect(r.status == 0, "\(r.stderr)")
        let part = parts.appendingPathComponent("sweep-shard-1-of-2.csv").path
        let missing = try celltwin(["merge", part, "--output", out.path])
        #expect(missing.status != 0 && missing.stderr.contains("missing") && missing.stderr.contains("2/2"), "\(missing.stderr)")
        let twice = try celltwin(["merge", part, part, "--output", out.path])
        #expect(twice.status != 0 && twice.stderr.contains("duplicate"), "\(twice.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test(arguments: [
        (["--temperature", "60...30:10"], "--temperature"),
        (["--temperature="], "--temperature"),
        (["--temperature", "0...120:0"], "--temperature"),
        (["--temperature", "0...120:-10"], "--temperature"),
        (["--c-rate", "0"], "--c-rate"),
        (["--c-rate", "0.5,-1"], "--c-rate"),
        (["--metric", "speed"], "--metric"),
        (["--shard", "3/2"], "--shard"),
        (["--shard", "0/2"], "--shard"),
        (["--cycles", "0"], "--cycles"),
        (["--until", "150%"], "--until"),
        (["--electrolyte", "NOPE"], "unknown electrolyte"),
        (["--upper-cutoff", "2.4"], "--upper-cutoff"),
    ])
    func badInputFailsNamingTheOptionWithNoOutput(change: [String], words: String) throws {
        let dir = try temporaryDirectory().appendingPathComponent("out")
        var arguments = ["sweep", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "60", "--c-rate", "0.5",
                         "--cycles", "5", "--output", dir.path]
        // The changed option replaces the base one (an option may be given once).
        if let k = arguments.firstIndex(of: change[0]) { arguments.removeSubrange(k...(k + 1)) }
        arguments += change
        let r = try celltwin(arguments)
        #expect(r.status != 0)
        #expect(r.stderr.contains(words), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
        #expect(r.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }

    @Test func anInterruptedSweepExitsNonZeroAndWritesNothing() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("out")
        let log = dir.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        // About 400 points of 2000 cycles on one worker: far longer than the wait below.
        let p = try process(["sweep", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "20...120:1",
                             "--c-rate", "0.1,0.2,0.5,1", "--cycles", "2000", "--workers", "1", "--output", out.path,
                             "--format", "csv"])
        let handle = try FileHandle(forWritingTo: log)
        let stdout = Pipe()
        p.standardError = handle
        p.standardOutput = stdout
        try p.run()
        // Wait for the first progress line (the handler is installed before it), then let some points run.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("points") { usleep(20_000) }
        usleep(300_000)
        #expect(p.isRunning, "the sweep ended before it could be interrupted")
        p.interrupt()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try handle.close()
        let stderr = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(p.terminationReason == .exit, "killed by the signal instead of handling it")
        #expect(p.terminationStatus == 130, "\(stderr)")
        #expect(stderr.contains("interrupted"), "\(stderr)")
        #expect(output.isEmpty)
        let left = FileManager.default.fileExists(atPath: out.path) ? try files(out) : []
        #expect(left.isEmpty, "\(left)")
    }

    @Test func compareShowsElectrolytesSideBySide() throws {
        let dir = try temporaryDirectory().appendingPathComponent("cmp")
        let r = try celltwin(["compare", "--electrolytes", "CPCSE,PPSE", "--cathode", "LFP", "--temperature", "30,60",
                              "--c-rate", "0.5", "--cycles", "30", "--output", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let names = try files(dir)
        #expect(names == ["compare-capacity.svg", "compare-retention-vs-cycle.svg", "compare-retention.svg", "compare.csv",
                          "compare.json"])
        let header = try String(contentsOf: dir.appendingPathComponent("compare.csv"), encoding: .utf8).split(separator: "\n")
        #expect(header.count == 5)
        #expect(header[0].hasPrefix("electrolyte,temperature_C,first_discharge_capacity_mAh_g"))
        #expect(header[1].hasPrefix("CPCSE,30,") && header[4].hasPrefix("PPSE,60,"))
        let table = r.stdout.split(separator: "\n").map(String.init)
        #expect(table.contains { $0.hasPrefix("temperature_C") && $0.contains("CPCSE") && $0.contains("PPSE") }, "\(r.stdout)")
        #expect(table.contains { $0.hasPrefix("60 ") && $0.contains("mAh/g") }, "\(r.stdout)")
        let curves = try String(contentsOf: dir.appendingPathComponent("compare-retention-vs-cycle.svg"), encoding: .utf8)
        #expect(curves.contains("PPSE, 60 °C"))
    }

    @Test func aScenarioSweepSectionRunsLikeTheSameOptions() throws {
        let dir = try temporaryDirectory()
        let file = dir.appendingPathComponent("sweep.toml")
        try """
        name = "ANP-C-2.0K map"
        [cell]
        electrolyte = "ANP-C-2.0K"
        cathode = "LFP"
        [sweep]
        temperature_C = [0, 60, 130]
        c_rate = "0.2,1"
        cycles = 40
        """.write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try celltwin(["sweep", file.path, "--format", "csv"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        let fromOptions = try celltwin(Self.grid + ["--format", "csv"])
        #expect(fromFile.stdout == fromOptions.stdout)
        // An option replaces the file's value.
        let narrowed = try celltwin(["sweep", file.path, "--temperature", "60", "--format", "csv"])
        #expect(narrowed.stdout.split(separator: "\n").count == 3, "\(narrowed.stdout)")
    }
}
