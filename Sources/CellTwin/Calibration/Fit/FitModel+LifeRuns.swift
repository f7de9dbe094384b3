import Foundation

/// The lifetime runs of one parameter vector, one per test (cathode, temperature, C-rate): every retention point of
/// a test reads its cycle from the same run, simulated once to the test's last fitted cycle.
final class LifeRunMemo {
    struct Test: Hashable {
        var cathode: String
        var temperature_C: Double
        var cRate: Double
    }

    var electrolyte: Electrolyte?
    var runs: [Test: LifeResult] = [:]
    /// Last fitted cycle of each test.
    var horizon: [Test: Int] = [:]
}

extension FitModel {
    /// The lifetime run behind retention and cycle-life points: standard CC–CV cycles (``LifeSimulator/standardCycle``)
    /// until `cycles` or the retention `threshold`, skipping on the fixed schedule ``lifetimeBlock``, rtol 1e-5.
    static func lifetimeRun(_ d: CellDesign, temperature_C: Double, chargeRate: Double, dischargeRate: Double, cycles: Int,
                            threshold: Double) throws -> LifeResult {
        var o = LifeOptions()
        o.threshold = threshold
        o.maxCycles = cycles
        o.attribution = false
        o.fixedBlock = lifetimeBlock
        var sim = SimulationOptions()
        sim.relativeTolerance = 1e-5
        let steps = try LifeSimulator.standardCycle(cathode: d.cathode, chargeRate: chargeRate, dischargeRate: dischargeRate)
        return try LifeSimulator(design: d, temperature_C: temperature_C, options: o, simulation: sim)
            .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: cycles)]))
    }

    func lifeTest(_ p: FitPoint) -> LifeRunMemo.Test {
        LifeRunMemo.Test(cathode: p.row.cathode ?? setup.cathodeID ?? "LFP", temperature_C: p.temperature_C ?? 25,
                         cRate: p.row.cRate ?? 0.5)
    }

    /// Retention at the point's cycle (relative to the model's first cycle) from the shared run of its test, and
    /// whether a simulation was run for it. A run that ends before the cycle (short, dead cell) gives 0, and so does
    /// a parameter set the simulator cannot cycle (control or step-size failure): the fit steps back from it.
    func sharedRetention(_ p: FitPoint, _ e: Electrolyte, design d: CellDesign) throws -> (Double, Bool) {
        if lifeRuns.horizon.isEmpty {
            for q in points where q.kind == .retention {
                lifeRuns.horizon[lifeTest(q), default: 2] = max(lifeRuns.horizon[lifeTest(q), default: 2], q.row.cycle ?? 2)
            }
        }
        if lifeRuns.electrolyte != e {
            lifeRuns.electrolyte = e
            lifeRuns.runs = [:]
        }
        let test = lifeTest(p), n = p.row.cycle ?? 2
        var simulated = false
        let run: LifeResult
        if let r = lifeRuns.runs[test] {
            run = r
        } else {
            let last = max(lifeRuns.horizon[test] ?? n, n)
            do {
                run = try Self.lifetimeRun(d, temperature_C: test.temperature_C,
                                           chargeRate: CellFormat.defaultChargeCRate(forDischarge: test.cRate),
                                           dischargeRate: test.cRate, cycles: last, threshold: 0.01)
            } catch is SimulationError {
                return (0, true) // a cell that cannot be cycled with these parameters counts as dead
            } catch is ODEError {
                return (0, true)
            }
            lifeRuns.runs[test] = run
            simulated = true
        }
        guard let c = run.cycles.first(where: { $0.cycle == n }) else { return (0, simulated) }
        return (run.retention(c), simulated)
    }
}
