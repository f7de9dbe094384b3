import Foundation

/// Bruce–Vincent polarization (DOMAIN A3, B §2.5): a fresh Li | E | Li cell held at ΔV from t = 0
/// until the salt profile is steady; I₀ is the current at t = 0⁺, I_ss the current at the end.
public struct BruceVincentTest: Sendable, Equatable {
    /// ΔV, V (> 0: J > 0 plates electrode 2). Evans et al. used 10 mV; the formula assumes ΔV ≪ RT/F.
    public var stepVoltage_V: Double
    /// Fixed run length, s; nil runs until Δc is within `steadyTolerance` of its steady value
    /// (at least 3τ, at most `maximumDiffusionTimes`·τ).
    public var duration_s: Double?
    /// Relative distance |Δc − Δc_ss(J)|/Δc_ss(J) that counts as steady.
    public var steadyTolerance = 1e-4
    public static let maximumDiffusionTimes = 60.0
    /// Largest ΔV accepted, V.
    public static let maximumStepVoltage_V = 1.0

    public init(stepVoltage_V: Double, duration_s: Double? = nil) {
        self.stepVoltage_V = stepVoltage_V
        self.duration_s = duration_s
    }

    public func validate() throws {
        guard stepVoltage_V.isFinite, stepVoltage_V > 0, stepVoltage_V <= Self.maximumStepVoltage_V else {
            throw SimulationError.invalidOption(String(format: "step voltage must lie in (0, %g V], got %g V",
                                                       Self.maximumStepVoltage_V, stepVoltage_V))
        }
        if let d = duration_s { try SymmetricInput.positive(d, "duration") }
    }
}

/// Result of `SymmetricSimulator.bruceVincent`. Areal quantities (A m⁻², Ω m²) inside; the
/// `…_A` / `…_ohm` accessors give them for the electrolyte's reference-cell electrode area.
public struct BruceVincentResult: Sendable {
    public var electrolyteID: String
    public var temperature_C: Double
    public var stepVoltage_V: Double
    /// Electrode area the cell values refer to, m².
    public var electrodeArea_m2: Double
    /// I₀ at t = 0⁺ and I_ss at the end, A m⁻².
    public var initialCurrent_A_m2: Double
    public var steadyCurrent_A_m2: Double
    /// R₀, R_ss: interfacial ASR (linearised charge transfer + interphase, both electrodes) at the start
    /// and at the end, Ω m², as EIS before and after the polarization would give it.
    public var initialInterfacialASR_ohm_m2: Double
    public var steadyInterfacialASR_ohm_m2: Double
    /// L/σ, Ω m².
    public var bulkASR_ohm_m2: Double
    /// t₊ the model was given.
    public var modelTransferenceNumber: Double
    /// τ = L²/(π²D), s (infinite for a single-ion electrolyte).
    public var diffusionTime_s: Double
    public var duration_s: Double
    /// |Δc − Δc_ss(J)|/Δc_ss(J) at the end (0 for a single-ion electrolyte).
    public var steadyResidual: Double
    public var trace: SymmetricTrace

    /// t₊ = I_ss(ΔV − I₀R₀) / (I₀(ΔV − I_ss R_ss)) (Evans, Vincent & Bruce 1987; DOMAIN B §2.5).
    public var transferenceNumber: Double {
        Self.transferenceNumber(stepVoltage_V: stepVoltage_V, initialCurrent: initialCurrent_A_m2,
                                steadyCurrent: steadyCurrent_A_m2, initialResistance: initialInterfacialASR_ohm_m2,
                                steadyResistance: steadyInterfacialASR_ohm_m2)
    }

    /// The Bruce–Vincent formula; currents and resistances in any consistent units (A and Ω, or
    /// A m⁻² and Ω m²).
    public static func transferenceNumber(stepVoltage_V dv: Double, initialCurrent i0: Double, steadyCurrent iss: Double,
                                          initialResistance r0: Double, steadyResistance rss: Double) -> Double {
        iss * (dv - i0 * r0) / (i0 * (dv - iss * rss))
    }

    public var initialCurrent_A: Double { initialCurrent_A_m2 * electrodeArea_m2 }
    public var steadyCurrent_A: Double { steadyCurrent_A_m2 * electrodeArea_m2 }
    public var initialResistance_ohm: Double { initialInterfacialASR_ohm_m2 / electrodeArea_m2 }
    public var steadyResistance_ohm: Double { steadyInterfacialASR_ohm_m2 / electrodeArea_m2 }
}

extension BruceVincentTest {
    /// The test as an experiment on a cell with diffusion time `tau` (s): a hold at ΔV for the fixed run length, or in
    /// chunks of τ/2 up to ``maximumDiffusionTimes``·τ (the run stops once steady), or 60 s without salt diffusion.
    public func experiment(diffusionTime_s tau: Double) -> Experiment {
        let hold = { (d: Double) in Step.hold(voltage_V: stepVoltage_V, until: .duration(d)) }
        if let d = duration_s { return Experiment(blocks: [ExperimentBlock(steps: [hold(d)])]) }
        guard tau.isFinite else { return Experiment(blocks: [ExperimentBlock(steps: [hold(60)])]) }
        // As many chunks as start below the limit, counted in the run's own floating-point time.
        let chunk = 0.5 * tau, limit = Self.maximumDiffusionTimes * tau
        var chunks = 0, t = 0.0
        while t < limit { t += chunk; chunks += 1 }
        return Experiment(blocks: [ExperimentBlock(steps: [hold(chunk)], repeatCount: chunks)])
    }
}

extension SymmetricSimulator {
    /// Runs the potentiostatic Bruce–Vincent experiment from a fresh cell (``BruceVincentTest/experiment(diffusionTime_s:)``).
    /// The current is solved algebraically at every right-hand-side call; a hold watches only the short.
    public func bruceVincent(_ test: BruceVincentTest) throws -> BruceVincentResult {
        try test.validate()
        let tau = model.diffusionTime_s
        let expected = test.duration_s ?? (tau.isFinite ? 12 * tau : 60)
        reset(expectedDuration_s: expected)
        let y = integrator.y
        model.configure(control: .voltage(V: test.stepVoltage_V), events: [])
        let i0 = model.current(y)
        if let failure = model.failure { throw failure }
        let r0 = model.interfacialASR_ohm_m2(y)
        func residual() -> Double {
            let target = model.saltDifferencePerCurrent * model.current(y)
            return target != 0 ? abs(model.saltDifference(y) - target) / abs(target) : 0
        }
        let chunked = test.duration_s == nil && tau.isFinite
        try run(test.experiment(diffusionTime_s: tau)) { s, _ in
            if case .event(let e) = s.end { throw SimulationError.controlFailed("the Bruce–Vincent run ended by \(e.reason)") }
            // In chunks of τ/2 until steady (at least 3τ).
            return !(chunked && time_s >= 3 * tau && residual() <= test.steadyTolerance)
        }
        let iss = model.current(y)
        return BruceVincentResult(
            electrolyteID: electrolyte.id, temperature_C: temperature_C, stepVoltage_V: test.stepVoltage_V,
            electrodeArea_m2: electrolyte.referenceCell.electrodeArea_m2, initialCurrent_A_m2: i0, steadyCurrent_A_m2: iss,
            initialInterfacialASR_ohm_m2: r0, steadyInterfacialASR_ohm_m2: model.interfacialASR_ohm_m2(y),
            bulkASR_ohm_m2: model.bulkASR_ohm_m2, modelTransferenceNumber: electrolyte.transferenceNumber,
            diffusionTime_s: tau, duration_s: time_s, steadyResidual: residual(), trace: trace)
    }
}
