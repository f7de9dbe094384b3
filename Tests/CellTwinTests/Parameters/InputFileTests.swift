import Foundation
import Testing
@testable import CellTwin

/// Reading an input file whole, with a message naming the path for every way it can fail.
@Suite struct InputFileTests {
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("input-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func failure(_ path: String) -> InputError? {
        do { _ = try InputFile.read(path: path); return nil } catch let e as InputError { return e } catch { return nil }
    }

    @Test func aFileIsReadWhole() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = Data((0..<70_000).map { UInt8($0 % 251) })
        let file = dir.appendingPathComponent("data.bin")
        try bytes.write(to: file)
        #expect(try InputFile.read(path: file.path) == bytes)
        try Data().write(to: dir.appendingPathComponent("empty"))
        #expect(try InputFile.read(path: dir.appendingPathComponent("empty").path).isEmpty)
    }

    @Test func eachFailureNamesThePathAndWhatIsWrong() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("dangling").path, withDestinationPath: "nowhere.csv")
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("loop-a").path, withDestinationPath: "loop-b")
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("loop-b").path, withDestinationPath: "loop-a")
        try Data("x".utf8).write(to: dir.appendingPathComponent("plain.csv"))
        let cases: [(String, String)] = [
            (dir.appendingPathComponent("missing.csv").path, "no such file"),
            (dir.path, "a folder, not a file"),
            (dir.appendingPathComponent("dangling").path, "a symbolic link to a file that does not exist"),
            (dir.appendingPathComponent("loop-a").path, "a loop of symbolic links"),
            (dir.appendingPathComponent("plain.csv/inside").path, "a part of the path is a file"),
            ("/dev/null", "not a regular file"),
        ]
        for (path, words) in cases {
            let e = try #require(Self.failure(path), "\(path) was read")
            #expect(e.file == path && e.message.contains(words), "\(path): \(e)")
        }
        #expect(Self.failure("")?.message == "empty file name")
    }
}
