import Foundation

/// Full-cell discharge capacity (mAh/g) at the row's C-rate in a rate test or an early cycle (≤ 10) of a cycling
/// test: one CC charge and CC discharge without aging (``FitModel/ccCycle``); relative residual, validated within
/// ``tolerance`` (5 %), fitted with the standard uncertainty ``standardUncertainty`` (that tolerance as a 95 % half-width).
public struct CapacityObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .capacity }
    public var toleranceText: String { "5 %" }
    /// Relative validation tolerance of a coin-cell capacity.
    public static let tolerance = 0.05
    /// Coverage factor of the tolerance: the tolerance is read as the half-width of a 95 % interval of a repeated
    /// measurement (the normal quantile 1.96; an expanded uncertainty U = k·u, JCGM 100:2008 (GUM) §6).
    public static let toleranceCoverageFactor = 1.959964
    /// The standard uncertainty of one measured coin-cell capacity, relative: ``tolerance`` / 1.96 = 2.55 %, the scale
    /// of a capacity residual and of its measurement scatter (``MeasurementScatter``). The seed studies report one
    /// cell per condition; studies of lab-cell reproducibility state it as the coefficient of variation of the
    /// discharge capacity between cells built alike (Luc, Bauer & Kowal, Energies 15 (2022) 7333 and 7949; their
    /// figures are not restated here, not checked), so the tolerance is read as a stated coverage, not as one s.d.
    public static let standardUncertainty = tolerance / toleranceCoverageFactor
    /// Last cycle of a test that counts as early (no aging simulated).
    public static let earlyCycles = 10

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard ["rate_capability", "cycling_capacity"].contains(o.row.kind), o.row.quantity == "discharge_capacity",
              (o.row.cycle ?? 1) <= Self.earlyCycles else { return nil }
        guard o.row.unit == "mAh/g" else { return o.no("\(o.row.quantity) is not a discharge capacity in mAh/g") }
        guard o.row.cRate != nil else { return o.no("no C-rate") }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        guard o.cathodeID != nil else { return o.no(ObservationRow.noCathode) }
        return o.point(kind, o.value, "mAh/g", o.temperature_C, by: self)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        let d = try model.design(p, e)
        let rate = p.row.cRate ?? 0.1
        let s = try model.ccCycle(d, temperature_C: p.temperature_C ?? 25, chargeRate: FitModel.chargeRate(p, rate, e),
                                  dischargeRate: rate)
        guard let c = s.cycles.last else { return 0 }
        return d.mAh_g(c.dischargeCapacity_C_m2)
    }

    public func residual(_ p: FitPoint, model: Double) -> Double { (model - p.measured) / (Self.standardUncertainty * p.measured) }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison { .relative(p, predicted, slack: Self.tolerance) }

    public func cost(_ p: FitPoint) -> Double { 10 }
}
