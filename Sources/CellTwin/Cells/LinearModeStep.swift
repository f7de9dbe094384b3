import Foundation

/// Exact update of a cell's linear modes over one integration step (DOMAIN B §7.1, "do not integrate linear RC
/// branches"; §7.4 solves the CV current with the same end-of-step update).
///
/// A mode m obeys dm/dt = g·(J(t) + p) − λ·m: the cathode's solid-diffusion modes (``SolidDiffusionModes``, input
/// (2/3)·dx̄/dt, g = (2/3)/Q_x, p the parasitic currents that also move x̄) and the salt modes
/// (``SaltDiffusionModes``, input λₖwₖG·J, p = 0). Over a step from t₀, with the current taken linear between its
/// value J₀ at t₀ and its value J at t = t₀ + Δ (exact under current control and at rest, where J is constant), and p
/// likewise linear from p₀ to its value p at t, variation of constants gives
///
///   m(t) = m₀·e^{−λΔ} + g·[(J₀ + p₀)·W₀ + (J + p)·W₁],
///   W₀ = ∫₀^Δ (1 − s/Δ)·e^{−λ(Δ−s)} ds = Δ·ψ₀(λΔ),  ψ₀(x) = (1 − e^{−x}(1 + x))/x² = Σₙ (−x)ⁿ(n + 1)/(n + 2)!,
///   W₁ = ∫₀^Δ (s/Δ)·e^{−λ(Δ−s)} ds = Δ·ψ₁(λΔ),  ψ₁(x) = (x − 1 + e^{−x})/x²     = Σₙ (−x)ⁿ/(n + 2)!,
///
/// exact for any λΔ (no stability limit), and W₀ + W₁ = (1 − e^{−λΔ})/λ, the constant-input response. Sums over the
/// modes enter the voltage, so a set of modes is summarised as Σm(J) = A + B·J, affine in the end-of-step current:
/// the algebraic current solve of CV and power control includes the modes' response over the step (their B).
///
/// The error of the linear current path (and of the frozen p) is O(Δ³·J″) for slow modes and O(Δ·J″/λ²) for fast
/// ones; the explicit stepper's step size, set by the slow states, keeps it far below the tolerances (tested against
/// the modes integrated as ordinary states).
///
/// Not thread-safe; buffers are allocated once, so a step allocates nothing.
final class LinearModeStep {
    /// Modes in all, of which the first `solidCount` are solid-diffusion modes and the rest salt modes.
    let count: Int
    let solidCount: Int
    /// λₖ, s⁻¹.
    private let rates: UnsafeMutablePointer<Double>
    /// Salt modes' input per unit current, λₖwₖG (the solid modes' gain (2/3)/Q_x is set at each anchor).
    private let saltGains: UnsafeMutablePointer<Double>
    /// m at the anchor.
    private let start: UnsafeMutablePointer<Double>
    /// e^{−λΔ}, W₀, W₁ at `cachedDelta`, then the same at `previousDelta` (3·count values each, swapped on a hit of
    /// the previous one).
    private var coefficients: UnsafeMutablePointer<Double>
    private var previousCoefficients: UnsafeMutablePointer<Double>
    private var decay: UnsafeMutablePointer<Double> { coefficients }
    private var w0: UnsafeMutablePointer<Double> { coefficients + count }
    private var w1: UnsafeMutablePointer<Double> { coefficients + 2 * count }

    /// Whether the modes are being advanced exactly (anchored); false: they are ordinary ODE states.
    private(set) var isActive = false
    private(set) var anchorTime = 0.0
    private(set) var anchorCurrent = 0.0
    private var parasitic = 0.0
    private var gain = 0.0
    private var cachedDelta = Double.nan
    /// Sums at `cachedDelta`: Σu = solidStart + g·(J + p)·solidPerInput (solidStart includes the anchor's input),
    /// Σz = saltConstant + saltPerCurrent·J.
    private(set) var solidStart = 0.0, solidPerInput = 0.0, saltConstant = 0.0, saltPerCurrent = 0.0
    /// The Δ prepared before `cachedDelta` and its sums. An explicit pair evaluates its last stage (Δ = h) and then
    /// its step's midpoint or another stage before the end of the step (Δ = h again: f at the end, the events, the
    /// modes' update), so two Δs kept cost no exponential for the return to h.
    private var previousDelta = Double.nan
    private var previousSums = (0.0, 0.0, 0.0, 0.0)
    /// g = (2/3)/Q_x, the solid modes' input per unit current.
    var solidGain: Double { gain }

    init(solidRates: [Double], saltRates: UnsafePointer<Double>, saltGains gains: UnsafePointer<Double>, saltCount: Int) {
        solidCount = solidRates.count
        count = solidCount + saltCount
        let n = max(count, 1)
        func buffer() -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: n)
            p.initialize(repeating: 0, count: n)
            return p
        }
        rates = buffer(); saltGains = buffer(); start = buffer()
        coefficients = .allocate(capacity: 3 * n)
        coefficients.initialize(repeating: 0, count: 3 * n)
        previousCoefficients = .allocate(capacity: 3 * n)
        previousCoefficients.initialize(repeating: 0, count: 3 * n)
        for k in 0..<solidCount { rates[k] = solidRates[k] }
        for k in 0..<saltCount {
            rates[solidCount + k] = saltRates[k]
            saltGains[solidCount + k] = gains[k]
        }
    }

    deinit {
        rates.deallocate(); saltGains.deallocate(); start.deallocate()
        coefficients.deallocate(); previousCoefficients.deallocate()
    }

    /// Anchors the step at t with the modes `modes` (count values: solid, then salt), the current J₀, the parasitic
    /// current p that moves x̄ besides J, and the cathode's charge per unit stoichiometry Q_x.
    func anchor(time t: Double, modes: UnsafePointer<Double>, current j0: Double, parasitic p: Double,
                activeCapacity_C_m2 q: Double) {
        anchorTime = t
        anchorCurrent = j0
        parasitic = p
        gain = (2.0 / 3.0) / q
        start.update(from: modes, count: count)
        cachedDelta = .nan
        previousDelta = .nan
        isActive = true
    }

    func release() {
        isActive = false
    }

    /// ψ₀(x) and ψ₁(x) of the type comment, for x ≥ 0, with e^{−x}: polynomials below x = 0.5 (where the closed form
    /// cancels), the closed form above, and the closed form's limit above x = `dampedLimit`.
    ///
    /// Above `dampedLimit` (a strongly damped mode, λΔ ≥ 42) no `exp` is taken: e^{−x}(1 + x) < 2.6e-17 is below
    /// half a unit in the last place of 1 and e^{−x} below that of x − 1, so the closed forms round to ψ₀ = 1/x² and
    /// ψ₁ = (x − 1)/x² exactly, and e^{−x} < 5.8e-19 is taken as 0 (the mode keeps less than that fraction of its start).
    ///
    /// The polynomials are near-minimax (Chebyshev) fits on [0, 0.5] of degree 10 (ψ₀) and 9 (ψ₁), in place of the
    /// 14-term Taylor series Σₙ (−x)ⁿ(n + 1)/(n + 2)! and Σₙ (−x)ⁿ/(n + 2)!: their own error is below 4e-19 and 4e-18
    /// relative, so evaluated by Horner in double precision they are within 1.7e-16 and 1.1e-16 relative of the exact
    /// functions (the series was within 2.4e-16 and 1.0e-16), the rounding of the evaluation.
    @inline(__always)
    static func weights(_ x: Double) -> (decay: Double, psi0: Double, psi1: Double) {
        if x < 0.5 {
            var p0 = 0x1.399f433b5836bp-26
            p0 = p0 * x - 0x1.073aa15f56e89p-22
            p0 = p0 * x + 0x1.4c68407251e38p-19
            p0 = p0 * x - 0x1.71d7fb37d0bc8p-16
            p0 = p0 * x + 0x1.6c168c532efe8p-13
            p0 = p0 * x - 0x1.3813801586a3fp-10
            p0 = p0 * x + 0x1.c71c71bf5b154p-8
            p0 = p0 * x - 0x1.111111110197dp-5
            p0 = p0 * x + 0x1.ffffffffffc0ap-4
            p0 = p0 * x - 0x1.5555555555552p-2
            p0 = p0 * x + 0.5
            var p1 = -0x1.5deaab3617033p-26
            p1 = p1 * x + 0x1.22be82715196bp-22
            p1 = p1 * x - 0x1.717f0810b8f80p-19
            p1 = p1 * x + 0x1.a015d22f6d393p-16
            p1 = p1 * x - 0x1.a019e45bbbf94p-13
            p1 = p1 * x + 0x1.6c16c0ef372d5p-10
            p1 = p1 * x - 0x1.1111110fde97ap-7
            p1 = p1 * x + 0x1.5555555552589p-5
            p1 = p1 * x - 0x1.5555555555527p-3
            p1 = p1 * x + 0.5
            return (FastMath.exp(-x), p0, p1)
        }
        let inv = 1 / (x * x)
        if x >= dampedLimit { return (0, inv, (x - 1) * inv) }
        let e = FastMath.exp(-x)
        return (e, (1 - e * (1 + x)) * inv, (x - 1 + e) * inv)
    }

    /// ``weights(_:)`` of two arguments at once, in packed arithmetic where both take the same branch (the same
    /// operations in the same order, lane by lane, so bitwise the scalar results), else lane by lane.
    @inline(__always)
    static func weights(_ x: SIMD2<Double>) -> (decay: SIMD2<Double>, psi0: SIMD2<Double>, psi1: SIMD2<Double>) {
        if all(x .< 0.5) {
            // The polynomials of the scalar branch, coefficient for coefficient.
            var p0 = SIMD2<Double>(repeating: 0x1.399f433b5836bp-26)
            p0 = p0 * x - 0x1.073aa15f56e89p-22
            p0 = p0 * x + 0x1.4c68407251e38p-19
            p0 = p0 * x - 0x1.71d7fb37d0bc8p-16
            p0 = p0 * x + 0x1.6c168c532efe8p-13
            p0 = p0 * x - 0x1.3813801586a3fp-10
            p0 = p0 * x + 0x1.c71c71bf5b154p-8
            p0 = p0 * x - 0x1.111111110197dp-5
            p0 = p0 * x + 0x1.ffffffffffc0ap-4
            p0 = p0 * x - 0x1.5555555555552p-2
            p0 = p0 * x + 0.5
            var p1 = SIMD2<Double>(repeating: -0x1.5deaab3617033p-26)
            p1 = p1 * x + 0x1.22be82715196bp-22
            p1 = p1 * x - 0x1.717f0810b8f80p-19
            p1 = p1 * x + 0x1.a015d22f6d393p-16
            p1 = p1 * x - 0x1.a019e45bbbf94p-13
            p1 = p1 * x + 0x1.6c16c0ef372d5p-10
            p1 = p1 * x - 0x1.1111110fde97ap-7
            p1 = p1 * x + 0x1.5555555552589p-5
            p1 = p1 * x - 0x1.5555555555527p-3
            p1 = p1 * x + 0.5
            return (FastMath.exp(-x), p0, p1)
        }
        let limit = SIMD2<Double>(repeating: dampedLimit)
        if all(x .>= 0.5) {
            let inv = 1 / (x * x)
            if all(x .>= limit) { return (.zero, inv, (x - 1) * inv) }
            if all(x .< limit) {
                let e = FastMath.exp(-x)
                return (e, (1 - e * (1 + x)) * inv, (x - 1 + e) * inv)
            }
        }
        let a = weights(x[0]), b = weights(x[1])
        return (SIMD2(a.decay, b.decay), SIMD2(a.psi0, b.psi0), SIMD2(a.psi1, b.psi1))
    }

    /// λΔ from which ``weights(_:)`` takes a mode as fully damped (e^{−x}(1 + x) below half a unit in the last place
    /// of 1).
    static var dampedLimit: Double { 42 }

    /// Fills the per-mode coefficients and the sums at t (Δ = t − anchor); the last two Δs are kept. At Δ = 0 (every
    /// explicit step's first stage) the weights are those `weights` gives at 0, e^{−0} = 1 and ψ₀ = ψ₁ = 1/2, without
    /// the exponentials.
    @inline(__always)
    func prepare(time t: Double) {
        let delta = t - anchorTime
        if delta == cachedDelta { return }
        if delta == previousDelta {
            swap(&coefficients, &previousCoefficients)
            swap(&cachedDelta, &previousDelta)
            let kept = previousSums
            previousSums = (solidStart, solidPerInput, saltConstant, saltPerCurrent)
            (solidStart, solidPerInput, saltConstant, saltPerCurrent) = kept
            return
        }
        swap(&coefficients, &previousCoefficients)
        previousDelta = cachedDelta
        previousSums = (solidStart, solidPerInput, saltConstant, saltPerCurrent)
        cachedDelta = delta
        let d = max(delta, 0)
        let decay = self.decay, w0 = self.w0, w1 = self.w1
        // The coefficients, two modes at a time (solid and salt alike), then the sums in mode order.
        if d == 0 {
            for k in 0..<count { decay[k] = 1; w0[k] = 0; w1[k] = 0 }
        } else {
            var k = 0
            while k + 2 <= count {
                let (e, p0, p1) = Self.weights(SIMD2(rates[k], rates[k + 1]) * d)
                let a = d * p0, b = d * p1
                decay[k] = e[0]; decay[k + 1] = e[1]
                w0[k] = a[0]; w0[k + 1] = a[1]
                w1[k] = b[0]; w1[k + 1] = b[1]
                k += 2
            }
            if k < count {
                let (e, p0, p1) = Self.weights(rates[k] * d)
                decay[k] = e; w0[k] = d * p0; w1[k] = d * p1
            }
        }
        var solidE = 0.0, solidW0 = 0.0, solidW1 = 0.0
        for k in 0..<solidCount {
            solidE += start[k] * decay[k]
            solidW0 += w0[k]
            solidW1 += w1[k]
        }
        var saltE = 0.0, saltW0 = 0.0, saltW1 = 0.0
        for k in solidCount..<count {
            saltE += start[k] * decay[k]
            saltW0 += saltGains[k] * w0[k]
            saltW1 += saltGains[k] * w1[k]
        }
        let g = gain, p = parasitic, j0 = anchorCurrent
        solidStart = solidE + g * (j0 + p) * solidW0
        solidPerInput = solidW1
        saltConstant = saltE + j0 * saltW0
        saltPerCurrent = saltW1
    }

    /// Writes the modes at t, with current J and parasitic current p there, into `modes` (count values: solid, then
    /// salt).
    func write(time t: Double, current j: Double, parasitic pNow: Double, into modes: UnsafeMutablePointer<Double>) {
        prepare(time: t)
        let g = gain, p = parasitic, j0 = anchorCurrent
        let decay = self.decay, w0 = self.w0, w1 = self.w1
        for k in 0..<solidCount {
            modes[k] = start[k] * decay[k] + g * ((j0 + p) * w0[k] + (j + pNow) * w1[k])
        }
        for k in solidCount..<count {
            modes[k] = start[k] * decay[k] + saltGains[k] * (j0 * w0[k] + j * w1[k])
        }
    }
}
