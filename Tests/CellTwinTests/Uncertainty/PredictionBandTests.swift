import Foundation
import Testing
@testable import CellTwin

/// Prediction bands (DOMAIN B §9): coverage on synthetic fits, linearised against sampled, seeds, and the bands a
/// lifetime run carries.
@Suite struct PredictionBandTests {
    /// y = a·exp(−k t) at t = 0…9 h with Gaussian noise σ, fitted in log space with σ as each residual's unit; the 95 %
    /// linearised band of the extrapolation y(14 h) holds the true value in at least 90 of 100 seeded replicates (and
    /// the band is not vacuous: it holds it in at most 100 and its median half-width is under 30 % of y).
    @Test func linearisedBandsCoverTheTruthOnSyntheticFits() throws {
        let a = 2.0, k = 0.15, sigma = 0.03, tPredict = 14.0
        let times = (0..<10).map(Double.init)
        var rng = SplitMix64(seed: 2026)
        func gauss() -> Double { rng.nextGaussian() }
        var inside = 0, widths: [Double] = []
        for _ in 0..<100 {
            let data = times.map { a * exp(-k * $0) + sigma * gauss() }
            let fit = try NonlinearLeastSquares.fit([FitParameter("a", initial: 1, .positive), FitParameter("k", initial: 0.1, .positive)],
                                                    residualCount: times.count) { x in
                zip(times, data).map { t, y in (x[0] * exp(-x[1] * t) - y) / sigma }
            }
            let u = ParameterUncertainty.fromFit(keys: ["a", "k"], values: fit.parameters, transforms: [.log, .log],
                                                 covariance: fit.covarianceAPriori, chiSquare: fit.chiSquare,
                                                 degreesOfFreedom: fit.degreesOfFreedom)
            #expect(u.count == 2)
            let p = fit.parameters
            var o = BandOptions()
            o.method = .linearised
            o.workers = 1
            let b = try BandEstimator.run(u, options: o) { z in [p[0] * exp(z[0]) * exp(-p[1] * exp(z[1]) * tPredict)] }.bands[0]
            #expect(b.low <= b.value && b.value <= b.high)
            if b.contains(a * exp(-k * tPredict)) { inside += 1 }
            widths.append(b.relativeHalfWidth)
        }
        #expect(inside >= 90, "truth inside \(inside) of 100 bands")
        #expect(widths.sorted()[50] < 0.3, "median relative half-width \(widths.sorted()[50])")
    }

    /// The predictive band of a new measurement (fit covariance plus the measurement scatter σ, MeasurementScatter) of
    /// the same synthetic decay holds a fresh noisy measurement y(14 h) + σ·N(0, 1) in at least 90 of 100 seeded
    /// replicates, where the parameters' band alone holds it in fewer than 80: the measurement term is what makes a
    /// band predict a measurement.
    @Test func predictiveBandsCoverNewMeasurements() throws {
        let a = 2.0, k = 0.15, sigma = 0.03, tPredict = 14.0
        let times = (0..<10).map(Double.init)
        var rng = SplitMix64(seed: 2027)
        let scatter = MeasurementScatter(form: .absolute(sigma), source: "the synthetic noise")
        var inside = 0, insideParameters = 0
        for _ in 0..<100 {
            let data = times.map { a * exp(-k * $0) + sigma * rng.nextGaussian() }
            let fit = try NonlinearLeastSquares.fit([FitParameter("a", initial: 1, .positive), FitParameter("k", initial: 0.1, .positive)],
                                                    residualCount: times.count) { x in
                zip(times, data).map { t, y in (x[0] * exp(-x[1] * t) - y) / sigma }
            }
            let u = ParameterUncertainty.fromFit(keys: ["a", "k"], values: fit.parameters, transforms: [.log, .log],
                                                 covariance: fit.covarianceAPriori, chiSquare: fit.chiSquare,
                                                 degreesOfFreedom: fit.degreesOfFreedom)
            let p = fit.parameters
            var o = BandOptions()
            o.method = .linearised
            o.workers = 1
            let b = try BandEstimator.run(u, options: o) { z in [p[0] * exp(z[0]) * exp(-p[1] * exp(z[1]) * tPredict)] }.bands[0]
            let w = scatter.widening(b)
            // Closed form of a symmetric band: half-widths add in quadrature with 1.96 σ.
            #expect(abs(w.halfWidth - (b.halfWidth * b.halfWidth + pow(1.959963984540054 * sigma, 2)).squareRoot()) < 1e-12)
            let measured = a * exp(-k * tPredict) + sigma * rng.nextGaussian()
            if w.contains(measured) { inside += 1 }
            if b.contains(measured) { insideParameters += 1 }
        }
        #expect(inside >= 90, "new measurement inside \(inside) of 100 predictive bands")
        #expect(insideParameters < 80, "new measurement inside \(insideParameters) of 100 parameter bands")
    }

    /// Scatter forms: a relative scatter on a zero-width band gives ±1.96·r·value; a ×/÷ scatter widens in ln and
    /// keeps an infinite end infinite; 1 − CE scatters ×/÷ and the band stays below 1.
    @Test func measurementScatterWidensInItsOwnCoordinate() {
        let z = 1.959963984540054
        let point = PredictionBand(value: 150, low: 150, high: 150, method: "linearised", driver: nil)
        let rel = MeasurementScatter(form: .relative(0.05), source: "test").widening(point)
        #expect(abs(rel.low - 150 * (1 - 0.05 * z)) < 1e-9 && abs(rel.high - 150 * (1 + 0.05 * z)) < 1e-9)
        let censored = PredictionBand(value: 100, low: 50, high: .infinity, method: "sampled", driver: nil)
        let log2 = MeasurementScatter(form: .logarithmic(log(2)), source: "test").widening(censored)
        #expect(log2.high == .infinity)
        #expect(abs(log(100 / log2.low) - (log(2) * log(2) + pow(z * log(2), 2)).squareRoot()) < 1e-9)
        let ce = MeasurementScatter(form: .logOfComplement(log(1.2)), source: "test")
            .widening(PredictionBand(value: 0.995, low: 0.995, high: 0.995, method: "linearised", driver: nil))
        #expect(abs((1 - ce.low) / 0.005 - pow(1.2, z)) < 1e-9 && abs(0.005 / (1 - ce.high) - pow(1.2, z)) < 1e-9)
        #expect(ce.high < 1)
        // Every kind a leave-condition-out can predict has a scatter with its source.
        for kind in LeaveConditionOut.groupedKinds { #expect(MeasurementScatter.table[kind] != nil, "\(kind)") }
    }

    /// A ×/÷-scattered kind is banded in ln y: a conductivity of 1e-4 S/cm with a ln-band of ±ln 10 comes back as
    /// 1e-5…1e-3 (positive, geometric about the value), where a band in σ itself of the same relative width would run
    /// below zero; a Coulombic efficiency's band in ln(1 − CE) comes back with its ends in order and below 1.
    @Test func logScatteredKindsAreBandedInTheirOwnCoordinate() throws {
        let sigma = try #require(MeasurementScatter.table[.conductivity])
        let t = sigma.coordinate(1e-4)
        let back = sigma.fromCoordinate(PredictionBand(value: t, low: t - log(10), high: t + log(10), method: "linearised", driver: nil))
        #expect(abs(back.value / 1e-4 - 1) < 1e-12 && abs(back.low / 1e-5 - 1) < 1e-12 && abs(back.high / 1e-3 - 1) < 1e-12)
        #expect(sigma.coordinate(-1).isNaN)
        let ce = try #require(MeasurementScatter.table[.coulombicEfficiency])
        let c = ce.coordinate(0.99)
        let ceBack = ce.fromCoordinate(PredictionBand(value: c, low: c - log(2), high: c + log(2), method: "linearised", driver: nil))
        #expect(abs(ceBack.low - 0.98) < 1e-12 && abs(ceBack.high - 0.995) < 1e-12 && ceBack.high < 1)
        // A capacity (rate capability, capacity after N cycles) is banded in ln Q; no capacity is −∞ (the band's 0).
        let capacity = try #require(MeasurementScatter.table[.capacity])
        #expect(capacity.coordinate(150) == log(150) && capacity.coordinate(0) == -.infinity)
        #expect(MeasurementScatter.table[.cycledCapacity]?.prediction == BandCoordinate.capacity)
    }

    /// A retention is banded in logit y (``BandCoordinate``): with the capacity lost ×/÷ uncertain (a fitted fade rate,
    /// log-normal with σ = 0.5), the linearised band near 1 (loss 2 %) and near 0 (1 % left) stays inside (0, 1), is
    /// asymmetric, and matches the exact 2.5–97.5 % quantiles within 0.2 points, where the band made in y itself
    /// passes 100 % and 0 %; at 0.5 (an output linear in z) it equals the band made in y to first order.
    @Test func retentionBandsStayInsideZeroAndOne() throws {
        let sd = 0.5
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: "aging.contact_loss_per_cycle", value: 1e-4,
                                                                     transform: .log, origin: .fit)],
                                     covariance: [[sd * sd]])
        let coordinate = LifeBands.retentionCoordinate
        var o = BandOptions()
        o.method = .linearised
        o.workers = 1
        func bands(_ y: @escaping @Sendable (Double) -> Double) throws -> (logit: PredictionBand, linear: PredictionBand) {
            let inLogit = try BandEstimator.run(u, options: o) { z in [coordinate.forward(y(z[0]))] }.bands[0]
            let linear = try BandEstimator.run(u, options: o) { z in [y(z[0])] }.bands[0]
            return (coordinate.fromCoordinate(inLogit, value: y(0)), linear)
        }
        let z95 = 1.959963984540054
        // Near 1: 2 % lost, the loss ×/÷ e^0.5 per standard deviation.
        let high = try bands { z in 1 - 0.02 * exp(z) }
        #expect(high.linear.high > 1, "the band in y passes 100 %: \(high.linear.high)")
        #expect(high.logit.low > 0 && high.logit.high < 1)
        #expect(high.logit.high - high.logit.value < high.logit.value - high.logit.low, "asymmetric: shorter towards 1")
        #expect(abs(high.logit.low - (1 - 0.02 * exp(z95 * sd))) < 2e-3 && abs(high.logit.high - (1 - 0.02 * exp(-z95 * sd))) < 2e-3,
                "band \(high.logit.low)–\(high.logit.high)")
        // Near 0: 1 % left, ×/÷ e^0.75.
        let low = try bands { z in 0.01 * exp(-1.5 * z) }
        #expect(low.linear.low < 0, "the band in y passes 0 %: \(low.linear.low)")
        #expect(low.logit.low > 0 && low.logit.high < 1)
        #expect(abs(low.logit.low - 0.01 * exp(-1.5 * z95 * sd)) < 2e-3 && abs(low.logit.high - 0.01 * exp(1.5 * z95 * sd)) < 2e-3,
                "band \(low.logit.low)–\(low.logit.high)")
        // At 0.5, linear in z with a small slope: the two bands agree to first order in the half-width (here 1 %).
        let mid = try bands { z in 0.5 - 0.01 * z }
        #expect(abs(mid.logit.halfWidth / mid.linear.halfWidth - 1) < 0.01,
                "half-widths \(mid.logit.halfWidth), \(mid.linear.halfWidth)")
        #expect(abs(mid.logit.low - mid.linear.low) < 1e-3 && abs(mid.logit.high - mid.linear.high) < 1e-3)
        // A retention of exactly 1 (the reference cycle) has a finite coordinate, and a band of zero width there
        // comes back as [1, 1].
        #expect(coordinate.forward(1).isFinite && coordinate.forward(1.0001).isFinite)
        let reference = try BandEstimator.run(u, options: o) { _ in [coordinate.forward(1)] }.bands[0]
        let back = coordinate.fromCoordinate(reference, value: 1)
        #expect(back.value == 1 && back.high == 1 && back.low > 1 - 2 * BandCoordinate.fractionMargin)
        // A leave-condition-out retention or t₊ row uses the same coordinate for the parameters' band.
        #expect(MeasurementScatter.table[.retention]?.prediction == .logit)
        #expect(MeasurementScatter.table[.transference]?.prediction == .logit)
        // A sweep point's final retention comes back the same way.
        let set = BandSet(bands: [PredictionBand(value: log(150), low: log(140), high: log(160), method: "linearised", driver: nil),
                                  PredictionBand(value: coordinate.forward(0.98), low: coordinate.forward(0.98) - 1,
                                                 high: coordinate.forward(0.98) + 1, method: "linearised", driver: nil),
                                  PredictionBand(value: .infinity, low: .infinity, high: .infinity, method: "linearised", driver: nil)],
                          method: "linearised", runs: 2, seed: 1, elapsed_s: 0)
        let point = SweepBands.pointBand(set, capacity: 150, finalRetention: 0.98)
        #expect(point.finalRetention.value == 0.98 && point.finalRetention.high < 1 && point.finalRetention.low > 0.9)
        #expect(abs(point.capacity_mAh_g.low - 140) < 1e-9 && abs(point.capacity_mAh_g.high - 160) < 1e-9)
        // A capacity band is made in ln y: ±2 in ln Q about 20 mAh/g is 2.7–148 mAh/g, above zero and asymmetric.
        var cold = set
        cold.bands[0] = PredictionBand(value: log(20), low: log(20) - 2, high: log(20) + 2, method: "linearised", driver: nil)
        let c = SweepBands.pointBand(cold, capacity: 20, finalRetention: 0.98).capacity_mAh_g
        #expect(abs(c.low - 20 * exp(-2)) < 1e-9 && abs(c.high - 20 * exp(2)) < 1e-9)
    }

    /// A free parameter a refit has no data for (NaN variance) returns to its prior: the family default's centre
    /// and spread for the Li-side film growth, the cathode's literature range for a study's electrode capacity; the
    /// band of the parameter itself is then the prior's 95 % interval, and a key without any prior stays
    /// undetermined at its value.
    @Test func aParameterWithoutDataGetsItsPriorsWidth() throws {
        let setup = try FitSetup.load(path: Fixtures.packageRoot.appendingPathComponent("Calibration/HE-PEIgPHE/fit.toml").path)
        var e = try Fixtures.models.electrolyte("HE-PEIgPHE")
        var cathodes: [String: Cathode] = [:]
        for id in Fixtures.models.cathodeIDs { cathodes[id] = try Fixtures.models.cathode(id) }
        let growth = "aging.sei_calendar_growth_ohm2_cm4_h", capacity = "electrodes.NCM523.specific_capacity_mAh_g"
        let sigma = "conductivity.sigma_S_cm", t = "transport.transference_number"
        ParameterUncertainty.set(growth, 123, &e)   // as if a calibration had moved it with data now left out
        let values = try [sigma, growth, capacity, t].map { try #require(ParameterUncertainty.value($0, of: e)) }
        let nan = Double.nan
        var u = ParameterUncertainty.fromFit(keys: [sigma, growth, capacity, t], values: values, transforms: [.log, .log, .log, .linear],
                                             covariance: [[0.01, nan, nan, nan], [nan, nan, nan, nan], [nan, nan, nan, nan], [nan, nan, nan, nan]],
                                             chiSquare: 1, degreesOfFreedom: 1)
        #expect(u.undetermined == [growth, capacity, t])
        let reverted = u.revertingUndetermined(&e, setup: setup, cathodes: cathodes)
        #expect(reverted == [growth, capacity])
        #expect(u.undetermined == [t], "t+ has no prior: it stays undetermined")
        let family = try #require(ElectrolyteFamilyDefaults.value(growth, family: e.family))
        let familyPrior = try #require(family.prior)
        let range = try #require(cathodes["NCM523"]?.literatureRanges["specific_capacity_mAh_g"])
        let expected: [(String, Double, ClosedRange<Double>)] = [
            (growth, family.value, familyPrior.interval95(centre: family.value)),
            (capacity, (range.lowerBound * range.upperBound).squareRoot(), range),
        ]
        var o = BandOptions()
        o.method = .linearised
        o.workers = 1
        let snapshot = u, base = e
        for (key, centre, interval) in expected {
            let value = try #require(ParameterUncertainty.value(key, of: e))
            #expect(abs(value / centre - 1) < 1e-9, "\(key) at its prior's centre")
            // ln of the key is linear in its transform coordinate: the linearised band is exactly the prior's interval.
            let b = try BandEstimator.run(snapshot, options: o) { z in
                [log(ParameterUncertainty.value(key, of: snapshot.electrolyte(base, offset: z)) ?? .nan)]
            }.bands[0]
            #expect(abs(exp(b.low) / interval.lowerBound - 1) < 1e-6 && abs(exp(b.high) / interval.upperBound - 1) < 1e-6,
                    "\(key): band \(exp(b.low))–\(exp(b.high)), prior \(interval)")
            #expect(b.driver == key)
        }
    }

    /// On a near-linear output, y = 3 + 2 z₀ − z₁ + 0.01 z₀² with correlated Σ, the linearised half-width equals the
    /// closed form 1.96 √(g Σ gᵀ) to 1e-6 relative, and 400 Latin-hypercube draws agree with it within 10 %.
    @Test func linearisedAndSampledBandsAgreeOnANearLinearOutput() throws {
        let cov = [[0.04, 0.01], [0.01, 0.09]]
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: "x", value: 1, transform: .linear, origin: .fit),
                                                  UncertainParameter(key: "y", value: 1, transform: .linear, origin: .prior)],
                                     covariance: cov)
        let f: @Sendable ([Double]) throws -> [Double] = { z in [3 + 2 * z[0] - z[1] + 0.01 * z[0] * z[0]] }
        var o = BandOptions()
        o.method = .linearised
        let lin = try BandEstimator.run(u, options: o, evaluate: f)
        o.method = .sampled
        o.samples = 400
        let smp = try BandEstimator.run(u, options: o, evaluate: f)
        // g by forward differences over one standard deviation: the quadratic term adds 0.01 σ₀ to g₀.
        let g = [2 + 0.01 * 0.2, -1.0]
        let exact = 1.959963984540054 * (g[0] * g[0] * cov[0][0] + 2 * g[0] * g[1] * cov[0][1] + g[1] * g[1] * cov[1][1]).squareRoot()
        #expect(abs(lin.bands[0].halfWidth / exact - 1) < 1e-6)
        #expect(abs(smp.bands[0].halfWidth / lin.bands[0].halfWidth - 1) < 0.10,
                "sampled \(smp.bands[0].halfWidth), linearised \(lin.bands[0].halfWidth)")
        #expect(lin.method == "linearised" && smp.method == "sampled")
        #expect(lin.bands[0].driver == "x")
    }

    /// The same seed gives the same draws and the same sampled band; another seed other draws. The draws' sample
    /// covariance matches Σ within 15 %.
    @Test func sampledBandsAreReproducibleFromTheirSeed() throws {
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: "x", value: 2, transform: .log, origin: .prior),
                                                  UncertainParameter(key: "y", value: 0, transform: .linear, origin: .prior)],
                                     covariance: [[0.25, 0.05], [0.05, 0.04]])
        let a = BandEstimator.draws(u, count: 200, seed: 7), b = BandEstimator.draws(u, count: 200, seed: 7)
        let c = BandEstimator.draws(u, count: 200, seed: 8)
        #expect(a == b)
        #expect(a != c)
        for (i, j) in [(0, 0), (0, 1), (1, 1)] {
            let m = a.reduce(0) { $0 + $1[i] * $1[j] } / 200
            #expect(abs(m - u.covariance[i][j]) < 0.15 * max(u.covariance[i][j], 0.02), "cov[\(i)][\(j)] \(m)")
        }
        var o = BandOptions()
        o.method = .sampled
        o.seed = 11
        let f: @Sendable ([Double]) throws -> [Double] = { z in [exp(z[0]) + z[1]] }
        let r1 = try BandEstimator.run(u, options: o, evaluate: f), r2 = try BandEstimator.run(u, options: o, evaluate: f)
        #expect(r1.bands == r2.bands)
    }

    /// An output that a perturbed run does not reach (a threshold never crossed: +∞) is sampled in auto mode and its
    /// band stays censored (high = +∞); the other outputs keep their linearised band.
    @Test func autoSamplesOutputsThatRunsDoNotReach() throws {
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: "x", value: 1, transform: .linear, origin: .prior)],
                                     covariance: [[1]])
        let f: @Sendable ([Double]) throws -> [Double] = { z in [z[0] > 0.5 ? .infinity : 100 * (1 - z[0]), 5 + z[0]] }
        let r = try BandEstimator.run(u, options: BandOptions(), evaluate: f)
        #expect(r.method == "linearised, sampled")
        #expect(r.bands[0].method == "sampled" && r.bands[0].high == .infinity)
        #expect(r.bands[1].method == "linearised")
        #expect(abs(r.bands[1].halfWidth - 1.959963984540054) < 1e-9)
    }

    /// A threshold crossing the centre reaches (cycles to 80 %, here 100·e^(z/2) with a 95 % range of 38–266
    /// cycles) is sampled in auto mode even when every run reaches it: its band stays positive, where the linearised
    /// one (100 ± 127) runs below zero; a threshold the centre does not reach stays censored.
    @Test func autoSamplesThresholdCrossings() throws {
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: "x", value: 1, transform: .linear, origin: .prior)],
                                     covariance: [[1]])
        let f: @Sendable ([Double]) throws -> [Double] = { z in [100 * exp(z[0] / 2), 5 + z[0]] }
        var o = BandOptions()
        o.samples = 200
        let r = try BandEstimator.run(u, options: o, thresholds: [0], evaluate: f)
        #expect(r.method == "linearised, sampled")
        #expect(r.bands[0].method == "sampled" && r.bands[0].low > 30 && r.bands[0].high < 300,
                "band \(r.bands[0].low)–\(r.bands[0].high)")
        #expect(r.bands[1].method == "linearised")
        o.method = .linearised
        #expect(try BandEstimator.run(u, options: o, thresholds: [0], evaluate: f).bands[0].low < 0)
        let never: @Sendable ([Double]) throws -> [Double] = { z in [.infinity, 5 + z[0]] }
        let censored = try BandEstimator.run(u, options: BandOptions(), thresholds: [0], evaluate: never)
        #expect(censored.bands[0].high == .infinity && censored.bands[1].method == "linearised")
    }

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

    /// The covariance written by a calibration reads back: keys, transforms and matrix, plus the file's priors and
    /// those of its assumed geometry (CPCSE: thickness and loading).
    @Test func fitCovarianceRoundTripsThroughTheModelFile() throws {
        let path = Fixtures.models.electrolytePath("CPCSE")
        let e = try ElectrolyteFile.load(path: path)
        let fit = ParameterUncertainty(parameters: [
            UncertainParameter(key: "conductivity.sigma_S_cm", value: try #require(ParameterUncertainty.value("conductivity.sigma_S_cm", of: e)),
                               transform: .log, origin: .fit),
            UncertainParameter(key: "transport.transference_number", value: e.transferenceNumber, transform: .linear, origin: .fit),
        ], covariance: [[0.01, -0.0002], [-0.0002, 0.0004]], undetermined: ["aging.contact_loss_per_cycle"])
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if let r = text.range(of: "[provenance]") { text = String(text[..<r.lowerBound]) }
        text += "[provenance]\n" + FitCovarianceFile.text(fit, free: fit.parameters.map(\.key))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("CPCSE.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let u = try FitCovarianceFile.uncertainty(path: file.path, electrolyte: e)
        #expect(Array(u.parameters.prefix(2)) == fit.parameters)
        #expect(u.covariance[0][0] == 0.01 && u.covariance[0][1] == -0.0002 && u.covariance[1][1] == 0.0004)
        #expect(u.undetermined == ["aging.contact_loss_per_cycle"])
        let priors = try ElectrolyteFile.priors(path: path)
        let carried = priors.keys.filter { k in
            !["conductivity.sigma_S_cm", "transport.transference_number"].contains(k) && ParameterUncertainty.value(k, of: e) != nil
        }
        let assumed = try AssumedInputPriors.priors(path: path).keys.filter { !priors.keys.contains($0) }
        #expect(assumed.count == 2)
        #expect(u.count == 2 + carried.count + assumed.count && carried.count >= 5)
        // A matrix of the wrong size names the key.
        let bad = text.replacingOccurrences(of: "  -0.0002, 0.0004,\n", with: "")
        try bad.write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try FitCovarianceFile.uncertainty(path: file.path, electrolyte: e) }
    }
}
