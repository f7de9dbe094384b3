import Foundation

/// Melting temperature of the electrolyte's crystalline phase (°C, a DSC peak or a stated crystalline → amorphous
/// crossover in σ(T)): T_m of a `two-regime` or `two-regime-vft` conductivity law (``ConductivityLaw``). Absolute
/// residual (tol 3 K); a law without a crystalline phase predicts nothing (NaN).
public struct MeltingObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .melting }
    public var toleranceText: String { "3 K" }
    /// Tolerance of melting rows, K.
    public static let tolerance_K = 3.0

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "melting" else { return nil }
        guard o.row.unit == "C", o.value.isFinite else { return o.no("\(o.row.quantity) (\(o.row.unit)) is not a temperature in C") }
        return o.point(kind, o.value, "°C", nil, by: self)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        Self.meltingTemperature_C(e.conductivity) ?? .nan
    }

    /// T_m (°C) of a law with a crystalline phase, nil otherwise.
    public static func meltingTemperature_C(_ law: ConductivityLaw) -> Double? {
        switch law {
        case .twoRegime(_, let tm, _, _, _): return Units.celsius(kelvin: tm)
        case .twoRegimeVFT(_, _, _, _, let phase): return Units.celsius(kelvin: phase.melting_K)
        default: return nil
        }
    }

    public func residual(_ p: FitPoint, model: Double) -> Double { (model - p.measured) / Self.tolerance_K }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        let error = predicted - p.measured
        return ObservationComparison.sided(p, predicted, error: error, slack: Self.tolerance_K,
                                           errorText: String(format: "%+.1f K", error), tolerance: "3 K")
    }

    public func cost(_ p: FitPoint) -> Double { 0 }
}
