import Foundation

/// Galvanostatic plating/stripping of a Li | E | Li cell (DOMAIN A3): ±J alternating, each
/// half-cycle passing `capacityPerHalfCycle_C_m2` (lasting Q/J), for `duration_s` in total (the last
/// half-cycle is cut at that time). The first half-cycle has J > 0: it plates electrode 2.
public struct PlatingStripping: Sendable, Equatable {
    /// |J|, A m⁻².
    public var current_A_m2: Double
    /// Q per half-cycle, C m⁻².
    public var capacityPerHalfCycle_C_m2: Double
    /// Total time, s.
    public var duration_s: Double

    public init(current_A_m2: Double, capacityPerHalfCycle_C_m2: Double, duration_s: Double) {
        self.current_A_m2 = current_A_m2
        self.capacityPerHalfCycle_C_m2 = capacityPerHalfCycle_C_m2
        self.duration_s = duration_s
    }

    /// Lab units: mA cm⁻², mAh cm⁻² per half-cycle, hours.
    public init(current_mA_cm2: Double, capacity_mAh_cm2: Double, duration_h: Double) {
        self.init(current_A_m2: Units.A_m2(mA_cm2: current_mA_cm2),
                  capacityPerHalfCycle_C_m2: Units.C_m2(mAh_cm2: capacity_mAh_cm2), duration_s: duration_h * 3600)
    }

    /// Length of one half-cycle, s.
    public var halfCycle_s: Double { capacityPerHalfCycle_C_m2 / current_A_m2 }

    /// Number of half-cycles begun in `duration_s`; nil when it is not a representable count (a capacity of
    /// 1e-300 mAh/cm²), which ``validate()`` reports.
    public var halfCycleCount: Int? { Int(checked: duration_s / halfCycle_s * (1 - 1e-12), rounding: .up, in: 0...Int.max) }

    /// Most half-cycles one run may hold (10⁶: e.g. 1 min half-cycles for two years).
    public static let maximumHalfCycles = 1_000_000

    /// The test as an experiment: half-cycles at ±J of Q/J each, a charge (plating electrode 2) first, the last one cut
    /// at the total time.
    public var experiment: Experiment {
        let n = halfCycleCount ?? 0, h = halfCycle_s, j = current_A_m2
        let full = max(n - 1, 0)
        let last = duration_s - Double(full) * h
        var blocks: [ExperimentBlock] = []
        let charge = Step.charge(.currentDensity(j), until: .duration(h))
        if full / 2 > 0 {
            blocks.append(ExperimentBlock(steps: [charge, .discharge(.currentDensity(j), until: .duration(h))],
                                          repeatCount: full / 2))
        }
        if n > 0 {
            blocks.append(ExperimentBlock(steps: full % 2 == 0 ? [.charge(.currentDensity(j), until: .duration(min(h, last)))]
                                          : [charge, .discharge(.currentDensity(j), until: .duration(min(h, last)))]))
        }
        return Experiment(blocks: blocks)
    }

    public func validate() throws {
        try SymmetricInput.positive(current_A_m2, "current")
        try SymmetricInput.positive(capacityPerHalfCycle_C_m2, "capacity per half-cycle")
        try SymmetricInput.positive(duration_s, "duration")
        // The lab ranges of the inputs (InputLimit) are checked where values are read (options, files); here only
        // what the simulator itself needs: a representable number of half-cycles.
        guard let n = halfCycleCount, n <= Self.maximumHalfCycles else {
            throw SimulationError.invalidOption(String(
                format: "%.3g half-cycles of %.3g s exceed the limit of %d; raise the capacity or shorten the run",
                duration_s / halfCycle_s, halfCycle_s, Self.maximumHalfCycles))
        }
    }
}

/// One half-cycle of a galvanostatic run.
public struct HalfCycle: Sendable, Equatable {
    /// 1-based.
    public var index: Int
    public var start_s: Double
    public var end_s: Double
    /// Signed J, A m⁻² (> 0 plates electrode 2).
    public var current_A_m2: Double
    /// Signed V at the end, V.
    public var endVoltage_V: Double
    /// Signed mean V over the half-cycle, V.
    public var meanVoltage_V: Double
    /// Charge passed, signed, C m⁻².
    public var charge_C_m2: Double
    /// ASR_SEI of electrode 1 and 2 at the end, Ω m².
    public var interphaseASR1_ohm_m2: Double
    public var interphaseASR2_ohm_m2: Double
    /// Short damage max(Φ₁, Φ₂) at the end.
    public var damage: Double
    /// The event that cut the half-cycle short, if any.
    public var event: CellEvent?

    /// |V| at the end of the half-cycle, V.
    public var overpotential_V: Double { abs(endVoltage_V) }
    /// Mean V in the direction of the current, V.
    public var meanOverpotential_V: Double { current_A_m2 < 0 ? -meanVoltage_V : meanVoltage_V }
}

/// Result of `SymmetricSimulator.platingStripping`.
public struct PlatingStrippingResult: Sendable {
    public var electrolyteID: String
    public var temperature_C: Double
    public var test: PlatingStripping
    public var halfCycles: [HalfCycle]
    public var trace: SymmetricTrace
    /// The event that ended the run early (nil: it ran its full duration).
    public var event: CellEvent?
    /// Time of the run's end, s.
    public var end_s: Double
    public var rhsEvaluations: Int
    public var acceptedSteps: Int

    /// "completed", or the event's reason ("short circuit", "Sand onset", "voltage limit").
    public var endReason: String { event?.reason ?? "completed" }
    /// Time to short, s: the short-law event or Sand onset (DOMAIN A4 counts both); nil otherwise.
    public var timeToShort_s: Double? {
        switch event {
        case .shortCircuit, .sandOnset: return end_s
        default: return nil
        }
    }
}

extension CellEvent {
    /// True for events set by the state alone (short damage, salt depletion), not by the present control.
    var isStateEvent: Bool {
        switch self {
        case .shortCircuit, .sandOnset, .lithiumExhausted, .cathodeSaltDepleted, .cathodeSurfaceFull, .cathodeSurfaceEmpty:
            return true
        case .voltage, .voltageLimit, .currentBelow, .chargePassed: return false
        }
    }
}

/// Input checks shared by the symmetric protocols (messages name the quantity).
enum SymmetricInput {
    /// `x` (lab unit) within `limit`, else a ``SimulationError/invalidOption(_:)`` naming `name` and the limit.
    static func limit(_ limit: InputLimit, _ x: Double, _ name: String) throws {
        if let problem = limit.problem(x) { throw SimulationError.invalidOption("\(name): \(problem)") }
    }

    static func positive(_ x: Double, _ name: String) throws {
        guard x.isFinite, x > 0 else { throw SimulationError.invalidOption("\(name) must be a positive number, got \(x)") }
    }
}

extension SymmetricSimulator {
    /// A half-cycle record of the step `s` just run at current `j`.
    func halfCycle(_ s: StepSummary, index: Int, current j: Double) -> HalfCycle {
        let segment = self.segment(s, control: .current(A_m2: j))
        let y = integrator.y
        let (a1, a2) = model.interphaseASR(y)
        return HalfCycle(index: index, start_s: segment.start_s, end_s: segment.end_s, current_A_m2: j,
                         endVoltage_V: segment.endVoltage_V, meanVoltage_V: segment.meanVoltage_V,
                         charge_C_m2: segment.charge_C_m2, interphaseASR1_ohm_m2: a1, interphaseASR2_ohm_m2: a2,
                         damage: model.damage(y), event: segment.event)
    }

    /// The signed current of a charge (J > 0, plating electrode 2) or discharge step of `magnitude`.
    static func signed(_ magnitude: Double, _ s: StepSummary) -> Double { s.kind == .discharge ? -magnitude : magnitude }

    /// Galvanostatic plating/stripping from a fresh cell until `test.duration_s` or the first short,
    /// Sand onset or voltage limit (DOMAIN A3), run as ``PlatingStripping/experiment``. The trace keeps every
    /// half-cycle's ends plus about `options.traceSamples` points, so a 1500 h run stays small.
    public func platingStripping(_ test: PlatingStripping) throws -> PlatingStrippingResult {
        try test.validate()
        reset(expectedDuration_s: test.duration_s)
        var halfCycles: [HalfCycle] = []
        halfCycles.reserveCapacity(test.halfCycleCount ?? 0)
        var event: CellEvent?
        try run(test.experiment) { s, _ in
            let h = halfCycle(s, index: halfCycles.count + 1, current: Self.signed(test.current_A_m2, s))
            if halfCycles.isEmpty, case .voltageLimit = h.event, h.end_s <= h.start_s {
                // The cell cannot carry the current at all: that is an error, not a result.
                throw SimulationError.invalidOption(String(
                    format: "Li | %@ | Li at %g °C cannot carry a current of %g mA/cm²: |V| = %.4g V at the start exceeds the voltage limit of %g V (--voltage-limit); try a lower current, a higher temperature or a higher limit",
                    electrolyte.id, temperature_C, test.current_A_m2 / 10, abs(h.endVoltage_V), options.voltageLimit_V))
            }
            guard let e = h.event else {
                halfCycles.append(h)
                return true
            }
            event = e
            // A state event (short, Sand) reached exactly at the reversal belongs to the half-cycle that just ended;
            // the voltage limit depends on the new current and stays with the new one.
            if h.end_s <= h.start_s, e.isStateEvent, !halfCycles.isEmpty { halfCycles[halfCycles.count - 1].event = e }
            else { halfCycles.append(h) }
            return false
        }
        return PlatingStrippingResult(electrolyteID: electrolyte.id, temperature_C: temperature_C, test: test,
                                      halfCycles: halfCycles, trace: trace, event: event, end_s: time_s,
                                      rhsEvaluations: integrator.rhsEvaluations, acceptedSteps: integrator.acceptedSteps)
    }
}
