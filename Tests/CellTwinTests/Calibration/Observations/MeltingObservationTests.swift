import Foundation
import Testing
@testable import CellTwin

/// A melting row (a DSC melting peak or a stated σ(T) crossover) as calibration data for the crystalline phase.
@Suite struct MeltingObservationTests {
    @Test("a melting row fixes T_m of a two-regime law; with σ(T) rows across the crossover the fit recovers it")
    func meltingRowCalibratesTheMeltingTemperature() throws {
        // Truth: ANP-C-2.0K's law with T_m = 56 °C; σ rows at 30…90 °C with ±1 % noise; the melting row says 55 °C.
        var truth = try Fixtures.models.electrolyte("ANP-C-2.0K")
        let tm = try #require(ElectrolyteKeys.key("conductivity.melting_temperature_C"))
        tm.set(&truth, 56)
        let temps = stride(from: 30.0, through: 90, by: 5).map { $0 }
        var rows = temps.enumerated().map { i, t in
            FitFixtures.row("ANP-C-2.0K", "conductivity", t: t, quantity: "sigma",
                            value: truth.conductivity.sigma_S_m(at: Units.kelvin(celsius: t)) / 100 * FitFixtures.noise(i), unit: "S/cm")
        }
        rows.append(FitFixtures.row("ANP-C-2.0K", "melting", quantity: "Tm", value: 55, unit: "C"))
        let path = try FitFixtures.setup(electrolyte: "ANP-C-2.0K", rows: rows,
                                         free: ["key = \"conductivity.sigma_S_cm\"", "key = \"conductivity.melting_temperature_C\""])
        let r = try Calibrator.run(setupPath: path, library: Fixtures.models)
        let fitted = try #require(r.parameters.first { $0.key == "conductivity.melting_temperature_C" })
        // The σ rows put T_m at 56, the melting row at 55 (3 K tolerance): between them, nearer the σ rows.
        #expect(fitted.value > 55 && fitted.value < 56.6, "T_m fitted \(fitted.value)")
        FitFixtures.expectRecovered(r, "conductivity.sigma_S_cm", try #require(ElectrolyteKeys.key("conductivity.sigma_S_cm")).get(truth))
        let melting = try #require(r.points.first { $0.kind == "melting" })
        #expect(abs(melting.model - fitted.value) < 1e-9)

        // Alone, the melting row moves T_m onto it.
        let alone = try FitFixtures.setup(electrolyte: "ANP-C-2.0K",
                                          rows: [FitFixtures.row("ANP-C-2.0K", "melting", quantity: "Tm", value: 47, unit: "C")],
                                          free: ["key = \"conductivity.melting_temperature_C\""])
        let a = try Calibrator.run(setupPath: alone, library: Fixtures.models)
        #expect(abs(a.parameters[0].value - 47) < 0.01, "T_m \(a.parameters[0].value)")
    }

    @Test("a melting row needs a temperature in C, and an unknown unit is an error naming the row")
    func meltingRowUnits() throws {
        #expect(MeasurementKinds.kind("melting")?.frees == ["conductivity.melting_temperature_C"])
        let d = try FitFixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: d) }
        let file = d.appendingPathComponent("m.csv")
        try ([FitFixtures.header, FitFixtures.row("X", "melting", quantity: "Tm", value: 328, unit: "K")].joined(separator: "\n") + "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let rows = try MeasurementTable.load(path: file.path)
        #expect {
            try MeasurementKinds.check(rows)
        } throws: { error in
            "\(error)".contains("unit") && "\(error)".contains(":2")
        }
    }
}
