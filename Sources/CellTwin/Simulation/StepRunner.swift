import Foundation

/// A trace the step runner samples: at both ends of every step (`boundary`) and at every accepted integration step in
/// between (a trace may thin those).
public protocol StepTrace {
    associatedtype Cell: ElectrochemicalCell
    var count: Int { get }
    /// Adds the sample of `cell` at `time_s` with state `state` in step `step` of cycle `cycle`.
    mutating func record(_ cell: Cell, time_s: Double, state: UnsafePointer<Double>, cycle: Int, step: Int,
                         boundary: Bool)
    /// Drops the samples after the first `n` (a retried step records again from its start).
    mutating func truncate(to n: Int)
}

/// The integrator settings of a runner and of its retry.
public struct StepRunnerSettings {
    public var stepper: ODEStepper
    public var stiffFallback: ODEStepper?
    public var relativeTolerance: Double
    public var absoluteTolerance: Double
    /// Absolute-tolerance scale of each state.
    public var componentScales: [Double]
    public var maxStep_s: Double
    public var initialStep_s: Double
    /// First step of the retry, s.
    public var retryInitialStep_s: Double
    public var budget: ODEBudget?
}

/// The one step runner for any ``ElectrochemicalCell`` (thevenin's `run_step`; SciPy's `solve_ivp` with events):
/// integrates one planned step from the present state with its located events, samples a trace of every state, and
/// returns the step's summary with its typed ``StepEnd``. After a step-size underflow or the step limit it retries the
/// step once from its start, tighter and with another stepper, then reports the failure through the cell.
///
/// One runner owns one GSL integrator: not thread-safe; parallel studies make one per task. The stepping loop itself
/// (``ODEIntegrator``) allocates nothing; the runner is generic over the cell, so the cell's right-hand side is called
/// without an existential.
public final class StepRunner<Cell: ElectrochemicalCell> {
    public let cell: Cell
    public let integrator: ODEIntegrator
    public let settings: StepRunnerSettings
    /// Steps that were retried after a step-size underflow or the step limit.
    public private(set) var retries = 0
    /// The state at the start of the last step run.
    public let stepStart: UnsafeMutablePointer<Double>

    public init(cell: Cell, settings: StepRunnerSettings) {
        self.cell = cell
        self.settings = settings
        integrator = ODEIntegrator(problem: cell, stepper: settings.stepper, relativeTolerance: settings.relativeTolerance,
                                   absoluteTolerance: settings.absoluteTolerance, componentScales: settings.componentScales,
                                   maxStep: settings.maxStep_s, initialStep: settings.initialStep_s,
                                   stiffFallback: settings.stiffFallback)
        integrator.budget = settings.budget
        stepStart = .allocate(capacity: cell.dimension)
        stepStart.initialize(repeating: 0, count: cell.dimension)
    }

    deinit { stepStart.deallocate() }

    /// The stepper of the retry: another method family.
    var retryStepper: ODEStepper { settings.stepper == .msbdf ? .rk4imp : .msbdf }

    /// A fresh integrator with a tighter control (rtol/10, atol/10, a tenth of the largest step, four times the step
    /// budget) and ``retryStepper``, for one more try of a step that failed.
    func retryIntegrator() -> ODEIntegrator {
        ODEIntegrator(problem: cell, stepper: retryStepper, relativeTolerance: settings.relativeTolerance / 10,
                      absoluteTolerance: settings.absoluteTolerance / 10, componentScales: settings.componentScales,
                      maxStep: settings.maxStep_s / 10, initialStep: settings.retryInitialStep_s,
                      maxStepsPerSegment: 4 * integrator.maxStepsPerSegment)
    }

    /// Integrates `p` from the present state with its events, samples `trace` (if any) at both ends and at every
    /// accepted step, and returns the step's summary; the state is left at the step's end. `continuous`: the step's
    /// control continues the last one's right-hand side without a jump, so the step size reached is kept.
    public func run<T: StepTrace>(_ p: PlannedStep<Cell.Control>, clock: inout RunClock, trace: inout T?,
                                  continuous: Bool = false) throws -> StepSummary where T.Cell == Cell {
        // Work on a local trace (the step callback escapes); hand the storage back at the end without copying.
        var local = trace
        trace = nil
        defer { trace = local }
        clock.step += 1
        // A run of many steps that end at once (each too short for the integrator to check) still meets its budget.
        if let budget = integrator.budget { try budget.check(evaluations: integrator.rhsEvaluations, time: clock.time_s) }
        let y = integrator.y, cell = self.cell
        cell.begin(p.control, events: p.events, state: y)
        let q0 = y[cell.chargeIndex], t0 = clock.time_s
        let v0 = cell.terminalVoltage(y)
        if let failure = cell.failure { throw cell.failure(failure, step: p.step, clock: clock, state: y, retry: nil) }
        let cycle = clock.cycle, step = clock.step
        local?.record(cell, time_s: t0, state: y, cycle: cycle, step: step, boundary: true)
        let onStep: ((Double, UnsafePointer<Double>) -> Void)? = local == nil ? nil : { time, state in
            local!.record(cell, time_s: time, state: state, cycle: cycle, step: step, boundary: false)
        }
        let traceCount = local?.count ?? 0
        let (tEnd, outcome) = try integrate(p, clock: clock, continuous: continuous, onStep: onStep) {
            if local != nil { local!.truncate(to: traceCount) }
        }
        clock.time_s = tEnd
        local?.record(cell, time_s: tEnd, state: y, cycle: cycle, step: step, boundary: true)
        return StepSummary(index: clock.step, text: p.step.text, kind: p.step.kind, duration_s: clock.time_s - t0,
                           charge_C_m2: y[cell.chargeIndex] - q0,
                           energy_J_m2: cell.stepEnergy_J_m2(p.control, from: stepStart, to: y, duration_s: tEnd - t0),
                           startVoltage_V: v0, endVoltage_V: cell.terminalVoltage(y), end: p.end(outcome))
    }

    /// Integrates the present step over its duration; after a step-size underflow or the step limit, one retry from
    /// the step's start, tighter and with another stepper (`restart` drops what the failed try sampled), then a
    /// failure that says so.
    private func integrate(_ p: PlannedStep<Cell.Control>, clock: RunClock, continuous: Bool,
                           onStep: ((Double, UnsafePointer<Double>) -> Void)?,
                           restart: () -> Void) throws -> (Double, ODEOutcome) {
        let n = cell.dimension
        stepStart.update(from: integrator.y, count: n)
        let tEnd = clock.time_s + p.duration_s
        do {
            return try integrator.integrate(from: clock.time_s, to: tEnd, events: p.specs, continuous: continuous,
                                            stiff: cell.startsStiff(p.control), onStep: onStep)
        } catch let e as ODEError where e.isStepLimit {
            let attempt = StepRetry(firstError: e, stepper: retryStepper, relativeTolerance: settings.relativeTolerance / 10,
                                    maxStep_s: settings.maxStep_s / 10)
            let retry = retryIntegrator()
            retries += 1
            retry.y.update(from: stepStart, count: n)
            restart()
            cell.begin(p.control, events: p.events, state: retry.y)
            do {
                let result = try retry.integrate(from: clock.time_s, to: tEnd, events: p.specs, onStep: onStep)
                integrator.y.update(from: retry.y, count: n)
                return result
            } catch {
                integrator.y.update(from: retry.y, count: n)
                throw cell.failure(error, step: p.step, clock: clock, state: retry.y, retry: attempt)
            }
        } catch {
            throw cell.failure(error, step: p.step, clock: clock, state: integrator.y, retry: nil)
        }
    }
}

/// A step prepared for integration on one cell: control, events and limits resolved once per block.
public struct PlannedStep<Control> {
    public var step: Step
    public var control: Control
    public var events: [CellEvent]
    var specs: [ODEEvent]
    public var duration_s: Double
    public var hasTimeLimit: Bool

    /// `safetyDuration_s` bounds a step without a duration of its own.
    init(step: Step, control: Control, events: [CellEvent], voltageTolerance_V: Double, timeTolerance_s: Double,
         safetyDuration_s: Double) {
        self.step = step
        self.control = control
        self.events = events
        specs = events.enumerated().map {
            $1.odeEvent(id: $0, voltageTolerance_V: voltageTolerance_V, timeTolerance_s: timeTolerance_s)
        }
        let duration = step.duration_s ?? .infinity
        hasTimeLimit = duration.isFinite
        duration_s = hasTimeLimit ? duration : safetyDuration_s
    }

    /// How the step ended, from the integrator's outcome.
    func end(_ outcome: ODEOutcome) -> StepEnd {
        switch outcome {
        case .event(let i): return .event(events[i])
        case .reachedEnd: return hasTimeLimit ? .duration : .safetyLimit
        }
    }
}
