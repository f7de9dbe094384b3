import Foundation
import Testing
@testable import CellTwin

/// Coulombic efficiency rows: the charge lost per cycle, 1 − CE, is what is compared.
@Suite struct CoulombicEfficiencyObservationTests {
    static func row(_ value: Double, unit: String = "fraction") -> String {
        FitFixtures.row("CPCSE", "coulombic_efficiency", t: 30, cathode: "LFP", cRate: 0.5, cycle: 100, quantity: "CE",
                        value: value, unit: unit)
    }

    @Test("a CE is a fraction strictly between 0 and 1")
    func classify() throws {
        #expect(try ObservationFixtures.point(Self.row(0.998)).kind == .coulombicEfficiency)
        for bad in [1.0, 0.0, 99.8] { #expect(try ObservationFixtures.reason(Self.row(bad)).contains("is not a fraction below 1")) }
        #expect(try ObservationFixtures.reason(Self.row(99.8, unit: "%")).contains("(%) is not a fraction below 1"))
    }

    @Test("residual ln((1 − CE_model)/(1 − CE))/ln 1.2: one tolerance when the loss per cycle is 20 % larger")
    func residualOnTheLossPerCycle() throws {
        let p = try ObservationFixtures.point(Self.row(0.99))
        #expect(abs(p.observation.residual(p, model: 1 - 0.012) - 1) < 1e-9)
        #expect(abs(p.observation.residual(p, model: 1 - 0.01 / 1.44) + 2) < 1e-9)
        // A model CE of 1 (no loss) is far off but finite.
        #expect(p.observation.residual(p, model: 1).isFinite)
    }

    @Test("validation: 1 − CE within 20 %")
    func compare() throws {
        let p = try ObservationFixtures.point(Self.row(0.99))
        let c = p.observation.compare(p, predicted: 0.9885)
        #expect(c.within && abs(c.error - 0.15) < 1e-9 && c.errorText == "+15 % of 1 − CE")
        #expect(!p.observation.compare(p, predicted: 0.987).within)
        #expect(!p.observation.compare(p, predicted: 0.9979).within)
    }
}
