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
    /// Names of the model's states (``SymmetricCellModel/stateNames``), and every state at each sample, row by row
    /// (`states[i * stateNames.count + k]`).
    public var stateNames: [String] = []
    public var states: [Double] = []
    /// Least spacing of the samples between step ends, s (infinity: step ends only), and the last sample's time.
    var spacing_s = Double.infinity
    var lastSample_s = -Double.infinity

    public init() {}

    public var count: Int { time_s.count }

    /// Drops the samples after the first `n` (a retried step records again from its start).
    public mutating func truncate(to n: Int) {
        guard n < count else { return }
        time_s.removeLast(count - n)
        current_A_m2.removeLast(current_A_m2.count - n)
        voltage_V.removeLast(voltage_V.count - n)
        depletedConcentrationFraction.removeLast(depletedConcentrationFraction.count - n)
        damage.removeLast(damage.count - n)
        let width = stateNames.count
        if states.count > n * width { states.removeLast(states.count - n * width) }
        lastSample_s = time_s.last ?? -Double.infinity
    }

    mutating func reserve(_ n: Int) {
        time_s.reserveCapacity(n); current_A_m2.reserveCapacity(n); voltage_V.reserveCapacity(n)
        depletedConcentrationFraction.reserveCapacity(n); damage.reserveCapacity(n)
    }

    /// An empty trace that keeps accepted steps at least `spacing_s` apart.
    init(spacing_s: Double) {
        self.spacing_s = spacing_s
    }
}

/// How one segment (one control held for a time, a step of the shared runner) ended.
public struct SymmetricSegment: Sendable, Equatable {
    public var start_s: Double
    public var end_s: Double
    /// The event that ended it early, or nil when it ran its full duration.
    public var event: CellEvent?
    /// J and V at the end of the segment (A m⁻², V).
    public var endCurrent_A_m2: Double
    public var endVoltage_V: Double
    /// ∫V dt / duration over the segment, V (the end voltage for a zero-length segment; exact, see
    /// `SymmetricCellModel.voltageIntegral`).
    public var meanVoltage_V: Double
    /// Charge passed in the segment, ∫J dt, C m⁻².
    public var charge_C_m2: Double
}

/// Where a step of an ``Experiment`` lies: its block, the repetition of that block (0-based) and its place in the block.
public struct ExperimentPosition: Sendable, Equatable {
    public var block: Int
    public var repetition: Int
    public var step: Int
}

/// Runs ``Experiment``s on a Li | E | Li cell (DOMAIN A3) at one temperature through the one step runner
/// (``StepRunner``): plating and stripping are charge and discharge steps, a polarization is a hold. The protocols
/// (`platingStripping`, `bruceVincent`, `criticalCurrentDensity`) are experiments run with ``run(_:after:)``.
///
/// One simulator owns one GSL integrator: not thread-safe; parallel studies make one per task.
public final class SymmetricSimulator {
    public let electrolyte: Electrolyte
    public let temperature_K: Double
    public let options: SymmetricOptions
    public let model: SymmetricCellModel
    public let runner: StepRunner<SymmetricCellModel>
    public var integrator: ODEIntegrator { runner.integrator }
    /// Steps retried with a tighter control after a step-size underflow or the step limit.
    public var retries: Int { runner.retries }
    private var clock = RunClock()
    /// Time since the fresh cell, s.
    public var time_s: Double { clock.time_s }
    private var recording: SymmetricTrace? = SymmetricTrace()
    /// Thinned trace of everything run since the last `reset`.
    public var trace: SymmetricTrace { recording ?? SymmetricTrace() }

    /// - Throws: `SimulationError.temperatureOutOfRange` outside −40–150 °C (InputLimit.temperature_C) or the electrolyte's range.
    public init(electrolyte: Electrolyte, temperature_C: Double, options: SymmetricOptions = SymmetricOptions()) throws {
        try Simulator.checkTemperature(temperature_C, electrolyte: electrolyte)
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
        let firstStep = fastest > 0 ? min(1, 0.1 / fastest) : 1
        runner = StepRunner(cell: model, settings: StepRunnerSettings(
            stepper: options.stepper, stiffFallback: nil, relativeTolerance: options.relativeTolerance,
            absoluteTolerance: options.absoluteTolerance, componentScales: scales, maxStep_s: options.maxStep_s,
            initialStep_s: firstStep, retryInitialStep_s: firstStep, budget: options.budget))
        reset()
    }

    /// The temperature check every symmetric protocol applies (−40–150 °C and the electrolyte's range).
    public static func checkTemperature(_ temperature_C: Double, electrolyte: Electrolyte) throws {
        try Simulator.checkTemperature(temperature_C, electrolyte: electrolyte)
    }

    public var temperature_C: Double { Units.celsius(kelvin: temperature_K) }

    /// Back to a fresh cell at t = 0 with an empty trace; `expectedDuration_s` spreads the trace samples
    /// (nil or infinite: record step ends only).
    public func reset(expectedDuration_s: Double? = nil) {
        integrator.setState(model.initialState())
        integrator.resetCounters()
        model.configure(control: .rest, events: [])
        clock = RunClock()
        if let d = expectedDuration_s, d.isFinite, d > 0, options.traceSamples > 0 {
            recording = SymmetricTrace(spacing_s: d / Double(options.traceSamples))
            recording?.reserve(options.traceSamples + 64)
        } else {
            recording = SymmetricTrace()
        }
    }

    /// Events worth watching by default: a short, Sand onset (binary salts) and the voltage limit.
    public var standardEvents: [CellEvent] { model.guardEvents(.charge, options: options) }

    /// Runs `experiment` from the present state, one step at a time through the shared runner. After each step
    /// `after` reads its summary (the state is at the step's end) and returns false to end the run there.
    public func run(_ experiment: Experiment, after: (StepSummary, ExperimentPosition) throws -> Bool) throws {
        for (b, block) in experiment.blocks.enumerated() {
            let planned = try block.steps.map { try model.plan($0, options: options) }
            for r in 0..<block.repeatCount {
                clock.cycle += 1
                for (k, p) in planned.enumerated() {
                    let s = try runner.run(p, clock: &clock, trace: &recording)
                    if try !after(s, ExperimentPosition(block: b, repetition: r, step: k)) { return }
                }
            }
        }
    }

    /// Holds `control` for `duration_s` (or until the first of `events`): one step of the shared runner.
    public func advance(control: SymmetricControl, duration_s: Double, events: [CellEvent]) throws -> SymmetricSegment {
        guard duration_s >= 0, duration_s.isFinite else {
            throw SimulationError.invalidOption("segment duration must be a finite, non-negative number of seconds")
        }
        let step = Self.step(control, duration_s: duration_s)
        let p = PlannedStep(step: step, control: control, events: events, voltageTolerance_V: options.voltageTolerance_V,
                            timeTolerance_s: options.timeTolerance_s, safetyDuration_s: duration_s)
        return segment(try runner.run(p, clock: &clock, trace: &recording), control: control)
    }

    /// The step that holds `control` for `duration_s` (a current > 0 is a charge: it plates electrode 2).
    static func step(_ control: SymmetricControl, duration_s: Double) -> Step {
        switch control {
        case .current(let j) where j >= 0: return .charge(.currentDensity(j), until: .duration(duration_s))
        case .current(let j): return .discharge(.currentDensity(-j), until: .duration(duration_s))
        case .voltage(let v): return .hold(voltage_V: v, until: .duration(duration_s))
        case .rest: return .rest(for: duration_s)
        }
    }

    /// The segment the step `s` under `control` just ran, read from the runner (the state is at its end).
    func segment(_ s: StepSummary, control: SymmetricControl) -> SymmetricSegment {
        let y = integrator.y
        let j = model.current(y)
        let v = model.voltage(y, current: j).V
        let elapsed = s.duration_s
        var event: CellEvent?
        if case .event(let e) = s.end { event = e }
        var mean = v
        if elapsed > 0 {
            switch control {
            case .voltage(let target): mean = target
            case .current(let jSet):
                mean = model.voltageIntegral(current: jSet, duration_s: elapsed, from: runner.stepStart, to: y) / elapsed
            case .rest:
                mean = model.voltageIntegral(current: 0, duration_s: elapsed, from: runner.stepStart, to: y) / elapsed
            }
        }
        return SymmetricSegment(start_s: time_s - elapsed, end_s: time_s, event: event, endCurrent_A_m2: j,
                                endVoltage_V: v, meanVoltage_V: mean, charge_C_m2: s.charge_C_m2)
    }

    /// The state vector now (see `SymmetricCellModel` for the layout).
    public var state: [Double] { integrator.state }
}
