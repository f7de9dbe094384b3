import Foundation

/// Full-cell coulombic efficiency, the mean of cycles 2…N of the shared lifetime run of the row's test (N its cycle,
/// else ``FitModel/coulombicEfficiencyCycles``); what a CE measures is the charge lost per cycle, so the residual
/// is ln((1 − CE_model)/(1 − CE))/ln 1.2 and validation takes 1 − CE within 20 %.
public struct CoulombicEfficiencyObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .coulombicEfficiency }
    public var toleranceText: String { "20 % of 1 − CE (log)" }
    public var usesLifetimeRuns: Bool { true }

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "coulombic_efficiency" else { return nil }
        guard o.row.unit == "fraction", o.value > 0, o.value < 1 else {
            return o.no("\(o.row.quantity) (\(o.row.unit)) is not a fraction below 1")
        }
        guard o.row.cRate != nil else { return o.no("no C-rate") }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        guard o.cathodeID != nil else { return o.no(ObservationRow.noCathode) }
        return o.point(kind, o.value, "fraction", o.temperature_C, by: self)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        let (value, simulated) = try model.sharedCoulombicEfficiency(p, e)
        model.simulations += simulated
        return value
    }

    public func residual(_ p: FitPoint, model: Double) -> Double { log(max(1 - model, 1e-9) / (1 - p.measured)) / log(1.2) }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        let error = (1 - predicted) / (1 - p.measured) - 1
        return .sided(p, predicted, error: error, slack: 0.20, errorText: String(format: "%+.0f %% of 1 − CE", error * 100),
                      tolerance: "20 % of 1 − CE")
    }

    public func cost(_ p: FitPoint) -> Double { Double(p.row.cycle ?? 2) }
}
