import Foundation

/// Settings of a lifetime run.
public struct LifeOptions: Sendable, Equatable {
    /// End-of-life retention (discharge capacity over the first cycle's), 0 < threshold ≤ 1.
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
    /// reservoir or of the active material shortens a block. The simulated cycles then do not depend on the model's parameters, so the results vary smoothly
    /// with them (what a least-squares fit differentiates); nil: the adaptive schedule.
    public var fixedBlock: Int?
    /// Attribute the loss at the end of life to its mechanisms (four diagnostic cycles).
    public var attribution = true

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
}

/// Capacity lost at the end of life, split by mechanism (fractions of the loss).
public struct LossAttribution: Sendable, Equatable, Codable {
    /// Li- and cathode-side interphase resistance growth.
    public var resistance: Double
    /// Li inventory lost to inefficiency (and the shuttle).
    public var lithium_inventory: Double
    public var active_material: Double
    public var short: Double
    /// What the mechanisms do only together (interaction), so the fractions sum to 1.
    public var other: Double

    public static let zero = LossAttribution(resistance: 0, lithium_inventory: 0, active_material: 0, short: 0, other: 0)
}

/// The result of a lifetime run.
public struct LifeResult: Sendable {
    public var design: CellDesign
    public var temperature_K: Double
    public var options: LifeOptions
    public var cycles: [LifeCycle]
    /// First cycle (1-based) whose retention is below each threshold (nil if not reached).
    public var cyclesToThreshold: [Double: Int?]
    public var endReason: String
    public var attribution: LossAttribution?
    /// Cycles actually integrated (the rest were skipped).
    public var simulatedCycles: Int
    public var rhsEvaluations: Int
    public var acceptedSteps: Int

    public var temperature_C: Double { Units.celsius(kelvin: temperature_K) }
    public var initialCapacity_C_m2: Double { cycles.first?.dischargeCapacity_C_m2 ?? 0 }

    public func retention(_ c: LifeCycle) -> Double {
        initialCapacity_C_m2 > 0 ? c.dischargeCapacity_C_m2 / initialCapacity_C_m2 : 0
    }
}

/// Runs an experiment to end of life with the degradation states integrated (DOMAIN A4), skipping
/// cycles where aging is slow (DOMAIN A4 "cycle skipping", B §7.5).
///
/// Blocks before the last run exactly (formation, check-ups); the last block is the aging cycle,
/// repeated up to `maxCycles`. Cycle skipping, checked rather than assumed:
/// 1. after a simulated cycle, the per-cycle change d of each degradation state is known;
/// 2. a block of N cycles is skipped by moving the degradation states by N·d;
/// 3. one cycle is simulated to let the electrical states (x̄, diffusion modes, v_d) settle to the new
///    degradation state (its outputs are not reported: the first cycle after a jump starts from the
///    previous end of discharge); the next cycle is simulated and reported, giving the per-cycle change
///    d′ at the block's end; the states are corrected to the trapezoid estimate N·(d + d′)/2;
/// 4. the block is accepted only if that correction and the deviation of the simulated capacity and
///    overpotential from their linear prediction stay below `skipTolerance` (relative); otherwise the
///    state is restored and N halved (for N = 1, a few cycles run exactly). N doubles after an accepted
///    block, up to `maxBlock`, and shrinks to land before a threshold crossing, a short (Φ → 1) or the
///    end of the Li reservoir.
/// Skipped cycles are reported by linear interpolation between the simulated cycles around them.
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

    /// Aging cycles simulated exactly before skipping starts.
    static let exactLeadCycles = 3
    /// Exact cycles after a rejected one-cycle block.
    static let exactCooldownCycles = 4

    private struct Snapshot {
        var state: [Double]
        var clock: Simulator.RunClock
    }

    public func run(_ experiment: Experiment) throws -> LifeResult {
        guard let agingBlock = experiment.blocks.last else { throw ExperimentError.empty }
        lastBlockSteps = agingBlock.steps
        let sim = simulator, model = sim.model
        let firstKind = experiment.blocks.first?.steps.first?.kind
        try sim.start(stateOfCharge: sim.options.initialStateOfCharge ?? (firstKind == .charge ? 0 : 1))
        var clock = Simulator.RunClock()
        var trace: Trace? = nil
        var records: [LifeCycle] = []
        var endReason = "maximum cycles"
        var shorted = false

        func record(_ s: CycleSummary) -> LifeCycle {
            LifeCycle(cycle: s.cycle, dischargeCapacity_C_m2: s.dischargeCapacity_C_m2, chargeCapacity_C_m2: s.chargeCapacity_C_m2,
                      overpotential_V: s.overpotential_V, coulombicEfficiency: s.coulombicEfficiency, simulated: true)
        }

        // Formation / preceding blocks: exact.
        for block in experiment.blocks.dropLast() {
            let planned = sim.prepare(block.steps)
            for _ in 0..<block.repeatCount {
                let (s, stop) = try sim.runCycle(planned, clock: &clock, trace: &trace)
                records.append(record(s))
                if let stop { return try finish(records, endReason: stop, shorted: true, lastStart: nil) }
            }
        }

        let planned = sim.prepare(agingBlock.steps)
        let lastCycle = clock.cycle + min(agingBlock.repeatCount, options.maxCycles)
        let aging = model.agingIndices
        let y = sim.integrator.y
        let n = model.dimension
        func snapshot() -> Snapshot { Snapshot(state: Array(UnsafeBufferPointer(start: y, count: n)), clock: clock) }
        func restore(_ s: Snapshot) { sim.integrator.setState(s.state); clock = s.clock }
        var reference: Double? = records.first?.dischargeCapacity_C_m2

        // How far the anode's Li fell below its value at the start of the last simulated cycle, C m⁻².
        var lithiumDip = 0.0
        /// Runs one cycle; returns nil if the run must stop (and sets the end reason).
        func simulateOne() throws -> CycleSummary? {
            let (s, stop) = try sim.runCycle(planned, clock: &clock, trace: &trace)
            records.append(record(s))
            lithiumDip = Self.lithiumDip(s)
            if reference == nil { reference = s.dischargeCapacity_C_m2 }
            if let stop {
                endReason = stop
                shorted = true
                return nil
            }
            if let ref = reference, ref > 0, s.dischargeCapacity_C_m2 < options.threshold * ref {
                endReason = String(format: "retention below %g %%", options.threshold * 100)
                return nil
            }
            return s
        }

        var lastStart = snapshot()
        // The first aging cycles run exactly (the first charge from the assembled state differs from the
        // steady cycle); they set the first per-cycle rates of the aging states.
        var rate = [Double](repeating: 0, count: aging.count)
        for _ in 0..<Self.exactLeadCycles where clock.cycle < lastCycle {
            let start = snapshot()
            lastStart = start
            guard try simulateOne() != nil else {
                return try finish(records, endReason: endReason, shorted: shorted, lastStart: lastStart)
            }
            rate = aging.map { y[$0] - start.state[$0] }
        }
        var block = 1
        // After a block of one cycle is rejected, this many cycles run exactly before skipping is tried again.
        var exactCooldown = 0
        while clock.cycle < lastCycle {
            let prev = records[records.count - 1]
            let prevPrev = records.count >= 2 ? records[records.count - 2] : prev
            let slope = (prev.dischargeCapacity_C_m2 - prevPrev.dischargeCapacity_C_m2) / Double(max(prev.cycle - prevPrev.cycle, 1))
            let fixed = options.fixedBlock
            var jump = options.exact || exactCooldown > 0 ? 0 : min(fixed ?? block, lastCycle - clock.cycle - 2)
            exactCooldown = max(exactCooldown - 1, 0)
            if jump > 0 {
                jump = min(jump, safeJump(d: rate, aging: aging, state: snapshot().state, lithiumDip: lithiumDip,
                                          reference: reference ?? 0,
                                          capacity: prev.dischargeCapacity_C_m2, slope: slope, fixedSchedule: fixed != nil))
            }
            if jump <= 0 {
                let start = snapshot()
                lastStart = start
                guard try simulateOne() != nil else { break }
                rate = aging.map { y[$0] - start.state[$0] }
                continue
            }
            // Skip `jump` cycles (aging states moved by jump·rate), then simulate one.
            let saved = snapshot()
            let cycleDuration = records.count >= 1 ? max(prev.cycle > 0 ? (clock.time_s / Double(clock.cycle)) : 0, 0) : 0
            for (k, i) in aging.enumerated() { y[i] += Double(jump) * rate[k] }
            clock.cycle += jump
            clock.time_s += Double(jump) * cycleDuration
            let recordCount = records.count
            // Settling cycle (not reported), then the measured cycle.
            var result = try simulateOne()
            var blockStart = snapshot()
            if result != nil {
                records.removeLast()
                blockStart = snapshot()
                result = try simulateOne()
            }
            let dEnd = aging.map { y[$0] - blockStart.state[$0] }
            // Error estimate: the trapezoid correction jump·(d′ − d)/2 relative to each state's scale, and the
            // deviation of the simulated capacity and overpotential from their linear trend.
            var stateError = 0.0
            for (k, i) in aging.enumerated() {
                let correction = Double(jump) * (dEnd[k] - rate[k]) / 2
                stateError = max(stateError, abs(correction) / agingScale(i, state: blockStart.state))
            }
            let new = records[records.count - 1]
            let steps = Double(new.cycle - prev.cycle)
            let predicted = prev.dischargeCapacity_C_m2 + slope * steps
            var outputError = abs(new.dischargeCapacity_C_m2 - predicted) / max(prev.dischargeCapacity_C_m2, 1e-12)
            if let e0 = prev.overpotential_V, let e1 = new.overpotential_V, let ePrev = prevPrev.overpotential_V {
                let etaSlope = (e0 - ePrev) / Double(max(prev.cycle - prevPrev.cycle, 1))
                outputError = max(outputError, abs(e1 - (e0 + etaSlope * steps)) / max(abs(e0), 1e-6))
            }
            let accepted = result != nil
                && (fixed != nil || stateError <= options.skipTolerance && outputError <= options.skipTolerance)
            if !accepted || result == nil {
                // Reject: back to the end of the last simulated cycle; go on with half the block (an end
                // of life inside the block is then approached more closely), or exactly for a while if
                // even one skipped cycle is too many (fast change: early cycles, a knee).
                records.removeSubrange(recordCount...)
                restore(saved)
                endReason = "maximum cycles"
                shorted = false
                if jump > 1 {
                    block = jump / 2
                } else {
                    block = 1
                    exactCooldown = Self.exactCooldownCycles
                }
                continue
            }
            // Accept: correct the states to the trapezoid estimate and fill the skipped cycles.
            for (k, i) in aging.enumerated() { y[i] += Double(jump) * (dEnd[k] - rate[k]) / 2 }
            records.insert(contentsOf: interpolate(from: prev, to: new), at: records.count - 1)
            lastStart = blockStart
            rate = dEnd
            guard result != nil else { break }
            block = min(options.maxBlock, max(1, jump) * 2)
        }
        if clock.cycle >= lastCycle && endReason == "maximum cycles" {
            endReason = agingBlock.repeatCount <= options.maxCycles ? "end of experiment" : "maximum cycles"
        }
        return try finish(records, endReason: endReason, shorted: shorted, lastStart: lastStart)
    }

    /// Scale against which a state's extrapolation error is judged.
    private func agingScale(_ i: Int, state: [Double]) -> Double {
        let m = simulator.model
        let q = m.design.nominalCapacity_C_m2
        switch i {
        case m.iSEISquared: return max(state[i], 1e-12)
        case m.iCEI: return max(m.seriesASR_ohm_m2(state), 1e-9)
        case m.iLithium, m.iLithiumLost: return q
        default: return 1 // LAM and Φ are fractions
        }
    }

    /// Largest jump that stays clear of a threshold crossing, a short and the end of the Li reservoir.
    /// Whole cycles in `x` (rounded down), bounded to ±2⁶⁰ so that a rate near zero cannot overflow `Int`.
    static func cycleCount(_ x: Double) -> Int {
        Int(checked: x, rounding: .down, in: -(1 << 60)...(1 << 60)) ?? (x > 0 ? 1 << 60 : (x < 0 ? -(1 << 60) : 0))
    }

    private func safeJump(d: [Double], aging: [Int], state: [Double], lithiumDip: Double, reference: Double, capacity: Double,
                          slope: Double, fixedSchedule: Bool = false) -> Int {
        let m = simulator.model
        var limit = Int.max
        for (k, i) in aging.enumerated() where d[k] != 0 {
            switch i {
            case m.iDamage where d[k] > 0:
                limit = min(limit, Self.cycleCount((0.9 - state[i]) / d[k]) - 1)
            case m.iLithium where d[k] < 0:
                // Keep the reservoir, at its lowest in the cycle (its value at the cycle's start less the dip of
                // the last simulated cycle: ~0 when a cycle charges first, a discharge when it discharges first),
                // above 5 % of the nominal capacity.
                let margin = lithiumDip + 0.05 * m.design.nominalCapacity_C_m2
                limit = min(limit, Self.cycleCount((state[i] - margin) / -d[k]) - 1)
            case m.iLAM where d[k] > 0:
                limit = min(limit, Self.cycleCount((0.5 - state[i]) / d[k]) - 1)
            default: break
            }
        }
        // A fixed schedule does not aim at threshold crossings (they are interpolated); it still stops short of a
        // short circuit and of the end of the Li reservoir, where the states themselves change course.
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
                             coulombicEfficiency: lerp(a.coulombicEfficiency, b.coulombicEfficiency, w), simulated: false)
        }
    }

    private func finish(_ records: [LifeCycle], endReason: String, shorted: Bool, lastStart: Snapshot?) throws -> LifeResult {
        let reference = records.first?.dischargeCapacity_C_m2 ?? 0
        var crossings: [Double: Int?] = [:]
        for t in [options.threshold] + options.extraThresholds {
            crossings[t] = records.first(where: { reference > 0 && $0.dischargeCapacity_C_m2 < t * reference })?.cycle
        }
        var attribution: LossAttribution?
        if options.attribution, let lastStart, reference > 0 {
            attribution = try attribute(records: records, from: lastStart.state, shorted: shorted, reference: reference)
        }
        let i = simulator.integrator
        return LifeResult(design: simulator.design, temperature_K: simulator.temperature_K, options: options, cycles: records,
                          cyclesToThreshold: crossings, endReason: endReason, attribution: attribution,
                          simulatedCycles: records.filter(\.simulated).count, rhsEvaluations: i.rhsEvaluations,
                          acceptedSteps: i.acceptedSteps)
    }

    /// Splits the capacity lost by the end into mechanisms: diagnostic cycles without further aging,
    /// from the last simulated cycle's start, with one mechanism at a time undone.
    private func attribute(records: [LifeCycle], from state: [Double], shorted: Bool, reference: Double) throws -> LossAttribution {
        let m = simulator.model
        // The same cell with every degradation rate zero: the states are integrated but do not move.
        var frozen = simulator.design
        frozen.electrolyte.aging = .none
        frozen.electrolyte.shortLaw.referenceTime_s = .infinity
        frozen.electrolyte.shortLaw.criticalCurrent_A_m2 = .infinity
        frozen.cathode.activeMaterialLoss.referenceValue = 0
        let probe = try Simulator(design: frozen, temperature_C: Units.celsius(kelvin: simulator.temperature_K),
                                  options: simulator.options)
        let fresh = m.initialState(stateOfCharge: 0)
        let planned = probe.prepare(lastBlockSteps)
        func capacity(_ edit: (inout [Double]) -> Void) throws -> Double {
            var s = state
            edit(&s)
            probe.integrator.setState(s)
            var clock = Simulator.RunClock()
            var trace: Trace? = nil
            let (summary, _) = try probe.runCycle(planned, clock: &clock, trace: &trace)
            return summary.dischargeCapacity_C_m2
        }
        let aged = try capacity { _ in }
        let noResistance = try capacity { s in
            s[m.iSEISquared] = fresh[m.iSEISquared]
            s[m.iCEI] = fresh[m.iCEI]
        }
        let noLithiumLoss = try capacity { s in
            s[m.iLithium] += s[m.iLithiumLost]
            s[m.iLithiumLost] = 0
        }
        let noLAM = try capacity { s in s[m.iLAM] = 0 }
        let lastCapacity = records.last(where: { $0.dischargeCapacity_C_m2 > 0 })?.dischargeCapacity_C_m2 ?? aged
        let finalCapacity = shorted ? 0 : (records.last?.dischargeCapacity_C_m2 ?? aged)
        let loss = reference - finalCapacity
        guard loss > 1e-9 * reference else { return .zero }
        let shortPart = shorted ? lastCapacity : 0
        let r = max(noResistance - aged, 0), li = max(noLithiumLoss - aged, 0), lam = max(noLAM - aged, 0)
        let other = loss - shortPart - r - li - lam
        return LossAttribution(resistance: r / loss, lithium_inventory: li / loss, active_material: lam / loss,
                               short: shortPart / loss, other: other / loss)
    }

    /// Steps of the aging block (set by `run`).
    private var lastBlockSteps: [Step] = []
}
