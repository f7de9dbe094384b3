import Foundation

extension Trace {
    /// Appends the sample of `model` at `time_s` with state `state` in step `step` of cycle `cycle`: the terminal
    /// voltage and current, the charge passed, the cathode's mean and surface stoichiometry, and every state (in the
    /// columns' order, ``FullCellModel/outputOrder``).
    mutating func append(_ model: FullCellModel, time_s: Double, state: UnsafePointer<Double>, cycle: Int, step: Int) {
        let j = model.current(state)
        self.time_s.append(time_s)
        self.cycle.append(cycle)
        self.step.append(step)
        voltage_V.append(model.voltage(state, current: j).V)
        current_A_m2.append(j)
        charge_C_m2.append(state[model.iCharge])
        meanStoichiometry.append(state[model.iMean])
        surfaceStoichiometry.append(model.surfaceStoichiometry(state, current: j))
        if stateNames.isEmpty { stateNames = model.outputStateNames }
        for i in model.outputOrder { states.append(state[i]) }
    }

    /// Drops the samples after the first `n` (a retried step records again from its start).
    public mutating func truncate(to n: Int) {
        guard n < count else { return }
        let width = stateNames.count
        time_s.removeLast(count - n)
        cycle.removeLast(cycle.count - n)
        step.removeLast(step.count - n)
        voltage_V.removeLast(voltage_V.count - n)
        current_A_m2.removeLast(current_A_m2.count - n)
        charge_C_m2.removeLast(charge_C_m2.count - n)
        meanStoichiometry.removeLast(meanStoichiometry.count - n)
        surfaceStoichiometry.removeLast(surfaceStoichiometry.count - n)
        if states.count > n * width { states.removeLast(states.count - n * width) }
    }
}
