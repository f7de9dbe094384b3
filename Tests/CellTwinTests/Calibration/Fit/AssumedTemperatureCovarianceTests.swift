import Foundation
import Testing
@testable import CellTwin

@Suite struct AssumedTemperatureCovarianceTests {
    /// Inverse of a small symmetric positive-definite matrix (Gauss–Jordan).
    static func inverse(_ m: [[Double]]) -> [[Double]] {
        let n = m.count
        var a = m.enumerated().map { i, row in row + (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for c in 0..<n {
            let pivot = a[c][c]
            a[c] = a[c].map { $0 / pivot }
            for r in 0..<n where r != c {
                let f = a[r][c]
                a[r] = zip(a[r], a[c]).map { $0 - f * $1 }
            }
        }
        return a.map { Array($0[n...]) }
    }

    static func gram(_ x: [[Double]], _ y: [[Double]]) -> [[Double]] {
        let p = x[0].count, q = y[0].count
        return (0..<p).map { a in (0..<q).map { b in zip(x, y).reduce(0) { $0 + $1.0[a] * $1.1[b] } } }
    }

    /// A linear model: residuals r = J θ + j T. The joint covariance of (θ, T) with T's prior is the inverse of the
    /// joint precision [[JᵀJ/s, Jᵀj/s], [jᵀJ/s, jᵀj/s + 1/σ²]]; the effect, joined, reproduces it exactly.
    @Test func joinedEqualsTheInverseOfTheJointPrecision() {
        let J: [[Double]] = [[1, 0.2], [0.5, -1], [2, 0.3], [-0.4, 1.5]]
        let j: [Double] = [0.3, -0.1, 0.8, 0.05]
        let sd = 5.0, scale = 1.7
        let sigma = Self.inverse(Self.gram(J, J))
        let effect = AssumedTemperatureCovariance.effect(covariance: sigma, jacobian: J, temperatureColumn: j,
                                                         temperature_C: 60, standardDeviation_K: sd)
        let keys = ["a", "b"]
        let u = ParameterUncertainty(parameters: keys.map { UncertainParameter(key: $0, value: 1, transform: .linear, origin: .fit) },
                                     covariance: sigma.map { $0.map { $0 * scale } })
        let joined = AssumedTemperatureCovariance.joined(u, effect: effect, keys: keys, scale: scale)
        let augmented = zip(J, j).map { $0 + [$1] }
        var precision = Self.gram(augmented, augmented).map { $0.map { $0 / scale } }
        precision[2][2] += 1 / (sd * sd)
        let expected = Self.inverse(precision)
        #expect(joined.parameters.map(\.key) == ["a", "b", LeaveConditionOut.assumedTemperatureKey])
        for a in 0..<3 { for b in 0..<3 {
            #expect(abs(joined.covariance[a][b] - expected[a][b]) < 1e-12 * max(1, abs(expected[a][b])), "[\(a)][\(b)]")
        } }
        // The temperature's variance is below its prior's: the rows say something of it.
        #expect(joined.covariance[2][2] < sd * sd)
        // Marginalised, the keys keep the θ block, wider than the fit's own.
        let m = AssumedTemperatureCovariance.marginal(joined)
        #expect(m.parameters.map(\.key) == keys)
        #expect(m.covariance[0][0] > u.covariance[0][0] && m.covariance[1][1] > u.covariance[1][1])
    }

    /// Where the parameters absorb the whole temperature shift (j = J v), the rows say nothing of T: its prior passes
    /// whole, and the keys widen by σ² v vᵀ (each key moves −v per kelvin to keep the residuals).
    @Test func aShiftTheKeysAbsorbPropagatesThePrior() {
        let J: [[Double]] = [[1, 0], [0, 2], [1, 1]]
        let v: [Double] = [0.1, -0.3]
        let j = J.map { $0[0] * v[0] + $0[1] * v[1] }
        let sigma = Self.inverse(Self.gram(J, J))
        let e = AssumedTemperatureCovariance.effect(covariance: sigma, jacobian: J, temperatureColumn: j, temperature_C: 60, standardDeviation_K: 5)
        #expect(abs(e.dataInformation_per_K2) < 1e-12)
        #expect(abs(e.gain_per_K[0] - v[0]) < 1e-12 && abs(e.gain_per_K[1] - v[1]) < 1e-12)
        let u = ParameterUncertainty(parameters: ["a", "b"].map { UncertainParameter(key: $0, value: 2, transform: .log, origin: .fit) },
                                     covariance: sigma)
        let joined = AssumedTemperatureCovariance.joined(u, effect: e, keys: ["a", "b"], scale: 1)
        // Log keys: the gain over the value (2).
        for a in 0..<2 { for b in 0..<2 {
            #expect(abs(joined.covariance[a][b] - (sigma[a][b] + 25 * v[a] * v[b] / 4)) < 1e-12)
        } }
        #expect(abs(joined.covariance[2][2] - 25) < 1e-12)
        #expect(abs(joined.covariance[0][2] + 5 * 5 * v[0] / 2) < 1e-12)
    }

    /// Rows that do not depend on the temperature change nothing but add an uncorrelated prior; an undetermined key
    /// (NaN variance) takes no gain.
    @Test func noDependenceAddsAnUncorrelatedPrior() {
        let sigma: [[Double]] = [[0.04, .nan], [.nan, .nan]]
        let e = AssumedTemperatureCovariance.effect(covariance: sigma, jacobian: [[1, 3], [2, 1]], temperatureColumn: [0, 0],
                                                    temperature_C: 60, standardDeviation_K: 5)
        #expect(e.gain_per_K == [0, 0] && e.dataInformation_per_K2 == 0)
        let withT = AssumedTemperatureCovariance.effect(covariance: sigma, jacobian: [[1, 3], [2, 1]], temperatureColumn: [1, 0],
                                                        temperature_C: 60, standardDeviation_K: 5)
        #expect(withT.gain_per_K[1] == 0 && abs(withT.gain_per_K[0] - 0.04) < 1e-15)
        let u = ParameterUncertainty(parameters: [UncertainParameter(key: "a", value: 1, transform: .linear, origin: .fit)], covariance: [[0.04]])
        let joined = AssumedTemperatureCovariance.joined(u, effect: e, keys: ["a", "b"], scale: 1)
        #expect(joined.covariance == [[0.04, 0], [0, 25]])
    }

    /// Coverage on synthetic fits: rows y_i = (θ + β (T − T₀)) x_i + σ ε measured at an unstated temperature
    /// T ~ N(T₀, σ_T²), fitted with T held at the assumed T₀. The 95 % band of θ from the covariance with the
    /// temperature's prior joined and marginalised holds the true θ in at least 90 of 100 seeded replicates; the
    /// fit's covariance alone, which ignores the assumption, in fewer than 80.
    @Test func theJoinedPriorCoversAnAssumedTemperature() throws {
        let theta = 2.0, beta = 0.02, sigma = 0.02, sdT = 5.0, t0 = 60.0
        let x: [Double] = [0.5, 1, 1.5, 2, 2.5, 3]
        var rng = SplitMix64(seed: 13)
        var joinedInside = 0, fitInside = 0
        for _ in 0..<100 {
            let t = t0 + sdT * rng.nextGaussian()
            let y = x.map { (theta + beta * (t - t0)) * $0 + sigma * rng.nextGaussian() }
            let fit = try NonlinearLeastSquares.fit([FitParameter("theta", initial: 1)], residualCount: x.count) { p in
                zip(x, y).map { xi, yi in (p[0] * xi - yi) / sigma }
            }
            let jacobian = x.map { [$0 / sigma] }, column = x.map { beta * $0 / sigma }
            let e = AssumedTemperatureCovariance.effect(covariance: fit.covarianceAPriori, jacobian: jacobian, temperatureColumn: column,
                                                        temperature_C: t0, standardDeviation_K: sdT)
            let u = ParameterUncertainty.fromFit(keys: ["theta"], values: fit.parameters, transforms: [.linear],
                                                 covariance: fit.covarianceAPriori, chiSquare: fit.chiSquare,
                                                 degreesOfFreedom: fit.degreesOfFreedom)
            let scale = ParameterUncertainty.birgeScale(chiSquare: fit.chiSquare, degreesOfFreedom: fit.degreesOfFreedom)
            let marginal = AssumedTemperatureCovariance.marginal(AssumedTemperatureCovariance.joined(u, effect: e, keys: ["theta"], scale: scale))
            let error = abs(fit.parameters[0] - theta)
            if error <= 1.96 * marginal.covariance[0][0].squareRoot() { joinedInside += 1 }
            if error <= 1.96 * u.covariance[0][0].squareRoot() { fitInside += 1 }
        }
        #expect(joinedInside >= 90, "joined: true θ inside \(joinedInside) of 100")
        #expect(fitInside < 80, "fit alone: true θ inside \(fitInside) of 100")
    }

    /// PPSE's set-up assumes its cells ran at 60 °C (cheng2023 does not say): its calibration measures how the rows
    /// placed there move with that temperature, the refit's covariance carries it as a correlated parameter, and the
    /// marginal a model file keeps is no narrower than the fit's own. CMP-MMT's rows state their temperatures: none.
    @Test func aCalibrationOnAnAssumedTemperatureCarriesItsPrior() throws {
        let lib = Fixtures.models
        let r = try Calibrator.run(setupPath: CalibratedRange.setupPath("PPSE", library: lib), library: lib)
        let t = try #require(r.assumedTemperature)
        #expect(t.temperature_C == 60 && t.standardDeviation_K == LeaveConditionOut.assumedTemperatureSD_K)
        #expect(t.gain_per_K.count == r.parameters.count && t.gain_per_K.contains { $0 != 0 })
        let joined = ParameterUncertainty.fromCalibration(r)
        let k = try #require(joined.parameters.firstIndex { $0.key == LeaveConditionOut.assumedTemperatureKey })
        #expect(joined.covariance[k][k] <= t.standardDeviation_K * t.standardDeviation_K + 1e-12)
        let marginal = AssumedTemperatureCovariance.marginal(joined)
        #expect(!marginal.parameters.contains { $0.key == LeaveConditionOut.assumedTemperatureKey })
        var fitOnly = r
        fitOnly.assumedTemperature = nil
        let alone = ParameterUncertainty.fromCalibration(fitOnly)
        #expect(alone.parameters.map(\.key) == marginal.parameters.map(\.key))
        for a in alone.parameters.indices { #expect(marginal.covariance[a][a] >= alone.covariance[a][a]) }
        // Leave-condition-out adds no second temperature to a refit that carries one.
        let points = FitPointBuilder.build(rows: try Calibrator.inputs(setupPath: CalibratedRange.setupPath("PPSE", library: lib), library: lib).rows,
                                           setup: r.setup).points
        let again = LeaveConditionOut.addingAssumedTemperature(60, to: joined, for: points)
        #expect(again.count == joined.count)
        let none = try Calibrator.run(setupPath: CalibratedRange.setupPath("CMP-MMT", library: lib), library: lib)
        #expect(none.assumedTemperature == nil)
    }
}
