import Foundation
import Testing
@testable import CellTwin

/// Golden outputs of every shipped scenario: the first cycles of each (at most ``cycleCap`` cycles over its blocks, every
/// temperature) with degradation on, rendered at five significant digits with every step's text and end, and a
/// lifetime run (cycle skipping) of the first ``lifeCycles`` cycles of the scenario's last block. A refactoring that keeps
/// the physics must reproduce them; `CELLTWIN_WRITE_GOLDEN=1` rewrites them after a deliberate change of the model.
@Suite struct ScenarioGoldenTests {
    static let cycleCap = 3
    static let lifeCycles = 12
    static let directory = Fixtures.packageRoot.appendingPathComponent("Tests/CellTwinTests/Fixtures/ScenarioGolden")

    /// The scenario's blocks cut to `cap` cycles in total (a block that no longer fits is dropped).
    static func truncated(_ e: Experiment, cap: Int) -> Experiment {
        var left = cap
        var blocks: [ExperimentBlock] = []
        for b in e.blocks where left > 0 {
            let n = min(b.repeatCount, left)
            blocks.append(ExperimentBlock(steps: b.steps, repeatCount: n))
            left -= n
        }
        return Experiment(blocks: blocks)
    }

    static func g(_ x: Double?) -> String { x.map { String(format: "%.5g", $0) } ?? "-" }

    static func render(_ s: Solution) -> String {
        let record = RunRecord(s)
        var out = "run \(record.electrolyte) | \(record.cathode) at \(g(record.temperature_C)) °C: \(record.status)\n"
        for c in s.cycles {
            let r = CycleRecord(c, design: s.design)
            out += "cycle \(r.cycle): Qc \(g(r.charge_capacity_mAh_g)) Qd \(g(r.discharge_capacity_mAh_g)) Ec \(g(r.charge_energy_mWh_g))"
                + " Ed \(g(r.discharge_energy_mWh_g)) CE \(g(r.coulombic_efficiency)) eta \(g(r.overpotential_V))"
                + " t \(g(r.duration_h)) ends [\(r.charge_end_reason)] [\(r.discharge_end_reason)]\n"
            for st in c.steps {
                out += "  step \(st.index) \"\(st.text)\": \(g(st.duration_s)) s, q \(g(st.charge_C_m2)), e \(g(st.energy_J_m2)),"
                    + " V \(g(st.startVoltage_V))→\(g(st.endVoltage_V)), \(st.endReason)\n"
            }
        }
        return out
    }

    static func render(_ life: LifeResult) -> String {
        let r = LifeRecord(life)
        var out = "life \(r.electrolyte) | \(r.cathode) at \(g(r.temperature_C)) °C: \(r.end_reason), simulated \(r.simulated_cycles)"
            + ", reference \(g(r.retention_reference_mAh_g))\n"
        for c in r.cycles {
            out += "cycle \(c.cycle): Qd \(g(c.discharge_capacity_mAh_g)) Qc \(g(c.charge_capacity_mAh_g)) R \(g(c.retention))"
                + " eta \(g(c.overpotential_V)) CE \(g(c.coulombic_efficiency)) \(c.simulated ? "s" : "k")\n"
        }
        return out
    }

    static func output(of path: String) throws -> String {
        let s = try ScenarioFile.load(path: path)
        let design = try s.design(library: Fixtures.models)
        var out = "\(s.name)\n"
        var options = SimulationOptions()
        if let soc = s.initialStateOfCharge { options.initialStateOfCharge = soc }
        let short = truncated(s.experiment, cap: cycleCap)
        for t in s.temperatures_C {
            out += render(try Simulator(design: design, temperature_C: t, options: options).run(short))
        }
        if let last = s.experiment.blocks.last, let t = s.temperatures_C.first {
            var life = LifeOptions()
            life.maxCycles = lifeCycles
            life.threshold = s.endOfLife ?? 0.8
            let block = Experiment(blocks: [ExperimentBlock(steps: last.steps, repeatCount: lifeCycles)])
            out += render(try LifeSimulator(design: design, temperature_C: t, options: life, simulation: options).run(block))
        }
        return out
    }

    @Test(arguments: ScenarioTests.scenarioFiles.map { URL(fileURLWithPath: $0).lastPathComponent })
    func scenarioOutputMatchesItsGolden(_ file: String) throws {
        let path = Fixtures.packageRoot.appendingPathComponent("Scenarios/\(file)").path
        let actual = try Self.output(of: path)
        let golden = Self.directory.appendingPathComponent(file.replacingOccurrences(of: ".toml", with: ".txt"))
        if ProcessInfo.processInfo.environment["CELLTWIN_WRITE_GOLDEN"] == "1" {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(a.count == e.count, "\(file): \(a.count) lines, golden \(e.count)")
        for (k, (x, y)) in zip(a, e).enumerated() where x != y {
            Issue.record("\(file) line \(k + 1):\n  now    \(x)\n  golden \(y)")
            break
        }
    }
}
