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

    /// Runs the binary to the end and collects its output, with the processor time it used (user + system, s),
    /// which, unlike the wall time, does not grow when other processes share the cores. The binary runs under
    /// `/bin/sh`, whose `times` reports its children's processor time on two lines appended to stderr (taken off the
    /// result's stderr again).
    static func runMeasured(_ arguments: [String], in directory: URL = Fixtures.packageRoot) throws -> (Result, cpu_s: Double) {
        let script = "\"$@\"; status=$?; times >&2; exit $status"
        var r = try run(["-c", script, "sh", binary.path] + arguments, in: directory, executable: URL(fileURLWithPath: "/bin/sh"))
        var lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let children = try #require(lines.last, "no processor times from /bin/sh")
        // "0m1.230000s 0m0.050000s": user and system time of the children.
        let seconds = children.split(separator: " ").compactMap { field -> Double? in
            guard let m = field.firstIndex(of: "m"), field.hasSuffix("s"), let minutes = Double(field[..<m]),
                  let s = Double(field[field.index(after: m)..<field.index(before: field.endIndex)]) else { return nil }
            return 60 * minutes + s
        }
        try #require(seconds.count == 2, "processor times: \(children)")
        r.stderr = lines.dropLast(2).map { $0 + "\n" }.joined()
        return (r, seconds[0] + seconds[1])
    }

    /// Runs the binary to the end and collects its output.
    static func run(_ arguments: [String], in directory: URL = Fixtures.packageRoot, executable: URL? = nil) throws -> Result {
        let p = try process(arguments, in: directory)
        if let executable { p.executableURL = executable }
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
