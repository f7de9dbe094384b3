import Foundation

/// A condition that ends a step of a cell (``ElectrochemicalCell``), located as a root of g(t, y) (SciPy's `solve_ivp` events; PyBaMM's
/// `pybamm.Event` from `BaseTermination.get_event`). Each case describes itself in this one file: its direction (the
/// sign change that triggers it), its value tolerance (in g's own unit) and its g on each cell the step runner drives
/// (the full cell and the Li | E | Li cell). A new event is one case here; its display text is in ``CellEvent/reason``
/// (Output).
public enum CellEvent: Sendable, Equatable {
    /// V crosses `V` (falling on discharge, rising on charge).
    case voltage(V: Double, direction: ODEEvent.Direction)
    /// |J| falls to `A_m2` (CV hold cut-off).
    case currentBelow(A_m2: Double)
    /// |∫J dt| over the step reaches `C_m2`.
    case chargePassed(C_m2: Double)
    /// The cathode surface reaches the end of its stoichiometry table.
    case cathodeSurfaceFull
    case cathodeSurfaceEmpty
    /// The Li anode has no Li left to strip.
    case lithiumExhausted
    /// The short-damage state reaches 1 (DOMAIN A4).
    case shortCircuit
    /// The salt at the Li surface runs out while Li plates (DOMAIN B §4.1): ends the charge, adds damage.
    case sandOnset
    /// The salt at the cathode side runs out while the cell discharges above its limiting current (DOMAIN B §2.4,
    /// §4.1, the same modal series): the cell cannot carry the current, and the discharge ends.
    case cathodeSaltDepleted
    /// |V| rises to the instrument limit `V` (a Li | E | Li cell's voltage has the current's sign).
    case voltageLimit(V: Double)

    /// The sign change of g that triggers the event.
    public var direction: ODEEvent.Direction {
        switch self {
        case .voltage(_, let direction): return direction
        case .chargePassed, .cathodeSurfaceFull, .shortCircuit, .voltageLimit: return .rising
        case .currentBelow, .cathodeSurfaceEmpty, .lithiumExhausted, .sandOnset, .cathodeSaltDepleted: return .falling
        }
    }

    /// The root is accepted when |g| is at most this (V for a voltage, A m⁻², C m⁻², or a fraction).
    public func valueTolerance(voltageTolerance_V: Double) -> Double {
        switch self {
        case .voltage, .voltageLimit: return voltageTolerance_V
        case .currentBelow(let j): return 1e-6 * j
        case .chargePassed(let q): return 1e-9 * q
        case .cathodeSurfaceFull, .cathodeSurfaceEmpty, .lithiumExhausted: return 1e-9
        case .shortCircuit, .sandOnset, .cathodeSaltDepleted: return 1e-6
        }
    }

    /// The located event the integrator watches, as number `id` of a step's events.
    public func odeEvent(id: Int, voltageTolerance_V: Double, timeTolerance_s: Double) -> ODEEvent {
        ODEEvent(id: id, direction: direction, valueTolerance: valueTolerance(voltageTolerance_V: voltageTolerance_V),
                 timeTolerance: timeTolerance_s)
    }

    /// g(y) of the event in `model`'s present step at time t: zero at the event, crossing in ``direction``. Inside an
    /// explicit step whose linear modes are advanced exactly, the mode sums come from their closed form at t, and at the
    /// point of the model's last right-hand side the sums and the voltage are those it evaluated (equal values).
    @inline(__always)
    public func value(in model: FullCellModel, _ y: UnsafePointer<Double>, at t: Double) -> Double {
        switch self {
        case .voltage(let threshold, _):
            let s = model.eventSums(y, at: t)
            return model.eventVoltage(y, s, current: model.controlCurrent(y, s), at: t) - threshold
        case .currentBelow(let threshold):
            return abs(model.controlCurrent(y, model.eventSums(y, at: t))) - threshold
        case .chargePassed(let limit):
            return abs(y[model.iCharge] - model.stepStartCharge_C_m2) - limit
        case .cathodeSurfaceFull:
            let s = model.eventSums(y, at: t)
            return model.surfaceStoichiometry(y, s, current: model.controlCurrent(y, s)) - model.stoichiometryRange.upperBound
        case .cathodeSurfaceEmpty:
            let s = model.eventSums(y, at: t)
            return model.surfaceStoichiometry(y, s, current: model.controlCurrent(y, s)) - model.stoichiometryRange.lowerBound
        case .lithiumExhausted:
            return model.lithium(y)
        case .shortCircuit:
            // Without degradation there is no damage state (and no short).
            return model.agingEnabled ? y[model.iDamage] - 1 : -1
        case .sandOnset:
            // Only while Li plates (a rest or a discharge refills the surface); none without salt modes.
            guard model.saltCount > 0 else { return 1 }
            let s = model.eventSums(y, at: t)
            return (model.saltConcentration_mol_m3 + 0.5 * s.salt(model.controlCurrent(y, s))) / model.saltConcentration_mol_m3
        case .voltageLimit(let limit):
            let s = model.eventSums(y, at: t)
            return abs(model.eventVoltage(y, s, current: model.controlCurrent(y, s), at: t)) - limit
        case .cathodeSaltDepleted:
            // Only while the cell discharges (Δc > 0 then); none without salt modes.
            guard model.saltCount > 0 else { return 1 }
            let s = model.eventSums(y, at: t)
            return (model.saltConcentration_mol_m3 - 0.5 * s.salt(model.controlCurrent(y, s))) / model.saltConcentration_mol_m3
        }
    }
}

extension CellEvent {
    /// g(y) of the event on the Li | E | Li cell `model` in its present step; the full cell's cathode and anode-inventory
    /// events never fire there (its plan refuses them).
    @inline(__always)
    public func value(in model: SymmetricCellModel, _ y: UnsafePointer<Double>) -> Double {
        switch self {
        case .shortCircuit:
            return model.damage(y) - 1
        case .sandOnset:
            // Fraction of c₀ left at the depleted electrode (the plating one while Δc has J's sign).
            return 1 - 0.5 * abs(model.saltDifference(y)) / model.saltConcentration_mol_m3
        case .voltageLimit(let limit):
            return abs(model.terminalVoltage(y)) - limit
        case .voltage(let threshold, _):
            return model.terminalVoltage(y) - threshold
        case .currentBelow(let threshold):
            return abs(model.current(y)) - threshold
        case .chargePassed(let limit):
            return abs(y[model.iCharge] - model.stepStartCharge_C_m2) - limit
        case .cathodeSurfaceFull, .cathodeSurfaceEmpty, .lithiumExhausted, .cathodeSaltDepleted:
            return direction == .rising ? -1 : 1
        }
    }
}
