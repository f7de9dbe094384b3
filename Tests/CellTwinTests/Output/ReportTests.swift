import Foundation
import Testing
@testable import CellTwin

/// `emit`: a report's files are written into the output folder in order, each complete, and a stop before a file
/// leaves only the files before it; without a folder nothing is written.
@Suite struct ReportTests {
    struct Stop: Error {}

    struct Two: Report {
        func files() throws -> [ReportFile] { [ReportFile("a.csv", "x,y\n1,2\n"), ReportFile("sub/b.json", "{}")] }
        func table() throws -> String { "" }
        func csv() throws -> String { "" }
        func json() throws -> String { "" }
    }

    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
    }

    @Test func filesAreWrittenInOrderWithTheirContents() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var calls: [[Int]] = []
        try emit(Two(), EmitOptions(format: .json, directory: dir.path) { k, n in calls.append([k, n]) })
        #expect(calls == [[0, 2], [1, 2]])
        #expect(try String(contentsOf: dir.appendingPathComponent("a.csv"), encoding: .utf8) == "x,y\n1,2\n")
        #expect(try String(contentsOf: dir.appendingPathComponent("sub/b.json"), encoding: .utf8) == "{}")
    }

    @Test func aStopBeforeAFileLeavesOnlyTheFilesBeforeIt() throws {
        let dir = Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: Stop.self) {
            try emit(Two(), EmitOptions(format: .csv, directory: dir.path) { k, _ in if k == 1 { throw Stop() } })
        }
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("a.csv").path))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("sub/b.json").path))
    }

    @Test func withoutAFolderNothingIsWritten() throws {
        var called = false
        try emit(Two(), EmitOptions(format: .table, directory: nil) { _, _ in called = true })
        #expect(!called && Two().tableNamesOutputFolder && Two().notesBesideCSV.isEmpty)
        #expect(OutputFormat.allCases.map(\.rawValue) == ["table", "csv", "json"])
    }
}
