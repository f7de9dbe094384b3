import Foundation

/// The format a command prints on standard output.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, json
}

/// A file of a report: its name inside the output folder and its text.
public struct ReportFile: Sendable {
    public var name: String
    public var contents: String

    public init(_ name: String, _ contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// What a command shows, built once from its typed results: the files it writes into `--output` and its text on
/// standard output in each ``OutputFormat``. ``emit(_:_:)`` is the one place that chooses between them.
public protocol Report {
    /// The files written into the output folder, in the order they are written.
    func files() throws -> [ReportFile]
    func table() throws -> String
    func csv() throws -> String
    func json() throws -> String
    /// Whether the table ends with "files written to DIR" when an output folder was given.
    var tableNamesOutputFolder: Bool { get }
    /// Lines for standard error beside the CSV, which has no place for them (the table and JSON carry them).
    var notesBesideCSV: [String] { get }
}

extension Report {
    public var tableNamesOutputFolder: Bool { true }
    public var notesBesideCSV: [String] { [] }
}

/// Where and how ``emit(_:_:)`` shows a report.
public struct EmitOptions {
    public var format: OutputFormat
    /// The `--output` folder (nil: no files).
    public var directory: String?
    /// Called before each file is written with its index and the number of files (a study stops here on an
    /// interrupt, leaving only complete files).
    public var beforeFile: ((Int, Int) throws -> Void)?

    public init(format: OutputFormat, directory: String?, beforeFile: ((Int, Int) throws -> Void)? = nil) {
        self.format = format
        self.directory = directory
        self.beforeFile = beforeFile
    }
}

/// Writes the report's files into the output folder (each atomically: complete or absent), then prints it on
/// standard output in the chosen format.
public func emit(_ report: some Report, _ options: EmitOptions) throws {
    if let directory = options.directory {
        let url = URL(fileURLWithPath: directory)
        let files = try report.files()
        for (k, file) in files.enumerated() {
            try options.beforeFile?(k, files.count)
            try AtomicFile.write(file.contents, to: url.appendingPathComponent(file.name))
        }
    }
    switch options.format {
    case .json: print(try report.json(), terminator: "")
    case .csv:
        print(try report.csv(), terminator: "")
        for line in report.notesBesideCSV { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    case .table:
        print(try report.table(), terminator: "")
        if let directory = options.directory, report.tableNamesOutputFolder { print("files written to \(directory)") }
    }
}
