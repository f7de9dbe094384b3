import Foundation

/// The lifetime runs of one parameter vector, one per test (cathode, temperature, C-rate): every retention and
/// coulombic-efficiency point of a test reads its cycles from the same run, simulated once to the test's last
/// fitted cycle.
final class LifeRunMemo {
    struct Test: Hashable {
        var cathode: String
        var temperature_C: Double
        var cRate: Double
    }

    var electrolyte: Electrolyte?
    /// The runs of `electrolyte` (nil: a cell the simulator cannot cycle with these parameters).
    var runs: [Test: LifeResult?] = [:]
    /// Last fitted cycle of each test, and a point of it (for its cell design).
    var horizon: [Test: Int] = [:]
    var representative: [Test: FitPoint] = [:]
}

extension FitModel {
    /// The lifetime run behind retention and cycle-life points: standard CC–CV cycles (``LifeSimulator/standardCycle``)
    /// until `cycles` or the retention `threshold`, skipping on the fixed schedule ``lifetimeBlock``, at
    /// ``simulationRelativeTolerance``.
    static func lifetimeRun(_ d: CellDesign, temperature_C: Double, chargeRate: Double, dischargeRate: Double, cycles: Int,
                            threshold: Double, stepper: ODEStepper) throws -> LifeResult {
        var o = LifeOptions()
        o.threshold = threshold
        o.maxCycles = cycles
        o.attribution = false
        o.fixedBlock = lifetimeBlock
        var sim = SimulationOptions()
        sim.relativeTolerance = simulationRelativeTolerance
        sim.stepper = stepper
        sim.budget = simulationBudget()
        let steps = try LifeSimulator.standardCycle(cathode: d.cathode, chargeRate: chargeRate, dischargeRate: dischargeRate)
        return try LifeSimulator(design: d, temperature_C: temperature_C, options: o, simulation: sim)
            .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: cycles)]))
    }

    func lifeTest(_ p: FitPoint) -> LifeRunMemo.Test {
        LifeRunMemo.Test(cathode: p.row.cathode ?? setup.cathodeID ?? "LFP", temperature_C: p.temperature_C ?? 25,
                         cRate: p.row.cRate ?? 0.5)
    }

    /// Kinds of point read from the shared lifetime run of their test.
    static let sharedRunKinds: Set<FitPointKind> = [.retention, .coulombicEfficiency, .cycledCapacity]

    /// Retention at the point's cycle (relative to the largest discharge of the reference window,
    /// ``RetentionReference/window(_:slowestTime_s:firstCycleDuration_s:)``, of the cycles run when the test's last
    /// fitted cycle comes earlier: ``LifeResult/retention(_:)``) from the shared run of its test, and
    /// how many simulations were run for it. A run that ends before the cycle (short, dead cell) gives 0, and so
    /// does a parameter set the simulator cannot cycle (control or step-size failure): the fit steps back from it.
    func sharedRetention(_ p: FitPoint, _ e: Electrolyte) throws -> (Double, Int) {
        let (run, simulated) = try sharedRun(p, e)
        let n = p.row.cycle ?? 2
        guard let run, let c = run.cycles.first(where: { $0.cycle == n }) else { return (0, simulated) }
        return (run.retention(c), simulated)
    }

    /// The point's cycle (its row's, else the first) of the shared run of its test, and how many simulations were run
    /// for it; nil when the run ends before that cycle (short, dead cell) or cannot be made.
    func sharedCycle(_ p: FitPoint, _ e: Electrolyte) throws -> (LifeCycle?, Int) {
        let (run, simulated) = try sharedRun(p, e)
        let n = p.row.cycle ?? 1
        return (run?.cycles.first { $0.cycle == n }, simulated)
    }

    /// Mean coulombic efficiency of cycles 2…N of the shared run of the point's test (N its cycle, else 10; the
    /// first cycle starts from a relaxed fresh cell), and how many simulations were run for it. A run that ends
    /// before cycle N (short, dead cell) gives 0.
    func sharedCoulombicEfficiency(_ p: FitPoint, _ e: Electrolyte) throws -> (Double, Int) {
        let (run, simulated) = try sharedRun(p, e)
        let n = p.row.cycle ?? Self.coulombicEfficiencyCycles
        guard let run, run.cycles.contains(where: { $0.cycle == n }) else { return (0, simulated) }
        let ce = run.cycles.filter { $0.cycle >= 2 && $0.cycle <= n }.compactMap(\.coulombicEfficiency)
        return (ce.isEmpty ? 0 : ce.reduce(0, +) / Double(ce.count), simulated)
    }

    /// Cycles averaged for a coulombic-efficiency row that names no cycle.
    static let coulombicEfficiencyCycles = 10

    /// The shared lifetime run of the point's test (nil: the simulator cannot cycle the cell with these
    /// parameters), and how many simulations were run to get it.
    private func sharedRun(_ p: FitPoint, _ e: Electrolyte) throws -> (LifeResult?, Int) {
        if lifeRuns.horizon.isEmpty {
            for q in points where Self.sharedRunKinds.contains(q.kind) {
                let t = lifeTest(q)
                let last = q.row.cycle ?? (q.kind == .coulombicEfficiency ? Self.coulombicEfficiencyCycles : 2)
                lifeRuns.horizon[t] = max(lifeRuns.horizon[t, default: 2], last)
                if lifeRuns.representative[t] == nil { lifeRuns.representative[t] = q }
            }
        }
        var simulated = 0
        if lifeRuns.electrolyte != e {
            // Every test's run with this electrolyte, in parallel (each its own simulator).
            let tests = lifeRuns.horizon.keys.sorted { ($0.cathode, $0.temperature_C, $0.cRate) < ($1.cathode, $1.temperature_C, $1.cRate) }
            let designs = try tests.map { try design(lifeRuns.representative[$0] ?? p, e) }
            let horizon = lifeRuns.horizon, fatal = budgetIsFatal, stepper = stepper
            let runs = try ParallelMap.run(tests.count) { k -> LifeResult? in
                let t = tests[k]
                do {
                    return try Self.lifetimeRun(designs[k], temperature_C: t.temperature_C,
                                                chargeRate: CellFormat.defaultChargeCRate(forDischarge: t.cRate),
                                                dischargeRate: t.cRate, cycles: horizon[t] ?? 2, threshold: 0.01,
                                                stepper: stepper)
                } catch is SimulationError {
                    return nil // a cell that cannot be cycled with these parameters counts as dead
                } catch let e as ODEError {
                    // Over budget at the start: the caller names the row. Over budget at a trial step of the fit: a
                    // cell the simulator cannot cycle with these parameters, like a failed run (the fit steps back).
                    if case .budgetExceeded = e, fatal { throw e }
                    return nil
                }
            }
            lifeRuns.electrolyte = e
            lifeRuns.runs = Dictionary(uniqueKeysWithValues: zip(tests, runs))
            simulated = tests.count
        }
        return (lifeRuns.runs[lifeTest(p)] ?? nil, simulated)
    }
}
