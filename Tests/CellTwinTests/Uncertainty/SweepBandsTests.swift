import Foundation
import Testing
@testable import CellTwin

/// Bands of sweep and compare points (DOMAIN B §9).
@Suite struct SweepBandsTests {
    /// A linearised band over one parameter (the study's LFP diffusion time) of a two-point CPCSE | LFP sweep: each
    /// point's capacity band, made in ln Q, is Q·exp(∓1.96 |ln Q(τ·e^σ) − ln Q(τ)|), the same run with the key moved by hand (so the
    /// perturbation reaches the point's cell); the CSV and JSON carry the `_low`/`_high` columns and the line chart
    /// shades the band.
    @Test func sweepPointsCarryTheirBand() throws {
        var s = SweepSettings()
        s.cycles = 10
        let spec = try SweepSpec(values: [.electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")],
                                          .temperature: [.number(60), .number(90)], .cRate: [.number(1)]], settings: s)
        let runner = try SweepRunner(spec: spec, library: Fixtures.models)
        let records = try runner.run(workers: 1)
        let key = "electrodes.LFP.diffusion_time_s"
        let e = try #require(runner.materials.electrolytes["CPCSE"])
        let tau = try #require(ParameterUncertainty.value(key, of: e))
        let sd = 0.3
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: key, value: tau, transform: .log, origin: .prior)],
                                     covariance: [[sd * sd]])
        var o = BandOptions()
        o.method = .linearised
        o.workers = 2
        let banded = try SweepBands.compute(records, spec: spec, materials: runner.materials, uncertainties: ["CPCSE": u], band: o)
        for r in banded {
            let b = try #require(r.band)
            var moved = runner.materials
            moved.electrolytes["CPCSE"] = u.electrolyte(e, offset: [sd])
            let q1 = try #require(SweepEvaluation.evaluate(spec.point(r.point), spec: spec, materials: moved).firstDischargeCapacity_mAh_g)
            let q0 = try #require(r.firstDischargeCapacity_mAh_g)
            #expect(b.capacity_mAh_g.low <= q0 + 1e-3 && q0 <= b.capacity_mAh_g.high + 1e-3)
            let h = 1.959963984540054 * abs(log(q1 / q0))
            #expect(abs(b.capacity_mAh_g.low - q0 * exp(-h)) < 1e-3 + 1e-4 * q0 && abs(b.capacity_mAh_g.high - q0 * exp(h)) < 1e-3 + 1e-4 * q0,
                    "point \(r.point): band \(b.capacity_mAh_g.low)–\(b.capacity_mAh_g.high), Q \(q0) → \(q1)")
            #expect(b.capacity_mAh_g.driver == key || b.capacity_mAh_g.halfWidth == 0)
        }
        let csv = SweepTable.csv(banded, axes: spec.axes)
        #expect(csv.hasPrefix((spec.axes.map(\.column) + SweepTable.metricColumns + SweepTable.bandColumns).joined(separator: ",")))
        let json = try SweepTable.json(banded, axes: spec.axes)
        for column in ["first_discharge_capacity_mAh_g_low", "final_retention_high", "band_method"] { #expect(json.contains("\"\(column)\"")) }
        // Unbanded records keep the old columns.
        #expect(!SweepTable.csv(records, axes: spec.axes).contains("band_method"))
        let table = SweepResultTable(axes: spec.axes, records: banded, context: spec.context, metrics: [.capacity])
        let chart = try #require(SweepCharts.charts(table, metrics: [.capacity]).first)
        #expect(chart.svg.contains("class=\"band\""))
    }

    @Test("a point's band: outputs in ln Q and +∞ for a threshold not reached; capacity and retention back about the record's own; a ceiling caps the capacity")
    func outputsAndPointBand() {
        let r = SweepRecord(point: 0, coordinates: [], firstDischargeCapacity_mAh_g: 150, finalRetention: 0.5, end: .completed)
        let y = SweepBands.outputs(r)
        #expect(y[0] == log(150) && abs(y[1]) < 1e-12 && y[2] == .infinity)
        func b(_ v: Double, _ lo: Double, _ hi: Double) -> PredictionBand { PredictionBand(value: v, low: lo, high: hi, method: "linearised", driver: "k") }
        let set = BandSet(bands: [b(log(150), log(150) - 1, log(150) + 1), b(0, -1, 1), b(300, 250, .infinity)], method: "linearised",
                          runs: 3, seed: 1, elapsed_s: 0)
        let p = SweepBands.pointBand(set, capacity: 150, finalRetention: 0.5)
        #expect(abs(p.capacity_mAh_g.low - 150 / M_E) < 1e-9 && abs(p.capacity_mAh_g.high - 150 * M_E) < 1e-9)
        let capped = SweepBands.pointBand(set, capacity: 150, finalRetention: 0.5, ceiling: 170)
        #expect(capped.capacity_mAh_g.high == 170 && abs(capped.capacity_mAh_g.low - 150 / M_E) < 1e-9)
        #expect(abs(p.finalRetention.low - 1 / (1 + M_E)) < 1e-12 && abs(p.finalRetention.high - 1 / (1 + exp(-1))) < 1e-12)
        #expect(p.cyclesTo80.high == .infinity && p.method == "linearised")
        #expect(p.rangeNote?.hasPrefix("the capacity band") == true && p.isFlagged)
        var q = p
        q.verdict = .outside(["T 80 °C, 20 K above the calibrated 25–60 °C"])
        #expect(q.rangeNote?.hasPrefix("extrapolation: T 80 °C, 20 K above the calibrated 25–60 °C; the capacity band") == true)
    }
}
