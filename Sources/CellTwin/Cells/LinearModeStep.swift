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
/// exact for any λΔ (no stability limit), and W₀ + W₁ = (1 − e^{−λΔ})/λ = Δ·φ(λΔ), the constant-input response. Sums
/// over the modes enter the voltage, so a set of modes is summarised as Σm(J) = A + B·J, affine in the end-of-step
/// current: the algebraic current solve of CV and power control includes the modes' response over the step (their B).
///
/// Where the step's input is constant (an anchor with `constantInput`: current control or rest, J = J₀, with a
/// parasitic current that does not move over the step, p = p₀), the update needs the sum alone,
///
///   m(t) = m₀·e^{−λΔ} + g·(J + p)·Δ·φ(λΔ),  φ(x) = (1 − e^{−x})/x = Σₙ (−x)ⁿ/(n + 1)!,
///
/// one weight per mode instead of two (``constantInputWeights(_:)``), and the sums are those of a current constant
/// over the step, Σm(J) = Σm₀e^{−λΔ} + (Σ gΔφ)·(J + p): equal to the general form at J = J₀, p = p₀.
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
    /// Whether the anchor declared the input constant over the step (J = J₀, p = p₀): then `coefficients` holds
    /// e^{−λΔ} and W₀ + W₁ in the sorted order below (the first 2·`pairedCount` values), and the sums are those of a
    /// constant current (see the type comment).
    private(set) var constantInput = false
    /// The constant-input path's order: every mode, solid and salt, by ascending λ, padded to an even count with a
    /// mode of infinite rate and no weight, so that the modes go in pairs of neighbouring λΔ and a pair straddles a
    /// branch of ``constantInputWeights(_:)`` at most once per branch point. Per position: λ, the layout index, the
    /// start, 1 for a solid mode (else 0), 1 for a salt mode (else 0), the salt mode's gain λₖwₖG (else 0).
    let pairedCount: Int
    private let sortedRates: UnsafeMutablePointer<Double>
    private let sortedIndex: UnsafeMutablePointer<Int>
    private let sortedStart: UnsafeMutablePointer<Double>
    private let solidMask: UnsafeMutablePointer<Double>
    private let saltMask: UnsafeMutablePointer<Double>
    private let sortedSaltGains: UnsafeMutablePointer<Double>
    /// From each position k on (0…pairedCount): Σ 1/λ over the solid modes there, then Σ λₖwₖG/λₖ over the salt
    /// modes (pairedCount + 1 values each), the fully damped modes' W-sums.
    private let dampedSums: UnsafeMutablePointer<Double>
    /// Σu₀ and Σz₀ at the anchor (the sums at Δ = 0).
    private var startSums = (solid: 0.0, salt: 0.0)
    private(set) var anchorTime = 0.0
    private(set) var anchorCurrent = 0.0
    private var parasitic = 0.0
    private var gain = 0.0
    private var cachedDelta = Double.nan
    /// Sums at `cachedDelta`: Σu = solidStart + g·(J + p)·solidPerInput (solidStart includes the anchor's input; with
    /// `constantInput` it is Σu₀e^{−λΔ} and solidPerInput is Σ(W₀ + W₁)), Σz = saltConstant + saltPerCurrent·J.
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
        pairedCount = (count + 1) / 2 * 2
        let m = max(pairedCount, 2)
        func sortedBuffer() -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: m)
            p.initialize(repeating: 0, count: m)
            return p
        }
        coefficients = .allocate(capacity: 3 * m + 1)
        coefficients.initialize(repeating: 0, count: 3 * m + 1)
        previousCoefficients = .allocate(capacity: 3 * m + 1)
        previousCoefficients.initialize(repeating: 0, count: 3 * m + 1)
        for k in 0..<solidCount { rates[k] = solidRates[k] }
        for k in 0..<saltCount {
            rates[solidCount + k] = saltRates[k]
            saltGains[solidCount + k] = gains[k]
        }
        sortedRates = sortedBuffer(); sortedStart = sortedBuffer()
        solidMask = sortedBuffer(); saltMask = sortedBuffer(); sortedSaltGains = sortedBuffer()
        sortedIndex = .allocate(capacity: m)
        sortedIndex.initialize(repeating: 0, count: m)
        dampedSums = .allocate(capacity: 2 * (pairedCount + 1))
        dampedSums.initialize(repeating: 0, count: 2 * (pairedCount + 1))
        let order = (0..<count).sorted { (rates[$0], $0) < (rates[$1], $1) }
        for (position, k) in order.enumerated() {
            sortedRates[position] = rates[k]
            sortedIndex[position] = k
            solidMask[position] = k < solidCount ? 1 : 0
            saltMask[position] = k < solidCount ? 0 : 1
            sortedSaltGains[position] = saltGains[k]
        }
        // The padding: e^{−∞} = 0 and W = Δ/∞ = 0, and no weight in any sum.
        for position in count..<m { sortedRates[position] = .infinity }
        let p = pairedCount
        for position in stride(from: p - 1, through: 0, by: -1) {
            let inverse = position < count ? 1 / sortedRates[position] : 0
            dampedSums[position] = dampedSums[position + 1] + solidMask[position] * inverse
            dampedSums[p + 1 + position] = dampedSums[p + 2 + position] + sortedSaltGains[position] * inverse
        }
    }

    deinit {
        rates.deallocate(); saltGains.deallocate(); start.deallocate()
        coefficients.deallocate(); previousCoefficients.deallocate()
        sortedRates.deallocate(); sortedIndex.deallocate(); sortedStart.deallocate()
        solidMask.deallocate(); saltMask.deallocate(); sortedSaltGains.deallocate(); dampedSums.deallocate()
    }

    /// Anchors the step at t with the modes `modes` (count values: solid, then salt), the current J₀, the parasitic
    /// current p that moves x̄ besides J, and the cathode's charge per unit stoichiometry Q_x. `constantInput`: the
    /// caller guarantees J = J₀ and p = p₀ at every t of the step (current control or rest, no parasitic current that
    /// moves with the state), so that the constant-input weights suffice.
    func anchor(time t: Double, modes: UnsafePointer<Double>, current j0: Double, parasitic p: Double,
                activeCapacity_C_m2 q: Double, constantInput constant: Bool = false) {
        anchorTime = t
        anchorCurrent = j0
        parasitic = p
        constantInput = constant
        gain = (2.0 / 3.0) / q
        if constant {
            var solid = 0.0, salt = 0.0
            for position in 0..<count {
                let m = modes[sortedIndex[position]]
                sortedStart[position] = m
                solid += solidMask[position] * m
                salt += saltMask[position] * m
            }
            startSums = (solid, salt)
        } else {
            start.update(from: modes, count: count)
        }
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
            // The packed polynomials of both lanes at x: the same operations, bitwise the scalar ones.
            let (p0, p1) = psiPolynomials(SIMD2(repeating: x))
            return (FastMath.exp(-x), p0[0], p1[0])
        }
        let inv = 1 / (x * x)
        if x >= dampedLimit { return (0, inv, (x - 1) * inv) }
        let e = FastMath.exp(-x)
        return (e, (1 - e * (1 + x)) * inv, (x - 1 + e) * inv)
    }

    /// The polynomials ψ₀ and ψ₁ of ``weights(_:)`` below x = 0.5, two arguments at once (the scalar branch evaluates
    /// them in both lanes at its one x: the same operations, so the packed and scalar weights are bitwise equal).
    @inline(__always)
    static func psiPolynomials(_ x: SIMD2<Double>) -> (psi0: SIMD2<Double>, psi1: SIMD2<Double>) {
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
        return (p0, p1)
    }

    /// ``weights(_:)`` of two arguments at once, in packed arithmetic where both take the same branch (the same
    /// operations in the same order, lane by lane, so bitwise the scalar results), else lane by lane.
    @inline(__always)
    static func weights(_ x: SIMD2<Double>) -> (decay: SIMD2<Double>, psi0: SIMD2<Double>, psi1: SIMD2<Double>) {
        if all(x .< 0.5) {
            let (p0, p1) = psiPolynomials(x)
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

    /// e^{−x} and φ(x) = (1 − e^{−x})/x for x ≥ 0 (the constant-input response W₀ + W₁ = Δ·φ(λΔ), type comment):
    /// below x = 0.5 a polynomial for φ and e^{−x} = 1 − x·φ(x), no `exp`; the closed form (1 − e^{−x})/x above, with
    /// `exp` of min(x, 708) (e^{−708} ≈ 3e-308 stands for the underflow; 1 − e^{−x} rounds to 1 from x ≈ 37.4, so φ is
    /// exactly 1/x there). ``prepare(time:)`` takes the modes from λΔ = `dampedLimit` on as fully damped without this
    /// function (e^{−x} < 5.8e-19 taken as 0, φ = 1/x).
    ///
    /// The polynomial is a near-minimax (Chebyshev) fit on [0, 0.5] of degree 10, its own error below 4e-19, so by
    /// Horner in double precision φ is within 1.3e-16 relative of the exact function; x·φ ≤ 0.4, so 1 − x·φ is within
    /// 1.1 units in the last place of e^{−x} (which is ≥ 0.6 there). Above 0.5, 1 − e^{−x} ≥ 0.39 does not cancel.
    @inline(__always)
    static func constantInputWeights(_ x: Double) -> (decay: Double, response: Double) {
        if x < 0.5 {
            let phi = responsePolynomial(x)
            return (1 - x * phi, phi)
        }
        let e = FastMath.exp(-min(x, 708))
        return (e, (1 - e) / x)
    }

    /// ``constantInputWeights(_:)`` of two arguments at once in packed arithmetic (bitwise the scalar results): the
    /// branch of both lanes, or both branches and each lane's own where they straddle 0.5.
    @inline(__always)
    static func constantInputWeights(_ x: SIMD2<Double>) -> (decay: SIMD2<Double>, response: SIMD2<Double>) {
        let lo = min(x[0], x[1]), hi = max(x[0], x[1])
        if hi < 0.5 {
            let phi = responsePolynomial(x)
            return (1 - x * phi, phi)
        }
        let e = FastMath.expWithinRange(-x.replacing(with: 708, where: x .> 708))
        let closed = (1 - e) / x
        if lo >= 0.5 { return (e, closed) }
        let phi = responsePolynomial(x), below = x .< 0.5
        return (e.replacing(with: 1 - x * phi, where: below), closed.replacing(with: phi, where: below))
    }

    /// φ(x) = (1 − e^{−x})/x on [0, 0.5] (``constantInputWeights(_:)``): the packed polynomial in both lanes at x (the
    /// same operations, so bitwise the packed result).
    @inline(__always)
    static func responsePolynomial(_ x: Double) -> Double {
        responsePolynomial(SIMD2(repeating: x))[0]
    }

    /// φ(x) on [0, 0.5] of two arguments, by Horner.
    @inline(__always)
    static func responsePolynomial(_ x: SIMD2<Double>) -> SIMD2<Double> {
        var p = SIMD2<Double>(repeating: 0x1.56af857b3464cp-26)
        p = p * x - 0x1.21a4651a0406dp-22
        p = p * x + 0x1.715a9f46437a6p-19
        p = p * x - 0x1.a0133b48e4a83p-16
        p = p * x + 0x1.a019c8090f820p-13
        p = p * x - 0x1.6c16c030f1c4fp-10
        p = p * x + 0x1.1111110cdc55dp-7
        p = p * x - 0x1.55555555448cap-5
        p = p * x + 0x1.555555555532fp-3
        p = p * x - 0x1.ffffffffffffdp-2
        return p * x + 1
    }

    /// Fills the per-mode coefficients and the sums at t (Δ = t − anchor); the last two Δs are kept. At Δ = 0 (every
    /// explicit step's first stage) the weights are those `weights` gives at 0, e^{−0} = 1 and ψ₀ = ψ₁ = 1/2, without
    /// the exponentials. With `constantInput`, e^{−λΔ} and W₀ + W₁ alone (``constantInputWeights(_:)``).
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
        if constantInput {
            prepareConstantInput(d)
            return
        }
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

    /// The constant-input coefficients e^{−λΔ} and W₀ + W₁ = Δ·φ(λΔ) at Δ = d ≥ 0 in the sorted order (into the first
    /// two `pairedCount` blocks of `coefficients`, and the position from which the modes are fully damped after
    /// them), a pair of neighbouring modes at a time, and the sums: Σu₀e^{−λΔ} and ΣW over the solid modes,
    /// Σz₀e^{−λΔ} and Σ λₖwₖG·W over the salt modes. The pairs from the first whose smaller λΔ reaches `dampedLimit`
    /// on are fully damped, e^{−λΔ} = 0 and W = 1/λ: their share of the sums is kept from the start (`dampedSums`).
    @inline(__always)
    private func prepareConstantInput(_ d: Double) {
        let decay = coefficients, w = coefficients + pairedCount
        if d == 0 {
            for k in 0..<pairedCount { decay[k] = 1; w[k] = 0 }
            coefficients[2 * pairedCount] = Double(pairedCount)
            (solidStart, solidPerInput, saltConstant, saltPerCurrent) = (startSums.solid, 0, startSums.salt, 0)
            return
        }
        var solidE = SIMD2<Double>.zero, solidW = SIMD2<Double>.zero
        var saltE = SIMD2<Double>.zero, saltW = SIMD2<Double>.zero
        var k = 0
        while k < pairedCount {
            let x = SIMD2(sortedRates[k], sortedRates[k + 1]) * d
            // Sorted: x[0] is the pair's smaller λΔ, and every later pair's are larger.
            if x[0] >= Self.dampedLimit { break }
            let (e, phi) = Self.constantInputWeights(x)
            let weight = d * phi
            decay[k] = e[0]; decay[k + 1] = e[1]
            w[k] = weight[0]; w[k + 1] = weight[1]
            let startPart = SIMD2(sortedStart[k], sortedStart[k + 1]) * e
            let solid = SIMD2(solidMask[k], solidMask[k + 1])
            solidE += solid * startPart
            solidW += solid * weight
            saltE += SIMD2(saltMask[k], saltMask[k + 1]) * startPart
            saltW += SIMD2(sortedSaltGains[k], sortedSaltGains[k + 1]) * weight
            k += 2
        }
        coefficients[2 * pairedCount] = Double(k)
        solidStart = solidE[0] + solidE[1]
        solidPerInput = solidW[0] + solidW[1] + dampedSums[k]
        saltConstant = saltE[0] + saltE[1]
        saltPerCurrent = saltW[0] + saltW[1] + dampedSums[pairedCount + 1 + k]
    }

    /// Writes the modes at t, with current J and parasitic current p there, into `modes` (count values: solid, then
    /// salt).
    func write(time t: Double, current j: Double, parasitic pNow: Double, into modes: UnsafeMutablePointer<Double>) {
        prepare(time: t)
        let g = gain, p = parasitic, j0 = anchorCurrent
        let decay = self.decay, w0 = self.w0, w1 = self.w1
        if constantInput {
            // W₀ + W₁ in the sorted order; J = J₀ and p = p₀ (the anchor's guarantee).
            let w = coefficients + pairedCount
            let solidInput = g * (j + pNow)
            // The fully damped modes from `damped` on: e^{−λΔ} = 0, W = 1/λ.
            let damped = Int(coefficients[2 * pairedCount])
            for position in 0..<count {
                let input = solidMask[position] * solidInput + sortedSaltGains[position] * j
                modes[sortedIndex[position]] = position < damped
                    ? sortedStart[position] * decay[position] + input * w[position] : input / sortedRates[position]
            }
            return
        }
        for k in 0..<solidCount {
            modes[k] = start[k] * decay[k] + g * ((j0 + p) * w0[k] + (j + pNow) * w1[k])
        }
        for k in solidCount..<count {
            modes[k] = start[k] * decay[k] + saltGains[k] * (j0 * w0[k] + j * w1[k])
        }
    }
}
