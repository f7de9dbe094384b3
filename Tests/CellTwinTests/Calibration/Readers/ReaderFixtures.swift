import Foundation

/// The external instrument files the reader tests read, and a temporary file for inline ones.
enum ReaderFixtures {
    static let external = Fixtures.packageRoot.appendingPathComponent("Calibration/external")
    static let liliFolder = external.appendingPathComponent("datalab-li-li")
    static let stem = "jr862_11_08_23_insitu-impedance-LiLi_1MLiTFSI_TEGDME-1mA"
    static let gcpl = liliFolder.appendingPathComponent(stem + "_03_GCPL_C05.txt").path
    static let gcplLoops = liliFolder.appendingPathComponent(stem + "_03_GCPL_C05_LOOP.txt").path
    static let geisLoops = liliFolder.appendingPathComponent(stem + "_02_GEIS_C05_LOOP.txt").path
    static let geis = liliFolder.appendingPathComponent("LiLi_GEIS_derived_from_mpr.csv").path
    static let mpt = external.appendingPathComponent("impedance-py/exampleDataBioLogic.mpt").path
    static let exampleData = external.appendingPathComponent("impedance-py/exampleData.csv").path

    static func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-readers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }
}
