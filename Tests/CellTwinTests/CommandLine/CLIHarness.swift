import Foundation
import Testing
@testable import CellTwin

/// Runs the built `celltwin` binary for the end-to-end tests (`make test` builds it before testing).
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `$CELLTWIN_BINARY`, else the `celltwin` built beside this test bundle (any --scratch-path), else
    /// `.build/debug/celltwin`.
    static var binary: URL {
        if let explicit = ProcessInfo.processInfo.environment["CELLTWIN_BINARY"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        let beside = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments.first ?? "")]
            .compactMap { $0?.deletingLastPathComponent().appendingPathComponent("celltwin") }
        let fallback = Fixtures.packageRoot.appendingPathComponent(".build/debug/celltwin")
        return (beside + [fallback]).first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? fallback
    }

    /// A process for the binary, not yet started (for tests that signal it).
    static func process(_ arguments: [String], in directory: URL = Fixtures.packageRoot) throws -> Process {
        let bin = binary
        try #require(FileManager.default.isExecutableFile(atPath: bin.path), "build the tool first: swift build (make test does)")
        let p = Process()
        p.executableURL = bin
        p.arguments = arguments
        p.currentDirectoryURL = directory
        return p
    }

    /// Runs the binary to the end and collects its output.
    static func run(_ arguments: [String], in directory: URL = Fixtures.packageRoot) throws -> Result {
        let p = try process(arguments, in: directory)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes at once, so a full stderr pipe cannot block the tool while stdout is read.
        let errData = Box()
        let reader = Thread { errData.data = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !errData.done { usleep(1000) }
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: errData.data, as: UTF8.self))
    }

    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var stored = Data()
        private var finished = false
        var data: Data {
            get { lock.withLock { stored } }
            set { lock.withLock { stored = newValue; finished = true } }
        }
        var done: Bool { lock.withLock { finished } }
    }

    /// A new, empty temporary directory.
    static func temporaryDirectory(_ prefix: String = "celltwin-cli") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}
