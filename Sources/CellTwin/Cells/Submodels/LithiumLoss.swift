import Foundation

/// Li-side degradation per plated charge, shared by the full and the symmetric cell (DOMAIN A4, B §5.1, §5.5).
///
/// - Interphase (SEI), parabolic: d(ASR_SEI²)/dt = A_SEI(T)·[k_cal + k_pl·J_p·(J_p/J_ref)^m_SEI] (Ω² m⁴ s⁻¹): more
///   fresh surface per plated charge at higher current (mossy deposits).
/// - Li inventory: dQ_lost/dt = (1 − CE_Li)(J_p, T)·J_p with
///   (1 − CE_Li) = (1 − CE_ref)·(J_p/J_ref)^m_Li·[f_dead·A_dead(T) + (1 − f_dead)·A_SEI,Li(T)]:
///   inactive ("dead") metallic Li dominates the loss (Fang et al., Nature 572 (2019) 511) and falls with
///   temperature (larger, denser deposits), the SEI part rises with it (ACS Nano 17 (2023) 24104); both rise with
///   current density (DOMAIN B §5.5, m_Li a prior of 0.5–1.5).
public struct LithiumLossLaw: Sendable, Equatable {
    /// k_cal(T), Ω² m⁴ s⁻¹; k_pl(T) at J_ref, Ω² m⁴ per C m⁻² plated.
    public var seiCalendarRate: Double
    public var seiPlatingRate: Double
    public var seiCurrentExponent: Double
    /// (1 − CE_Li) at J_ref and this temperature.
    public var inefficiency: Double
    public var lithiumCurrentExponent: Double
    /// 1/J_ref, m² A⁻¹.
    public var inverseReferenceCurrent: Double

    public init(aging a: AgingParameters, temperature_K: Double, enabled: Bool = true) {
        let on: Double = enabled ? 1 : 0
        let sei = a.factor(a.seiActivationEnergy_J_mol, at: temperature_K)
        seiCalendarRate = on * a.seiCalendarRate_ohm2m4_s * sei
        seiPlatingRate = on * a.seiPlatingRate_ohm2m4_per_C_m2 * sei
        seiCurrentExponent = a.seiPlatingCurrentExponent
        let f = min(max(a.deadLithiumFraction, 0), 1)
        let split = f * a.factor(a.deadLithiumActivationEnergy_J_mol, at: temperature_K)
            + (1 - f) * a.factor(a.lithiumLossActivationEnergy_J_mol, at: temperature_K)
        inefficiency = on * min(1, a.lithiumInefficiency * split)
        lithiumCurrentExponent = a.lithiumLossCurrentExponent
        inverseReferenceCurrent = 1 / a.currentReference_A_m2
    }

    /// d(ASR_SEI²)/dt at plating current J_p ≥ 0, Ω² m⁴ s⁻¹.
    @inline(__always)
    public func interphaseGrowth(platingCurrent_A_m2 jp: Double) -> Double {
        guard jp > 0, seiPlatingRate > 0 else { return seiCalendarRate }
        let x = jp * inverseReferenceCurrent
        return seiCalendarRate + seiPlatingRate * jp * FastMath.power(x, seiCurrentExponent)
    }

    /// d/dJ_p of ``interphaseGrowth(platingCurrent_A_m2:)``, Ω² m⁴ per C m⁻².
    @inline(__always)
    public func interphaseGrowthDerivative(platingCurrent_A_m2 jp: Double) -> Double {
        guard jp > 0, seiPlatingRate > 0 else { return 0 }
        return seiPlatingRate * (1 + seiCurrentExponent) * FastMath.power(jp * inverseReferenceCurrent, seiCurrentExponent)
    }

    /// (1 − CE_Li) at plating current J_p ≥ 0 (capped at 1).
    @inline(__always)
    public func lithiumInefficiency(platingCurrent_A_m2 jp: Double) -> Double {
        guard jp > 0, inefficiency > 0 else { return 0 }
        let x = jp * inverseReferenceCurrent
        return min(1, inefficiency * FastMath.power(x, lithiumCurrentExponent))
    }

    /// Li lost per second at plating current J_p, A m⁻².
    @inline(__always)
    public func lithiumLossRate(platingCurrent_A_m2 jp: Double) -> Double {
        lithiumInefficiency(platingCurrent_A_m2: jp) * jp
    }

    /// d/dJ_p of ``lithiumLossRate(platingCurrent_A_m2:)``: (1 + m_Li)(1 − CE_Li), or 1 where (1 − CE_Li) is capped at 1.
    @inline(__always)
    public func lithiumLossRateDerivative(platingCurrent_A_m2 jp: Double) -> Double {
        guard jp > 0, inefficiency > 0 else { return 0 }
        let uncapped = inefficiency * FastMath.power(jp * inverseReferenceCurrent, lithiumCurrentExponent)
        return uncapped >= 1 ? 1 : (1 + lithiumCurrentExponent) * uncapped
    }

    /// ASR_SEI² after `time_s` at rest and `plated_C_m2` plated at constant current `current_A_m2` (closed form of
    /// ``interphaseGrowth(platingCurrent_A_m2:)``), Ω² m⁴.
    public func interphaseSquared(initial_ohm_m2 r0: Double, time_s t: Double, plated_C_m2 q: Double, current_A_m2 j: Double) -> Double {
        let x = j > 0 ? j * inverseReferenceCurrent : 1
        return r0 * r0 + seiCalendarRate * t + seiPlatingRate * q * FastMath.power(x, seiCurrentExponent)
    }
}

/// Cathode active-material loss per throughput (DOMAIN A4, B §5.5): the cathode's own loss plus composite-cathode
/// contact loss with the electrolyte, rising with C-rate:
///
///   dLAM/dt = [k_cath(T) + k_contact(T)·(|J|/J_1C)^r]·|J|/Q₀,
///
/// with J_1C = Q₀/(1 h) the cell's 1C current density, so `contact_loss_per_cycle` is the contact loss of one cycle
/// at 1C (a cycle passes 2·Q₀) and r the rate exponent (a prior: polymer shrinkage and particle cracking under
/// faster (de)lithiation [proposal, DOMAIN B §5.5]). A per-cycle constant is its r → 0 limit.
public struct ActiveMaterialLossLaw: Sendable, Equatable {
    /// k_cath/Q₀ and k_contact/Q₀, per C m⁻² of throughput.
    public var cathodeRate: Double
    public var contactRate: Double
    public var rateExponent: Double
    /// 1/J_1C, m² A⁻¹.
    public var inverseOneC: Double

    public init(cathodeLoss: Double, contactLoss: Double, rateExponent: Double, nominalCapacity_C_m2 q0: Double) {
        cathodeRate = cathodeLoss / q0
        contactRate = contactLoss / q0
        self.rateExponent = rateExponent
        inverseOneC = 3600 / q0
    }

    /// dLAM/dt at current density J, s⁻¹.
    @inline(__always)
    public func rate(current_A_m2 j: Double) -> Double {
        let a = abs(j)
        guard a > 0 else { return 0 }
        let contact = contactRate > 0 ? contactRate * FastMath.power(a * inverseOneC, rateExponent) : 0
        return (cathodeRate + contact) * a
    }

    /// d(rate)/dJ: sign(J)·[k_cath + (1 + r)·k_contact·(|J|/J_1C)^r]/Q₀.
    @inline(__always)
    public func rateDerivative(current_A_m2 j: Double) -> Double {
        let a = abs(j)
        guard a > 0 else { return 0 }
        let contact = contactRate > 0 ? contactRate * (1 + rateExponent) * FastMath.power(a * inverseOneC, rateExponent) : 0
        return j < 0 ? -(cathodeRate + contact) : cathodeRate + contact
    }
}
