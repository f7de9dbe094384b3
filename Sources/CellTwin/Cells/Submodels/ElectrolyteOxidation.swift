import Foundation

/// Electrolyte oxidation at the cathode as a charge-consuming parasitic current (DOMAIN B §5.6):
///
///   i_ox = i_th·A(T)·exp((φ_C − V_ox)/V_s)/(1 + Q_ox/q_p),   V_s = b/ln 10,
///
/// Tafel in the cathode potential φ_C = U(x_s) − η_C with slope b (the `cei_voltage_scale_V` V_s, e-fold per V_s),
/// anchored at the measured stability window: a reported window V_ox is where an LSV current crosses a small
/// threshold i_th (≈ 1–10 µA cm⁻²). The current passivates with the oxidation charge passed Q_ox (a CEI that
/// blocks further oxidation: the first cycles lose more than later ones). Its charge is lost: it re-lithiates the
/// cathode (a charge that does not come back, CE < 1, first-cycle loss; self-discharge at rest above the window,
/// which stops by itself as φ_C falls), and it builds the cathode interphase: dASR_CEI/dt = ρ_CEI·i_ox with
/// ρ_CEI = k_CEI/i_th, so the CEI grows at `cei_growth_ohm_cm2_h` when a fresh cathode sits at V_ox.
///
/// A second, potential-independent part takes a fraction ε(T) of every charging current (oxidation on cathode and
/// carbon surfaces exposed by cycling, soluble products): the coulombic inefficiency of cells far below their
/// window (Li | gel | LFP), with no loss at rest.
public struct OxidationLaw: Sendable, Equatable {
    /// i_th: oxidation current density at V_ox and T_ref on a fresh cathode, A m⁻².
    public var onsetCurrent_A_m2: Double
    /// q_p: oxidation charge that halves the current (passivation), C m⁻²; infinity: no passivation.
    public var passivationCharge_C_m2: Double
    /// ε at T_ref: fraction of each charging current consumed by electrolyte oxidation on exposed surfaces.
    public var chargeParasiticFraction: Double
    public var chargeParasiticActivationEnergy_J_mol: Double

    public init(onsetCurrent_A_m2: Double = OxidationLaw.defaultOnsetCurrent_A_m2,
                passivationCharge_C_m2: Double = OxidationLaw.defaultPassivationCharge_C_m2,
                chargeParasiticFraction: Double = 0, chargeParasiticActivationEnergy_J_mol: Double = 0) {
        self.onsetCurrent_A_m2 = onsetCurrent_A_m2
        self.passivationCharge_C_m2 = passivationCharge_C_m2
        self.chargeParasiticFraction = chargeParasiticFraction
        self.chargeParasiticActivationEnergy_J_mol = chargeParasiticActivationEnergy_J_mol
    }

    /// i_th = 5 µA cm⁻² ×/÷ 3 (lognormal prior): the usual LSV threshold, 1–10 µA cm⁻² (DOMAIN B §5.6).
    public static let defaultOnsetCurrent_A_m2 = 0.05
    /// q_p = 0.005 mAh cm⁻² ×/÷ 5 (lognormal prior) [assumed: a passivating CEI of a few nm].
    public static let defaultPassivationCharge_C_m2 = 180.0

    /// The law at one temperature (the CEI's activation energy and voltage scale from ``AgingParameters``).
    public struct Resolved: Sendable, Equatable {
        /// i_th(T), A m⁻² (0: no oxidation).
        public var onsetCurrent_A_m2: Double
        public var oxidationLimit_V: Double
        public var voltageScale_V: Double
        /// 1/q_p, m² C⁻¹.
        public var inversePassivationCharge: Double
        /// ρ_CEI, Ω m² per C m⁻² of oxidation charge.
        public var filmPerCharge_ohm_m2_per_C_m2: Double
        /// ε(T).
        public var chargeParasiticFraction: Double

        /// i_ox at cathode potential φ and oxidation charge passed Q_ox, A m⁻² (≥ 0). The exponent is capped at 30
        /// so that a wild trial state of an implicit solver cannot overflow.
        @inline(__always)
        public func current(cathodePotential_V phi: Double, oxidationCharge_C_m2 q: Double) -> Double {
            guard onsetCurrent_A_m2 > 0 else { return 0 }
            let x = (phi - oxidationLimit_V) / voltageScale_V
            guard x > -40 else { return 0 }
            return onsetCurrent_A_m2 * exp(min(x, 30)) / (1 + max(q, 0) * inversePassivationCharge)
        }

        /// Potential below which i_ox is below 1e-17 of i_th (e⁻⁴⁰): the law can be skipped there.
        public var negligibleBelow_V: Double { oxidationLimit_V - 40 * voltageScale_V }
    }

    public func resolved(at temperature_K: Double, oxidationLimit_V: Double, aging: AgingParameters, enabled: Bool) -> Resolved {
        guard enabled else {
            return Resolved(onsetCurrent_A_m2: 0, oxidationLimit_V: oxidationLimit_V, voltageScale_V: aging.ceiVoltageScale_V,
                            inversePassivationCharge: 0, filmPerCharge_ohm_m2_per_C_m2: 0, chargeParasiticFraction: 0)
        }
        let a = aging.factor(aging.ceiActivationEnergy_J_mol, at: temperature_K)
        let eps = Arrhenius(referenceValue: chargeParasiticFraction, activationEnergy_J_mol: chargeParasiticActivationEnergy_J_mol,
                            referenceTemperature_K: aging.referenceTemperature_K).value(at: temperature_K)
        return Resolved(onsetCurrent_A_m2: onsetCurrent_A_m2 * a, oxidationLimit_V: oxidationLimit_V,
                        voltageScale_V: aging.ceiVoltageScale_V,
                        inversePassivationCharge: passivationCharge_C_m2.isFinite ? 1 / passivationCharge_C_m2 : 0,
                        filmPerCharge_ohm_m2_per_C_m2: onsetCurrent_A_m2 > 0 ? aging.ceiRate_ohm_m2_s / onsetCurrent_A_m2 : 0,
                        chargeParasiticFraction: min(max(eps, 0), 0.5))
    }

    /// The potential at which a linear sweep on a fresh electrode (Q_ox = 0) crosses `threshold_A_m2`, V: the
    /// simulated stability window (DOMAIN B §5.6). With the threshold at i_th this returns V_ox.
    public static func stabilityWindow(_ law: Resolved, threshold_A_m2: Double) -> Double? {
        guard law.onsetCurrent_A_m2 > 0, threshold_A_m2 > 0 else { return nil }
        return law.oxidationLimit_V + law.voltageScale_V * log(threshold_A_m2 / law.onsetCurrent_A_m2)
    }
}
