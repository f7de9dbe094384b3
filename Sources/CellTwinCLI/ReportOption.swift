import ArgumentParser
import CellTwin
import Foundation

/// `--report FILE`: one self-contained HTML page of the run (``HTMLReport``). A command adds it with
/// `@OptionGroup var report: ReportOption` and one `try report.write { … }` after its run.
struct ReportOption: ParsableArguments {
    @Option(name: .customLong("report"),
            help: "Write one self-contained HTML report (inputs with their checksums, tables, every chart) to this file.")
    var path: String?

    func validate() throws {
        if let path, path.isEmpty || path.hasSuffix("/") { throw ValidationError("--report needs a file name, e.g. report.html") }
    }

    /// Builds and writes the report when `--report` was given (atomically: complete or absent).
    func write(_ make: () throws -> HTMLReport) throws {
        guard let path else { return }
        try make().write(to: URL(fileURLWithPath: path))
    }
}
