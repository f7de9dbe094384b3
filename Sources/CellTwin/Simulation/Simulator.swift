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
    public var stepper: ODEStepper = .rkck
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
    /// The one step runner (``StepRunner``) that integrates every step of this cell.
    public let runner: StepRunner<FullCellModel>
    public var integrator: ODEIntegrator { runner.integrator }
    /// Steps that were retried after a step-size underflow or the step limit.
    public var retries: Int { runner.retries }
    /// The stepper of the retry after a step-size underflow or the step limit.
    var retryStepper: ODEStepper { runner.retryStepper }

    public init(design: CellDesign, temperature_C: Double, options: SimulationOptions = SimulationOptions()) throws {
        try Self.checkTemperature(temperature_C, electrolyte: design.electrolyte)
        self.design = design
        temperature_K = Units.kelvin(celsius: temperature_C)
        self.options = options
        model = try FullCellModel(design: design, temperature_K: temperature_K, diffusionModes: options.diffusionModes,
                                  saltModes: options.saltModes, aging: options.aging)
        let scales = Array(model.layout.scales.prefix(model.dimension))
        runner = StepRunner(cell: model, settings: StepRunnerSettings(
            stepper: options.stepper, stiffFallback: options.stiffFallback, relativeTolerance: options.relativeTolerance,
            absoluteTolerance: options.absoluteTolerance, componentScales: scales, maxStep_s: options.maxStep_s,
            initialStep_s: 10, retryInitialStep_s: 1, budget: options.budget))
    }

    /// The temperature check every simulator applies: −40–150 °C (``supportedTemperatureRange_C``) and the
    /// electrolyte's range.
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

    /// Time and counters of a run in progress (``CellTwin/RunClock``).
    public typealias RunClock = CellTwin.RunClock

    func prepare(_ steps: [Step]) -> [PlannedStep<CellControl>] {
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
    func runCycle(_ planned: [PlannedStep<CellControl>], clock: inout RunClock, trace: inout Trace?) throws -> (CycleSummary, stop: RunEnd?) {
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
            let summary = try runner.run(p, clock: &clock, trace: &trace, continuous: continuous)
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
                        eventLocationRHSEvaluations: integrator.eventLocationRHSEvaluations, experiment: experiment,
                        slowestElectricalTime_s: model.slowestElectricalTime_s)
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
