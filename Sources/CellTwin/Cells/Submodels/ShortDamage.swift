import Foundation

/// Short-circuit damage of the Li electrode (DOMAIN A4; B §4.5–4.6), accumulated with *plated charge*:
///
///   dΦ/dt = A(T)·(J_loc/J_ref)ⁿ/τ_ref + (J_loc/q_c)·f(J_loc/J_c(T)),   f(x) = 2xᵐ/(1 + xᵐ⁻¹),   a short when Φ ≥ 1,
///
/// with J_loc = J_plate/(1 − v) the plating current focused on the part of the interface that still has contact
/// (v: void fraction, ``LithiumVoidLaw``) and A(T) = exp[−(E_a/R)(1/T − 1/T_ref)].
/// - The first term is slow cumulative damage, calibrated on Li|Li times to short at moderate current.
/// - The second grows with plated charge: plating q_c at J_c brings Φ to 1. Below J_c, f ≈ 2xᵐ falls steeply (cells
///   cycled well below their critical current keep their life); above it f ≈ 2x, so the charge to a short falls as
///   C_d ∝ 1/J — the Sand-like charge-to-short law (DOMAIN B §4.5 item 3: t_short ∝ J⁻², Chazalviel / Brissot et
///   al. B §4.2) instead of an unbounded power. A short needs charge, not an instant (DOMAIN B §4.5). J_c is the lower
///   of the electrolyte's own plating criteria (``CriticalCurrent``) unless a measured CCD fixes it
///   (`criticalCurrent_A_m2`).
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
    /// m, the rise of the damage per plated charge with J_loc/J_c below J_c.
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

    /// f(x) = 2xᵐ/(1 + xᵐ⁻¹) and f′(x) = 2xᵐ⁻¹(m + xᵐ⁻¹)/(1 + xᵐ⁻¹)²: 2xᵐ below 1, 1 at 1, 2x above.
    @inline(__always)
    static func criticalShape(_ x: Double, exponent m: Double) -> (f: Double, derivative: Double) {
        guard x > 0 else { return (0, 0) }
        let p = pow(x, m - 1)
        let d = 1 + p
        return (2 * p * x / d, 2 * p * (m + p) / (d * d))
    }

    /// The law at one temperature: dΦ/dt = a·J_locⁿ + (J_loc/q_c)·f(J_loc/J_c) (J in A m⁻²).
    public struct Resolved: Sendable, Equatable {
        public var cumulativeCoefficient: Double
        public var exponent: Double
        /// 1/q_c, m² C⁻¹ (0: no per-charge term).
        public var inverseCriticalCharge: Double
        /// m.
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
            // Below 1e-3·J_c with m ≥ 4 the per-charge term is below 2e-12 of its value at J_c: skip the pow.
            if inverseCriticalCharge > 0, a > 1e-3 * criticalCurrent_A_m2 || criticalExponent < 4 {
                r += a * inverseCriticalCharge * ShortLaw.criticalShape(a / criticalCurrent_A_m2, exponent: criticalExponent).f
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
            if inverseCriticalCharge > 0 {
                let x = a / criticalCurrent_A_m2
                let s = ShortLaw.criticalShape(x, exponent: criticalExponent)
                d += inverseCriticalCharge * (s.f + x * s.derivative)
            }
            return j < 0 ? -d : d
        }

        /// Damage per plated charge dΦ/dq at plating current J (C⁻¹ m²).
        public func damagePerCharge(current_A_m2 j: Double) -> Double {
            let a = abs(j)
            return a > 0 ? rate(current_A_m2: a) / a : 0
        }

        /// No damage at all (aging off).
        public var disabled: Resolved {
            var r = self
            r.cumulativeCoefficient = 0
            r.inverseCriticalCharge = 0
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
        let b = jc.isFinite && jc > 0 && criticalCharge_C_m2.isFinite ? 1 / criticalCharge_C_m2 : 0
        return Resolved(cumulativeCoefficient: a, exponent: exponent, inverseCriticalCharge: b,
                        criticalExponent: criticalExponent, criticalCurrent_A_m2: jc, criterion: critical.criterion,
                        sandDamage: sandDamage)
    }
}

/// Interfacial voids at the Li electrode (DOMAIN B §4.6 "Interface / voids", §5.5 "Contact/void loss"): stripping
/// faster than Li is replenished at the interface opens voids and the contact shrinks; plating fills them again.
/// The void fraction v changes per stripped and per plated charge,
///
///   dv/dt = (J_strip/q_v)·(J_strip/J_strip,c(T))ᵖ·(1 − v) − (J_plate/q_v)·v,
///
/// negligible well below the critical stripping current J_strip,c and fast above it (Kasemchainan et al., Nat.
/// Mater. 18 (2019) 1105; Raj et al., arXiv:2001.06276). Li plated onto a voided interface fills the voids it meets
/// first (same charge scale q_v [assumed]), so cycling with equal charges at a stripping current J settles at
/// v* = xᵖ/(1 + xᵖ), x = J/J_strip,c: half the contact at J_strip,c, nearly all of it well above. The lost contact
/// raises the Li interface's resistance and kinetic overpotential (contact area 1 − v) and focuses the next plating
/// (``ShortLaw``: J_loc = J/(1 − v)), so polarization rises before a short.
///
/// The interface also limits plating: its plating criterion is κ·J_strip,c, with κ = 3 ×/÷ 2 [prior: "the
/// stripping limiting current can be several times lower than the plating CCD", DOE BMR FY23 Q4, DOMAIN B §4.4].
public struct LithiumVoidLaw: Sendable, Equatable {
    /// J_strip,c(T): the interface's critical stripping current, A m⁻².
    public var criticalStrippingCurrent: Arrhenius
    /// q_v: charge stripped at J_strip,c that opens voids over 1 − 1/e of the contact, C m⁻².
    public var voidCharge_C_m2: Double
    /// p: steepness of void growth in J_strip/J_strip,c.
    public var exponent: Double
    /// κ: the interface's plating criterion over its critical stripping current.
    public var platingCriticalRatio: Double

    public init(criticalStrippingCurrent: Arrhenius, voidCharge_C_m2: Double = LithiumVoidLaw.defaultVoidCharge_C_m2,
                exponent: Double = LithiumVoidLaw.defaultExponent,
                platingCriticalRatio: Double = LithiumVoidLaw.defaultPlatingCriticalRatio) {
        self.criticalStrippingCurrent = criticalStrippingCurrent
        self.voidCharge_C_m2 = voidCharge_C_m2
        self.exponent = exponent
        self.platingCriticalRatio = platingCriticalRatio
    }

    /// q_v = 10 mAh cm⁻² ×/÷ 3 (lognormal prior) [assumed].
    public static let defaultVoidCharge_C_m2 = 360_000.0
    /// p = 4 ± 1.5 (normal prior) [assumed].
    public static let defaultExponent = 4.0
    /// κ = 3 ×/÷ 2 (lognormal prior; DOMAIN B §4.4).
    public static let defaultPlatingCriticalRatio = 3.0

    /// The law at one temperature: dv/dt = c·J_stripᵖ⁺¹·(1 − v) − J_plate·v/q_v.
    public struct Resolved: Sendable, Equatable {
        public var coefficient: Double
        public var exponentPlusOne: Double
        /// 1/q_v, m² C⁻¹ (0: no voids).
        public var refillPerCharge: Double

        public init(coefficient: Double, exponentPlusOne: Double, refillPerCharge: Double = 0) {
            self.coefficient = coefficient
            self.exponentPlusOne = exponentPlusOne
            self.refillPerCharge = refillPerCharge
        }

        /// No voids (aging off).
        public static let none = Resolved(coefficient: 0, exponentPlusOne: 1)

        /// dv/dt at stripping current `j` (> 0 strips, ≤ 0 plates |j|).
        @inline(__always)
        public func rate(strippingCurrent_A_m2 j: Double, voidFraction v: Double) -> Double {
            guard coefficient > 0 else { return 0 }
            if j > 0 { return coefficient * pow(j, exponentPlusOne) * max(1 - v, 0) }
            return j < 0 ? refillPerCharge * j * max(v, 0) : 0
        }

        /// ∂(dv/dt)/∂J and ∂(dv/dt)/∂v.
        @inline(__always)
        public func partials(strippingCurrent_A_m2 j: Double, voidFraction v: Double) -> (current: Double, void: Double) {
            guard coefficient > 0 else { return (0, 0) }
            if j > 0 {
                let g = coefficient * pow(j, exponentPlusOne - 1)
                return (exponentPlusOne * g * max(1 - v, 0), v < 1 ? -g * j : 0)
            }
            return j < 0 ? (refillPerCharge * max(v, 0), v > 0 ? refillPerCharge * j : 0) : (0, 0)
        }
    }

    public func resolved(at temperature_K: Double) -> Resolved {
        let jc = criticalStrippingCurrent.value(at: temperature_K)
        guard jc.isFinite, jc > 0, voidCharge_C_m2.isFinite else { return .none }
        return Resolved(coefficient: 1 / (voidCharge_C_m2 * pow(jc, exponent)), exponentPlusOne: exponent + 1,
                        refillPerCharge: 1 / voidCharge_C_m2)
    }

    /// v* = xᵖ/(1 + xᵖ): the void fraction that cycling with equal charges at stripping current `j` settles at.
    public func settledVoidFraction(strippingCurrent_A_m2 j: Double, temperature_K: Double) -> Double {
        let jc = criticalStrippingCurrent.value(at: temperature_K)
        guard jc.isFinite, jc > 0, voidCharge_C_m2.isFinite, j > 0 else { return 0 }
        let xp = pow(j / jc, exponent)
        return xp.isFinite ? xp / (1 + xp) : 1
    }
}

/// The critical plating current of a Li | E interface from the electrolyte's own properties (DOMAIN B §4.6): the
/// lowest of the criteria sets the damage law's J_c, and the evaluation names which. The interface enters twice: its
/// plating criterion κ·J_strip,c here, and its critical stripping current through the voids that focus the next
/// plating (``LithiumVoidLaw``), which is what usually fails a Li | Li step test first.
public enum CriticalCurrent {
    public enum Criterion: String, Sendable, Equatable, CaseIterable {
        /// A measured CCD (fitted in `critical_current_mA_cm2`).
        case measured
        /// Salt depletion: the limiting current J_lim = 2F D c₀/((1 − t₊)L) (DOMAIN B §2.4, §4.6).
        case transport
        /// The interface: κ·J_strip,c, voids opening on stripping and filaments on plating (DOMAIN B §4.4, §4.6).
        case interface

        public var text: String {
            switch self {
            case .measured: return "measured CCD"
            case .transport: return "transport (limiting current)"
            case .interface: return "interface (voids on stripping, κ·J_strip,c on plating)"
            }
        }
    }

    public struct Evaluation: Sendable, Equatable {
        public var current_A_m2: Double
        public var criterion: Criterion
        /// Every criterion's current, A m⁻² (infinity where it does not limit).
        public var candidates: [Criterion: Double]
        /// J_strip,c(T), the interface's critical stripping current, A m⁻² (``LithiumVoidLaw``).
        public var strippingCurrent_A_m2: Double = .infinity
    }

    /// J_c(T) of `electrolyte`.
    public static func evaluate(_ electrolyte: Electrolyte, temperature_K: Double) -> Evaluation {
        let stripping = electrolyte.voidLaw.criticalStrippingCurrent.value(at: temperature_K)
        var candidates: [Criterion: Double] = [
            .transport: electrolyte.limitingCurrent_A_m2(at: temperature_K),
            .interface: electrolyte.voidLaw.platingCriticalRatio * stripping,
        ]
        let law = electrolyte.shortLaw
        if law.criticalCurrent_A_m2.isFinite {
            let measured = Arrhenius(referenceValue: law.criticalCurrent_A_m2,
                                     activationEnergy_J_mol: law.criticalCurrentActivationEnergy_J_mol,
                                     referenceTemperature_K: law.referenceTemperature_K).value(at: temperature_K)
            candidates[.measured] = measured
            return Evaluation(current_A_m2: measured, criterion: .measured, candidates: candidates,
                              strippingCurrent_A_m2: stripping)
        }
        let best = [Criterion.transport, .interface].min { candidates[$0]! < candidates[$1]! }!
        return Evaluation(current_A_m2: candidates[best]!, criterion: best, candidates: candidates,
                          strippingCurrent_A_m2: stripping)
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

    /// dΦ per plated charge (m² C⁻¹) of a Li | Li cell cycled with equal half-cycles at `current_A_m2`: the damage
    /// law at the focused current J/(1 − v*), with v* the void fraction that such cycling settles at
    /// (``LithiumVoidLaw/settledVoidFraction(strippingCurrent_A_m2:temperature_K:)``; an upper bound while the
    /// voids still open).
    public func cycledDamagePerCharge(current_A_m2 j: Double, temperature_K: Double, law: ShortLaw.Resolved) -> Double {
        let a = abs(j)
        guard a > 0 else { return 0 }
        let c = max(1 - voidLaw.settledVoidFraction(strippingCurrent_A_m2: a, temperature_K: temperature_K), 1e-6)
        return law.damagePerCharge(current_A_m2: a / c) / c
    }

    /// Damage Φ of a Li | Li step test up to current `j` (A m⁻²): steps `step` apart, each one cycle in which every
    /// electrode strips and plates `halfCycleCharge` q. As a continuous ramp in J the void fraction and the damage follow
    ///
    ///   dv/dJ = (q/ΔJ)·[(J/J_strip,c)ᵖ(1 − v) − v]/q_v,   dΦ/dJ = (q/ΔJ)·(dΦ/dq)(J/(1 − v))/(1 − v),
    ///
    /// (``LithiumVoidLaw``, ``ShortLaw``), integrated by classical Runge–Kutta in 400 steps from J = 0, plus half the
    /// last step's damage; smooth in every parameter (what a fit needs), unlike the simulated step test it follows.
    public func stepTestDamage(upTo j: Double, step: Double, halfCycleCharge q: Double, temperature_K: Double,
                               law: ShortLaw.Resolved) -> Double {
        guard j > 0, step > 0, q > 0 else { return 0 }
        let voids = voidLaw.resolved(at: temperature_K)
        func rates(_ current: Double, _ v: Double) -> (void: Double, damage: Double) {
            let c = max(1 - v, 1e-6)
            let growth = current > 0 ? voids.rate(strippingCurrent_A_m2: current, voidFraction: v) / current : 0
            let refill = voids.refillPerCharge * max(v, 0)
            return ((q / step) * (growth - refill), (q / step) * law.damagePerCharge(current_A_m2: current / c) / c)
        }
        let n = 400
        let h = j / Double(n)
        var v = 0.0, phi = 0.0, current = 0.0
        for _ in 0..<n {
            let k1 = rates(current, v)
            let k2 = rates(current + 0.5 * h, v + 0.5 * h * k1.void)
            let k3 = rates(current + 0.5 * h, v + 0.5 * h * k2.void)
            let k4 = rates(current + h, v + h * k3.void)
            v = min(max(v + h / 6 * (k1.void + 2 * k2.void + 2 * k3.void + k4.void), 0), 1)
            phi += h / 6 * (k1.damage + 2 * k2.damage + 2 * k3.damage + k4.damage)
            current += h
        }
        let c = max(1 - v, 1e-6)
        return phi + 0.5 * q * law.damagePerCharge(current_A_m2: j / c) / c
    }

    /// The electrolyte with its short-damage law off: for simulated tests that must report what happens before any
    /// short (a Bruce–Vincent run, a polarization or a Sand-onset horizon).
    public var withoutShortDamage: Electrolyte {
        var e = self
        e.shortLaw.referenceTime_s = .infinity
        e.shortLaw.criticalCharge_C_m2 = .infinity
        return e
    }

    /// dΦ/dt in s⁻¹ at plating current density `current_A_m2` (on a void-free interface) and temperature T.
    public func damageRate(current_A_m2: Double, temperature_K: Double) -> Double {
        resolvedShortLaw(at: temperature_K).rate(current_A_m2: current_A_m2)
    }
}
