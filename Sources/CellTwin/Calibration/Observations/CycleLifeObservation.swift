import Foundation

/// Full-cell cycle life: standard CC–CV cycles at the row's C-rate until a short or 80 % retention (lifetime
/// simulator), at most 3× the measured life (a cell alive then reports that count, a lower bound); residual
/// ln(N_model/N)/ln 1.2, validated within 20 %.
public struct CycleLifeObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .cyclingLife }
    public var toleranceText: String { "20 % (log)" }
    public var usesLifetimeRuns: Bool { true }

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "cycling_life" else { return nil }
        guard o.row.unit == "cycles", o.value >= 2, o.row.cRate != nil else {
            return o.no("\(o.row.quantity) (\(o.row.unit)) is not a cycle count at a C-rate")
        }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        guard o.cathodeID != nil else { return o.no(ObservationRow.noCathode) }
        return o.point(kind, o.value, "cycles", o.temperature_C, by: self)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        let rate = p.row.cRate ?? 0.5
        guard let n = Int(checked: 3 * p.measured, rounding: .up, in: 1...Int(3 * InputLimit.cycles.range.upperBound)) else {
            throw InputError(file: p.row.file, line: p.row.line, key: "value",
                             message: "a cycle life of \(p.measured) lies outside 1…\(Int(InputLimit.cycles.range.upperBound)) cycles")
        }
        model.simulations += 1
        let r = try FitModel.lifetimeRun(try model.design(p, e), temperature_C: p.temperature_C ?? 25,
                                         chargeRate: FitModel.chargeRate(p, rate, e), dischargeRate: rate, cycles: n, threshold: 0.8,
                                         stepper: model.stepper)
        if let c = r.cyclesToThreshold[0.8] ?? nil { return Double(c) }
        return Double(r.cycles.last?.cycle ?? n)
    }

    public func residual(_ p: FitPoint, model: Double) -> Double { log(model / p.measured) / log(1.2) }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison { .relative(p, predicted, slack: 0.20) }

    public func cost(_ p: FitPoint) -> Double { 3 * p.measured }
}
