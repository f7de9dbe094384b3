import Foundation

/// Anodic stability window (V vs Li/Li⁺) through a simulated linear sweep voltammetry on a fresh Li | E | SS cell
/// with the electrolyte-oxidation law (``OxidationLaw``, DOMAIN B §5.6): the working electrode is swept from
/// ``startPotential_V`` at ``scanRate_V_s`` and the window is the potential where the oxidation current density
/// passes ``threshold_A_m2`` (10 µA cm⁻², the upper end of the usual 1–10 µA cm⁻² LSV convention; DOMAIN B §5.6,
/// and Xu, Chem. Rev. 104 (2004) 4303 on how windows are read from sweeps). Validated within ``tolerance_V``.
///
/// The sweep is solved exactly: with i_ox = a·eˣ/(1 + Q/q_p), x = (V₀ + νt − V_ox)/V_s and dQ/dt = i_ox,
/// Q + Q²/(2q_p) = S(x) = a·(V_s/ν)·(eˣ − e^x₀), so i_ox(x) = a·eˣ/√(1 + 2S/q_p) (a = i_th(T)), which rises
/// monotonically with x; the crossing is found by bisection in V.
public struct StabilityWindowObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .stabilityWindow }
    public var toleranceText: String { "0.2 V" }
    public var isSimulated: Bool { false }
    /// Current density that marks the onset, A m⁻² (10 µA cm⁻²).
    public static let threshold_A_m2 = 0.1
    /// Scan rate, V s⁻¹ [assumed: 1 mV s⁻¹, within the usual 0.1–1 mV s⁻¹ (DOMAIN B §5.6); the studies' rates are
    /// not in the seed set; at 0.1 mV s⁻¹ the passivating charge moves the onset by < 20 mV].
    public static let scanRate_V_s = 1e-3
    /// Start of the sweep, V vs Li/Li⁺ [assumed: the open circuit of a Li | E | SS cell, ≈ 3 V].
    public static let startPotential_V = 3.0
    /// Highest potential swept, V.
    public static let endPotential_V = 8.0
    /// Tolerance, V: the spread of windows read from one sweep between threshold conventions (a decade of current,
    /// 1–10 µA cm⁻², at 60–150 mV dec⁻¹) and scan rates.
    public static let tolerance_V = 0.2

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "stability_window" else { return nil }
        guard o.row.unit == "V", o.value > 0 else { return o.no("\(o.row.quantity) (\(o.row.unit)) is not a potential in V") }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        return o.point(kind, o.value, "V", o.temperature_C, by: self)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        let law = e.oxidation.resolved(at: Units.kelvin(celsius: p.temperature_C ?? 25), oxidationLimit_V: e.oxidationLimit_V,
                                       aging: e.aging, enabled: true)
        guard let v = Self.sweepOnset(law) else {
            throw InputError(file: p.row.file, line: p.row.line, key: "value",
                             message: String(format: "the twin's oxidation current stays below %g µA/cm² up to %g V (no oxidation law)",
                                             Self.threshold_A_m2 * 100, Self.endPotential_V))
        }
        return v
    }

    /// The potential (V) where a linear sweep from `start_V` at `scanRate_V_s` on a fresh electrode passes
    /// `threshold_A_m2`; nil when it does not below `end_V`.
    public static func sweepOnset(_ law: OxidationLaw.Resolved, threshold_A_m2: Double = threshold_A_m2,
                                  scanRate_V_s: Double = scanRate_V_s, start_V: Double = startPotential_V,
                                  end_V: Double = endPotential_V) -> Double? {
        let a = law.onsetCurrent_A_m2, vs = law.voltageScale_V
        guard a > 0, vs > 0, scanRate_V_s > 0 else { return nil }
        let x0 = (start_V - law.oxidationLimit_V) / vs
        func current(_ v: Double) -> Double {
            let x = (v - law.oxidationLimit_V) / vs
            let s = a * vs / scanRate_V_s * (exp(x) - exp(x0))
            return a * exp(x) / (1 + 2 * s * law.inversePassivationCharge).squareRoot()
        }
        guard current(end_V) >= threshold_A_m2 else { return nil }
        if current(start_V) >= threshold_A_m2 { return start_V }
        var lo = start_V, hi = end_V
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            if current(mid) >= threshold_A_m2 { hi = mid } else { lo = mid }
        }
        return 0.5 * (lo + hi)
    }

    public func residual(_ p: FitPoint, model: Double) -> Double { (model - p.measured) / Self.tolerance_V }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        let error = predicted - p.measured
        var c = ObservationComparison.sided(p, predicted, error: error, slack: Self.tolerance_V,
                                            errorText: String(format: "%+.2f V", error), tolerance: "0.2 V")
        c.note = String(format: "simulated LSV of Li|E|SS at %g mV/s, onset at %g µA/cm²", Self.scanRate_V_s * 1000, Self.threshold_A_m2 * 100)
        return c
    }
}
