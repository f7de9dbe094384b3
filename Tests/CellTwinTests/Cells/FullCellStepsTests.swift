import Foundation
import Testing
@testable import CellTwin

/// The full cell as the step runner's cell: a step's energy ∫J·V dt against its closed form on a linear OCV, the
/// stiff start of algebraic controls, a voltage hold with the coupled mode update against a tight run, and failures
/// that name the cell, the step and the cause.
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

    /// Power control starts stiff; a voltage hold starts on the explicit stepper while its modes are advanced with the
    /// current's response (``CoupledModeStep``), stiff without.
    @Test func algebraicControlsStartStiff() throws {
        let model = try FullCellModel(design: CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte()),
                                      temperature_K: 298.15)
        #expect(!model.startsStiff(.voltage(V: 3.8)) && model.startsStiff(.power(W_m2: 1)))
        #expect(!model.startsStiff(.current(A_m2: 1)) && !model.startsStiff(.rest))
        model.coupledModesUnderVoltageControl = false
        #expect(model.startsStiff(.voltage(V: 3.8)))
        #expect(model.chargeIndex == model.stateNames.firstIndex(of: "charge_C_m2"))
    }

    /// A CC–CV charge whose hold runs on the explicit stepper with the coupled mode update gives the charge of an msbdf
    /// run at rtol = atol = 1e-10 (modes integrated as states) to 1e-5 (the bench's capacity guard), for a flat (LFP)
    /// and a sloping (NCM811) OCV, as the hold on msbdf without the coupled update does; the hold alone to 2e-4 of its
    /// charge and its end to 2e-3 of its duration (where the C/20 event is located on a current that has flattened).
    @Test(arguments: ["LFP", "NCM811"])
    func aCoupledHoldGivesTheChargeOfATightStiffRun(cathode: String) throws {
        let design = try Fixtures.design(electrolyte: "CPCSE", cathode: cathode)
        let top = design.cathode.maximumVoltage_V
        let experiment = try Experiment(steps: ["Charge at 0.5C until \(top) V", "Hold at \(top) V until C/20"])
        func charge(_ options: SimulationOptions, coupled: Bool) throws -> (total: Double, hold: StepSummary, model: FullCellModel) {
            let sim = try Simulator(design: design, temperature_C: 25, options: options)
            sim.model.coupledModesUnderVoltageControl = coupled
            let steps = try #require(sim.run(experiment).cycles.first?.steps)
            return (steps.map(\.charge_C_m2).reduce(0, +), try #require(steps.last), sim.model)
        }
        var tight = SimulationOptions()
        tight.stepper = .msbdf
        tight.relativeTolerance = 1e-10
        tight.absoluteTolerance = 1e-10
        let reference = try charge(tight, coupled: false)
        let coupled = try charge(SimulationOptions(), coupled: true)
        let stiff = try charge(SimulationOptions(), coupled: false)
        #expect(coupled.model.coupledStep.anchors > 0 && coupled.model.coupledStep.declined == 0)
        #expect(stiff.model.coupledStep.anchors == 0)
        for (name, s) in [("coupled", coupled), ("msbdf", stiff)] {
            #expect(abs(s.total / reference.total - 1) < 1e-5, "\(cathode) \(name): charge \(s.total) vs \(reference.total) C/m²")
            #expect(abs(s.hold.charge_C_m2 / reference.hold.charge_C_m2 - 1) < 2e-4,
                    "\(cathode) \(name): hold charge \(s.hold.charge_C_m2) vs \(reference.hold.charge_C_m2) C/m²")
            #expect(abs(s.hold.duration_s - reference.hold.duration_s) < 2e-3 * reference.hold.duration_s,
                    "\(cathode) \(name): hold \(s.hold.duration_s) s vs \(reference.hold.duration_s) s")
        }
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
