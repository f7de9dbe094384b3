import Crypto
import Foundation

/// What produced an output: the program's version, the git revision of the repository holding the model files
/// (read from its `.git` at run time; nil outside a repository) and a SHA-256 over the model set (every `*.toml`
/// under the model directory, by relative path and content), so two results can be traced to the same models.
public struct Provenance: Codable, Sendable, Equatable {
    /// The program's version.
    public static let version = "0.9.0"

    public var version: String
    public var git_revision: String?
    public var models_directory: String?
    public var models_sha256: String?

    public init(version: String = Provenance.version, gitRevision: String?, modelsDirectory: String?, modelsSHA256: String?) {
        self.version = version
        git_revision = gitRevision
        models_directory = modelsDirectory
        models_sha256 = modelsSHA256
    }

    /// The provenance of runs on `library`.
    public init(library: ModelLibrary?) {
        let dir = library?.directory.standardizedFileURL
        self.init(gitRevision: dir.flatMap { Self.gitRevision(near: $0.deletingLastPathComponent()) },
                  modelsDirectory: dir?.path, modelsSHA256: dir.flatMap(Self.checksum(models:)))
    }

    /// One line: "celltwin 0.9.0, revision 1a2b3c4d5e6f, models sha256 0123…".
    public var summary: String {
        "celltwin \(version), revision \(git_revision.map { String($0.prefix(12)) } ?? "unknown"), "
            + "models \(models_sha256.map { "sha256 " + $0 } ?? "not found")" + (models_directory.map { " (\($0))" } ?? "")
    }

    /// SHA-256 over `relative path NUL content NUL` of every `*.toml` below `models`, in path order.
    public static func checksum(models: URL) -> String? {
        guard let walker = FileManager.default.enumerator(atPath: models.path) else { return nil }
        var paths: [String] = []
        while let p = walker.nextObject() as? String { if p.hasSuffix(".toml") { paths.append(p) } }
        guard !paths.isEmpty else { return nil }
        var hash = SHA256()
        for p in paths.sorted() {
            guard let data = FileManager.default.contents(atPath: models.appendingPathComponent(p).path) else { continue }
            hash.update(data: Data(p.utf8) + Data([0]))
            hash.update(data: data + Data([0]))
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The commit checked out in the repository at `start` or a parent (plain `.git` folders and worktree/submodule
    /// `.git` files, loose and packed refs); nil when there is none.
    public static func gitRevision(near start: URL) -> String? {
        var dir = start
        for _ in 0..<16 {
            let dotGit = dir.appendingPathComponent(".git")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isDir) {
                var gitDir = dotGit
                if !isDir.boolValue {
                    guard let text = try? String(contentsOf: dotGit, encoding: .utf8), text.hasPrefix("gitdir:") else { return nil }
                    let path = text.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespacesAndNewlines)
                    gitDir = path.hasPrefix("/") ? URL(fileURLWithPath: path) : dir.appendingPathComponent(path)
                }
                return revision(gitDir: gitDir)
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
        return nil
    }

    static func revision(gitDir: URL) -> String? {
        func read(_ url: URL) -> String? {
            (try? String(contentsOf: url, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let head = read(gitDir.appendingPathComponent("HEAD")) else { return nil }
        guard head.hasPrefix("ref:") else { return isHash(head) ? head : nil }
        let ref = head.dropFirst(4).trimmingCharacters(in: .whitespaces)
        var dirs = [gitDir]
        if let common = read(gitDir.appendingPathComponent("commondir")) {
            dirs.append(common.hasPrefix("/") ? URL(fileURLWithPath: common) : gitDir.appendingPathComponent(common))
        }
        for d in dirs {
            if let h = read(d.appendingPathComponent(ref)), isHash(h) { return h }
            if let packed = read(d.appendingPathComponent("packed-refs")) {
                for line in packed.split(separator: "\n") where line.hasSuffix(" " + ref) {
                    let h = String(line.prefix(while: { $0 != " " }))
                    if isHash(h) { return h }
                }
            }
        }
        return nil
    }

    static func isHash(_ s: String) -> Bool { s.count >= 40 && s.allSatisfy(\.isHexDigit) }
}

/// The provenance written into every JSON document of a process (set once by the command-line tool; nil in a
/// library use, where JSON documents carry none).
public final class OutputProvenance: @unchecked Sendable {
    public static let shared = OutputProvenance()
    private let lock = NSLock()
    private var provider: (@Sendable () -> Provenance)?
    private var cached: Provenance?

    /// Sets how the provenance is found (evaluated once, at the first JSON document).
    public func set(_ provider: @escaping @Sendable () -> Provenance) {
        lock.withLock { self.provider = provider; cached = nil }
    }

    public var current: Provenance? {
        lock.withLock {
            if cached == nil, let provider { cached = provider() }
            return cached
        }
    }
}
