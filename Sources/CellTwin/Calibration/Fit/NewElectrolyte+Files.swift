import Foundation

extension NewElectrolyte {
    /// The files `celltwin new electrolyte` writes: the model file in the library and the fit set-up with its
    /// measurement table in `Calibration/<id>/` beside the library.
    public struct WrittenFiles: Sendable {
        public var model: URL
        public var fit: URL
    }

    /// Reads `o.id`'s rows from the measurement table at `tablePath`, makes the model file and the fit set-up
    /// (``make(_:rows:cathodes:)``) and writes them with a copy of the table. Nothing is written unless the model file
    /// loads; existing files are replaced only with `replace`.
    public static func create(_ o: Options, tablePath: String, library: ModelLibrary, replace: Bool) throws -> WrittenFiles {
        let all = try MeasurementTable.load(path: tablePath)
        let rows = all.filter { $0.electrolyte == o.id }
        guard !rows.isEmpty else {
            let ids = Array(Set(all.map(\.electrolyte))).sorted()
            throw InputError(file: tablePath, key: "electrolyte",
                             message: "no rows of '\(o.id)' (the table's electrolytes: \(ids.joined(separator: ", ")))")
        }
        try MeasurementKinds.check(rows)   // the rows of this electrolyte; a shared table may hold others
        var cathodes: [String: Cathode] = [:]
        for c in library.cathodeIDs { cathodes[c] = try library.cathode(c) }
        let (model, fit) = try make(o, rows: rows, cathodes: cathodes)
        let modelURL = URL(fileURLWithPath: library.electrolytePath(o.id))
        let dir = library.directory.deletingLastPathComponent().appendingPathComponent("Calibration").appendingPathComponent(o.id)
        let fitURL = dir.appendingPathComponent("fit.toml"), dataURL = dir.appendingPathComponent(o.dataFileName)
        if !replace {
            for u in [modelURL, fitURL] where FileManager.default.fileExists(atPath: u.path) {
                throw InputError(file: u.path, message: "exists already (pass --force to replace it)")
            }
        }
        // The model file must load before anything is written.
        let check = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: check, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: check) }
        let probe = check.appendingPathComponent("\(o.id).toml")
        try model.write(to: probe, atomically: true, encoding: .utf8)
        _ = try ElectrolyteFile.load(path: probe.path)

        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: tablePath).standardizedFileURL
        if source.path != dataURL.standardizedFileURL.path {
            try AtomicFile.write(try DelimitedText.text(path: source.path), to: dataURL)
        }
        try AtomicFile.write(fit, to: fitURL)
        try AtomicFile.write(model, to: modelURL)
        return WrittenFiles(model: modelURL, fit: fitURL)
    }
}
