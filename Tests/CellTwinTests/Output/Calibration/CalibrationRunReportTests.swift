import Foundation
import Testing
@testable import CellTwin

/// `celltwin calibrate`'s report on an Arrhenius conductivity fit to exact data (σ₂₅ = 2e-4 S/cm, Eₐ/R = 4000 K):
/// report.md and fit.json first, then its charts; the JSON written is the JSON printed, and the CSV is the table.
@Suite struct CalibrationRunReportTests {
    @Test func filesAndOutputsOfAConductivityFit() throws {
        let rows = [0.0, 25, 50, 75, 100].map { (t: Double) -> String in
            let sigma: Double = 2e-4 * exp(-4000 * (1 / (t + 273.15) - 1 / 298.15))
            return FitFixtures.row("CPCSE", "conductivity", t: t, quantity: "sigma", value: sigma, unit: "S/cm")
        }
        let fit = try FitFixtures.setup(electrolyte: "CPCSE", rows: rows,
                                        free: ["key = \"conductivity.sigma_S_cm\"", "key = \"conductivity.activation_energy_kJ_mol\""])
        defer { try? FileManager.default.removeItem(at: URL(fileURLWithPath: fit).deletingLastPathComponent()) }
        let result = try Calibrator.run(setupPath: fit, library: Fixtures.models)
        let report = CalibrationRunReport(result)
        let files = try report.files()
        #expect(Array(files.map(\.name).prefix(2)) == ["report.md", "fit.json"] && files.dropFirst(2).allSatisfy { $0.name.hasSuffix(".svg") })
        #expect(try files[1].contents == report.json())
        #expect(report.csv() == report.table() && !report.tableNamesOutputFolder)
        // The exact data are fitted exactly: Eₐ = 4000 K · R = 33.258 kJ/mol and σ₂₅ = 2e-4 S/cm, and the table names them.
        let ea = try #require(result.parameters.first { $0.key == "conductivity.activation_energy_kJ_mol" })
        let sigma = try #require(result.parameters.first { $0.key == "conductivity.sigma_S_cm" })
        #expect(abs(ea.value / (4000 * Physical.gas / 1000) - 1) < 1e-4 && abs(sigma.value / 2e-4 - 1) < 1e-4, "\(ea.value), \(sigma.value)")
        #expect(report.table().contains("activation_energy_kJ_mol"), "\(report.table())")
    }
}
