import Foundation

/// Modal form of salt diffusion across the electrolyte of a Li | E | Li cell (DOMAIN B §2.4, §6.2).
///
/// A dilute binary salt in a slab 0 < x < L with the flux J(1 − t₊)/F entering at one electrode and
/// leaving at the other has c(x, t) = c₀ + Σ_{n odd} aₙ(t)·cos(nπx/L); the salt difference between
/// the electrodes is Δc = Σ zₙ with zₙ = 2aₙ and
///
///   dzₙ/dt = (n²/τ)·(wₙ·G·J − zₙ),  wₙ = 8/(π²n²),  τ = L²/(π²D),  G = (1 − t₊)L/(F D),
///
/// so Δc_ss = G·J and, from rest at constant J, Δc(t) = Δc_ss[1 − (8/π²)Σ n⁻² e^{−n²t/τ}]
/// (`seriesFraction`). The first `count` odd modes n = 1, 3, …, 2·count − 1 are kept; the modes left
/// out are lumped into one more state with weight w_T = 1 − Σ wₙ (so Δc_ss stays exact) and rate
/// λ_T chosen so that its step response has the same area ∫(Δc_ss − Δc)dt as the modes it replaces
/// (λ_T = w_T / (τ·Σ_{left out} wₙ/n²)). Unlike a quasi-steady remainder, this keeps Δc(0⁺) = 0,
/// which the Bruce–Vincent current I₀ at t = 0⁺ relies on; from t ≳ τ/(2·count)² on the two agree.
public struct SaltDiffusionModes: Sendable, Equatable {
    /// Number of explicit odd modes.
    public let count: Int
    /// τ = L²/(π²D), s.
    public let diffusionTime_s: Double
    /// wₙ for the explicit modes, then w_T for the lumped remainder (count + 1 values, summing to 1).
    public let weights: [Double]
    /// n²/τ for the explicit modes, then λ_T (s⁻¹).
    public let rates: [Double]

    /// - Parameters:
    ///   - modes: explicit odd modes (1…200); 20 resolve the √t early-time response from t ≈ 10⁻³τ on.
    ///   - diffusionTime_s: τ = L²/(π²D) > 0.
    public init(modes: Int, diffusionTime_s tau: Double) {
        precondition((1...200).contains(modes), "1 to 200 salt-diffusion modes")
        precondition(tau > 0 && tau.isFinite, "diffusion time must be positive")
        count = modes
        diffusionTime_s = tau
        let piSquared = Double.pi * Double.pi
        var w: [Double] = [], r: [Double] = []
        var sumInverseSquares = 0.0, sumInverseFourth = 0.0
        for k in 1...modes {
            let n = Double(2 * k - 1)
            w.append(8 / (piSquared * n * n))
            r.append(n * n / tau)
            sumInverseSquares += 1 / (n * n)
            sumInverseFourth += 1 / (n * n * n * n)
        }
        // Σ_{n odd} n⁻² = π²/8, Σ_{n odd} n⁻⁴ = π⁴/96.
        let tailWeight = 1 - (8 / piSquared) * sumInverseSquares
        let tailArea = tau * (8 / piSquared) * (piSquared * piSquared / 96 - sumInverseFourth)
        w.append(tailWeight)
        r.append(tailWeight / tailArea)
        weights = w
        rates = r
    }

    /// The modes' rates λₖ and current gains λₖ·wₖ·G (∂(dzₖ/dt)/∂J for G = Δc_ss/J) as buffers for a right-hand side
    /// (count + 1 values each; the caller deallocates). Both the Li | E | Li and the full cell integrate
    /// dzₖ/dt = gainₖ·J − rateₖ·zₖ with them. Without modes (nil) the buffers hold one unused value.
    public static func rhsBuffers(_ modes: SaltDiffusionModes?, saltDifferencePerCurrent g: Double)
        -> (rates: UnsafeMutablePointer<Double>, gains: UnsafeMutablePointer<Double>) {
        let n = modes.map { $0.count + 1 } ?? 0
        let rates = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
        let gains = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
        rates.initialize(repeating: 0, count: max(n, 1))
        gains.initialize(repeating: 0, count: max(n, 1))
        if let modes {
            for k in 0..<n {
                rates[k] = modes.rates[k]
                gains[k] = modes.rates[k] * modes.weights[k] * g
            }
        }
        return (rates, gains)
    }

    /// Exact fraction Δc(t)/Δc_ss after a current step from rest (DOMAIN B §2.4), summed to
    /// convergence: 1 − (8/π²)Σ_{n odd} n⁻² e^{−n²t/τ}. For t ≤ 0 it is 0.
    public static func seriesFraction(time_s t: Double, diffusionTime_s tau: Double) -> Double {
        guard t > 0 else { return 0 }
        let x = t / tau
        // For tiny x the series converges slowly; the semi-infinite form is exact to e^{−π²/(4x)} there.
        if x < 1e-4 { return earlyFraction(time_s: t, diffusionTime_s: tau) }
        var s = 0.0
        var n = 1.0
        while true {
            let term = exp(-n * n * x) / (n * n)
            s += term
            if term < 1e-17 { break }
            n += 2
        }
        return 1 - (8 / (Double.pi * Double.pi)) * s
    }

    /// Semi-infinite (early-time) form of the same fraction: Δc/Δc_ss = (4/π^{3/2})·√(t/τ), i.e. each
    /// surface deviates by 2J(1 − t₊)√t/(F√(πD)) (DOMAIN B §2.4). Valid for t ≪ τ.
    public static func earlyFraction(time_s t: Double, diffusionTime_s tau: Double) -> Double {
        guard t > 0 else { return 0 }
        return 4 / pow(Double.pi, 1.5) * (t / tau).squareRoot()
    }
}
