import Foundation
import Testing
@testable import CellTwin

/// The twin forecast: aging parameters fitted to the first cycles, the life simulated forward.
@Suite struct TwinForecastTests {
    /// The twin forecast of a synthetic cell made by the same model (linear contact loss) from its first 150
    /// cycles with scatter: the predicted life lies within 10 % of the simulated one.
    @Test func twinForecastRecoversASimulatedLife() throws {
        let q = try CyclerHistoryTests().synthetic(contactLoss: 3e-4, cycles: 700)
        let threshold = 0.95 * q[0]
        let truth = try #require(q.firstIndex { $0 < threshold }, "retention at the end \(q.last! / q[0])").advanced(by: 1)
        // ±0.05 % cycle-to-cycle scatter, as a cycler's.
        let cycles = q.prefix(150).enumerated().map {
            MeasuredCycle(cycle: $0.offset + 1, dischargeCapacity_Ah: $0.element * (1 + 5e-4 * (FitFixtures.noise($0.offset) - 1) / 0.011))
        }
        let data = CyclerData(metadata: CyclerMetadata(format: .beepSummary, sourcePath: "synthetic.csv"), series: nil, cycles: cycles)
        var o = TwinForecastOptions()
        o.referenceCycles = 1
        o.every = 10
        o.free = ["aging.contact_loss_per_cycle"]
        let (f, fit) = try TwinForecaster.forecast(data: data, cell: nil, first: 150, threshold_Ah: threshold, options: o,
                                                   library: Fixtures.models)
        // Hang guard by work, not time: the fit of one free parameter took 7 Levenberg–Marquardt iterations and 25
        // lifetime runs (each capped by its ODE budget, FitModel.simulationBudget()); a fit that retried without end
        // would pass three times that.
        #expect(fit.iterations <= 20 && fit.simulations <= 75, "\(fit.iterations) iterations, \(fit.simulations) simulations")
        let p = try #require(f.predicted_cycles_to_threshold)
        // Extrapolating 150 cycles of ±0.05 % scatter to ~500 cycles: the central prediction within 10 %. (The
        // interval propagates the parameters' covariance only, not the cycle-skipping error of the simulations,
        // and is narrower than this extrapolation error.)
        #expect(abs(p / Double(truth) - 1) < 0.10, "predicted \(p), simulated \(truth)")
        let lo = try #require(f.interval_low), hi = try #require(f.interval_high)
        #expect(lo <= p && p <= hi && lo < hi)
        #expect(f.model.hasPrefix("twin"))
    }
}
