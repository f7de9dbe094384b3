import Foundation
import Testing
@testable import CellTwin

/// Early cycle-life prediction (issue: fade fitting on real cycling data).
@Suite struct ForecastTests {
    static let attia = Fixtures.packageRoot.appendingPathComponent("Calibration/external/attia-clo-lfp")

    @Test func powerLawExtrapolationRecoversASyntheticLife() throws {
        // Q(n) = 1.1 − 2e-5·n^1.5 crosses 0.88 Ah at n = (0.22/2e-5)^(1/1.5) ≈ 494.
        let q = (1...120).map { 1.1 - 2e-5 * pow(Double($0), 1.5) }
        let f = try Forecaster.forecast(series: [q], cell: 0, first: 100, threshold: 0.88)
        let exact = pow(0.22 / 2e-5, 1 / 1.5)
        let predicted = try #require(f.predicted_cycles_to_threshold)
        #expect(abs(predicted / exact - 1) < 1e-3, "\(predicted) vs \(exact)")
        #expect(f.model.hasPrefix("extrapolation"))
        let low = try #require(f.interval_low), high = try #require(f.interval_high)
        #expect(low <= predicted && predicted <= high)
    }

    @Test func populationModelPredictsEachAttiaCellFromItsFirst100Cycles() throws {
        let matrix = try CapacityMatrix(path: Self.attia.appendingPathComponent("Qn.csv").path)
        let lives = try CycleLifeTable(path: Self.attia.appendingPathComponent("final_results.csv").path).cycleLivesByCell
        #expect(matrix.cellCount == 45 && lives.count == 45)
        var errors: [Double] = []
        var inside = 0
        for cell in 0..<matrix.cellCount {
            // Only the first 100 cycles of the predicted cell are passed in; the other cells train the model.
            var series = matrix.capacities_Ah
            series[cell] = Array(series[cell].prefix(100))
            let f = try Forecaster.forecast(series: series, cell: cell, first: 100, threshold: 0.88)
            #expect(f.model.hasPrefix("population"))
            let p = try #require(f.predicted_cycles_to_threshold)
            errors.append(abs(p - Double(lives[cell])) / Double(lives[cell]))
            if let lo = f.interval_low, let hi = f.interval_high, (lo...hi).contains(Double(lives[cell])) { inside += 1 }
        }
        let mape = 100 * errors.reduce(0, +) / Double(errors.count)
        // Capacity alone carries little of the life signal in these fast-charged cells: the mean absolute
        // percentage error is near the spread of the lives themselves (about 20 %).
        #expect(mape < 25, "MAPE \(mape) %")
        // The 95 % prediction intervals hold most of the observed lives.
        #expect(inside >= 38, "\(inside) of 45 inside the interval")
    }

    @Test func badForecastInputIsAClearError() {
        let q = (1...50).map { 1.1 - 1e-4 * Double($0) }
        #expect(throws: ForecastError.self) { try Forecaster.forecast(series: [q], cell: 1, first: 20, threshold: 0.88) }
        #expect(throws: ForecastError.self) { try Forecaster.forecast(series: [q], cell: 0, first: 100, threshold: 0.88) }
        #expect(throws: ForecastError.self) { try Forecaster.forecast(series: [q], cell: 0, first: 20, threshold: -1) }
    }
}
