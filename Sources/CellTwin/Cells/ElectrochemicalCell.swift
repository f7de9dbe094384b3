import Foundation

/// A cell model the one step runner (``StepRunner``) drives: the full cell (DOMAIN A2) and the Li | E | Li cell (A3).
///
/// A cell is an ``ODEProblem`` whose states are named (``stateNames``, from its ``StateLayout``) and whose current is
/// algebraic under a control (given, or solved at every right-hand-side call). A step of an ``Experiment`` becomes its
/// control, its events (each ``Termination``'s ``CellEvent`` plus the guard events of its kind) and a duration
/// (``plan(_:options:)``); the runner sets them with ``begin(_:events:state:)``, integrates, and reads the step's result
/// through ``current(_:)``, ``terminalVoltage(_:)``, ``chargeIndex`` and ``stepEnergy_J_m2(_:from:to:duration_s:)``.
/// Events describe themselves in ``CellEvent``; each cell gives their g (``ODEProblem/eventValue(_:t:y:)``).
public protocol ElectrochemicalCell: ODEProblem {
    /// What the external circuit imposes during a step.
    associatedtype Control: Equatable & Sendable
    /// Settings that shape a step's plan (event tolerances, instrument limits).
    associatedtype PlanOptions

    /// Names of the integrated states, in order (``StateLayout``).
    var stateNames: [String] { get }
    /// Index of q = ∫J dt, C m⁻², in the state.
    var chargeIndex: Int { get }

    /// The control, events and duration of `step` on this cell; throws for a step this cell cannot run.
    func plan(_ step: Step, options: PlanOptions) throws -> PlannedStep<Control>
    /// Sets the control and events of the next step and restarts the per-step states of `y` (the full cell's energy
    /// offset); q at the step start is `y[chargeIndex]`.
    func begin(_ control: Control, events: [CellEvent], state y: UnsafeMutablePointer<Double>)
    /// Current density at y under the present control, A m⁻² (the cell's sign convention).
    func current(_ y: UnsafePointer<Double>) -> Double
    /// Terminal voltage at y under the present control, V.
    func terminalVoltage(_ y: UnsafePointer<Double>) -> Double
    /// ∫J·V dt over the step just run from `y0` to `y1`, J m⁻².
    func stepEnergy_J_m2(_ control: Control, from y0: UnsafePointer<Double>, to y1: UnsafePointer<Double>,
                         duration_s: Double) -> Double
    /// True when a step under `control` starts on the stiff fallback (an algebraic loop through a steep OCV).
    func startsStiff(_ control: Control) -> Bool
    /// The error a failed step reports: `error` in `step` at `clock`, with the state at the failure and, after a
    /// retry, what was tried.
    func failure(_ error: Error, step: Step, clock: RunClock, state: UnsafePointer<Double>, retry: StepRetry?) -> Error
}

/// Time and counters of a run in progress (the state vector lives in the runner's integrator).
public struct RunClock: Sendable, Equatable {
    public var time_s = 0.0
    public var cycle = 0
    public var step = 0
    public init() {}
}

/// The one retry of a step after a step-size underflow or the step limit: the error of the first try and the
/// settings of the retry.
public struct StepRetry: Sendable {
    public var firstError: Error
    public var stepper: ODEStepper
    public var relativeTolerance: Double
    public var maxStep_s: Double
}
