import Foundation

/// Ionic conductivity σ (S/cm) at the row's temperature, from the electrolyte's σ(T) law (DOMAIN A5, B §2.1);
/// residual ln(σ_model/σ)/0.05, validated within 10 %.
public struct ConductivityObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .conductivity }
    public var toleranceText: String { "5 % (log)" }
    public var isSimulated: Bool { false }

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "conductivity" else { return nil }
        guard o.row.quantity == "sigma", o.row.unit == "S/cm", o.value > 0 else {
            return o.no("quantity \(o.row.quantity) (\(o.row.unit)) is not a conductivity in S/cm")
        }
        guard let T = o.row.temperature_C else { return o.no("no temperature") }
        return o.point(kind, o.value, "S/cm", T, by: self)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        e.conductivity.sigma_S_m(at: Units.kelvin(celsius: p.temperature_C ?? 25)) / 100
    }

    public func residual(_ p: FitPoint, model: Double) -> Double { log(model / p.measured) / 0.05 }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        .relative(p, predicted, slack: 0.10)
    }
}
