import Foundation

/// Full-cell capacity (mAh/g) in a cycle of a cycling test that the early-cycle ``CapacityObservation`` does not
/// take: the discharge capacity after more than ``CapacityObservation/earlyCycles`` cycles, or the charge capacity of
/// any cycle (`charge_capacity`), read from the shared lifetime run of the row's test (standard CC–CV cycles with
/// aging, ``FitModel/sharedCycle(_:_:)``); relative residual with the standard uncertainty of an early-cycle capacity
/// (``CapacityObservation/standardUncertainty``, 2.55 %), validated within 5 %.
public struct CycledCapacityObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .cycledCapacity }
    public var toleranceText: String { "5 %" }
    public var usesLifetimeRuns: Bool { true }

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard ["rate_capability", "cycling_capacity"].contains(o.row.kind) else { return nil }
        guard ["discharge_capacity", "charge_capacity"].contains(o.row.quantity), o.row.unit == "mAh/g" else {
            return o.no("\(o.row.quantity) (\(o.row.unit)) is not a discharge or charge capacity in mAh/g")
        }
        guard o.row.cRate != nil else { return o.no("no C-rate") }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        guard o.cathodeID != nil else { return o.no(ObservationRow.noCathode) }
        return o.point(kind, o.value, "mAh/g", o.temperature_C, by: self)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        let (cycle, simulated) = try model.sharedCycle(p, e)
        model.simulations += simulated
        guard let cycle else { return 0 }
        let d = try model.design(p, e)
        return d.mAh_g(p.row.quantity == "charge_capacity" ? cycle.chargeCapacity_C_m2 : cycle.dischargeCapacity_C_m2)
    }

    public func residual(_ p: FitPoint, model: Double) -> Double {
        (model - p.measured) / (CapacityObservation.standardUncertainty * p.measured)
    }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison { .relative(p, predicted, slack: CapacityObservation.tolerance) }

    public func cost(_ p: FitPoint) -> Double { Double(p.row.cycle ?? 2) }
}
