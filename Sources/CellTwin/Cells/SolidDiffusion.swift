import Foundation

/// Modal solution of spherical solid diffusion at constant flux (DOMAIN A2).
///
/// x_s = x̄ + Σₖ uₖ + r·dx̄/dt,  duₖ/dt = −(λₖ²/τ_s)uₖ + (2/3)dx̄/dt,
/// where λₖ are the positive roots of tan λ = λ and r = (2/3)τ_s(1/10 − Σₖ 1/λₖ²) lumps the modes
/// left out as their quasi-steady limit, so the steady state x_s − x̄ = (τ_s/15)·dx̄/dt holds exactly
/// for any number of modes (Σ_{k≥1} 1/λₖ² = 1/10), as the RC ladders of DOMAIN B §6.2 lump their remainder.
public struct SolidDiffusionModes: Sendable, Equatable {
    /// The first roots of tan λ = λ.
    public static let eigenvalues: [Double] = (1...12).map { k in rootOfTanEqualsIdentity(branch: k) }

    public let count: Int
    /// λₖ²/τ_s, s⁻¹.
    public let decayRates: [Double]
    /// r, s (multiplies dx̄/dt).
    public let remainderTime_s: Double

    public init(modes: Int, diffusionTime_s tau: Double) {
        precondition((1...12).contains(modes), "1 to 12 diffusion modes")
        count = modes
        let lambdas = Self.eigenvalues.prefix(modes)
        decayRates = lambdas.map { $0 * $0 / tau }
        let captured = lambdas.reduce(0) { $0 + 1 / ($1 * $1) }
        remainderTime_s = (2.0 / 3.0) * tau * (0.1 - captured)
    }

    /// The k-th positive root of tan λ = λ, in ((k)π, (k + ½)π), by Newton on λ cos λ − sin λ.
    static func rootOfTanEqualsIdentity(branch k: Int) -> Double {
        var x = (Double(k) + 0.5) * Double.pi - 1 / ((Double(k) + 0.5) * Double.pi)
        for _ in 0..<50 {
            let f = x * cos(x) - sin(x)
            let df = -x * sin(x)
            let dx = f / df
            x -= dx
            if abs(dx) < 1e-15 * x { break }
        }
        return x
    }
}
