import Foundation

/// Numerical and instrument settings of a symmetric-cell run.
public struct SymmetricOptions: Sendable, Equatable {
    /// Explicit odd salt-diffusion modes (`SaltDiffusionModes`).
    public var saltModes = 20
    public var stepper: ODEStepper = .msbdf
    public var relativeTolerance = 1e-6
    /// Absolute tolerance relative to each state's natural scale (ASR_SEI², 1 for Φ, 100 C m⁻² for q).
    public var absoluteTolerance = 1e-6
    /// Absolute tolerance of each salt state as a fraction of c₀. 10⁻⁴ keeps Sand onset to 10⁻⁴ c₀ and
    /// v_d to microvolts for the shipped electrolytes; tighter values cost steps after every reversal.
    public var saltTolerance = 1e-4
    /// Instrument voltage limit |V|, V (a run ends with "voltage limit" above it).
    public var voltageLimit_V = 5.0
    /// Longest integration step, s.
    public var maxStep_s = 3600.0
    /// Event location: |ΔV| ≤ this, V …
    public var voltageTolerance_V = 1e-4
    /// … or the root bracketed to this, s.
    public var timeTolerance_s = 1e-3
    /// Trace samples spread evenly over a run on top of the points at every segment start and end.
    public var traceSamples = 4000
    /// A limit on the computation of the runs (nil: none), counted from the simulator's creation (``ODEBudget``).
    public var budget: ODEBudget?

    public init() {}
}

/// A thinned time series of a symmetric-cell run: every segment's first and last point plus at most
/// about `SymmetricOptions.traceSamples` accepted steps in between, evenly spread in time.
public struct SymmetricTrace: Sendable, Equatable {
    public var time_s: [Double] = []
    /// J, A m⁻² (> 0 plates electrode 2).
    public var current_A_m2: [Double] = []
    /// V = φ₁ − φ₂, V.
    public var voltage_V: [Double] = []
    /// Salt concentration at the depleted electrode over c₀ (1 for a single-ion electrolyte).
    public var depletedConcentrationFraction: [Double] = []
    /// Short damage max(Φ₁, Φ₂).
    public var damage: [Double] = []

    public init() {}

    public var count: Int { time_s.count }

    /// Drops the samples after the first `n` (a retried segment records again from its start).
    mutating func truncate(to n: Int) {
        guard n < count else { return }
        time_s.removeLast(count - n)
        current_A_m2.removeLast(current_A_m2.count - n)
        voltage_V.removeLast(voltage_V.count - n)
        depletedConcentrationFraction.removeLast(depletedConcentrationFraction.count - n)
        damage.removeLast(damage.count - n)
    }

    mutating func reserve(_ n: Int) {
        time_s.reserveCapacity(n); current_A_m2.reserveCapacity(n); voltage_V.reserveCapacity(n)
        depletedConcentrationFraction.reserveCapacity(n); damage.reserveCapacity(n)
    }
}

/// How one segment (one control held for a time) ended.
public struct SymmetricSegment: Sendable, Equatable {
    public var start_s: Double
    public var end_s: Double
    /// The event that ended it early, or nil when it ran its full duration.
    public var event: SymmetricEvent?
    /// J and V at the end of the segment (A m⁻², V).
    public var endCurrent_A_m2: Double
    public var endVoltage_V: Double
    /// ∫V dt / duration over the segment, V (the end voltage for a zero-length segment; exact, see
    /// `SymmetricCellModel.voltageIntegral`).
    public var meanVoltage_V: Double
    /// Charge passed in the segment, ∫J dt, C m⁻².
    public var charge_C_m2: Double
}

/// Runs controls on a Li | E | Li cell (DOMAIN A3) at one temperature; the protocols
/// (`platingStripping`, `bruceVincent`, `criticalCurrentDensity`) are built on `advance`.
///
/// One simulator owns one GSL integrator: not thread-safe; parallel studies make one per task.
public final class SymmetricSimulator {
    public let electrolyte: Electrolyte
    public let temperature_K: Double
    public let options: SymmetricOptions
    public let model: SymmetricCellModel
    public let integrator: ODEIntegrator
    /// Time since the fresh cell, s.
    public private(set) var time_s = 0.0
    /// Thinned trace of everything run since the last `reset` (when recording).
    public private(set) var trace = SymmetricTrace()
    /// Minimum spacing of in-segment trace samples, s (infinity: segment ends only).
    private var traceSpacing_s = Double.infinity
    private var lastSample_s = -Double.infinity
    private var cachedEvents: [SymmetricEvent] = []
    private var cachedSpecs: [ODEEvent] = []
    /// State at the start of the present segment.
    private var segmentStart: [Double] = []
    /// Absolute-tolerance scale of each state (kept for the retry integrator).
    private var componentScales: [Double] = []
    /// Segments retried with a tighter control after a step-size underflow or the step limit.
    public private(set) var retries = 0

    /// - Throws: `SimulationError.temperatureOutOfRange` outside −40–150 °C (InputLimit.temperature_C) or the electrolyte's range.
    public init(electrolyte: Electrolyte, temperature_C: Double, options: SymmetricOptions = SymmetricOptions()) throws {
        try Self.checkTemperature(temperature_C, electrolyte: electrolyte)
        for (name, value) in [("relative tolerance", options.relativeTolerance), ("absolute tolerance", options.absoluteTolerance),
                              ("salt tolerance", options.saltTolerance)] where !(value > 0 && value < 0.1) {
            throw SimulationError.invalidOption("\(name) must lie in (0, 0.1), got \(value)")
        }
        guard options.voltageLimit_V.isFinite, options.voltageLimit_V > 0 else {
            throw SimulationError.invalidOption("voltage limit must be a positive number of volts, got \(options.voltageLimit_V)")
        }
        self.electrolyte = electrolyte
        temperature_K = Units.kelvin(celsius: temperature_C)
        self.options = options
        model = try SymmetricCellModel(electrolyte: electrolyte, temperature_K: temperature_K, saltModes: options.saltModes)
        var scales = [Double](repeating: 1, count: model.dimension)
        for k in model.iSalt { scales[k] = options.saltTolerance / options.absoluteTolerance * model.saltConcentration_mol_m3 }
        // 1 Ω² cm⁴ at least, so that a bare interphase (ASR₀ = 0) still has a sensible absolute tolerance.
        let s0 = max(model.initialInterphaseASR_ohm_m2 * model.initialInterphaseASR_ohm_m2, 1e-8)
        scales[model.iInterphase1] = s0
        scales[model.iInterphase2] = s0
        scales[model.iCharge] = 100
        let fastest = model.saltModes?.rates.max() ?? 0
        segmentStart = [Double](repeating: 0, count: model.dimension)
        componentScales = scales
        integrator = ODEIntegrator(problem: model, stepper: options.stepper, relativeTolerance: options.relativeTolerance,
                                   absoluteTolerance: options.absoluteTolerance, componentScales: scales,
                                   maxStep: options.maxStep_s, initialStep: fastest > 0 ? min(1, 0.1 / fastest) : 1)
        integrator.budget = options.budget
        reset()
    }

    /// The temperature check every symmetric protocol applies (−40–150 °C and the electrolyte's range).
    public static func checkTemperature(_ temperature_C: Double, electrolyte: Electrolyte) throws {
        guard temperature_C.isFinite, supportedTemperatureRange_C.contains(temperature_C) else {
            throw SimulationError.temperatureOutOfRange(temperature_C: temperature_C, allowed: supportedTemperatureRange_C,
                                                        what: "the range CellTwin models")
        }
        let range = electrolyte.validTemperatureRange_K
        let rangeC = Units.celsius(kelvin: range.lowerBound)...Units.celsius(kelvin: range.upperBound)
        guard rangeC.contains(temperature_C) else {
            throw SimulationError.temperatureOutOfRange(temperature_C: temperature_C, allowed: rangeC,
                                                        what: "where electrolyte \(electrolyte.id) is defined")
        }
    }

    public var temperature_C: Double { Units.celsius(kelvin: temperature_K) }

    /// Back to a fresh cell at t = 0 with an empty trace; `expectedDuration_s` spreads the trace samples
    /// (nil or infinite: record segment ends only).
    public func reset(expectedDuration_s: Double? = nil) {
        integrator.setState(model.initialState())
        integrator.resetCounters()
        model.configure(control: .rest, events: [])
        time_s = 0
        trace = SymmetricTrace()
        lastSample_s = -Double.infinity
        if let d = expectedDuration_s, d.isFinite, d > 0, options.traceSamples > 0 {
            traceSpacing_s = d / Double(options.traceSamples)
            trace.reserve(options.traceSamples + 64)
        } else {
            traceSpacing_s = .infinity
        }
    }

    /// Events worth watching by default: a short, Sand onset (binary salts) and the voltage limit.
    public var standardEvents: [SymmetricEvent] {
        var e: [SymmetricEvent] = [.shortCircuit]
        if model.saltModes != nil { e.append(.sandOnset) }
        e.append(.voltageLimit(V: options.voltageLimit_V))
        return e
    }

    /// Holds `control` for `duration_s` (or until the first of `events`), carrying the state forward.
    /// - Parameter record: add the segment to `trace`.
    public func advance(control: SymmetricControl, duration_s: Double, events: [SymmetricEvent],
                        record: Bool = true) throws -> SymmetricSegment {
        guard duration_s >= 0, duration_s.isFinite else {
            throw SimulationError.invalidOption("segment duration must be a finite, non-negative number of seconds")
        }
        let y = integrator.y
        model.configure(control: control, events: events)
        for i in 0..<model.dimension { segmentStart[i] = y[i] }
        let q0 = y[model.iCharge]
        let t0 = time_s
        if record { sample(t0, y, force: true) }
        if events != cachedEvents {
            cachedEvents = events
            cachedSpecs = eventSpecs(events)
        }
        let onStep: ((Double, UnsafePointer<Double>) -> Void)?
        if record && traceSpacing_s.isFinite {
            onStep = { [unowned self] t, state in self.sample(t, state, force: false) }
        } else {
            onStep = nil
        }
        let traceCount = trace.count
        let tEnd: Double, outcome: ODEOutcome
        do {
            (tEnd, outcome) = try integrator.integrate(from: t0, to: t0 + duration_s, events: cachedSpecs, onStep: onStep)
        } catch let e as ODEError where e.isStepLimit {
            // One retry of the segment from its start: another stepper, rtol/10, a tenth of the largest step.
            retries += 1
            let stepper: ODEStepper = options.stepper == .msbdf ? .rk4imp : .msbdf
            let retry = ODEIntegrator(problem: model, stepper: stepper, relativeTolerance: options.relativeTolerance / 10,
                                      absoluteTolerance: options.absoluteTolerance / 10, componentScales: componentScales,
                                      maxStep: options.maxStep_s / 10, initialStep: integrator.initialStep,
                                      maxStepsPerSegment: 4 * integrator.maxStepsPerSegment)
            retry.setState(segmentStart)
            trace.truncate(to: traceCount)
            model.configure(control: control, events: events)
            do {
                (tEnd, outcome) = try retry.integrate(from: t0, to: t0 + duration_s, events: cachedSpecs, onStep: onStep)
                integrator.setState(retry.state)
            } catch {
                let (a1, a2) = model.interphaseASR(retry.y)
                throw SimulationError.invalidOption(String(
                    format: "Li | %@ | Li at %g °C: the solver failed at t = %.4g h (%@; retried from the segment's start with %@, rtol %g and steps ≤ %g s, which failed too: %@). State: interphase ASR %.4g and %.4g Ω cm², short damage %.3g, charge passed %.4g mAh/cm². Try: a lower current, a temperature inside the electrolyte's range or a shorter run",
                    electrolyte.id, temperature_C, t0 / 3600, "\(e)", stepper.rawValue, options.relativeTolerance / 10,
                    options.maxStep_s / 10, "\(error)", a1 * 1e4, a2 * 1e4, model.damage(retry.y), retry.y[model.iCharge] / 3.6e4))
            }
        }
        time_s = tEnd
        if let failure = model.failure { throw failure }
        if record { sample(tEnd, y, force: true) }
        let j = model.current(y)
        let v = model.voltage(y, current: j).V
        let elapsed = tEnd - t0
        let event: SymmetricEvent?
        if case .event(let i) = outcome { event = events[i] } else { event = nil }
        var mean = v
        if elapsed > 0 {
            switch control {
            case .voltage(let target): mean = target
            case .current(let jSet):
                mean = model.voltageIntegral(current: jSet, duration_s: elapsed, from: segmentStart, to: y) / elapsed
            case .rest:
                mean = model.voltageIntegral(current: 0, duration_s: elapsed, from: segmentStart, to: y) / elapsed
            }
        }
        return SymmetricSegment(start_s: t0, end_s: tEnd, event: event, endCurrent_A_m2: j, endVoltage_V: v,
                                meanVoltage_V: mean, charge_C_m2: y[model.iCharge] - q0)
    }

    private func sample(_ t: Double, _ state: UnsafePointer<Double>, force: Bool) {
        guard force || t - lastSample_s >= traceSpacing_s else { return }
        let j = model.current(state)
        trace.time_s.append(t)
        trace.current_A_m2.append(j)
        trace.voltage_V.append(model.voltage(state, current: j).V)
        trace.depletedConcentrationFraction.append(
            1 - 0.5 * abs(model.saltDifference(state)) / model.saltConcentration_mol_m3)
        trace.damage.append(model.damage(state))
        lastSample_s = t
    }

    private func eventSpecs(_ events: [SymmetricEvent]) -> [ODEEvent] {
        events.enumerated().map { i, e in
            switch e {
            case .shortCircuit:
                return ODEEvent(id: i, direction: .rising, valueTolerance: 1e-9, timeTolerance: options.timeTolerance_s)
            case .sandOnset:
                return ODEEvent(id: i, direction: .falling, valueTolerance: 1e-7, timeTolerance: options.timeTolerance_s)
            case .voltageLimit:
                return ODEEvent(id: i, direction: .rising, valueTolerance: options.voltageTolerance_V,
                                timeTolerance: options.timeTolerance_s)
            }
        }
    }

    /// The state vector now (see `SymmetricCellModel` for the layout).
    public var state: [Double] { integrator.state }
}
