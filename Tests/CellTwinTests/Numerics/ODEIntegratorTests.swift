import CGSL
import Foundation
import Testing
@testable import CellTwin

// MARK: - Small analytic problems

/// RC circuit: dv/dt = (I·R − v)/τ, v(0) = 0 ⇒ v(t) = I R (1 − e^{−t/τ}).
private final class RCStepProblem: ODEProblem {
    let current: Double, resistance: Double, tau: Double
    let dimension = 1
    var failure: Error? { nil }

    init(current: Double, resistance: Double, tau: Double) {
        self.current = current
        self.resistance = resistance
        self.tau = tau
    }

    func analytic(_ t: Double) -> Double { current * resistance * (1 - exp(-t / tau)) }

    func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
        dydt[0] = (current * resistance - y[0]) / tau
        return true
    }

    func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                  dfdt: UnsafeMutablePointer<Double>) -> Bool {
        dfdy[0] = -1 / tau
        dfdt[0] = 0
        return true
    }

    /// Event 0: v − threshold (rising).
    var threshold = 0.0
    func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double { y[0] - threshold }
}

/// dy/dt = a, so y = y0 + a t. Event k: y − thresholds[k].
private final class LinearGrowthProblem: ODEProblem {
    let rate: Double
    var thresholds: [Double]
    let dimension = 1
    var failure: Error? { nil }
    var eventCalls = 0

    init(rate: Double, thresholds: [Double]) {
        self.rate = rate
        self.thresholds = thresholds
    }

    func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
        dydt[0] = rate
        return true
    }

    func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                  dfdt: UnsafeMutablePointer<Double>) -> Bool {
        dfdy[0] = 0
        dfdt[0] = 0
        return true
    }

    func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double {
        eventCalls += 1
        return y[0] - thresholds[id]
    }
}

/// dy/dt = −y/τ, y(0) = 1 ⇒ y = e^{−t/τ}. Event 0: y − c (falling).
private final class DecayProblem: ODEProblem {
    let tau: Double
    var level: Double
    let dimension = 1
    var failure: Error? { nil }

    init(tau: Double, level: Double) {
        self.tau = tau
        self.level = level
    }

    func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
        dydt[0] = -y[0] / tau
        return true
    }

    func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                  dfdt: UnsafeMutablePointer<Double>) -> Bool {
        dfdy[0] = -1 / tau
        dfdt[0] = 0
        return true
    }

    func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double { y[0] - level }
}

/// y' = A y with A = Q diag(−λ1, −λ2) Q, Q = [[1, 1], [1, −1]]/√2 (symmetric, orthogonal): a coupled
/// stiff system whose modes decay at λ1 = 1e-3 s⁻¹ and λ2 = 1e4 s⁻¹.
private final class StiffLinearProblem: ODEProblem {
    static let slow = 1e-3, fast = 1e4
    let dimension = 2
    var failure: Error? { nil }
    // A = ½ [[−(λ1+λ2), −(λ1−λ2)], [−(λ1−λ2), −(λ1+λ2)]]
    let a11 = -0.5 * (slow + fast), a12 = -0.5 * (slow - fast)

    func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
        dydt[0] = a11 * y[0] + a12 * y[1]
        dydt[1] = a12 * y[0] + a11 * y[1]
        return true
    }

    func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                  dfdt: UnsafeMutablePointer<Double>) -> Bool {
        dfdy[0] = a11; dfdy[1] = a12
        dfdy[2] = a12; dfdy[3] = a11
        dfdt[0] = 0; dfdt[1] = 0
        return true
    }

    func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double { 0 }

    /// Exact solution from y0.
    static func analytic(_ y0: [Double], _ t: Double) -> [Double] {
        let s = 1 / 2.0.squareRoot()
        // x = Q y0 (modal coordinates), then decay, then back with Q.
        let x1 = s * (y0[0] + y0[1]) * exp(-slow * t)
        let x2 = s * (y0[0] - y0[1]) * exp(-fast * t)
        return [s * (x1 + x2), s * (x1 - x2)]
    }
}

private struct InjectedFailure: Error, Equatable {
    let tag: String
}

/// dy/dt ≈ 1 until the right-hand side is asked for a time past `failAfterTime`; it then stores an error and
/// returns false. With `failOnceEventSeen`, it instead starts failing once an event value has been seen
/// triggered (so the failure happens during event location).
private final class FailingProblem: ODEProblem {
    let dimension = 1
    var failure: Error?
    var calls = 0
    let failAfterTime: Double
    var failOnceEventSeen = false
    var eventSeen = false

    init(failAfterTime: Double) { self.failAfterTime = failAfterTime }

    func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
        calls += 1
        if t > failAfterTime || (failOnceEventSeen && eventSeen) {
            failure = InjectedFailure(tag: "rhs at t = \(t)")
            return false
        }
        dydt[0] = 1 + 0.1 * sin(t)
        return true
    }

    func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                  dfdt: UnsafeMutablePointer<Double>) -> Bool {
        dfdy[0] = 0
        dfdt[0] = 0.1 * cos(t)
        return true
    }

    /// Store a failure when the event function is asked again after it has been seen triggered (a cell model's
    /// current solve failing at a trial state during event location).
    var failInEventOnceSeen = false

    func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double {
        if failInEventOnceSeen && eventSeen { failure = InjectedFailure(tag: "event at t = \(t)") }
        let g = y[0] - 5
        if g >= 0 { eventSeen = true }
        return g
    }
}

/// dy/dt = 3t², y(0) = 0 ⇒ y = t³: a cubic, which the step's Hermite interpolant reproduces exactly.
private final class CubicProblem: ODEProblem {
    let level: Double
    let dimension = 1
    var failure: Error? { nil }
    init(level: Double) { self.level = level }
    func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
        dydt[0] = 3 * t * t
        return true
    }
    func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                  dfdt: UnsafeMutablePointer<Double>) -> Bool {
        dfdy[0] = 0
        dfdt[0] = 6 * t
        return true
    }
    func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double { y[0] - level }
}

/// Logistic growth y′ = r·y·(1 − y/K) ⇒ y = K / (1 + (K/y₀ − 1)·e^{−r t}): nonlinear, with a step size that must grow
/// and shrink along the curve.
private final class LogisticProblem: ODEProblem {
    let rate: Double, capacity: Double
    let dimension = 1
    var failure: Error? { nil }
    init(rate: Double, capacity: Double) {
        self.rate = rate
        self.capacity = capacity
    }
    func analytic(_ t: Double, from y0: Double) -> Double { capacity / (1 + (capacity / y0 - 1) * exp(-rate * t)) }
    func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
        dydt[0] = rate * y[0] * (1 - y[0] / capacity)
        return true
    }
    func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                  dfdt: UnsafeMutablePointer<Double>) -> Bool {
        dfdy[0] = rate * (1 - 2 * y[0] / capacity)
        dfdt[0] = 0
        return true
    }
    func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double { y[0] - 0.5 * capacity }
}

/// A slow state driven by a linear mode the problem advances exactly: y₁ = e^{−λt} (the mode) and y₀′ = y₁, so
/// y₀ = (1 − e^{−λt})/λ. The right-hand side reads the mode at t in closed form from its anchor, as a cell model does,
/// so a first stage taken from a stale anchor or a stale f shows in y₀. Event 0: y₀ − level (rising).
private final class ModeDrivenProblem: ODEProblem, ODELinearModes {
    let dimension = 2
    let rate = 0.01
    var level = 0.0
    var failure: Error? { nil }
    private var anchorTime = 0.0, anchorMode = 0.0
    private var anchored = false
    /// Whether it leaves the mode out while anchored (``ODELinearModes/omitLinearModes(_:)``), and whether it does now.
    var omits = false
    private(set) var omitting = false
    /// Right-hand-side calls while omitting.
    private(set) var omittedCalls = 0

    func analytic(_ t: Double) -> (slow: Double, mode: Double) { ((1 - exp(-rate * t)) / rate, exp(-rate * t)) }

    /// The mode at t: in closed form from the anchor while anchored, else y₁ itself.
    private func mode(_ t: Double, _ y: UnsafePointer<Double>) -> Double {
        anchored ? anchorMode * exp(-rate * (t - anchorTime)) : y[1]
    }

    var linearModes: Range<Int> { 1..<2 }
    func anchorLinearModes(t: Double, y: UnsafePointer<Double>) -> Bool {
        anchorTime = t
        anchorMode = y[1]
        anchored = true
        return true
    }
    func advanceLinearModes(to t: Double, y: UnsafeMutablePointer<Double>) -> Bool {
        y[1] = mode(t, y)
        return anchorLinearModes(t: t, y: y)
    }
    func releaseLinearModes() { anchored = false }
    func omitLinearModes(_ omit: Bool) -> Bool {
        omitting = omits && omit
        return omits
    }

    func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
        dydt[0] = mode(t, y)
        if omitting && anchored {
            omittedCalls += 1
            return true
        }
        dydt[1] = anchored ? 0 : -rate * y[1]
        return true
    }
    func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                  dfdt: UnsafeMutablePointer<Double>) -> Bool {
        dfdy[0] = 0; dfdy[1] = anchored ? 0 : 1; dfdy[2] = 0; dfdy[3] = anchored ? 0 : -rate
        dfdt[0] = anchored ? -rate * mode(t, y) : 0; dfdt[1] = 0
        return true
    }
    func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double { y[0] - level }
}

/// GSL's own loop: `gsl_odeiv2_evolve_apply` with `stepper` and the scaled control (a_y = 1, a_dydt = 0) from y0 over
/// [0, tEnd], steps capped at `maxStep` and, after a step GSL retried, at the accepted one, as ``ODEIntegrator`` caps
/// them; the accepted (t, y), the steps GSL's evolve object counts as failed, and the right-hand-side calls.
private func gslEvolveLoop(_ problem: ODEProblem, stepper: ODEStepper, y0: [Double], tEnd: Double, initialStep: Double,
                           maxStep: Double, relativeTolerance: Double, absoluteTolerance: Double) throws
    -> (steps: [(t: Double, y: [Double])], failed: Int, calls: Int) {
    final class Counted {
        let problem: ODEProblem
        var calls = 0
        init(_ problem: ODEProblem) { self.problem = problem }
    }
    let counted = Counted(problem)
    let n = problem.dimension
    var system = gsl_odeiv2_system(function: { t, y, f, p in
        let c = Unmanaged<Counted>.fromOpaque(p!).takeUnretainedValue()
        c.calls += 1
        return c.problem.derivatives(t: t, y: y!, dydt: f!) ? Int32(GSL_SUCCESS) : Int32(GSL_EBADFUNC)
    }, jacobian: nil, dimension: n, params: Unmanaged.passUnretained(counted).toOpaque())
    var scales = [Double](repeating: 1, count: n), y = y0
    let driver = try #require(gsl_odeiv2_driver_alloc_scaled_new(&system, stepper.gslType, initialStep, absoluteTolerance,
                                                                 relativeTolerance, 1, 0, &scales))
    defer { gsl_odeiv2_driver_free(driver) }
    var t = 0.0, h = initialStep
    var steps: [(t: Double, y: [Double])] = []
    while t < tEnd {
        if tEnd - t <= 1e-12 * max(1, tEnd) { break }
        h = min(h, maxStep)
        let failed = driver.pointee.e.pointee.failed_steps
        #expect(gsl_odeiv2_evolve_apply(driver.pointee.e, driver.pointee.c, driver.pointee.s, &system, &t, tEnd, &h, &y)
                == Int32(GSL_SUCCESS))
        // `last_step`: the length of the accepted try.
        if driver.pointee.e.pointee.failed_steps > failed && t < tEnd { h = min(h, driver.pointee.e.pointee.last_step) }
        steps.append((t, y))
    }
    return (steps, Int(driver.pointee.e.pointee.failed_steps), counted.calls)
}

// MARK: - Tests

/// y₀′ = 1 (a slow state) and a linear mode y₁′ = −λ·y₁ that the problem advances exactly, y₁ = e^{−λt}, with a limit
/// on the next step while anchored (``ODELinearModes/linearModesStepLimit(relativeTolerance:absoluteTolerance:scales:)``).
private final class LimitedModeProblem: ODEProblem, ODELinearModes {
    let dimension = 2
    let rate = 0.05
    let limit: Double
    var failure: Error? { nil }
    private var anchorTime = 0.0, anchorMode = 0.0
    private(set) var anchored = false
    private(set) var limitReads = 0

    init(limit: Double) { self.limit = limit }

    var linearModes: Range<Int> { 1..<2 }
    func anchorLinearModes(t: Double, y: UnsafePointer<Double>) -> Bool {
        anchorTime = t
        anchorMode = y[1]
        anchored = true
        return true
    }
    func advanceLinearModes(to t: Double, y: UnsafeMutablePointer<Double>) -> Bool {
        y[1] = anchorMode * exp(-rate * (t - anchorTime))
        return anchorLinearModes(t: t, y: y)
    }
    func releaseLinearModes() { anchored = false }
    func linearModesStepLimit(relativeTolerance: Double, absoluteTolerance: Double, scales: UnsafePointer<Double>) -> Double {
        limitReads += 1
        return limit
    }

    func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
        dydt[0] = 1
        dydt[1] = anchored ? 0 : -rate * y[1]
        return true
    }
    func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                  dfdt: UnsafeMutablePointer<Double>) -> Bool {
        dfdy[0] = 0; dfdy[1] = 0; dfdy[2] = 0; dfdy[3] = anchored ? 0 : -rate
        dfdt[0] = 0; dfdt[1] = 0
        return true
    }
    func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double { 1 }
}

@Suite("ODEIntegrator")
struct ODEIntegratorTests {

    // MARK: RC step response

    @Test("RC step response matches I·R·(1 − e^{−t/τ}) to 1e-6 relative", arguments: ODEStepper.allCases)
    func rcStepResponse(stepper: ODEStepper) throws {
        let problem = RCStepProblem(current: 2.0, resistance: 0.05, tau: 30)   // I R = 0.1 V, τ = 30 s
        let integrator = ODEIntegrator(problem: problem, stepper: stepper,
                                       relativeTolerance: 1e-10, absoluteTolerance: 1e-13, maxStep: 20)
        integrator.setState([0])
        var t = 0.0
        for target in [0.5, 3.0, 10.0, 30.0, 75.0, 150.0, 300.0] {
            let result = try integrator.integrate(from: t, to: target, events: [])
            #expect(result.outcome == .reachedEnd)
            #expect(result.time == target)
            t = result.time
            let exact = problem.analytic(target)
            let got = integrator.state[0]
            #expect(abs(got - exact) <= 1e-6 * abs(exact),
                    "\(stepper) at t = \(target) s: v = \(got), exact \(exact)")
        }
        #expect(integrator.acceptedSteps > 0)
        #expect(integrator.rhsEvaluations >= integrator.acceptedSteps)
    }

    @Test("A run over its budget stops with budgetExceeded; within it, the budget changes nothing")
    func budgetStopsARun() throws {
        let problem = RCStepProblem(current: 1, resistance: 1, tau: 5)
        let small = ODEIntegrator(problem: problem, stepper: .rk8pd, relativeTolerance: 1e-12, absoluteTolerance: 1e-14, maxStep: 1e-3)
        small.setState([0])
        small.budget = ODEBudget(seconds: 60, rhsEvaluations: 1000)
        #expect { try small.integrate(from: 0, to: 100, events: []) } throws: { e in
            guard case let .budgetExceeded(limit, t)? = e as? ODEError else { return false }
            return limit == "1000 right-hand-side evaluations" && t > 0 && t < 100
        }
        small.setState([0])
        small.budget = ODEBudget(seconds: 0, rhsEvaluations: .max)
        #expect { try small.integrate(from: 0, to: 100, events: []) } throws: { "\($0)".contains("budget of 0.0 s of computation") }
        let free = ODEIntegrator(problem: problem, stepper: .rk8pd, relativeTolerance: 1e-10, absoluteTolerance: 1e-13, maxStep: 1)
        free.setState([0])
        free.budget = ODEBudget(seconds: 60, rhsEvaluations: 1_000_000)
        #expect(try free.integrate(from: 0, to: 20, events: []).outcome == .reachedEnd)
        #expect(abs(free.state[0] - problem.analytic(20)) < 1e-8)
    }

    @Test("onStep reports increasing times ending at tEnd, with the state of each step")
    func onStepCallback() throws {
        let problem = RCStepProblem(current: 1, resistance: 1, tau: 5)
        let integrator = ODEIntegrator(problem: problem, stepper: .rkf45, relativeTolerance: 1e-10,
                                       absoluteTolerance: 1e-12, maxStep: 1)
        integrator.setState([0])
        var times: [Double] = []
        var maxError = 0.0
        let result = try integrator.integrate(from: 0, to: 20, events: []) { t, y in
            times.append(t)
            maxError = max(maxError, abs(y[0] - problem.analytic(t)))
        }
        #expect(result == (time: 20, outcome: .reachedEnd))
        #expect(times.count == integrator.acceptedSteps)
        #expect(times.last == 20)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
        #expect(zip([0.0] + times, times).allSatisfy { $1 - $0 <= 1 + 1e-12 }, "maxStep = 1 s is respected")
        #expect(maxError < 1e-8)
    }

    // MARK: Events

    @Test("rising event on y = a·t is located at threshold/a",
          arguments: [(rate: 1.0, threshold: 3.7), (rate: 0.013, threshold: 2.5), (rate: 250.0, threshold: 4.2),
                      (rate: 1e-3, threshold: 0.55)])
    func risingEventLinear(rate: Double, threshold: Double) throws {
        for stepper in [ODEStepper.rk4imp, .rkf45, .msbdf] {
            let problem = LinearGrowthProblem(rate: rate, thresholds: [threshold])
            let integrator = ODEIntegrator(problem: problem, stepper: stepper, maxStep: 600, initialStep: 1e-2)
            integrator.setState([0])
            let event = ODEEvent(id: 0, direction: .rising, valueTolerance: 1e-9, timeTolerance: 1e-3)
            let tStar = threshold / rate
            let result = try integrator.integrate(from: 0, to: 10 * tStar, events: [event])
            #expect(result.outcome == .event(index: 0))
            let g = integrator.state[0] - threshold
            #expect(abs(result.time - tStar) <= event.timeTolerance || abs(g) <= event.valueTolerance,
                    "\(stepper): t = \(result.time), t* = \(tStar), g = \(g)")
            // The state really is at the reported time, and the event has happened there.
            #expect(abs(integrator.state[0] - rate * result.time) <= 1e-9 * max(1, threshold))
            #expect(g >= -event.valueTolerance, "\(stepper): g = \(g) at the reported event")
        }
    }

    @Test("falling event on e^{−t/τ} − c is located at τ·ln(1/c) within 1 ms",
          arguments: [(tau: 1.0, c: 0.5), (tau: 10.0, c: 0.3), (tau: 100.0, c: 0.05), (tau: 1000.0, c: 0.9),
                      (tau: 3600.0, c: 0.2), (tau: 0.01, c: 0.001)])
    func fallingEventExponential(tau: Double, c: Double) throws {
        for stepper in [ODEStepper.rk4imp, .rkf45, .msbdf, .rk8pd] {
            let problem = DecayProblem(tau: tau, level: c)
            let integrator = ODEIntegrator(problem: problem, stepper: stepper, relativeTolerance: 1e-9,
                                           absoluteTolerance: 1e-12)
            integrator.setState([1])
            // A value tolerance far below anything reachable: the 1 ms time tolerance decides.
            let event = ODEEvent(id: 0, direction: .falling, valueTolerance: 1e-14, timeTolerance: 1e-3)
            let tStar = tau * log(1 / c)
            let result = try integrator.integrate(from: 0, to: 20 * tStar + 10, events: [event])
            #expect(result.outcome == .event(index: 0))
            #expect(abs(result.time - tStar) <= 1e-3,
                    "\(stepper), τ = \(tau), c = \(c): t = \(result.time), t* = \(tStar)")
            // State consistent with the reported time, and the event really has happened.
            #expect(abs(integrator.state[0] - exp(-result.time / tau)) <= 1e-7)
            #expect(integrator.state[0] - c <= event.valueTolerance,
                    "\(stepper), τ = \(tau), c = \(c): g = \(integrator.state[0] - c) at the reported event")
        }
    }

    @Test("falling event with a loose value tolerance stops where |g| ≤ tolerance")
    func fallingEventValueTolerance() throws {
        let problem = DecayProblem(tau: 100, level: 0.25)
        let integrator = ODEIntegrator(problem: problem, stepper: .rk4imp)
        integrator.setState([1])
        let event = ODEEvent(id: 0, direction: .falling, valueTolerance: 1e-4, timeTolerance: 1e-9)
        let result = try integrator.integrate(from: 0, to: 1000, events: [event])
        #expect(result.outcome == .event(index: 0))
        let g = integrator.state[0] - 0.25
        let tStar = 100 * log(4.0)
        #expect(abs(g) <= 1e-4 || abs(result.time - tStar) <= 1e-9, "g = \(g), t = \(result.time)")
        // |dg/dt| = 0.0025 s⁻¹ at the root, so |g| ≤ 1e-4 ⇒ |t − t*| ≲ 0.04 s.
        #expect(abs(result.time - tStar) <= 0.05)
    }

    @Test("an event already triggered at the start returns at once with zero length")
    func eventTriggeredAtStart() throws {
        let problem = DecayProblem(tau: 10, level: 2)   // y = 1 ≤ 2: a falling event has already happened
        let integrator = ODEIntegrator(problem: problem, stepper: .rk4imp)
        integrator.setState([1])
        let notYet = ODEEvent(id: 0, direction: .rising, valueTolerance: 1e-9)   // g = −1 < 0
        let already = ODEEvent(id: 0, direction: .falling, valueTolerance: 1e-9)
        let result = try integrator.integrate(from: 42, to: 100, events: [notYet, already])
        #expect(result.time == 42)
        #expect(result.outcome == .event(index: 1))
        #expect(integrator.state == [1])
        #expect(integrator.acceptedSteps == 0)
        #expect(integrator.rhsEvaluations == 0)
    }

    @Test("an event exactly at zero at the start counts as triggered", arguments: [ODEEvent.Direction.rising, .falling])
    func eventExactlyZeroAtStart(direction: ODEEvent.Direction) throws {
        let problem = LinearGrowthProblem(rate: 1, thresholds: [3])
        let integrator = ODEIntegrator(problem: problem)
        integrator.setState([3])
        let result = try integrator.integrate(from: 0, to: 10,
                                              events: [ODEEvent(id: 0, direction: direction, valueTolerance: 0)])
        #expect(result == (time: 0, outcome: .event(index: 0)))
        #expect(integrator.state == [3])
    }

    @Test("when two events fire in one step the earlier one is reported",
          arguments: [[5.0, 3.0], [3.0, 5.0], [8.0, 6.5, 2.25]])
    func earliestOfSeveralEvents(thresholds: [Double]) throws {
        let problem = LinearGrowthProblem(rate: 1, thresholds: thresholds)
        // A linear solution is integrated exactly, so with a large first step one step spans all roots.
        let integrator = ODEIntegrator(problem: problem, stepper: .rkf45, maxStep: 600, initialStep: 100)
        integrator.setState([0])
        let events = thresholds.indices.map { ODEEvent(id: $0, direction: .rising, valueTolerance: 1e-9) }
        let result = try integrator.integrate(from: 0, to: 10, events: events)
        #expect(integrator.acceptedSteps == 1, "the roots must all lie in one step for this test to mean anything")
        let earliest = thresholds.indices.min { thresholds[$0] < thresholds[$1] }!
        #expect(result.outcome == .event(index: earliest))
        #expect(abs(result.time - thresholds[earliest]) <= 1e-3)
        #expect(abs(integrator.state[0] - result.time) <= 1e-9)
    }

    @Test("two events in one step on a curved solution: the earlier root wins")
    func earliestOfTwoEventsCurved() throws {
        // y = e^{−t/τ}; falling events at levels 0.4 (t ≈ 91.6 s) and 0.6 (t ≈ 51.1 s).
        let problem = DecayProblem(tau: 100, level: 0)
        final class TwoLevels: ODEProblem {
            let base: DecayProblem
            init(_ base: DecayProblem) { self.base = base }
            var dimension: Int { 1 }
            var failure: Error? { nil }
            func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
                base.derivatives(t: t, y: y, dydt: dydt)
            }
            func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                          dfdt: UnsafeMutablePointer<Double>) -> Bool {
                base.jacobian(t: t, y: y, dfdy: dfdy, dfdt: dfdt)
            }
            func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double { y[0] - (id == 0 ? 0.4 : 0.6) }
        }
        let integrator = ODEIntegrator(problem: TwoLevels(problem), stepper: .rk8pd, relativeTolerance: 1e-6,
                                       absoluteTolerance: 1e-6, maxStep: 600, initialStep: 150)
        integrator.setState([1])
        let events = [ODEEvent(id: 0, direction: .falling, valueTolerance: 1e-12),
                      ODEEvent(id: 1, direction: .falling, valueTolerance: 1e-12)]
        let result = try integrator.integrate(from: 0, to: 150, events: events)
        #expect(result.outcome == .event(index: 1))
        #expect(abs(result.time - 100 * log(1 / 0.6)) <= 1e-3, "t = \(result.time)")
    }

    @Test("reaching the end without an event returns .reachedEnd at exactly tEnd",
          arguments: [(t0: 0.0, tEnd: 7.25), (t0: 1.3, tEnd: 2.9), (t0: 100.0, tEnd: 4321.123)])
    func reachedEnd(t0: Double, tEnd: Double) throws {
        let problem = LinearGrowthProblem(rate: 0.5, thresholds: [1e9])
        let integrator = ODEIntegrator(problem: problem, stepper: .rk4imp)
        integrator.setState([0])
        let result = try integrator.integrate(from: t0, to: tEnd,
                                              events: [ODEEvent(id: 0, direction: .rising, valueTolerance: 1e-6)])
        #expect(result.outcome == .reachedEnd)
        #expect(result.time == tEnd)
        #expect(abs(integrator.state[0] - 0.5 * (tEnd - t0)) <= 1e-9 * tEnd)
    }

    @Test("a segment whose steps are capped by maxStep reaches tEnd (no spurious stepTooSmall)",
          arguments: [(tEnd: 1.0, maxStep: 0.1), (tEnd: 0.7, maxStep: 0.1), (tEnd: 3.0, maxStep: 0.3)])
    func reachedEndWithMaxStepCap(tEnd: Double, maxStep: Double) throws {
        // Adding maxStep repeatedly falls a few ulps short of tEnd (0.1 × 10 sums to 0.9999999999999999);
        // the last step is then ~1e-16 s long. That is the end of the segment, not a stalled integrator.
        let problem = LinearGrowthProblem(rate: 2, thresholds: [])
        let integrator = ODEIntegrator(problem: problem, stepper: .rkf45, maxStep: maxStep, initialStep: maxStep)
        integrator.setState([0])
        let result = try integrator.integrate(from: 0, to: tEnd, events: [])
        #expect(result.outcome == .reachedEnd)
        #expect(result.time == tEnd)
        #expect(abs(integrator.state[0] - 2 * tEnd) <= 1e-12)
    }

    @Test("an empty or reversed segment returns at once")
    func emptySegment() throws {
        let problem = LinearGrowthProblem(rate: 1, thresholds: [])
        let integrator = ODEIntegrator(problem: problem)
        integrator.setState([1])
        #expect(try integrator.integrate(from: 5, to: 5, events: []) == (time: 5, outcome: .reachedEnd))
        #expect(try integrator.integrate(from: 5, to: 4, events: []) == (time: 5, outcome: .reachedEnd))
        #expect(integrator.state == [1])
        #expect(integrator.rhsEvaluations == 0)
    }

    @Test("more than maxEvents events is rejected")
    func tooManyEvents() {
        let problem = LinearGrowthProblem(rate: 1, thresholds: Array(repeating: 100, count: 17))
        let integrator = ODEIntegrator(problem: problem)
        let events = (0..<17).map { ODEEvent(id: $0, direction: .rising, valueTolerance: 1e-6) }
        #expect(throws: ODEError.tooManyEvents(17)) {
            _ = try integrator.integrate(from: 0, to: 1, events: events)
        }
    }

    @Test("consecutive segments continue from the located event")
    func segmentsContinueAfterEvent() throws {
        let problem = DecayProblem(tau: 50, level: 0.5)
        let integrator = ODEIntegrator(problem: problem, stepper: .msbdf, relativeTolerance: 1e-9, absoluteTolerance: 1e-12)
        integrator.setState([1])
        let event = ODEEvent(id: 0, direction: .falling, valueTolerance: 1e-10)
        let first = try integrator.integrate(from: 0, to: 1000, events: [event])
        #expect(first.outcome == .event(index: 0))
        #expect(abs(first.time - 50 * log(2.0)) <= 1e-3)
        problem.level = 0.1
        let second = try integrator.integrate(from: first.time, to: 1000, events: [event])
        #expect(second.outcome == .event(index: 0))
        #expect(abs(second.time - 50 * log(10.0)) <= 1e-3)
        let third = try integrator.integrate(from: second.time, to: 400, events: [])
        #expect(third == (time: 400, outcome: .reachedEnd))
        #expect(abs(integrator.state[0] - exp(-400 / 50.0)) <= 1e-8)
    }

    // MARK: Stiff system

    @Test("stiff linear system (rates 1e-3 and 1e4 s⁻¹) with implicit steppers", arguments: [ODEStepper.rk4imp, .msbdf, .bsimp])
    func stiffLinearSystem(stepper: ODEStepper) throws {
        let problem = StiffLinearProblem()
        let integrator = ODEIntegrator(problem: problem, stepper: stepper, relativeTolerance: 1e-8,
                                       absoluteTolerance: 1e-10, maxStep: 600, initialStep: 1e-6)
        let y0 = [1.0, 0.2]
        integrator.setState(y0)
        var t = 0.0
        for target in [1e-4, 1e-3, 1.0, 100.0, 1000.0, 3000.0] {
            let result = try integrator.integrate(from: t, to: target, events: [])
            #expect(result == (time: target, outcome: .reachedEnd))
            t = target
            let exact = StiffLinearProblem.analytic(y0, target)
            for k in 0..<2 {
                #expect(abs(integrator.state[k] - exact[k]) <= 1e-6 * max(abs(exact[k]), 1e-2),
                        "\(stepper) y[\(k)](\(target)) = \(integrator.state[k]), exact \(exact[k])")
            }
        }
        #expect(integrator.acceptedSteps < 2000, "\(stepper) took \(integrator.acceptedSteps) steps")
    }

    /// msbdf steps are taken without f at their ends (GSL's evolve object computes it for every step; msbdf and the
    /// scaled control do not use it): the same steps and states as `gsl_odeiv2_evolve_apply` gives, one call a step fewer.
    @Test("msbdf steps match GSL's evolve loop state for state, with one right-hand-side call a step fewer")
    func multistepStepsWithoutEndDerivatives() throws {
        let problem = StiffLinearProblem()
        let integrator = ODEIntegrator(problem: problem, stepper: .msbdf, relativeTolerance: 1e-8,
                                       absoluteTolerance: 1e-10, maxStep: 600, initialStep: 1e-6)
        integrator.setState([1, 0.2])
        _ = try integrator.integrate(from: 0, to: 3000, events: [])
        // The reference: GSL's own evolve loop on the same problem, stepper and control, counting its calls.
        final class Counted { let problem = StiffLinearProblem(); var calls = 0 }
        let counted = Counted()
        var system = gsl_odeiv2_system(function: { t, y, f, p in
            let c = Unmanaged<Counted>.fromOpaque(p!).takeUnretainedValue()
            c.calls += 1
            return c.problem.derivatives(t: t, y: y!, dydt: f!) ? Int32(GSL_SUCCESS) : Int32(GSL_EBADFUNC)
        }, jacobian: { t, y, dfdy, dfdt, p in
            let c = Unmanaged<Counted>.fromOpaque(p!).takeUnretainedValue()
            return c.problem.jacobian(t: t, y: y!, dfdy: dfdy!, dfdt: dfdt!) ? Int32(GSL_SUCCESS) : Int32(GSL_EBADFUNC)
        }, dimension: 2, params: Unmanaged.passUnretained(counted).toOpaque())
        var scales = [1.0, 1.0], y = [1.0, 0.2]
        let driver = try #require(gsl_odeiv2_driver_alloc_scaled_new(&system, ODEStepper.msbdf.gslType, 1e-6, 1e-10, 1e-8, 1, 0, &scales))
        defer { gsl_odeiv2_driver_free(driver) }
        var t = 0.0, h = 1e-6, steps = 0
        while t < 3000 {
            if 3000 - t <= 1e-12 * 3000 { t = 3000; break }
            h = min(h, 600)
            #expect(gsl_odeiv2_evolve_apply(driver.pointee.e, driver.pointee.c, driver.pointee.s, &system, &t, 3000, &h, &y) == Int32(GSL_SUCCESS))
            steps += 1
        }
        #expect(integrator.acceptedSteps == steps)
        #expect(integrator.state == y, "\(integrator.state) against \(y)")
        #expect(integrator.rhsEvaluations + steps <= counted.calls,
                "\(integrator.rhsEvaluations) calls against GSL's \(counted.calls) for \(steps) steps")
    }

    /// An event inside an msbdf step is reached by retaking that step from its start, shortened (GSL restores the
    /// Nordsieck history of its last step), not by a re-integration that restarts at order 1.
    @Test("msbdf locates an event by retaking its last step, in a few right-hand-side calls")
    func multistepEventRetakesTheLastStep() throws {
        let problem = DecayProblem(tau: 100, level: 0.3)
        let integrator = ODEIntegrator(problem: problem, stepper: .msbdf, relativeTolerance: 1e-9, absoluteTolerance: 1e-12)
        integrator.setState([1])
        let event = ODEEvent(id: 0, direction: .falling, valueTolerance: 1e-8, timeTolerance: 1e-6)
        let result = try integrator.integrate(from: 0, to: 1000, events: [event])
        #expect(result.outcome == .event(index: 0))
        // A few retakes of one step (a prediction and Newton's iterations each) and f at the bracket's ends; restarting
        // msbdf at order 1 over the bracket takes hundreds at this tolerance.
        #expect(integrator.eventLocationRHSEvaluations <= 30, "\(integrator.eventLocationRHSEvaluations) calls")
        #expect(abs(result.time - 100 * log(1 / 0.3)) <= 1e-6, "t = \(result.time)")
        #expect(abs(integrator.state[0] - exp(-result.time / 100)) <= 1e-8)
    }

    @Test("an explicit stepper on the stiff system hits the step limit with ODEError.tooManySteps")
    func stiffExplicitHitsStepLimit() {
        let problem = StiffLinearProblem()
        let integrator = ODEIntegrator(problem: problem, stepper: .rkf45, maxStepsPerSegment: 500)
        integrator.setState([1, 0.2])
        #expect {
            _ = try integrator.integrate(from: 0, to: 1000, events: [])
        } throws: { error in
            guard case .tooManySteps(let limit, let time)? = error as? ODEError else { return false }
            return limit == 500 && time < 1000
        }
    }

    // MARK: Failure path

    @Test("a failing right-hand side makes integrate throw the stored error", arguments: [ODEStepper.rk4imp, .rkf45, .msbdf, .bsimp])
    func failingDerivatives(stepper: ODEStepper) throws {
        let problem = FailingProblem(failAfterTime: 3)
        let integrator = ODEIntegrator(problem: problem, stepper: stepper, maxStep: 0.5)
        integrator.setState([0])
        var thrown: Error?
        do {
            _ = try integrator.integrate(from: 0, to: 1000, events: [])
        } catch {
            thrown = error
        }
        let error = try #require(thrown as? InjectedFailure, "expected the stored InjectedFailure, got \(String(describing: thrown))")
        #expect(error.tag.hasPrefix("rhs at t ="))
        #expect(integrator.rhsEvaluations == problem.calls)
        #expect(integrator.rhsEvaluations > 0)
        // maxStep = 0.5 s: at least six steps were accepted before t passed 3 s.
        #expect(integrator.acceptedSteps >= 6)
        #expect(integrator.state[0] > 0 && integrator.state[0] < 4)
    }

    @Test("a failure during event location is rethrown, not swallowed")
    func failureDuringEventLocation() throws {
        let problem = FailingProblem(failAfterTime: .infinity)
        problem.failOnceEventSeen = true
        let integrator = ODEIntegrator(problem: problem, stepper: .rkf45, maxStep: 2)
        integrator.setState([0])
        let event = ODEEvent(id: 0, direction: .rising, valueTolerance: 1e-12, timeTolerance: 1e-9)
        #expect(throws: InjectedFailure.self) {
            _ = try integrator.integrate(from: 0, to: 100, events: [event])
        }
        #expect(problem.eventSeen)
    }

    @Test("a failure stored by the event function during location is rethrown", arguments: [ODEStepper.rkf45, .msbdf])
    func failureInEventFunctionDuringLocation(stepper: ODEStepper) throws {
        let problem = FailingProblem(failAfterTime: .infinity)
        problem.failInEventOnceSeen = true
        let integrator = ODEIntegrator(problem: problem, stepper: stepper, maxStep: 2)
        integrator.setState([0])
        let event = ODEEvent(id: 0, direction: .rising, valueTolerance: 1e-12, timeTolerance: 1e-9)
        #expect(throws: InjectedFailure.self) {
            _ = try integrator.integrate(from: 0, to: 100, events: [event])
        }
        #expect(problem.eventSeen)
    }

    // MARK: Explicit steps

    /// Stages of each explicit pair; GSL gives the first the start derivative, so a try costs one call fewer.
    static let explicitStages: [(ODEStepper, Int)] = [(.rkf45, 6), (.rkck, 6), (.rk8pd, 13)]

    /// The explicit step loop takes the steps `gsl_odeiv2_evolve_apply` takes (same stepper and control, same retries,
    /// the last step cut at tEnd, the step not grown after a retry), without f at the end of each try: f at a step's
    /// start is evaluated once and given to GSL as the first stage of every try of the step. GSL's loop evaluates f at
    /// the end of every try, and at the start of the first step.
    @Test("explicit steps match GSL's evolve loop state for state, with one right-hand-side call a try fewer",
          arguments: ODEIntegratorTests.explicitStages)
    func explicitStepsMatchGSLEvolveLoop(stepper: ODEStepper, stages: Int) throws {
        let problem = LogisticProblem(rate: 0.05, capacity: 10)
        // A first step far too long for the tolerance: the control rejects it and shrinks it, more than once.
        let integrator = ODEIntegrator(problem: problem, stepper: stepper, relativeTolerance: 1e-9,
                                       absoluteTolerance: 1e-12, maxStep: 50, initialStep: 200)
        integrator.setState([0.1])
        var steps: [(t: Double, y: [Double])] = []
        let result = try integrator.integrate(from: 0, to: 400, events: []) { t, y in steps.append((t, [y[0]])) }
        #expect(result == (time: 400, outcome: .reachedEnd))
        let reference = try gslEvolveLoop(problem, stepper: stepper, y0: [0.1], tEnd: 400, initialStep: 200, maxStep: 50,
                                          relativeTolerance: 1e-9, absoluteTolerance: 1e-12)
        #expect(steps.count == reference.steps.count)
        for (mine, gsl) in zip(steps, reference.steps) {
            #expect(mine.t == gsl.t && mine.y == gsl.y, "\(stepper): (\(mine.t), \(mine.y)) against GSL's (\(gsl.t), \(gsl.y))")
        }
        #expect(integrator.rejectedSteps == reference.failed && reference.failed > 0,
                "\(stepper): \(integrator.rejectedSteps) retried steps, GSL \(reference.failed)")
        // One call at each step's start, the other stages at each try.
        let accepted = integrator.acceptedSteps, tries = accepted + integrator.rejectedSteps
        #expect(integrator.rhsEvaluations == accepted + (stages - 1) * tries,
                "\(stepper): \(integrator.rhsEvaluations) calls for \(accepted) steps and \(tries) tries")
        #expect(reference.calls == 1 + stages * tries, "\(stepper): GSL's loop took \(reference.calls) calls")
        #expect(abs(integrator.state[0] - problem.analytic(400, from: 0.1)) <= 1e-7 * 10)
    }

    @Test("an event located in one round costs f at the step's end and one verifying step, not f at the root",
          arguments: ODEIntegratorTests.explicitStages)
    func explicitEventLocationCost(stepper: ODEStepper, stages: Int) throws {
        // y = t³: the step's Hermite cubic is exact, so the first root found on it is verified by one step.
        let problem = CubicProblem(level: 421.875)
        let integrator = ODEIntegrator(problem: problem, stepper: stepper, relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
                                       maxStep: 20, initialStep: 20)
        integrator.setState([0])
        // g′ = 3t² ≈ 169 at the root: |g| ≤ 1e-6 puts it within 6e-9 s.
        let event = ODEEvent(id: 0, direction: .rising, valueTolerance: 1e-6, timeTolerance: 1e-9)
        let result = try integrator.integrate(from: 0, to: 20, events: [event])
        #expect(result.outcome == .event(index: 0))
        #expect(integrator.acceptedSteps == 1)
        #expect(abs(result.time - 7.5) <= 1e-8)
        #expect(integrator.eventLocationRHSEvaluations == 1 + (stages - 1),
                "\(stepper): \(integrator.eventLocationRHSEvaluations) calls to locate the event")
    }

    @Test("a segment whose states stay within their tolerances over its whole length is taken in one step",
          arguments: ODEIntegratorTests.explicitStages)
    func quietSegmentInOneStep(stepper: ODEStepper, stages: Int) throws {
        // y′ = 1e-12 (a rest: the state creeps): over 600 s it moves 6e-10, below atol = 1e-8.
        let problem = LinearGrowthProblem(rate: 1e-12, thresholds: [])
        let integrator = ODEIntegrator(problem: problem, stepper: stepper, maxStep: 1800, initialStep: 10)
        integrator.setState([1])
        #expect(try integrator.integrate(from: 0, to: 600, events: []) == (time: 600, outcome: .reachedEnd))
        #expect(integrator.acceptedSteps == 1 && integrator.rejectedSteps == 0)
        #expect(integrator.rhsEvaluations == stages)
        #expect(abs(integrator.state[0] - (1 + 6e-10)) <= 1e-15)
        // A moving state starts with initialStep as before: y′ = 1 moves 1 in 1 s against a tolerance of 1e-6.
        let moving = ODEIntegrator(problem: LinearGrowthProblem(rate: 1, thresholds: []), stepper: stepper,
                                   maxStep: 1800, initialStep: 10)
        moving.setState([1])
        var first = 0.0
        _ = try moving.integrate(from: 0, to: 600, events: []) { t, _ in if first == 0 { first = t } }
        #expect(first == 10)
    }

    /// With the mode advanced exactly, each step starts from f at the end of the step before (the mode taken there in
    /// closed form, then written and re-anchored): the slow state it drives and the event on it follow the analytic
    /// solution across many steps and segments.
    @Test("a slow state driven by an exactly advanced mode follows the analytic solution, events included",
          arguments: [ODEStepper.rkf45, .rkck, .rk8pd])
    func modeDrivenStateMatchesAnalytic(stepper: ODEStepper) throws {
        let problem = ModeDrivenProblem()
        let integrator = ODEIntegrator(problem: problem, stepper: stepper, relativeTolerance: 1e-10, absoluteTolerance: 1e-12,
                                       maxStep: 30, initialStep: 1)
        integrator.setState([0, 1])
        var t = 0.0
        for end in [100.0, 250.0, 400.0] {
            var worst = 0.0
            let result = try integrator.integrate(from: t, to: end, events: [], continuous: true) { time, y in
                worst = max(worst, abs(y[0] - problem.analytic(time).slow))
            }
            #expect(result == (time: end, outcome: .reachedEnd))
            t = end
            // rtol = 1e-10 of y₀ ≤ 100 a step, over tens of steps.
            #expect(worst <= 1e-7, "\(stepper): largest error \(worst) before t = \(end) s")
            #expect(abs(integrator.y[1] - problem.analytic(end).mode) <= 1e-14)
        }
        // y₀ reaches 99 at t* = −ln(1 − 99λ)/λ = 460.5 s (λ = 0.01 s⁻¹; 98.2 at 400 s).
        problem.level = 99
        let event = ODEEvent(id: 0, direction: .rising, valueTolerance: 1e-9, timeTolerance: 1e-6)
        let result = try integrator.integrate(from: t, to: 2000, events: [event])
        let tStar = -log(1 - 99 * problem.rate) / problem.rate
        #expect(result.outcome == .event(index: 0))
        // y₀′ = e^{−λt*} = 0.01 there: 1e-7 in y₀ is 1e-5 s.
        #expect(abs(result.time - tStar) <= 1e-5, "\(stepper): t = \(result.time), t* = \(tStar)")
        #expect(abs(integrator.y[0] - problem.analytic(result.time).slow) <= 1e-7)
        #expect(abs(integrator.y[1] - problem.analytic(result.time).mode) <= 1e-14)
    }

    @Test("stepping only the states before an omitted mode takes the same steps, states and event as stepping all",
          arguments: [ODEStepper.rkf45, .rkck, .rk8pd])
    func omittedModeStepsMatchTheFullVector(stepper: ODEStepper) throws {
        func run(omits: Bool) throws -> (trace: [Double], event: Double, end: [Double], counts: [Int], omitted: Int) {
            let problem = ModeDrivenProblem()
            problem.omits = omits
            let integrator = ODEIntegrator(problem: problem, stepper: stepper, relativeTolerance: 1e-8, absoluteTolerance: 1e-10,
                                           maxStep: 30, initialStep: 1)
            integrator.setState([0, 1])
            var trace: [Double] = []
            _ = try integrator.integrate(from: 0, to: 300, events: []) { t, y in trace += [t, y[0], y[1]] }
            problem.level = 99
            let event = ODEEvent(id: 0, direction: .rising, valueTolerance: 1e-9, timeTolerance: 1e-6)
            let result = try integrator.integrate(from: 300, to: 2000, events: [event], continuous: true)
            #expect(result.outcome == .event(index: 0))
            #expect(!problem.omitting, "the problem is told when the segment ends")
            return (trace, result.time, integrator.state,
                    [integrator.acceptedSteps, integrator.rejectedSteps, integrator.rhsEvaluations, integrator.reducedSteps],
                    problem.omittedCalls)
        }
        let full = try run(omits: false), reduced = try run(omits: true)
        #expect(full.counts[3] == 0 && full.omitted == 0)
        #expect(reduced.counts[3] == reduced.counts[0] && reduced.counts[0] > 10, "\(reduced.counts)")
        // Every GSL stage went to the problem with the mode left out.
        #expect(reduced.omitted > 4 * reduced.counts[0], "\(reduced.omitted) calls for \(reduced.counts[0]) steps")
        #expect(reduced.trace == full.trace)
        #expect(reduced.event == full.event && reduced.end == full.end)
        #expect(Array(reduced.counts[0..<3]) == Array(full.counts[0..<3]))
        // And the run is right: y₁ = e^{−λt}, y₀ = (1 − e^{−λt})/λ.
        let problem = ModeDrivenProblem()
        #expect(abs(reduced.end[1] - problem.analytic(reduced.event).mode) <= 1e-14)
        #expect(abs(reduced.end[0] - problem.analytic(reduced.event).slow) <= 1e-5)
    }

    @Test("an LFP CC–CV cycle steps only the states before the modes, bit for bit the steps and states of the full vector",
          arguments: [false, true])
    func cellCycleWithModesLeftOutMatchesTheFullVector(aging: Bool) throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let experiment = try Experiment.cccv(chargeRate: 0.5, dischargeRate: 0.5, minimumVoltage: design.cathode.minimumVoltage_V,
                                             maximumVoltage: design.cathode.maximumVoltage_V, cycles: 2)
        var options = SimulationOptions()
        options.aging = aging
        options.recordTrace = true
        let reduced = try Simulator(design: design, temperature_C: 25, options: options)
        let full = try Simulator(design: design, temperature_C: 25, options: options)
        full.integrator.reducedLinearModes = false
        let model = reduced.model
        #expect(model.linearModes.upperBound == model.dimension && model.iModes.count == 4 && model.iSalt.count >= 4)
        let a = try reduced.run(experiment), b = try full.run(experiment)
        #expect(reduced.integrator.reducedSteps > reduced.integrator.acceptedSteps / 2,
                "\(reduced.integrator.reducedSteps) of \(reduced.integrator.acceptedSteps) steps reduced")
        #expect(full.integrator.reducedSteps == 0)
        #expect(a.acceptedSteps == b.acceptedSteps && a.rhsEvaluations == b.rhsEvaluations)
        #expect(reduced.integrator.rejectedSteps == full.integrator.rejectedSteps)
        let ta = try #require(a.trace), tb = try #require(b.trace)
        #expect(ta.count > 50)
        #expect(ta.time_s == tb.time_s && ta.voltage_V == tb.voltage_V && ta.current_A_m2 == tb.current_A_m2)
        #expect(ta.stateNames == tb.stateNames && ta.states == tb.states)
        #expect(reduced.integrator.state == full.integrator.state)
        #expect(a.cycles.map(\.dischargeCapacity_C_m2) == b.cycles.map(\.dischargeCapacity_C_m2))
    }

    // MARK: Dense output, stiffness switching, step carried across segments

    @Test("explicit steppers locate events on the step's interpolant and verify them with at most a few single steps",
          arguments: [ODEStepper.rkf45, .rkck, .rk8pd])
    func explicitEventLocationOnInterpolant(stepper: ODEStepper) throws {
        let problem = DecayProblem(tau: 100, level: 0.3)
        let integrator = ODEIntegrator(problem: problem, stepper: stepper, relativeTolerance: 1e-9, absoluteTolerance: 1e-12)
        integrator.setState([1])
        let event = ODEEvent(id: 0, direction: .falling, valueTolerance: 1e-12, timeTolerance: 1e-6)
        let result = try integrator.integrate(from: 0, to: 1000, events: [event])
        #expect(result.outcome == .event(index: 0))
        // Each verification is one step (≤ 13 stages for rk8pd, plus f at its end); no error-controlled re-integration.
        #expect(integrator.eventLocationRHSEvaluations > 0 && integrator.eventLocationRHSEvaluations <= 3 * 14,
                "\(integrator.eventLocationRHSEvaluations) calls")
        // The interpolated state is the solution at the reported time (O(h⁴) ≪ 1e-9 here) and at the level.
        #expect(abs(result.time - 100 * log(1 / 0.3)) <= 1e-6, "t = \(result.time)")
        #expect(abs(integrator.state[0] - exp(-result.time / 100)) <= 1e-9)
        #expect(abs(integrator.state[0] - 0.3) <= 1e-9)
    }

    @Test("an event inside one long step of y = t³ is located at the cube root: the Hermite cubic is exact",
          arguments: [ODEStepper.rkf45, .rkck, .rk8pd, .msbdf])
    func hermiteInterpolantIsExactForCubics(stepper: ODEStepper) throws {
        // RK pairs of order ≥ 4 integrate y′ = 3t² exactly, so one step spans the root; msbdf takes several.
        let level = 421.875   // 7.5³
        let problem = CubicProblem(level: level)
        let integrator = ODEIntegrator(problem: problem, stepper: stepper, relativeTolerance: 1e-10, absoluteTolerance: 1e-10,
                                       maxStep: 20, initialStep: 20)
        integrator.setState([0])
        let event = ODEEvent(id: 0, direction: .rising, valueTolerance: 0, timeTolerance: 1e-12)
        let result = try integrator.integrate(from: 0, to: 20, events: [event])
        #expect(result.outcome == .event(index: 0))
        if stepper.isExplicit { #expect(integrator.acceptedSteps == 1) }
        #expect(abs(result.time - 7.5) <= 1e-9, "\(stepper): t = \(result.time)")
        #expect(abs(integrator.state[0] - level) <= 1e-7 * level, "\(stepper): y = \(integrator.state[0])")
    }

    @Test("an explicit stepper with an msbdf fallback switches on the stiff system and matches the exact solution",
          arguments: [ODEStepper.rkf45, .rkck, .rk8pd])
    func stiffSegmentSwitchesToFallback(stepper: ODEStepper) throws {
        let problem = StiffLinearProblem()
        let integrator = ODEIntegrator(problem: problem, stepper: stepper, relativeTolerance: 1e-8, absoluteTolerance: 1e-10,
                                       maxStep: 600, initialStep: 1e-6, maxStepsPerSegment: 5000, stiffFallback: .msbdf)
        let y0 = [1.0, 0.2]
        integrator.setState(y0)
        let result = try integrator.integrate(from: 0, to: 3000, events: [])
        #expect(result == (time: 3000, outcome: .reachedEnd))
        #expect(integrator.stiffSwitches == 1)
        let exact = StiffLinearProblem.analytic(y0, 3000)
        for k in 0..<2 {
            #expect(abs(integrator.state[k] - exact[k]) <= 1e-6 * max(abs(exact[k]), 1e-2),
                    "\(stepper) y[\(k)] = \(integrator.state[k]), exact \(exact[k])")
        }
        // Without the switch the explicit stepper needs ≥ 3000 s × 1e4 s⁻¹ / 3 ≈ 10⁷ steps.
        #expect(integrator.acceptedSteps < 2000, "\(stepper) took \(integrator.acceptedSteps) steps")
    }

    @Test("a segment declared stiff runs with the fallback from its start")
    func declaredStiffSegmentStartsWithFallback() throws {
        let problem = StiffLinearProblem()
        let integrator = ODEIntegrator(problem: problem, stepper: .rkf45, relativeTolerance: 1e-8, absoluteTolerance: 1e-10,
                                       maxStep: 600, initialStep: 1e-6, maxStepsPerSegment: 5000, stiffFallback: .msbdf)
        let y0 = [1.0, 0.2]
        integrator.setState(y0)
        _ = try integrator.integrate(from: 0, to: 3000, events: [], stiff: true)
        #expect(integrator.stiffSwitches == 0)
        #expect(integrator.jacobianEvaluations > 0, "msbdf asks for the Jacobian; rkf45 never does")
        let exact = StiffLinearProblem.analytic(y0, 3000)
        for k in 0..<2 { #expect(abs(integrator.state[k] - exact[k]) <= 1e-6 * max(abs(exact[k]), 1e-2)) }
        #expect(integrator.acceptedSteps < 1000)
    }

    @Test("a non-stiff problem never switches to the fallback", arguments: [ODEStepper.rkf45, .rkck, .rk8pd])
    func nonStiffNeverSwitches(stepper: ODEStepper) throws {
        // Over the transient (3τ) accuracy limits the step, far inside the stability region (h/τ ≈ 0.05).
        let problem = RCStepProblem(current: 2.0, resistance: 0.05, tau: 30)
        let integrator = ODEIntegrator(problem: problem, stepper: stepper, relativeTolerance: 1e-12, absoluteTolerance: 1e-14,
                                       maxStep: 600, stiffFallback: .msbdf)
        integrator.stiffnessCheckInterval = 4
        integrator.stiffnessStepBudget = 0
        integrator.setState([0])
        _ = try integrator.integrate(from: 0, to: 90, events: [])
        #expect(integrator.stiffSwitches == 0)
        #expect(integrator.acceptedSteps >= 2 * integrator.stiffnessCheckInterval, "the stiffness check must have run")
        #expect(integrator.jacobianEvaluations >= 2)
        #expect(abs(integrator.state[0] - problem.analytic(90)) <= 1e-9 * 0.1)
    }

    @Test("a continuous segment starts with the step size the previous one reached")
    func continuousSegmentKeepsStepSize() throws {
        func run(continuous: Bool) throws -> (steps: Int, rhs: Int, y: Double) {
            let problem = RCStepProblem(current: 1, resistance: 1, tau: 500)
            let integrator = ODEIntegrator(problem: problem, stepper: .rkf45, relativeTolerance: 1e-8, absoluteTolerance: 1e-10,
                                           maxStep: 1e4, initialStep: 1e-3)
            integrator.setState([0])
            _ = try integrator.integrate(from: 0, to: 1000, events: [])
            #expect(integrator.lastStep > 1)
            integrator.resetCounters()
            let r = try integrator.integrate(from: 1000, to: 1500, events: [], continuous: continuous)
            #expect(r == (time: 1500, outcome: .reachedEnd))
            #expect(abs(integrator.state[0] - problem.analytic(1500)) <= 1e-7)
            return (integrator.acceptedSteps, integrator.rhsEvaluations, integrator.state[0])
        }
        let carried = try run(continuous: true), fresh = try run(continuous: false)
        // From 1 ms the step grows at most 5× per step: ≥ 4 steps to reach ~10 s; the carried step starts there.
        #expect(carried.steps + 3 <= fresh.steps, "carried \(carried.steps) steps, fresh \(fresh.steps)")
        #expect(carried.rhs < fresh.rhs)
    }

    @Test("resetCounters zeroes the counters")
    func resetCounters() throws {
        let problem = RCStepProblem(current: 1, resistance: 1, tau: 1)
        let integrator = ODEIntegrator(problem: problem, stepper: .rk4imp)
        integrator.setState([0])
        _ = try integrator.integrate(from: 0, to: 5, events: [])
        #expect(integrator.acceptedSteps > 0 && integrator.rhsEvaluations > 0 && integrator.jacobianEvaluations > 0)
        integrator.resetCounters()
        #expect(integrator.acceptedSteps == 0 && integrator.rhsEvaluations == 0 && integrator.jacobianEvaluations == 0)
    }

    /// An explicit step never exceeds the limit the exactly advanced modes set, and the modes stay exact; without a
    /// limit the same segment takes steps far longer (y₀′ = 1 is integrated exactly, so only maxStep bounds them).
    @Test("the linear modes' step limit bounds every explicit step")
    func linearModesStepLimitBoundsTheSteps() throws {
        for limit in [7.0, Double.infinity] {
            let problem = LimitedModeProblem(limit: limit)
            let integrator = ODEIntegrator(problem: problem, stepper: .rkf45, maxStep: 600, initialStep: 1)
            integrator.setState([0, 1])
            var times = [0.0]
            let (t, outcome) = try integrator.integrate(from: 0, to: 300, events: []) { time, _ in times.append(time) }
            #expect(t == 300 && outcome == .reachedEnd)
            let longest = zip(times.dropFirst(), times).map { $0 - $1 }.max() ?? 0
            if limit.isFinite {
                #expect(longest <= limit * (1 + 1e-12), "longest step \(longest) s")
                #expect(problem.limitReads >= times.count - 1)
            } else {
                #expect(longest > 50, "longest step \(longest) s")
            }
            #expect(abs(integrator.y[1] - exp(-problem.rate * 300)) <= 1e-14)
            #expect(abs(integrator.y[0] - 300) <= 1e-9)
        }
    }
}
