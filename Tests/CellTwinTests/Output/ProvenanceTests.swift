import Foundation
import Testing
@testable import CellTwin

/// What every JSON document says about where it came from: the git revision read from a repository's files (loose,
/// packed, detached, worktree), the checksum of the model files, and its one-line summary.
@Suite struct ProvenanceTests {
    static let hashA = String(repeating: "a1", count: 20), hashB = String(repeating: "b2", count: 20)

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("provenance-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func write(_ text: String, _ url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    @Test func theRevisionIsReadFromTheRepositorysFiles() throws {
        let repo = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: repo) }
        let git = repo.appendingPathComponent(".git")
        let deep = repo.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        // A loose ref, found from a folder two levels down.
        try Self.write("ref: refs/heads/main\n", git.appendingPathComponent("HEAD"))
        try Self.write(Self.hashA + "\n", git.appendingPathComponent("refs/heads/main"))
        #expect(Provenance.gitRevision(near: deep) == Self.hashA)
        // A packed ref.
        try FileManager.default.removeItem(at: git.appendingPathComponent("refs/heads/main"))
        try Self.write("# pack-refs with: peeled\n\(Self.hashB) refs/heads/main\n", git.appendingPathComponent("packed-refs"))
        #expect(Provenance.gitRevision(near: repo) == Self.hashB)
        // A detached HEAD; then a HEAD that is neither a ref nor a hash.
        try Self.write(Self.hashA, git.appendingPathComponent("HEAD"))
        #expect(Provenance.gitRevision(near: repo) == Self.hashA)
        try Self.write("garbage", git.appendingPathComponent("HEAD"))
        #expect(Provenance.gitRevision(near: repo) == nil)
    }

    /// A worktree's `.git` file points at its git folder, whose `commondir` holds the refs.
    @Test func aWorktreeFindsItsRefsThroughTheCommonFolder() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let common = root.appendingPathComponent("main/.git")
        let wtGit = common.appendingPathComponent("worktrees/wt")
        try Self.write("ref: refs/heads/topic\n", wtGit.appendingPathComponent("HEAD"))
        try Self.write("../..\n", wtGit.appendingPathComponent("commondir"))
        try Self.write(Self.hashB + "\n", common.appendingPathComponent("refs/heads/topic"))
        let worktree = root.appendingPathComponent("wt")
        try Self.write("gitdir: \(wtGit.path)\n", worktree.appendingPathComponent(".git"))
        #expect(Provenance.gitRevision(near: worktree) == Self.hashB)
    }

    /// The checksum covers the `*.toml` files only, by path and content: it changes with a file's content or name,
    /// not with another kind of file; without model files there is none.
    @Test func theChecksumCoversTheModelFiles() throws {
        let models = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: models) }
        #expect(Provenance.checksum(models: models) == nil)
        try Self.write("a = 1\n", models.appendingPathComponent("electrolytes/A.toml"))
        try Self.write("b = 2\n", models.appendingPathComponent("cathodes/B.toml"))
        let first = try #require(Provenance.checksum(models: models))
        #expect(first.count == 64 && first.allSatisfy(\.isHexDigit))
        try Self.write("notes", models.appendingPathComponent("README.md"))
        #expect(Provenance.checksum(models: models) == first)
        try Self.write("a = 1.0\n", models.appendingPathComponent("electrolytes/A.toml"))
        let changed = try #require(Provenance.checksum(models: models))
        #expect(changed != first)
        try FileManager.default.moveItem(at: models.appendingPathComponent("electrolytes/A.toml"),
                                         to: models.appendingPathComponent("electrolytes/C.toml"))
        #expect(Provenance.checksum(models: models) != changed)
    }

    @Test func theSummaryLine() {
        let p = Provenance(gitRevision: Self.hashA, modelsDirectory: "/m", modelsSHA256: "0123")
        #expect(p.summary == "celltwin \(Provenance.version), revision a1a1a1a1a1a1, models sha256 0123 (/m)")
        let none = Provenance(gitRevision: nil, modelsDirectory: nil, modelsSHA256: nil)
        #expect(none.summary == "celltwin \(Provenance.version), revision unknown, models not found")
    }
}
