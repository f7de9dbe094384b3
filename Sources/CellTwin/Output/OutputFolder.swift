import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An error writing results (a folder that cannot be made, a locked folder, a non-numeric result); the message
/// names the path or the value and what to do.
public struct OutputError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// An output folder held by one process: ``lock(_:)`` takes an exclusive `flock` on a lock file named after the
/// folder's absolute path in the system's temporary folder (nothing is created in or beside the output folder)
/// for the life of the process; the kernel drops it when the process ends, even on SIGKILL. A second process
/// asking for the same folder gets an ``OutputError`` at once, before it computes anything, so two runs can never
/// mix their files in one folder.
public enum OutputFolder {
    private static let held = HeldLocks()

    /// The lock file of the folder at `path`: `/tmp/celltwin-output-<sha of the resolved absolute path>.lock`.
    public static func lockPath(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        // Resolve symbolic links of the part that exists, so two spellings of one folder share a lock.
        var existing = absolute, rest: [String] = []
        while existing.path != "/", !FileManager.default.fileExists(atPath: existing.path) {
            rest.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        let resolved = rest.reduce(existing.resolvingSymlinksInPath()) { $0.appendingPathComponent($1) }.path
        let name = ModelFileWriter.sha256(Data(resolved.utf8)).prefix(24)
        let tmp = access("/tmp", W_OK) == 0 ? "/tmp" : NSTemporaryDirectory()
        return (tmp as NSString).appendingPathComponent("celltwin-output-\(name).lock")
    }

    /// Locks the folder `path` for this process (a second call for the same folder in one process is a no-op).
    public static func lock(_ path: String) throws {
        let lockPath = lockPath(path)
        if held.contains(lockPath) { return }
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            throw OutputError(message: "cannot lock the output folder \(path) (lock file \(lockPath): \(String(cString: strerror(errno))))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            _ = close(fd)
            if code == EWOULDBLOCK {
                throw OutputError(message: "the output folder \(path) is in use by another celltwin run; "
                                  + "wait for it to finish or choose another --output folder")
            }
            throw OutputError(message: "cannot lock the output folder \(path): \(String(cString: strerror(code)))")
        }
        held.insert(lockPath, fd)
    }

    /// Creates `url` and its parents, with a message naming the first part of the path that is a file.
    public static func makeDirectory(_ url: URL) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw OutputError(message: "the output folder \(url.path) is a file, not a folder") }
            return
        }
        var ancestor = url.deletingLastPathComponent()
        while ancestor.path != "/" && !FileManager.default.fileExists(atPath: ancestor.path) {
            ancestor = ancestor.deletingLastPathComponent()
        }
        if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDir), !isDir.boolValue {
            throw OutputError(message: "cannot create the output folder \(url.path): \(ancestor.path) is a file, not a folder")
        }
        guard mkdirAll(url.path) else {
            throw OutputError(message: "cannot create the output folder \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    private static func mkdirAll(_ path: String) -> Bool {
        if mkdir(path, 0o777) == 0 || errno == EEXIST { return true }
        guard errno == ENOENT else { return false }
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty, parent != path, mkdirAll(parent) else { return false }
        return mkdir(path, 0o777) == 0 || errno == EEXIST
    }

    private final class HeldLocks: @unchecked Sendable {
        private let lock = NSLock()
        private var fds: [String: Int32] = [:]
        func contains(_ p: String) -> Bool { lock.withLock { fds[p] != nil } }
        func insert(_ p: String, _ fd: Int32) { lock.withLock { fds[p] = fd } }
    }
}
