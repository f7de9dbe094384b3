import Foundation
import Testing
@testable import CellTwin

/// Prediction bands (DOMAIN B §9): coverage on synthetic fits, linearised against sampled, seeds and censoring.
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
        // Forward differences along the Cholesky columns (0.2, 0.05) and (0, 0.296): the quadratic term adds 0.01 σ₀ to
        // the first, as it adds 0.01 σ₀ to g₀ in g Σ gᵀ.
        let g = [2 + 0.01 * 0.2, -1.0]
        let exact = 1.959963984540054 * (g[0] * g[0] * cov[0][0] + 2 * g[0] * g[1] * cov[0][1] + g[1] * g[1] * cov[1][1]).squareRoot()
        #expect(abs(lin.bands[0].halfWidth / exact - 1) < 1e-6)
        #expect(abs(smp.bands[0].halfWidth / lin.bands[0].halfWidth - 1) < 0.10,
                "sampled \(smp.bands[0].halfWidth), linearised \(lin.bands[0].halfWidth)")
        #expect(lin.method == "linearised" && smp.method == "sampled")
        #expect(lin.bands[0].driver == "x")
    }

    /// Two keys known only through their sum (ρ = −0.999: a diffusion time and its activation energy fitted where
    /// the rows ran), y = exp(a + b): the band is that of a + b ~ N(0, 2ε), 1.96 √(2ε) to first order. Steps of one
    /// key alone (one standard deviation, 1, each) land at e¹ and overstate it ×(e − 1); the joint steps do not.
    /// The sampled band agrees within 10 %.
    @Test func correlatedKeysAreSteppedTogether() throws {
        let eps = 1e-3
        let cov = [[1, -1 + eps], [-1 + eps, 1]]
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: "a", value: 0, transform: .linear, origin: .fit),
                                                  UncertainParameter(key: "b", value: 0, transform: .linear, origin: .fit)],
                                     covariance: cov)
        let f: @Sendable ([Double]) throws -> [Double] = { z in [exp(z[0] + z[1])] }
        var o = BandOptions()
        o.method = .linearised
        let lin = try BandEstimator.run(u, options: o, evaluate: f)
        let firstOrder = 1.959963984540054 * (2 * eps).squareRoot()
        // A forward difference over one standard deviation of the sum, √(2ε) ≈ 0.045, reads the slope √(2ε)/2 high.
        #expect(abs(lin.bands[0].halfWidth / firstOrder - 1) < 0.03, "\(lin.bands[0].halfWidth) against \(firstOrder)")
        #expect(lin.bands[0].halfWidth < firstOrder * (exp(1) - 1) / 1.5)
        o.method = .sampled
        o.samples = 400
        let smp = try BandEstimator.run(u, options: o, evaluate: f)
        #expect(abs(smp.bands[0].halfWidth / lin.bands[0].halfWidth - 1) < 0.10)
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
}
