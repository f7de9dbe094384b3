import Foundation

/// Why a step ended (SciPy's `solve_ivp` status: reached its end, or ended by an event). Its text is made in Output
/// (``StepEnd/description``).
public enum StepEnd: Sendable, Equatable {
    /// The step's own duration ("for 2 hours").
    case duration
    /// The safety limit of a step without a duration (ten times its nominal length, at least 10 h).
    case safetyLimit
    /// A located event of the cell.
    case event(CellEvent)

    /// The step ended because the cell shorted.
    public var isShortCircuit: Bool { self == .event(.shortCircuit) }
}

/// Why a run of an experiment ended. Its text is made in Output (``RunEnd/description``).
public enum RunEnd: Sendable, Equatable {
    /// Every cycle of the experiment ran.
    case completed
    /// A lifetime run reached the last cycle of its experiment.
    case endOfExperiment
    /// A lifetime run reached its cycle limit before the end of its experiment.
    case maximumCycles
    /// The cell shorted in cycle `cycle`.
    case shortCircuit(cycle: Int)
    /// The discharge capacity fell below `fraction` of the retention reference.
    case retentionBelow(fraction: Double)

    /// The run ended with a short circuit.
    public var isShortCircuit: Bool {
        if case .shortCircuit = self { return true }
        return false
    }
}
