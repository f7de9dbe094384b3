import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads an input file whole, with messages a user can act on: a missing file, a folder, a symbolic-link loop,
/// a device or pipe (`/dev/null`), an unreadable or over-large file each get their own ``InputError`` naming the
/// path (never a platform error domain or code).
public enum InputFile {
    /// Largest input file read, bytes (1 GiB).
    public static let maximumSize = 1 << 30

    public static func read(path: String) throws -> Data {
        func fail(_ message: String) -> InputError { InputError(file: path, message: message) }
        guard !path.isEmpty else { throw fail("empty file name") }
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            switch code {
            case ENOENT:
                var link = stat()
                if lstat(path, &link) == 0 { throw fail("a symbolic link to a file that does not exist") }
                throw fail("no such file")
            case ELOOP: throw fail("a loop of symbolic links, not a file")
            case EACCES: throw fail("permission denied (a folder on the path cannot be searched)")
            case ENOTDIR: throw fail("a part of the path is a file, not a folder")
            case ENAMETOOLONG: throw fail("the path is too long")
            default: throw fail("cannot read the file (\(String(cString: strerror(code))))")
            }
        }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw fail("a folder, not a file") }
        guard type == S_IFREG else {
            throw fail("not a regular file (a device, pipe or socket such as /dev/null); give a data file")
        }
        guard Int(info.st_size) <= maximumSize else {
            throw fail("the file is \(info.st_size) bytes; at most \(maximumSize) are read")
        }
        guard access(path, R_OK) == 0 else { throw fail("permission denied: the file cannot be read") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw fail("cannot open the file") }
        defer { try? handle.close() }
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw fail("read error (\(String(cString: strerror(errno))))")
        }
    }
}
