import Foundation
import Testing
@testable import CellTwin

/// Activation-energy rows: the conductivity law's apparent E_a at the mean temperature of the conductivity rows.
@Suite struct ActivationEnergyObservationTests {
    static func row(_ value: Double, unit: String) -> String {
        FitFixtures.row("CPCSE", "activation_energy", quantity: "Ea", value: value, unit: unit)
    }

    @Test("eV, kJ/mol and J/mol rows are points in kJ/mol (1 eV = F/1000 kJ/mol); another unit is refused")
    func unitsAreConverted() throws {
        #expect(try ObservationFixtures.point(Self.row(0.5, unit: "eV")).measured == 0.5 * 96.485)
        #expect(try ObservationFixtures.point(Self.row(35, unit: "kJ/mol")).measured == 35)
        #expect(try ObservationFixtures.point(Self.row(35_000, unit: "J/mol")).measured == 35)
        #expect(try ObservationFixtures.point(Self.row(35, unit: "kJ/mol")).unit == "kJ/mol")
        #expect(try ObservationFixtures.reason(Self.row(8, unit: "kcal/mol")).contains("unit 'kcal/mol'"))
    }

    @Test("the prediction is E_app at the mean temperature of the conductivity rows; residual relative to 10 %")
    func predictAtTheMeanConductivityTemperature() throws {
        let b = try ObservationFixtures.build([
            Self.row(35, unit: "kJ/mol"),
            FitFixtures.row("CPCSE", "conductivity", t: 20, quantity: "sigma", value: 1e-4, unit: "S/cm"),
            FitFixtures.row("CPCSE", "conductivity", t: 60, quantity: "sigma", value: 1e-3, unit: "S/cm"),
        ])
        let model = try ObservationFixtures.model(b.points)
        #expect(model.activationTemperature_K == 313.15)
        let e = try Fixtures.models.electrolyte("CPCSE")
        let ea = try #require(b.points.firstIndex { $0.kind == .activationEnergy })
        let predicted = try model.predictions([])[ea]
        #expect(abs(predicted - e.conductivity.apparentActivationEnergy_J_mol(at: 313.15) / 1000) < 1e-9)
        let p = b.points[ea]
        #expect(abs(p.observation.residual(p, model: 38.5) - 1) < 1e-12)
    }

    @Test("a row quoted in eV is compared in eV")
    func comparedInTheRowsUnit() throws {
        let p = try ObservationFixtures.point(Self.row(0.4, unit: "eV"))
        let c = p.observation.compare(p, predicted: 0.42 * 96.485)
        #expect(c.unit == "eV" && abs(c.measured - 0.4) < 1e-12 && abs(c.predicted - 0.42) < 1e-12)
        #expect(c.within && abs(c.error - 0.05) < 1e-12)
        #expect(!p.observation.compare(p, predicted: 0.45 * 96.485).within)
    }
}
