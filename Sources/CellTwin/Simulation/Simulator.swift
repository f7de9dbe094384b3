import Foundation

public enum SimulationError: Error, CustomStringConvertible, Equatable {
    case controlFailed(String)
    case temperatureOutOfRange(temperature_C: Double, allowed: ClosedRange<Double>, what: String)
    case invalidOption(String)

    public var description: String {
        switch self {
        case .controlFailed(let s): return "control could not be satisfied: \(s)"
        case let .temperatureOutOfRange(t, r, what):
            return String(format: "temperature %g °C is outside %@ (%g to %g °C)", t, what, r.lowerBound, r.upperBound)
        case .invalidOption(let s): return s
        }
    }
}

/// Numerical settings of a run.
public struct SimulationOptions: Sendable, Equatable {
    public var recordTrace = false
    /// GSL stepper. The default explicit pair locates events on its dense output and hands a segment that
    /// turns stiff to `stiffFallback`; a caller retrying a failed run can choose another stepper and tolerance.
    public var stepper: ODEStepper = .rkf45
    /// Implicit stepper for segments where the explicit one is limited by stability (nil: never switch).
    public var stiffFallback: ODEStepper? = .msbdf
    public var relativeTolerance = 1e-6
    /// Absolute tolerance relative to each state's natural scale.
    public var absoluteTolerance = 1e-6
    public var diffusionModes = 4
    /// Explicit salt-diffusion modes of the full cell (plus the lumped remainder of ``SaltDiffusionModes``).
    public var saltModes = 4
    /// Integrate the degradation states (DOMAIN A4) with the electrical ones.
    public var aging = true
    /// Event location: |ΔV| ≤ this, V …
    public var voltageTolerance_V = 1e-4
    /// … or the root bracketed to this, s.
    public var timeTolerance_s = 1e-3
    /// Longest integration step, s.
    public var maxStep_s = 1800.0
    /// Initial state of charge in the cathode window (nil: 0 if the first step charges, else 1).
    public var initialStateOfCharge: Double?
    /// A limit on the computation of the run (nil: none), counted from the simulator's creation: fits set it so that
    /// no simulation can hang (``ODEBudget``).
    public var budget: ODEBudget?

    public init() {}
}

/// Temperatures the command line and scenario files accept, °C.
public let supportedTemperatureRange_C: ClosedRange<Double> = InputLimit.temperature_C.range

/// Runs experiments on a full cell (DOMAIN A2) at a fixed temperature.
///
/// One simulator owns one GSL integrator: not thread-safe; parallel studies make one per task.
public final class Simulator {
    public let design: CellDesign
    public let temperature_K: Double
    public let options: SimulationOptions
    public let model: FullCellModel
    public let integrator: ODEIntegrator
    /// Absolute-tolerance scale of each state (kept for the retry integrator).
    let componentScales: [Double]
    /// Steps that were retried with ``retryIntegrator()`` after a step-size underflow or the step limit.
    public private(set) var retries = 0

    public init(design: CellDesign, temperature_C: Double, options: SimulationOptions = SimulationOptions()) throws {
        guard temperature_C.isFinite, supportedTemperatureRange_C.contains(temperature_C) else {
            throw SimulationError.temperatureOutOfRange(temperature_C: temperature_C, allowed: supportedTemperatureRange_C,
                                                        what: "the range CellTwin models")
        }
        let range = design.electrolyte.validTemperatureRange_K
        let rangeC = Units.celsius(kelvin: range.lowerBound)...Units.celsius(kelvin: range.upperBound)
        guard rangeC.contains(temperature_C) else {
            throw SimulationError.temperatureOutOfRange(temperature_C: temperature_C, allowed: rangeC,
                                                        what: "where electrolyte \(design.electrolyte.id) is defined")
        }
        self.design = design
        temperature_K = Units.kelvin(celsius: temperature_C)
        self.options = options
        model = try FullCellModel(design: design, temperature_K: temperature_K, diffusionModes: options.diffusionModes,
                                  saltModes: options.saltModes, aging: options.aging)
        let scales = Array(model.layout.scales.prefix(model.dimension))
        componentScales = scales
        integrator = ODEIntegrator(problem: model, stepper: options.stepper, relativeTolerance: options.relativeTolerance,
                                   absoluteTolerance: options.absoluteTolerance, componentScales: scales,
                                   maxStep: options.maxStep_s, initialStep: 10, stiffFallback: options.stiffFallback)
        integrator.budget = options.budget
    }

    /// The stepper of the retry after a step-size underflow or the step limit: another method family.
    var retryStepper: ODEStepper { options.stepper == .msbdf ? .rk4imp : .msbdf }

    /// A fresh integrator with a tighter control (rtol/10, a tenth of the largest step, 1 s first step, four times
    /// the step budget) and ``retryStepper``, for one more try of a step that failed.
    func retryIntegrator() -> ODEIntegrator {
        ODEIntegrator(problem: model, stepper: retryStepper, relativeTolerance: options.relativeTolerance / 10,
                      absoluteTolerance: options.absoluteTolerance / 10, componentScales: componentScales,
                      maxStep: options.maxStep_s / 10, initialStep: 1,
                      maxStepsPerSegment: 4 * integrator.maxStepsPerSegment)
    }

    /// The failure of `step` in `cycle` at `time_s` with the state now in the integrator.
    func failure(_ error: Error, step: Step, cycle: Int, time_s: Double, tried: String? = nil) -> SimulationFailure {
        if let f = error as? SimulationFailure { return f }
        var cause = "\(error)"
        if case SimulationError.controlFailed = error { cause = "no current holds the step's \(SimulationFailure.control(step.drive))" }
        // The cell and temperature, so a failure names its input whichever command ran it (a scenario adds its name).
        let cell = String(format: "%@ | %@ at %g °C", design.electrolyte.id, design.cathode.id, Units.celsius(kelvin: temperature_K))
        return SimulationFailure(context: cell, step: step.text, cycle: cycle, time_s: time_s,
                                 states: model.namedStates(integrator.y), cause: cause, tried: tried,
                                 hint: SimulationFailure.hint(for: error, step: step))
    }

    /// Time and counters of a run in progress (the state vector lives in `integrator.y`).
    public struct RunClock: Sendable, Equatable {
        public var time_s = 0.0
        public var cycle = 0
        public var step = 0
        public init() {}
    }

    func prepare(_ steps: [Step]) -> [PlannedStep] {
        steps.map { PlannedStep($0, design: design, options: options) }
    }

    /// Puts the cell in its fresh, relaxed state and zeroes the counters.
    public func start(stateOfCharge soc: Double) throws {
        guard (0...1).contains(soc) else { throw SimulationError.invalidOption("initial state of charge must lie in 0…1, got \(soc)") }
        integrator.setState(model.initialState(stateOfCharge: soc))
        integrator.resetCounters()
    }

    /// Runs one repetition of a block (one cycle) from the present state.
    /// - Returns: the cycle summary and, if the cell shorted, how the run must end.
    func runCycle(_ planned: [PlannedStep], clock: inout RunClock, trace: inout Trace?) throws -> (CycleSummary, stop: RunEnd?) {
        clock.cycle += 1
        let cycleStart = clock.time_s
        var steps: [StepSummary] = []
        steps.reserveCapacity(planned.count)
        let y = integrator.y
        var stop: RunEnd?
        // After a Sand onset the charge of this cycle is over: its remaining charge and hold steps are skipped.
        var sandOnset = false
        // The voltage a step ended at by its voltage event: a hold at that voltage continues the right-hand side
        // without a jump (the current is unchanged), so it keeps the step size reached.
        var endedAtVoltage: Double?
        // A measured-profile run ended by an event (its voltage limit): its remaining steps are skipped.
        var endedProfileRun: Int?
        for p in planned {
            if sandOnset, p.step.kind == .charge || p.step.kind == .hold { continue }
            if let run = p.step.profileRun, run == endedProfileRun { continue }
            var continuous = false
            if case .voltage(let hold) = p.control, hold == endedAtVoltage { continuous = true }
            let summary = try runStep(p, clock: &clock, trace: &trace, continuous: continuous)
            steps.append(summary)
            endedAtVoltage = nil
            if case .event(.voltage(let v, _)) = summary.end { endedAtVoltage = v }
            // A profile's limit ends the whole profile run (its remaining rows and repeats).
            if case .event = summary.end, let run = p.step.profileRun { endedProfileRun = run }
            if summary.end.isShortCircuit {
                stop = .shortCircuit(cycle: clock.cycle)
                break
            }
            if summary.end == .event(.sandOnset) {
                // Dendrites nucleate on the depleted surface (DOMAIN B §4.1, §4.6): damage, and the charge ends.
                sandOnset = true
                if model.agingEnabled {
                    y[model.iDamage] += model.shortLaw.sandDamage
                    if y[model.iDamage] >= 1 {
                        stop = .shortCircuit(cycle: clock.cycle)
                        break
                    }
                }
            }
        }
        return (Self.summarize(cycle: clock.cycle, steps: steps, duration_s: clock.time_s - cycleStart), stop)
    }

    /// Integrates one step from the present state with its events, samples `trace` (if any) at every accepted step
    /// and at both ends, and returns the step's summary. `continuous`: the step's control continues the last one's
    /// right-hand side without a jump (a hold at the voltage a charge ended at), so the step size reached is kept.
    func runStep(_ p: PlannedStep, clock: inout RunClock, trace: inout Trace?, continuous: Bool) throws -> StepSummary {
        // Work on a local trace (the step callback escapes); hand the storage back at the end without copying.
        var local = trace
        trace = nil
        defer { trace = local }
        clock.step += 1
        // A run of many steps that end at once (each too short for the integrator to check) still meets its budget.
        if let budget = integrator.budget { try budget.check(evaluations: integrator.rhsEvaluations, time: clock.time_s) }
        let y = integrator.y, model = self.model
        // The energy state restarts at every step, about the cell's mid-window OCV (see FullCellModel).
        y[model.iEnergy] = 0
        let q0 = y[model.iCharge], t0 = clock.time_s
        model.configure(control: p.control, events: p.events, stepStartCharge_C_m2: q0)
        let v0 = model.terminalVoltage(y)
        if let failure = model.failure { throw self.failure(failure, step: p.step, cycle: clock.cycle, time_s: clock.time_s) }
        let cycle = clock.cycle, step = clock.step
        local?.append(model, time_s: t0, state: y, cycle: cycle, step: step)
        let onStep: ((Double, UnsafePointer<Double>) -> Void)? = local == nil ? nil : { time, state in
            local!.append(model, time_s: time, state: state, cycle: cycle, step: step)
        }
        let traceCount = local?.count ?? 0
        let (tEnd, outcome) = try integrate(p, clock: clock, continuous: continuous, onStep: onStep) {
            if local != nil { local!.truncate(to: traceCount) }
        }
        clock.time_s = tEnd
        local?.append(model, time_s: tEnd, state: y, cycle: cycle, step: step)
        return StepSummary(index: clock.step, text: p.step.text, kind: p.step.kind, duration_s: clock.time_s - t0,
                           charge_C_m2: y[model.iCharge] - q0,
                           energy_J_m2: model.energyReference_V * (y[model.iCharge] - q0) + y[model.iEnergy],
                           startVoltage_V: v0, endVoltage_V: model.terminalVoltage(y), end: p.end(outcome))
    }

    /// Integrates the present step over its duration; after a step-size underflow or the step limit, one retry from
    /// the step's start, tighter and with another stepper (`restart` drops what the failed try sampled), then a
    /// failure that says so.
    private func integrate(_ p: PlannedStep, clock: RunClock, continuous: Bool,
                           onStep: ((Double, UnsafePointer<Double>) -> Void)?,
                           restart: () -> Void) throws -> (Double, ODEOutcome) {
        // Voltage and power control close an algebraic loop through the OCV: stiff where the OCV is steep, and an
        // explicit stage far off the solution can leave no current that satisfies the control. These steps start
        // with the stiff fallback.
        let stiff: Bool
        switch p.control {
        case .voltage, .power: stiff = true
        case .current, .rest: stiff = false
        }
        let start = integrator.state, q0 = model.stepStartCharge_C_m2
        let tEnd = clock.time_s + p.duration_s
        do {
            return try integrator.integrate(from: clock.time_s, to: tEnd, events: p.specs, continuous: continuous,
                                            stiff: stiff, onStep: onStep)
        } catch let e as ODEError where e.isStepLimit {
            let tried = String(format: "retried from the step's start with %@, rtol %g and steps ≤ %g s, which failed too",
                               retryStepper.rawValue, options.relativeTolerance / 10, options.maxStep_s / 10)
            let retry = retryIntegrator()
            retries += 1
            retry.setState(start)
            restart()
            model.configure(control: p.control, events: p.events, stepStartCharge_C_m2: q0)
            do {
                let result = try retry.integrate(from: clock.time_s, to: tEnd, events: p.specs, onStep: onStep)
                integrator.setState(retry.state)
                return result
            } catch {
                integrator.setState(retry.state)
                throw self.failure(error, step: p.step, cycle: clock.cycle, time_s: clock.time_s, tried: tried)
            }
        } catch {
            throw self.failure(error, step: p.step, cycle: clock.cycle, time_s: clock.time_s)
        }
    }

    /// Runs `experiment` from a fresh, relaxed cell.
    /// - Parameter stopAfter: called after each cycle; a non-nil reason ends the run there.
    public func run(_ experiment: Experiment, stopAfter: ((CycleSummary) -> RunEnd?)? = nil) throws -> Solution {
        let firstKind = experiment.blocks.first?.steps.first?.kind
        try start(stateOfCharge: options.initialStateOfCharge ?? (firstKind == .charge ? 0 : 1))
        var clock = RunClock()
        var cycles: [CycleSummary] = []
        var trace: Trace? = options.recordTrace ? Trace() : nil
        var status = RunEnd.completed
        blocks: for block in experiment.blocks {
            let planned = prepare(block.steps)
            for _ in 0..<block.repeatCount {
                let (summary, stop) = try runCycle(planned, clock: &clock, trace: &trace)
                cycles.append(summary)
                if let end = stop ?? stopAfter?(summary) {
                    status = end
                    break blocks
                }
            }
        }
        return Solution(design: design, temperature_K: temperature_K, cycles: cycles, trace: trace, status: status,
                        rhsEvaluations: integrator.rhsEvaluations, acceptedSteps: integrator.acceptedSteps,
                        eventLocationRHSEvaluations: integrator.eventLocationRHSEvaluations, experiment: experiment)
    }

    /// Groups steps into charge (net charge < 0) and discharge (net > 0) half-cycles.
    static func summarize(cycle: Int, steps: [StepSummary], duration_s: Double) -> CycleSummary {
        var qc = 0.0, qd = 0.0, ec = 0.0, ed = 0.0
        var chargeEnd: StepEnd?, dischargeEnd: StepEnd?
        for s in steps {
            if s.charge_C_m2 < 0 {
                qc -= s.charge_C_m2
                ec -= s.energy_J_m2
                chargeEnd = s.end
            } else if s.charge_C_m2 > 0 {
                qd += s.charge_C_m2
                ed += s.energy_J_m2
                dischargeEnd = s.end
            }
        }
        return CycleSummary(cycle: cycle, chargeCapacity_C_m2: qc, dischargeCapacity_C_m2: qd, chargeEnergy_J_m2: ec,
                            dischargeEnergy_J_m2: ed, duration_s: duration_s, chargeEnd: chargeEnd,
                            dischargeEnd: dischargeEnd, steps: steps)
    }
}
