import Foundation

/// Li|Li polarization: |V| at the end of the last half-cycle of the row's galvanostatic test (±J, areal capacity per
/// half-cycle) after `time_h` (``FitModel/shortHorizonHalfCycles`` half-cycles when not given), short damage off;
/// residual ln(V_model/V)/ln 1.25, validated within 25 %.
public struct SymmetricPolarizationObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .symmetricPolarization }
    public var toleranceText: String { "25 % (log)" }

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "symmetric_polarization" else { return nil }
        guard o.row.unit == "V", o.value > 0 else { return o.no("\(o.row.quantity) (\(o.row.unit)) is not a voltage in V") }
        guard let j = o.row.current_mA_cm2, j > 0, let q = o.row.arealCapacity_mAh_cm2, q > 0 else {
            return o.no("no current or areal capacity")
        }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        return o.point(kind, o.value, "V", o.temperature_C, by: self)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        guard let j = p.row.current_mA_cm2, let q = p.row.arealCapacity_mAh_cm2 else { return .nan }
        let noShort = e.withoutShortDamage
        var o = SymmetricOptions()
        o.traceSamples = 10
        o.budget = FitModel.simulationBudget()
        model.simulations += 1
        let sym = try SymmetricSimulator(electrolyte: noShort, temperature_C: p.temperature_C ?? 25, options: o)
        let duration_h = p.row.time_h ?? FitModel.shortHorizonHalfCycles * q / j
        let r = try sym.platingStripping(PlatingStripping(current_mA_cm2: j, capacity_mAh_cm2: q, duration_h: duration_h))
        return r.halfCycles.last?.overpotential_V ?? .nan
    }

    public func residual(_ p: FitPoint, model: Double) -> Double { log(model / p.measured) / log(1.25) }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison { .relative(p, predicted, slack: 0.25) }

    public func cost(_ p: FitPoint) -> Double { 40 }
}
