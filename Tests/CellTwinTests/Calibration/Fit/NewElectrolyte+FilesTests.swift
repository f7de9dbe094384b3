import Foundation
import Testing
@testable import CellTwin

/// `celltwin new electrolyte`'s files: the model file in the library, the fit set-up and a copy of the table beside it.
@Suite struct NewElectrolyteFilesTests {
    /// A copy of the shipped model library in a fresh folder, and a measurement table of NEW-1 in it.
    static func workspace() throws -> (library: ModelLibrary, table: String) {
        let dir = try FitFixtures.tempDir()
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("Models"), to: dir.appendingPathComponent("Models"))
        let table = dir.appendingPathComponent("lab.csv").path
        let law = Arrhenius(referenceValue: 2e-4, activationEnergy_J_mol: 40_000, referenceTemperature_K: 298.15)
        let lines = [0.0, 60].map { t in
            FitFixtures.row("NEW-1", "conductivity", t: t, quantity: "sigma", value: law.value(at: Units.kelvin(celsius: t)), unit: "S/cm")
        } + [FitFixtures.row("OTHER", "conductivity", t: 25, quantity: "sigma", value: 1e-4, unit: "S/cm")]
        try (([FitFixtures.header] + lines).joined(separator: "\n") + "\n").write(toFile: table, atomically: true, encoding: .utf8)
        return (ModelLibrary(directory: dir.appendingPathComponent("Models")), table)
    }

    @Test("writes a model file that loads, a fit set-up and the table under Calibration/<id>; refuses to overwrite")
    func writesAndRefusesToOverwrite() throws {
        let w = try Self.workspace()
        let o = NewElectrolyte.Options(id: "NEW-1", family: "polymer")
        let files = try NewElectrolyte.create(o, tablePath: w.table, library: w.library, replace: false)
        #expect(files.model.lastPathComponent == "NEW-1.toml" && files.fit.path.hasSuffix("Calibration/NEW-1/fit.toml"))
        _ = try w.library.electrolyte("NEW-1")
        let copied = files.fit.deletingLastPathComponent().appendingPathComponent("measurements.csv").path
        #expect(try String(contentsOfFile: copied, encoding: .utf8) == (try String(contentsOfFile: w.table, encoding: .utf8)))
        #expect { try NewElectrolyte.create(o, tablePath: w.table, library: w.library, replace: false) } throws: {
            "\($0)".contains("NEW-1.toml: exists already (pass --force to replace it)")
        }
        _ = try NewElectrolyte.create(o, tablePath: w.table, library: w.library, replace: true)
    }

    @Test("an ID the table does not hold names the table's electrolytes, and nothing is written")
    func unknownID() throws {
        let w = try Self.workspace()
        #expect { try NewElectrolyte.create(NewElectrolyte.Options(id: "NEW-9", family: "polymer"), tablePath: w.table, library: w.library,
                                            replace: false) } throws: {
            "\($0)".contains("key 'electrolyte': no rows of 'NEW-9' (the table's electrolytes: NEW-1, OTHER)")
        }
        #expect(!FileManager.default.fileExists(atPath: w.library.electrolytePath("NEW-9")))
    }
}
