import Foundation
import Testing
@testable import CellTwin

/// Capacity bands made in ln Q (``BandCoordinate/capacity``), the priors a refit returns to for σ (its family's
/// siblings), DOMAIN B §9.
@Suite struct CapacityBandTests {
    static let z95 = 1.959963984540054

    /// A capacity Q = Q₀·exp(k z), z ~ N(0, s²), is lognormal: its linearised band in ln Q is exactly the lognormal
    /// 2.5–97.5 % quantiles Q₀·exp(∓1.96 k s) (asymmetric, above 0), where the band made in Q itself reaches below 0;
    /// 400 sampled draws agree with the exact quantiles within 10 %.
    @Test func aCapacityBandInLnMatchesLognormalQuantiles() throws {
        let s = 0.4, k = 1.5, q0 = 12.0
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: "x", value: 1, transform: .linear, origin: .fit)],
                                     covariance: [[s * s]])
        let capacity = BandCoordinate.capacity
        var o = BandOptions()
        o.method = .linearised
        o.workers = 1
        let lnBand = try BandEstimator.run(u, options: o) { z in [capacity.forward(q0 * exp(k * z[0]))] }.bands[0]
        let b = capacity.fromCoordinate(lnBand, value: q0)
        let low = q0 * exp(-Self.z95 * k * s), high = q0 * exp(Self.z95 * k * s)
        #expect(abs(b.low / low - 1) < 1e-9 && abs(b.high / high - 1) < 1e-9, "band \(b.low)–\(b.high), lognormal \(low)–\(high)")
        #expect(b.high - b.value > b.value - b.low, "asymmetric: longer upwards")
        let linear = try BandEstimator.run(u, options: o) { z in [q0 * exp(k * z[0])] }.bands[0]
        #expect(linear.low < 0, "the band made in Q reaches below 0: \(linear.low)")
        o.method = .sampled
        o.samples = 400
        let sampled = capacity.fromCoordinate(try BandEstimator.run(u, options: o) { z in [capacity.forward(q0 * exp(k * z[0]))] }.bands[0],
                                              value: q0)
        #expect(abs(sampled.low / low - 1) < 0.1 && abs(sampled.high / high - 1) < 0.1, "sampled \(sampled.low)–\(sampled.high)")
        // Runs without capacity (−∞ in ln Q) make the band's lower end exactly 0, never NaN or negative.
        let cut = capacity.fromCoordinate(try BandEstimator.run(u, options: o) { z in [capacity.forward(max(0, q0 * (1 + 3 * z[0])))] }.bands[0],
                                          value: q0)
        #expect(cut.low == 0 && cut.high > q0 && cut.high.isFinite, "band \(cut.low)–\(cut.high)")
    }

    /// A sweep of cold CPCSE | LFP cells at 2C (0, 10 and 20 °C, capacities falling with σ(T)) with σ ×/÷ 2.7 at one
    /// standard deviation: every point's capacity band lies at or above 0 and holds its value; a point set to deliver no
    /// capacity has no band (method "none: …", no `_low`/`_high`), never "linearised, sampled". No band's upper end
    /// passes the specific capacity of the study's LFP electrode.
    @Test func coldSweepBandsAreNeverNegative() throws {
        var settings = SweepSettings()
        settings.cycles = 2
        let spec = try SweepSpec(values: [.electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")],
                                          .temperature: [.number(0), .number(10), .number(20)], .cRate: [.number(2)]], settings: settings)
        let runner = try SweepRunner(spec: spec, library: Fixtures.models)
        var records = try runner.run(workers: 1)
        let key = "conductivity.sigma_S_cm"
        let e = try #require(runner.materials.electrolytes["CPCSE"])
        let sigma = try #require(ParameterUncertainty.value(key, of: e))
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: key, value: sigma, transform: .log, origin: .prior)],
                                     covariance: [[1.0]])
        var o = BandOptions()
        o.method = .auto
        o.workers = 2
        let banded = try SweepBands.compute(records, spec: spec, materials: runner.materials, uncertainties: ["CPCSE": u], band: o)
        // ln Q is unbounded above, the capacity is not: the band stops at what the study's LFP electrode can deliver.
        let lfp = try #require(runner.materials.cathodes["LFP"])
        let ceiling = (e.referenceCell.electrodes["LFP"]?.applied(to: lfp) ?? lfp).specificCapacity_C_kg / 3600
        for r in banded {
            let b = try #require(r.band)
            let q = try #require(r.firstDischargeCapacity_mAh_g)
            #expect(b.capacity_mAh_g.low >= 0 && b.capacity_mAh_g.low <= q + 1e-9 && q <= b.capacity_mAh_g.high + 1e-9,
                    "point \(r.point) (\(r.coordinates)): \(q) in \(b.capacity_mAh_g.low)–\(b.capacity_mAh_g.high)")
            if q > 0 { #expect(b.capacity_mAh_g.low > 0) }
            #expect(b.capacity_mAh_g.high <= max(ceiling, q) + 1e-9, "point \(r.point): high \(b.capacity_mAh_g.high), ceiling \(ceiling)")
        }
        records[0].firstDischargeCapacity_mAh_g = 0
        records[0].end = .noCapacity
        let none = try SweepBands.compute([records[0]], spec: spec, materials: runner.materials, uncertainties: ["CPCSE": u], band: o)
        let b = try #require(none[0].band)
        #expect(b.method == BandSet.noCapacityMethod && !b.isBanded)
        let csv = SweepTable.csv(none, axes: spec.axes)
        #expect(csv.contains(BandSet.noCapacityMethod) && !csv.contains("linearised"))
    }

    /// Where a refit's rows no longer fix CMP's σ at 25 °C (its only σ row left out), σ returns to its gel siblings'
    /// σ at 25 °C (li2022's CMP-MMT and CMP-VAMMT: geometric mean, ×/÷ at least 2), not to the calibrated value that
    /// saw the row; without siblings it stays undetermined.
    @Test func anUndeterminedConductivityReturnsToItsSiblings() throws {
        let setup = try FitSetup.load(path: Fixtures.packageRoot.appendingPathComponent("Calibration/CMP/fit.toml").path)
        let siblings = try Fixtures.models.electrolyteIDs.map { try Fixtures.models.electrolyte($0) }
        let key = "conductivity.sigma_S_cm"
        for withSiblings in [true, false] {
            var e = try Fixtures.models.electrolyte("CMP")
            let calibrated = try #require(ParameterUncertainty.value(key, of: e))
            var u = ParameterUncertainty.fromFit(keys: [key], values: [calibrated], transforms: [.log], covariance: [[.nan]],
                                                 chiSquare: 1, degreesOfFreedom: 1)
            let reverted = u.revertingUndetermined(&e, setup: setup, cathodes: [:], siblings: withSiblings ? siblings : [])
            guard withSiblings else {
                #expect(reverted.isEmpty && u.undetermined == [key])
                continue
            }
            #expect(reverted == [key])
            let t = 298.15
            let expected = try ["CMP-MMT", "CMP-VAMMT"].map { try Fixtures.models.electrolyte($0).conductivity.sigma_S_m(at: t) / 100 }
            let centre = (expected[0] * expected[1]).squareRoot()
            let value = try #require(ParameterUncertainty.value(key, of: e))
            #expect(abs(value / centre - 1) < 1e-9, "σ \(value) S/cm, siblings' \(centre)")
            #expect(abs(value / calibrated - 1) > 0.05, "not the calibrated \(calibrated)")
            let p = try #require(u.parameters.first { $0.key == key })
            #expect(p.origin == .prior && u.covariance[0][0] >= pow(log(FallbackPrior.siblingConductivitySpreadFloor), 2) - 1e-12)
        }
    }

    /// The capacity ceiling is the electrode's specific capacity, raised to its key's 97.5 % end when that key is
    /// uncertain (×/÷ e^0.1 at one standard deviation: × e^0.196).
    @Test func capacityBandsStopAtTheElectrodesCapacity() throws {
        let lfp = try Fixtures.models.cathode("LFP")
        let q = lfp.specificCapacity_C_kg / 3600
        #expect(abs(BandCoordinate.capacityCeiling_mAh_g(lfp, uncertainty: .empty, level: 0.95) - q) < 1e-12)
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: "electrodes.LFP.specific_capacity_mAh_g", value: q,
                                                                     transform: .log, origin: .prior)], covariance: [[0.01]])
        let ceiling = BandCoordinate.capacityCeiling_mAh_g(lfp, uncertainty: u, level: 0.95)
        #expect(abs(ceiling / (q * exp(Self.z95 * 0.1)) - 1) < 1e-12)
        let b = BandCoordinate.capped(PredictionBand(value: 23, low: 0.9, high: 604, method: "linearised", driver: nil), ceiling: ceiling)
        #expect(b.high == ceiling && b.low == 0.9)
    }

    /// The sampled driver ranks: ties share their mean rank, and a monotone response ranks as its parameter.
    @Test func sampledDriversUseRankCorrelation() {
        #expect(BandEstimator.ranks([3, 1, 2, 2]) == [3, 0, 1.5, 1.5])
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: "a", value: 1, transform: .linear, origin: .fit),
                                                  UncertainParameter(key: "b", value: 1, transform: .linear, origin: .fit)],
                                     covariance: [[1, 0], [0, 1]])
        let z = BandEstimator.draws(u, count: 200, seed: 7)
        // exp(6a) is monotone in a (its rank correlation with a is near 1); b adds a small linear term.
        let y = z.map { exp(6 * $0[0]) + 0.01 * $0[1] }
        #expect(BandEstimator.driver(z, y, u) == "a")
        // A run without capacity (−∞ in ln Q) ranks lowest instead of dropping out.
        let withZero = y.indices.map { $0 == 0 ? -Double.infinity : log(y[$0]) }
        #expect(BandEstimator.driver(z, withZero, u) == "a")
    }
}
