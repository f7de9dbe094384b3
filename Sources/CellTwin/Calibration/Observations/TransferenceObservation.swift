import Foundation

/// Li⁺ transference number as the Bruce–Vincent analysis reports it: the twin's own simulated experiment
/// (``SymmetricSimulator/bruceVincent(_:)``: a fresh Li | E | Li cell held at ΔV until the salt profile is steady,
/// then t₊ = I_ss(ΔV − I₀R₀)/(I₀(ΔV − I_ss R_ss)), Evans, Vincent & Bruce, Polymer 28 (1987) 2324; DOMAIN B §2.5)
/// at the row's temperature and polarization step, so that a fit sets the t₊ parameter to what the measurement
/// would return, not to the published number itself (nonlinear kinetics, a finite step and interphase growth make
/// the two differ). The step is the row's note's "dV = … mV", else 10 mV (Evans et al.). Absolute residual
/// (tol 0.02), validated within 0.02.
public struct TransferenceObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .transference }
    public var toleranceText: String { "0.02" }
    /// ΔV when the row states none, V (Evans, Vincent & Bruce 1987: 10 mV).
    public static let defaultStep_V = 0.010

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "transference" else { return nil }
        guard o.value > 0, o.value <= 1 else { return o.no("t+ \(o.value) outside (0, 1]") }
        guard o.row.temperature_C != nil else { return o.no("no temperature (the Bruce–Vincent run needs the row's)") }
        guard Self.step_V(o.row) != nil else { return o.no("the note's Bruce–Vincent step 'dV = … mV' is not a voltage in (0, 1000] mV") }
        return o.point(kind, o.value, "", o.row.temperature_C, by: self)
    }

    /// ΔV of the row's Bruce–Vincent run, V: "dV = 100 mV" in the note, else ``defaultStep_V``; nil for a stated step
    /// outside (0, ``BruceVincentTest/maximumStepVoltage_V``].
    static func step_V(_ row: MeasurementRow) -> Double? {
        guard let r = row.note.range(of: #"dV\s*=\s*[0-9.]+\s*mV"#, options: .regularExpression) else { return defaultStep_V }
        let text = row.note[r].drop { !$0.isNumber }.prefix { $0.isNumber || $0 == "." }
        guard let mV = Double(text), mV > 0, mV / 1000 <= BruceVincentTest.maximumStepVoltage_V else { return nil }
        return mV / 1000
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        model.simulations += 1
        return try Self.simulated(e, temperature_C: p.temperature_C ?? 25, step_V: Self.step_V(p.row) ?? Self.defaultStep_V)
    }

    /// t₊ of the simulated Bruce–Vincent experiment on a fresh cell of `e` (short damage off: the run is minutes to
    /// hours at a few µA cm⁻²).
    public static func simulated(_ e: Electrolyte, temperature_C: Double, step_V: Double = defaultStep_V) throws -> Double {
        let noShort = e.withoutShortDamage
        var o = SymmetricOptions()
        o.traceSamples = 10
        o.budget = FitModel.simulationBudget()
        let sim = try SymmetricSimulator(electrolyte: noShort, temperature_C: temperature_C, options: o)
        return try sim.bruceVincent(BruceVincentTest(stepVoltage_V: step_V)).transferenceNumber
    }

    public func residual(_ p: FitPoint, model: Double) -> Double { (model - p.measured) / 0.02 }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        let error = predicted - p.measured
        var c = ObservationComparison.sided(p, predicted, error: error, slack: 0.02, errorText: String(format: "%+.3f", error), tolerance: "0.02")
        c.note = String(format: "simulated Bruce–Vincent, ΔV = %g mV", 1000 * (Self.step_V(p.row) ?? Self.defaultStep_V))
        return c
    }

    public func cost(_ p: FitPoint) -> Double { 5 }
}
