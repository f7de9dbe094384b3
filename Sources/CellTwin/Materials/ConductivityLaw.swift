import Foundation

/// Ionic conductivity σ(T) of an electrolyte (DOMAIN B §2.1). Values in S m⁻¹, temperatures in K.
public enum ConductivityLaw: Sendable, Equatable {
    /// σ = σ_ref·exp[−(E_a/R)(1/T − 1/T_ref)].
    case arrhenius(Arrhenius)
    /// σ = A·T^(−1/2)·exp[−B/(T − T₀)], written through σ at T_ref:
    /// σ(T) = σ_ref·√(T_ref/T)·exp[−B/(T − T₀) + B/(T_ref − T₀)]. Defined for T > T₀.
    case vft(sigmaRef_S_m: Double, referenceTemperature_K: Double, pseudoActivation_K: Double, idealGlassTemperature_K: Double)
    /// Semicrystalline polymer: ln σ = w·ln σ_high + (1 − w)·ln σ_low, w = 1/(1 + exp(−(T − T_m)/ΔT)).
    /// σ_high is Arrhenius; σ_low(T) = jump·σ_high(T_m)·exp[−(E_low/R)(1/T − 1/T_m)].
    case twoRegime(high: Arrhenius, melting_K: Double, meltingWidth_K: Double, lowActivationEnergy_J_mol: Double, meltingJump: Double)

    /// Conductivity in S m⁻¹.
    public func sigma_S_m(at temperature_K: Double) -> Double {
        switch self {
        case .arrhenius(let a):
            return a.value(at: temperature_K)
        case let .vft(sigmaRef, tRef, b, t0):
            return sigmaRef * (tRef / temperature_K).squareRoot() * exp(-b / (temperature_K - t0) + b / (tRef - t0))
        case let .twoRegime(high, tm, width, eLow, jump):
            let lnHigh = log(high.value(at: temperature_K))
            let lnLow = log(jump * high.value(at: tm)) - (eLow / Physical.gas) * (1 / temperature_K - 1 / tm)
            let w = 1 / (1 + exp(-(temperature_K - tm) / width))
            return exp(w * lnHigh + (1 - w) * lnLow)
        }
    }

    /// Lowest temperature (K) where the law is defined (VFT diverges at T₀).
    public var lowestDefinedTemperature_K: Double {
        switch self {
        case .vft(_, _, _, let t0): return t0
        default: return 0
        }
    }

    /// Apparent activation energy −R·d ln σ/d(1/T) in J mol⁻¹ (DOMAIN B §2.1), by central difference.
    public func apparentActivationEnergy_J_mol(at temperature_K: Double) -> Double {
        let dT = 1e-3
        let lnHi = log(sigma_S_m(at: temperature_K + dT)), lnLo = log(sigma_S_m(at: temperature_K - dT))
        let dInv = 1 / (temperature_K + dT) - 1 / (temperature_K - dT)
        return -Physical.gas * (lnHi - lnLo) / dInv
    }

    public var name: String {
        switch self {
        case .arrhenius: return "arrhenius"
        case .vft: return "vft"
        case .twoRegime: return "two-regime"
        }
    }
}
