import Foundation
import Testing
@testable import CellTwin

/// Output folders: one lock per folder whatever its spelling, a folder held by another process refused at once, and
/// folders made with their parents or refused naming the file in the way.
@Suite struct OutputFolderTests {
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("output-folder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.resolvingSymlinksInPath()
    }

    /// Two spellings of one folder (`a/./b/../b`, a symbolic link to it) share a lock file; another folder does not.
    @Test func oneLockFilePerFolder() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("link").path, withDestinationPath: out.path)
        let lock = OutputFolder.lockPath(out.path)
        #expect(OutputFolder.lockPath(dir.path + "/./out/../out") == lock)
        #expect(OutputFolder.lockPath(dir.appendingPathComponent("link").path) == lock)
        #expect(OutputFolder.lockPath(dir.appendingPathComponent("other").path) != lock)
        #expect((lock as NSString).lastPathComponent.hasPrefix("celltwin-output-"))
        #expect(lock.hasSuffix(".lock"))
        // Not yet made: the part that does not exist is kept as written.
        #expect(OutputFolder.lockPath(dir.appendingPathComponent("link/new").path)
                == OutputFolder.lockPath(out.appendingPathComponent("new").path))
    }

    /// Locking twice in one process is allowed; a lock held by another open file description is refused with what to do.
    @Test func aHeldFolderIsRefused() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mine = dir.appendingPathComponent("mine").path
        try OutputFolder.lock(mine)
        try OutputFolder.lock(mine)
        let theirs = dir.appendingPathComponent("theirs").path
        let fd = open(OutputFolder.lockPath(theirs), O_RDWR | O_CREAT, 0o666)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        #expect(throws: OutputError(message: "the output folder \(theirs) is in use by another celltwin run; "
                                    + "wait for it to finish or choose another --output folder")) {
            try OutputFolder.lock(theirs)
        }
    }

    @Test func foldersAreMadeWithTheirParentsOrRefusedNamingTheFile() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let deep = dir.appendingPathComponent("a/b/c")
        try OutputFolder.makeDirectory(deep)
        var isDir: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: deep.path, isDirectory: &isDir) && isDir.boolValue)
        try OutputFolder.makeDirectory(deep)   // already there
        let file = dir.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        #expect(throws: OutputError(message: "the output folder \(file.path) is a file, not a folder")) {
            try OutputFolder.makeDirectory(file)
        }
        let below = file.appendingPathComponent("x/y")
        #expect(throws: OutputError(message: "cannot create the output folder \(below.path): \(file.path) is a file, not a folder")) {
            try OutputFolder.makeDirectory(below)
        }
    }
}
