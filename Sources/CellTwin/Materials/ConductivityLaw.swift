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
    /// Semicrystalline polymer whose amorphous phase follows VFT (PEG/PEO above T_g; DOMAIN B §2.1): the
    /// ``CrystallinePhase`` law with σ_a the `.vft` law above. Defined for T > T₀.
    case twoRegimeVFT(sigmaRef_S_m: Double, referenceTemperature_K: Double, pseudoActivation_K: Double,
                      idealGlassTemperature_K: Double, phase: CrystallinePhase)

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
        case let .twoRegimeVFT(sigmaRef, tRef, b, t0, phase):
            let amorphous = ConductivityLaw.vft(sigmaRef_S_m: sigmaRef, referenceTemperature_K: tRef, pseudoActivation_K: b,
                                                idealGlassTemperature_K: t0)
            return phase.sigma_S_m(amorphous: amorphous.sigma_S_m(at: temperature_K),
                                   amorphousAtMelting: amorphous.sigma_S_m(at: phase.melting_K), temperature_K: temperature_K)
        }
    }

    /// Lowest temperature (K) where the law is defined (VFT diverges at T₀).
    public var lowestDefinedTemperature_K: Double {
        switch self {
        case .vft(_, _, _, let t0), .twoRegimeVFT(_, _, _, let t0, _): return t0
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
        case .twoRegimeVFT: return "two-regime-vft"
        }
    }
}

/// The crystalline phase of a semicrystalline polymer electrolyte (DOMAIN B §2.1, "melting / crystalline-to-amorphous
/// kink"). Below the melting range a PEG/PEO electrolyte is a mixture of a crystalline phase and the amorphous phase
/// that carries most of the ions; the melting range is a logistic in T:
///
///   amorphous fraction w(T) = 1/(1 + exp(−(T − T_m)/ΔT)),   crystalline fraction 1 − w,
///
/// and the two phases' conductivities combine by Lichtenecker's logarithmic mixing rule (K. Lichtenecker,
/// Physikalische Zeitschrift 27 (1926) 115; the rule DOMAIN B §2.1 proposes):
///
///   ln σ = w·ln σ_a(T) + (1 − w)·ln σ_c(T),   σ_c(T) = jump·σ_a(T_m)·exp[−(E_c/R)(1/T − 1/T_m)],
///
/// with σ_a the amorphous branch (Arrhenius or VFT) and σ_c the crystalline (semicrystalline) branch, Arrhenius
/// through jump·σ_a at T_m. σ is smooth and positive wherever σ_a is. A largest crystallinity below 1 would only
/// rescale ln(jump) and E_c − E_a under logarithmic mixing, so it is not a separate parameter. SI units.
public struct CrystallinePhase: Sendable, Equatable {
    /// T_m, the centre of the crystalline-to-amorphous step, K.
    public var melting_K: Double
    /// ΔT, the width of the logistic step, K (> 0).
    public var meltingWidth_K: Double
    /// E_c of the crystalline branch, J mol⁻¹.
    public var activationEnergy_J_mol: Double
    /// σ_c/σ_a at T_m (0 < jump ≤ 1).
    public var jump: Double

    public init(melting_K: Double, meltingWidth_K: Double, activationEnergy_J_mol: Double, jump: Double) {
        self.melting_K = melting_K
        self.meltingWidth_K = meltingWidth_K
        self.activationEnergy_J_mol = activationEnergy_J_mol
        self.jump = jump
    }

    /// Amorphous fraction w(T).
    public func amorphousFraction(at temperature_K: Double) -> Double {
        1 / (1 + exp(-(temperature_K - melting_K) / meltingWidth_K))
    }

    /// σ from the amorphous branch's σ_a(T) and σ_a(T_m), S m⁻¹.
    public func sigma_S_m(amorphous: Double, amorphousAtMelting: Double, temperature_K: Double) -> Double {
        let w = amorphousFraction(at: temperature_K)
        let lnCrystalline = log(jump * amorphousAtMelting) - (activationEnergy_J_mol / Physical.gas) * (1 / temperature_K - 1 / melting_K)
        return exp(w * log(amorphous) + (1 - w) * lnCrystalline)
    }
}
