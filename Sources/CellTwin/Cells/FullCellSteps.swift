import Foundation

/// The full cell as a cell the one step runner drives (DOMAIN A2): steps in C-rate, current, power, voltage or rest,
/// current positive on discharge.
extension FullCellModel: ElectrochemicalCell {
    public typealias Control = CellControl
    public typealias PlanOptions = SimulationOptions

    public var chargeIndex: Int { iCharge }

    public func plan(_ step: Step, options: SimulationOptions) throws -> PlannedStep<CellControl> {
        PlannedStep(step, design: design, options: options)
    }

    /// The energy state restarts at every step, about the cell's mid-window OCV (``energyReference_V``).
    public func begin(_ control: CellControl, events: [CellEvent], state y: UnsafeMutablePointer<Double>) {
        y[iEnergy] = 0
        configure(control: control, events: events, stepStartCharge_C_m2: y[iCharge])
    }

    /// V_ref·Δq + e, with e = ∫J·(V − V_ref) dt the energy state.
    public func stepEnergy_J_m2(_ control: CellControl, from y0: UnsafePointer<Double>, to y1: UnsafePointer<Double>,
                                duration_s: Double) -> Double {
        energyReference_V * (y1[iCharge] - y0[iCharge]) + y1[iEnergy]
    }

    /// Voltage and power control close an algebraic loop through the OCV: stiff where the OCV is steep, and an explicit
    /// stage far off the solution can leave no current that satisfies the control.
    /// A voltage hold whose modes are advanced with the current's response to them (``CoupledModeStep``) starts on the
    /// explicit stepper; its stiffness check switches it when the hold is limited by stability.
    public func startsStiff(_ control: CellControl) -> Bool {
        switch control {
        case .voltage: return !coupledModesUnderVoltageControl
        case .power: return true
        case .current, .rest: return false
        }
    }

    /// A ``SimulationFailure`` naming the cell and temperature (so a failure names its input whichever command ran
    /// it; a scenario adds its name), the step, the named states and what was tried.
    public func failure(_ error: Error, step: Step, clock: RunClock, state: UnsafePointer<Double>,
                        retry: StepRetry?) -> Error {
        if let f = error as? SimulationFailure { return f }
        var cause = "\(error)"
        if case SimulationError.controlFailed = error { cause = "no current holds the step's \(SimulationFailure.control(step.drive))" }
        let cell = String(format: "%@ | %@ at %g °C", design.electrolyte.id, design.cathode.id, Units.celsius(kelvin: temperature_K))
        let tried = retry.map {
            String(format: "retried from the step's start with %@, rtol %g and steps ≤ %g s, which failed too",
                   $0.stepper.rawValue, $0.relativeTolerance, $0.maxStep_s)
        }
        return SimulationFailure(context: cell, step: step.text, cycle: clock.cycle, time_s: clock.time_s,
                                 states: namedStates(state), cause: cause, tried: tried,
                                 hint: SimulationFailure.hint(for: error, step: step))
    }
}

extension Trace: StepTrace {
    public typealias Cell = FullCellModel

    /// Every sample is kept (`boundary` or not).
    public mutating func record(_ cell: FullCellModel, time_s: Double, state: UnsafePointer<Double>, cycle: Int, step: Int,
                                boundary: Bool) {
        append(cell, time_s: time_s, state: state, cycle: cycle, step: step)
    }
}
