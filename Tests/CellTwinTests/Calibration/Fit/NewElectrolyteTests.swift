import Foundation
import Testing
@testable import CellTwin

/// A new electrolyte's model file and fit set-up made from its measurement rows.
@Suite struct NewElectrolyteTests {
    /// σ(T) = σ₂₅·exp[−(E_a/R)(1/T − 1/T₂₅)] with σ₂₅ = 2e-4 S/cm and E_a = 40 kJ/mol, at 0, 25 and 60 °C, and a t₊ row.
    static func rows() throws -> [MeasurementRow] {
        let law = Arrhenius(referenceValue: 2e-4, activationEnergy_J_mol: 40_000, referenceTemperature_K: 298.15)
        let lines = [0.0, 25, 60].map { t in
            FitFixtures.row("NEW-1", "conductivity", t: t, quantity: "sigma", value: law.value(at: Units.kelvin(celsius: t)), unit: "S/cm")
        } + [FitFixtures.row("NEW-1", "transference", t: 60, quantity: "t_plus", value: 0.35, unit: "")]
        return try MeasurementTable.parse(text: ([FitFixtures.header] + lines).joined(separator: "\n") + "\n", path: "measurements.csv")
    }

    static func cathodes() throws -> [String: Cathode] {
        var c: [String: Cathode] = [:]
        for id in Fixtures.models.cathodeIDs { c[id] = try Fixtures.models.cathode(id) }
        return c
    }

    @Test("Arrhenius rows: the model file's law reproduces every σ row and E_a; the fit set-up frees σ and E_a")
    func conductivityFromTheRows() throws {
        let (model, fit) = try NewElectrolyte.make(NewElectrolyte.Options(id: "NEW-1", family: "polymer"), rows: try Self.rows(),
                                                   cathodes: try Self.cathodes())
        let dir = try FitFixtures.tempDir()
        let path = dir.appendingPathComponent("NEW-1.toml").path
        try model.write(toFile: path, atomically: true, encoding: .utf8)
        let e = try ElectrolyteFile.load(path: path)
        for t in [0.0, 25, 60] {
            let expected = 2e-4 * exp(-(40_000 / Physical.gas) * (1 / Units.kelvin(celsius: t) - 1 / 298.15))
            #expect(abs(Units.S_cm(S_m: e.conductivity.sigma_S_m(at: Units.kelvin(celsius: t))) / expected - 1) < 1e-6, "\(t) °C")
        }
        #expect(abs(e.transferenceNumber - 0.35) < 1e-12)
        // The valid range: 10 °C beyond the measured temperatures, inside 0…150 °C.
        #expect(abs(e.validTemperatureRange_K.lowerBound - 273.15) < 1e-9 && abs(e.validTemperatureRange_K.upperBound - 343.15) < 1e-9)
        #expect(fit.contains("conductivity.sigma_S_cm") && fit.contains("conductivity.activation_energy_kJ_mol"))
        #expect(fit.contains("electrolyte = \"NEW-1\"") && fit.contains("measurements.csv"))
    }

    @Test("an overpotential-scaling row: the written set-up gives its kind weight 0 (validate checks it, the fit cannot use it)")
    func overpotentialScalingRowIsLeftOutOfTheFit() throws {
        let check = FitFixtures.row("NEW-1", "overpotential_scaling", cathode: "LFP", cRate: 0.2, quantity: "ir_drop_vs_resistivity",
                                    value: 0, unit: "").replacingOccurrences(of: ",0.0,,=", with: ",linear,,=")
        let (_, without) = try NewElectrolyte.make(NewElectrolyte.Options(id: "NEW-1", family: "polymer"), rows: try Self.rows(),
                                                   cathodes: try Self.cathodes())
        #expect(!without.contains("[weights]"))
        let lines = [0.0, 25, 60].map { t in
            FitFixtures.row("NEW-1", "conductivity", t: t, quantity: "sigma", value: 2e-4, unit: "S/cm")
        } + [check]
        let rows = try MeasurementTable.parse(text: ([FitFixtures.header] + lines).joined(separator: "\n") + "\n", path: "measurements.csv")
        let (_, fit) = try NewElectrolyte.make(NewElectrolyte.Options(id: "NEW-1", family: "polymer"), rows: rows,
                                               cathodes: try Self.cathodes())
        #expect(fit.contains("[weights]\noverpotential_scaling = 0   # measurements.csv:5"))
        let dir = try FitFixtures.tempDir()
        try ([FitFixtures.header] + lines).joined(separator: "\n").appending("\n")
            .write(to: dir.appendingPathComponent("measurements.csv"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("fit.toml").path
        try fit.write(toFile: path, atomically: true, encoding: .utf8)
        let setup = try FitSetup.load(path: path)
        #expect(setup.weight("overpotential_scaling") == 0 && setup.weight("conductivity") == 1)
    }

    @Test("one σ row and an E_a row: σ at that row's temperature, E_a as given (eV converted)")
    func oneSigmaRowAndAnActivationEnergy() throws {
        let lines = [FitFixtures.row("NEW-2", "conductivity", t: 30, quantity: "sigma", value: 5e-4, unit: "S/cm"),
                     FitFixtures.row("NEW-2", "activation_energy", quantity: "Ea", value: 0.5, unit: "eV")]
        let rows = try MeasurementTable.parse(text: ([FitFixtures.header] + lines).joined(separator: "\n") + "\n", path: "measurements.csv")
        var v: [String: NewElectrolyte.Entry] = ["conductivity.activation_energy_kJ_mol": .init(value: 30, source: "prior", prior: nil)]
        let (tRef, ea) = NewElectrolyte.conductivity(rows, file: "measurements.csv", into: &v)
        #expect(tRef == 30 && abs(ea - 0.5 * 96.485) < 1e-12)
        #expect(v["conductivity.sigma_S_cm"]?.value == 5e-4 && v["conductivity.sigma_S_cm"]?.source.contains("measurements.csv:2") == true)
        #expect(v["conductivity.valid_min_C"]?.value == 20 && v["conductivity.valid_max_C"]?.value == 40)
    }
}
