import Foundation
import Testing
@testable import CellTwin

/// Conductivity rows: σ in S/cm at the row's temperature against the electrolyte's σ(T) law.
@Suite struct ConductivityObservationTests {
    static func row(_ sigma: Double, t: Double? = 60, unit: String = "S/cm", qualifier: String = "=") -> String {
        FitFixtures.row("CPCSE", "conductivity", t: t, quantity: "sigma", value: sigma, unit: unit, qualifier: qualifier)
    }

    @Test("a σ row in S/cm is a point at its temperature; another unit or no temperature is refused with the reason")
    func classify() throws {
        let p = try ObservationFixtures.point(Self.row(1.6e-3))
        #expect(p.kind == .conductivity && p.measured == 1.6e-3 && p.unit == "S/cm" && p.temperature_C == 60)
        #expect(try ObservationFixtures.reason(Self.row(0.16, unit: "S/m")).contains("is not a conductivity in S/cm"))
        #expect(try ObservationFixtures.reason(Self.row(1.6e-3, t: nil)) == "no temperature")
        // The set-up's assumed temperature does not stand in for a σ row's own.
        #expect(try ObservationFixtures.reason(Self.row(1.6e-3, t: nil), temperature_C: 30) == "no temperature")
    }

    @Test("the prediction is the law's σ at the row's temperature in S/cm; the residual is ln(model/measured)/0.05")
    func predictAndResidual() throws {
        let p = try ObservationFixtures.point(Self.row(1.6e-3))
        let model = try ObservationFixtures.model([p])
        let e = try Fixtures.models.electrolyte("CPCSE")
        let predicted = try #require(try model.predictions([]).first)
        #expect(abs(predicted / Units.S_cm(S_m: e.conductivity.sigma_S_m(at: 333.15)) - 1) < 1e-12)
        // A model 5 % × e above the measurement is one tolerance off: ln(e^0.05) / 0.05 = 1.
        #expect(abs(p.observation.residual(p, model: 1.6e-3 * exp(0.05)) - 1) < 1e-12)
        #expect(abs(p.observation.residual(p, model: 1.6e-3 * exp(-0.1)) + 2) < 1e-12)
    }

    @Test("validation: within 10 % either way; a lower bound (>=) accepts any larger value")
    func compare() throws {
        let p = try ObservationFixtures.point(Self.row(1e-3))
        #expect(p.observation.compare(p, predicted: 1.09e-3).within)
        #expect(!p.observation.compare(p, predicted: 1.11e-3).within)
        #expect(!p.observation.compare(p, predicted: 0.89e-3).within)
        #expect(p.observation.compare(p, predicted: 1.09e-3).errorText == "+9.0 %")
        let bound = try ObservationFixtures.point(Self.row(1e-3, qualifier: ">="))
        #expect(bound.oneSided == .atLeast)
        #expect(bound.observation.compare(bound, predicted: 5e-3).within)
        #expect(!bound.observation.compare(bound, predicted: 0.8e-3).within)
    }
}
