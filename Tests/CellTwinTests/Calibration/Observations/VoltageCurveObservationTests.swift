import Foundation
import Testing
@testable import CellTwin

/// Points of a measured CC charge or discharge curve (`[[curve]]`): voltage at a specific capacity.
@Suite struct VoltageCurveObservationTests {
    static func rows(_ quantity: String = "discharge_voltage", unit: String = "V", capacity: Double? = 80,
                     cRate: Double? = 0.2) throws -> [MeasurementRow] {
        let line = FitFixtures.row("CPCSE", "voltage_curve", t: 60, cathode: "LFP", cRate: cRate, quantity: quantity, value: 3.35, unit: unit)
        return try MeasurementTable.parse(text: FitFixtures.header + "\n" + line + "\n", path: "curve.csv").map { r in
            var r = r
            r.specificCapacity_mAh_g = capacity
            return r
        }
    }

    static func build(_ rows: [MeasurementRow]) -> (points: [FitPoint], unfitted: [UnfittedRow]) {
        FitPointBuilder.build(rows: rows, setup: FitSetup(evaluating: "CPCSE", defaultTemperature_C: nil))
    }

    @Test("a charge or discharge voltage in V at a capacity and C-rate is a point")
    func classify() throws {
        let p = try #require(Self.build(try Self.rows()).points.first)
        #expect(p.kind == .voltageCurve && p.measured == 3.35 && p.unit == "V" && p.temperature_C == 60)
        #expect(Self.build(try Self.rows("charge_voltage")).points.count == 1)
        for bad in [try Self.rows(capacity: nil), try Self.rows(unit: "mV"), try Self.rows("voltage")] {
            #expect(Self.build(bad).unfitted.first?.reason.contains("is not a point of a charge or discharge curve") == true)
        }
        #expect(Self.build(try Self.rows(cRate: nil)).unfitted.first?.reason == "no C-rate")
    }

    @Test("residual in units of 20 mV; validated within 20 mV")
    func residualAndComparison() throws {
        let p = try #require(Self.build(try Self.rows()).points.first)
        #expect(abs(p.observation.residual(p, model: 3.31) + 2) < 1e-9)
        let c = p.observation.compare(p, predicted: 3.365)
        #expect(c.within && c.errorText == "+15.0 mV")
        #expect(!p.observation.compare(p, predicted: 3.375).within)
    }
}
