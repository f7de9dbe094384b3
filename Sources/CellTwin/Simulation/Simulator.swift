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

    /// Signed current density (A m⁻², + discharge) for a drive.
    func currentDensity(_ drive: StepDrive, kind: StepKind) -> Double {
        let sign: Double = kind == .charge ? -1 : 1
        switch drive {
        case .cRate(let n): return sign * design.currentDensity(cRate: n)
        case .currentDensity(let j): return sign * j
        case .current(let i): return sign * i / design.electrodeArea_m2
        default: return 0
        }
    }

    /// The model control and events for a step.
    func plan(_ step: Step) -> (control: CellControl, events: [CellEvent], duration_s: Double, hasTimeLimit: Bool) {
        let sign: Double = step.kind == .charge ? -1 : 1
        let control: CellControl
        switch step.drive {
        case .rest: control = .rest
        case .voltage(let v): control = .voltage(V: v)
        case .power(let p): control = .power(W_m2: sign * p / design.electrodeArea_m2)
        case .powerDensity(let p): control = .power(W_m2: sign * p)
        case .cRate, .current, .currentDensity: control = .current(A_m2: currentDensity(step.drive, kind: step.kind))
        }
        var events: [CellEvent] = []
        var duration = Double.infinity
        for t in step.terminations {
            switch t {
            case .voltage(let v):
                events.append(.voltage(V: v, direction: step.kind == .charge ? .rising : .falling))
            case .cRate(let n): events.append(.currentBelow(A_m2: design.currentDensity(cRate: n)))
            case .currentDensity(let j): events.append(.currentBelow(A_m2: j))
            case .current(let i): events.append(.currentBelow(A_m2: i / design.electrodeArea_m2))
            case .charge(let q): events.append(.chargePassed(C_m2: q / design.electrodeArea_m2))
            case .arealCharge(let q): events.append(.chargePassed(C_m2: q))
            case .specificCharge(let q): events.append(.chargePassed(C_m2: q * design.cathodeLoading_kg_m2))
            case .duration(let d): duration = min(duration, d)
            }
        }
        switch step.kind {
        case .discharge: events += [.cathodeSurfaceFull, .lithiumExhausted]
        case .charge: events += [.cathodeSurfaceEmpty, .shortCircuit, .sandOnset]
        case .hold: events += [.shortCircuit, .sandOnset]
        case .rest: break
        }
        let hasTimeLimit = duration.isFinite
        if !hasTimeLimit {
            // A safety limit: ten times the nominal duration of the step, and at least 10 h.
            let q = design.nominalCapacity_C_m2
            switch control {
            case .current(let j): duration = max(10 * q / abs(j), 36_000)
            case .power(let p): duration = max(10 * q * design.cathode.maximumVoltage_V / abs(p), 36_000)
            default: duration = 360_000
            }
        }
        return (control, events, duration, hasTimeLimit)
    }

    /// A step prepared for integration (control, events and limits resolved once per block).
    struct PlannedStep {
        var step: Step
        var control: CellControl
        var events: [CellEvent]
        var specs: [ODEEvent]
        var duration_s: Double
        var hasTimeLimit: Bool
    }

    /// Time and counters of a run in progress (the state vector lives in `integrator.y`).
    public struct RunClock: Sendable, Equatable {
        public var time_s = 0.0
        public var cycle = 0
        public var step = 0
        public init() {}
    }

    func prepare(_ steps: [Step]) -> [PlannedStep] {
        steps.map { step in
            let p = plan(step)
            return PlannedStep(step: step, control: p.control, events: p.events, specs: eventSpecs(p.events),
                               duration_s: p.duration_s, hasTimeLimit: p.hasTimeLimit)
        }
    }

    /// Puts the cell in its fresh, relaxed state and zeroes the counters.
    public func start(stateOfCharge soc: Double) throws {
        guard (0...1).contains(soc) else { throw SimulationError.invalidOption("initial state of charge must lie in 0…1, got \(soc)") }
        integrator.setState(model.initialState(stateOfCharge: soc))
        integrator.resetCounters()
    }

    /// Runs one repetition of a block (one cycle) from the present state.
    /// - Returns: the cycle summary and, if the cell shorted, the reason the run must stop.
    func runCycle(_ planned: [PlannedStep], clock: inout RunClock, trace: inout Trace?) throws -> (CycleSummary, stop: String?) {
        // Work on a local trace (the step callback escapes); hand the storage back at the end without copying.
        var local = trace
        trace = nil
        defer { trace = local }
        clock.cycle += 1
        let cycleStart = clock.time_s
        var steps: [StepSummary] = []
        steps.reserveCapacity(planned.count)
        let y = integrator.y
        let model = self.model
        var stop: String?
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
            clock.step += 1
            // The energy state restarts at every step, about the cell's mid-window OCV (see FullCellModel).
            y[model.iEnergy] = 0
            let q0 = y[model.iCharge], t0 = clock.time_s
            let vRef = model.energyReference_V
            model.configure(control: p.control, events: p.events, stepStartCharge_C_m2: q0)
            let v0 = model.terminalVoltage(y)
            if let failure = model.failure { throw self.failure(failure, step: p.step, cycle: clock.cycle, time_s: clock.time_s) }

            let cycleForTrace = clock.cycle, stepForTrace = clock.step
            func sample(_ time: Double, _ state: UnsafePointer<Double>) {
                let j = model.current(state)
                local!.time_s.append(time)
                local!.cycle.append(cycleForTrace)
                local!.step.append(stepForTrace)
                local!.voltage_V.append(model.voltage(state, current: j).V)
                local!.current_A_m2.append(j)
                local!.charge_C_m2.append(state[model.iCharge])
                local!.meanStoichiometry.append(state[model.iMean])
                local!.surfaceStoichiometry.append(model.surfaceStoichiometry(state, current: j))
                if local!.stateNames.isEmpty { local!.stateNames = model.stateNames }
                local!.states.append(contentsOf: UnsafeBufferPointer(start: state, count: model.dimension))
            }
            if local != nil { sample(clock.time_s, y) }
            var continuous = false
            if case .voltage(let hold) = p.control, hold == endedAtVoltage { continuous = true }
            // Voltage and power control close an algebraic loop through the OCV: stiff where the OCV is steep, and an
            // explicit stage far off the solution can leave no current that satisfies the control. These steps start
            // with the stiff fallback.
            let stiff: Bool
            switch p.control {
            case .voltage, .power: stiff = true
            case .current, .rest: stiff = false
            }
            let start = integrator.state, traceCount = local?.time_s.count ?? 0
            let onStep: ((Double, UnsafePointer<Double>) -> Void)? = local == nil ? nil : { time, state in sample(time, state) }
            let tEnd: Double, outcome: ODEOutcome
            do {
                (tEnd, outcome) = try integrator.integrate(from: clock.time_s, to: clock.time_s + p.duration_s, events: p.specs,
                                                           continuous: continuous, stiff: stiff, onStep: onStep)
            } catch let e as ODEError where e.isStepLimit {
                // One retry of the step from its start, tighter and with another stepper; then a failure that says so.
                let tried = String(format: "retried from the step's start with %@, rtol %g and steps ≤ %g s, which failed too",
                                   retryStepper.rawValue, options.relativeTolerance / 10, options.maxStep_s / 10)
                let retry = retryIntegrator()
                retries += 1
                retry.setState(start)
                if local != nil { local!.truncate(to: traceCount) }
                model.configure(control: p.control, events: p.events, stepStartCharge_C_m2: q0)
                do {
                    (tEnd, outcome) = try retry.integrate(from: clock.time_s, to: clock.time_s + p.duration_s, events: p.specs,
                                                          onStep: onStep)
                    integrator.setState(retry.state)
                } catch {
                    integrator.setState(retry.state)
                    throw self.failure(error, step: p.step, cycle: clock.cycle, time_s: clock.time_s, tried: tried)
                }
            } catch {
                throw self.failure(error, step: p.step, cycle: clock.cycle, time_s: clock.time_s)
            }
            endedAtVoltage = nil
            if case .event(let i) = outcome, case .voltage(let v, _) = p.events[i] { endedAtVoltage = v }
            clock.time_s = tEnd
            if local != nil { sample(clock.time_s, y) }
            let reason: String
            switch outcome {
            case .event(let i): reason = p.events[i].reason
            case .reachedEnd: reason = p.hasTimeLimit ? "time" : "time limit (safety)"
            }
            steps.append(StepSummary(index: clock.step, text: p.step.text, kind: p.step.kind, duration_s: clock.time_s - t0,
                                     charge_C_m2: y[model.iCharge] - q0,
                                     energy_J_m2: vRef * (y[model.iCharge] - q0) + y[model.iEnergy],
                                     startVoltage_V: v0, endVoltage_V: model.terminalVoltage(y), endReason: reason))
            if case .event = outcome, let run = p.step.profileRun { endedProfileRun = run }
            if case .event(let i) = outcome, p.events[i] == .shortCircuit {
                stop = FullCellModel.shortCircuitReason
                break
            }
            if case .event(let i) = outcome, p.events[i] == .sandOnset {
                // Dendrites nucleate on the depleted surface (DOMAIN B §4.1, §4.6): damage, and the charge ends.
                sandOnset = true
                if model.agingEnabled {
                    y[model.iDamage] += model.shortLaw.sandDamage
                    if y[model.iDamage] >= 1 {
                        stop = FullCellModel.shortCircuitReason
                        break
                    }
                }
            }
        }
        return (Self.summarize(cycle: clock.cycle, steps: steps, duration_s: clock.time_s - cycleStart), stop)
    }

    /// Runs `experiment` from a fresh, relaxed cell.
    /// - Parameter stopAfter: called after each cycle; a non-nil reason ends the run there.
    public func run(_ experiment: Experiment, stopAfter: ((CycleSummary) -> String?)? = nil) throws -> Solution {
        let firstKind = experiment.blocks.first?.steps.first?.kind
        try start(stateOfCharge: options.initialStateOfCharge ?? (firstKind == .charge ? 0 : 1))
        var clock = RunClock()
        var cycles: [CycleSummary] = []
        var trace: Trace? = options.recordTrace ? Trace() : nil
        var status = SimulationStatus.completed
        blocks: for block in experiment.blocks {
            let planned = prepare(block.steps)
            for _ in 0..<block.repeatCount {
                let (summary, stop) = try runCycle(planned, clock: &clock, trace: &trace)
                cycles.append(summary)
                if let reason = stop ?? stopAfter?(summary) {
                    status = .stopped(reason)
                    break blocks
                }
            }
        }
        return Solution(design: design, temperature_K: temperature_K, cycles: cycles, trace: trace, status: status,
                        rhsEvaluations: integrator.rhsEvaluations, acceptedSteps: integrator.acceptedSteps,
                        eventLocationRHSEvaluations: integrator.eventLocationRHSEvaluations, experiment: experiment)
    }

    private func eventSpecs(_ events: [CellEvent]) -> [ODEEvent] {
        events.enumerated().map { i, e in
            switch e {
            case .voltage(_, let direction):
                return ODEEvent(id: i, direction: direction, valueTolerance: options.voltageTolerance_V,
                                timeTolerance: options.timeTolerance_s)
            case .currentBelow(let j):
                return ODEEvent(id: i, direction: .falling, valueTolerance: 1e-6 * j, timeTolerance: options.timeTolerance_s)
            case .chargePassed(let q):
                return ODEEvent(id: i, direction: .rising, valueTolerance: 1e-9 * q, timeTolerance: options.timeTolerance_s)
            case .cathodeSurfaceFull, .lithiumExhausted:
                return ODEEvent(id: i, direction: e == .lithiumExhausted ? .falling : .rising, valueTolerance: 1e-9,
                                timeTolerance: options.timeTolerance_s)
            case .cathodeSurfaceEmpty:
                return ODEEvent(id: i, direction: .falling, valueTolerance: 1e-9, timeTolerance: options.timeTolerance_s)
            case .shortCircuit:
                return ODEEvent(id: i, direction: .rising, valueTolerance: 1e-6, timeTolerance: options.timeTolerance_s)
            case .sandOnset:
                return ODEEvent(id: i, direction: .falling, valueTolerance: 1e-6, timeTolerance: options.timeTolerance_s)
            }
        }
    }

    /// Groups steps into charge (net charge < 0) and discharge (net > 0) half-cycles.
    static func summarize(cycle: Int, steps: [StepSummary], duration_s: Double) -> CycleSummary {
        var qc = 0.0, qd = 0.0, ec = 0.0, ed = 0.0
        var chargeReason = "", dischargeReason = ""
        for s in steps {
            if s.charge_C_m2 < 0 {
                qc -= s.charge_C_m2
                ec -= s.energy_J_m2
                chargeReason = s.endReason
            } else if s.charge_C_m2 > 0 {
                qd += s.charge_C_m2
                ed += s.energy_J_m2
                dischargeReason = s.endReason
            }
        }
        return CycleSummary(cycle: cycle, chargeCapacity_C_m2: qc, dischargeCapacity_C_m2: qd, chargeEnergy_J_m2: ec,
                            dischargeEnergy_J_m2: ed, duration_s: duration_s, chargeEndReason: chargeReason,
                            dischargeEndReason: dischargeReason, steps: steps)
    }
}
