import CGSL
import Foundation

/// The standard uncertainty of one measurement of a kind: how far a repeated measurement of the same cell design
/// (another coin cell, another membrane, another lab) scatters around the value a perfect model would give.
///
/// A leave-condition-out band predicts a *measurement*, so it is a predictive interval (DOMAIN B §9): the spread of
/// the twin's parameters (fit covariance and priors) plus this scatter, Var[y_meas] = g Σ gᵀ + σ_meas². The bands of
/// `life`, `simulate`, `sweep`, `compare` and `run` are of the twin's prediction and carry no measurement scatter.
public struct MeasurementScatter: Sendable, Equatable {
    /// The coordinate the scatter is Gaussian in.
    public enum Form: Sendable, Equatable {
        /// σ of ln y (a ×/÷ scatter, e^σ at one standard deviation).
        case logarithmic(Double)
        /// σ of y over |y| (a percentage of the value).
        case relative(Double)
        /// σ of y in the point's unit.
        case absolute(Double)
        /// σ of ln(1 − y) (a Coulombic efficiency, whose loss 1 − CE scatters ×/÷).
        case logOfComplement(Double)
    }

    public var form: Form
    public var source: String
    /// The coordinate the twin's prediction of the kind is banded in (``BandCoordinate``): the scatter's own, except
    /// for the fractions, a retention and a transference number, banded in logit y (so the parameters' band stays
    /// inside (0, 1)) whose measurement scatter is absolute: a measured retention may exceed 100 % and a measured t₊
    /// scatters in its own unit, so the predictive band adds the scatter in y.
    public var prediction: BandCoordinate

    public init(form: Form, source: String, prediction: BandCoordinate? = nil) {
        self.form = form
        self.source = source
        switch form {
        case .logarithmic: self.prediction = prediction ?? .logarithm
        case .logOfComplement: self.prediction = prediction ?? .logOfComplement
        case .relative, .absolute: self.prediction = prediction ?? .identity
        }
    }

    /// The scatter of each kind. Where no reproducibility study of the kind is cited, the value is the calibration's
    /// own standard uncertainty of a measurement of that kind (the residual scale of its ``Observation``, in which
    /// the fit covariance is expressed), so the parameter and measurement terms of the predictive variance share
    /// one error model.
    public static let table: [FitPointKind: MeasurementScatter] = [
        .conductivity: MeasurementScatter(form: .logarithmic(0.05), source: "the fit's standard uncertainty of a conductivity: 5 % in ln σ (ConductivityObservation)"),
        .activationEnergy: MeasurementScatter(form: .relative(0.10), source: "the fit's standard uncertainty of an apparent activation energy: 10 % (ActivationEnergyObservation)"),
        .transference: MeasurementScatter(form: .absolute(0.02), source: "Bruce–Vincent t₊ of PEO–LiCF₃SO₃ at 90 °C, 0.46 ± 0.02 (Evans, Vincent & Bruce, Polymer 28 (1987) 2324; DOMAIN B 2.5)",
                                           prediction: .logit),
        // Capacities are positive and banded in ln Q (``BandCoordinate/capacity``); a relative σ is the same σ in ln Q to
        // first order. The capacity tolerance (5 %) is a 95 % half-width, so σ = 5 %/1.96.
        .capacity: MeasurementScatter(form: .logarithmic(CapacityObservation.standardUncertainty),
                                      source: "the standard uncertainty of a coin-cell capacity: the 5 % tolerance read as a 95 % half-width, 5 %/1.96 = 2.55 % (as 0.0255 in ln Q; CapacityObservation, GUM §6 coverage factor)"),
        .cycledCapacity: MeasurementScatter(form: .logarithmic(CapacityObservation.standardUncertainty),
                                            source: "as an early-cycle capacity: 2.55 %, as 0.0255 in ln Q (CycledCapacityObservation)"),
        .retention: MeasurementScatter(form: .absolute(0.03), source: "the fit's standard uncertainty of a retention: 3 points (RetentionObservation)",
                                        prediction: .logit),
        .timeToShort: MeasurementScatter(form: .logarithmic(log(2)), source: "the fit's standard uncertainty of a time to short: a factor of 2 (TimeToShortObservation); shorts scatter between samples as a Weibull law (DOMAIN B 4.5)"),
        .censoredShort: MeasurementScatter(form: .logarithmic(log(2)), source: "as a time to short (CensoredShortObservation)"),
        .interfaceResistance: MeasurementScatter(form: .logarithmic(log(1.2)), source: "the fit's standard uncertainty of an interface resistance: ×/÷ 1.2 (InterfaceResistanceObservation)"),
        .symmetricPolarization: MeasurementScatter(form: .logarithmic(log(1.25)), source: "the fit's standard uncertainty of a Li|Li polarization: ×/÷ 1.25 (SymmetricPolarizationObservation)"),
        .cyclingLife: MeasurementScatter(form: .logarithmic(log(1.2)), source: "the fit's standard uncertainty of a cycle life: ×/÷ 1.2 (CycleLifeObservation)"),
        .coulombicEfficiency: MeasurementScatter(form: .logOfComplement(log(1.2)), source: "the fit's standard uncertainty of a Coulombic efficiency: 1 − CE ×/÷ 1.2 (CoulombicEfficiencyObservation)"),
        .criticalCurrent: MeasurementScatter(form: .absolute(FitModel.criticalCurrentStep_mA_cm2), source: "one current step of a CCD test (CriticalCurrentObservation)"),
        .voltageCurve: MeasurementScatter(form: .absolute(VoltageCurveObservation.tolerance_V), source: "the fit's standard uncertainty of a voltage-curve point: 20 mV (VoltageCurveObservation)"),
        .impedance: MeasurementScatter(form: .relative(ImpedanceObservation.tolerance), source: "the fit's standard uncertainty of an impedance point: 2 % of |Z| (ImpedanceObservation)"),
        .stabilityWindow: MeasurementScatter(form: .absolute(StabilityWindowObservation.tolerance_V), source: "the fit's standard uncertainty of a stability limit: 0.2 V (StabilityWindowObservation)"),
        .melting: MeasurementScatter(form: .absolute(MeltingObservation.tolerance_K), source: "the fit's standard uncertainty of a melting temperature: 3 K (MeltingObservation)"),
        .overpotentialScaling: MeasurementScatter(form: .absolute(1 - OverpotentialScalingObservation.minimumRSquared), source: "the residual scale of a linearity check: 0.02 in R² (OverpotentialScalingObservation); a shape read off a figure, with no repeated measurement to scatter"),
    ]

    /// A prediction in the coordinate the kind's prediction is banded in (``prediction``): ln y for a ×/÷ scatter,
    /// ln(1 − y) for a Coulombic efficiency, logit y for a retention or t₊, y otherwise. A linearised band is made in this
    /// coordinate (the delta method in ln σ keeps a conductivity band positive and ×/÷, where one in σ itself runs
    /// below zero; in logit y a retention band stays inside (0, 1)). Outside the coordinate's domain: NaN (the band
    /// counts it as not reached).
    public func coordinate(_ y: Double) -> Double { prediction.forward(y) }

    /// A band made in ``coordinate(_:)`` back in the kind's own unit (ends swapped where the coordinate runs
    /// opposite to y).
    public func fromCoordinate(_ b: PredictionBand) -> PredictionBand { prediction.fromCoordinate(b) }

    /// The band of a measurement: each side of the parameter band `b` (as predicted, in the scatter's coordinate)
    /// combined in quadrature with z·σ_meas, z the normal quantile of `level`. Infinite ends stay infinite; a value
    /// outside the coordinate's domain (ln of a non-positive value) keeps the parameter band; a fraction's band
    /// (retention, t₊) ends at 0 below.
    public func widening(_ b: PredictionBand, level: Double = 0.95) -> PredictionBand {
        let z = gsl_cdf_ugaussian_Pinv(0.5 + level / 2)
        let v = b.value
        guard v.isFinite else { return b }
        let forward: (Double) -> Double, inverse: (Double) -> Double, sigma: Double
        switch form {
        case .logarithmic(let s):
            guard v > 0 else { return b }
            forward = { $0 > 0 ? log($0) : -.infinity }
            inverse = { exp($0) }
            sigma = s
        case .relative(let r):
            forward = { $0 }
            inverse = { $0 }
            sigma = r * abs(v)
        case .absolute(let s):
            forward = { $0 }
            inverse = { $0 }
            sigma = s
        case .logOfComplement(let s):
            guard v < 1 else { return b }
            forward = { $0 < 1 ? log(1 - $0) : -.infinity }
            inverse = { 1 - exp($0) }
            sigma = s
        }
        guard sigma > 0 else { return b }
        let t = forward(v), e = z * sigma
        // Sides in the coordinate (its ends in either order: ln(1 − y) runs opposite to y).
        let a = forward(b.low), c = forward(b.high)
        let below = t - min(a, c), above = max(a, c) - t
        let lo = t - (max(below, 0) * max(below, 0) + e * e).squareRoot()
        let hi = t + (max(above, 0) * max(above, 0) + e * e).squareRoot()
        var out = b
        let y1 = lo.isFinite ? inverse(lo) : (a < c ? b.low : b.high)
        let y2 = hi.isFinite ? inverse(hi) : (a < c ? b.high : b.low)
        out.low = min(y1, y2)
        out.high = max(y1, y2)
        // A fraction's measurement scatters in y about the prediction (a measured retention may pass 100 %), but no
        // measured retention or t₊ is below 0.
        if prediction == .logit { out.low = max(out.low, 0) }
        return out
    }
}
