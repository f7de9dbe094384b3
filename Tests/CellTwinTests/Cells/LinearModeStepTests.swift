import Foundation
import Testing
@testable import CellTwin
import CellTwinBenchmarks

/// The exact update of the linear (solid and salt diffusion) modes over explicit steps (``LinearModeStep``): its
/// weights against their integral definitions, the modes against their closed forms under a constant current, and
/// whole cycles against the modes integrated as ordinary states.
@Suite struct LinearModeStepTests {
    /// ∫₀^Δ (1 − s/Δ)e^{−λ(Δ−s)} ds and ∫₀^Δ (s/Δ)e^{−λ(Δ−s)} ds by composite Simpson (40,000 panels), divided by Δ.
    func quadrature(_ x: Double) -> (Double, Double) {
        let n = 40_000
        var a = 0.0, b = 0.0
        for i in 0...n {
            let s = Double(i) / Double(n)
            let w = (i == 0 || i == n) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
            let e = exp(-x * (1 - s))
            a += w * (1 - s) * e
            b += w * s * e
        }
        return (a / (3 * Double(n)), b / (3 * Double(n)))
    }

    @Test(arguments: [1e-8, 1e-4, 0.01, 0.2, 0.49, 0.5, 0.51, 1, 3, 10, 40])
    func weightsMatchTheirIntegralDefinitions(x: Double) {
        let (e, psi0, psi1) = LinearModeStep.weights(x)
        let (q0, q1) = quadrature(x)
        #expect(e == exp(-x))
        #expect(abs(psi0 - q0) <= 1e-10 * q0, "ψ₀(\(x)) = \(psi0), quadrature \(q0)")
        #expect(abs(psi1 - q1) <= 1e-10 * q1, "ψ₁(\(x)) = \(psi1), quadrature \(q1)")
        // W₀ + W₁ is the constant-input response (1 − e^{−x})/x.
        let total = x < 1e-6 ? 1 - x / 2 : -expm1(-x) / x
        #expect(abs(psi0 + psi1 - total) <= 1e-14 * total)
    }

    @Test func theSeriesAndTheClosedFormAgreeWhereTheySwitch() {
        // Both branches evaluated on either side of x = 0.5 agree with each other's continuation to 1e-14.
        for x in [0.499999, 0.5, 0.500001] {
            let (e, p0, p1) = LinearModeStep.weights(x)
            let inv = 1 / (x * x)
            #expect(abs(p0 - (1 - e * (1 + x)) * inv) <= 1e-14)
            #expect(abs(p1 - (x - 1 + e) * inv) <= 1e-14)
        }
    }

    /// Ψₖ(x) = ∫₀¹ σᵏ·e^{−x(1−σ)} dσ, k = 0…3, by composite Simpson (40,000 panels).
    func momentQuadrature(_ x: Double) -> [Double] {
        let n = 40_000
        var q = [0.0, 0.0, 0.0, 0.0]
        for i in 0...n {
            let s = Double(i) / Double(n)
            let w = (i == 0 || i == n) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
            let e = exp(-x * (1 - s))
            for k in 0..<4 { q[k] += w * pow(s, Double(k)) * e }
        }
        return q.map { $0 / (3 * Double(n)) }
    }

    @Test(arguments: [1e-8, 1e-4, 0.01, 0.2, 0.49, 0.5, 0.51, 1, 3, 10, 40])
    func momentsMatchTheirIntegralDefinitions(x: Double) {
        let m = LinearModeStep.moments(x)
        let q = momentQuadrature(x)
        #expect(m.decay == exp(-x))
        for (k, value) in [m.m0, m.m1, m.m2, m.m3].enumerated() {
            #expect(abs(value - q[k]) <= 1e-10 * q[k], "Ψ\(k)(\(x)) = \(value), quadrature \(q[k])")
        }
        // The linear path's weights are Ψ₀ − Ψ₁ and Ψ₁.
        let (_, psi0, psi1) = LinearModeStep.weights(x)
        #expect(abs(psi1 - m.m1) <= 1e-14 * m.m1 && abs(psi0 - (m.m0 - m.m1)) <= 1e-13 * psi0)
    }

    /// Two solid and two salt modes (λ from 1e-3 to 8 s⁻¹) on steps of 1 to 120 s.
    static let rates = (solid: [1e-3, 0.02], salt: [0.3, 8.0], saltGains: [2.0, 0.5])
    static let activeCapacity_C_m2 = 5000.0

    func makeStep() -> LinearModeStep {
        Self.rates.salt.withUnsafeBufferPointer { r in
            Self.rates.saltGains.withUnsafeBufferPointer { g in
                LinearModeStep(solidRates: Self.rates.solid, saltRates: r.baseAddress!, saltGains: g.baseAddress!, saltCount: 2)
            }
        }
    }

    /// λₖ and the input gain of mode k (solid: (2/3)/Q_x; salt: λₖwₖG).
    func mode(_ k: Int) -> (rate: Double, gain: Double) {
        k < 2 ? (Self.rates.solid[k], (2.0 / 3.0) / Self.activeCapacity_C_m2) : (Self.rates.salt[k - 2], Self.rates.saltGains[k - 2])
    }

    /// Inputs quadratic in time (J, and p that moves the solid modes only): from the second step of a segment on, the
    /// quadratic path is exact, so every mode follows the closed form m(t) = mₚ(t) + (m(t₁) − mₚ(t₁))e^{−λ(t−t₁)},
    /// mₚ = α + βt + γt² (γ = gc/λ, β = (gb − 2γ)/λ, α = (ga − β)/λ), however long the steps against 1/λ; and the sums
    /// the current solve reads agree with the modes written.
    @Test func aQuadraticInputIsFollowedExactly() {
        let step = makeStep()
        let j = (a: -20.0, b: 0.05, c: -2e-5), p = (a: 0.01, b: 1e-4, c: 3e-7)
        func current(_ t: Double) -> Double { j.a + j.b * t + j.c * t * t }
        func parasitic(_ t: Double) -> Double { p.a + p.b * t + p.c * t * t }
        func particular(_ k: Int, _ t: Double) -> Double {
            let (l, g) = mode(k)
            let (a, b, c) = k < 2 ? (j.a + p.a, j.b + p.b, j.c + p.c) : (j.a, j.b, j.c)
            let gamma = g * c / l, beta = (g * b - 2 * gamma) / l, alpha = (g * a - beta) / l
            return alpha + beta * t + gamma * t * t
        }
        var modes = [0.0, 0.0, 0.0, 0.0], first = modes
        step.anchor(time: 0, modes: modes, current: current(0), parasitic: parasitic(0), activeCapacity_C_m2: Self.activeCapacity_C_m2)
        let times = [5.0, 12, 30, 31, 80, 200, 320]
        var worst = 0.0
        for t in times {
            step.prepare(time: t)
            let solidSum = step.solidStart + step.solidGain * (current(t) + parasitic(t)) * step.solidPerInput
            let saltSum = step.saltConstant + step.saltPerCurrent * current(t)
            step.write(time: t, current: current(t), parasitic: parasitic(t), into: &modes)
            #expect(abs(solidSum - modes[0] - modes[1]) <= 1e-13 * (abs(modes[0]) + abs(modes[1])))
            #expect(abs(saltSum - modes[2] - modes[3]) <= 1e-13 * (abs(modes[2]) + abs(modes[3])))
            if t == times[0] {
                first = modes
            } else {
                for k in 0..<4 {
                    let (l, _) = mode(k)
                    let exact = particular(k, t) + (first[k] - particular(k, times[0])) * exp(-l * (t - times[0]))
                    worst = max(worst, abs(modes[k] - exact) / abs(exact))
                }
            }
            step.detach()
            step.anchor(time: t, modes: modes, current: current(t), parasitic: parasitic(t), activeCapacity_C_m2: Self.activeCapacity_C_m2)
            #expect(step.historyCount == min(times.firstIndex(of: t)! + 1, 2))
        }
        // The reference's particular solution cancels to ~1e-12 for the slowest mode (terms in 1/λ³).
        #expect(worst <= 1e-10, "largest relative deviation from the closed form: \(worst)")
        // Released, the next anchor starts a new path without history.
        step.release()
        step.anchor(time: 400, modes: modes, current: 1, parasitic: 0, activeCapacity_C_m2: Self.activeCapacity_C_m2)
        #expect(step.historyCount == 0)
    }

    /// A decaying input J = J₀e^{−t/τ} (a CV hold's current) with each step started from the exact modes
    /// m(t) = g·J₀·(e^{−t/τ} − e^{−λt})/(λ − 1/τ): the path error estimate against the step's actual error. With one
    /// anchor behind (the quadratic term the linear path would miss) it bounds the quadratic path's error; with two
    /// (the cubic term) it is that error's leading term, within 25 % at h/τ = 0.05.
    @Test func thePathErrorEstimateMatchesTheActualErrorUnderADecayingInput() throws {
        let step = makeStep()
        let j0 = -20.0, tau = 600.0, h = 30.0
        func current(_ t: Double) -> Double { j0 * exp(-t / tau) }
        func exact(_ k: Int, _ t: Double) -> Double {
            let (l, g) = mode(k)
            return g * j0 * (exp(-t / tau) - exp(-l * t)) / (l - 1 / tau)
        }
        var modes = [0.0, 0.0, 0.0, 0.0], estimate = modes
        var compared = 0
        for n in 0..<6 {
            let t0 = Double(n) * h, t = t0 + h
            let start = (0..<4).map { exact($0, t0) }
            if n > 0 { step.write(time: t0, current: current(t0), parasitic: 0, into: &modes) }
            step.detach()
            step.anchor(time: t0, modes: start, current: current(t0), parasitic: 0, activeCapacity_C_m2: Self.activeCapacity_C_m2)
            let estimated = step.pathError(time: t, current: current(t), parasitic: 0, into: &estimate)
            #expect(estimated == (n > 0))
            step.prepare(time: t)
            var trial = modes
            step.write(time: t, current: current(t), parasitic: 0, into: &trial)
            guard estimated else { continue }
            for k in 0..<4 {
                let actual = trial[k] - exact(k, t)
                // Only errors well above the rounding of the mode itself are compared.
                guard abs(actual) > 1e-11 * abs(exact(k, t)) else { continue }
                compared += 1
                if step.historyCount == 1 {
                    #expect(abs(estimate[k]) >= abs(actual), "mode \(k): estimate \(estimate[k]), actual \(actual)")
                } else {
                    // The estimate is of the exact minus the path's mode: the actual error with its sign turned.
                    #expect(abs(-estimate[k] / actual - 1) <= 0.25, "mode \(k): estimate \(estimate[k]), actual \(actual)")
                }
            }
        }
        #expect(compared >= 10)
    }

    /// A constant-current discharge from rest with the explicit stepper: every salt mode equals its closed form
    /// zₖ(t) = wₖ·G·J·(1 − e^{−λₖt}) and every solid mode uₖ(t) = (2/3)(J/Q_x)(1 − e^{−λₖt})/λₖ to 1e-9 of its
    /// steady value, at every step, however long the steps are compared with 1/λₖ.
    @Test func modesFollowTheirClosedFormUnderAConstantCurrent() throws {
        let design = CellDesign(cathode: Fixtures.linearCathode(diffusionTime_s: 400),
                                electrolyte: Fixtures.simpleElectrolyte(tPlus: 0.3))
        let model = try FullCellModel(design: design, temperature_K: 298.15, aging: false)
        let j = design.currentDensity(cRate: 0.5)
        let integrator = ODEIntegrator(problem: model, stepper: .rkf45, relativeTolerance: 1e-6, absoluteTolerance: 1e-6,
                                       componentScales: Array(model.layout.scales.prefix(model.dimension)), maxStep: 600,
                                       initialStep: 10)
        integrator.setState(model.initialState(stateOfCharge: 1))
        model.configure(control: .current(A_m2: j), events: [], stepStartCharge_C_m2: 0)
        let salt = model.saltModes!
        let g = model.polarizationPerSalt_V > 0 ? model.diffusionASR_ohm_m2 / model.polarizationPerSalt_V : 0
        let q = design.stoichiometricCapacity_C_m2
        var worst = 0.0, longest = 0.0, last = 0.0
        let tEnd = 3 * model.diffusionTime_s
        _ = try integrator.integrate(from: 0, to: tEnd, events: []) { t, y in
            longest = max(longest, t - last)
            last = t
            for k in 0...salt.count {
                let steady = salt.weights[k] * g * j
                let exact = steady * -expm1(-salt.rates[k] * t)
                worst = max(worst, abs(y[model.iSalt.lowerBound + k] - exact) / steady)
            }
            for k in 0..<model.modes.count {
                let rate = model.modes.decayRates[k]
                let steady = (2.0 / 3.0) * (j / q) / rate
                let exact = steady * -expm1(-rate * t)
                worst = max(worst, abs(y[model.iModes.lowerBound + k] - exact) / steady)
            }
        }
        #expect(worst <= 1e-9, "largest relative deviation from the closed form: \(worst)")
        // The fastest mode (the salt remainder) relaxes many times within one step: no stability limit.
        let fastest = salt.rates[salt.count]
        #expect(longest * fastest > 10, "longest step \(longest) s against 1/λ = \(1 / fastest) s")
    }

    /// The modal salt polarization at constant current against the exact diffusion series (DOMAIN B §2.4), with the
    /// modes advanced exactly: within the truncation of four modes plus the lumped remainder.
    @Test func concentrationPolarizationWithExactModesFollowsTheDiffusionSeries() throws {
        let design = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(tPlus: 0.3))
        let model = try FullCellModel(design: design, temperature_K: 298.15, saltModes: 4, aging: false)
        let j = design.currentDensity(cRate: 0.5)
        let tau = model.diffusionTime_s
        for (x, tolerance) in [(0.1, 0.04), (1.0, 0.005), (3.0, 1e-4)] {
            let integrator = ODEIntegrator(problem: model, stepper: .rkf45, relativeTolerance: 1e-8, absoluteTolerance: 1e-10,
                                           componentScales: Array(model.layout.scales.prefix(model.dimension)))
            integrator.setState(model.initialState(stateOfCharge: 0.8))
            model.configure(control: .current(A_m2: j), events: [], stepStartCharge_C_m2: 0)
            _ = try integrator.integrate(from: 0, to: x * tau, events: [])
            let exact = j * model.diffusionASR_ohm_m2 * SaltDiffusionModes.seriesFraction(time_s: x * tau, diffusionTime_s: tau)
            let vd = model.concentrationOverpotential(integrator.y)
            #expect(abs(vd - exact) <= tolerance * exact, "t = \(x)·τ: \(vd) vs \(exact)")
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var electrolyte: String, cathode: String, temperature_C: Double, cRate: Double, aging: Bool
        var testDescription: String { "\(electrolyte)|\(cathode) \(temperature_C) °C \(cRate)C aging \(aging)" }
    }

    static let cycles: [Case] = [
        Case(electrolyte: "CMP-VAMMT", cathode: "LFP", temperature_C: 25, cRate: 0.5, aging: false),
        Case(electrolyte: "CPCSE", cathode: "NCM811", temperature_C: 25, cRate: 0.5, aging: false),
        Case(electrolyte: "CMP-VAMMT", cathode: "LFP", temperature_C: 25, cRate: 0.5, aging: true),
        Case(electrolyte: "PPSE", cathode: "LFP", temperature_C: 60, cRate: 0.5, aging: true),
    ]

    /// Two CC–CV cycles with the explicit stepper and the modes advanced exactly against the same cycles with every
    /// state integrated by msbdf at rtol 1e-10 (the bench's accuracy-guard reference): capacities within 3e-5
    /// relative (NCM811 at 25 °C, whose steep OCV ends meet the composite cathode's overpotential, comes to 1.6e-5),
    /// mean charge and discharge voltages within 0.1 mV.
    @Test(arguments: cycles)
    func exactModesReproduceTheFullIntegration(_ c: Case) throws {
        let design = try Fixtures.design(electrolyte: c.electrolyte, cathode: c.cathode)
        let experiment = try Experiment.cccv(chargeRate: c.cRate, dischargeRate: c.cRate, minimumVoltage: design.cathode.minimumVoltage_V,
                                             maximumVoltage: design.cathode.maximumVoltage_V, cycles: 2)
        var fast = SimulationOptions()
        fast.aging = c.aging
        let reference = Benchmarks.referenceOptions(fast)
        let a = try Simulator(design: design, temperature_C: c.temperature_C, options: fast).run(experiment)
        let b = try Simulator(design: design, temperature_C: c.temperature_C, options: reference).run(experiment)
        #expect(a.cycles.count == b.cycles.count)
        for (x, y) in zip(a.cycles, b.cycles) {
            for (p, q) in [(x.chargeCapacity_C_m2, y.chargeCapacity_C_m2), (x.dischargeCapacity_C_m2, y.dischargeCapacity_C_m2)] {
                #expect(q > 0, "the case must deliver capacity to test anything")
                #expect(abs(p - q) <= 3e-5 * q, "capacity \(p) vs \(q)")
            }
            for (p, q) in [(x.meanChargeVoltage_V, y.meanChargeVoltage_V), (x.meanDischargeVoltage_V, y.meanDischargeVoltage_V)] {
                if let p, let q { #expect(abs(p - q) <= 1e-4, "mean voltage \(p) vs \(q)") }
            }
        }
    }

    /// Li | HE-PEIgPHE | S at 60 °C, 0.1C (steep plateau ends and the shuttle): advancing the modes exactly must not
    /// make the default tolerance's error against the rtol 1e-10 reference worse than integrating them, beyond the
    /// bench guard's 1e-5.
    @Test func exactModesAreNoWorseOnALithiumSulfurCell() throws {
        let design = try Fixtures.design(electrolyte: "HE-PEIgPHE", cathode: "S")
        let experiment = try Experiment.cccv(chargeRate: 0.1, dischargeRate: 0.1, minimumVoltage: design.cathode.minimumVoltage_V,
                                             maximumVoltage: design.cathode.maximumVoltage_V, cycles: 1)
        let options = SimulationOptions()
        let reference = try Simulator(design: design, temperature_C: 60, options: Benchmarks.referenceOptions(options)).run(experiment)
        let exact = try Simulator(design: design, temperature_C: 60, options: options)
        let integrated = try Simulator(design: design, temperature_C: 60, options: options)
        integrated.integrator.exactLinearModes = false
        let a = try exact.run(experiment).cycles[0], b = try integrated.run(experiment).cycles[0], r = reference.cycles[0]
        #expect(r.chargeCapacity_C_m2 > 0 && r.dischargeCapacity_C_m2 > 0)
        let errorExact = max(abs(a.chargeCapacity_C_m2 / r.chargeCapacity_C_m2 - 1), abs(a.dischargeCapacity_C_m2 / r.dischargeCapacity_C_m2 - 1))
        let errorIntegrated = max(abs(b.chargeCapacity_C_m2 / r.chargeCapacity_C_m2 - 1), abs(b.dischargeCapacity_C_m2 / r.dischargeCapacity_C_m2 - 1))
        // Not worse than the integrated modes, or within the 1e-5 the bench's accuracy guard allows.
        #expect(errorExact <= max(errorIntegrated, 1e-5), "exact modes \(errorExact), integrated \(errorIntegrated)")
        #expect(errorExact <= 1e-3)
    }

    /// The CV hold of a CC–CV charge on the explicit stepper (modes advanced exactly on the quadratic path, its error
    /// controlled) against the same hold integrated by msbdf at rtol 1e-10: the hold's charge within 1e-5 of the
    /// reference's (the bench guard's bound on capacities), its end voltage at the set point, no switch to msbdf, and
    /// the path's error control engaged (steps rejected for it, or the hold could not tell).
    @Test(arguments: [("CMP-VAMMT", "LFP"), ("CPCSE", "NCM811")])
    func aCVHoldOnTheExplicitStepperMatchesTheReference(electrolyte: String, cathode: String) throws {
        let design = try Fixtures.design(electrolyte: electrolyte, cathode: cathode)
        let vMax = design.cathode.maximumVoltage_V
        let experiment = try Experiment.cccv(chargeRate: 0.5, dischargeRate: 0.5, minimumVoltage: design.cathode.minimumVoltage_V,
                                             maximumVoltage: vMax, cycles: 1)
        var options = SimulationOptions()
        options.aging = false
        let b = try Simulator(design: design, temperature_C: 25, options: Benchmarks.referenceOptions(options)).run(experiment)
        for f in [1.0, 0.1, 0.01, 1e6] {
            let fast = try Simulator(design: design, temperature_C: 25, options: options)
            fast.integrator.pathErrorFraction = f
            let a = try fast.run(experiment)
            print("DEBUG \(cathode) fraction \(f) steps \(a.acceptedSteps) rhs \(a.rhsEvaluations) rej \(fast.integrator.pathRejections) cycle charge rel \(a.cycles[0].chargeCapacity_C_m2 / b.cycles[0].chargeCapacity_C_m2 - 1) discharge rel \(a.cycles[0].dischargeCapacity_C_m2 / b.cycles[0].dischargeCapacity_C_m2 - 1)")
            for (x, y) in zip(a.cycles[0].steps, b.cycles[0].steps) { print("DEBUG   step \(x.text) \(x.duration_s) \(y.duration_s) \(x.charge_C_m2 / y.charge_C_m2 - 1)") }
        }
        let fast = try Simulator(design: design, temperature_C: 25, options: options)
        let a = try fast.run(experiment)
        let hold = try #require(a.cycles[0].steps.first { $0.kind == .hold })
        let reference = try #require(b.cycles[0].steps.first { $0.kind == .hold })
        #expect(reference.charge_C_m2 != 0, "the hold must move charge to test anything")
        #expect(abs(hold.charge_C_m2 / reference.charge_C_m2 - 1) <= 1e-5, "hold charge \(hold.charge_C_m2) vs \(reference.charge_C_m2)")
        #expect(abs(hold.endVoltage_V - vMax) <= 1e-6)
        #expect(fast.integrator.stiffSwitches == 0)
        #expect(fast.integrator.pathRejections > 0)
        print("DEBUG \(cathode): hold \(hold.charge_C_m2) ref \(reference.charge_C_m2) rel \(hold.charge_C_m2 / reference.charge_C_m2 - 1) dur \(hold.duration_s) ref \(reference.duration_s) steps \(a.acceptedSteps) rhs \(a.rhsEvaluations) rej \(fast.integrator.pathRejections) cycle charge rel \(a.cycles[0].chargeCapacity_C_m2 / b.cycles[0].chargeCapacity_C_m2 - 1) discharge rel \(a.cycles[0].dischargeCapacity_C_m2 / b.cycles[0].dischargeCapacity_C_m2 - 1)")
        for (x, y) in zip(a.cycles[0].steps, b.cycles[0].steps) { print("DEBUG step \(x.text) \(x.duration_s) \(y.duration_s) \(x.charge_C_m2 / y.charge_C_m2 - 1)") }
    }

    /// The explicit stepper with the modes advanced exactly takes a fraction of the steps it needs when it integrates
    /// them (stability-limited by the fast salt and solid modes), at the same accuracy.
    @Test func exactModesCutTheStepsOfACycle() throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let experiment = try Experiment.cccv(chargeRate: 0.5, dischargeRate: 0.5, minimumVoltage: design.cathode.minimumVoltage_V,
                                             maximumVoltage: design.cathode.maximumVoltage_V, cycles: 1)
        var options = SimulationOptions()
        options.aging = false
        let exact = try Simulator(design: design, temperature_C: 25, options: options)
        let integrated = try Simulator(design: design, temperature_C: 25, options: options)
        integrated.integrator.exactLinearModes = false
        let a = try exact.run(experiment), b = try integrated.run(experiment)
        #expect(a.acceptedSteps * 2 <= b.acceptedSteps, "\(a.acceptedSteps) steps with exact modes, \(b.acceptedSteps) integrated")
        #expect(a.rhsEvaluations * 2 <= b.rhsEvaluations, "\(a.rhsEvaluations) calls with exact modes, \(b.rhsEvaluations) integrated")
        let ca = a.cycles[0].dischargeCapacity_C_m2, cb = b.cycles[0].dischargeCapacity_C_m2
        #expect(abs(ca / cb - 1) <= 1e-5)
        // No current step turned stiff.
        #expect(exact.integrator.stiffSwitches == 0)
    }
}
