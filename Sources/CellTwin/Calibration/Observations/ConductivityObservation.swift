import Foundation

/// Ionic conductivity σ (S/cm) at the row's temperature, from the electrolyte's σ(T) law (DOMAIN A5, B §2.1);
/// residual ln(σ_model/σ)/0.05, validated within 10 %.
///
/// Validation compares the twin's simulated measurement instead (``simulatedMeasurement(_:temperature_C:)``): the
/// blocking-cell impedance the studies measure σ by, R_b read off its spectrum. The fit keeps the law: the extraction
/// returns the law's σ within 0.005 % for every shipped twin at its rows' temperatures (``BlockingCellConductivity``;
/// 10⁻¹⁰ where the bulk arc's tail is in the sweep, 3–5·10⁻⁵ where R_b is the spike's intercept), a thousand times
/// inside the fit's 5 % residual scale, so the optimum is the same, while a circuit fit (about 9 ms in a debug build)
/// would be added to each of the fit's many evaluations.
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

    /// σ (S/cm) of the twin's simulated SS | E | SS impedance measurement at the row's temperature
    /// (``BlockingCellConductivity/measure(_:temperature_K:assumptions:)``), with the note `validate` prints.
    /// The seed rows do not name their method; blocking-electrode impedance is how every study in the seed set (and
    /// polymer-electrolyte work generally) reports σ [assumed where a row does not say].
    public static func simulatedMeasurement(_ e: Electrolyte, temperature_C: Double) throws -> (sigma_S_cm: Double, note: String) {
        let a = BlockingCellAssumptions()
        let m = try BlockingCellConductivity.measure(e, temperature_K: Units.kelvin(celsius: temperature_C), assumptions: a)
        let note = String(format: "simulated SS|E|SS impedance (%@ to %@), R_b from a %@; σ = L/(R_b·A) is %+.2g %% from the model's σ(T)",
                          hertz(a.maximumFrequency_Hz), hertz(a.minimumFrequency_Hz), m.method.rawValue, 100 * m.relativeDifference)
        return (m.conductivity_S_m / 100, note)
    }

    /// "1 MHz", "20 kHz", "0.1 Hz".
    static func hertz(_ f: Double) -> String {
        f >= 1e6 ? String(format: "%g MHz", f / 1e6) : f >= 1e3 ? String(format: "%g kHz", f / 1e3) : String(format: "%g Hz", f)
    }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        .relative(p, predicted, slack: 0.10)
    }
}
