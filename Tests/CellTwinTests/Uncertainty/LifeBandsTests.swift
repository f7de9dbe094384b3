import Foundation
import Testing
@testable import CellTwin

/// The 95 % band of a lifetime run.
@Suite struct LifeBandsTests {
    /// A priors-only band of a short CPCSE | LFP life at 60 °C: the JSON carries the band fields with
    /// low ≤ value ≤ high for the first capacity and every reported retention, and the band is the same on a rerun.
    @Test func lifeJSONCarriesOrderedBands() throws {
        let design = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        var options = LifeOptions()
        options.maxCycles = 20
        options.threshold = 0.8
        options.attribution = false
        let steps = try LifeSimulator.standardCycle(cathode: design.cathode, chargeRate: 0.5, dischargeRate: 0.5)
        let experiment = Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 20)])
        let central = try LifeSimulator(design: design, temperature_C: 60, options: options).run(experiment)
        let path = Fixtures.models.electrolytePath("CPCSE")
        let u = try FitCovarianceFile.uncertainty(path: path, electrolyte: design.electrolyte)
        #expect(u.count >= 5)
        var band = BandOptions()
        band.method = .sampled
        band.samples = 4
        func compute() throws -> LifeRecord {
            let b = try LifeBands.compute(design: design, baseCathode: try Fixtures.models.cathode("LFP"), temperature_C: 60,
                                          options: options, experiment: experiment, central: central, uncertainty: u, band: band)
            var r = LifeRecord(central)
            LifeBands.apply(b, to: &r)
            return r
        }
        let r = try compute()
        let json = try SolutionReport.json(r)
        for key in ["band_method", "initial_discharge_capacity_mAh_g_low", "initial_discharge_capacity_mAh_g_high",
                    "retention_low", "retention_high", "cycles_to_threshold_censored"] {
            #expect(json.contains("\"\(key)\""), "\(key) missing")
        }
        let lo = try #require(r.initial_discharge_capacity_mAh_g_low), hi = try #require(r.initial_discharge_capacity_mAh_g_high)
        #expect(lo <= r.initial_discharge_capacity_mAh_g && r.initial_discharge_capacity_mAh_g <= hi)
        for c in r.cycles {
            let l = try #require(c.retention_low), h = try #require(c.retention_high)
            #expect(l <= c.retention + 1e-12 && c.retention <= h + 1e-12, "cycle \(c.cycle)")
        }
        let again = try compute()
        #expect(again.initial_discharge_capacity_mAh_g_low == r.initial_discharge_capacity_mAh_g_low)
        #expect(again.cycles.map(\.retention_high) == r.cycles.map(\.retention_high))
    }

    @Test("a capacity band wider than ±5 % is reported with its driver; within it, nothing; with a range, its verdict")
    func wideCapacityWarning() {
        func band(_ low: Double, _ high: Double, driver: String? = "electrodes.LFP.diffusion_time_s") -> PredictionBand {
            PredictionBand(value: 100, low: low, high: high, method: "linearised", driver: driver)
        }
        #expect(LifeBands.wideCapacity(band(95, 105)) == nil)
        #expect(LifeBands.wideCapacity(band(92.7, 107.3))
                == "the capacity band is ±7.3 % (over 5 %), driven by electrodes.LFP.diffusion_time_s")
        #expect(LifeBands.wideCapacity(band(80, 120, driver: nil))?.hasSuffix("driven by –") == true)
        #expect(LifeBands.wideCapacity(PredictionBand(value: 0, low: -1, high: 1, method: "", driver: nil)) == nil)
        // Without a checked range only the wide band is reported; with one, the verdict leads.
        #expect(LifeBands.rangeNote(band(95, 105), verdict: nil) == nil)
        #expect(LifeBands.rangeNote(band(95, 105), verdict: .inside) == "inside calibrated range")
        #expect(LifeBands.rangeNote(band(92.7, 107.3), verdict: .inside)?.hasPrefix("inside calibrated range, but the capacity band is ±7.3 %") == true)
        #expect(LifeBands.rangeNote(band(95, 105), verdict: .outside(["T 80 °C, 20 K above the calibrated 25–60 °C"]))
                == "extrapolation: T 80 °C, 20 K above the calibrated 25–60 °C")
    }
}
