import Foundation
import Testing
@testable import CellTwin

private struct Stop: Error, Equatable {}

@Suite("NonlinearLeastSquares")
struct NonlinearLeastSquaresTests {
    /// Deterministic Gaussian noise.
    static func noise(_ count: Int, sigma: Double, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in sigma * rng.nextGaussian() }
    }

    static let times = stride(from: 0.0, through: 10.0, by: 0.25).map { $0 }

    /// y = A·e^(−k t) + b.
    static func decay(_ p: [Double], _ t: Double) -> Double { p[0] * exp(-p[1] * t) + p[2] }

    static func decayFit(data: [Double], options: NonlinearLeastSquaresOptions = .init()) throws -> NonlinearLeastSquaresResult {
        try NonlinearLeastSquares.fit(
            [FitParameter("A", initial: 1, .positive), FitParameter("k", initial: 1, .positive), FitParameter("b", initial: 0)],
            residualCount: times.count, options: options
        ) { p in zip(times, data).map { decay(p, $0) - $1 } }
    }

    /// A·e^(−k t) + b with A = 2.5, k = 0.4, b = 0.3 and Gaussian noise of 0.02.
    static let decayTruth = [2.5, 0.4, 0.3]
    static func noisyDecay(seed: UInt64) -> [Double] {
        zip(times, noise(times.count, sigma: 0.02, seed: seed)).map { decay(decayTruth, $0) + $1 }
    }

    @Test("exponential decay: noise-free data give the parameters to 1e-9")
    func exponentialNoiseFree() throws {
        let truth = [2.5, 0.4, 0.3]
        let r = try Self.decayFit(data: Self.times.map { Self.decay(truth, $0) })
        for (e, t) in zip(r.estimates, truth) {
            #expect(abs(e.value - t) <= 1e-9 * abs(t), "\(e.name) = \(e.value), true \(t)")
            // The interval is at rounding level here; the truth is inside it or within 1e-12 relative of it.
            let interval = try #require(e.interval)
            #expect(interval.contains(t) || min(abs(interval.lowerBound - t), abs(interval.upperBound - t)) <= 1e-12 * abs(t))
        }
        #expect(r.chiSquare < 1e-20)
        #expect(r.nonIdentifiable.isEmpty)
    }

    @Test("exponential decay: noisy data, the truth lies inside each 95 % interval", arguments: [1, 2, 3] as [UInt64])
    func exponentialNoisy(seed: UInt64) throws {
        let truth = Self.decayTruth
        let data = Self.noisyDecay(seed: seed)
        let r = try Self.decayFit(data: data)
        #expect(r.degreesOfFreedom == Self.times.count - 3)
        #expect(abs(r.tQuantile - 2.0244) < 2e-3) // t(0.975, 38)
        for (est, t) in zip(r.estimates, truth) {
            let interval = try #require(est.interval)
            #expect(interval.contains(t), "\(est.name): \(t) not in \(interval)")
            let se = try #require(est.standardError)
            #expect(se > 0 && se < 0.2 * abs(t) + 0.05)
        }
        // The reduced χ² estimates the noise variance.
        #expect(abs(r.reducedChiSquare.squareRoot() - 0.02) < 0.007)
        #expect(r.correlation[0][0] == 1)
    }

    static let temperatures = stride(from: 273.15, through: 393.15, by: 10).map { $0 }

    @Test("Arrhenius law with an analytic Jacobian: noise-free and 3 % noise, truth in the 95 % intervals")
    func arrhenius() throws {
        let sigmaRef = 1e-3, ea = 45_000.0, tRef = 333.15
        func model(_ p: [Double], _ t: Double) -> Double { p[0] * exp(-(p[1] / Physical.gas) * (1 / t - 1 / tRef)) }
        for noisy in [false, true] {
            let e = noisy ? Self.noise(Self.temperatures.count, sigma: 0.03, seed: 7) : [Double](repeating: 0, count: 13)
            let data = zip(Self.temperatures, e).map { model([sigmaRef, ea], $0) * exp($1) }
            var jacobianCalls = 0
            let r = try NonlinearLeastSquares.fit(
                [FitParameter("sigma_ref", initial: 1e-2, .positive), FitParameter("Ea", initial: 20_000, .positive)],
                residualCount: data.count,
                jacobian: { p in
                    jacobianCalls += 1
                    return Self.temperatures.map { t in [1 / p[0], -(1 / t - 1 / tRef) / Physical.gas] }
                }
            ) { p in zip(Self.temperatures, data).map { log(model(p, $0)) - log($1) } }
            #expect(jacobianCalls > 0)
            if noisy {
                for (est, t) in zip(r.estimates, [sigmaRef, ea]) {
                    let interval = try #require(est.interval)
                    #expect(interval.contains(t), "\(est.name): \(t) not in \(interval)")
                }
            } else {
                #expect(abs(r.parameters[0] / sigmaRef - 1) < 1e-9)
                #expect(abs(r.parameters[1] / ea - 1) < 1e-9)
            }
        }
    }

    @Test("positive parameters stay positive when the data pull them below zero")
    func logSpacePositivity() throws {
        let data = [-1.0, -0.8, -1.2, -1.1]
        var smallest = Double.infinity
        let r = try NonlinearLeastSquares.fit([FitParameter("a", initial: 3, .positive)], residualCount: 4) { p in
            smallest = min(smallest, p[0])
            return data.map { p[0] - $0 }
        }
        #expect(smallest > 0)
        #expect(r.parameters[0] > 0 && r.parameters[0] < 1e-3)
    }

    @Test("bounded parameters stay inside their bounds; the fit ends at the bound the data push against")
    func boundsRespected() throws {
        let data = [5.0, 5.2, 4.8]
        var seen: [Double] = []
        let r = try NonlinearLeastSquares.fit(
            [FitParameter("c", initial: 1, .bounded(lower: 0, upper: 2)),
             FitParameter("d", initial: 0.5, .positiveBounded(lower: 0.1, upper: 1))],
            residualCount: 6
        ) { p in
            seen.append(p[0])
            #expect(p[1] > 0.1 && p[1] < 1)
            return data.map { p[0] - $0 } + data.map { p[1] - $0 / 100 }
        }
        #expect(seen.allSatisfy { $0 > 0 && $0 < 2 })
        #expect(r.parameters[0] > 1.99 && r.parameters[0] < 2)
        #expect(abs(r.parameters[1] - 0.1) < 1e-3)
        #expect(throws: NonlinearLeastSquaresError.self) {
            try NonlinearLeastSquares.fit([FitParameter("c", initial: 2, .bounded(lower: 0, upper: 2))], residualCount: 3) { _ in [0, 0, 0] }
        }
    }

    @Test("a product a·b of two parameters is flagged as not identifiable")
    func singularProblemFlagged() throws {
        let xs = (1...10).map(Double.init)
        let data = xs.map { 6 * $0 + 0.01 * sin($0) }
        let r = try NonlinearLeastSquares.fit(
            [FitParameter("a", initial: 1, .positive), FitParameter("b", initial: 1, .positive)], residualCount: xs.count
        ) { p in zip(xs, data).map { p[0] * p[1] * $0 - $1 } }
        #expect(abs(r.parameters[0] * r.parameters[1] - 6) < 0.01)
        #expect(Set(r.nonIdentifiable) == ["a", "b"])
        #expect(!r.warnings.isEmpty)
        // A well-posed problem is not flagged.
        let ok = try NonlinearLeastSquares.fit([FitParameter("a", initial: 1, .positive)], residualCount: xs.count) { p in
            zip(xs, data).map { p[0] * $0 - $1 }
        }
        #expect(ok.nonIdentifiable.isEmpty && ok.warnings.isEmpty)
    }

    @Test("more free parameters than data is a clear error")
    func tooFewData() {
        #expect(throws: NonlinearLeastSquaresError.tooFewData(points: 2, parameters: 3)) {
            try NonlinearLeastSquares.fit(
                [FitParameter("a", initial: 1), FitParameter("b", initial: 1), FitParameter("c", initial: 1)], residualCount: 2
            ) { _ in [0, 0] }
        }
        let message = NonlinearLeastSquaresError.tooFewData(points: 2, parameters: 3).description
        #expect(message.contains("3 free parameters") && message.contains("2 residuals"))
    }

    @Test("errors thrown by the residual function come back out; a wrong residual count is reported")
    func errorsPropagate() {
        var calls = 0
        #expect(throws: Stop()) {
            try NonlinearLeastSquares.fit([FitParameter("a", initial: 1, .positive)], residualCount: 3) { p in
                calls += 1
                if calls > 3 { throw Stop() }
                return [p[0] - 2, p[0] - 3, p[0] - 4]
            }
        }
        #expect(throws: NonlinearLeastSquaresError.residualCount(expected: 3, got: 2)) {
            try NonlinearLeastSquares.fit([FitParameter("a", initial: 1)], residualCount: 3) { p in [p[0], p[0]] }
        }
        #expect(throws: NonlinearLeastSquaresError.self) {
            try NonlinearLeastSquares.fit([FitParameter("a", initial: -1, .positive)], residualCount: 1) { p in [p[0]] }
        }
    }

    @Test("geodesic acceleration and forward differences reach the same optimum")
    func methodsAgree() throws {
        let data = Self.noisyDecay(seed: 11)
        let lm = try Self.decayFit(data: data)
        var options = NonlinearLeastSquaresOptions()
        options.method = .geodesicAcceleration
        options.finiteDifferences = .forward
        let accel = try Self.decayFit(data: data, options: options)
        for k in 0..<3 { #expect(abs(lm.parameters[k] - accel.parameters[k]) < 1e-6 * max(1, abs(lm.parameters[k]))) }
    }

    @Test("multi-start escapes a local minimum of a sinusoid fit")
    func multiStart() throws {
        let ts = stride(from: 0.0, to: 6.0, by: 0.1).map { $0 }
        let data = ts.map { sin(1.3 * $0) }
        func fit(starts: Int) throws -> NonlinearLeastSquaresResult {
            var o = NonlinearLeastSquaresOptions()
            o.starts = starts
            o.startSpread = 1.0
            return try NonlinearLeastSquares.fit([FitParameter("omega", initial: 4, .positive)], residualCount: ts.count,
                                                 options: o) { p in zip(ts, data).map { sin(p[0] * $0) - $1 } }
        }
        let single = try fit(starts: 1), multi = try fit(starts: 20)
        #expect(abs(single.parameters[0] - 1.3) > 0.1)
        #expect(abs(multi.parameters[0] - 1.3) < 1e-8)
        #expect(multi.chiSquare < single.chiSquare)
    }

    @Test("χ²-change stop: residuals with simulation-like noise stop within a tenth of a standard error of the optimum")
    func chiSquareChangeStop() throws {
        let data = Self.noisyDecay(seed: 1)
        let reference = try Self.decayFit(data: data)
        // A rough wobble of 1e-6 in every residual, as an adaptive integrator leaves: the step test rarely passes.
        var options = NonlinearLeastSquaresOptions()
        options.finiteDifferenceStep = 1e-3
        options.chiSquareTolerance = 0.01
        let r = try NonlinearLeastSquares.fit(
            [FitParameter("A", initial: 1, .positive), FitParameter("k", initial: 1, .positive), FitParameter("b", initial: 0)],
            residualCount: Self.times.count, options: options
        ) { p in zip(Self.times, data).map { Self.decay(p, $0) - $1 + 1e-6 * sin(1e7 * p[0] + 3e6 * p[1] + 1e6 * p[2]) } }
        #expect(r.convergence == .smallChiSquareChange, "\(r.convergence)")
        for (e, ref) in zip(r.estimates, reference.estimates) {
            let se = try #require(ref.standardError)
            #expect(abs(e.value - ref.value) <= 0.1 * se, "\(e.name) = \(e.value), optimum \(ref.value) ± \(se)")
        }
    }

    /// χ²'s noise 2·√(Σ(fᵢ·εᵢ)²) against sampling: Σ(fᵢ + δᵢ)² with δᵢ ~ N(0, εᵢ²) drawn 20,000 times.
    @Test func chiSquareNoiseMatchesSampling() {
        let f = [1.0, -2, 0.5, 3], eps = [0.01, 0.02, 0.005, 0.01]
        var rng = SplitMix64(seed: 7)
        let draws = (0..<20_000).map { _ in zip(f, eps).reduce(0.0) { s, x in let v = x.0 + x.1 * rng.nextGaussian(); return s + v * v } }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let sd = (draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)).squareRoot()
        let predicted = NonlinearLeastSquares.chiSquareNoise(f, noise: eps)
        #expect(abs(predicted - 2 * (0.0001 + 0.0016 + 0.00000625 + 0.0009).squareRoot()) < 1e-15)
        #expect(abs(sd / predicted - 1) < 0.03, "sampled \(sd), first order \(predicted)")
    }

    /// An exactly determined fit (three rows, three parameters: a refit with no degree of freedom left), residuals in
    /// units of their standard uncertainty (0.02) with a wobble of 1e-3 as an adaptive integrator leaves. χ² falls
    /// towards the wobble's ~1e-6 and a stop relative to χ²/dof keeps asking for smaller changes; the stop per
    /// residual ends within a few iterations, a small fraction of a standard error from the exact solution.
    @Test func exactlyDeterminedNoisyFitStopsPerResidual() throws {
        let t = [0.0, 2, 6], sigma = 0.02
        let data = t.map { Self.decay(Self.decayTruth, $0) }
        func fit(_ configure: (inout NonlinearLeastSquaresOptions) -> Void) throws -> NonlinearLeastSquaresResult {
            var o = NonlinearLeastSquaresOptions()
            o.finiteDifferences = .forward
            o.finiteDifferenceStep = 0.03
            o.maxIterations = 200
            configure(&o)
            return try NonlinearLeastSquares.fit(
                [FitParameter("A", initial: 1, .positive), FitParameter("k", initial: 1, .positive), FitParameter("b", initial: 0)],
                residualCount: t.count, options: o
            ) { p in zip(t, data).map { (Self.decay(p, $0) - $1) / sigma + 1e-3 * sin(1e7 * p[0] + 3e6 * p[1] + 1e6 * p[2]) } }
        }
        let perResidual = try fit {
            $0.chiSquareChangePerResidual = 1e-3
            $0.residualNoise = [1e-3, 1e-3, 1e-3]
        }
        let relative = try fit { $0.chiSquareTolerance = 0.01 }
        #expect(perResidual.convergence == .smallChiSquareChange, "\(perResidual.convergence)")
        #expect(perResidual.iterations < relative.iterations, "per residual \(perResidual.iterations), relative \(relative.iterations)")
        for (k, e) in perResidual.estimates.enumerated() {
            let se = perResidual.covarianceAPriori[k][k].squareRoot()
            #expect(abs(e.value - Self.decayTruth[k]) <= 0.1 * se, "\(e.name) = \(e.value), exact \(Self.decayTruth[k]) ± \(se)")
        }
        #expect(throws: NonlinearLeastSquaresError.noiseCount(expected: 3, got: 2)) { try fit { $0.residualNoise = [1e-3, 1e-3] } }
    }

    /// Residuals linear in the natural parameters (t₊-like t in (1e-3, 1) at 0.55, a capacity-like C > 0 at 159), so
    /// (JᵀJ)⁻¹ = (AᵀA)⁻¹ exactly, plus a rough wobble of 1e-4 as an adaptive integrator leaves. A step relative to the
    /// internal value (1e-4·|u|: 2e-5 for t, whose logistic argument is 0.2) reads the wobble as slope; a step on each
    /// coordinate's typical size (3e-2) recovers the covariance.
    @Test func typicalSizeStepKeepsNoiseOutOfTheCovariance() throws {
        let a: [[Double]] = [[1 / 0.05, 0], [0, 1 / 2.0], [100 / 3.0, 1 / 3.0]], b: [Double] = [0.55 / 0.05, 159 / 2.0, 214 / 3.0]
        func residuals(_ p: [Double]) -> [Double] {
            (0..<3).map { (i: Int) -> Double in
                let wobble: Double = 1e-4 * sin(1e9 * p[0] + 1e7 * p[1] + Double(i))
                return a[i][0] * p[0] + a[i][1] * p[1] - b[i] + wobble
            }
        }
        func fit(_ scale: NonlinearLeastSquaresOptions.FiniteDifferenceScale, step: Double) throws -> [[Double]] {
            var o = NonlinearLeastSquaresOptions()
            o.finiteDifferenceScale = scale
            o.finiteDifferenceStep = step
            o.maxIterations = 50
            let parameters = [FitParameter("t", initial: 0.55, .bounded(lower: 1e-3, upper: 1)), FitParameter("C", initial: 159, .positive)]
            return try NonlinearLeastSquares.fit(parameters, residualCount: 3, options: o, residuals: residuals).covarianceAPriori
        }
        // (AᵀA)⁻¹ of the 2 × 2 normal matrix.
        var n00 = 0.0, n01 = 0.0, n11 = 0.0
        for row in a {
            n00 += row[0] * row[0]
            n01 += row[0] * row[1]
            n11 += row[1] * row[1]
        }
        let det = n00 * n11 - n01 * n01
        let exact: [[Double]] = [[n11 / det, -n01 / det], [-n01 / det, n00 / det]]
        let typical = try fit(.typicalSize, step: 3e-2), value = try fit(.value, step: 1e-4)
        for k in 0..<2 {
            #expect(abs(typical[k][k] / exact[k][k] - 1) < 1e-2, "typical size: variance \(k) \(typical[k][k]), exact \(exact[k][k])")
        }
        func correlation(_ c: [[Double]]) -> Double { c[0][1] / (c[0][0] * c[1][1]).squareRoot() }
        #expect(abs(correlation(typical) - correlation(exact)) < 1e-2)
        #expect(abs(value[0][0] / exact[0][0] - 1) > 0.1, "a value-relative step of 1e-4 reads the wobble: \(value[0][0]), exact \(exact[0][0])")
    }
}

/// Standard errors and covariance of the nonlinear least-squares driver against a linear problem whose covariance is
/// known in closed form: for y = a + b·x with residuals r, Cov(a, b) = s²(XᵀX)⁻¹ with s² = Σr²/(n − 2).
extension NonlinearLeastSquaresTests {
    @Test func standardErrorsOfAStraightLineMatchTheClosedForm() throws {
        let x = (0..<12).map { Double($0) * 0.5 }
        // A fixed residual pattern (mean zero, uncorrelated with x by construction is not needed: the fit absorbs it).
        let pattern = [0.03, -0.02, 0.01, 0.04, -0.05, 0.02, -0.01, -0.03, 0.05, -0.02, 0.01, -0.03]
        let y = zip(x, pattern).map { 1.5 + 0.7 * $0 + $1 }
        let r = try NonlinearLeastSquares.fit([FitParameter("a", initial: 0), FitParameter("b", initial: 0)],
                                              residualCount: x.count) { p in zip(x, y).map { p[0] + p[1] * $0 - $1 } }
        // Closed form: ordinary least squares.
        let n = Double(x.count)
        let sx = x.reduce(0, +), sxx = x.reduce(0) { $0 + $1 * $1 }
        let sy = y.reduce(0, +), sxy = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
        let det = n * sxx - sx * sx
        let b = (n * sxy - sx * sy) / det, a = (sy - b * sx) / n
        let s2 = zip(x, y).reduce(0) { $0 + pow(a + b * $1.0 - $1.1, 2) } / (n - 2)
        let varA = s2 * sxx / det, varB = s2 * n / det, covAB = -s2 * sx / det
        #expect(abs(r.estimates[0].value - a) < 1e-9 && abs(r.estimates[1].value - b) < 1e-9)
        let seA = try #require(r.estimates[0].standardError), seB = try #require(r.estimates[1].standardError)
        #expect(abs(seA / varA.squareRoot() - 1) < 1e-6, "σ_a \(seA) vs \(varA.squareRoot())")
        #expect(abs(seB / varB.squareRoot() - 1) < 1e-6, "σ_b \(seB) vs \(varB.squareRoot())")
        #expect(abs(r.covariance[0][1] / covAB - 1) < 1e-6)
        // The 95 % interval is ± t(0.975, n − 2)·σ (t(0.975, 10) = 2.2281).
        let interval = try #require(r.estimates[1].interval)
        #expect(abs((interval.upperBound - interval.lowerBound) / 2 / (2.2281 * varB.squareRoot()) - 1) < 1e-3)
    }
}
