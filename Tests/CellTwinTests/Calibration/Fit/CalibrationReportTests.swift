import Foundation
import Testing
@testable import CellTwin

/// Calibration charts plot against physical axes and never stretch a rounding difference over an axis.
@Suite struct CalibrationReportTests {
    static func point(_ kind: String, t: Double? = 30, c: Double? = nil, cycle: Int? = nil, measured: Double, model: Double,
                      unit: String) -> FittedPoint {
        FittedPoint(location: "m.csv:2", source: "lab", kind: kind, quantity: "q", temperature_C: t, c_rate: c, cycle: cycle,
                    qualifier: "=", measured: measured, model: model, unit: unit, residual: 0, tolerance: "")
    }

    @Test func aNearlyConstantRangeIsPaddedNotStretched() {
        // 0.9 and 0.9 + 1e-7: the axis spans ±10 % of the value, not 1e-7.
        let axis = NiceTicks.axis(data: (0.9, 0.9 + 1e-7), fixed: nil, target: 5)
        #expect(axis.upper - axis.lower >= 0.18 - 1e-12)
        #expect(axis.lower <= 0.81 && axis.upper >= 0.99)
        // A real range is kept.
        let real = NiceTicks.axis(data: (0.90, 0.95), fixed: nil, target: 5)
        #expect(real.upper - real.lower < 0.1)
    }

    @Test func rateCapabilityIsAgainstCRateWithToleranceBars() throws {
        let pts = [(0.2, 150.0), (1.0, 120.0), (0.5, 140.0)].map {
            Self.point("rate_capability", c: $0.0, measured: $0.1, model: $0.1 + 1, unit: "mAh/g")
        }
        let r = try #require(CalibrationReport.physicalChart(resultStub(), kind: "rate_capability", pts) as LineChart?)
        #expect(r.xLabel == "C-rate")
        let model = try #require(r.series.first { $0.name == "model 30 °C" })
        #expect(model.x == [0.2, 0.5, 1.0] && model.y == [151, 141, 121])
        let bars = try #require(r.series.first { $0.name == "tolerance" })
        // ±5 % of 150 mAh/g at 0.2C.
        #expect(bars.x[0] == 0.2 && abs(bars.y[0] - 142.5) < 1e-9 && abs(bars.y[1] - 157.5) < 1e-9 && bars.y[2].isNaN)
    }

    @Test func retentionIsAgainstCycleAndASinglePointKeepsAReadableAxis() throws {
        let p = Self.point("cycling_retention", c: 0.5, cycle: 300, measured: 0.9, model: 0.9 + 1e-7, unit: "fraction")
        let chart = CalibrationReport.physicalChart(resultStub(), kind: "cycling_retention", [p])
        #expect(chart.xLabel == "cycle")
        #expect(chart.series.first { $0.name == "measured 30 °C, 0.5C" }?.x == [300])
        let svg = chart.svg()
        // The tolerance bar spans 0.87–0.93: the y axis shows at least that, with ticks a readable step apart.
        #expect(svg.contains(">0.9<") || svg.contains(">0.90<"), "\(svg)")
        #expect(!svg.contains("0.9000001"))
    }

    func resultStub() -> CalibrationResult {
        let e = Fixtures.simpleElectrolyte()
        let setup = FitSetup(evaluating: e.id, defaultTemperature_C: nil)
        return CalibrationResult(setup: setup, base: e, fitted: e, parameters: [], correlation: [], points: [], notFitted: [],
                                 warnings: [], chiSquare: 0, degreesOfFreedom: 0, iterations: 0, convergence: "", simulations: 0,
                                 elapsed_s: 0, activationTemperature_C: 25)
    }
}
