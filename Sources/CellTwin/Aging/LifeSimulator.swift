import Foundation

/// Settings of a lifetime run.
public struct LifeOptions: Sendable, Equatable {
    /// End-of-life retention, 0 < threshold ≤ 1: discharge capacity over the retention reference
    /// (``LifeResult/referenceCapacity_C_m2``; during the run, the largest discharge of the aging cycles seen so far
    /// among the first ``LifeResult/referenceCycles``).
    public var threshold = 0.8
    /// Further retentions whose crossing cycles are reported (e.g. 0.9).
    public var extraThresholds: [Double] = []
    /// Aging cycles at most (cycles of the last experiment block).
    public var maxCycles = 5000
    /// Simulate every cycle (no cycle skipping).
    public var exact = false
    /// Cycle skipping: largest relative change allowed over a block, in the state extrapolation and in
    /// the capacity and overpotential interpolated across it.
    public var skipTolerance = 5e-4
    /// Largest block of skipped cycles.
    public var maxBlock = 200
    /// Cycle skipping on a fixed schedule: every block skips exactly this many cycles (fewer at the end), with the
    /// same settling cycle and trapezoid correction but no error test; only an approaching short, the end of the Li
    /// reservoir, of the active material or of the Li contact (voids) shortens a block, and a block whose end the run does not
    /// reach (threshold crossed, cell dead) is halved as in the adaptive schedule. A block across which the capacity trend
    /// of the last simulated cycles falls below a threshold runs exactly instead, so that its crossing is a simulated cycle.
    /// The simulated cycles then do not depend on the model's parameters (except near a crossing), so the results vary
    /// smoothly with them (what a least-squares fit differentiates); nil: the adaptive schedule.
    public var fixedBlock: Int?
    /// Cycle skipping on a given schedule: the aging cycles an earlier run simulated and reported (its
    /// ``LifeCycle/simulated`` cycles), replayed with the same settling cycles, extrapolation and trapezoid correction
    /// but no error test, so that two runs of the same cell at different solver settings compare cycle by cycle (the
    /// benchmark's accuracy guard). Only an approaching short, the end of the Li reservoir or of the active material
    /// shortens a block; nil: the adaptive or fixed schedule.
    public var schedule: [Int]?
    /// Attribute the capacity lost to its mechanisms by a path integral along the run (``LifeSimulator``):
    /// at most 2P + 4·G·(P − 1) diagnostic cycles, P = `attributionCheckpoints`, G the mechanisms that moved (182 for
    /// the default P = 11 and the four mechanisms of ``LossMechanism``).
    public var attribution = true
    /// Simulated cycles at which the attribution probes the capacity's response to each mechanism (2…20; fewer when
    /// the run simulated fewer cycles).
    public var attributionCheckpoints = 11

    public init() {}

    /// Checks the options; throws a clear error for values outside their domain.
    public func validate() throws {
        for t in [threshold] + extraThresholds {
            guard t.isFinite, t > 0, t <= 1 else {
                throw SimulationError.invalidOption(String(format: "an end-of-life threshold must lie in (0, 100] %%, got %g %%", t * 100))
            }
        }
        guard maxCycles >= 1 else { throw SimulationError.invalidOption("the maximum number of cycles must be at least 1, got \(maxCycles)") }
        guard skipTolerance > 0, skipTolerance < 0.1 else { throw SimulationError.invalidOption("the skip tolerance must lie in (0, 0.1)") }
        guard maxBlock >= 1 else { throw SimulationError.invalidOption("the largest skipped block must be at least 1 cycle") }
        if let b = fixedBlock, b < 1 { throw SimulationError.invalidOption("a fixed skipped block must be at least 1 cycle, got \(b)") }
        if let c = schedule, zip(c, c.dropFirst()).contains(where: { $0 >= $1 }) {
            throw SimulationError.invalidOption("a replayed cycle schedule must list its cycles in increasing order")
        }
        guard (2...20).contains(attributionCheckpoints) else {
            throw SimulationError.invalidOption("the attribution checkpoints must number 2 to 20, got \(attributionCheckpoints)")
        }
    }
}

/// One reported aging cycle (simulated, or interpolated between simulated cycles when skipped).
public struct LifeCycle: Sendable, Equatable {
    public var cycle: Int
    public var dischargeCapacity_C_m2: Double
    public var chargeCapacity_C_m2: Double
    /// Half the gap between mean charge and discharge voltage, V (nil if a half-cycle carried no charge).
    public var overpotential_V: Double?
    public var coulombicEfficiency: Double?
    /// false for a cycle inside a skipped block (values interpolated linearly).
    public var simulated: Bool
    /// Short damage Φ at the cycle's end (the `short_damage` state; nil when degradation is off). Above
    /// ``FullCellModel/softShortOnset`` the soft short leaks and the capacity is ill-conditioned.
    public var shortDamage: Double? = nil
}

/// Capacity lost from the retention reference to the end, split by mechanism (fractions of the loss
/// Q_ref − Q_end, Q_end = 0 after a short). A named share is the path integral of the mechanism's own rate of
/// capacity loss along the run (``LifeSimulator``); the short is credited with the capacity lost at the short only.
public struct LossAttribution: Sendable, Equatable, Codable {
    /// Li- and cathode-side interphase resistance growth.
    public var resistance: Double
    /// Li inventory lost to inefficiency.
    public var lithium_inventory: Double
    public var active_material: Double
    public var short: Double
    /// Equal to `interaction` (the name of older outputs), so that the first five fractions sum to 1.
    public var other: Double
    /// The loss no named mechanism explains, 1 − Σ named: what mechanisms do only together, and the integration
    /// error of the path's checkpoints.
    public var interaction: Double

    public init(resistance: Double, lithium_inventory: Double, active_material: Double, short: Double, interaction: Double) {
        self.resistance = resistance
        self.lithium_inventory = lithium_inventory
        self.active_material = active_material
        self.short = short
        self.other = interaction
        self.interaction = interaction
    }

    /// Fractions of the loss by mechanism (missing ones 0) and the rest as the interaction.
    public init(_ shares: [LossMechanism: Double]) {
        let named = shares.values.reduce(0, +)
        self.init(resistance: shares[.resistance] ?? 0, lithium_inventory: shares[.lithiumInventory] ?? 0,
                  active_material: shares[.activeMaterial] ?? 0, short: shares[.short] ?? 0, interaction: 1 - named)
    }

    public subscript(_ m: LossMechanism) -> Double {
        switch m {
        case .resistance: return resistance
        case .lithiumInventory: return lithium_inventory
        case .activeMaterial: return active_material
        case .short: return short
        }
    }

    public static let zero = LossAttribution(resistance: 0, lithium_inventory: 0, active_material: 0, short: 0, interaction: 0)
}

/// The result of a lifetime run.
public struct LifeResult: Sendable {
    public var design: CellDesign
    public var temperature_K: Double
    public var options: LifeOptions
    public var cycles: [LifeCycle]
    /// First cycle (1-based) whose retention is below each threshold (nil if not reached).
    public var cyclesToThreshold: [Double: Int?]
    /// How the run ended.
    public var end: RunEnd
    public var attribution: LossAttribution?
    /// Diagnostic cycles the attribution ran (aging frozen), and the checkpoints of its path.
    public var attributionCycles = 0
    public var attributionCheckpoints = 0
    /// When each loss happened: the attribution's cumulative losses at each checkpoint of its path.
    public var attributionHistory: [AttributionPoint] = []
    /// The experiment that was run (for what charts and reports say they show).
    public var experiment: Experiment?
    /// Cycles actually integrated (the rest were skipped).
    public var simulatedCycles: Int
    /// Cycles the integrator ran, the attribution's diagnostic cycles aside: the simulated cycles, a settling cycle per
    /// accepted skipped block and the two cycles of each rejected block (what a lifetime run's time is spent on).
    public var integratedCycles = 0
    public var rhsEvaluations: Int
    public var acceptedSteps: Int
    /// The retention reference: the largest discharge capacity of the first ``referenceCycles`` cycles of the aging
    /// block (of the run when the aging block has none), C m⁻², and that cycle (nil: no cycle).
    public var referenceCapacity_C_m2: Double
    public var referenceCycle: Int?
    /// Cycles the retention reference is taken over: ``RetentionReference/cycles(slowestTime_s:cycleDuration_s:)`` of the
    /// cell's slowest electrical mode and its first aging cycle (``RetentionReference/cycles`` without an aging cycle),
    /// extended while the window's last cycle still rose (``RetentionReference/extends(capacity_C_m2:largestBefore_C_m2:)``).
    public var referenceCycles = RetentionReference.cycles

    public var temperature_C: Double { Units.celsius(kelvin: temperature_K) }
    /// The first cycle's discharge capacity, C m⁻².
    public var initialCapacity_C_m2: Double { cycles.first?.dischargeCapacity_C_m2 ?? 0 }

    /// Discharge capacity over the retention reference (0 without one).
    public func retention(_ c: LifeCycle) -> Double {
        referenceCapacity_C_m2 > 0 ? c.dischargeCapacity_C_m2 / referenceCapacity_C_m2 : 0
    }
}

/// Runs an experiment to end of life with the degradation states integrated (DOMAIN A4), skipping
/// cycles where aging is slow (DOMAIN A4 "cycle skipping", B §7.5).
///
/// Blocks before the last run exactly (formation, check-ups); the last block is the aging cycle,
/// repeated up to `maxCycles`. Cycle skipping, checked rather than assumed:
/// 1. after a simulated cycle, the per-cycle change d of each degradation state is known;
/// 2. a block of N cycles is skipped by moving the degradation states, and the cathode's mean stoichiometry that holds
///    the Li the anode does not, by N·d;
/// 3. one cycle is simulated to let the electrical states (x̄, diffusion modes, v_d) settle to the new
///    degradation state (its outputs are not reported: the first cycle after a jump starts from the
///    previous end of discharge); the next cycle is simulated and reported, giving the per-cycle change
///    d′ at the block's end; the states are corrected to the trapezoid estimate N·(d + d′)/2;
/// 4. the block is accepted only if that correction and the deviation of the simulated capacity and
///    overpotential from their linear prediction stay below `skipTolerance` (relative); otherwise the
///    state is restored and N shrunk (for N = 1, a few cycles run exactly). The next N follows from the block's error
///    estimate, which grows as N² (``nextBlock(after:error:maxBlock:)``: one cycle to four times more after an accepted
///    block, up to `maxBlock`, at most half after a rejected one), and shrinks to land before a threshold crossing, a
///    short (Φ → 1) or the end of the Li reservoir.
/// Skipped cycles are reported by linear interpolation between the simulated cycles around them.
///
/// Retention is the discharge capacity over the largest discharge of the first N aging cycles, all simulated exactly:
/// N = ``RetentionReference/cycles(slowestTime_s:cycleDuration_s:)``, five unless the cell's slowest electrical mode
/// (``FullCellModel/slowestElectricalTime_s``) needs more cycles to settle from the relaxed start (cycle skipping moves
/// the degradation states and the cathode's Li only, so a transient of the electrical states must be over before it starts), and one more
/// cycle while the last one still rose by more than 1e-4 (``RetentionReference/extends(capacity_C_m2:largestBefore_C_m2:)``:
/// a cut-off-limited cycle settles at its cycle map's rate, not its slowest mode's), 200 at most: the rule of
/// ``RetentionReference/window(_:slowestTime_s:firstCycleDuration_s:)``, applied cycle by cycle here and by a full
/// run's record (``RunRecord``) to its cycles. During the run a cycle is tested against the largest seen so far, and a
/// threshold's crossing is the first aging cycle below it in that sense.
///
/// Loss attribution by path integral: with C(s) the discharge capacity of a diagnostic cycle (every degradation
/// rate zero) from the state s, and s_0 … s_P the states at the end of checkpoint cycles among the simulated ones
/// from the retention reference to the end (spread evenly in cycles plus capacity change; at its end, a cycle's
/// degradation states are those its discharge, after the charge, saw most closely), mechanism k (its states in
/// ``FullCellModel/agingStateMechanisms``) loses
/// L_k = −Σ_j ½[(C(s_{j−1} + Δ_k) − C(s_{j−1})) + (C(s_j) − C(s_j − Δ_k))], Δ_k its states' change from s_{j−1} to
/// s_j: the trapezoid rule for −∫ ∂C/∂s_k·ds_k, exact per interval where C is bilinear in two mechanisms. A moved
/// state starts from the electrical state of another cycle, so every C is that of a second diagnostic cycle after a
/// settling one. A change below the integrator's noise (10·rtol·Q_ref) counts as none. A short ends the run:
/// it is credited with the last capacity before it, and the path ends at the start of the shorting cycle. The rest
/// of the loss is the interaction. Cost: at most 2P + 4·G·(P − 1) diagnostic cycles (G mechanisms that moved).
public final class LifeSimulator {
    public let simulator: Simulator
    public let options: LifeOptions

    public init(design: CellDesign, temperature_C: Double, options: LifeOptions = LifeOptions(),
                simulation: SimulationOptions = SimulationOptions()) throws {
        try options.validate()
        var sim = simulation
        sim.aging = true
        sim.recordTrace = false
        simulator = try Simulator(design: design, temperature_C: temperature_C, options: sim)
        self.options = options
    }

    /// The standard aging cycle: CC charge at `chargeRate` to V_max, CV to C/20, CC discharge at
    /// `dischargeRate` to V_min.
    public static func standardCycle(cathode: Cathode, chargeRate: Double, dischargeRate: Double) throws -> [Step] {
        try Experiment.cccv(chargeRate: chargeRate, dischargeRate: dischargeRate, minimumVoltage: cathode.minimumVoltage_V,
                            maximumVoltage: cathode.maximumVoltage_V, cycles: 1).blocks[0].steps
    }

    /// Aging cycles simulated exactly before skipping starts, at least (the cycles of the retention reference are all
    /// simulated exactly).
    static let exactLeadCycles = max(3, RetentionReference.cycles)
    /// Exact cycles after a rejected one-cycle block.
    static let exactCooldownCycles = 4

    /// The mutable state of one lifetime run: the cycles recorded so far, the run clock, how the run ends, the retention
    /// reference known so far and the states at the ends of each simulated cycle.
    private final class RunState {
        struct Snapshot {
            var state: [Double]
            var clock: Simulator.RunClock
        }

        let sim: Simulator
        let options: LifeOptions
        var clock = Simulator.RunClock()
        var trace: Trace? = nil
        var records: [LifeCycle] = []
        var end = RunEnd.maximumCycles
        var shorted = false
        /// The aging block's steps, and the index in `records` of its first cycle.
        var planned: [PlannedStep<CellControl>] = []
        var agingStart = 0
        /// Retention reference known so far: the largest discharge of the aging cycles seen, among the first few.
        var reference: Double?
        /// Cycles of the reference window, set from the first aging cycle's duration.
        var referenceCycles = RetentionReference.cycles
        /// State at the start and at the end of each simulated cycle (the last simulation of each cycle number).
        var starts: [Int: [Double]] = [:], ends: [Int: [Double]] = [:]
        /// How far the anode's Li fell below its value at the start of the last simulated cycle, C m⁻².
        var lithiumDip = 0.0
        /// Cycles integrated so far (``LifeResult/integratedCycles``).
        var integrated = 0

        init(simulator: Simulator, options: LifeOptions) {
            sim = simulator
            self.options = options
        }

        /// A copy of the integrator's state vector.
        var state: [Double] { Array(UnsafeBufferPointer(start: sim.integrator.y, count: sim.model.dimension)) }
        func snapshot() -> Snapshot { Snapshot(state: state, clock: clock) }
        func restore(_ s: Snapshot) {
            sim.integrator.setState(s.state)
            clock = s.clock
        }

        /// The record of cycle `s`, with the short damage Φ the integrator holds at its end.
        func record(_ s: CycleSummary) -> LifeCycle {
            let model = sim.model
            return LifeCycle(cycle: s.cycle, dischargeCapacity_C_m2: s.dischargeCapacity_C_m2, chargeCapacity_C_m2: s.chargeCapacity_C_m2,
                      overpotential_V: s.overpotential_V, coulombicEfficiency: s.coulombicEfficiency, simulated: true,
                      shortDamage: model.iDamage < model.dimension ? sim.integrator.y[model.iDamage] : nil)
        }

        /// Runs one cycle of the aging block; returns nil if the run must stop (and sets the end reason).
        func simulateOne() throws -> CycleSummary? {
            let start = state
            let (s, stop) = try sim.runCycle(planned, clock: &clock, trace: &trace)
            integrated += 1
            records.append(record(s))
            starts[s.cycle] = start
            ends[s.cycle] = state
            lithiumDip = LifeSimulator.lithiumDip(s)
            let agingCycles = records.count - agingStart
            if agingCycles == 1 {
                referenceCycles = RetentionReference.cycles(slowestTime_s: sim.model.slowestElectricalTime_s,
                                                            cycleDuration_s: s.duration_s)
            }
            if agingCycles <= referenceCycles {
                let before = reference ?? 0
                reference = max(before, s.dischargeCapacity_C_m2)
                // A window whose last cycle still rose takes one more (``RetentionReference/extends``).
                if agingCycles == referenceCycles, referenceCycles < RetentionReference.maximumExtendedCycles,
                   RetentionReference.extends(capacity_C_m2: s.dischargeCapacity_C_m2, largestBefore_C_m2: before) {
                    referenceCycles += 1
                }
            }
            if let stop {
                end = stop
                shorted = true
                return nil
            }
            if let ref = reference, ref > 0, s.dischargeCapacity_C_m2 < options.threshold * ref {
                end = .retentionBelow(fraction: options.threshold)
                return nil
            }
            return s
        }

        /// Runs one aging cycle; returns the change of the aging states `aging` over it (their per-cycle rate), or nil if
        /// the run must stop.
        func simulateExactly(aging: [Int]) throws -> [Double]? {
            let start = state
            guard try simulateOne() != nil else { return nil }
            let y = sim.integrator.y
            return aging.map { y[$0] - start[$0] }
        }
    }

    public func run(_ experiment: Experiment) throws -> LifeResult {
        guard let agingBlock = experiment.blocks.last else { throw ExperimentError.empty }
        lastBlockSteps = agingBlock.steps
        lastExperiment = experiment
        let sim = simulator
        let firstKind = experiment.blocks.first?.steps.first?.kind
        try sim.start(stateOfCharge: sim.options.initialStateOfCharge ?? (firstKind == .charge ? 0 : 1))
        let run = RunState(simulator: sim, options: options)

        // Formation / preceding blocks: exact.
        for block in experiment.blocks.dropLast() {
            let planned = sim.prepare(block.steps)
            for _ in 0..<block.repeatCount {
                let (s, stop) = try sim.runCycle(planned, clock: &run.clock, trace: &run.trace)
                run.integrated += 1
                run.records.append(run.record(s))
                if let stop {
                    var result = try finish(run.records, end: stop, shorted: true, agingStart: nil, starts: [:], ends: [:])
                    result.integratedCycles = run.integrated
                    return result
                }
            }
        }

        run.planned = sim.prepare(agingBlock.steps)
        run.agingStart = run.records.count
        let lastCycle = run.clock.cycle + min(agingBlock.repeatCount, options.maxCycles)
        if let rate = try runReferenceWindow(run, lastCycle: lastCycle) {
            try skipToEnd(run, rate: rate, lastCycle: lastCycle)
            if run.clock.cycle >= lastCycle && run.end == .maximumCycles {
                run.end = agingBlock.repeatCount <= options.maxCycles ? .endOfExperiment : .maximumCycles
            }
        }
        var result = try finish(run.records, end: run.end, shorted: run.shorted, agingStart: run.agingStart, starts: run.starts,
                                ends: run.ends, referenceCycles: run.referenceCycles)
        result.integratedCycles = run.integrated
        return result
    }

    /// The first aging cycles, simulated exactly: at least ``exactLeadCycles`` (the first charge from the assembled state
    /// differs from the steady cycle) and the whole retention reference window (the electrical states settle cycle by
    /// cycle). Returns the last cycle's per-cycle change of the aging states (zero if none ran), or nil if the run stopped.
    private func runReferenceWindow(_ run: RunState, lastCycle: Int) throws -> [Double]? {
        let aging = extrapolatedIndices
        var rate = [Double](repeating: 0, count: aging.count)
        for _ in 0..<Self.exactLeadCycles where run.clock.cycle < lastCycle {
            guard let d = try run.simulateExactly(aging: aging) else { return nil }
            rate = d
        }
        while run.records.count - run.agingStart < max(run.referenceCycles, Self.exactLeadCycles), run.clock.cycle < lastCycle {
            guard let d = try run.simulateExactly(aging: aging) else { return nil }
            rate = d
        }
        return rate
    }

    /// The states a block extrapolates: the degradation states the submodels declare (``FullCellModel/agingIndices``) and
    /// the cathode's mean stoichiometry x̄, which holds the Li the anode does not. Over a simulated cycle the cell's Li
    /// balance, Q_x(1 − LAM)·Δx̄ = −ΔLi − ΔQ_lost + Q_ox (the anode's Li, the Li lost, the Li⁺ oxidation draws from the
    /// salt), holds for the per-cycle changes; moving x̄ by the block's count of its own change keeps it across the block.
    /// Where the cut-off ends the discharge (excess Li) x̄ hardly moves from cycle to cycle and the settling cycle's charge
    /// resets it; where Li ends it (an anode-free cell, DOMAIN B §5.2) x̄ carries the inventory lost.
    private var extrapolatedIndices: [Int] { simulator.model.agingIndices + [simulator.model.iMean] }

    /// Whether blocks are skipped on a given schedule (fixed or replayed), without the error test.
    private var forcedSchedule: Bool { options.fixedBlock != nil || options.schedule != nil }

    /// The aging cycles after the reference window up to `lastCycle` (or until the run stops), skipping blocks as
    /// described on ``LifeSimulator``; `rate` is the last simulated cycle's per-cycle change of the aging states.
    private func skipToEnd(_ run: RunState, rate initialRate: [Double], lastCycle: Int) throws {
        let aging = extrapolatedIndices
        var rate = initialRate
        // The next block: the fixed schedule's, or the adaptive one's (1, then as its error allows,
        // ``nextBlock(after:error:maxBlock:)``). After a rejection it is at most half in both: a fixed block whose end the
        // cell does not survive (a dead cell after the jump) was otherwise retried unchanged forever.
        var block = options.fixedBlock ?? 1
        // After a block of one cycle is rejected, this many cycles run exactly before skipping is tried again.
        var exactCooldown = 0
        while run.clock.cycle < lastCycle {
            let prev = run.records[run.records.count - 1]
            let prevPrev = run.records.count >= 2 ? run.records[run.records.count - 2] : prev
            let slope = (prev.dischargeCapacity_C_m2 - prevPrev.dischargeCapacity_C_m2) / Double(max(prev.cycle - prevPrev.cycle, 1))
            let jump = nextJump(run, block: block, exact: options.exact || exactCooldown > 0, lastCycle: lastCycle, rate: rate,
                                capacity: prev.dischargeCapacity_C_m2, slope: slope)
            exactCooldown = max(exactCooldown - 1, 0)
            if jump <= 0 {
                guard let d = try run.simulateExactly(aging: aging) else { break }
                rate = d
                continue
            }
            let outcome = try skipBlock(run, jump: jump, rate: rate, prev: prev, prevPrev: prevPrev, slope: slope)
            if let d = outcome.rate {
                rate = d
                block = options.fixedBlock ?? Self.nextBlock(after: jump, error: outcome.error, maxBlock: options.maxBlock)
            } else if options.schedule != nil {
                // The replayed block ended the run (a short, the threshold): the rest runs exactly.
                exactCooldown = lastCycle
            } else if jump > 1 {
                // Go on with a smaller block: as far as the error allows (``nextBlock(after:error:maxBlock:)``), at most
                // half (an end of life inside the block is then approached more closely) …
                block = options.fixedBlock != nil ? jump / 2
                    : Self.nextBlock(after: jump, error: outcome.error, maxBlock: options.maxBlock)
            } else {
                // … or exactly for a while if even one skipped cycle is too many (fast change: early cycles, a knee).
                block = 1
                exactCooldown = Self.exactCooldownCycles
            }
        }
    }

    /// Cycles the next block skips: the block (0 if this cycle runs `exact`ly), up to a replayed schedule's next simulated
    /// cycle, leaving room for the settling and the measured cycle before `lastCycle`, within ``safeJump``.
    private func nextJump(_ run: RunState, block: Int, exact: Bool, lastCycle: Int, rate: [Double], capacity: Double,
                          slope: Double) -> Int {
        let cycle = run.clock.cycle
        var jump = exact ? 0 : min(block, lastCycle - cycle - 2)
        // A replayed schedule: skip up to its next simulated cycle (a settling and a measured cycle end a block).
        if let schedule = options.schedule, jump > 0 {
            let next = schedule.first { $0 > cycle } ?? lastCycle
            jump = min(next - cycle - 2, lastCycle - cycle - 2)
        }
        guard jump > 0 else { return jump }
        if options.fixedBlock != nil, options.schedule == nil,
           crossesThreshold(capacity: capacity, slope: slope, cycles: jump + 2, reference: run.reference ?? 0) {
            return 0
        }
        return min(jump, safeJump(d: rate, aging: extrapolatedIndices, state: run.state, lithiumDip: run.lithiumDip,
                                  reference: run.reference ?? 0, capacity: capacity, slope: slope, fixedSchedule: forcedSchedule))
    }

    /// Whether the capacity trend, `capacity` + `slope`·n after the last simulated cycle, falls below a threshold's
    /// share of `reference` within `cycles` cycles (n ≤ `cycles`) while `capacity` is above it.
    ///
    /// A fixed schedule has no error test, and the cycles inside a block are interpolated: a block across a crossing
    /// would report the crossing where the interpolation puts it. Such a block is run exactly instead, so that a crossing
    /// is the first cycle simulated below the threshold, as without skipping.
    private func crossesThreshold(capacity: Double, slope: Double, cycles: Int, reference: Double) -> Bool {
        guard slope < 0, reference > 0 else { return false }
        let end = capacity + slope * Double(cycles)
        return ([options.threshold] + options.extraThresholds).contains { t in
            end < t * reference && t * reference <= capacity
        }
    }

    /// Cycles the adaptive schedule skips in the block after one of `jump` cycles whose error estimate was `error` (the
    /// larger of ``blockErrors``'s two, over the skip tolerance: at most 1 for an accepted block; nil: none, the run
    /// stopped inside the block).
    ///
    /// Both estimates grow as the square of the block: the trapezoid correction is N·(d′ − d)/2 with d′ − d ≈ (N + 2)·d″,
    /// and the measured cycle's deviation from the linear trend is a second-order term over N + 2 cycles. The block whose
    /// predicted error is the safety factor 0.9 is N·√(0.9/error). After an accepted block the next grows by that factor,
    /// at most fourfold and by at least one cycle (an estimate near the tolerance is mostly the cycle-to-cycle noise of the
    /// overpotential, which does not shrink with the block); after a rejected one it shrinks by that factor, to at most
    /// half and at least a tenth; without an estimate, to half. Within 1…`maxBlock`. (Doubling after every accepted block
    /// instead tried blocks the error of the last one had already ruled out: on LFP at 30 °C a rejected block of 128
    /// cycles, a settling and a measured cycle lost, every second block.)
    static func nextBlock(after jump: Int, error: Double?, maxBlock: Int) -> Int {
        let n = max(jump, 1)
        guard let error, error.isFinite else { return max(1, min(maxBlock, n / 2)) }
        let factor = error > 0 ? (0.9 / error).squareRoot() : .infinity
        let next = error <= 1 ? max(n + 1, Int(Double(n) * min(factor, 4)))
            : min(n / 2, Int(Double(n) * max(factor, 0.1)))
        return max(1, min(maxBlock, next))
    }

    /// One skipped block (steps 2–4 on ``LifeSimulator``): the aging states moved by `jump`·`rate`, a settling cycle and the
    /// measured cycle simulated, the block tested unless the schedule is forced. Accepted: the states corrected to the
    /// trapezoid estimate, the skipped cycles interpolated into the records; returns the per-cycle change at the block's
    /// end. Rejected (the error test, or the run stopped inside the block): the run restored to the end of `prev`; rate
    /// nil. `error`: the larger of the block's two error estimates over the skip tolerance (nil if the run stopped inside
    /// the block or the schedule is forced).
    private func skipBlock(_ run: RunState, jump: Int, rate: [Double], prev: LifeCycle, prevPrev: LifeCycle,
                           slope: Double) throws -> (rate: [Double]?, error: Double?) {
        let aging = extrapolatedIndices
        let y = simulator.integrator.y
        let saved = run.snapshot()
        let cycleDuration = run.records.count >= 1 ? max(prev.cycle > 0 ? (run.clock.time_s / Double(run.clock.cycle)) : 0, 0) : 0
        for (k, i) in aging.enumerated() { y[i] += Double(jump) * rate[k] }
        run.clock.cycle += jump
        run.clock.time_s += Double(jump) * cycleDuration
        let recordCount = run.records.count
        // Settling cycle (not reported), then the measured cycle.
        var result = try run.simulateOne()
        var blockStart = run.state
        if result != nil {
            run.records.removeLast()
            blockStart = run.state
            result = try run.simulateOne()
        }
        let dEnd = aging.map { y[$0] - blockStart[$0] }
        var accepted = result != nil
        var relativeError: Double?
        if accepted, !forcedSchedule {
            let error = blockErrors(jump: jump, rate: rate, dEnd: dEnd, blockStart: blockStart, prev: prev, prevPrev: prevPrev,
                                    new: run.records[run.records.count - 1], slope: slope)
            accepted = error.state <= options.skipTolerance && error.output <= options.skipTolerance
            relativeError = max(error.state, error.output) / options.skipTolerance
        }
        guard accepted else {
            run.records.removeSubrange(recordCount...)
            run.restore(saved)
            run.end = .maximumCycles
            run.shorted = false
            return (nil, relativeError)
        }
        for (k, i) in aging.enumerated() { y[i] += Double(jump) * (dEnd[k] - rate[k]) / 2 }
        run.records.insert(contentsOf: interpolate(from: prev, to: run.records[run.records.count - 1]), at: run.records.count - 1)
        return (dEnd, relativeError)
    }

    /// A block's error estimates, relative: the largest trapezoid correction `jump`·(d′ − d)/2 of an aging state against
    /// its scale (``agingScale(_:state:)``), and the largest deviation of the measured cycle's capacity and overpotential
    /// from their linear trend through `prevPrev` and `prev`.
    private func blockErrors(jump: Int, rate: [Double], dEnd: [Double], blockStart: [Double], prev: LifeCycle,
                             prevPrev: LifeCycle, new: LifeCycle, slope: Double) -> (state: Double, output: Double) {
        var stateError = 0.0
        for (k, i) in simulator.model.agingIndices.enumerated() {
            let correction = Double(jump) * (dEnd[k] - rate[k]) / 2
            stateError = max(stateError, abs(correction) / agingScale(i, state: blockStart))
        }
        let steps = Double(new.cycle - prev.cycle)
        let predicted = prev.dischargeCapacity_C_m2 + slope * steps
        var outputError = abs(new.dischargeCapacity_C_m2 - predicted) / max(prev.dischargeCapacity_C_m2, 1e-12)
        if let e0 = prev.overpotential_V, let e1 = new.overpotential_V, let ePrev = prevPrev.overpotential_V {
            let etaSlope = (e0 - ePrev) / Double(max(prev.cycle - prevPrev.cycle, 1))
            outputError = max(outputError, abs(e1 - (e0 + etaSlope * steps)) / max(abs(e0), 1e-6))
        }
        return (stateError, outputError)
    }

    /// Scale against which a state's extrapolation error is judged.
    private func agingScale(_ i: Int, state: [Double]) -> Double {
        state.withUnsafeBufferPointer { simulator.model.cycleSkipScale(i, state: $0.baseAddress!) }
    }

    /// Whole cycles in `x` (rounded down), bounded to ±2⁶⁰ so that a rate near zero cannot overflow `Int`.
    static func cycleCount(_ x: Double) -> Int {
        Int(checked: x, rounding: .down, in: -(1 << 60)...(1 << 60)) ?? (x > 0 ? 1 << 60 : (x < 0 ? -(1 << 60) : 0))
    }

    /// Largest jump that stays clear of each state's declared limit (``SubmodelState/skipLimit``: a short, the end of the Li
    /// reservoir, of the active material or of the Li contact) and, unless the schedule is fixed, of a threshold crossing.
    private func safeJump(d: [Double], aging: [Int], state: [Double], lithiumDip: Double, reference: Double, capacity: Double,
                          slope: Double, fixedSchedule: Bool = false) -> Int {
        let m = simulator.model
        var limit = Int.max
        // Each state's own limit, as its submodel declares it (``CycleSkipLimit``).
        for (k, i) in aging.enumerated() where d[k] != 0 {
            guard let declared = m.agingStates.first(where: { $0.index == i })?.state,
                  let cycles = declared.skipLimitCycles(value: state[i], perCycle: d[k], dip: lithiumDip,
                                                        nominal_C_m2: m.design.nominalCapacity_C_m2) else { continue }
            limit = min(limit, Self.cycleCount(cycles) - 1)
        }
        // A fixed schedule does not aim at threshold crossings (a block across one runs exactly instead,
        // ``crossesThreshold``); it still stops short of a short circuit and of the end of the Li reservoir, where the
        // states themselves change course.
        if slope < 0, reference > 0, !fixedSchedule {
            let thresholds = ([options.threshold] + options.extraThresholds).map { $0 * reference }.filter { $0 < capacity }
            if let nearest = thresholds.max() {
                limit = min(limit, Self.cycleCount((capacity - nearest) / -slope * 0.8) - 1)
            }
        }
        return max(limit, 0)
    }

    /// The largest fall of the anode's Li below its value at the start of cycle `s`, C m⁻²: the largest running sum of
    /// the steps' charge (positive on discharge, which strips the anode). The leakage and Li losses within a cycle
    /// are left to the per-cycle rates.
    static func lithiumDip(_ s: CycleSummary) -> Double {
        var cumulative = 0.0, dip = 0.0
        for step in s.steps {
            cumulative += step.charge_C_m2
            dip = max(dip, cumulative)
        }
        return dip
    }

    /// Linear interpolation for the cycles strictly between two simulated ones.
    private func interpolate(from a: LifeCycle, to b: LifeCycle) -> [LifeCycle] {
        guard b.cycle - a.cycle > 1 else { return [] }
        let span = Double(b.cycle - a.cycle)
        func lerp(_ x: Double?, _ y: Double?, _ w: Double) -> Double? {
            guard let x, let y else { return nil }
            return x + (y - x) * w
        }
        return (a.cycle + 1..<b.cycle).map { c in
            let w = Double(c - a.cycle) / span
            return LifeCycle(cycle: c,
                             dischargeCapacity_C_m2: a.dischargeCapacity_C_m2 + (b.dischargeCapacity_C_m2 - a.dischargeCapacity_C_m2) * w,
                             chargeCapacity_C_m2: a.chargeCapacity_C_m2 + (b.chargeCapacity_C_m2 - a.chargeCapacity_C_m2) * w,
                             overpotential_V: lerp(a.overpotential_V, b.overpotential_V, w),
                             coulombicEfficiency: lerp(a.coulombicEfficiency, b.coulombicEfficiency, w), simulated: false,
                             shortDamage: lerp(a.shortDamage, b.shortDamage, w))
        }
    }

    /// - Parameters:
    ///   - agingStart: index in `records` of the aging block's first cycle (nil: the run ended before it).
    ///   - starts, ends: the state at the start and at the end of each simulated cycle, by cycle number.
    ///   - referenceCycles: cycles of the retention reference's window.
    private func finish(_ records: [LifeCycle], end: RunEnd, shorted: Bool, agingStart: Int?,
                        starts: [Int: [Double]], ends: [Int: [Double]],
                        referenceCycles: Int = RetentionReference.cycles) throws -> LifeResult {
        let first = agingStart.map { $0 < records.count ? $0 : 0 } ?? 0
        let scope = records[first...]
        let picked = RetentionReference.pick(scope.map(\.dischargeCapacity_C_m2), cycles: referenceCycles)
        let reference = picked?.capacity ?? 0
        var crossings: [Double: Int?] = [:]
        for t in [options.threshold] + options.extraThresholds {
            // The test made during the run: against the largest capacity seen so far among the first cycles.
            var known = 0.0
            var crossing: Int?
            for (k, c) in scope.enumerated() {
                if k < referenceCycles { known = max(known, c.dischargeCapacity_C_m2) }
                if known > 0, c.dischargeCapacity_C_m2 < t * known {
                    crossing = c.cycle
                    break
                }
            }
            crossings[t] = crossing
        }
        var attribution: (LossAttribution, cycles: Int, checkpoints: Int, history: [AttributionPoint])?
        if options.attribution, agingStart != nil, let picked, reference > 0 {
            attribution = try attribute(records: Array(records[(first + picked.index)...]), starts: starts, ends: ends,
                                        shorted: shorted)
        }
        let i = simulator.integrator
        var result = LifeResult(design: simulator.design, temperature_K: simulator.temperature_K, options: options, cycles: records,
                                cyclesToThreshold: crossings, end: end, attribution: attribution?.0,
                                simulatedCycles: records.filter(\.simulated).count, rhsEvaluations: i.rhsEvaluations,
                                acceptedSteps: i.acceptedSteps, referenceCapacity_C_m2: reference,
                                referenceCycle: picked.map { records[first + $0.index].cycle })
        result.attributionCycles = attribution?.cycles ?? 0
        result.attributionCheckpoints = attribution?.checkpoints ?? 0
        result.attributionHistory = attribution?.history ?? []
        result.experiment = lastExperiment
        result.referenceCycles = referenceCycles
        return result
    }

    /// The same cell with every degradation rate zero: the states are integrated but do not move. The Li–S shuttle,
    /// a parasitic current rather than a degradation, stays.
    private func frozenProbe() throws -> Simulator {
        var frozen = simulator.design
        let a = frozen.electrolyte.aging
        frozen.electrolyte.aging = AgingParameters(referenceTemperature_K: a.referenceTemperature_K, shuttleRate_per_s: a.shuttleRate_per_s,
                                                   shuttleActivationEnergy_J_mol: a.shuttleActivationEnergy_J_mol)
        frozen.electrolyte.shortLaw.referenceTime_s = .infinity
        frozen.electrolyte.shortLaw.criticalCharge_C_m2 = .infinity
        frozen.cathode.activeMaterialLoss.referenceValue = 0
        // Electrolyte oxidation stays as a parasitic current (its CEI growth is off with the aging rates); voids are frozen.
        frozen.electrolyte.aging.ceiVoltageScale_V = a.ceiVoltageScale_V
        frozen.electrolyte.aging.ceiActivationEnergy_J_mol = a.ceiActivationEnergy_J_mol
        frozen.electrolyte.voidLaw.voidCharge_C_m2 = .infinity
        return try Simulator(design: frozen, temperature_C: Units.celsius(kelvin: simulator.temperature_K), options: simulator.options)
    }

    /// Splits the loss from `records[0]` (the retention reference) to the end by the path integral described on
    /// ``LifeSimulator``. Returns nil when a diagnostic cycle cannot be simulated.
    /// - Returns: the shares, the diagnostic cycles run, the checkpoints used and the cumulative losses at each.
    private func attribute(records: [LifeCycle], starts: [Int: [Double]], ends: [Int: [Double]],
                           shorted: Bool) throws -> (LossAttribution, cycles: Int, checkpoints: Int, history: [AttributionPoint])? {
        guard let ref = records.first, let last = records.last else { return nil }
        let reference = ref.dischargeCapacity_C_m2
        // A short ends the run: capacity 0 after it, the last capacity before it lost at the short.
        let beforeShort = shorted && records.count >= 2 ? records[records.count - 2].dischargeCapacity_C_m2 : 0
        let loss = reference - (shorted ? 0 : last.dischargeCapacity_C_m2)
        guard loss > 1e-9 * reference else { return (.zero, 0, 0, []) }

        // Candidate checkpoints: the simulated cycles, each at its end (the state its discharge, which follows
        // the charge, comes closest to); the shorting cycle at its start, with the capacity before it.
        var candidates: [(state: [Double], capacity: Double, cycle: Int)] = []
        for (k, c) in records.enumerated() where c.simulated {
            let shortingCycle = shorted && k == records.count - 1
            guard let s = shortingCycle ? starts[c.cycle] : ends[c.cycle] else { continue }
            candidates.append((s, shortingCycle ? beforeShort : c.dischargeCapacity_C_m2, c.cycle))
        }
        var shares: [LossMechanism: Double] = [:]
        var history: [AttributionPoint] = []
        var probeCycles = 0
        let used = candidates.count >= 2 ? Self.checkpoints(candidates.map { (Double($0.cycle), $0.capacity) },
                                                            count: options.attributionCheckpoints) : []
        if used.count >= 2 {
            let probe = try frozenProbe()
            let planned = probe.prepare(lastBlockSteps)
            /// Discharge capacity of the second of two diagnostic cycles from `s` (a state whose degradation states
            /// were moved starts from an electrical state that belongs to other ones; every probe settles alike).
            func capacity(_ s: [Double]) throws -> Double {
                probe.integrator.setState(s)
                var clock = Simulator.RunClock()
                var trace: Trace? = nil
                _ = try probe.runCycle(planned, clock: &clock, trace: &trace)
                probeCycles += 2
                return try probe.runCycle(planned, clock: &clock, trace: &trace).0.dischargeCapacity_C_m2
            }
            let roles = simulator.model.agingStateMechanisms
            let noise = 10 * simulator.options.relativeTolerance * reference
            let mechanisms = LossMechanism.allCases.filter { m in roles.contains { $0.mechanism == m } }
            /// `s` with mechanism m's states moved by `sign`·(their change from `a` to `b`).
            func moved(_ s: [Double], _ m: LossMechanism, from a: [Double], to b: [Double], sign: Double) -> [Double]? {
                var out = s, moves = false
                for r in roles where r.mechanism == m {
                    let d = b[r.index] - a[r.index]
                    guard d != 0 else { continue }
                    moves = true
                    out[r.index] += sign * d
                    if let t = r.returnsTo { out[t] -= sign * d }
                }
                return moves ? out : nil
            }
            do {
                let base = try used.map { try capacity(candidates[$0].state) }
                history.append(AttributionPoint(cycle: candidates[used[0]].cycle, lost_C_m2: [:],
                                                total_C_m2: reference - candidates[used[0]].capacity))
                for j in 1..<used.count {
                    let a = candidates[used[j - 1]].state, b = candidates[used[j]].state
                    for m in mechanisms {
                        guard let forward = moved(a, m, from: a, to: b, sign: 1), let backward = moved(b, m, from: a, to: b, sign: -1)
                        else { continue }
                        let change = try 0.5 * ((capacity(forward) - base[j - 1]) + (base[j] - capacity(backward)))
                        if abs(change) > noise { shares[m, default: 0] -= change / loss }
                    }
                    history.append(AttributionPoint(cycle: candidates[used[j]].cycle, lost_C_m2: shares.mapValues { $0 * loss },
                                                    total_C_m2: reference - candidates[used[j]].capacity))
                }
            } catch is SimulationError {
                return nil
            } catch is ODEError {
                return nil
            }
        }
        if shorted {
            shares[.short, default: 0] += beforeShort / loss
            if let end = records.last?.cycle {
                history.append(AttributionPoint(cycle: end, lost_C_m2: shares.mapValues { $0 * loss }, total_C_m2: loss))
            }
        }
        return (LossAttribution(shares), probeCycles, used.count >= 2 ? used.count : 0, history)
    }

    /// Indices of at most `count` checkpoints among `points` (cycle, capacity), the first and the last included,
    /// spread evenly in u = cycles/span + |capacity change|/total variation (dense where the capacity moves fast).
    static func checkpoints(_ points: [(cycle: Double, capacity: Double)], count: Int) -> [Int] {
        guard points.count > count else { return Array(points.indices) }
        let span = max(points.last!.cycle - points.first!.cycle, 1)
        var variation = 0.0
        for k in 1..<points.count { variation += abs(points[k].capacity - points[k - 1].capacity) }
        var u = [0.0]
        for k in 1..<points.count {
            let dq = variation > 0 ? abs(points[k].capacity - points[k - 1].capacity) / variation : 0
            u.append(u[k - 1] + (points[k].cycle - points[k - 1].cycle) / span + dq)
        }
        var chosen: [Int] = [0]
        for m in 1..<count - 1 {
            let target = u.last! * Double(m) / Double(count - 1)
            let k = u.firstIndex { $0 >= target } ?? points.count - 1
            if k > chosen.last!, k < points.count - 1 { chosen.append(k) }
        }
        chosen.append(points.count - 1)
        return chosen
    }

    /// Steps of the aging block, and the experiment (set by `run`).
    private var lastBlockSteps: [Step] = []
    private var lastExperiment: Experiment?
}
