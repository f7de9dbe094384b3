import Foundation

/// Short-circuit damage of the Li electrode (DOMAIN A4; B §4.5–4.6), accumulated with *plated charge*:
///
///   dΦ/dt = A(T)·(J_loc/J_ref)ⁿ/τ_ref + (J_loc/q_c)·(J_loc/J_c(T))ᵐ,   a short when Φ ≥ 1,
///
/// with J_loc = J_plate/(1 − v) the plating current focused on the part of the interface that still has contact
/// (v: void fraction, ``LithiumVoidLaw``) and A(T) = exp[−(E_a/R)(1/T − 1/T_ref)].
/// - The first term is slow cumulative damage, calibrated on Li|Li times to short at moderate current.
/// - The second grows with plated charge above the critical current J_c(T): plating q_c at J_c brings Φ to 1,
///   so a Li|Li CCD test's capacity per half-cycle and a full cell's charge both enter and a short needs charge,
///   not an instant (DOMAIN B §4.5: no instantaneous cap above the CCD). J_c is the lowest of the electrolyte's
///   own criteria (``CriticalCurrent``) unless a measured CCD fixes it (`criticalCurrent_A_m2`).
/// - A Sand onset while plating adds `sandDamage` (dendrite nucleation on a depleted surface, DOMAIN B §4.1).
public struct ShortLaw: Sendable, Equatable {
    /// J_ref, A m⁻².
    public var referenceCurrent_A_m2: Double
    /// n (dimensionless).
    public var exponent: Double
    /// τ_ref: plating time to short at J_ref and T_ref, s. Infinity disables the term.
    public var referenceTime_s: Double
    public var activationEnergy_J_mol: Double
    public var referenceTemperature_K: Double
    /// A measured (fitted) critical current at T_ref, A m⁻²; infinity: J_c follows from the criteria of
    /// ``CriticalCurrent`` (transport and interface).
    public var criticalCurrent_A_m2: Double
    public var criticalCurrentActivationEnergy_J_mol: Double
    /// m, the rise of the damage per plated charge with J_loc/J_c.
    public var criticalExponent: Double
    /// q_c: charge plated at J_c that brings Φ from 0 to 1, C m⁻². Infinity disables the term.
    public var criticalCharge_C_m2: Double
    /// ΔΦ added by each Sand onset during plating.
    public var sandDamage: Double

    public init(referenceCurrent_A_m2: Double, exponent: Double, referenceTime_s: Double,
                activationEnergy_J_mol: Double, referenceTemperature_K: Double,
                criticalCurrent_A_m2: Double = .infinity, criticalCurrentActivationEnergy_J_mol: Double = 0,
                criticalExponent: Double = ShortLaw.defaultCriticalExponent,
                criticalCharge_C_m2: Double = ShortLaw.defaultCriticalCharge_C_m2,
                sandDamage: Double = ShortLaw.defaultSandDamage) {
        self.referenceCurrent_A_m2 = referenceCurrent_A_m2
        self.exponent = exponent
        self.referenceTime_s = referenceTime_s
        self.activationEnergy_J_mol = activationEnergy_J_mol
        self.referenceTemperature_K = referenceTemperature_K
        self.criticalCurrent_A_m2 = criticalCurrent_A_m2
        self.criticalCurrentActivationEnergy_J_mol = criticalCurrentActivationEnergy_J_mol
        self.criticalExponent = criticalExponent
        self.criticalCharge_C_m2 = criticalCharge_C_m2
        self.sandDamage = sandDamage
    }

    /// m = 8 ± 3 (normal prior): damage that rises steeply towards J_c but not as a step [assumed; the seed set
    /// has one CCD at one capacity per half-cycle, which cannot separate m from q_c].
    public static let defaultCriticalExponent = 8.0
    /// q_c = 1 mAh cm⁻² ×/÷ 3 (lognormal prior): a few full-cell charges at J_c to a short [assumed].
    public static let defaultCriticalCharge_C_m2 = 36_000.0
    /// ΔΦ = 0.05 ×/÷ 3 per Sand onset: about twenty depleted charges to a short [assumed].
    public static let defaultSandDamage = 0.05

    /// The law at one temperature: dΦ/dt = a·J_locⁿ + b·J_loc^(m+1) (J in A m⁻²).
    public struct Resolved: Sendable, Equatable {
        public var cumulativeCoefficient: Double
        public var exponent: Double
        /// b = 1/(q_c·J_cᵐ).
        public var criticalCoefficient: Double
        /// m + 1.
        public var criticalExponent: Double
        /// J_c at this temperature, A m⁻².
        public var criticalCurrent_A_m2: Double
        /// The criterion that set J_c.
        public var criterion: CriticalCurrent.Criterion
        public var sandDamage: Double

        @inline(__always)
        public func rate(current_A_m2 j: Double) -> Double {
            let a = abs(j)
            guard a > 0 else { return 0 }
            var r = 0.0
            if cumulativeCoefficient > 0 {
                r += cumulativeCoefficient * (exponent == 2 ? a * a : pow(a, exponent))
            }
            // Below 1e-3·J_c the per-charge term is below 1e-3 of the plating at J_c's rate per charge: skip the pow.
            if criticalCoefficient > 0, a > 1e-3 * criticalCurrent_A_m2 {
                r += criticalCoefficient * pow(a, criticalExponent)
            }
            return r
        }

        /// d(rate)/dJ for |J| (used by Jacobians).
        @inline(__always)
        public func rateDerivative(current_A_m2 j: Double) -> Double {
            let a = abs(j)
            guard a > 0 else { return 0 }
            var d = 0.0
            if cumulativeCoefficient > 0 { d += cumulativeCoefficient * exponent * pow(a, exponent - 1) }
            if criticalCoefficient > 0 { d += criticalCoefficient * criticalExponent * pow(a, criticalExponent - 1) }
            return j < 0 ? -d : d
        }

        /// No damage at all (aging off).
        public var disabled: Resolved {
            var r = self
            r.cumulativeCoefficient = 0
            r.criticalCoefficient = 0
            r.sandDamage = 0
            return r
        }
    }

    /// The law at `temperature_K` with the critical current `critical` (from ``CriticalCurrent``).
    public func resolved(at temperature_K: Double, critical: CriticalCurrent.Evaluation) -> Resolved {
        let arrhenius = Arrhenius(referenceValue: 1, activationEnergy_J_mol: activationEnergy_J_mol,
                                  referenceTemperature_K: referenceTemperature_K).factor(at: temperature_K)
        let a = referenceTime_s.isFinite ? arrhenius / (referenceTime_s * pow(referenceCurrent_A_m2, exponent)) : 0
        let jc = critical.current_A_m2
        let b = jc.isFinite && criticalCharge_C_m2.isFinite ? 1 / (criticalCharge_C_m2 * pow(jc, criticalExponent)) : 0
        return Resolved(cumulativeCoefficient: a, exponent: exponent, criticalCoefficient: b,
                        criticalExponent: criticalExponent + 1, criticalCurrent_A_m2: jc, criterion: critical.criterion,
                        sandDamage: sandDamage)
    }
}

/// Interfacial voids at the Li electrode (DOMAIN B §4.6 "Interface / voids", §5.5 "Contact/void loss"): stripping
/// faster than Li is replenished at the interface opens voids and the contact shrinks. The void fraction v grows
/// per stripped charge,
///
///   dv/dt = (J_strip/q_v)·(J_strip/J_strip,c(T))ᵖ·(1 − v),
///
/// negligible well below the critical stripping current J_strip,c and fast above it (Kasemchainan et al., Nat.
/// Mater. 18 (2019) 1105; Raj et al., arXiv:2001.06276). The lost contact raises the Li interface's resistance and
/// kinetic overpotential (contact area 1 − v) and focuses the next plating (``ShortLaw``: J_loc = J/(1 − v)), so
/// polarization rises before a short. Voids are taken as permanent (no creep refill) [assumed].
public struct LithiumVoidLaw: Sendable, Equatable {
    /// J_strip,c(T): the interface's critical stripping current, A m⁻².
    public var criticalStrippingCurrent: Arrhenius
    /// q_v: charge stripped at J_strip,c that opens voids over 1 − 1/e of the contact, C m⁻².
    public var voidCharge_C_m2: Double
    /// p: steepness of void growth in J_strip/J_strip,c.
    public var exponent: Double

    public init(criticalStrippingCurrent: Arrhenius, voidCharge_C_m2: Double = LithiumVoidLaw.defaultVoidCharge_C_m2,
                exponent: Double = LithiumVoidLaw.defaultExponent) {
        self.criticalStrippingCurrent = criticalStrippingCurrent
        self.voidCharge_C_m2 = voidCharge_C_m2
        self.exponent = exponent
    }

    /// q_v = 10 mAh cm⁻² ×/÷ 3 (lognormal prior) [assumed].
    public static let defaultVoidCharge_C_m2 = 360_000.0
    /// p = 4 ± 1.5 (normal prior) [assumed].
    public static let defaultExponent = 4.0

    /// The law at one temperature: dv/dt = c·J_stripᵖ⁺¹·(1 − v).
    public struct Resolved: Sendable, Equatable {
        public var coefficient: Double
        public var exponentPlusOne: Double

        @inline(__always)
        public func rate(strippingCurrent_A_m2 j: Double, voidFraction v: Double) -> Double {
            guard j > 0, coefficient > 0 else { return 0 }
            return coefficient * pow(j, exponentPlusOne) * max(1 - v, 0)
        }
    }

    public func resolved(at temperature_K: Double) -> Resolved {
        let jc = criticalStrippingCurrent.value(at: temperature_K)
        guard jc.isFinite, jc > 0, voidCharge_C_m2.isFinite else { return Resolved(coefficient: 0, exponentPlusOne: 1) }
        return Resolved(coefficient: 1 / (voidCharge_C_m2 * pow(jc, exponent)), exponentPlusOne: exponent + 1)
    }
}

/// The critical current density of a Li | E interface from the electrolyte's own properties (DOMAIN B §4.6): the
/// lowest of the criteria sets it, and the evaluation names which.
public enum CriticalCurrent {
    public enum Criterion: String, Sendable, Equatable, CaseIterable {
        /// A measured CCD (fitted in `critical_current_mA_cm2`).
        case measured
        /// Salt depletion: the limiting current J_lim = 2F D c₀/((1 − t₊)L) (DOMAIN B §2.4, §4.6).
        case transport
        /// Void formation on stripping: the critical stripping current (DOMAIN B §4.6).
        case interface

        public var text: String {
            switch self {
            case .measured: return "measured CCD"
            case .transport: return "transport (limiting current)"
            case .interface: return "interface (void formation on stripping)"
            }
        }
    }

    public struct Evaluation: Sendable, Equatable {
        public var current_A_m2: Double
        public var criterion: Criterion
        /// Every criterion's current, A m⁻² (infinity where it does not limit).
        public var candidates: [Criterion: Double]
    }

    /// J_c(T) of `electrolyte`.
    public static func evaluate(_ electrolyte: Electrolyte, temperature_K: Double) -> Evaluation {
        var candidates: [Criterion: Double] = [
            .transport: electrolyte.limitingCurrent_A_m2(at: temperature_K),
            .interface: electrolyte.voidLaw.criticalStrippingCurrent.value(at: temperature_K),
        ]
        let law = electrolyte.shortLaw
        if law.criticalCurrent_A_m2.isFinite {
            let measured = Arrhenius(referenceValue: law.criticalCurrent_A_m2,
                                     activationEnergy_J_mol: law.criticalCurrentActivationEnergy_J_mol,
                                     referenceTemperature_K: law.referenceTemperature_K).value(at: temperature_K)
            candidates[.measured] = measured
            return Evaluation(current_A_m2: measured, criterion: .measured, candidates: candidates)
        }
        let best = [Criterion.transport, .interface].min { candidates[$0]! < candidates[$1]! }!
        return Evaluation(current_A_m2: candidates[best]!, criterion: best, candidates: candidates)
    }

    /// The semi-infinite Sand current of one half-cycle of charge `q` (Sand's time equal to the half-cycle
    /// q/J): J_s(q) = πD(c₀F)²/(4q(1 − t₊)²), A m⁻²; above it and above J_lim the salt runs out within the
    /// half-cycle (DOMAIN B §4.1). Infinite for t₊ = 1.
    public static func sandCurrent(_ electrolyte: Electrolyte, temperature_K: Double, halfCycleCharge_C_m2 q: Double) -> Double {
        let ta = 1 - electrolyte.transferenceNumber
        guard ta > 0, q > 0 else { return .infinity }
        let cF = electrolyte.saltConcentration_mol_m3 * Physical.faraday
        return Double.pi * electrolyte.diffusivity.value(at: temperature_K) * cF * cF / (4 * q * ta * ta)
    }
}

extension Electrolyte {
    /// The short law at `temperature_K` with this electrolyte's critical current.
    public func resolvedShortLaw(at temperature_K: Double) -> ShortLaw.Resolved {
        shortLaw.resolved(at: temperature_K, critical: CriticalCurrent.evaluate(self, temperature_K: temperature_K))
    }

    /// dΦ/dt in s⁻¹ at plating current density `current_A_m2` (on a void-free interface) and temperature T.
    public func damageRate(current_A_m2: Double, temperature_K: Double) -> Double {
        resolvedShortLaw(at: temperature_K).rate(current_A_m2: current_A_m2)
    }
}
