import Foundation
import Testing
@testable import CellTwin

/// Degradation states and lifetime runs (DOMAIN A4, B §5) against closed forms and the seed cycling data.
@Suite struct LifeSimulatorTests {
    func frozenDesign(electrolyte: String = "CMP-VAMMT") throws -> CellDesign {
        try Fixtures.frozenDesign(electrolyte: electrolyte)
    }

    func life(_ design: CellDesign, temperature: Double = 30, cycles: Int, exact: Bool = true, threshold: Double = 1e-6,
              extra: [Double] = [], rate: Double = 0.5, attribution: Bool = false) throws -> LifeResult {
        var o = LifeOptions()
        o.exact = exact
        o.threshold = threshold
        o.extraThresholds = extra
        o.maxCycles = cycles
        o.attribution = attribution
        let steps = try LifeSimulator.standardCycle(cathode: design.cathode, chargeRate: rate, dischargeRate: rate)
        return try LifeSimulator(design: design, temperature_C: temperature, options: o)
            .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: cycles)]))
    }

    /// Skipping on a fixed schedule (what fits use): within 2e-4 of the exact run in retention at every cycle, the
    /// same simulated cycles whatever the parameters, and retention varying smoothly with a fade rate (forward and
    /// backward differences of ±1 % agree to 10 %).
    @Test func fixedSkippingScheduleIsAccurateAndSmoothInTheParameters() throws {
        var d = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        d.electrolyte.shortLaw.referenceTime_s = .infinity
        d.electrolyte.shortLaw.criticalCharge_C_m2 = .infinity
        // Contact loss alone moves (the other aging laws would add their own, parameter-independent, slopes).
        d.electrolyte.voidLaw.voidCharge_C_m2 = .infinity
        d.electrolyte.oxidation.chargeParasiticFraction = 0
        func fixed(_ design: CellDesign) throws -> LifeResult {
            var o = LifeOptions()
            o.fixedBlock = 20
            o.threshold = 1e-6
            o.maxCycles = 300
            o.attribution = false
            let steps = try LifeSimulator.standardCycle(cathode: design.cathode, chargeRate: 0.5, dischargeRate: 0.5)
            return try LifeSimulator(design: design, temperature_C: 60, options: o)
                .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 300)]))
        }
        let exact = try life(d, temperature: 60, cycles: 300)
        let skipped = try fixed(d)
        #expect(skipped.simulatedCycles < 60, "\(skipped.simulatedCycles) simulated")
        for (x, y) in zip(exact.cycles, skipped.cycles) {
            #expect(abs(exact.retention(x) - skipped.retention(y)) < 2e-4, "cycle \(x.cycle)")
        }
        let k = d.electrolyte.aging.contactLossRate
        func retention(_ factor: Double) throws -> (Double, Int) {
            var e = d
            e.electrolyte.aging.contactLossRate = k * factor
            let r = try fixed(e)
            return (r.retention(r.cycles.last!), r.simulatedCycles)
        }
        // ±1 %: the retention moves by ~3e-4, a hundred times the integrator's scatter in a 300-cycle retention at rtol 1e-6
        // (a few 1e-6, which a ±0.1 % step, moving it by only 3e-5, would turn into a 20 % mismatch).
        let (r0, n0) = try retention(1), (rp, np) = try retention(1.01), (rm, nm) = try retention(0.99)
        #expect(n0 == np && n0 == nm)
        let forward = rp - r0, backward = r0 - rm
        #expect(forward < 0 && backward < 0)
        // Forward and backward differences of a ±1 % change agree (an adaptive schedule gives O(1) jumps).
        #expect(abs(forward / backward - 1) < 0.1, "forward \(forward), backward \(backward)")
    }

    /// A replayed schedule (the benchmark's accuracy guard) simulates the cycles the adaptive run simulated, and at a
    /// tighter tolerance simulates the same cycles, so the two compare cycle by cycle.
    ///
    /// What is deterministic is compared as such: the simulated cycles, the count of cycles, and the cycles before the
    /// first skipped block (the same code path from the same state: within a tenth of the integrator's relative
    /// tolerance). The cycles after it are bounded by the skipping error model. The adaptive run's rejected blocks leave
    /// the current solve another warm start, which moves a simulated cycle's values by a noise η ≤ 0.1·rtol (relative).
    /// A block extrapolates with the per-cycle change d of its last simulated cycle, a difference of two such cycles: its
    /// noise 2η, over a block of N cycles, moves the extrapolated states, and the cycles measured and interpolated after
    /// them, by at most 2Nη; the blocks' moves add up, so cycle c differs by at most η + 2η·S(c), S(c) the cycles skipped
    /// before it. That bound (6e-5 after 300 cycles) is far below the skip tolerance the adaptive run accepted its blocks
    /// against, the size of what a block simulated from another cycle, or extrapolated otherwise, would move.
        @Test func replayedScheduleSimulatesTheSameCycles() throws {
        let d = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        func run(_ schedule: [Int]?, relativeTolerance: Double = SimulationOptions().relativeTolerance) throws -> LifeResult {
            var o = LifeOptions()
            o.threshold = 1e-6
            o.maxCycles = 300
            o.attribution = false
            o.schedule = schedule
            var sim = SimulationOptions()
            sim.relativeTolerance = relativeTolerance
            let steps = try LifeSimulator.standardCycle(cathode: d.cathode, chargeRate: 0.5, dischargeRate: 0.5)
            return try LifeSimulator(design: d, temperature_C: 60, options: o, simulation: sim)
                .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 300)]))
        }
        let adaptive = try run(nil)
        let schedule = adaptive.cycles.filter(\.simulated).map(\.cycle)
        #expect(adaptive.simulatedCycles < 150, "\(adaptive.simulatedCycles) simulated: no skipping to replay")
        let replay = try run(schedule)
        #expect(replay.cycles.filter(\.simulated).map(\.cycle) == schedule)
        #expect(replay.cycles.count == adaptive.cycles.count)
        let eta = 0.1 * SimulationOptions().relativeTolerance
        var skippedBefore = 0
        for (a, b) in zip(adaptive.cycles, replay.cycles) {
            let bound = eta + 2 * eta * Double(skippedBefore)
            #expect(abs(b.dischargeCapacity_C_m2 / a.dischargeCapacity_C_m2 - 1) <= bound, "cycle \(a.cycle), bound \(bound)")
            if !a.simulated { skippedBefore += 1 }
        }
        #expect(2 * eta * Double(skippedBefore) < 0.5 * LifeOptions().skipTolerance)
        let tight = try run(schedule, relativeTolerance: 1e-9)
        #expect(tight.cycles.filter(\.simulated).map(\.cycle) == schedule)
        var options = LifeOptions()
        options.schedule = [5, 3]
        #expect(throws: SimulationError.self) { try options.validate() }
    }

    @Test func withoutDegradationCapacityStaysConstantOverAThousandCycles() throws {
        let r = try life(try frozenDesign(), cycles: 1000)
        #expect(r.cycles.count == 1000)
        let reference = r.cycles[2].dischargeCapacity_C_m2
        for c in r.cycles.dropFirst(2) {
            #expect(abs(c.dischargeCapacity_C_m2 / reference - 1) < 1e-6, "cycle \(c.cycle)")
        }
    }

    @Test func lithiumLossWithoutExcessLithiumGivesCEToTheN() throws {
        // Anode-free (no foil): every cycle keeps CE of the Li plated, so Q_n = Q₀·CEⁿ (DOMAIN B §5.2).
        // At 0.1C the discharge is limited by the Li left, not by the cut-off voltage, from the first cycle.
        var d = try frozenDesign()
        d.anode.thickness_m = 0
        d.electrolyte.aging.lithiumInefficiency = 0.03
        let r = try life(d, cycles: 40, rate: 0.1)
        let q0 = r.cycles[0].chargeCapacity_C_m2
        for c in r.cycles {
            let expected = q0 * pow(0.97, Double(c.cycle))
            #expect(abs(c.dischargeCapacity_C_m2 / expected - 1) < 1e-3, "cycle \(c.cycle)")
        }
    }

    @Test func excessLithiumDelaysTheFadeByTheReservoirOverTheLoss() throws {
        // N/P = 1 + foil/Q: capacity is flat for (N/P − 1)/(1 − CE) cycles, then falls (DOMAIN B §5.2).
        // At 0.05C the discharge is limited by Li, not by the cut-off, once the reservoir is gone.
        var d = try frozenDesign()
        d.electrolyte.aging.lithiumInefficiency = 0.01
        let q = try life(try frozenDesign(), cycles: 2, rate: 0.05).cycles[1].chargeCapacity_C_m2
        d.anode.thickness_m = (1.0 * q) / (d.anode.density_kg_m3 * d.anode.specificCapacity_C_kg)
        let r = try life(d, cycles: 130, rate: 0.05)
        let np = 1 + d.anode.capacity_C_m2 / q
        let predicted = (np - 1) / 0.01
        let flat = r.cycles[1].dischargeCapacity_C_m2
        let onset = try #require(r.cycles.first { $0.cycle > 2 && $0.dischargeCapacity_C_m2 < flat * (1 - 1e-3) }?.cycle)
        #expect(abs(Double(onset) - predicted) <= 0.02 * predicted, "onset \(onset), predicted \(predicted)")
    }

    @Test func calendarInterphaseGrowthIsParabolicAtRest() throws {
        // d(ASR²)/dt = k at rest: ASR(t) = √(ASR₀² + k t); from a fresh film ASR ∝ √t.
        var d = try frozenDesign()
        d.electrolyte.lithiumInterphaseASR_ohm_m2 = 0
        d.electrolyte.aging.seiCalendarRate_ohm2m4_s = 1e-10
        d.electrolyte.aging.seiActivationEnergy_J_mol = 0
        let sim = try Simulator(design: d, temperature_C: 30)
        var previous = 0.0
        for hours in [10.0, 40, 160, 640] {
            _ = try sim.run(try Experiment(steps: [String(format: "Rest for %g hours", hours)]))
            let asr = sim.integrator.y[sim.model.iSEISquared].squareRoot()
            #expect(abs(asr - (1e-10 * hours * 3600).squareRoot()) < 1e-6 * asr)
            if previous > 0 { #expect(abs(asr / previous - 2) < 1e-6) } // 4× the time → 2× the ASR
            previous = asr
        }
    }

    @Test func aShortEndsTheRunWithItsReasonAndCycle() throws {
        // PHE | LFP at 60 °C, 0.2C: ye2024 reports a life of about 125 cycles.
        let d = try Fixtures.design(electrolyte: "PHE", cathode: "LFP")
        let r = try life(d, temperature: 60, cycles: 400, exact: false, rate: 0.2)
        #expect(r.end.isShortCircuit)
        let last = try #require(r.cycles.last)
        #expect(last.cycle == r.cycles.count)
        #expect((60...250).contains(last.cycle), "short at cycle \(last.cycle)")
    }

    /// Thin Li (20 µm on a 15 mg/cm² LFP cathode: less excess Li than two discharges): skipping still skips — it keeps
    /// the reservoir above the cycle's own dip (~0 for a cycle that charges first), not two discharges — and stays
    /// within 0.5 % of the exact run while the reservoir lasts.
    @Test func cycleSkippingWithThinLithium() throws {
        var d = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP", loading_mg_cm2: 15)
        d.anode.thickness_m = 20e-6
        d.electrolyte.shortLaw.referenceTime_s = .infinity
        d.electrolyte.shortLaw.criticalCharge_C_m2 = .infinity
        #expect(d.anode.capacity_C_m2 < 2 * d.nominalCapacity_C_m2)
        let exact = try life(d, temperature: 60, cycles: 300, exact: true, threshold: 0.5, rate: 0.5)
        let skipped = try life(d, temperature: 60, cycles: 300, exact: false, threshold: 0.5, rate: 0.5)
        #expect(skipped.simulatedCycles < 60, "\(skipped.simulatedCycles) of 300 simulated")
        for (a, b) in zip(exact.cycles, skipped.cycles) {
            #expect(abs(b.dischargeCapacity_C_m2 / a.dischargeCapacity_C_m2 - 1) < 0.005, "capacity, cycle \(a.cycle)")
        }
    }

    @Test(arguments: [
        // (electrolyte, T °C, C-rate, cycles)
        ("CMP-VAMMT", 30.0, 0.5, 1000), ("CMP", 30.0, 0.5, 300), ("ANP-C-2.0K", 100.0, 0.5, 485),
        ("HE-PEIgPHE", 60.0, 0.2, 300), ("CPCSE", 60.0, 0.5, 1000),
    ])
    func cycleSkippingStaysWithinHalfAPercentOfTheExactRun(electrolyte: String, temperature: Double, rate: Double,
                                                          cycles: Int) throws {
        let d = try Fixtures.design(electrolyte: electrolyte, cathode: "LFP")
        let exact = try life(d, temperature: temperature, cycles: cycles, exact: true, threshold: 0.8, rate: rate)
        let skipped = try life(d, temperature: temperature, cycles: cycles, exact: false, threshold: 0.8, rate: rate)
        // Where a run ends at the threshold, the skipped run's 0.5 % capacity error may move the crossing by a cycle
        // when the capacity falls fast (CMP loses ~0.5 % a cycle near 80 %); elsewhere both run to the end.
        #expect(abs(skipped.cycles.count - exact.cycles.count) <= (exact.cycles.count < cycles ? 1 : 0),
                "\(skipped.cycles.count) vs \(exact.cycles.count) cycles")
        #expect(skipped.simulatedCycles <= exact.simulatedCycles)
        // Slow aging is where skipping pays: 1000 CMP-VAMMT cycles need few simulated ones.
        if electrolyte == "CMP-VAMMT" { #expect(skipped.simulatedCycles < 150, "\(skipped.simulatedCycles) simulated") }
        for (a, b) in zip(exact.cycles, skipped.cycles) {
            #expect(abs(b.dischargeCapacity_C_m2 / a.dischargeCapacity_C_m2 - 1) < 0.005, "capacity, cycle \(a.cycle)")
        }
        Self.expectOverpotentialsAgree(exact: exact.cycles.map(\.overpotential_V), skipped: skipped.cycles.map(\.overpotential_V),
                                       label: electrolyte)
    }

    /// The adaptive block follows its error estimate, which grows as the square of the block: the block proposed after
    /// one of N cycles with error e (over the tolerance) is the largest whose predicted error e·(N′/N)² stays within the
    /// safety factor 0.9, unless a limit holds: after an accepted block (e ≤ 1) at least N + 1 and at most 4N, after a
    /// rejected one at most N/2 and at least N/10; always 1…maxBlock; half without an estimate.
    @Test func nextBlockMeetsThePredictedErrorWithinItsBounds() {
        let maxBlock = 200
        for n in [1, 3, 16, 64, 150] {
            for e in [0.0, 1e-3, 0.05, 0.3, 0.8, 1, 1.01, 2, 30, 1e4] {
                let next = LifeSimulator.nextBlock(after: n, error: e, maxBlock: maxBlock)
                let label = "N \(n), error \(e): \(next)"
                func predicted(_ m: Int) -> Double { e * pow(Double(m) / Double(n), 2) }
                #expect(next >= 1 && next <= maxBlock, "\(label)")
                let lower: Int, upper: Int
                if e <= 1 {
                    (lower, upper) = (min(n + 1, maxBlock), min(4 * n, maxBlock))
                } else {
                    (lower, upper) = (max(1, Int(0.1 * Double(n))), max(1, n / 2))
                }
                #expect(next >= lower && next <= upper, "\(label)")
                // Within the limits, the largest block that meets the margin.
                if next > lower { #expect(predicted(next) <= 0.9 * (1 + 1e-12), "\(label)") }
                if next < upper { #expect(predicted(next + 1) > 0.9, "\(label)") }
            }
            #expect(LifeSimulator.nextBlock(after: n, error: nil, maxBlock: maxBlock) == max(1, n / 2))
        }
    }

    /// Cycles the integrator runs: every simulated cycle, one settling cycle per accepted block (a gap between simulated
    /// cycles) and two per rejected block, so (integrated − simulated − accepted) is even and counts the rejected blocks
    /// twice. An exact run integrates exactly its simulated cycles. Sizing each block from the last one's error leaves
    /// few rejected blocks on a slowly fading cell (doubling after every accepted block rejected 20 blocks of 48 here,
    /// one in two once the block had reached the size the error allows).
    @Test func integratedCyclesCountSettlingAndRejectedBlocks() throws {
        let d = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let exact = try life(d, cycles: 40, exact: true, threshold: 0.01)
        #expect(exact.integratedCycles == exact.simulatedCycles && exact.simulatedCycles == 40)
        let skipped = try life(d, cycles: 1000, exact: false, threshold: 0.01)
        let simulated = skipped.cycles.filter(\.simulated).map(\.cycle)
        let accepted = zip(simulated, simulated.dropFirst()).filter { $1 - $0 > 1 }.count
        let extra = skipped.integratedCycles - skipped.simulatedCycles - accepted
        #expect(extra >= 0 && extra % 2 == 0, "\(skipped.integratedCycles) integrated, \(simulated.count) simulated, \(accepted) blocks")
        #expect(accepted > 5, "\(accepted) blocks")
        // At most one rejected block for three accepted ones.
        #expect(3 * (extra / 2) <= accepted, "\(extra / 2) rejected blocks, \(accepted) accepted")
    }

    /// Overpotentials of a skipped run within 1 % of the exact run's, cycle by cycle (η of a skipped cycle is
    /// interpolated linearly between simulated ones). The exact run once reported an isolated cycle's η 3–5 % off both
    /// neighbours (CPCSE at 60 °C, 0.5C, cycle 796): the charge's voltage event was located by one uncontrolled explicit
    /// step across the end-of-charge knee, which put the step's integrated energy 66 J/m² (0.2 %) off. Event location
    /// now re-integrates with error control when that step misses the tolerances, and every cycle must agree.
    static func expectOverpotentialsAgree(exact: [Double?], skipped: [Double?], label: String) {
        func off(_ a: Double, _ b: Double) -> Bool { abs(a / b - 1) >= 0.01 }
        for i in exact.indices where i < skipped.count {
            guard let ea = exact[i], let eb = skipped[i], off(eb, ea) else { continue }
            Issue.record("\(label): overpotential at index \(i): skipped \(eb) V, exact \(ea) V")
        }
    }

    @Test func handSetMechanismsExpressTheSeedCyclingData() throws {
        func run(_ id: String, _ t: Double, _ rate: Double, _ n: Int) throws -> LifeResult {
            try life(try Fixtures.design(electrolyte: id, cathode: "LFP"), temperature: t, cycles: n, exact: false,
                     threshold: 0.5, rate: rate)
        }
        // li2022: CMP-VAMMT | LFP, 30 °C, 0.5C: about 14 % lost in 1000 cycles.
        let vammt = try run("CMP-VAMMT", 30, 0.5, 1000)
        let r1000 = vammt.retention(vammt.cycles[999])
        #expect(r1000 > 0.80 && r1000 < 0.92, "CMP-VAMMT retention \(r1000)")
        // li2022: CMP collapses after about 100 cycles.
        let cmp = try run("CMP", 30, 0.5, 400)
        #expect(cmp.retention(cmp.cycles[49]) > 0.95)
        let cmp80 = try #require(cmp.cycles.first { cmp.retention($0) < 0.8 }?.cycle)
        #expect((80...250).contains(cmp80), "CMP reaches 80 % at cycle \(cmp80)")
        // gao2024: ANP-C-2.0K | LFP at 100 °C, 0.5C keeps about 93 % at 450 cycles.
        let anp = try run("ANP-C-2.0K", 100, 0.5, 450)
        #expect(abs(anp.retention(anp.cycles[449]) - 0.927) < 0.03)
        // ye2024: HE-PEIgPHE | LFP at 60 °C, 0.2C keeps about 99 % at 300 cycles.
        let he = try run("HE-PEIgPHE", 60, 0.2, 300)
        #expect(he.retention(he.cycles[299]) > 0.97)
    }

    /// CMP | LFP at 30 °C, 0.5C to 90 %: its Li interphase grows fast. Independent oracle: the same cycles run with the
    /// interphase growth switched off lose (loss − that run's loss) less; the path integral's resistance share matches
    /// that fraction within 5 points, no share is negative and the interaction stays within 5 %.
    @Test func attributionMatchesARunWithTheMechanismSwitchedOff() throws {
        var o = LifeOptions()
        o.threshold = 0.9
        o.maxCycles = 400
        let d = try Fixtures.design(electrolyte: "CMP", cathode: "LFP")
        let steps = try LifeSimulator.standardCycle(cathode: d.cathode, chargeRate: 0.5, dischargeRate: 0.5)
        let r = try LifeSimulator(design: d, temperature_C: 30, options: o)
            .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 400)]))
        let a = try #require(r.attribution)
        #expect(r.end == .retentionBelow(fraction: 0.9))
        let n = try #require(r.cyclesToThreshold[0.9] ?? nil)
        try #require(n == r.cycles.last?.cycle, "the crossing is the run's last cycle")
        var without = d
        without.electrolyte.aging.seiCalendarRate_ohm2m4_s = 0
        without.electrolyte.aging.seiPlatingRate_ohm2m4_per_C_m2 = 0
        without.electrolyte.aging.ceiRate_ohm_m2_s = 0
        let k = try life(without, cycles: n, exact: false)
        let loss = r.referenceCapacity_C_m2 - r.cycles[n - 1].dischargeCapacity_C_m2
        let lossWithout = k.referenceCapacity_C_m2 - k.cycles[n - 1].dischargeCapacity_C_m2
        let oracle = (loss - lossWithout) / loss
        #expect(oracle > 0.5)
        #expect(abs(a.resistance - oracle) < 0.05, "path \(a.resistance), switched off \(oracle)")
        for m in LossMechanism.allCases { #expect(a[m] >= -1e-3, "\(m): \(a)") }
        #expect(abs(a.interaction) < 0.05 && a.other == a.interaction, "\(a)")
    }

    @Test func badLifeOptionsAreRejected() throws {
        for t in [0.0, -0.1, 1.5, .nan] {
            var o = LifeOptions()
            o.threshold = t
            #expect(throws: SimulationError.self) { try o.validate() }
        }
        var o = LifeOptions()
        o.maxCycles = 0
        #expect(throws: SimulationError.self) { try o.validate() }
        // A temperature where the gel electrolyte is not defined.
        let d = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        #expect(throws: SimulationError.self) { try LifeSimulator(design: d, temperature_C: 120) }
    }

    // MARK: - Capacity bookkeeping: the retention reference, threshold crossings and the loss attribution
    // Retention reference, threshold crossings and the path-integral loss attribution of ``LifeSimulator``.

    /// The cell of `design` with every degradation rate zero (what the attribution's diagnostic cycles run).
    func frozen(_ design: CellDesign) -> CellDesign {
        var d = design
        let a = d.electrolyte.aging
        d.electrolyte.aging = AgingParameters(referenceTemperature_K: a.referenceTemperature_K, shuttleRate_per_s: a.shuttleRate_per_s,
                                              shuttleActivationEnergy_J_mol: a.shuttleActivationEnergy_J_mol)
        d.electrolyte.shortLaw.referenceTime_s = .infinity
        d.electrolyte.shortLaw.criticalCharge_C_m2 = .infinity
        // As LifeSimulator's frozen probe: oxidation stays a parasitic current (its Tafel slope kept), voids frozen.
        d.electrolyte.aging.ceiVoltageScale_V = a.ceiVoltageScale_V
        d.electrolyte.aging.ceiActivationEnergy_J_mol = a.ceiActivationEnergy_J_mol
        d.electrolyte.voidLaw.voidCharge_C_m2 = .infinity
        d.cathode.activeMaterialLoss.referenceValue = 0
        return d
    }

    /// The state at the start of aging cycle `cycle` (1-based) of the standard cycle, simulated exactly.
    func state(_ design: CellDesign, temperature: Double, rate: Double, atStartOf cycle: Int) throws -> [Double] {
        let sim = try Simulator(design: design, temperature_C: temperature)
        let steps = try LifeSimulator.standardCycle(cathode: design.cathode, chargeRate: rate, dischargeRate: rate)
        if cycle > 1 { _ = try sim.run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: cycle - 1)])) }
        else { try sim.start(stateOfCharge: 0) }
        return Array(UnsafeBufferPointer(start: sim.integrator.y, count: sim.model.dimension))
    }

    /// Discharge capacity of the second of two standard cycles from `state` with every degradation rate zero.
    func frozenCapacity(_ design: CellDesign, temperature: Double, rate: Double, from state: [Double]) throws -> Double {
        let probe = try Simulator(design: frozen(design), temperature_C: temperature)
        let planned = probe.prepare(try LifeSimulator.standardCycle(cathode: design.cathode, chargeRate: rate, dischargeRate: rate))
        probe.integrator.setState(state)
        var clock = Simulator.RunClock()
        var trace: Trace? = nil
        _ = try probe.runCycle(planned, clock: &clock, trace: &trace)
        return try probe.runCycle(planned, clock: &clock, trace: &trace).0.dischargeCapacity_C_m2
    }

    /// A slow cathode at 0 °C delivers less in its first cycle (from the relaxed, assembled state) than in the next:
    /// referenced to cycle 1 its retention would reach 103 %. Against the largest of the first five cycles it stays
    /// at most 1 + 1e-3, with and without cycle skipping.
    @Test(arguments: [true, false])
    func retentionAfterAStartUpTransientStaysAtMostOne(exact: Bool) throws {
        let r = try life(try frozenDesign(), temperature: 0, cycles: 60, exact: exact)
        let q = r.cycles.map(\.dischargeCapacity_C_m2)
        #expect(q[1] > 1.02 * q[0], "no start-up transient: \(q[0]) then \(q[1])")
        #expect(r.referenceCapacity_C_m2 == q.prefix(5).max())
        let refCycle = try #require(r.referenceCycle)
        #expect(refCycle > 1 && refCycle <= 5)
        #expect(r.cycles[refCycle - 1].dischargeCapacity_C_m2 == r.referenceCapacity_C_m2)
        for c in r.cycles { #expect(r.retention(c) <= 1 + 1e-3, "cycle \(c.cycle): \(r.retention(c))") }
        let record = LifeRecord(r)
        #expect(record.retention_reference_cycle == refCycle)
        #expect(abs(record.retention_reference_mAh_g - r.design.mAh_g(r.referenceCapacity_C_m2)) < 1e-12)
        #expect(LifeReport.table(record).contains("largest discharge of the first 5 cycles (cycle \(refCycle))"))
    }

    /// Cut-off-limited cycles (large η) whose capacity settles at the cycle map's rate, not the salt's: LiPMCE-0.16 | LFP at
    /// 0 °C and 0.1C (η ≈ 0.4 V, ~0.27 per cycle; τ = 5.4 h against T ≈ 20 h: five cycles) reached retention 1.0028 at
    /// cycle 7 against the first five cycles; ANP-C-2.0K | LFP at 35 °C and 0.1C (η ≈ 0.6 V) starts at 26 % of its
    /// settled capacity and reached 1.0197 against the 50 cycles of the linear modes' cap. The extended window takes in
    /// the rise.
    @Test(arguments: [("LiPMCE-0.16", 0.0, 5...12, 20), ("ANP-C-2.0K", 35.0, 60...120, 160)])
    func aCutOffLimitedCycleSettlesInsideTheExtendedWindow(electrolyte: String, temperature: Double, window: ClosedRange<Int>,
                                                           cycles: Int) throws {
        let r = try life(try Fixtures.design(electrolyte: electrolyte, cathode: "LFP"), temperature: temperature, cycles: cycles,
                         exact: false, rate: 0.1)
        #expect(r.referenceCycles > window.lowerBound && r.referenceCycles < window.upperBound, "\(r.referenceCycles) reference cycles")
        #expect(r.cycles.prefix(r.referenceCycles).allSatisfy { $0.simulated })
        for c in r.cycles { #expect(r.retention(c) <= 1 + 1e-3, "cycle \(c.cycle): \(r.retention(c))") }
    }

    /// ANP-C-1.0K | LFP at 60 °C and 0.5C (the hand check that found retention 1.0016): its salt modes settle over
    /// ⌈ln(100)·τ/T⌉ cycles (τ = L²/(π²D) = 14 h, T the first cycle's duration) and the capacity rises by ~0.2 % meanwhile
    /// (measured with every degradation rate zero, so the rise is the electrolyte's, not a mechanism's). Against the
    /// largest discharge of that window the retention stays at most 1 + 1e-3; against the first five it would not.
    @Test func aSlowElectrolyteSettlesInsideTheReferenceWindow() throws {
        let frozen = try life(try frozenDesign(electrolyte: "ANP-C-1.0K"), temperature: 60, cycles: 30, exact: true)
        let q = frozen.cycles.map(\.dischargeCapacity_C_m2)
        #expect(q.max()! / q.prefix(5).max()! > 1.001, "no settling rise: \(q.max()! / q.prefix(5).max()!)")
        let model = try FullCellModel(design: frozen.design, temperature_K: frozen.temperature_K)
        let tau = model.slowestElectricalTime_s
        #expect(abs(tau / frozen.design.electrolyte.diffusionTime_s(at: frozen.temperature_K) - 1) < 1e-9)
        let d = try Fixtures.design(electrolyte: "ANP-C-1.0K", cathode: "LFP")
        let r = try life(d, temperature: 60, cycles: 60, exact: false)
        let first = try #require(r.cycles.first)
        let duration = try Simulator(design: d, temperature_C: 60).run(Experiment(blocks: [ExperimentBlock(
            steps: try LifeSimulator.standardCycle(cathode: d.cathode, chargeRate: 0.5, dischargeRate: 0.5), repeatCount: 1)]))
            .cycles[0].duration_s
        #expect(r.referenceCycles == RetentionReference.cycles(slowestTime_s: tau, cycleDuration_s: duration))
        #expect(r.referenceCycles > 10 && r.referenceCycles < 30, "\(r.referenceCycles) reference cycles")
        #expect(r.cycles.prefix(r.referenceCycles).allSatisfy { $0.simulated })
        for c in r.cycles { #expect(r.retention(c) <= 1 + 1e-3, "cycle \(c.cycle): \(r.retention(c))") }
        let five = try #require(r.cycles.prefix(5).map(\.dischargeCapacity_C_m2).max())
        #expect(r.cycles.map(\.dischargeCapacity_C_m2).max()! / five > 1.001)
        #expect(first.cycle == 1)
        #expect(LifeReport.table(LifeRecord(r)).contains("largest discharge of the first \(r.referenceCycles) cycles"))
    }

    /// Anode-free cell at 0.1C with CE_Li = 0.97: Q_n = Q_1·0.97^(n−1) (DOMAIN B §5.2). Counted by hand:
    /// retention 0.97⁷ = 0.808 at cycle 8, 0.97⁸ = 0.784 at cycle 9, so 80 % is crossed at cycle 9; 0.97³ = 0.913 at
    /// cycle 4, 0.97⁴ = 0.885 at cycle 5, so 90 % at cycle 5. The run stops at the 80 % cycle.
    @Test(arguments: [true, false])
    func thresholdCrossingsAreTheFirstCyclesBelowThem(exact: Bool) throws {
        var d = try frozenDesign()
        d.anode.thickness_m = 0
        d.electrolyte.aging.lithiumInefficiency = 0.03
        let r = try life(d, cycles: 40, exact: exact, threshold: 0.8, extra: [0.9], rate: 0.1)
        #expect(r.referenceCycle == 1)
        #expect((r.cyclesToThreshold[0.8] ?? nil) == 9)
        #expect((r.cyclesToThreshold[0.9] ?? nil) == 5)
        #expect(r.cycles.last?.cycle == 9)
        #expect(r.end == .retentionBelow(fraction: 0.8))
        let record = LifeRecord(r)
        #expect(record.cycles_to_threshold == 9)
        #expect(record.thresholds.first { $0.threshold == 0.9 }?.cycle == 5)
    }

    /// The same anode-free cell on a fixed skipping schedule (what fits and life bands run): a block moves the
    /// degradation states, not the cathode's Li that carries this cell's inventory, so the capacity measured after a block
    /// lags the closed form (80 % was reported at cycles 14, 19 and 29 for blocks of 5, 10 and 20 cycles). A block across
    /// which the capacity trend falls below a threshold runs exactly instead. Closed form Q_n = Q_1·0.97^(n−1): 90 % at
    /// cycle 5, 80 % at cycle 9, and 70 % at cycle 13 (0.97¹¹ = 0.715, 0.97¹² = 0.694), where the run stops.
    @Test(arguments: [5, 10, 20])
    func aFixedScheduleReportsTheCrossingsOfTheClosedForm(block: Int) throws {
        var d = try frozenDesign()
        d.anode.thickness_m = 0
        d.electrolyte.aging.lithiumInefficiency = 0.03
        var o = LifeOptions()
        o.fixedBlock = block
        o.threshold = 0.7
        o.extraThresholds = [0.8, 0.9]
        o.maxCycles = 40
        o.attribution = false
        let steps = try LifeSimulator.standardCycle(cathode: d.cathode, chargeRate: 0.1, dischargeRate: 0.1)
        let r = try LifeSimulator(design: d, temperature_C: 30, options: o)
            .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 40)]))
        #expect((r.cyclesToThreshold[0.9] ?? nil) == 5)
        #expect((r.cyclesToThreshold[0.8] ?? nil) == 9)
        #expect((r.cyclesToThreshold[0.7] ?? nil) == 13)
        #expect(r.end == .retentionBelow(fraction: 0.7))
        #expect(r.cycles.last?.cycle == 13)
        let q1 = try #require(r.cycles.first).dischargeCapacity_C_m2
        for c in r.cycles {
            #expect(abs(c.dischargeCapacity_C_m2 / (q1 * pow(0.97, Double(c.cycle - 1))) - 1) < 1e-3, "cycle \(c.cycle)")
        }
    }

    /// Pure Li-inventory loss (anode-free, CE_Li = 0.97 at 0.1C) with a slow loss of active material that never binds
    /// (the cathode can hold more Li than is left): the whole loss, Q_1·(1 − 0.97^(n−1)), is Li inventory (closed form),
    /// none of it active material, within 5 %.
    @Test func attributionOfALithiumLimitedCell() throws {
        var d = try frozenDesign()
        d.anode.thickness_m = 0
        d.electrolyte.aging.lithiumInefficiency = 0.03
        d.cathode.activeMaterialLoss.referenceValue = 2e-4
        let r = try life(d, cycles: 30, exact: false, rate: 0.1, attribution: true)
        let a = try #require(r.attribution)
        let q1 = r.cycles[0].dischargeCapacity_C_m2, qn = try #require(r.cycles.last).dischargeCapacity_C_m2
        #expect(abs(qn / (q1 * pow(0.97, 29)) - 1) < 5e-3)
        #expect(abs(a.lithium_inventory - 1) < 0.05, "\(a)")
        #expect(abs(a.active_material) < 0.05, "\(a)")
        #expect(abs(a.interaction) < 0.05, "\(a)")
        #expect(r.attributionCheckpoints >= 2 && r.attributionCheckpoints <= r.options.attributionCheckpoints)
        #expect(r.attributionCycles <= 2 * r.attributionCheckpoints + 4 * LossMechanism.allCases.count * (r.attributionCheckpoints - 1))
    }

    /// Two mechanisms at once: CMP | LFP at 30 °C and 0.5C for 140 cycles (every cycle simulated) with Li-interphase
    /// growth per plated charge (0.3× CMP's, from a 600 Ω cm² film) and a loss of active material at k = 5e-5 per
    /// nominal capacity cycled, on a fast cathode (solid diffusion and kinetics 1000× faster). The cut-off is then set by
    /// U(x_end) = V_min + J·R, so the capacity is (1 − LAM)·g(R) at a fixed current density. Closed form: LAM at the
    /// start of cycle n is k(T)·Σ_{i<n}(Q_charge,i + Q_discharge,i)/Q_nom (dLAM/dt = k|J|/Q₀); with g_n = C_n/(1 − LAM_n)
    /// from the run's capacities, LAM costs Σ ½(g_{n−1} + g_n)·ΔLAM_n and the resistance the rest (product rule). Each
    /// path-integral share (about half the loss each) matches its closed form within 5 % and lies between the
    /// mechanism's two one-at-a-time effects (diagnostic cycles from the last cycle's state with the other mechanism
    /// undone or not); the named shares sum to the loss within 5 %.
    @Test func pathIntegralSplitsTwoMechanismsLikeTheirClosedForms() throws {
        var d = try Fixtures.design(electrolyte: "CMP", cathode: "LFP")
        d.electrolyte.aging.lithiumInefficiency = 0
        d.electrolyte.shortLaw.referenceTime_s = .infinity
        d.electrolyte.shortLaw.criticalCharge_C_m2 = .infinity
        d.electrolyte.voidLaw.voidCharge_C_m2 = .infinity
        d.electrolyte.oxidation.onsetCurrent_A_m2 = 0
        d.electrolyte.oxidation.chargeParasiticFraction = 0
        d.electrolyte.aging.seiPlatingRate_ohm2m4_per_C_m2 *= 0.3
        d.electrolyte.lithiumInterphaseASR_ohm_m2 = 0.06
        d.cathode.activeMaterialLoss.referenceValue = 5e-5
        d.cathode.diffusionTime_s *= 1e-3
        d.cathode.exchangeCurrent.referenceValue *= 1e3
        let n = 140, rate = 0.5
        let r = try life(d, cycles: n, exact: true, rate: rate, attribution: true)
        let a = try #require(r.attribution)
        let refCycle = try #require(r.referenceCycle)
        let loss = r.referenceCapacity_C_m2 - r.cycles[n - 1].dischargeCapacity_C_m2
        #expect(loss > 0.02 * r.referenceCapacity_C_m2)

        // Closed form along the run.
        let k = d.cathode.activeMaterialLoss.value(at: Units.kelvin(celsius: 30)) / d.nominalCapacity_C_m2
        var lam = [0.0]
        for c in r.cycles { lam.append(lam.last! + k * (c.chargeCapacity_C_m2 + c.dischargeCapacity_C_m2)) }
        var lamLoss = 0.0
        for c in refCycle..<n {
            let g0 = r.cycles[c - 1].dischargeCapacity_C_m2 / (1 - lam[c - 1]), g1 = r.cycles[c].dischargeCapacity_C_m2 / (1 - lam[c])
            lamLoss += 0.5 * (g0 + g1) * (lam[c] - lam[c - 1])
        }
        let closedForm = [lamLoss, loss - lamLoss]

        // One at a time, from the state at the start of the last cycle.
        let m = try Simulator(design: d, temperature_C: 30).model
        let start = try state(d, temperature: 30, rate: rate, atStartOf: refCycle)
        let end = try state(d, temperature: 30, rate: rate, atStartOf: n)
        #expect(abs(end[m.iLAM] / lam[n - 1] - 1) < 1e-3, "LAM \(end[m.iLAM]) vs closed form \(lam[n - 1])")
        func capacity(lam: Bool, resistance: Bool) throws -> Double {
            var s = end
            if !lam { s[m.iLAM] = start[m.iLAM] }
            if !resistance { s[m.iSEISquared] = start[m.iSEISquared]; s[m.iCEI] = start[m.iCEI] }
            return try frozenCapacity(d, temperature: 30, rate: rate, from: s)
        }
        let cLR = try capacity(lam: true, resistance: true), c0R = try capacity(lam: false, resistance: true)
        let cL0 = try capacity(lam: true, resistance: false), c00 = try capacity(lam: false, resistance: false)
        let effects = [[c0R - cLR, c00 - cL0], [cL0 - cLR, c00 - c0R]]
        for (i, share) in [a.active_material, a.resistance].enumerated() {
            let lost = share * loss
            #expect(closedForm[i] > 0.2 * loss, "\(i): \(closedForm)")
            // 11 checkpoints along a curved loss: within 7 %.
            #expect(abs(lost / closedForm[i] - 1) < 0.07, "\(i): path \(lost), closed form \(closedForm[i]), one at a time \(effects[i])")
            #expect(lost >= effects[i].min()! * 0.99 && lost <= effects[i].max()! * 1.01, "\(i): path \(lost), one at a time \(effects[i])")
        }
        #expect(abs(a.resistance + a.active_material - 1) < 0.05, "\(a)")
        #expect(abs(a.lithium_inventory) < 1e-3 && a.short == 0, "\(a)")
    }

    /// Shipped cells (standard cycles to 80 % or 1000 cycles): the named mechanisms explain the loss within 5 %, and
    /// no share is negative (every mechanism here only loses capacity).
    @Test(arguments: [
        ("CMP-VAMMT", "LFP", 30.0, 0.5), ("CPCSE", "NCM811", 60.0, 0.5), ("CMP", "LFP", 30.0, 0.5),
    ])
    func namedMechanismsExplainTheLossOfShippedCells(electrolyte: String, cathode: String, temperature: Double,
                                                      rate: Double) throws {
        let d = try Fixtures.design(electrolyte: electrolyte, cathode: cathode)
        let r = try life(d, temperature: temperature, cycles: 1000, exact: false, threshold: 0.8, rate: rate, attribution: true)
        let a = try #require(r.attribution)
        let named = LossMechanism.allCases.map { a[$0] }.reduce(0, +)
        #expect(abs(named - 1) <= 0.05 && abs(a.interaction) <= 0.05, "\(a)")
        for m in LossMechanism.allCases { #expect(a[m] >= -1e-3, "\(m): \(a)") }
    }

    /// One retention rule (``RetentionReference/window(_:slowestTime_s:firstCycleDuration_s:)``): five cycles for a fast
    /// cell, one more while the window's last cycle rose by more than 1e-4 (counted by hand: cycles 5 and 6 still rise,
    /// cycle 7 by 1.7e-5 only), and a full run's record takes the window and reference of a lifetime run of the same cell
    /// (ANP-C-1.0K at 60 °C: a window past five cycles, set by its salt's settling).
    @Test func aFullRunTakesTheReferenceOfALifetimeRun() throws {
        #expect(RetentionReference.window([1, 1, 1, 1, 1, 1], slowestTime_s: 0, firstCycleDuration_s: 1) == 5)
        #expect(RetentionReference.window([1, 2, 3, 4, 5, 6, 6.0001, 5], slowestTime_s: 0, firstCycleDuration_s: 1) == 7)
        let d = try Fixtures.design(electrolyte: "ANP-C-1.0K", cathode: "LFP")
        let r = try life(d, temperature: 60, cycles: 30)
        var o = SimulationOptions()
        o.aging = true
        let steps = try LifeSimulator.standardCycle(cathode: d.cathode, chargeRate: 0.5, dischargeRate: 0.5)
        let s = try Simulator(design: d, temperature_C: 60, options: o)
            .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 30)]))
        let record = RunRecord(s)
        #expect(r.referenceCycles > RetentionReference.cycles)
        #expect(record.retention_reference_cycles == r.referenceCycles)
        #expect(record.retention_reference_cycle == r.referenceCycle)
        let reference = try #require(record.retention_reference_mAh_g)
        #expect(abs(reference / d.mAh_g(r.referenceCapacity_C_m2) - 1) < 1e-9)
    }

    /// A fixed schedule skips between crossings, and a block moves the cathode's Li with the Li lost (the anode-free
    /// cell's inventory lies in the cathode after each discharge). Anode-free at 0.1C with CE_Li = 0.99: once the
    /// discharge is limited by the Li left (the Li the cut-off left in the anode is used up within the first, exactly
    /// simulated, cycles), Q_n = Q_5·0.99^(n−5) (DOMAIN B §5.2); the run ends at 50 %. Tolerance at every reported
    /// cycle n ≥ 5, in retention: 1e-3 (the exact run's own distance from the closed form, as above) plus ½(N·ε)²,
    /// ε = 0.01: a block of N cycles extrapolates the geometric decay (1 − ε)^N linearly, 1 − N·ε, for the cycles
    /// simulated after it (the trapezoid correction follows them), and the cycles interpolated inside it lie within
    /// (N·ε)²/8 of the curve. Without the cathode's Li moved the cycle measured after a block lags the curve by N·ε.
    @Test(arguments: [5, 10, 20])
    func aFixedScheduleFollowsTheClosedFormBetweenCrossings(block: Int) throws {
        var d = try frozenDesign()
        d.anode.thickness_m = 0
        let loss = 0.01
        d.electrolyte.aging.lithiumInefficiency = loss
        var o = LifeOptions()
        o.fixedBlock = block
        o.threshold = 0.5
        o.maxCycles = 90
        o.attribution = false
        let steps = try LifeSimulator.standardCycle(cathode: d.cathode, chargeRate: 0.1, dischargeRate: 0.1)
        let r = try LifeSimulator(design: d, temperature_C: 30, options: o)
            .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 90)]))
        #expect(r.simulatedCycles < r.cycles.count / 2, "\(r.simulatedCycles) of \(r.cycles.count) simulated")
        let anchor = try #require(r.cycles.first { $0.cycle == 5 })
        #expect(anchor.simulated)
        let r5 = r.retention(anchor)
        let tolerance = 1e-3 + 0.5 * pow(Double(block) * loss, 2)
        for c in r.cycles where c.cycle >= 5 {
            let closed = r5 * pow(1 - loss, Double(c.cycle - 5))
            #expect(abs(r.retention(c) - closed) < tolerance, "cycle \(c.cycle): \(r.retention(c)) vs \(closed)")
        }
        // The crossing: the first cycle of the closed form below 50 %, within a cycle.
        let crossing = 5 + Int((log(0.5 / r5) / log(1 - loss)).rounded(.down)) + 1
        #expect(abs((r.cyclesToThreshold[0.5] ?? nil).map { $0 - crossing } ?? 99) <= 1, "closed form: cycle \(crossing)")
    }
}

/// Cycle skipping against the exact run on every shipped lifetime scenario.
@Suite struct ScenarioCycleSkippingTests {
    static var lifetimeScenarios: [String] {
        ScenarioTests.scenarioFiles.filter { path in
            (try? ScenarioFile.load(path: path))?.isLifetime ?? false
        }
    }

    @Test func thereAreLifetimeScenarios() {
        #expect(Self.lifetimeScenarios.count >= 8)
    }

    @Test(arguments: lifetimeScenarios)
    func skippedRunStaysWithinHalfAPercentOfTheExactRun(path: String) throws {
        let s = try ScenarioFile.load(path: path)
        let skipped = try s.run(library: Fixtures.models)
        let exact = try s.run(library: Fixtures.models, exact: true)
        #expect(skipped.lives.count == exact.lives.count)
        for (a, b) in zip(exact.lives, skipped.lives) {
            #expect(a.cycles.count == b.cycles.count, "\(path): \(a.cycles.count) vs \(b.cycles.count) cycles")
            for (x, y) in zip(a.cycles, b.cycles) where x.dischargeCapacity_C_m2 > 0 {
                #expect(abs(y.dischargeCapacity_C_m2 / x.dischargeCapacity_C_m2 - 1) < 0.005, "\(path) capacity, cycle \(x.cycle)")
            }
            LifeSimulatorTests.expectOverpotentialsAgree(exact: a.cycles.map(\.overpotential_V),
                                                         skipped: b.cycles.map(\.overpotential_V), label: path)
        }
    }
}
