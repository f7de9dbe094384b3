import Foundation
import Testing
@testable import CellTwin

/// The full cell's trace samples: every state of the model at each sample, and truncation for a retried step.
@Suite struct TraceSamplingTests {
    static func trace() throws -> (Trace, Simulator) {
        var options = SimulationOptions()
        options.recordTrace = true
        let sim = try Simulator(design: try Fixtures.frozenDesign(), temperature_C: 30, options: options)
        let s = try sim.run(try Experiment(steps: ["Discharge at 1C for 10 minutes", "Rest for 5 minutes"]))
        return (try #require(s.trace), sim)
    }

    /// Each sample's charge and mean stoichiometry columns are the named states of the same row; the current is zero in
    /// the rest and 1C in the discharge.
    @Test func everySampleCarriesEveryStateByName() throws {
        let (trace, sim) = try Self.trace()
        let width = trace.stateNames.count
        #expect(width == sim.model.dimension && trace.states.count == trace.count * width)
        let charge = try #require(trace.stateNames.firstIndex(of: "charge_C_m2"))
        let mean = try #require(trace.stateNames.firstIndex(of: "cathode_mean_stoichiometry"))
        let oneC = sim.design.currentDensity(cRate: 1)
        for i in 0..<trace.count {
            #expect(trace.states[i * width + charge] == trace.charge_C_m2[i])
            #expect(trace.states[i * width + mean] == trace.meanStoichiometry[i])
            #expect(abs(trace.current_A_m2[i] - (trace.step[i] == 1 ? oneC : 0)) < 1e-9 * oneC, "row \(i), step \(trace.step[i])")
        }
    }

    /// Truncating keeps the first n rows of every column (and n rows of states); a longer n changes nothing.
    @Test func truncateKeepsTheFirstRowsOfEveryColumn() throws {
        let (trace, _) = try Self.trace()
        #expect(trace.count > 4)
        var cut = trace
        cut.truncate(to: 3)
        let width = trace.stateNames.count
        #expect(cut.count == 3 && cut.states.count == 3 * width)
        #expect(cut.time_s == Array(trace.time_s.prefix(3)) && cut.voltage_V == Array(trace.voltage_V.prefix(3)))
        #expect(cut.cycle == Array(trace.cycle.prefix(3)) && cut.step == Array(trace.step.prefix(3)))
        #expect(cut.current_A_m2.count == 3 && cut.charge_C_m2.count == 3 && cut.meanStoichiometry.count == 3
                && cut.surfaceStoichiometry.count == 3)
        #expect(cut.states == Array(trace.states.prefix(3 * width)))
        var same = trace
        same.truncate(to: trace.count + 10)
        #expect(same == trace)
    }
}
