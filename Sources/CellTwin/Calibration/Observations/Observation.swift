import Foundation

/// One measurement kind, in one file: which table rows it takes, what the twin predicts for such a row, how a
/// misfit is scaled in a fit and how `celltwin validate` compares the prediction with the published value.
///
/// A new data type is one new type conforming to `Observation`, added to ``Observations/standard`` (or to the list
/// a caller passes to ``FitPointBuilder/build(rows:setup:observations:)``): the fit, the evaluation behind
/// `celltwin validate` and the calibration report then use it with no other change, because every ``FitPoint``
/// carries the observation that made it.
public protocol Observation: Sendable {
    /// The kind of the points it makes (its name in reports and in the fit's tolerance column).
    var kind: FitPointKind { get }
    /// Tolerance of one residual unit, as text ("5 % (log)").
    var toleranceText: String { get }
    /// Whether its prediction runs a lifetime simulation (the fit's Jacobian then takes larger, parallel steps).
    var usesLifetimeRuns: Bool { get }
    /// Whether its prediction comes from a simulation (numerical noise ~1e-5: the fit's finite-difference step
    /// stays above it) rather than a closed form.
    var isSimulated: Bool { get }
    /// The point for a row it takes, or why it cannot use it; nil for a row that is not its kind.
    func classify(_ row: ObservationRow) -> ObservationClassification?
    /// The model value of the point (in the point's unit) with electrolyte `e`; `model` holds the set-up,
    /// cathodes, anode and the runs shared between points.
    func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double
    /// Residual in units of the kind's standard uncertainty (its tolerance; a capacity's tolerance over 1.96,
    /// ``CapacityObservation/standardUncertainty``), before the weight and one-sidedness.
    func residual(_ p: FitPoint, model: Double) -> Double
    /// Whether ``residual(_:model:)`` is one-sided by construction (the row's qualifier is then not applied again).
    var residualIsOneSided: Bool { get }
    /// The validation comparison of a prediction with the point's measured value.
    func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison
    /// Rough cost of one prediction (to start the long ones first when validating in parallel).
    func cost(_ p: FitPoint) -> Double
    /// Whether it reads `row` although its value is not a number (a shape such as "linear"); its point's measured
    /// value is then NaN.
    func acceptsQualitativeValue(_ row: MeasurementRow) -> Bool
}

extension Observation {
    public var usesLifetimeRuns: Bool { false }
    public var isSimulated: Bool { true }
    public var residualIsOneSided: Bool { false }
    public func cost(_ p: FitPoint) -> Double { 0 }
    public func acceptsQualitativeValue(_ row: MeasurementRow) -> Bool { false }
}

/// A classification: a point, or the reason the row cannot be used.
public typealias ObservationClassification = Result<FitPoint, FitPointBuilder.Reason>

/// A row offered to the observations, with what every kind shares: its value, one-sidedness, weight and
/// temperature (the row's, else the set-up's).
public struct ObservationRow: Sendable {
    public var row: MeasurementRow
    public var value: Double
    public var side: FitPoint.OneSided?
    public var weight: Double
    /// °C: the row's, else the set-up's assumed temperature.
    public var temperature_C: Double?
    /// Every row of the table (another row of the same study may state a protocol this one leaves out).
    public var table: [MeasurementRow]
    let setup: FitSetup
    let moduli: [FitPointBuilder.ImpedancePoint: Double]

    public static let noTemperature = "no temperature (add temperature_C to [assumptions])"
    public static let noCathode = "no cathode (add cathode to [assumptions])"

    /// The row's cathode, else the set-up's.
    public var cathodeID: String? { row.cathode ?? setup.cathodeID }

    public func point(_ kind: FitPointKind, _ measured: Double, _ unit: String, _ temperature: Double?,
                      by observation: any Observation, modulus: Double? = nil) -> ObservationClassification {
        .success(FitPoint(row: row, kind: kind, measured: measured, unit: unit, temperature_C: temperature,
                          oneSided: side, weight: weight, modulus_ohm: modulus, observation: observation))
    }

    public func no(_ reason: String) -> ObservationClassification { .failure(FitPointBuilder.Reason(text: reason)) }
}

/// How a prediction compares with the measured value: the error in the unit of the tolerance and whether it is
/// within, with both as text for the report.
public struct ObservationComparison: Sendable {
    /// Measured and predicted values in the unit reported (the row's own where it differs from the point's).
    public var measured: Double
    public var predicted: Double
    public var unit: String
    public var error: Double
    public var errorText: String
    public var tolerance: String
    public var within: Bool
    /// A note for the report (a data conflict, the protocol assumed).
    public var note: String? = nil
    /// Conditions text that replaces the row's ("apparent E_a at 42.5 °C").
    public var conditions: String? = nil

    /// A relative error (predicted/measured − 1) within `slack`, printed in %; one-sided rows compare one way.
    public static func relative(_ p: FitPoint, _ predicted: Double, slack: Double) -> ObservationComparison {
        let error = predicted / p.measured - 1
        return sided(p, predicted, error: error, slack: slack, errorText: String(format: "%+.1f %%", error * 100),
                     tolerance: String(format: "%g %%", slack * 100))
    }

    /// An absolute error within `slack`; one-sided rows compare one way and say so in the tolerance text.
    public static func sided(_ p: FitPoint, _ predicted: Double, error: Double, slack: Double, errorText: String,
                             tolerance: String, measured: Double? = nil, unit: String? = nil) -> ObservationComparison {
        let within: Bool
        switch p.oneSided {
        case nil: within = abs(error) <= slack + 1e-12
        case .atLeast?: within = error >= -slack - 1e-12
        case .atMost?: within = error <= slack + 1e-12
        }
        let text = p.oneSided.map { ($0 == .atLeast ? "≥ measured − " : "≤ measured + ") + tolerance } ?? tolerance
        return ObservationComparison(measured: measured ?? p.measured, predicted: predicted, unit: unit ?? p.unit, error: error,
                                     errorText: errorText, tolerance: text, within: within)
    }

    /// Applies one-sidedness to a residual `r` (a `<` row may lie below, a `>=` row above).
    public static func sidedResidual(_ p: FitPoint, _ r: Double) -> Double {
        switch p.oneSided {
        case .atMost?: return max(0, r)
        case .atLeast?: return min(0, r)
        case nil: return r
        }
    }
}

/// The measurement kinds CellTwin predicts, in the order rows are offered to them (the first that takes a row
/// makes its point).
public enum Observations {
    public static let standard: [any Observation] = [
        ConductivityObservation(), ActivationEnergyObservation(), TransferenceObservation(), CapacityObservation(),
        CycledCapacityObservation(), RetentionObservation(), TimeToShortObservation(), CensoredShortObservation(),
        InterfaceResistanceObservation(), CycleLifeObservation(), VoltageCurveObservation(), CriticalCurrentObservation(),
        CoulombicEfficiencyObservation(), SymmetricPolarizationObservation(), ImpedanceObservation(),
        StabilityWindowObservation(), MeltingObservation(), OverpotentialScalingObservation(),
    ]

    /// The standard observation of `kind` (nil: a kind only a caller's own list knows).
    public static func standard(_ kind: FitPointKind) -> (any Observation)? { standard.first { $0.kind == kind } }
}
