import Foundation
import Testing
@testable import CellTwin

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh directory under the system temporary directory, removed by `cleanUp()`.
private struct Scratch {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-atomic-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    func contents() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() }
    func cleanUp() {
        _ = chmod(url.path, 0o755)
        try? FileManager.default.removeItem(at: url)
    }
}

private func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

@Suite struct AtomicFileTests {
    @Test func writesTheContentsAndCreatesParentDirectories() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let target = scratch.file("a/b/result.svg")
        let text = "<svg>héllo ∞ 🔋</svg>\n" + String(repeating: "x", count: 300_000)
        try AtomicFile.write(text, to: target)
        #expect(try read(target) == text)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.file("a/b").path) == ["result.svg"])

        try AtomicFile.write("", to: scratch.file("empty.txt"))
        #expect(try read(scratch.file("empty.txt")) == "")
    }

    @Test func replacesAnExistingFileKeepingItsPermissions() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let target = scratch.file("cycles.csv")
        try AtomicFile.write("old, longer contents\n", to: target)
        #expect(chmod(target.path, 0o640) == 0)
        try AtomicFile.write("new\n", to: target)
        #expect(try read(target) == "new\n")
        let permissions = try FileManager.default.attributesOfItem(atPath: target.path)[.posixPermissions] as? Int
        #expect(permissions == 0o640)
        #expect(try scratch.contents() == ["cycles.csv"])
    }

    @Test func leavesNoTemporaryFilesBehind() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        for i in 0..<20 { try AtomicFile.write("version \(i)", to: scratch.file("out.json")) }
        #expect(try scratch.contents() == ["out.json"])
        #expect(try read(scratch.file("out.json")) == "version 19")
    }

    @Test func refusesADirectoryAtTheTarget() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let target = scratch.file("charts")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        let error = try #require(throws: AtomicFileError.self) { try AtomicFile.write("x", to: target) }
        #expect(error.description.contains(target.path))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: target.path, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(try scratch.contents() == ["charts"])
    }

    @Test(.enabled(if: geteuid() != 0, "root may write into read-only directories"))
    func failsInAReadOnlyDirectoryLeavingTheOldFile() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let target = scratch.file("result.json")
        try AtomicFile.write("old", to: target)
        #expect(chmod(scratch.url.path, 0o555) == 0)
        let error = try #require(throws: AtomicFileError.self) { try AtomicFile.write("new", to: target) }
        #expect(error.description.contains(target.path))
        #expect(try read(target) == "old")
        #expect(try scratch.contents() == ["result.json"])
    }

    @Test func failsWhenTheParentIsAFile() throws {
        // Unwritable even for root: a regular file where the directory should be.
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try AtomicFile.write("not a directory", to: scratch.file("blocker"))
        let target = scratch.file("blocker/sub/out.svg")
        let error = try #require(throws: AtomicFileError.self) { try AtomicFile.write("x", to: target) }
        #expect(error.description.contains(target.path))
        #expect(try read(scratch.file("blocker")) == "not a directory")
        #expect(try scratch.contents() == ["blocker"])
    }

    @Test func aFailureBeforeTheRenameLeavesTheOldFileAndNoTemporary() throws {
        struct Injected: Error {}
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        let target = scratch.file("trace.csv")
        try AtomicFile.write("old", to: target)
        var temporary = ""
        #expect(throws: Injected.self) {
            try AtomicFile.write("new contents", to: target) { path in
                temporary = path
                #expect(try read(URL(fileURLWithPath: path)) == "new contents")  // complete before the rename
                throw Injected()
            }
        }
        #expect(URL(fileURLWithPath: temporary).lastPathComponent.hasPrefix(".trace.csv.tmp-\(getpid())-"))
        #expect(URL(fileURLWithPath: temporary).deletingLastPathComponent().path == scratch.url.path)
        #expect(try read(target) == "old")
        #expect(try scratch.contents() == ["trace.csv"])
    }

    @Test func rejectsURLsThatAreNotFiles() throws {
        let url = try #require(URL(string: "https://example.com/chart.svg"))
        let error = try #require(throws: AtomicFileError.self) { try AtomicFile.write("x", to: url) }
        #expect(error.description.contains("https://example.com/chart.svg"))
    }
}
