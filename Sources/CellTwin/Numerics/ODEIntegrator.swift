import CGSL

/// A first-order system dy/dt = f(t, y) that GSL integrates.
///
/// Callbacks run inside GSL and must not throw: a problem that cannot evaluate stores the reason in
/// `failure` and returns `false`; the integrator then stops at once (GSL_EBADFUNC) and rethrows it.
public protocol ODEProblem: AnyObject {
    var dimension: Int { get }
    var failure: Error? { get }
    func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool
    /// Row-major ∂f/∂y (dimension × dimension) and ∂f/∂t.
    func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                  dfdt: UnsafeMutablePointer<Double>) -> Bool
    /// Value of event function `id` (see `ODEEvent`).
    func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double
}

/// A root g(t, y) = 0 the integrator locates inside a step (SciPy `solve_ivp` style).
public struct ODEEvent: Sendable, Equatable {
    public enum Direction: Sendable { case rising, falling }
    /// Identifier passed back to `ODEProblem.eventValue`.
    public var id: Int
    public var direction: Direction
    /// The root is accepted when |g| ≤ this (in g's own unit, e.g. 1e-4 V) …
    public var valueTolerance: Double
    /// … or when it is bracketed to this many seconds.
    public var timeTolerance: Double

    public init(id: Int, direction: Direction, valueTolerance: Double, timeTolerance: Double = 1e-3) {
        self.id = id
        self.direction = direction
        self.valueTolerance = valueTolerance
        self.timeTolerance = timeTolerance
    }

    /// True when g has reached or passed zero in this event's direction.
    @inline(__always)
    func isTriggered(_ g: Double) -> Bool {
        switch direction {
        case .rising: return g >= 0
        case .falling: return g <= 0
        }
    }
}

/// GSL stepping methods the integrator offers.
public enum ODEStepper: String, Sendable, CaseIterable {
    case rk4imp, rk2imp, bsimp, msbdf, rkf45, rk8pd

    var gslType: UnsafePointer<gsl_odeiv2_step_type> {
        switch self {
        case .rk4imp: return cgsl_step_rk4imp()
        case .rk2imp: return cgsl_step_rk2imp()
        case .bsimp: return cgsl_step_bsimp()
        case .msbdf: return cgsl_step_msbdf()
        case .rkf45: return cgsl_step_rkf45()
        case .rk8pd: return cgsl_step_rk8pd()
        }
    }
}

/// Why an integration segment stopped.
public enum ODEOutcome: Equatable, Sendable {
    /// The segment reached its end time.
    case reachedEnd
    /// Event at `index` (into the events passed) fired; the state is at the located root.
    case event(index: Int)
}

/// A limit on the computation of one run (``ODEIntegrator/budget``).
public struct ODEBudget: Sendable, Equatable {
    public var deadline: ContinuousClock.Instant
    public var seconds: Double
    public var rhsEvaluations: Int

    /// `seconds` of wall-clock time from now and at most `rhsEvaluations` right-hand-side evaluations.
    public init(seconds: Double, rhsEvaluations: Int) {
        self.seconds = seconds
        self.rhsEvaluations = rhsEvaluations
        deadline = ContinuousClock.now.advanced(by: .seconds(seconds))
    }

    func check(evaluations: Int, time t: Double) throws {
        if evaluations > rhsEvaluations { throw ODEError.budgetExceeded(limit: "\(rhsEvaluations) right-hand-side evaluations", time: t) }
        if ContinuousClock.now > deadline { throw ODEError.budgetExceeded(limit: "\(seconds) s of computation", time: t) }
    }
}

public enum ODEError: Error, CustomStringConvertible, Equatable {
    case tooManySteps(limit: Int, time: Double)
    case stepTooSmall(time: Double, step: Double)
    case tooManyEvents(Int)
    /// The run's ``ODEIntegrator/budget`` was spent: wall-clock seconds or right-hand-side evaluations.
    case budgetExceeded(limit: String, time: Double)

    public var description: String {
        switch self {
        case let .budgetExceeded(limit, t): return "the simulation exceeded its budget of \(limit) (stopped at t = \((t * 10).rounded() / 10) s of cell time)"
        case let .tooManySteps(limit, t): return "ODE integration exceeded \(limit) steps in one segment (t = \(t) s)"
        case let .stepTooSmall(t, h): return "ODE step size fell to \(h) s at t = \(t) s"
        case .tooManyEvents(let n): return "at most \(ODEIntegrator.maxEvents) events per segment, got \(n)"
        }
    }
}

/// Adaptive integration over GSL `gsl_odeiv2` with event location.
///
/// - Each call to `integrate` is one continuous segment: the driver is reset at its start, since a
///   control change (current step, CV hold) is a discontinuity for multistep and implicit methods.
/// - After every accepted step each event function is evaluated; on a sign change in its
///   direction the root is bracketed in [t_prev, t] and found with Brent, each trial time being
///   reached by re-integrating from the saved state with full error control (GSL has no dense output).
/// - Buffers are allocated once here, so the stepping loop allocates nothing.
public final class ODEIntegrator {
    public static let maxEvents = 16

    public let problem: ODEProblem
    public let dimension: Int
    public let stepper: ODEStepper
    /// Largest step the integrator takes, s.
    public var maxStep: Double
    /// First trial step of a segment, s.
    public var initialStep: Double
    /// Most accepted steps in one segment before it fails.
    public var maxStepsPerSegment: Int
    /// A limit on the whole run (nil: none): a wall-clock deadline and a number of right-hand-side evaluations;
    /// exceeding either throws ``ODEError/budgetExceeded(limit:time:)``. Callers that must never hang (fits) set it.
    public var budget: ODEBudget?

    /// Counters since creation (or the last `resetCounters`).
    public private(set) var rhsEvaluations = 0
    public private(set) var jacobianEvaluations = 0
    public private(set) var acceptedSteps = 0
    /// Right-hand-side evaluations spent locating events (included in `rhsEvaluations`).
    public private(set) var eventLocationRHSEvaluations = 0

    /// Current state; `integrate` advances it in place.
    public let y: UnsafeMutablePointer<Double>
    private let yPrev: UnsafeMutablePointer<Double>
    private let yTrial: UnsafeMutablePointer<Double>
    private let yBest: UnsafeMutablePointer<Double>
    private let gPrev: UnsafeMutablePointer<Double>
    private let gNow: UnsafeMutablePointer<Double>
    private let scales: UnsafeMutablePointer<Double>
    private let system: UnsafeMutablePointer<gsl_odeiv2_system>
    private var driver: UnsafeMutablePointer<gsl_odeiv2_driver>!

    public init(problem: ODEProblem, stepper: ODEStepper = .rk4imp,
                relativeTolerance: Double = 1e-6, absoluteTolerance: Double = 1e-8,
                componentScales: [Double]? = nil, maxStep: Double = 600, initialStep: Double = 1e-2,
                maxStepsPerSegment: Int = 200_000) {
        GSL.ensureConfigured()
        self.problem = problem
        self.stepper = stepper
        let n = problem.dimension
        dimension = n
        self.maxStep = maxStep
        self.initialStep = initialStep
        self.maxStepsPerSegment = maxStepsPerSegment
        y = .allocate(capacity: n); y.initialize(repeating: 0, count: n)
        yPrev = .allocate(capacity: n); yPrev.initialize(repeating: 0, count: n)
        yTrial = .allocate(capacity: n); yTrial.initialize(repeating: 0, count: n)
        yBest = .allocate(capacity: n); yBest.initialize(repeating: 0, count: n)
        gPrev = .allocate(capacity: Self.maxEvents); gPrev.initialize(repeating: 0, count: Self.maxEvents)
        gNow = .allocate(capacity: Self.maxEvents); gNow.initialize(repeating: 0, count: Self.maxEvents)
        scales = .allocate(capacity: n)
        let s = componentScales ?? Array(repeating: 1, count: n)
        precondition(s.count == n, "one absolute-tolerance scale per state")
        scales.initialize(from: s, count: n)
        system = .allocate(capacity: 1)
        system.initialize(to: gsl_odeiv2_system(function: nil, jacobian: nil, dimension: n, params: nil))
        system.pointee.function = { t, y, f, params in
            let me = Unmanaged<ODEIntegrator>.fromOpaque(params!).takeUnretainedValue()
            me.rhsEvaluations &+= 1
            return me.problem.derivatives(t: t, y: y!, dydt: f!) ? Int32(GSL_SUCCESS) : Int32(GSL_EBADFUNC)
        }
        system.pointee.jacobian = { t, y, dfdy, dfdt, params in
            let me = Unmanaged<ODEIntegrator>.fromOpaque(params!).takeUnretainedValue()
            me.jacobianEvaluations &+= 1
            return me.problem.jacobian(t: t, y: y!, dfdy: dfdy!, dfdt: dfdt!) ? Int32(GSL_SUCCESS) : Int32(GSL_EBADFUNC)
        }
        guard let d = gsl_odeiv2_driver_alloc_scaled_new(
            system, stepper.gslType, initialStep, absoluteTolerance, relativeTolerance, 1, 0, scales) else {
            fatalError("GSL could not allocate an ODE driver")
        }
        driver = d
        // GSL keeps a pointer to `system`; its params point back here for the trampolines.
        system.pointee.params = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        gsl_odeiv2_driver_free(driver)
        system.deallocate()
        y.deallocate(); yPrev.deallocate(); yTrial.deallocate(); yBest.deallocate()
        gPrev.deallocate(); gNow.deallocate(); scales.deallocate()
    }

    public func resetCounters() {
        rhsEvaluations = 0
        jacobianEvaluations = 0
        acceptedSteps = 0
        eventLocationRHSEvaluations = 0
    }

    /// Sets the state vector.
    public func setState(_ values: [Double]) {
        precondition(values.count == dimension)
        y.update(from: values, count: dimension)
    }

    public var state: [Double] { Array(UnsafeBufferPointer(start: y, count: dimension)) }

    private var parts: (step: UnsafeMutablePointer<gsl_odeiv2_step>, control: UnsafeMutablePointer<gsl_odeiv2_control>,
                        evolve: UnsafeMutablePointer<gsl_odeiv2_evolve>) {
        let d = UnsafeMutablePointer<gsl_odeiv2_driver>(driver)!
        return (d.pointee.s, d.pointee.c, d.pointee.e)
    }

    /// Integrates the state `y` from `t` towards `tEnd`, stopping early at the first event.
    ///
    /// An event already triggered at the start ends the segment at once (zero length).
    /// - Parameter onStep: called after each accepted step (not at the located event).
    public func integrate(from t0: Double, to tEnd: Double, events: [ODEEvent],
                          onStep: ((Double, UnsafePointer<Double>) -> Void)? = nil) throws -> (time: Double, outcome: ODEOutcome) {
        guard events.count <= Self.maxEvents else { throw ODEError.tooManyEvents(events.count) }
        var t = t0
        for (i, e) in events.enumerated() {
            let g = problem.eventValue(e.id, t: t, y: y)
            if let failure = problem.failure { throw failure }
            if e.isTriggered(g) { return (t, .event(index: i)) }
            gPrev[i] = g
        }
        guard tEnd > t else { return (t, .reachedEnd) }
        gsl_odeiv2_driver_reset(driver)
        let (step, control, evolve) = parts
        var h = min(initialStep, maxStep, tEnd - t)
        var steps = 0
        let n = dimension
        let endSlack = 1e-12 * max(1, abs(tEnd))
        while t < tEnd {
            if tEnd - t <= endSlack { t = tEnd; break }
            yPrev.update(from: y, count: n)
            let tPrev = t
            h = min(h, maxStep)
            let status = gsl_odeiv2_evolve_apply(evolve, control, step, system, &t, tEnd, &h, y)
            if let failure = problem.failure { throw failure }
            try GSL.check(status, "ODE step at t = \(tPrev) s")
            steps += 1
            acceptedSteps &+= 1
            if steps > maxStepsPerSegment { throw ODEError.tooManySteps(limit: maxStepsPerSegment, time: t) }
            if let budget, steps & 31 == 0 { try budget.check(evaluations: rhsEvaluations, time: t) }
            if t - tPrev <= 1e-12 * max(1, abs(t)) && tEnd - t > endSlack {
                throw ODEError.stepTooSmall(time: t, step: t - tPrev)
            }
            var fired = -1
            for (i, e) in events.enumerated() {
                let g = problem.eventValue(e.id, t: t, y: y)
                gNow[i] = g
                if e.isTriggered(g) { fired = i }
            }
            if let failure = problem.failure { throw failure }
            if fired >= 0 {
                let before = rhsEvaluations
                let (tEvent, index) = try locate(events: events, tPrev: tPrev, tNow: t)
                eventLocationRHSEvaluations += rhsEvaluations - before
                return (tEvent, .event(index: index))
            }
            onStep?(t, y)
            gPrev.update(from: gNow, count: events.count)
        }
        return (t, .reachedEnd)
    }

    /// Re-integrates from (tPrev, yPrev) to `target` into `yTrial`, with full error control.
    private func reintegrate(tPrev: Double, to target: Double) throws {
        yTrial.update(from: yPrev, count: dimension)
        if target <= tPrev { return }
        gsl_odeiv2_driver_reset(driver)
        let (step, control, evolve) = parts
        var t = tPrev
        var h = target - tPrev
        var steps = 0
        while t < target {
            let status = gsl_odeiv2_evolve_apply(evolve, control, step, system, &t, target, &h, yTrial)
            if let failure = problem.failure { throw failure }
            try GSL.check(status, "ODE re-integration for event location at t = \(t) s")
            steps += 1
            if steps > maxStepsPerSegment { throw ODEError.tooManySteps(limit: maxStepsPerSegment, time: t) }
            if let budget, steps & 31 == 0 { try budget.check(evaluations: rhsEvaluations, time: t) }
        }
    }

    /// Finds the earliest event root in (tPrev, tNow]; leaves `y` at it.
    private func locate(events: [ODEEvent], tPrev: Double, tNow: Double) throws -> (Double, Int) {
        var bestTime = Double.infinity
        var bestIndex = -1
        for (i, e) in events.enumerated() where e.isTriggered(gNow[i]) {
            let g0 = gPrev[i], g1 = gNow[i]
            let upperTime = min(tNow, bestTime)
            // The root must lie before any root already found.
            var lastTime = Double.nan
            var tRoot: Double
            if g1.magnitude <= e.valueTolerance || tNow - tPrev <= e.timeTolerance {
                tRoot = tNow
            } else {
                let gUpper: Double
                if upperTime == tNow { gUpper = g1 } else {
                    try reintegrate(tPrev: tPrev, to: upperTime)
                    gUpper = problem.eventValue(e.id, t: upperTime, y: yTrial)
                    if !e.isTriggered(gUpper) { continue }
                }
                let root = try ScalarRoot.brent(
                    lower: tPrev, upper: upperTime, fLower: g0, fUpper: gUpper,
                    xTolerance: e.timeTolerance, fTolerance: e.valueTolerance
                ) { [self] tau in
                    try reintegrate(tPrev: tPrev, to: tau)
                    lastTime = tau
                    return problem.eventValue(e.id, t: tau, y: yTrial)
                }
                // Accept the iterate when it has triggered or lies within the value tolerance; otherwise
                // take the later end of the final bracket, which has triggered and is within the time tolerance.
                tRoot = (e.isTriggered(root.fx) || root.fx.magnitude <= e.valueTolerance) ? root.x : root.upper
            }
            if tRoot < bestTime {
                bestTime = tRoot
                bestIndex = i
                if tRoot == tNow {
                    yTrial.update(from: y, count: dimension)
                } else if tRoot != lastTime {
                    try reintegrate(tPrev: tPrev, to: tRoot)
                }
                yBest.update(from: yTrial, count: dimension)
            }
        }
        precondition(bestIndex >= 0, "an event fired but none was located")
        y.update(from: yBest, count: dimension)
        return (bestTime, bestIndex)
    }
}
