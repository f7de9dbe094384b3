import Foundation

/// Capacity retention at the row's cycle of a full-cell cycling test, from the shared lifetime run of its test
/// (``FitModel/sharedRetention(_:_:)``, retention against the largest discharge of the reference window,
/// ``RetentionReference``);
/// absolute residual (tol 0.03), validated within 3 points.
public struct RetentionObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .retention }
    public var toleranceText: String { "3 points" }
    public var usesLifetimeRuns: Bool { true }

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "cycling_retention" else { return nil }
        guard o.row.quantity == "retention", let c = o.row.cycle, c >= 2 else { return o.no("no cycle number") }
        guard o.row.cRate != nil else { return o.no("no C-rate") }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        guard o.cathodeID != nil else { return o.no(ObservationRow.noCathode) }
        return o.point(kind, o.value, "fraction", o.temperature_C, by: self)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        let (value, simulated) = try model.sharedRetention(p, e)
        model.simulations += simulated
        return value
    }

    public func residual(_ p: FitPoint, model: Double) -> Double { (model - p.measured) / 0.03 }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        let error = (predicted - p.measured) * 100
        return .sided(p, predicted, error: error, slack: 3, errorText: String(format: "%+.1f points", error), tolerance: "3 points")
    }

    public func cost(_ p: FitPoint) -> Double { Double(p.row.cycle ?? 2) }
}
