import Foundation
import Testing
@testable import CellTwin

/// Li|Li polarization rows: |V| at the end of a galvanostatic test.
@Suite struct SymmetricPolarizationObservationTests {
    static func row(_ volts: Double = 0.05, unit: String = "V", current: Double? = 0.1, capacity: Double? = 0.1) -> String {
        FitFixtures.row("CPCSE", "symmetric_polarization", t: 30, current: current, capacity: capacity, quantity: "overpotential",
                        value: volts, unit: unit)
    }

    @Test("a positive voltage in V with a current and areal capacity is a point")
    func classify() throws {
        let p = try ObservationFixtures.point(Self.row())
        #expect(p.kind == .symmetricPolarization && p.measured == 0.05 && p.unit == "V")
        #expect(try ObservationFixtures.reason(Self.row(50, unit: "mV")).contains("is not a voltage in V"))
        #expect(try ObservationFixtures.reason(Self.row(-0.05)).contains("is not a voltage in V"))
        #expect(try ObservationFixtures.reason(Self.row(current: nil)) == "no current or areal capacity")
    }

    @Test("residual ln(V_model/V)/ln 1.25; validated within 25 %")
    func residualAndComparison() throws {
        let p = try ObservationFixtures.point(Self.row(0.04))
        #expect(abs(p.observation.residual(p, model: 0.05) - 1) < 1e-12)
        #expect(abs(p.observation.residual(p, model: 0.04 / 1.5625) + 2) < 1e-12)
        #expect(p.observation.compare(p, predicted: 0.0499).within && !p.observation.compare(p, predicted: 0.0501).within)
    }

    @Test("a fresh Li|Li cell polarizes by more than its ohmic drop J·L/σ at 0.1 mA/cm²")
    func predictionExceedsTheOhmicDrop() throws {
        let p = try ObservationFixtures.point(Self.row())
        let e = try Fixtures.models.electrolyte("CPCSE")
        let model = try ObservationFixtures.model([p])
        let v = try #require(try model.predictions([]).first)
        let ohmic = Units.A_m2(mA_cm2: 0.1) * e.thickness_m / e.conductivity.sigma_S_m(at: 303.15)
        #expect(v > ohmic && v < 1, "polarization \(v) V, ohmic \(ohmic) V")
        #expect(model.simulations == 1)
    }
}
