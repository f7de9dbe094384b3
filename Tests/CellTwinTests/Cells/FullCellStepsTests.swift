import Foundation
import Testing
@testable import CellTwin

/// The full cell as the step runner's cell: a step's energy ∫J·V dt against its closed form on a linear OCV, the
/// stiff start of algebraic controls, and failures that name the cell, the step and the cause.
@Suite struct FullCellStepsTests {
    /// Linear OCV (U = 4 − x), t₊ = 1 and constant losses: at constant current V is linear in time, so the step's
    /// energy is exactly q·(V_start + V_end)/2 — on discharge and on charge (q < 0, the energy the cell takes).
    @Test(arguments: ["Discharge at 1C for 20 minutes", "Charge at 0.5C for 30 minutes"])
    func theStepEnergyIsTheChargeTimesTheMeanVoltage(text: String) throws {
        let design = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(tPlus: 1))
        var options = SimulationOptions()
        options.aging = false
        options.initialStateOfCharge = 0.5
        let s = try Simulator(design: design, temperature_C: 25, options: options).run(try Experiment(steps: [text]))
        let step = try #require(s.cycles.first?.steps.first)
        let trapezoid = step.charge_C_m2 * (step.startVoltage_V + step.endVoltage_V) / 2
        #expect(abs(step.energy_J_m2 / trapezoid - 1) < 1e-6, "\(text): \(step.energy_J_m2) vs \(trapezoid) J/m²")
        #expect(step.energy_J_m2.sign == step.charge_C_m2.sign)
    }

    @Test func algebraicControlsStartStiff() throws {
        let model = try FullCellModel(design: CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte()),
                                      temperature_K: 298.15)
        #expect(model.startsStiff(.voltage(V: 3.8)) && model.startsStiff(.power(W_m2: 1)))
        #expect(!model.startsStiff(.current(A_m2: 1)) && !model.startsStiff(.rest))
        #expect(model.chargeIndex == model.stateNames.firstIndex(of: "charge_C_m2"))
    }

    /// A control that cannot be held fails naming the cell and temperature, the step and the control.
    @Test func aFailureNamesTheCellTheStepAndTheControl() throws {
        let model = try FullCellModel(design: CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte()),
                                      temperature_K: 298.15)
        let y = model.initialState(stateOfCharge: 0.5)
        var clock = RunClock()
        clock.cycle = 2
        clock.time_s = 7200
        let step = try Step(parsing: "Discharge at 5 W until 2.5 V")
        let error = y.withUnsafeBufferPointer {
            model.failure(SimulationError.controlFailed("no root"), step: step, clock: clock, state: $0.baseAddress!, retry: nil)
        }
        let f = try #require(error as? SimulationFailure)
        #expect(f.context == "SIMPLE | LIN at 25 °C" && f.step == "Discharge at 5 W until 2.5 V" && f.cycle == 2 && f.time_s == 7200)
        #expect(f.cause.hasPrefix("no current holds the step's"), "\(f.cause)")
        // A failure that is already described passes through unchanged.
        let again = y.withUnsafeBufferPointer { model.failure(f, step: step, clock: clock, state: $0.baseAddress!, retry: nil) }
        #expect((again as? SimulationFailure)?.cause == f.cause)
    }
}
