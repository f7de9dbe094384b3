import Foundation

/// The coordinate a prediction is banded in (DOMAIN B §9): the delta method is applied to u = f(y), and the band
/// u ± z·σ_u is mapped back through f⁻¹, so the ends keep the quantity's domain and become asymmetric near its bounds.
///
/// A fraction (a capacity retention) is banded in logit y = ln(y/(1 − y)). Near 1 logit y ≈ −ln(1 − y): the capacity
/// lost, a rate times cycles whose uncertainty is ×/÷ (a fitted rate is log-normal), as for 1 − CE; near 0 it is ≈ ln y,
/// the ×/÷ capacity left. At y = ½ its slope is 4, constant to second order, so there the band equals the band made
/// in y to first order. Retention above 1 is not a prediction of the twin: it is measured against the largest
/// discharge of the reference window (``RetentionReference``), and after that window no mechanism of the model
/// restores capacity (Li inventory, active material and contact only fall, interphase resistances only grow, at a
/// fixed temperature and current); retentions above 1 − ``fractionMargin`` (the reference cycle itself, integrator
/// noise) are held at it, as those below ``fractionMargin``.
public enum BandCoordinate: Sendable, Equatable {
    /// y itself.
    case identity
    /// ln y (×/÷; y > 0): a positive quantity, a conductivity or a capacity. y = 0 maps to −∞ (a run that delivers
    /// no capacity is the band's lower end, 0), so a band made here never reaches below 0 and is asymmetric.
    case logarithm
    /// ln(1 − y) (a Coulombic efficiency, whose loss 1 − CE is ×/÷).
    case logOfComplement
    /// ln(y/(1 − y)) (a fraction in (0, 1): a retention).
    case logit

    /// How close to 0 or 1 a fraction is taken, in the logit coordinate: below the resolution of a lifetime run's
    /// retention (cycle skipping allows 5·10⁻⁴ relative error per block, ``LifeOptions/skipTolerance``), so a
    /// retention of exactly 1 (the reference cycle) has a finite coordinate and a band of the noise's width at most.
    public static let fractionMargin = 1e-4

    /// The coordinate a capacity (mAh/g; a rate capability, a capacity after N cycles, an energy) is banded in: ln y.
    /// A capacity is positive and its uncertainty is ×/÷ where it is small (a cold or fast cell, whose capacity falls
    /// with the electrolyte's σ(T) and the electrode's diffusion time, both fitted in ln): the band made in y runs
    /// below 0 there (a cold cell's 0–61 mAh/g, a rate band of −1.6–156.9 mAh/g), the band made in ln y reaches
    /// towards 0 only as fast as the capacity itself. Where the band is narrow the two agree to first order.
    public static let capacity = BandCoordinate.logarithm

    /// u = f(y); NaN outside the coordinate's domain (ln of a non-positive value), so that the band counts the output
    /// as not reached.
    public func forward(_ y: Double) -> Double {
        switch self {
        case .identity: return y
        case .logarithm: return y > 0 ? log(y) : (y == 0 ? -.infinity : .nan)
        case .logOfComplement: return y < 1 ? log(1 - y) : .nan
        case .logit:
            guard !y.isNaN else { return .nan }
            let m = Self.fractionMargin
            let p = min(max(y, m), 1 - m)
            return log(p / (1 - p))
        }
    }

    /// y = f⁻¹(u). In the logit coordinate an infinite u (a censored end of a sampled band) stays infinite.
    public func inverse(_ u: Double) -> Double {
        switch self {
        case .identity: return u
        case .logarithm: return exp(u)
        case .logOfComplement: return 1 - exp(u)
        case .logit: return u.isFinite ? 1 / (1 + exp(-u)) : u
        }
    }

    /// The most capacity (mAh/g) a perturbed cell with `cathode` can deliver: the cathode's specific capacity in its
    /// voltage window, raised to the band's end of its specific-capacity key (`electrodes.<ID>.specific_capacity_mAh_g`)
    /// where that key is uncertain. A capacity band made in ln Q is capped there: ln Q is unbounded above, a capacity
    /// is not (a cold CPCSE | LFP cell's 23 mAh/g with a ×/÷ 26 band otherwise reaches 604 mAh/g).
    public static func capacityCeiling_mAh_g(_ cathode: Cathode, uncertainty u: ParameterUncertainty, level: Double) -> Double {
        let q = cathode.specificCapacity_C_kg / 3600
        guard let k = u.parameters.firstIndex(where: { $0.key == "electrodes.\(cathode.id).specific_capacity_mAh_g" }) else { return q }
        let h = BandEstimator.normalQuantile(0.5 + level / 2) * u.covariance[k][k].squareRoot()
        return u.parameters[k].transform == .log ? q * exp(h) : q + h
    }

    /// A capacity band with its upper end capped at `ceiling` (never below the value).
    public static func capped(_ b: PredictionBand, ceiling: Double) -> PredictionBand {
        var out = b
        out.high = min(b.high, max(ceiling, b.value))
        return out
    }

    /// A band made in this coordinate back in y, ends ordered (ln(1 − y) runs opposite to y), infinite ends kept.
    /// `value`: the prediction in y (a logit coordinate holds it only to ``fractionMargin``), kept inside the band.
    public func fromCoordinate(_ b: PredictionBand, value: Double? = nil) -> PredictionBand {
        guard self != .identity else { return b }
        var out = b
        out.value = value ?? inverse(b.value)
        let a = inverse(b.low), c = inverse(b.high)
        guard !a.isNaN, !c.isNaN else {
            out.low = a
            out.high = c
            return out
        }
        out.low = min(a, c)
        out.high = max(a, c)
        if out.value.isFinite {
            out.low = min(out.low, out.value)
            out.high = max(out.high, out.value)
        }
        return out
    }
}
