import Foundation

/// Exact update of a cell's linear modes over one integration step under voltage control, with the current they feed
/// back into linearised about the step's start (DOMAIN B §7.1 and §7.4; an exponential Rosenbrock-type treatment of the
/// linear part: Hochbruck & Ostermann, "Exponential integrators", Acta Numerica 19 (2010) 209–286, §2.3 and §4).
///
/// Under a current set from outside the modes m obey m′ = −Λm + b·J with J given, which ``LinearModeStep`` advances
/// in closed form for J linear in time. Under voltage control J is algebraic, J = J(x̄ + Σu, Δc, …): after the step
/// from constant current to the hold, J falls along the coupled modes' own exponentials, far from a straight line,
/// and the fast modes couple through it (the reason a hold stepped with the straight path needed msbdf). Here the
/// state w = (x̄, u₁…u_K, z₁…z_M) is advanced as
///
///   w′ = D·w + b·J + b_p·p,   J(s) = J₀ + cᵀ(w(s) − w₀) + ε·(s/Δ)²,   p(s) = p₀ + (p − p₀)·s/Δ,
///
/// with D = diag(0, −λ_u, −λ_z), b = (1/Q_x, g…, λₖwₖG…) the input per unit current, b_p the parasitic currents'
/// input (x̄ and the solid modes), c = (∂J/∂x, …, ∂J/∂Δc, …) the solved current's first-order response at the step's
/// start (``SolvedCurrentMemo``), and ε the current's departure from that linear response at the step's end, taken
/// quadratic in time (the departure from the tangent at the step's start grows as s²; ``stepLimit(chargeTolerance:)``).
/// With A = D + b·cᵀ and f₀ = w′(0), variation of constants gives
///
///   w(Δ) = w₀ + Δ·φ₁(ΔA)·f₀ + Δ·φ₂(ΔA)·b_p·(p − p₀) + 2Δ·φ₃(ΔA)·b·ε,
///   φ₁(z) = (eᶻ − 1)/z,  φ₂(z) = (eᶻ − 1 − z)/z²,  φ₃(z) = (eᶻ − 1 − z − z²/2)/z³,
///
/// exact for the linearised current at any step length (the exponential Euler/Rosenbrock step; its error is that of
/// the remainder's assumed path over the step, second order in the state's departure from the linearisation point),
/// and ε follows from the current J at t: ε = (J − J₀ − cᵀ(w(Δ) − w₀)_{ε=0}) / (1 + cᵀ2Δφ₃(ΔA)b), so that every mode
/// sum is affine in J, as the voltage solve needs.
///
/// A = D + b·cᵀ is diagonal plus rank one: its eigenvalues μⱼ are the roots of the secular equation
/// 1 = Σᵢ ρᵢ/(μ − dᵢ), ρᵢ = cᵢbᵢ, with right and left eigenvectors vⱼᵢ = bᵢ/(μⱼ − dᵢ), uⱼᵢ = cᵢ/(μⱼ − dᵢ) and
/// uⱼᵀvⱼ = Σᵢ ρᵢ/(μⱼ − dᵢ)² (Golub, "Some modified matrix eigenvalue problems", SIAM Review 15 (1973) 318–334; the
/// roots found relative to their nearest pole as in Bunch, Nielsen & Sorensen, Numer. Math. 31 (1978) 31–48). Under
/// voltage control every ρᵢ < 0 (the current falls as the surface delithiates and as the salt polarises), so the
/// roots interlace the poles, one below each dᵢ: real, distinct and negative. When they do not (a gain of the wrong
/// sign or zero, poles closer than 1e-9 relative), ``anchor`` declines and the caller keeps the straight path.
///
/// Per step: the roots (Halley's iteration safeguarded by bisection, started from the last step's roots moved along
/// their response to the change of the couplings to second order: one or two evaluations of the secular function per
/// root),
/// the eigenvectors (n² divisions); per evaluation at t: up to n exponentials, as ``LinearModeStep`` (none at Δ = 0,
/// none for a strongly damped root, −μΔ ≥ 42, nor on a return to either of the last two Δs). Not thread-safe; buffers
/// are allocated once.
final class CoupledModeStep {
    /// Modes in all (solid, then salt), and the size n = count + 1 of w (x̄ first).
    let count: Int
    let solidCount: Int
    let size: Int
    /// dᵢ of w, in the layout's order (0 for x̄), and the order that sorts them ascending.
    private let poles: UnsafeMutablePointer<Double>
    private let order: UnsafeMutablePointer<Int>
    /// λₖwₖG of the salt modes (their input per unit current).
    private let saltGains: UnsafeMutablePointer<Double>
    /// Per step: bᵢ, cᵢ, cᵢf₀ᵢ and ρᵢ in layout order; w₀.
    private let inputs: UnsafeMutablePointer<Double>
    private let response: UnsafeMutablePointer<Double>
    private let slope: UnsafeMutablePointer<Double>
    private let coupling: UnsafeMutablePointer<Double>
    private let start: UnsafeMutablePointer<Double>
    /// The couplings' two factors at the last anchor, gx/Q_x (x̄ and the solid modes) and gc (the salt modes): the
    /// warm start moves each root by its response to their relative change.
    private var lastSolidCoupling = 0.0, lastSaltCoupling = 0.0
    /// Per root j (in ascending order): the pole it is measured from, its offset τⱼ = μⱼ − pole, μⱼ.
    private let origin: UnsafeMutablePointer<Int>
    private let offset: UnsafeMutablePointer<Double>
    private let roots: UnsafeMutablePointer<Double>
    /// vⱼᵢ = bᵢ/(μⱼ − dᵢ), row j (n × n, layout order within a row).
    private let vectors: UnsafeMutablePointer<Double>
    /// Per root: ℓᵀvⱼ for the solid-mode sum and the salt-mode sum; uⱼᵀf₀, uⱼᵀb, uⱼᵀb_p over uⱼᵀvⱼ; cᵀvⱼ over the
    /// modes alone (without x̄), what a unit of root j's coordinate moves the current by through the modes.
    private let modeResponse: UnsafeMutablePointer<Double>
    private let solidLeft: UnsafeMutablePointer<Double>
    private let saltLeft: UnsafeMutablePointer<Double>
    private let rightSlope: UnsafeMutablePointer<Double>
    private let rightInput: UnsafeMutablePointer<Double>
    private let rightParasitic: UnsafeMutablePointer<Double>
    /// Per root, for the warm start's second-order term: Σ_{x̄, solid} ρᵢ/(μⱼ − dᵢ)² and Σ ρᵢ/(μⱼ − dᵢ)³ over uⱼᵀvⱼ.
    private let solidShare: UnsafeMutablePointer<Double>
    private let cubicShare: UnsafeMutablePointer<Double>
    /// Δφ₁(Δμⱼ), Δφ₂(Δμⱼ) and 2Δφ₃(Δμⱼ) at `cachedDelta` (3n values), then the same at `previousDelta` (swapped on a
    /// hit of the previous one).
    private var weights: UnsafeMutablePointer<Double>
    private var previousWeights: UnsafeMutablePointer<Double>
    private var phi1: UnsafeMutablePointer<Double> { weights }
    private var phi2: UnsafeMutablePointer<Double> { weights + size }
    private var phi3: UnsafeMutablePointer<Double> { weights + 2 * size }
    /// The last written step's path-shape error estimate, as the current shift cᵀe it makes through the modes (see
    /// ``stepLimit(chargeTolerance:)``), and that step's length Δ.
    private var pathShift = 0.0
    private var pathErrorDelta = 0.0
    /// Whether the poles are far enough apart for the decomposition (1e-9 relative).
    let separated: Bool
    /// Whether the roots of the last anchor are a valid warm start.
    private var rootsKnown = false

    private(set) var isActive = false
    private(set) var anchorTime = 0.0
    private(set) var anchorCurrent = 0.0
    private(set) var anchorParasitic = 0.0
    private var cachedDelta = Double.nan
    /// Σu and Σz at the anchor.
    private var solidStart = 0.0, saltStart = 0.0
    /// Sums of the solid and salt modes at `cachedDelta` as Σ = constant + perParasitic·(p − p₀) + perCurrent·J.
    private(set) var solidConstant = 0.0, solidPerParasitic = 0.0, solidPerCurrent = 0.0
    private(set) var saltConstant = 0.0, saltPerParasitic = 0.0, saltPerCurrent = 0.0
    /// At `cachedDelta`: cᵀ of the ε = 0 response (without the parasitic ramp), per unit p − p₀, and 1 + cᵀ·2Δφ₃·b.
    private var responseConstant = 0.0, responsePerParasitic = 0.0, denominator = 1.0
    /// The Δ prepared before `cachedDelta` and its nine coefficients above. An explicit pair evaluates its last stage
    /// (Δ = h), then its step's midpoint or another stage, then Δ = h again (f at the end, the events, the modes'
    /// update): two Δs kept cost no exponentials for the return to h, as in ``LinearModeStep``.
    private var previousDelta = Double.nan
    private var previousCoefficients = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0)

    /// Counters since creation: anchors taken, anchors declined, Newton iterations on the roots.
    private(set) var anchors = 0, declined = 0, rootIterations = 0

    init(solidRates: [Double], saltRates: UnsafePointer<Double>, saltGains gains: UnsafePointer<Double>, saltCount: Int) {
        solidCount = solidRates.count
        count = solidCount + saltCount
        size = count + 1
        let n = size
        func buffer(_ c: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: c)
            p.initialize(repeating: 0, count: c)
            return p
        }
        poles = buffer(n); saltGains = buffer(n)
        inputs = buffer(n); response = buffer(n); slope = buffer(n); coupling = buffer(n); start = buffer(n)
        offset = buffer(n); roots = buffer(n); vectors = buffer(n * n)
        solidLeft = buffer(n); saltLeft = buffer(n); rightSlope = buffer(n); rightInput = buffer(n); rightParasitic = buffer(n)
        modeResponse = buffer(n); solidShare = buffer(n); cubicShare = buffer(n)
        weights = buffer(3 * n); previousWeights = buffer(3 * n)
        order = .allocate(capacity: n)
        origin = .allocate(capacity: n)
        origin.initialize(repeating: 0, count: n)
        poles[0] = 0
        for k in 0..<solidCount { poles[1 + k] = -solidRates[k] }
        for k in 0..<saltCount {
            poles[1 + solidCount + k] = -saltRates[k]
            saltGains[1 + solidCount + k] = gains[k]
        }
        let p = poles
        let sorted = (0..<n).sorted { p[$0] < p[$1] }
        order.initialize(from: sorted, count: n)
        var apart = true
        for j in 1..<max(n, 1) where n > 1 {
            let a = p[sorted[j - 1]], b = p[sorted[j]]
            if !(b - a > 1e-9 * max(abs(a), abs(b))) { apart = false }
        }
        separated = apart
    }

    deinit {
        for p in [poles, saltGains, inputs, response, slope, coupling, start, offset, roots, vectors, solidLeft, saltLeft,
                  rightSlope, rightInput, rightParasitic, modeResponse, solidShare, cubicShare, weights,
                  previousWeights] { p.deallocate() }
        order.deallocate()
        origin.deallocate()
    }

    /// Anchors the step at t: x̄ and the modes (count values, solid then salt), the current J₀, the parasitic current p₀
    /// that moves x̄ besides J, the cathode's charge per unit stoichiometry Q_x, and the solved current's response
    /// ∂J/∂(x̄ + Σu) and ∂J/∂Δc. Returns false (and stays inactive) when the linearised system is not one this update
    /// handles: a response that is not negative, or poles too close.
    func anchor(time t: Double, mean: Double, modes: UnsafePointer<Double>, current j0: Double, parasitic p0: Double,
                activeCapacity_C_m2 q: Double, stoichiometryGain gx: Double, saltGain gc: Double) -> Bool {
        isActive = false
        let n = size
        guard separated, gx < 0, gx.isFinite, q > 0, saltGainUsable(gc) else {
            declined &+= 1
            return false
        }
        let g = (2.0 / 3.0) / q
        start[0] = mean
        for k in 0..<count { start[1 + k] = modes[k] }
        // b, c, c·f₀ (f₀ = w′(0)) and ρ = c·b in layout order.
        inputs[0] = 1 / q; response[0] = gx; slope[0] = gx * (j0 + p0) / q
        for i in 1..<(1 + solidCount) {
            inputs[i] = g; response[i] = gx; slope[i] = gx * (poles[i] * start[i] + g * (j0 + p0))
        }
        for i in (1 + solidCount)..<n {
            inputs[i] = saltGains[i]; response[i] = gc; slope[i] = gc * (poles[i] * start[i] + saltGains[i] * j0)
        }
        var total = 0.0
        for i in 0..<n {
            coupling[i] = response[i] * inputs[i]
            guard coupling[i] < 0 else { declined &+= 1; forgetRoots(); return false }
            total -= coupling[i]
        }
        guard findRoots(total: total, solidCoupling: gx / q, saltCoupling: gc) else {
            declined &+= 1; forgetRoots(); return false
        }
        // Eigenvectors and the projections the sums need: with 1/(μⱼ − dᵢ) = sᵢ, vⱼᵢ = bᵢsᵢ, uⱼᵢ = cᵢsᵢ, uⱼᵀvⱼ = Σρᵢsᵢ²,
        // uⱼᵀf₀ = Σcᵢf₀ᵢsᵢ, and uⱼᵀb_p = Σ_{x̄, solid} ρᵢsᵢ (b_p = b there, 0 for the salt).
        // Two roots at a time in packed arithmetic (lane by lane the scalar operations in the same order, so bitwise the
        // scalar values); an odd last root in both lanes.
        var j = 0
        while j < n {
            let k = min(j + 1, n - 1)
            let o = SIMD2(poles[origin[j]], poles[origin[k]]), tau = SIMD2(offset[j], offset[k])
            let rowJ = vectors + j * n, rowK = vectors + k * n
            let inv0 = 1 / ((o - poles[0]) + tau)
            let v0 = inputs[0] * inv0
            rowJ[0] = v0[0]; rowK[0] = v0[1]
            var norm = coupling[0] * inv0 * inv0, rf = slope[0] * inv0
            var cubic = norm * inv0
            // One sweep over a block of modes (the solid, then the salt): their ℓᵀvⱼ and Σρᵢsᵢ, with uⱼᵀvⱼ, its cubic
            // and uⱼᵀf₀ accumulated in mode order.
            @inline(__always)
            func sweep(_ modes: Range<Int>) -> (left: SIMD2<Double>, part: SIMD2<Double>) {
                var left = SIMD2<Double>.zero, part = SIMD2<Double>.zero
                for i in modes {
                    let inv = 1 / ((o - poles[i]) + tau)
                    let v = inputs[i] * inv
                    rowJ[i] = v[0]; rowK[i] = v[1]
                    left += v
                    let r = coupling[i] * inv
                    part += r
                    let r2 = r * inv
                    norm += r2
                    cubic += r2 * inv
                    rf += slope[i] * inv
                }
                return (left, part)
            }
            let (sol, solidPart) = sweep(1..<(1 + solidCount))
            let solidNorm = norm
            let (salt, saltPart) = sweep((1 + solidCount)..<n)
            guard all(norm .< 0), norm[0].isFinite, norm[1].isFinite else { declined &+= 1; forgetRoots(); return false }
            let inverseNorm = 1 / norm
            let parasitic = (coupling[0] * inv0 + solidPart) * inverseNorm
            let modes = solidPart + saltPart, slopes = rf * inverseNorm
            let shares = solidNorm * inverseNorm, cubics = cubic * inverseNorm
            solidLeft[k] = sol[1]; saltLeft[k] = salt[1]; modeResponse[k] = modes[1]; rightSlope[k] = slopes[1]
            rightInput[k] = inverseNorm[1]; rightParasitic[k] = parasitic[1]; solidShare[k] = shares[1]; cubicShare[k] = cubics[1]
            solidLeft[j] = sol[0]; saltLeft[j] = salt[0]; modeResponse[j] = modes[0]; rightSlope[j] = slopes[0]
            rightInput[j] = inverseNorm[0]; rightParasitic[j] = parasitic[0]; solidShare[j] = shares[0]; cubicShare[j] = cubics[0]
            j += 2
        }
        solidStart = 0; saltStart = 0
        for i in 1..<(1 + solidCount) { solidStart += start[i] }
        for i in (1 + solidCount)..<n { saltStart += start[i] }
        anchorTime = t
        anchorCurrent = j0
        anchorParasitic = p0
        cachedDelta = .nan
        previousDelta = .nan
        isActive = true
        anchors &+= 1
        return true
    }

    /// Without salt modes there is nothing for ∂J/∂Δc to couple; with them it must be negative.
    private func saltGainUsable(_ gc: Double) -> Bool {
        count == solidCount || (gc < 0 && gc.isFinite)
    }

    func release() { isActive = false }

    /// A new control: forgets the last step's path error. The last roots stay the next anchor's start: the poles are
    /// fixed, so each lies in its bracket whatever the couplings, and from one hold to the next they move little.
    func startControl() {
        pathErrorDelta = 0
    }

    /// Forgets the last roots (a declined anchor may have overwritten some): the next anchor starts afresh.
    private func forgetRoots() {
        rootsKnown = false
        pathErrorDelta = 0
    }

    /// The roots μⱼ of the last anchor, ascending (n values; for tests).
    var eigenvalues: [Double] { Array(UnsafeBufferPointer(start: roots, count: size)) }

    /// The secular function f = 1 − Σ ρᵢ/(μ − dᵢ) (decreasing between poles) and its first two derivatives at
    /// μ = pole + τ.
    @inline(__always)
    private func secular(pole o: Double, offset tau: Double) -> (Double, Double, Double) {
        var f = 1.0, df = 0.0, d2f = 0.0
        for i in 0..<size {
            let inv = 1 / ((o - poles[i]) + tau)
            let r = coupling[i] * inv
            let r2 = r * inv
            f -= r
            df += r2
            d2f -= r2 * inv
        }
        return (f, df, 2 * d2f)
    }

    /// The n roots, one below each pole (ascending): root j in (pole_{j−1}, pole_j), root 0 in (pole₀ − Σ|ρ|, pole₀);
    /// each found as its offset τ from the nearer of its two poles (Bunch, Nielsen & Sorensen 1978), by Halley's
    /// iteration safeguarded by Newton's and by bisection.
    ///
    /// Start: the last anchor's roots moved along their response to the change of the couplings. The couplings are
    /// ρᵢ = κₓβᵢ (x̄ and the solid modes, κₓ = gx/Q_x) and ρᵢ = κ_cβᵢ (the salt); with rᵢ the relative change of its κ,
    /// ρᵢ(θ) = ρᵢ(1 + rᵢθ), and δᵢ = μⱼ − dᵢ, differentiating 1 − Σρᵢ(θ)/δᵢ(θ) = 0 twice gives μⱼ(1) ≈ μⱼ + a + a(aC − R)
    /// with a = Σρᵢrᵢ/δᵢ / N = (rₓPⱼ + r_c(1 − Pⱼ))/N, R = Σρᵢrᵢ/δᵢ² / N, C = Σρᵢ/δᵢ³ / N, N = uⱼᵀvⱼ = Σρᵢ/δᵢ² and
    /// Pⱼ = Σ_{x̄, solid} ρᵢ/δᵢ (Σᵢ ρᵢ/δᵢ = 1), all kept from the last anchor: an error third order in the change. The
    /// poles are fixed, so any start lies in its bracket; the first anchor starts from the bracket's midpoint.
    ///
    /// Stopping rule: every ρᵢ has the same sign, so |f″| ≤ (2/δ)|f′| and |f‴| ≤ (6/δ²)|f′| between the poles, δ the
    /// distance to the nearest pole (= |τ|). Halley's error then contracts as |eₖ₊₁| ≤ (|f‴/6f′| + (f″/2f′)²)|eₖ|³
    /// ≤ 2|eₖ|³/δ² (to first order in eₖ/δ), and its step s is eₖ to that order: a step |s| ≤ 1e-5·|τ| leaves τ within
    /// 2e-15 of its value (a Newton step |s| ≤ 1e-7·|τ|, after which eₖ₊₁ ≤ eₖ²/δ, within 1e-14). Every μⱼ − dᵢ is
    /// then as accurate relative to itself, as the eigenvectors need.
    private func findRoots(total: Double, solidCoupling kx: Double, saltCoupling kc: Double) -> Bool {
        let n = size
        let warm = rootsKnown
        let rx = warm ? kx / lastSolidCoupling - 1 : 0
        let rc = warm && count > solidCount ? kc / lastSaltCoupling - 1 : 0
        lastSolidCoupling = kx
        lastSaltCoupling = kc
        for j in 0..<n {
            let upper = order[j]
            let lowerValue = j == 0 ? poles[upper] - total : poles[order[j - 1]]
            let upperValue = poles[upper]
            var o: Int
            var tau: Double
            if warm {
                o = origin[j]
                let first = rc * rightInput[j] + (rx - rc) * rightParasitic[j]
                tau = offset[j] + first + first * (first * cubicShare[j] - (rc + (rx - rc) * solidShare[j]))
                // Measured from the nearer pole.
                if j > 0 {
                    let mu = poles[o] + tau
                    let nearer = mu - lowerValue < upperValue - mu ? order[j - 1] : upper
                    if nearer != o {
                        tau = (poles[o] - poles[nearer]) + tau
                        o = nearer
                    }
                }
            } else {
                // The upper pole unless the midpoint's sign puts the root in the lower half.
                o = upper
                if j > 0 {
                    let (fm, _, _) = secular(pole: upperValue, offset: -0.5 * (upperValue - lowerValue))
                    if fm <= 0 { o = order[j - 1] }
                }
                tau = .nan
            }
            var converged = false
            for _ in 0..<3 {
                converged = false
                let oValue = poles[o]
                var lo = lowerValue - oValue, hi = upperValue - oValue
                if o == upper { hi = 0 } else { lo = 0 }
                if !(tau > lo && tau < hi) { tau = 0.5 * (lo + hi) }
                for _ in 0..<100 {
                    rootIterations &+= 1
                    let (f, df, d2f) = secular(pole: oValue, offset: tau)
                    if f > 0 { lo = tau } else if f < 0 { hi = tau } else { converged = true; break }
                    let newton = f / df
                    let halley = newton / (1 - 0.5 * newton * d2f / df)
                    // Halley's step where it stays in the bracket, else Newton's, else bisection. A step below half an
                    // ulp of τ leaves τ where it is, on the end of the bracket it has just become: converged.
                    var next = tau - halley
                    var bound = 1e-5
                    if !(next >= lo && next <= hi) {
                        next = tau - newton
                        bound = 1e-7
                        if !(next >= lo && next <= hi) {
                            next = 0.5 * (lo + hi)
                            bound = 0
                        }
                    }
                    if abs(next - tau) <= bound * abs(tau) || (bound == 0 && (next == lo || next == hi)) {
                        tau = next
                        converged = true
                        break
                    }
                    if next == lo || next == hi { next = 0.5 * (lo + hi) }
                    tau = next
                }
                guard converged, tau != 0 else { return false }
                // Measured from the nearer pole? Else once more from that one.
                guard j > 0 else { break }
                let mu = oValue + tau
                let nearer = mu - lowerValue < upperValue - mu ? order[j - 1] : upper
                if nearer == o { break }
                tau = (oValue - poles[nearer]) + tau
                o = nearer
            }
            guard converged else { return false }
            origin[j] = o
            offset[j] = tau
            roots[j] = poles[o] + tau
        }
        rootsKnown = true
        return true
    }

    /// The nine coefficients the sums and the current's remainder use at `cachedDelta`.
    private var coefficients: (Double, Double, Double, Double, Double, Double, Double, Double, Double) {
        get {
            (solidConstant, solidPerParasitic, solidPerCurrent, saltConstant, saltPerParasitic, saltPerCurrent,
             responseConstant, responsePerParasitic, denominator)
        }
        set {
            (solidConstant, solidPerParasitic, solidPerCurrent, saltConstant, saltPerParasitic, saltPerCurrent,
             responseConstant, responsePerParasitic, denominator) = newValue
        }
    }

    /// Fills the φ-weights and the sums' coefficients at t (Δ = t − anchor); the last two Δs are kept.
    @inline(__always)
    func prepare(time t: Double) {
        let delta = t - anchorTime
        if delta == cachedDelta { return }
        if delta == previousDelta {
            swap(&weights, &previousWeights)
            swap(&cachedDelta, &previousDelta)
            let kept = previousCoefficients
            previousCoefficients = coefficients
            coefficients = kept
            return
        }
        swap(&weights, &previousWeights)
        previousDelta = cachedDelta
        previousCoefficients = coefficients
        cachedDelta = delta
        let d = max(delta, 0)
        let phi1 = self.phi1, phi2 = self.phi2, phi3 = self.phi3
        if d == 0 {
            // Every explicit step's first stage: no weight, the sums at the anchor.
            for j in 0..<(3 * size) { weights[j] = 0 }
            coefficients = (solidStart, 0, 0, saltStart, 0, 0, 0, 0, 1)
            return
        }
        var sA = 0.0, sB = 0.0, sP = 0.0, zA = 0.0, zB = 0.0, zP = 0.0, cA = 0.0, cB = 0.0, cP = 0.0
        for j in 0..<size {
            // φ₁(−x) = ψ₀(x) + ψ₁(x), φ₂(−x) = ψ₁(x) (``LinearModeStep/weights(_:)``), x = −μΔ ≥ 0.
            let x = -roots[j] * d
            let (_, p0, p1) = LinearModeStep.weights(x)
            let a = d * (p0 + p1), b = d * p1, c = 2 * d * Self.phi3(x, psi1: p1)
            phi1[j] = a; phi2[j] = b; phi3[j] = c
            let slopePart = a * rightSlope[j], inputPart = c * rightInput[j], parasiticPart = b * rightParasitic[j]
            sA += solidLeft[j] * slopePart; sB += solidLeft[j] * inputPart; sP += solidLeft[j] * parasiticPart
            zA += saltLeft[j] * slopePart; zB += saltLeft[j] * inputPart; zP += saltLeft[j] * parasiticPart
            // cᵀvⱼ = 1 (the secular equation).
            cA += slopePart; cB += inputPart; cP += parasiticPart
        }
        let den = 1 + cB
        denominator = den
        responseConstant = cA
        responsePerParasitic = cP
        // Σ = Σ₀ + A + P·δp + B·ε, ε = (J − J₀ − cA − cP·δp)/den.
        let j0 = anchorCurrent
        solidPerCurrent = sB / den
        solidPerParasitic = sP - sB * cP / den
        solidConstant = solidStart + sA - sB * (j0 + cA) / den
        saltPerCurrent = zB / den
        saltPerParasitic = zP - zB * cP / den
        saltConstant = saltStart + zA - zB * (j0 + cA) / den
    }

    /// φ₃(−x) = (1 − x + x²/2 − e^{−x})/x³ = Σₙ (−x)ⁿ/(n + 3)! for x ≥ 0, given ψ₁(x) = φ₂(−x) of
    /// ``LinearModeStep/weights(_:)``: (1/2 − ψ₁(x))/x from x = 0.05 on (φ₂(z) = 1/2 + z·φ₃(z); the difference loses at
    /// most a factor 60 to cancellation, within 1e-14 relative), the series' first seven terms below (the first
    /// neglected one below 0.05⁷/10! ≈ 2e-16 relative).
    @inline(__always)
    static func phi3(_ x: Double, psi1: Double) -> Double {
        if x >= 0.05 { return (0.5 - psi1) / x }
        var p = -1.0 / 362_880
        p = p * x + 1.0 / 40_320
        p = p * x - 1.0 / 5_040
        p = p * x + 1.0 / 720
        p = p * x - 1.0 / 120
        p = p * x + 1.0 / 24
        p = -p * x
        return 1.0 / 6 + p
    }

    /// Writes the modes at t, with current J and parasitic current p there, into `modes` (count values: solid, then
    /// salt).
    func write(time t: Double, current j: Double, parasitic p: Double, into modes: UnsafeMutablePointer<Double>) {
        prepare(time: t)
        let n = size
        let dp = p - anchorParasitic
        let epsilon = (j - anchorCurrent - responseConstant - responsePerParasitic * dp) / denominator
        for i in 1..<n { modes[i - 1] = start[i] }
        var shift = 0.0
        for r in 0..<n {
            let w = phi1[r] * rightSlope[r] + phi3[r] * rightInput[r] * epsilon + phi2[r] * rightParasitic[r] * dp
            shift += (phi2[r] - phi3[r]) * rightInput[r] * modeResponse[r]
            let row = vectors + r * n
            for i in 1..<n { modes[i - 1] += row[i] * w }
        }
        pathShift = shift * epsilon
        pathErrorDelta = t - anchorTime
    }

    /// The longest next step for which the remainder's path stays within the charge's tolerance, s (infinity before a
    /// step).
    ///
    /// The remainder ε is taken quadratic in time, r(s) = ε(s/Δ)², as the current's departure from its tangent at the
    /// step's start is; the same step with a linear remainder, r(s) = ε·s/Δ, moves mode i by eᵢ = Σⱼ vⱼᵢ·Δ(φ₂ − 2φ₃)(Δμⱼ)
    /// ·(uⱼᵀb/uⱼᵀvⱼ)·ε more: the local error of the lower-order path (an embedded estimate of the kind the explicit pairs
    /// use, with the higher-order result kept). The modes act on the capacity through the current, by cᵀe at the step's
    /// end, and the charge that shift carries over the step, |cᵀe|·Δ, is held within `chargeTolerance` (the integrator's
    /// absolute tolerance on the charge): its ratio E sets the next step, Δ·0.9·E^(−1/3) within [Δ/5, 5Δ] (ε grows as Δ²,
    /// the state's departure from the anchor squared, and the misfit's effect with one more Δ).
    func stepLimit(chargeTolerance: Double) -> Double {
        guard pathErrorDelta > 0 else { return .infinity }
        let ratio = abs(pathShift) * pathErrorDelta / chargeTolerance
        guard ratio.isFinite else { return pathErrorDelta / 5 }
        let factor = ratio > 0 ? min(max(0.9 * pow(ratio, -1.0 / 3.0), 0.2), 5) : 5
        return pathErrorDelta * factor
    }
}
