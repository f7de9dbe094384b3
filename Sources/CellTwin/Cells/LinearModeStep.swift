import Foundation

/// Exact update of a cell's linear modes over one integration step (DOMAIN B §7.1, "do not integrate linear RC
/// branches"; §7.4 solves the CV current with the same end-of-step update).
///
/// A mode m obeys dm/dt = g·u(t) − λ·m with the input u = J + p: the cathode's solid-diffusion modes
/// (``SolidDiffusionModes``, input (2/3)·dx̄/dt, g = (2/3)/Q_x, p the parasitic currents that also move x̄) and the salt
/// modes (``SaltDiffusionModes``, input λₖwₖG·J, p = 0). Over a step from t₀ to t = t₀ + Δ (σ = s/Δ), variation of
/// constants gives
///
///   m(t) = m₀·e^{−λΔ} + g·Δ·∫₀¹ u(σ)·e^{−x(1−σ)} dσ,  x = λΔ,
///
/// with the input's path through the values the step knows: u₀ at t₀ and u at t (the end-of-step current, still
/// unknown while the current solve runs), and, from the second step of a segment on, u₋₁ at the previous anchor
/// t₋₁ = t₀ − ρΔ. The path is the polynomial through those nodes (linear without history, exact under current control
/// and at rest where J is constant; quadratic with it, exact for quadratic inputs, so a CV hold's bending current is
/// followed to third order). Its integral against the kernel takes the moments
///
///   Ψₖ(x) = ∫₀¹ σᵏ·e^{−x(1−σ)} dσ = Σₙ (−x)ⁿ·k!/(n + k + 1)!,   Ψ₀ = (1 − e^{−x})/x,  Ψₖ = (1 − k·Ψₖ₋₁)/x,
///
/// exact for any λΔ (no stability limit); the Lagrange basis on the nodes −ρ, 0, 1 gives the weights of u₋₁, u₀, u:
///   linear:    W₀ = Δ(Ψ₀ − Ψ₁),  W₁ = ΔΨ₁;
///   quadratic: W₋₁ = Δ(Ψ₂ − Ψ₁)/(ρ(ρ + 1)),  W₁ = Δ(Ψ₂ + ρΨ₁)/(1 + ρ),  W₀ = ΔΨ₀ − W₋₁ − W₁,
/// each summing to the constant-input response (1 − e^{−λΔ})/λ. Sums over the modes enter the voltage, so a set of
/// modes is summarised as Σm(J) = A + B·J, affine in the end-of-step current: the algebraic current solve of CV and
/// power control includes the modes' response over the step (their B).
///
/// The path's own error, the next term of the interpolation, is estimated after the step (``pathError``): for the
/// quadratic path the cubic term through one more anchor, u[t₋₂, t₋₁, t₀, t]·(s − t₋₁)(s − t₀)(s − t), whose integral
/// against the kernel is Δ⁴·(Ψ₃ + (ρ − 1)Ψ₂ − ρΨ₁); with a single anchor behind, the quadratic term the linear path
/// would miss, u[t₋₁, t₀, t]·Δ³·(Ψ₂ − Ψ₁), a bound on the quadratic path's error; on the first step of a segment the
/// same term of the linear path, with the input at a probe inside the step in place of t₋₁. The integrator rejects
/// and shortens a step whose estimate exceeds the modes' tolerances (``ODELinearModes``).
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
    /// e^{−λΔ} and the weights W₋₁, W₀, W₁ of the inputs at t₋₁, t₀ and t, at `cachedDelta`.
    private let decay: UnsafeMutablePointer<Double>
    private let wPrevious: UnsafeMutablePointer<Double>
    private let w0: UnsafeMutablePointer<Double>
    private let w1: UnsafeMutablePointer<Double>

    /// Whether the modes are being advanced exactly (anchored); false: they are ordinary ODE states.
    private(set) var isActive = false
    private(set) var anchorTime = 0.0
    private(set) var anchorCurrent = 0.0
    private var parasitic = 0.0
    private var gain = 0.0
    private var cachedDelta = Double.nan
    /// Earlier anchors of the segment, newest first: times, currents J and parasitic currents p (`historyCount` valid).
    private var historyTime = (0.0, 0.0), historyCurrent = (0.0, 0.0), historyParasitic = (0.0, 0.0)
    private(set) var historyCount = 0
    /// The time of the last `write`: an anchor there continues the segment's path (its history is kept).
    private var writtenTime = Double.nan
    /// Sums at `cachedDelta`: Σu = solidStart + g·(J + p)·solidPerInput (solidStart includes the earlier inputs),
    /// Σz = saltConstant + saltPerCurrent·J.
    private(set) var solidStart = 0.0, solidPerInput = 0.0, saltConstant = 0.0, saltPerCurrent = 0.0
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
        rates = buffer(); saltGains = buffer(); start = buffer(); decay = buffer(); wPrevious = buffer(); w0 = buffer()
        w1 = buffer()
        for k in 0..<solidCount { rates[k] = solidRates[k] }
        for k in 0..<saltCount {
            rates[solidCount + k] = saltRates[k]
            saltGains[solidCount + k] = gains[k]
        }
    }

    deinit {
        rates.deallocate(); saltGains.deallocate(); start.deallocate()
        decay.deallocate(); wPrevious.deallocate(); w0.deallocate(); w1.deallocate()
    }

    /// Anchors the step at t with the modes `modes` (count values: solid, then salt), the current J₀, the parasitic
    /// current p that moves x̄ besides J, and the cathode's charge per unit stoichiometry Q_x. An anchor at the time of
    /// the last `write` since `release` continues the segment: the anchor before becomes the path's history.
    func anchor(time t: Double, modes: UnsafePointer<Double>, current j0: Double, parasitic p: Double,
                activeCapacity_C_m2 q: Double) {
        if t == writtenTime && t > anchorTime {
            historyTime = (anchorTime, historyTime.0)
            historyCurrent = (anchorCurrent, historyCurrent.0)
            historyParasitic = (parasitic, historyParasitic.0)
            historyCount = min(historyCount + 1, 2)
        } else {
            historyCount = 0
        }
        writtenTime = .nan
        anchorTime = t
        anchorCurrent = j0
        parasitic = p
        gain = (2.0 / 3.0) / q
        start.update(from: modes, count: count)
        cachedDelta = .nan
        isActive = true
    }

    /// Ends the exact update (the segment ends, or the control changes): the path's history is dropped.
    func release() {
        isActive = false
        historyCount = 0
        writtenTime = .nan
    }

    /// Stops the closed form between a `write` and the next anchor (the modes are read from the state meanwhile),
    /// keeping the path's history.
    func detach() {
        isActive = false
    }

    /// ψ₀(x) = Ψ₀ − Ψ₁ and ψ₁(x) = Ψ₁ of the type comment, for x ≥ 0, with e^{−x}: a series below x = 0.5
    /// (cancellation), the closed form above. The series' first neglected term is below 0.5¹⁴/15! ≈ 5e-17 relative.
    @inline(__always)
    static func weights(_ x: Double) -> (decay: Double, psi0: Double, psi1: Double) {
        let e = exp(-x)
        if x < 0.5 {
            // Horner in −x over n = 13 … 0: ψ₁ coefficients 1/(n + 2)!, ψ₀ coefficients (n + 1)/(n + 2)!.
            var p1 = 0.0, p0 = 0.0
            var n = 13
            while n >= 0 {
                let c = inverseFactorials[n + 2]
                p1 = p1 * -x + c
                p0 = p0 * -x + Double(n + 1) * c
                n -= 1
            }
            return (e, p0, p1)
        }
        let inv = 1 / (x * x)
        return (e, (1 - e * (1 + x)) * inv, (x - 1 + e) * inv)
    }

    /// The moments Ψ₀ … Ψ₃ of the type comment, for x ≥ 0, with e^{−x}: the series below x = 0.5 (the recursion
    /// Ψₖ = (1 − kΨₖ₋₁)/x cancels there), the recursion from Ψ₀ = (1 − e^{−x})/x above. The series' first neglected
    /// term is below 0.5¹⁴·3!/17! ≈ 1e-18.
    @inline(__always)
    static func moments(_ x: Double) -> (decay: Double, m0: Double, m1: Double, m2: Double, m3: Double) {
        let e = exp(-x)
        if x < 0.5 {
            // Horner in −x over n = 13 … 0 of Σ (−x)ⁿ·k!/(n + k + 1)!.
            var q0 = 0.0, q1 = 0.0, q2 = 0.0, q3 = 0.0
            var n = 13
            while n >= 0 {
                q0 = q0 * -x + inverseFactorials[n + 1]
                q1 = q1 * -x + inverseFactorials[n + 2]
                q2 = q2 * -x + 2 * inverseFactorials[n + 3]
                q3 = q3 * -x + 6 * inverseFactorials[n + 4]
                n -= 1
            }
            return (e, q0, q1, q2, q3)
        }
        let inv = 1 / x
        let q0 = (1 - e) * inv
        let q1 = (1 - q0) * inv
        let q2 = (1 - 2 * q1) * inv
        return (e, q0, q1, q2, (1 - 3 * q2) * inv)
    }

    /// 1/n! for n = 0…17.
    private static let inverseFactorials: [Double] = {
        var f = [1.0]
        for n in 1...17 { f.append(f[n - 1] / Double(n)) }
        return f
    }()

    /// Fills the per-mode coefficients and the sums at t (Δ = t − anchor); cached for repeated times.
    @inline(__always)
    func prepare(time t: Double) {
        let delta = t - anchorTime
        if delta == cachedDelta { return }
        cachedDelta = delta
        let d = max(delta, 0)
        if historyCount == 0 {
            for k in 0..<count {
                let (e, p0, p1) = Self.weights(rates[k] * d)
                decay[k] = e; wPrevious[k] = 0; w0[k] = d * p0; w1[k] = d * p1
            }
        } else {
            // Nodes −ρ, 0, 1 in units of Δ: W₋₁ = Δ³(Ψ₂ − Ψ₁)/(h(h + Δ)), W₁ = Δ(ΔΨ₂ + hΨ₁)/(h + Δ), h = ρΔ.
            let h = anchorTime - historyTime.0
            let a = d * d * d / (h * (h + d)), b = d / (h + d)
            for k in 0..<count {
                let m = Self.moments(rates[k] * d)
                decay[k] = m.decay
                wPrevious[k] = a * (m.m2 - m.m1)
                w1[k] = b * (d * m.m2 + h * m.m1)
                w0[k] = d * m.m0 - wPrevious[k] - w1[k]
            }
        }
        sum()
    }

    /// The sums of the type comment from the per-mode coefficients at `cachedDelta`.
    @inline(__always)
    private func sum() {
        var solidE = 0.0, solidWp = 0.0, solidW0 = 0.0, solidW1 = 0.0
        for k in 0..<solidCount {
            solidE += start[k] * decay[k]
            solidWp += wPrevious[k]
            solidW0 += w0[k]
            solidW1 += w1[k]
        }
        var saltE = 0.0, saltWp = 0.0, saltW0 = 0.0, saltW1 = 0.0
        for k in solidCount..<count {
            saltE += start[k] * decay[k]
            saltWp += saltGains[k] * wPrevious[k]
            saltW0 += saltGains[k] * w0[k]
            saltW1 += saltGains[k] * w1[k]
        }
        let g = gain, j0 = anchorCurrent
        let jp = historyCount > 0 ? historyCurrent.0 : 0, pp = historyCount > 0 ? historyParasitic.0 : 0
        solidStart = solidE + g * ((jp + pp) * solidWp + (j0 + parasitic) * solidW0)
        solidPerInput = solidW1
        saltConstant = saltE + jp * saltWp + j0 * saltW0
        saltPerCurrent = saltW1
    }

    /// Writes the modes at t, with current J and parasitic current p there, into `modes` (count values: solid, then
    /// salt); an anchor at t continues the path.
    func write(time t: Double, current j: Double, parasitic pNow: Double, into modes: UnsafeMutablePointer<Double>) {
        prepare(time: t)
        let g = gain, p = parasitic, j0 = anchorCurrent
        let jp = historyCount > 0 ? historyCurrent.0 : 0, pp = historyCount > 0 ? historyParasitic.0 : 0
        for k in 0..<solidCount {
            modes[k] = start[k] * decay[k] + g * ((jp + pp) * wPrevious[k] + (j0 + p) * w0[k] + (j + pNow) * w1[k])
        }
        for k in solidCount..<count {
            modes[k] = start[k] * decay[k] + saltGains[k] * (jp * wPrevious[k] + j0 * w0[k] + j * w1[k])
        }
        writtenTime = t
    }

    /// The estimated error of each mode at t (count values into `error`, solid then salt: the exact mode minus the
    /// path's) from its input's path over the step, with current J and parasitic current p at t: the next
    /// interpolation term of the type comment. False
    /// without an anchor behind this one (the first step of a segment takes the linear path and has no estimate).
    /// The first step of a segment (no anchor behind) has an estimate only with a `probe`: J and p at a time inside
    /// the step, which give the quadratic term its linear path misses.
    func pathError(time t: Double, current j: Double, parasitic pNow: Double,
                   probe: (time: Double, current: Double, parasitic: Double)? = nil,
                   into error: UnsafeMutablePointer<Double>) -> Bool {
        guard isActive else { return false }
        // The node behind t₀: the previous anchor, or the probe inside the step.
        let behind: (time: Double, current: Double, parasitic: Double)
        if historyCount > 0 {
            behind = (historyTime.0, historyCurrent.0, historyParasitic.0)
        } else if let probe, probe.time > anchorTime, probe.time < t {
            behind = probe
        } else {
            return false
        }
        let d = t - anchorTime
        guard d > 0 else {
            error.update(repeating: 0, count: count)
            return true
        }
        // Divided differences of the input over the nodes t (newest), t₀, t₋₁ (or the probe), t₋₂: solid (J + p) and
        // salt (J).
        let t1 = behind.time
        let h = anchorTime - t1
        let cubic = historyCount > 1
        func divided(_ u: Double, _ u0: Double, _ u1: Double, _ u2: Double) -> Double {
            let d01 = (u - u0) / d, d12 = (u0 - u1) / h
            let second = (d01 - d12) / (t - t1)
            guard cubic else { return second }
            let third12 = (d12 - (u1 - u2) / (t1 - historyTime.1)) / (anchorTime - historyTime.1)
            return (second - third12) / (t - historyTime.1)
        }
        let solidDD = divided(j + pNow, anchorCurrent + parasitic, behind.current + behind.parasitic,
                              historyCurrent.1 + historyParasitic.1)
        let saltDD = divided(j, anchorCurrent, behind.current, historyCurrent.1)
        let rho = h / d
        for k in 0..<count {
            let m = Self.moments(rates[k] * d)
            // ∫₀^Δ of the node polynomial against the kernel: Δ⁴(Ψ₃ + (ρ − 1)Ψ₂ − ρΨ₁), or Δ³(Ψ₂ − Ψ₁).
            let kernel = cubic ? d * d * d * d * (m.m3 + (rho - 1) * m.m2 - rho * m.m1) : d * d * d * (m.m2 - m.m1)
            error[k] = k < solidCount ? gain * solidDD * kernel : saltGains[k] * saltDD * kernel
        }
        return true
    }
}
