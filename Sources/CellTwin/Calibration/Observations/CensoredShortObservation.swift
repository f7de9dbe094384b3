import Foundation

/// A Li|Li test that ended without a short (`symmetric_stable` in h, qualifier `>=`): the model's time to short
/// (``TimeToShortObservation``) must not come before it; residual max(0, ln(t_censor/t_model))/ln 2.
public struct CensoredShortObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .censoredShort }
    public var toleranceText: String { "factor 2 (log)" }

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        // A step test in mA/cm2 is run by `celltwin validate` (``Validation``), not fitted.
        guard o.row.kind == "symmetric_stable" else { return nil }
        let result = TimeToShortObservation.classify(o, kind: kind, by: self)
        if case .success = result, o.side != .atLeast { return o.no("a symmetric_stable row must be censored (qualifier >=)") }
        return result
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        try TimeToShortObservation.timeToShort(p, e, model: model)
    }

    /// One-sided by construction (a longer model life is no misfit).
    public func residual(_ p: FitPoint, model: Double) -> Double { max(0, log(p.measured / model)) / log(2) }
    public var residualIsOneSided: Bool { true }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        let ratio = predicted / p.measured
        return ObservationComparison(measured: p.measured, predicted: predicted, unit: p.unit, error: ratio,
                                     errorText: TimeToShortObservation.ratioText(predicted, ratio),
                                     tolerance: "no short before \(Validation.g(p.measured)) h", within: predicted >= p.measured)
    }

    public func cost(_ p: FitPoint) -> Double { 10 }
}
