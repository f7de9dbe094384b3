import Foundation
import Testing
@testable import CellTwin

/// A failed simulation names the step, the cycle, the time and the named states and says what to try; a solver
/// limit is retried once with a tighter control and another stepper before it fails.
@Suite("Simulation failures")
struct SimulationFailureTests {
    func simulator() throws -> Simulator {
        var options = SimulationOptions()
        options.aging = false
        return try Simulator(design: Fixtures.design(electrolyte: "CPCSE", cathode: "LFP"), temperature_C: 25, options: options)
    }

    let discharge = try! Experiment(steps: ["Discharge at 0.5C until 2.5 V"])

    @Test("an infeasible power names the step, cycle, time, states and what to try")
    func infeasiblePower() throws {
        let sim = try simulator()
        let experiment = try Experiment(steps: ["Discharge at 2 W until 2.5 V"])
        #expect {
            _ = try sim.run(experiment)
        } throws: { error in
            guard let f = error as? SimulationFailure else { return false }
            let text = f.description
            return f.step == "Discharge at 2 W until 2.5 V" && f.cycle == 1 && text.contains("power 2 W")
                && text.contains("mean stoichiometry x̄ = ") && text.contains("Try: a lower power")
                && !text.contains("W_m2:") && f.states.allSatisfy { $0.value.isFinite }
        }
    }

    @Test("a step limit too small even for the retry fails, saying what was tried")
    func retryFails() throws {
        let sim = try simulator()
        sim.integrator.maxStepsPerSegment = 1
        #expect {
            _ = try sim.run(discharge)
        } throws: { error in
            guard let f = error as? SimulationFailure else { return false }
            return f.tried?.contains("retried from the step's start with \(sim.retryStepper.rawValue)") == true
                && f.description.contains("exceeded") && f.step == "Discharge at 0.5C until 2.5 V"
        }
        #expect(sim.retries == 1)
    }

    @Test("a retried step gives the run it would have given without the limit (capacity within 0.1 %)")
    func retrySucceeds() throws {
        let reference = try simulator().run(discharge).cycles[0].dischargeCapacity_C_m2
        // The smallest budget the first try exceeds and the retry (four times the budget) completes.
        var found = false
        for limit in [2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64] {
            let sim = try simulator()
            // Every state integrated by the explicit stepper, so that the first try needs about as many steps as the
            // retry's implicit stepper (with the linear modes advanced exactly it needs several times fewer, and no
            // budget fails the first try while giving the retry enough).
            sim.integrator.exactLinearModes = false
            sim.integrator.maxStepsPerSegment = limit
            guard let solution = try? sim.run(discharge) else { continue }
            if sim.retries == 1 {
                let q = solution.cycles[0].dischargeCapacity_C_m2
                #expect(abs(q - reference) <= 1e-3 * reference, "limit \(limit): \(q) vs \(reference)")
                found = true
                break
            }
        }
        #expect(found, "no step budget made the first try fail and the retry pass")
    }
}

@Suite("Symmetric-cell solver retry")
struct SymmetricRetryTests {
    let test = PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: 0.1, duration_h: 2)

    @Test("a segment over the step budget is retried; a retried run matches the plain one")
    func retrySucceeds() throws {
        let reference = try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(), temperature_C: 25).platingStripping(test)
        var found = false
        for limit in [2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64] {
            let sim = try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(), temperature_C: 25)
            sim.integrator.maxStepsPerSegment = limit
            guard let r = try? sim.platingStripping(test), sim.retries > 0 else { continue }
            for (a, b) in zip(r.halfCycles, reference.halfCycles) {
                #expect(abs(a.endVoltage_V - b.endVoltage_V) <= 1e-4 + 1e-3 * abs(b.endVoltage_V))
            }
            found = true
            break
        }
        #expect(found, "no step budget made a first try fail and its retry pass")
    }

    @Test("a budget too small for the retry fails with what was tried and the named states")
    func retryFails() throws {
        let sim = try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(), temperature_C: 25)
        sim.integrator.maxStepsPerSegment = 1
        #expect {
            _ = try sim.platingStripping(test)
        } throws: { error in
            let text = "\(error)"
            return text.contains("retried from the segment's start") && text.contains("interphase ASR") && text.contains("Try:")
        }
    }
}
