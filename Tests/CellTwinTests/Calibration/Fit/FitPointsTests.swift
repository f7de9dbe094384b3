import Foundation
import Testing
@testable import CellTwin

/// What every fit point shares before an observation takes its row: predicted kinds, weights, numbers, qualifiers.
@Suite struct FitPointsTests {
    static func sigma(value: String = "1e-4", qualifier: String = "=") -> String {
        FitFixtures.row("CPCSE", "conductivity", t: 25, quantity: "sigma", value: 1e-4, unit: "S/cm", qualifier: qualifier)
            .replacingOccurrences(of: ",0.0001,", with: ",\(value),")
    }

    static func reason(_ row: String, weights: [String: Double] = [:]) throws -> String? {
        let rows = try MeasurementTable.parse(text: FitFixtures.header + "\n" + row + "\n", path: "p.csv")
        var setup = FitSetup(evaluating: "CPCSE", defaultTemperature_C: nil)
        setup.weights = weights
        return FitPointBuilder.build(rows: rows, setup: setup).unfitted.first?.reason
    }

    @Test("qualifiers: = ~ ≈ two-sided, < ≤ at most, > ≥ at least; anything else is refused")
    func qualifiers() throws {
        for (q, side) in [("=", nil), ("~", nil), ("≈", nil), ("<", FitPoint.OneSided.atMost), ("<=", .atMost), ("≤", .atMost),
                          (">", .atLeast), (">=", .atLeast), ("≥", .atLeast)] as [(String, FitPoint.OneSided?)] {
            #expect(try ObservationFixtures.point(Self.sigma(qualifier: q)).oneSided == side, "\(q)")
        }
        #expect(try Self.reason(Self.sigma(qualifier: "about")) == "qualifier 'about' not understood")
    }

    @Test("recorded kinds are not predicted, a weight of 0 drops a kind, a value must be a number")
    func refusals() throws {
        #expect(try Self.reason(FitFixtures.row("CPCSE", "glass_transition", quantity: "Tg", value: -40, unit: "C"))
                == "the model does not predict glass transition here")
        #expect(try Self.reason(Self.sigma(), weights: ["conductivity": 0]) == "weight 0 in the fit set-up")
        #expect(try Self.reason(Self.sigma(value: "n/a")) == "value 'n/a' is not a number")
        #expect(try Self.reason(FitFixtures.row("CPCSE", "viscosity", quantity: "eta", value: 1, unit: "Pa s"))
                == "unknown measurement kind 'viscosity'")
        #expect(try Self.reason(Self.sigma(), weights: ["conductivity": 2]) == nil)
        let p = try #require(FitPointBuilder.build(rows: try MeasurementTable.parse(text: FitFixtures.header + "\n" + Self.sigma() + "\n", path: "p.csv"),
                                                   setup: { var s = FitSetup(evaluating: "CPCSE", defaultTemperature_C: nil); s.weights = ["conductivity": 2]; return s }()).points.first)
        #expect(p.weight == 2)
    }

    @Test("kinds are named by their raw value, and read back from it")
    func kinds() throws {
        #expect(FitPointKind.criticalCurrent.rawValue == "ccd" && FitPointKind.impedance.description == "impedance_spectrum")
        let data = try JSONEncoder().encode([FitPointKind.retention, .melting])
        #expect(try JSONDecoder().decode([FitPointKind].self, from: data) == [.retention, .melting])
        #expect(Observations.standard(.melting)?.kind == .melting && Observations.standard(FitPointKind(rawValue: "x")) == nil)
    }
}
