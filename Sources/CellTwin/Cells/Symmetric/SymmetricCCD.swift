import Foundation

/// Critical-current-density step test (DOMAIN A3, B §4.4): J = start, start + step, … ≤ max, each step
/// `cyclesPerStep` cycles of a +J then a −J half-cycle passing `capacityPerHalfCycle_C_m2` each; the
/// state (salt, interphases, damage) carries over from step to step.
///
/// A step fails at the first short (the short law, incl. its critical-current term), Sand onset
/// (the salt at the plating electrode runs out within the half-cycle: the simulated counterpart of
/// t_s(J) < half-cycle, which also accounts for J below the limiting current never depleting) or
/// |V| above the instrument limit. The critical current density is the last step that passed.
public struct CriticalCurrentTest: Sendable, Equatable {
    /// First J, A m⁻².
    public var startCurrent_A_m2: Double
    /// Increment, A m⁻².
    public var stepCurrent_A_m2: Double
    /// Q per half-cycle, C m⁻².
    public var capacityPerHalfCycle_C_m2: Double
    public var cyclesPerStep: Int
    /// Largest J tried, A m⁻².
    public var maximumCurrent_A_m2: Double
    /// Half-cycles of a fixed length, s, at every step (the charge per half-cycle then grows with J; the first step
    /// passes `capacityPerHalfCycle_C_m2` when it is J·length); nil: a fixed charge per half-cycle.
    public var halfCycleDuration_s: Double? = nil

    public init(startCurrent_A_m2: Double, stepCurrent_A_m2: Double, capacityPerHalfCycle_C_m2: Double,
                cyclesPerStep: Int = 1, maximumCurrent_A_m2: Double) {
        self.startCurrent_A_m2 = startCurrent_A_m2
        self.stepCurrent_A_m2 = stepCurrent_A_m2
        self.capacityPerHalfCycle_C_m2 = capacityPerHalfCycle_C_m2
        self.cyclesPerStep = cyclesPerStep
        self.maximumCurrent_A_m2 = maximumCurrent_A_m2
    }

    /// Lab units: mA cm⁻² and mAh cm⁻² per half-cycle.
    public init(start_mA_cm2: Double, step_mA_cm2: Double, capacity_mAh_cm2: Double, cyclesPerStep: Int = 1,
                maximum_mA_cm2: Double = 5) {
        self.init(startCurrent_A_m2: Units.A_m2(mA_cm2: start_mA_cm2), stepCurrent_A_m2: Units.A_m2(mA_cm2: step_mA_cm2),
                  capacityPerHalfCycle_C_m2: Units.C_m2(mAh_cm2: capacity_mAh_cm2), cyclesPerStep: cyclesPerStep,
                  maximumCurrent_A_m2: Units.A_m2(mA_cm2: maximum_mA_cm2))
    }

    /// Most steps one test may hold.
    public static let maximumSteps = 10_000

    /// The step currents, A m⁻² (start + k·step, up to max within 10⁻⁹ relative).
    public var currents: [Double] {
        let steps = Int(checked: (maximumCurrent_A_m2 - startCurrent_A_m2) / stepCurrent_A_m2 + 1e-9, rounding: .down,
                        in: 0...Self.maximumSteps) ?? 0
        return (0..<steps + 1).map { startCurrent_A_m2 + Double($0) * stepCurrent_A_m2 }
    }

    /// Half-cycle length at current `j`, s.
    public func halfCycle_s(current j: Double) -> Double { halfCycleDuration_s ?? capacityPerHalfCycle_C_m2 / j }

    /// The test as an experiment: one block per current step, `cyclesPerStep` repetitions of a charge (plating
    /// electrode 2) and a discharge half-cycle at that current.
    public var experiment: Experiment {
        Experiment(blocks: currents.map { j in
            let h = halfCycle_s(current: j)
            return ExperimentBlock(steps: [.charge(.currentDensity(j), until: .duration(h)),
                                           .discharge(.currentDensity(j), until: .duration(h))],
                                   repeatCount: cyclesPerStep)
        })
    }

    public func validate() throws {
        try SymmetricInput.positive(startCurrent_A_m2, "start current")
        try SymmetricInput.positive(stepCurrent_A_m2, "current step")
        try SymmetricInput.positive(capacityPerHalfCycle_C_m2, "capacity per half-cycle")
        try SymmetricInput.positive(maximumCurrent_A_m2, "maximum current")
        if let d = halfCycleDuration_s { try SymmetricInput.positive(d, "half-cycle duration") }
        guard cyclesPerStep >= 1 else {
            throw SimulationError.invalidOption("cycles per step must be at least 1, got \(cyclesPerStep)")
        }
        guard maximumCurrent_A_m2 >= startCurrent_A_m2 else {
            throw SimulationError.invalidOption("maximum current must not lie below the start current")
        }
        // Lab ranges are checked where values are read (options, files); here the counts the test needs.
        try SymmetricInput.limit(.cycles, Double(cyclesPerStep), "cycles per step")
        let n = (maximumCurrent_A_m2 - startCurrent_A_m2) / stepCurrent_A_m2 + 1
        guard n.isFinite, n <= Double(Self.maximumSteps) else {
            throw SimulationError.invalidOption(String(
                format: "the test would take %.3g steps; at most %d (raise the step or lower the maximum)",
                n, Self.maximumSteps))
        }
    }
}

/// One current step of a CCD test.
public struct CriticalCurrentStep: Sendable, Equatable {
    /// J, A m⁻².
    public var current_A_m2: Double
    /// Largest |V| at a half-cycle end (or at the failure), V.
    public var overpotential_V: Double
    /// Largest mean |V| of a half-cycle of the step, V.
    public var meanOverpotential_V: Double
    public var passed: Bool
    /// The event that failed the step.
    public var event: CellEvent?
    /// Semi-infinite Sand's time t_s(J) of `Electrolyte.sandTime_s`, s (infinite for t₊ = 1); for
    /// information: below the limiting current the salt never runs out whatever t_s says.
    public var sandTime_s: Double
    /// Half-cycle length Q/J, s.
    public var halfCycle_s: Double
    /// Time at the end of the step, s.
    public var end_s: Double
    /// Short damage max(Φ₁, Φ₂) at the end of the step.
    public var damage: Double
}

/// Result of `SymmetricSimulator.criticalCurrentDensity`.
public struct CriticalCurrentResult: Sendable {
    public var electrolyteID: String
    public var temperature_C: Double
    public var test: CriticalCurrentTest
    public var steps: [CriticalCurrentStep]
    public var halfCycles: [HalfCycle]
    public var trace: SymmetricTrace
    public var rhsEvaluations: Int
    public var acceptedSteps: Int
    /// The damage law's critical current at this temperature and the criterion that set it (``CriticalCurrent``).
    public var criteria: CriticalCurrent.Evaluation
    /// The Sand current of one half-cycle of the test's capacity, A m⁻² (infinite for t₊ = 1).
    public var sandCurrent_A_m2: Double

    /// The failing step's event (nil: every step up to the maximum passed).
    public var event: CellEvent? { steps.last(where: { !$0.passed })?.event }
    /// "short circuit", "Sand onset" or "voltage limit"; nil when no step failed.
    public var failureReason: String? { event?.reason }
    /// The last step that passed, A m⁻² (nil if the first step failed). With no failure it is the
    /// maximum tried, a lower bound.
    public var criticalCurrent_A_m2: Double? { steps.last(where: { $0.passed })?.current_A_m2 }
}

extension SymmetricSimulator {
    /// Runs the CCD step test from a fresh cell (DOMAIN A3, B §4.4) as ``CriticalCurrentTest/experiment``: the state
    /// carries over from step to step, and the first step that fails ends the test.
    public func criticalCurrentDensity(_ test: CriticalCurrentTest) throws -> CriticalCurrentResult {
        try test.validate()
        let currents = test.currents
        reset(expectedDuration_s: currents.reduce(0) { $0 + 2 * Double(test.cyclesPerStep) * test.halfCycle_s(current: $1) })
        var ramp = CriticalCurrentRamp()
        try run(test.experiment) { s, position in
            let j = currents[position.block]
            let h = halfCycle(s, index: ramp.halfCycles.count + 1, current: Self.signed(j, s))
            let blockEnds = position.repetition == test.cyclesPerStep - 1 && position.step == 1
            guard ramp.add(h, first: position.repetition == 0 && position.step == 0) else { return false }
            if ramp.event != nil || blockEnds {
                ramp.steps.append(CriticalCurrentStep(
                    current_A_m2: j, overpotential_V: ramp.overpotential, meanOverpotential_V: ramp.mean,
                    passed: ramp.event == nil, event: ramp.event,
                    sandTime_s: electrolyte.sandTime_s(current_A_m2: j, temperature_K: temperature_K),
                    halfCycle_s: test.halfCycle_s(current: j), end_s: time_s, damage: model.damage(integrator.y)))
            }
            return ramp.event == nil
        }
        return CriticalCurrentResult(
            electrolyteID: electrolyte.id, temperature_C: temperature_C, test: test, steps: ramp.steps,
            halfCycles: ramp.halfCycles, trace: trace, rhsEvaluations: integrator.rhsEvaluations,
            acceptedSteps: integrator.acceptedSteps, criteria: CriticalCurrent.evaluate(electrolyte, temperature_K: temperature_K),
            sandCurrent_A_m2: CriticalCurrent.sandCurrent(electrolyte, temperature_K: temperature_K,
                                                          halfCycleCharge_C_m2: test.capacityPerHalfCycle_C_m2))
    }
}

/// The bookkeeping of a CCD ramp: the half-cycles so far, the steps done, and the present step's largest
/// overpotentials and failure.
struct CriticalCurrentRamp {
    var halfCycles: [HalfCycle] = []
    var steps: [CriticalCurrentStep] = []
    var overpotential = 0.0, mean = 0.0
    var event: CellEvent?

    /// Adds half-cycle `h` (`first`: the first of a current step); false when the test ends at once: a short or Sand
    /// onset reached exactly at the reversal into a new current step fails the step that just ended.
    mutating func add(_ h: HalfCycle, first: Bool) -> Bool {
        if first { overpotential = 0; mean = 0; event = nil }
        if let e = h.event, e.isStateEvent, h.end_s <= h.start_s, !halfCycles.isEmpty {
            // A short or Sand onset reached exactly at the reversal belongs to the half-cycle (and step) that just
            // ended.
            halfCycles[halfCycles.count - 1].event = e
            if first, !steps.isEmpty {
                steps[steps.count - 1].passed = false
                steps[steps.count - 1].event = e
                return false
            }
            event = e
            return true
        }
        halfCycles.append(h)
        overpotential = max(overpotential, h.overpotential_V)
        mean = max(mean, h.meanOverpotential_V)
        event = h.event
        return true
    }
}
