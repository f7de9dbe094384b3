import Foundation

/// Li|Li time to short (h) of a galvanostatic test (±J, areal capacity per half-cycle); residual ln(t_model/t)/ln 2,
/// validated within a factor of 2.
public struct TimeToShortObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .timeToShort }
    public var toleranceText: String { "factor 2 (log)" }

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "symmetric_short" else { return nil }
        return Self.classify(o, kind: kind, by: self)
    }

    /// The checks a Li|Li short row (time to short, or a censored test) passes.
    static func classify(_ o: ObservationRow, kind: FitPointKind, by observation: any Observation) -> ObservationClassification {
        guard o.row.unit == "h" else { return o.no("\(o.row.quantity) (\(o.row.unit)) is not a time in h (step tests are not fitted)") }
        guard let j = o.row.current_mA_cm2, j > 0, let q = o.row.arealCapacity_mAh_cm2, q > 0 else {
            return o.no("no current or areal capacity")
        }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        return o.point(kind, o.value, "h", o.temperature_C, by: observation)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double { try Self.timeToShort(p, e, model: model) }

    public func residual(_ p: FitPoint, model: Double) -> Double { log(model / p.measured) / log(2) }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        let ratio = predicted / p.measured
        let within: Bool
        switch p.oneSided {
        case nil: within = abs(log(ratio)) <= log(2) + 1e-12
        case .atLeast?: within = ratio >= 1 / 2
        case .atMost?: within = ratio <= 2
        }
        let tolerance = p.oneSided.map { ($0 == .atLeast ? "≥ measured − " : "≤ measured + ") + "factor 2" } ?? "factor 2"
        return ObservationComparison(measured: p.measured, predicted: predicted, unit: p.unit, error: ratio,
                                     errorText: Self.ratioText(predicted, ratio), tolerance: tolerance, within: within)
    }

    static func ratioText(_ predicted: Double, _ ratio: Double) -> String {
        predicted >= FitModel.maximumTimeToShort_h ? "no short" : String(format: "×%.2f", ratio)
    }

    public func cost(_ p: FitPoint) -> Double { 10 }

    /// Li|Li time to short, h: the earlier of (a) the short damage law, which is evaluated in closed form so the
    /// fit sees a smooth function of its parameters — Φ of the electrode plated first grows at rate r(J, T) (at the
    /// current focused by the voids that cycling at J settles at) while it plates, every other half-cycle h, so Φ = 1 at t = 2/r − h (exact when 1/r is a whole number of
    /// half-cycles, a lower bound otherwise) — and (b) a Sand onset or voltage limit in a simulated horizon of
    /// the same test with the damage law switched off.
    static func timeToShort(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        guard let j = p.row.current_mA_cm2, let q = p.row.arealCapacity_mAh_cm2 else { return FitModel.maximumTimeToShort_h }
        let T = p.temperature_C ?? 25
        let halfCycle_h = q / j
        let jSI = Units.A_m2(mA_cm2: j), T_K = Units.kelvin(celsius: T)
        let rate = e.cycledDamagePerCharge(current_A_m2: jSI, temperature_K: T_K, law: e.resolvedShortLaw(at: T_K)) * jSI * 3600
        var tLaw = FitModel.maximumTimeToShort_h
        if rate > 0 { tLaw = min(max(2 / rate - halfCycle_h, 1 / rate), FitModel.maximumTimeToShort_h) }
        let noShort = e.withoutShortDamage
        let horizon_h = min(p.measured * 2, FitModel.shortHorizonHalfCycles * halfCycle_h)
        var o = SymmetricOptions()
        o.traceSamples = 10
        o.budget = FitModel.simulationBudget()
        model.simulations += 1
        let sym = try SymmetricSimulator(electrolyte: noShort, temperature_C: T, options: o)
        let r = try sym.platingStripping(PlatingStripping(current_mA_cm2: j, capacity_mAh_cm2: q, duration_h: horizon_h))
        if r.event != nil { return min(tLaw, r.end_s / 3600) }
        return tLaw
    }
}
