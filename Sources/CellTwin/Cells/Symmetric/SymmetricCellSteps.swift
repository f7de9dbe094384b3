import Foundation

/// The Li | E | Li cell as a cell the one step runner drives (DOMAIN A3). A charge plates electrode 2 (J > 0, the first
/// half-cycle of a plating/stripping test) and a discharge strips it (J < 0); steps take a current density, a cell
/// current (over the electrolyte's reference-cell area), a voltage (a hold) or rest. A voltage termination is on |V|
/// (the cell's voltage has the current's sign).
extension SymmetricCellModel: ElectrochemicalCell {
    public typealias Control = SymmetricControl
    public typealias PlanOptions = SymmetricOptions

    public var chargeIndex: Int { iCharge }

    /// Events a current step watches besides its own terminations: a short, Sand onset (binary salts) and the
    /// instrument's voltage limit; a hold watches the short only, a rest nothing.
    public func guardEvents(_ kind: StepKind, options: SymmetricOptions) -> [CellEvent] {
        switch kind {
        case .charge, .discharge:
            return [.shortCircuit] + (saltModes == nil ? [] : [.sandOnset]) + [.voltageLimit(V: options.voltageLimit_V)]
        case .hold: return [.shortCircuit]
        case .rest: return []
        }
    }

    public func plan(_ step: Step, options: SymmetricOptions) throws -> PlannedStep<SymmetricControl> {
        let area = electrolyte.referenceCell.electrodeArea_m2
        func refuse(_ what: String) -> Error {
            SimulationError.invalidOption("step \"\(step.text)\": a Li | E | Li cell takes \(what)")
        }
        let sign: Double = step.kind == .discharge ? -1 : 1
        let control: SymmetricControl
        switch step.drive {
        case .rest: control = .rest
        case .voltage(let v): control = .voltage(V: v)
        case .currentDensity(let j): control = .current(A_m2: sign * j)
        case .current(let i): control = .current(A_m2: sign * i / area)
        case .cRate, .power, .powerDensity:
            throw refuse("a current density, a cell current, a voltage or rest (no C-rate or power: it has no cathode)")
        }
        var events: [CellEvent] = []
        var charge_C_m2: Double?
        for t in step.terminations {
            switch t {
            case .duration: continue
            case .voltage(let v): events.append(.voltageLimit(V: abs(v)))
            case .currentDensity(let j): events.append(.currentBelow(A_m2: j))
            case .current(let i): events.append(.currentBelow(A_m2: i / area))
            case .arealCharge(let q): events.append(.chargePassed(C_m2: q)); charge_C_m2 = q
            case .charge(let q): events.append(.chargePassed(C_m2: q / area)); charge_C_m2 = q / area
            case .cRate, .specificCharge:
                throw refuse("terminations in V, A, A/cm², Ah, Ah/cm² or time (no C-rate or specific capacity)")
            }
        }
        // A step without a duration: ten times the charge it ends at over its current, at least 10 h; else 100 h.
        var safety_s = 360_000.0
        if case .current(let j) = control, let q = charge_C_m2 { safety_s = max(10 * q / abs(j), 36_000) }
        return PlannedStep(step: step, control: control, events: events + guardEvents(step.kind, options: options),
                           voltageTolerance_V: options.voltageTolerance_V, timeTolerance_s: options.timeTolerance_s,
                           safetyDuration_s: safety_s)
    }

    public func begin(_ control: SymmetricControl, events: [CellEvent], state y: UnsafeMutablePointer<Double>) {
        configure(control: control, events: events, stepStartCharge_C_m2: y[iCharge])
    }

    /// J·∫V dt at constant current (exact, ``voltageIntegral(current:duration_s:from:to:)``), V·q at a held voltage,
    /// 0 at rest.
    public func stepEnergy_J_m2(_ control: SymmetricControl, from y0: UnsafePointer<Double>,
                                to y1: UnsafePointer<Double>, duration_s: Double) -> Double {
        switch control {
        case .current(let j): return j * voltageIntegral(current: j, duration_s: duration_s, from: y0, to: y1)
        case .voltage(let v): return v * (y1[iCharge] - y0[iCharge])
        case .rest: return 0
        }
    }

    /// The cell's integrator is implicit throughout (``SymmetricOptions/stepper``).
    public func startsStiff(_ control: SymmetricControl) -> Bool { false }

    /// The error as it is on a first try; after a failed retry, what was tried and the state, with what to try.
    public func failure(_ error: Error, step: Step, clock: RunClock, state y: UnsafePointer<Double>,
                        retry: StepRetry?) -> Error {
        guard let retry else { return error }
        let (a1, a2) = interphaseASR(y)
        return SimulationError.invalidOption(String(
            format: "Li | %@ | Li at %g °C: the solver failed at t = %.4g h (%@; retried from the segment's start with %@, rtol %g and steps ≤ %g s, which failed too: %@). State: interphase ASR %.4g and %.4g Ω cm², short damage %.3g, charge passed %.4g mAh/cm². Try: a lower current, a temperature inside the electrolyte's range or a shorter run",
            electrolyte.id, Units.celsius(kelvin: temperature_K), clock.time_s / 3600, "\(retry.firstError)",
            retry.stepper.rawValue, retry.relativeTolerance, retry.maxStep_s, "\(error)", a1 * 1e4, a2 * 1e4, damage(y),
            y[iCharge] / 3.6e4))
    }
}

extension SymmetricTrace: StepTrace {
    public typealias Cell = SymmetricCellModel

    /// Both ends of every step, and accepted steps at least ``spacing_s`` apart.
    public mutating func record(_ cell: SymmetricCellModel, time_s t: Double, state: UnsafePointer<Double>, cycle: Int,
                                step: Int, boundary: Bool) {
        guard boundary || t - lastSample_s >= spacing_s else { return }
        let j = cell.current(state)
        time_s.append(t)
        current_A_m2.append(j)
        voltage_V.append(cell.voltage(state, current: j).V)
        depletedConcentrationFraction.append(1 - 0.5 * abs(cell.saltDifference(state)) / cell.saltConcentration_mol_m3)
        damage.append(cell.damage(state))
        if stateNames.isEmpty { stateNames = cell.stateNames }
        states.append(contentsOf: UnsafeBufferPointer(start: state, count: cell.dimension))
        lastSample_s = t
    }
}
