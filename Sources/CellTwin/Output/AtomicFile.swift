import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Why ``AtomicFile/write(_:to:)`` failed. `description` always names the target path.
public struct AtomicFileError: Error, CustomStringConvertible, LocalizedError, Equatable {
    /// The file that was to be written.
    public let path: String
    /// What went wrong, in words.
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
    public var errorDescription: String? { description }
}

/// Crash-safe whole-file writes.
public enum AtomicFile {
    /// Writes `contents` (UTF-8) to the file at `url`, all or nothing.
    ///
    /// Contract:
    /// - The text goes to a new temporary file `.<name>.tmp-<pid>-<random>` in the target's directory, is flushed to
    ///   disk (`fsync`), and is then renamed over the target with `rename(2)`, so readers see either the old file or
    ///   the complete new one, never a half-written target.
    /// - Missing parent directories are created.
    /// - A replaced file keeps its permission bits; a new file gets `0666` minus the umask. A symbolic link at the
    ///   target is replaced by a regular file (the link's destination is left alone).
    /// - On any failure the temporary file is removed, the old target (if any) is untouched, and an
    ///   ``AtomicFileError`` naming the path is thrown. A directory at the target is an error.
    public static func write(_ contents: String, to url: URL) throws {
        try write(contents, to: url, beforeRename: { _ in })
    }

    /// ``write(_:to:)`` with a hook called with the temporary file's path just before the rename
    /// (lets tests inject a failure after the data has been written).
    static func write(_ contents: String, to url: URL, beforeRename: (String) throws -> Void) throws {
        guard url.isFileURL else {
            throw AtomicFileError(path: url.absoluteString, reason: "not a file URL")
        }
        let target = url.standardizedFileURL
        let path = target.path
        let name = target.lastPathComponent
        guard !name.isEmpty, name != "/", name != ".", name != ".." else {
            throw AtomicFileError(path: path, reason: "no file name")
        }
        func failure(_ reason: String) -> AtomicFileError { AtomicFileError(path: path, reason: reason) }

        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw failure("it is a directory")
        }
        let directory = target.deletingLastPathComponent()
        do {
            try OutputFolder.makeDirectory(directory)
        } catch let e as OutputError {
            throw failure(e.message)
        }

        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let temporary = directory.appendingPathComponent(".\(name).tmp-\(getpid())-\(suffix)").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure("cannot create temporary file \(temporary): \(lastErrorText())") }

        var isOpen = true
        var renamed = false
        defer {
            if isOpen { _ = close(fd) }
            if !renamed { _ = unlink(temporary) }
        }
        var text = contents
        try text.withUTF8 { bytes in
            if let reason = writeAll(fd, bytes) { throw failure("cannot write temporary file \(temporary): \(reason)") }
        }
        var existing = stat()
        if stat(path, &existing) == 0 { _ = fchmod(fd, existing.st_mode & 0o7777) }
        guard fsync(fd) == 0 else { throw failure("cannot flush temporary file \(temporary): \(lastErrorText())") }
        isOpen = false
        guard close(fd) == 0 else { throw failure("cannot close temporary file \(temporary): \(lastErrorText())") }
        try beforeRename(temporary)
        guard rename(temporary, path) == 0 else {
            throw failure("cannot rename \(temporary) over it: \(lastErrorText())")
        }
        renamed = true
        syncDirectory(directory.path)
    }

    /// Writes every byte, retrying on `EINTR` and short writes; returns an error text or nil on success.
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = bytes.baseAddress else { return nil }
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
            let n = Glibc.write(fd, base + offset, bytes.count - offset)
            #elseif canImport(Musl)
            let n = Musl.write(fd, base + offset, bytes.count - offset)
            #else
            let n = Darwin.write(fd, base + offset, bytes.count - offset)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                return lastErrorText()
            }
            offset += n
        }
        return nil
    }

    /// Best effort: makes the rename durable by syncing the directory entry.
    private static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        _ = close(fd)
    }

    private static func lastErrorText() -> String {
        let code = errno
        return "\(String(cString: strerror(code))) (errno \(code))"
    }
}
