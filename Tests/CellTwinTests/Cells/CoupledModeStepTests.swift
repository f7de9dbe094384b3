import CGSL
import Foundation
import Testing
@testable import CellTwin

/// The exact update of the modes under voltage control (``CoupledModeStep``): against the linearised system
/// w′ = D·w + b·J + b_p·p, J = J₀ + cᵀ(w − w₀) + r(s), integrated by classical Runge–Kutta in at least 20,000 steps of at most 0.05 s, for
/// step lengths from far below to far above the modes' time constants; its φ₃ against its integral definition; its
/// path-shape error estimate against the two remainder paths integrated the same way; its roots against a dense
/// eigensolver and against the secular equation in extended precision, and the warm-started roots against
/// cold-started ones; the cases it declines.
@Suite struct CoupledModeStepTests {
    /// Three solid modes and four salt modes (a lumped remainder last), rates spanning 0.002–0.8 s⁻¹.
    static let solidRates = [0.01, 0.09, 0.8]
    static let saltRates = [0.002, 0.018, 0.05, 0.3]
    static let saltGains = [0.002 * 0.8, 0.018 * 0.09, 0.05 * 0.03, 0.3 * 0.08].map { $0 * 0.5 }

    /// A cell-like anchor: x̄, the modes, J₀ (charge), p₀, Q_x and the current's response (both negative).
    struct Anchor {
        var mean = 0.4
        var modes = [0.004, -0.001, 0.0005, -3.0, 1.2, -0.4, 0.2]
        var current = -2.0
        var parasitic = 0.01
        var capacity = 400.0
        var stoichiometryGain = -300.0
        var saltGain = -0.05
    }

    func makeStep() -> CoupledModeStep {
        Self.saltRates.withUnsafeBufferPointer { r in
            Self.saltGains.withUnsafeBufferPointer { g in
                CoupledModeStep(solidRates: Self.solidRates, saltRates: r.baseAddress!, saltGains: g.baseAddress!,
                                saltCount: Self.saltRates.count)
            }
        }
    }

    func anchor(_ step: CoupledModeStep, _ a: Anchor) -> Bool {
        a.modes.withUnsafeBufferPointer {
            step.anchor(time: 100, mean: a.mean, modes: $0.baseAddress!, current: a.current, parasitic: a.parasitic,
                        activeCapacity_C_m2: a.capacity, stoichiometryGain: a.stoichiometryGain, saltGain: a.saltGain)
        }
    }

    /// w(Δ) of the linearised system with the remainder r(s) = ε·(s/Δ)^power and p(s) = p₀ + (p − p₀)·s/Δ, by RK4;
    /// returns the modes and the current J at Δ.
    func reference(_ a: Anchor, delta: Double, epsilon: Double, power: Double, parasiticEnd: Double,
                   solidRates: [Double] = Self.solidRates) -> (modes: [Double], current: Double) {
        let solid = solidRates.count
        let n = 1 + a.modes.count
        let w0 = [a.mean] + a.modes
        let g = (2.0 / 3.0) / a.capacity
        func rate(_ s: Double, _ w: [Double]) -> [Double] {
            var dj = 0.0
            for i in 0..<n { dj += (i <= solid ? a.stoichiometryGain : a.saltGain) * (w[i] - w0[i]) }
            let j = a.current + dj + epsilon * pow(s / delta, power)
            let p = a.parasitic + (parasiticEnd - a.parasitic) * s / delta
            var f = [Double](repeating: 0, count: n)
            f[0] = (j + p) / a.capacity
            for k in 0..<solid { f[1 + k] = -solidRates[k] * w[1 + k] + g * (j + p) }
            for k in 0..<Self.saltRates.count {
                f[1 + solid + k] = -Self.saltRates[k] * w[1 + solid + k] + Self.saltGains[k] * j
            }
            return f
        }
        let steps = max(20_000, Int(delta / 0.05))
        let h = delta / Double(steps)
        var w = w0
        for m in 0..<steps {
            let s = Double(m) * h
            let k1 = rate(s, w)
            let k2 = rate(s + h / 2, zip(w, k1).map { $0 + h / 2 * $1 })
            let k3 = rate(s + h / 2, zip(w, k2).map { $0 + h / 2 * $1 })
            let k4 = rate(s + h, zip(w, k3).map { $0 + h * $1 })
            for i in 0..<n { w[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
        }
        var dj = 0.0
        for i in 0..<n { dj += (i <= solid ? a.stoichiometryGain : a.saltGain) * (w[i] - w0[i]) }
        return (Array(w.dropFirst()), a.current + dj + epsilon)
    }

    /// The modes the step writes at 100 + Δ under the reference's current, each within 1e-9 of the linearised
    /// system's (relative to the larger of the two and the anchor's mode, at least 1e-3).
    func writtenModesMatch(_ step: CoupledModeStep, _ a: Anchor, reference ref: (modes: [Double], current: Double), delta: Double,
                           parasiticEnd: Double) -> [Double] {
        var modes = [Double](repeating: .nan, count: a.modes.count)
        modes.withUnsafeMutableBufferPointer {
            step.write(time: 100 + delta, current: ref.current, parasitic: parasiticEnd, into: $0.baseAddress!)
        }
        for (k, (m, r)) in zip(modes, ref.modes).enumerated() {
            let scale = max(abs(r), abs(a.modes[k]), 1e-3)
            #expect(abs(m - r) <= 1e-9 * scale, "mode \(k) at Δ = \(delta): \(m), reference \(r)")
        }
        return modes
    }

    @Test(arguments: [(0.5, 0.0), (20.0, 0.0), (20.0, 0.05), (400.0, -0.1), (3000.0, 0.2)])
    func modesMatchTheLinearisedSystem(delta: Double, epsilon: Double) {
        let a = Anchor()
        let step = makeStep()
        #expect(anchor(step, a))
        let parasiticEnd = a.parasitic * 1.5
        let ref = reference(a, delta: delta, epsilon: epsilon, power: 2, parasiticEnd: parasiticEnd)
        let modes = writtenModesMatch(step, a, reference: ref, delta: delta, parasiticEnd: parasiticEnd)
        // The sums the voltage solve reads are affine in J and in p − p₀, and agree with the modes written.
        step.prepare(time: 100 + delta)
        let dp = parasiticEnd - a.parasitic
        let solid = step.solidConstant + step.solidPerParasitic * dp + step.solidPerCurrent * ref.current
        let salt = step.saltConstant + step.saltPerParasitic * dp + step.saltPerCurrent * ref.current
        let solidModes = modes.prefix(Self.solidRates.count).reduce(0, +)
        let saltModes = modes.dropFirst(Self.solidRates.count).reduce(0, +)
        #expect(abs(solid - solidModes) <= 1e-12 * max(abs(solidModes), 1e-3))
        #expect(abs(salt - saltModes) <= 1e-12 * max(abs(saltModes), 1))
    }

    /// With an odd number of roots (the anchor computes the eigenvectors two roots at a time, the last one alone in
    /// both lanes) the modes written are those of the linearised system too, every one of them.
    @Test(arguments: [(20.0, 0.05), (400.0, -0.1)])
    func oddNumberOfRootsMatchesTheLinearisedSystem(delta: Double, epsilon: Double) {
        var a = Anchor()
        let solidRates = Self.solidRates + [2.5]
        a.modes.insert(0.0002, at: solidRates.count - 1)
        let step = Self.saltRates.withUnsafeBufferPointer { r in
            Self.saltGains.withUnsafeBufferPointer { g in
                CoupledModeStep(solidRates: solidRates, saltRates: r.baseAddress!, saltGains: g.baseAddress!,
                                saltCount: Self.saltRates.count)
            }
        }
        #expect(step.size % 2 == 1)
        #expect(anchor(step, a))
        let parasiticEnd = a.parasitic * 1.5
        let ref = reference(a, delta: delta, epsilon: epsilon, power: 2, parasiticEnd: parasiticEnd, solidRates: solidRates)
        _ = writtenModesMatch(step, a, reference: ref, delta: delta, parasiticEnd: parasiticEnd)
    }

    /// The two kept Δs: returning to an earlier Δ (as an explicit pair returns to its step's end) gives the sums and
    /// the written modes a fresh step prepared at that Δ gives, to the last bit, with Δs on both sides of the strongly
    /// damped limit (−μΔ ≥ 42 for the fast roots at Δ = 900 s).
    @Test func returningToAKeptDeltaGivesWhatAFreshStepGives() {
        let a = Anchor()
        func state(_ step: CoupledModeStep, at t: Double) -> [Double] {
            step.prepare(time: t)
            var modes = [Double](repeating: 0, count: a.modes.count)
            modes.withUnsafeMutableBufferPointer { step.write(time: t, current: -1.5, parasitic: 0.02, into: $0.baseAddress!) }
            return [step.solidConstant, step.solidPerParasitic, step.solidPerCurrent, step.saltConstant,
                    step.saltPerParasitic, step.saltPerCurrent] + modes
        }
        for (first, second) in [(130.0, 115.0), (1000.0, 550.0), (550.0, 1000.0)] {
            let fresh = makeStep(), kept = makeStep()
            #expect(anchor(fresh, a) && anchor(kept, a))
            let expected = state(fresh, at: first)
            _ = state(kept, at: first)
            let other = state(kept, at: second)
            #expect(state(kept, at: first) == expected)
            // And forward again to the other kept Δ.
            #expect(state(kept, at: second) == other)
            #expect(other != expected)
        }
    }

    /// The prepared sums (Σu and Σz affine in J and p − p₀, summed from the per-root weights) are
    /// the sums of the modes `write` gives (each mode from its eigenvector expansion) to rounding, at Δs that put each
    /// root's −μΔ at and about the weights' branch points 0.05, 0.5 and 42; with an even and an odd number of roots.
    @Test(arguments: [false, true])
    func preparedSumsAreTheWrittenModesSums(oddRoots: Bool) {
        var a = Anchor()
        var solidRates = Self.solidRates
        if oddRoots {
            solidRates.append(2.5)
            a.modes.insert(0.0002, at: solidRates.count - 1)
        }
        let step = Self.saltRates.withUnsafeBufferPointer { r in
            Self.saltGains.withUnsafeBufferPointer { g in
                CoupledModeStep(solidRates: solidRates, saltRates: r.baseAddress!, saltGains: g.baseAddress!,
                                saltCount: Self.saltRates.count)
            }
        }
        #expect(step.size % 2 == (oddRoots ? 1 : 0))
        #expect(anchor(step, a))
        var deltas: [Double] = []
        for mu in step.eigenvalues {
            for x in [Double(0.05).nextDown, 0.05, Double(0.5).nextDown, 0.5, Double(0.5).nextUp, 3, Double(42).nextDown, 42,
                      Double(42).nextUp] {
                deltas.append(x / -mu)
            }
        }
        let solid = solidRates.count
        let (j, p) = (-1.7, 0.03)
        var modes = [Double](repeating: 0, count: a.modes.count)
        var worst = 0.0
        for delta in deltas where delta > 0 && delta.isFinite {
            let t = 100 + delta
            step.prepare(time: t)
            let dp = p - a.parasitic
            let solidSum = step.solidConstant + step.solidPerParasitic * dp + step.solidPerCurrent * j
            let saltSum = step.saltConstant + step.saltPerParasitic * dp + step.saltPerCurrent * j
            modes.withUnsafeMutableBufferPointer { step.write(time: t, current: j, parasitic: p, into: $0.baseAddress!) }
            let solidModes = modes[..<solid].reduce(0, +), saltModes = modes[solid...].reduce(0, +)
            let solidScale = modes[..<solid].map(abs).reduce(0, +) + abs(step.solidConstant) + abs(step.solidPerCurrent * j)
            let saltScale = modes[solid...].map(abs).reduce(0, +) + abs(step.saltConstant) + abs(step.saltPerCurrent * j)
            worst = max(worst, abs(solidSum - solidModes) / solidScale, abs(saltSum - saltModes) / saltScale)
        }
        #expect(worst <= 1e-13, "largest difference \(worst) relative to the sums' terms")
    }

    /// ∫₀^Δ (s/Δ)²e^{−λ(Δ−s)} ds / Δ = 2φ₃(−λΔ), by composite Simpson (40,000 panels).
    @Test(arguments: [0, 1e-7, 0.01, 0.049, 0.05, 0.051, 0.3, 1, 4, 30, 42, 60])
    func phi3MatchesItsIntegralDefinition(x: Double) {
        let n = 40_000
        var sum = 0.0
        for i in 0...n {
            let s = Double(i) / Double(n)
            let w = (i == 0 || i == n) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
            sum += w * s * s * exp(-x * (1 - s))
        }
        let quadrature = sum / (3 * Double(n))
        let value = 2 * CoupledModeStep.phi3(x, psi1: LinearModeStep.weights(x).psi1)
        #expect(abs(value - quadrature) <= 1e-12 * quadrature, "2φ₃(−\(x)) = \(value), quadrature \(quadrature)")
    }

    /// The step limit follows from the difference the remainder's path makes: the charge the current shift cᵀ(w_lin −
    /// w_quad) carries over the step, against the tolerance, Δ·0.9·E^(−1/3) within [Δ/5, 5Δ].
    @Test(arguments: [0.02, 0.3])
    func stepLimitFollowsThePathShapeDifference(epsilon: Double) {
        let a = Anchor()
        let step = makeStep()
        #expect(anchor(step, a))
        #expect(step.stepLimit(chargeTolerance: 1e-3) == .infinity)
        let delta = 300.0
        let quadratic = reference(a, delta: delta, epsilon: epsilon, power: 2, parasiticEnd: a.parasitic)
        let linear = reference(a, delta: delta, epsilon: epsilon, power: 1, parasiticEnd: a.parasitic)
        var modes = [Double](repeating: 0, count: a.modes.count)
        modes.withUnsafeMutableBufferPointer {
            step.write(time: 100 + delta, current: quadratic.current, parasitic: a.parasitic, into: $0.baseAddress!)
        }
        var shift = 0.0
        for k in 0..<a.modes.count {
            shift += (k < Self.solidRates.count ? a.stoichiometryGain : a.saltGain) * (linear.modes[k] - quadratic.modes[k])
        }
        let tolerance = 1e-3
        let ratio = abs(shift) * delta / tolerance
        let expected = delta * min(max(0.9 * pow(ratio, -1.0 / 3.0), 0.2), 5)
        let limit = step.stepLimit(chargeTolerance: tolerance)
        #expect(abs(limit - expected) <= 1e-6 * expected, "limit \(limit) s, expected \(expected) s (E = \(ratio))")
    }

    /// The roots of the secular equation are the eigenvalues of A = D + b·cᵀ: against GSL's dense nonsymmetric
    /// eigensolver (balanced Hessenberg QR) on random cells (1–5 solid modes, 1–5 salt modes, rates log-uniform over
    /// 0.001–1 s⁻¹, gains spanning two decades), to 1e-12 relative, the dense solver's own accuracy on these spreads.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func rootsAreTheEigenvaluesOfTheDenseMatrix(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(rng.next() >> 11) * 0x1p-53 }
        func logUniform(_ a: Double, _ b: Double) -> Double { exp(uniform(log(a), log(b))) }
        var checked = 0
        for _ in 0..<10 {
            let solid = (0..<Int(uniform(1, 5.999))).map { _ in logUniform(1e-3, 1) }
            let salt = (0..<Int(uniform(1, 5.999))).map { _ in logUniform(1e-3, 1) }
            let gains = salt.map { $0 * logUniform(1e-3, 1e-1) }
            let q = logUniform(100, 20_000), gx = -logUniform(10, 1000), gc = -logUniform(1e-5, 1)
            let step = salt.withUnsafeBufferPointer { r in
                gains.withUnsafeBufferPointer { g in
                    CoupledModeStep(solidRates: solid, saltRates: r.baseAddress!,
                                    saltGains: g.baseAddress!, saltCount: salt.count)
                }
            }
            guard step.separated else { continue }
            #expect(anchorAtRest(step, modeCount: solid.count + salt.count, q: q, gx: gx, gc: gc))
            // A = D + b·cᵀ in the layout x̄, solid, salt.
            let d = [0] + solid.map { -$0 } + salt.map { -$0 }
            let b = [1 / q] + solid.map { _ in (2.0 / 3.0) / q } + gains
            let c = [gx] + solid.map { _ in gx } + salt.map { _ in gc }
            let n = d.count
            let a = try #require(gsl_matrix_alloc(n, n))
            let values = try #require(gsl_vector_complex_alloc(n))
            let work = try #require(gsl_eigen_nonsymm_alloc(n))
            defer { gsl_matrix_free(a); gsl_vector_complex_free(values); gsl_eigen_nonsymm_free(work) }
            for i in 0..<n {
                for k in 0..<n { gsl_matrix_set(a, i, k, (i == k ? d[i] : 0) + b[i] * c[k]) }
            }
            gsl_eigen_nonsymm_params(0, 1, work)
            #expect(gsl_eigen_nonsymm(a, values, work) == GSL_SUCCESS)
            var dense: [Double] = []
            for i in 0..<n {
                let z = gsl_vector_complex_get(values, i)
                #expect(abs(z.dat.1) <= 1e-12 * abs(z.dat.0))
                dense.append(z.dat.0)
            }
            dense.sort()
            for (mu, reference) in zip(step.eigenvalues, dense) {
                #expect(abs(mu - reference) <= 1e-12 * abs(reference), "seed \(seed): root \(mu), dense \(reference)")
            }
            checked += 1
        }
        #expect(checked >= 5)
    }

    /// The roots solve the secular equation 1 = Σ ρᵢ/(μ − dᵢ) to the stopping rule's accuracy relative to each root's
    /// distance δ from its nearest pole: the Newton correction |f/f′|, evaluated in extended precision, is
    /// at most 1e-14·δ plus the rounding of μ = pole + τ to a Double (an ulp of μ), for even and odd numbers of roots,
    /// cold and warm started.
    @Test(arguments: [UInt64(11), 12, 13, 14])
    func rootsSolveTheSecularEquationToTheirOffsets(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(rng.next() >> 11) * 0x1p-53 }
        func logUniform(_ a: Double, _ b: Double) -> Double { exp(uniform(log(a), log(b))) }
        var sizes: Set<Int> = []
        for _ in 0..<12 {
            let solid = (0..<Int(uniform(1, 5.999))).map { _ in logUniform(1e-3, 1) }
            let salt = (0..<Int(uniform(1, 5.999))).map { _ in logUniform(1e-3, 1) }
            let gains = salt.map { $0 * logUniform(1e-3, 1e-1) }
            let step = salt.withUnsafeBufferPointer { r in
                gains.withUnsafeBufferPointer { g in
                    CoupledModeStep(solidRates: solid, saltRates: r.baseAddress!, saltGains: g.baseAddress!,
                                    saltCount: salt.count)
                }
            }
            guard step.separated else { continue }
            sizes.insert(step.size % 2)
            var q = logUniform(100, 20_000), gx = -logUniform(10, 1000), gc = -logUniform(1e-5, 1)
            // A cold anchor, then two warm ones at couplings moved by a few per cent.
            for pass in 0..<3 {
                if pass > 0 { gx *= 1 + uniform(-0.05, 0.05); gc *= 1 + uniform(-0.05, 0.05); q *= 1 + uniform(-1e-3, 1e-3) }
                #expect(anchorAtRest(step, modeCount: solid.count + salt.count, q: q, gx: gx, gc: gc))
                let d = [0] + solid.map { -$0 } + salt.map { -$0 }
                let rho = [gx / q] + solid.map { _ in gx * (2.0 / 3.0) / q } + gains.map { gc * $0 }
                for mu in step.eigenvalues {
                    var f: Float80 = 1, df: Float80 = 0
                    for (di, ri) in zip(d, rho) {
                        let inv = 1 / (Float80(mu) - Float80(di))
                        f -= Float80(ri) * inv
                        df += Float80(ri) * inv * inv
                    }
                    let distance = d.map { abs(mu - $0) }.min()!
                    let correction = Double(abs(f / df))
                    #expect(correction <= 1e-14 * distance + mu.ulp, "seed \(seed): root \(mu), correction \(correction), δ \(distance)")
                }
            }
        }
        #expect(sizes == [0, 1])
    }

    /// Roots started from the last anchor's, moved by their first-order response to the change of the couplings, are
    /// those a fresh start finds (to the stopping rule's 1e-14 of each root's offset from its pole, which the roots
    /// inherit relative to themselves), along a hold whose gains drift by up to 8 % a step; and they cost at most two
    /// evaluations of the secular function per root, fewer than the cold start.
    @Test func warmStartedRootsAreTheColdStartedOnes() {
        let warm = makeStep()
        var a = Anchor()
        for k in 0..<12 {
            let drift = Double(k)
            a.stoichiometryGain = -300 * (1 - 0.08 * drift / (1 + drift))
            a.saltGain = -0.05 * (1 + 0.02 * drift)
            a.capacity = 400 * (1 - 1e-3 * drift)
            a.current = -2 + 0.1 * drift
            let cold = makeStep()
            let before = warm.rootIterations
            #expect(anchor(warm, a) && anchor(cold, a))
            let evaluations = warm.rootIterations - before
            for (w, c) in zip(warm.eigenvalues, cold.eigenvalues) {
                #expect(abs(w - c) <= 1e-13 * abs(c), "anchor \(k): warm \(w), cold \(c)")
            }
            if k > 0 {
                #expect(evaluations <= 2 * warm.size && evaluations < cold.rootIterations,
                        "anchor \(k): \(evaluations) evaluations warm, \(cold.rootIterations) cold")
            }
            // The modes written agree too.
            var mw = [Double](repeating: 0, count: a.modes.count), mc = mw
            mw.withUnsafeMutableBufferPointer { warm.write(time: 400, current: -1.5, parasitic: 0.02, into: $0.baseAddress!) }
            mc.withUnsafeMutableBufferPointer { cold.write(time: 400, current: -1.5, parasitic: 0.02, into: $0.baseAddress!) }
            for (x, y) in zip(mw, mc) { #expect(abs(x - y) <= 1e-12 * max(abs(y), 1e-3)) }
        }
        // A new control keeps the roots as its start: an anchor at the same couplings takes one evaluation per root.
        warm.startControl()
        #expect(warm.stepLimit(chargeTolerance: 1) == .infinity)
        let before = warm.rootIterations
        #expect(anchor(warm, a))
        #expect(warm.rootIterations - before == warm.size)
    }

    /// The step the limit allows keeps the path error within the tolerance: for a current whose departure from its
    /// tangent grows as κs² (a smooth current's), the charge the two remainder paths' current shift carries over the
    /// next step, |cᵀ(w_lin − w_quad)|·Δ′ with both integrated by RK4, is at most the tolerance at Δ′ = limit, and
    /// not far below it (the limit targets the tolerance) unless the growth cap 5Δ binds.
    @Test(arguments: [0.05, 0.5, 4.0])
    func theLimitKeepsThePathErrorWithinTheTolerance(estimateOverTolerance: Double) {
        let a = Anchor()
        let kappa = 2e-7
        func pathError(_ delta: Double) -> Double {
            let epsilon = kappa * delta * delta
            let quadratic = reference(a, delta: delta, epsilon: epsilon, power: 2, parasiticEnd: a.parasitic)
            let linear = reference(a, delta: delta, epsilon: epsilon, power: 1, parasiticEnd: a.parasitic)
            var shift = 0.0
            for k in 0..<a.modes.count {
                shift += (k < Self.solidRates.count ? a.stoichiometryGain : a.saltGain) * (linear.modes[k] - quadratic.modes[k])
            }
            return abs(shift) * delta
        }
        let delta = 60.0
        let tolerance = pathError(delta) / estimateOverTolerance
        let step = makeStep()
        #expect(anchor(step, a))
        let current = reference(a, delta: delta, epsilon: kappa * delta * delta, power: 2, parasiticEnd: a.parasitic).current
        var modes = [Double](repeating: 0, count: a.modes.count)
        modes.withUnsafeMutableBufferPointer {
            step.write(time: 100 + delta, current: current, parasitic: a.parasitic, into: $0.baseAddress!)
        }
        let limit = step.stepLimit(chargeTolerance: tolerance)
        let next = pathError(limit)
        #expect(next <= tolerance, "Δ′ = \(limit) s: path error \(next), tolerance \(tolerance)")
        if limit < 5 * delta { #expect(next >= 0.2 * tolerance, "Δ′ = \(limit) s: path error \(next), tolerance \(tolerance)") }
    }

    @Test func declinesAResponseThatDoesNotDamp() {
        let step = makeStep()
        var a = Anchor()
        a.stoichiometryGain = 300
        #expect(!anchor(step, a))
        #expect(!step.isActive)
        a = Anchor()
        a.saltGain = 0
        #expect(!anchor(step, a))
        a = Anchor()
        #expect(anchor(step, a))
        #expect(step.isActive)
    }

    @Test func declinesPolesThatCoincide() {
        let salt = [0.01, 0.2]
        let gains = [0.001, 0.002]
        let step = salt.withUnsafeBufferPointer { r in
            gains.withUnsafeBufferPointer { g in
                CoupledModeStep(solidRates: [0.01], saltRates: r.baseAddress!, saltGains: g.baseAddress!, saltCount: 2)
            }
        }
        #expect(!step.separated)
    }
}

/// Anchors `step` with every mode at 0, x̄ = 0.5 and J₀ = −1 A/m² (the random systems' set-up); whether it anchored.
private func anchorAtRest(_ step: CoupledModeStep, modeCount: Int, q: Double, gx: Double, gc: Double) -> Bool {
    let modes = [Double](repeating: 0, count: modeCount)
    return modes.withUnsafeBufferPointer {
        step.anchor(time: 0, mean: 0.5, modes: $0.baseAddress!, current: -1,
                    parasitic: 0, activeCapacity_C_m2: q, stoichiometryGain: gx, saltGain: gc)
    }
}
