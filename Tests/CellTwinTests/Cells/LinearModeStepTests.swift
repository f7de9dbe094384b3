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

    @Test(arguments: [1e-8, 1e-4, 0.01, 0.2, 0.49, 0.5, 0.51, 1, 3, 10, 40, 42, 60, 100])
    func weightsMatchTheirIntegralDefinitions(x: Double) {
        let (e, psi0, psi1) = LinearModeStep.weights(x)
        let (q0, q1) = quadrature(x)
        #expect(e == (x < LinearModeStep.dampedLimit ? FastMath.exp(-x) : 0))
        #expect(abs(psi0 - q0) <= 1e-10 * q0, "ψ₀(\(x)) = \(psi0), quadrature \(q0)")
        #expect(abs(psi1 - q1) <= 1e-10 * q1, "ψ₁(\(x)) = \(psi1), quadrature \(q1)")
        // W₀ + W₁ is the constant-input response (1 − e^{−x})/x.
        let total = x < 1e-6 ? 1 - x / 2 : -expm1(-x) / x
        #expect(abs(psi0 + psi1 - total) <= 1e-14 * total)
    }

    #if arch(x86_64) || arch(i386)
    /// The reference's arithmetic: 64-bit significand where available, so its own rounding (~1e-19) is far below
    /// the bound tested.
    typealias Wide = Float80
    static let polynomialBound = 2e-16
    #else
    typealias Wide = Double
    static let polynomialBound = 4e-16
    #endif

    /// ψ₀(x) = Σₙ (−x)ⁿ(n + 1)/(n + 2)! and ψ₁(x) = Σₙ (−x)ⁿ/(n + 2)!, 30 terms in `Wide` (the first neglected term is
    /// below 0.5³⁰/32! ≈ 4e-45 for x ≤ 0.5).
    func seriesReference(_ x: Double) -> (psi0: Wide, psi1: Wide) {
        var p0: Wide = 0, p1: Wide = 0, term: Wide = 0.5
        let xw = Wide(x)
        for n in 0..<30 {
            p1 += term
            p0 += Wide(n + 1) * term
            term *= -xw / Wide(n + 3)
        }
        return (p0, p1)
    }

    /// The polynomials that stand in for the series below x = 0.5 are within the rounding of a double-precision
    /// evaluation of the exact functions over the whole of [0, 0.5): 20,000 evenly spaced points and 2,000 spread
    /// over 1e-12 … 0.5 on a log scale.
    @Test func thePolynomialsAreWithinRoundingOfTheExactWeights() {
        var xs = (0..<20_000).map { 0.5 * Double($0) / 20_000 }
        xs += (0..<2_000).map { pow(10, -12 + 11.7 * Double($0) / 2_000) }
        var worst0 = 0.0, worst1 = 0.0
        for x in xs where x < 0.5 {
            let (_, psi0, psi1) = LinearModeStep.weights(x)
            let (r0, r1) = seriesReference(x)
            worst0 = max(worst0, Double(abs(Wide(psi0) - r0) / r0))
            worst1 = max(worst1, Double(abs(Wide(psi1) - r1) / r1))
        }
        #expect(worst0 <= Self.polynomialBound, "largest relative error of ψ₀: \(worst0)")
        #expect(worst1 <= Self.polynomialBound, "largest relative error of ψ₁: \(worst1)")
        // At 0 both are exactly 1/2.
        #expect(LinearModeStep.weights(0).psi0 == 0.5 && LinearModeStep.weights(0).psi1 == 0.5)
    }

    @Test func thePolynomialsAndTheClosedFormAgreeWhereTheySwitch() {
        // Both branches evaluated on either side of x = 0.5 agree with each other's continuation to 1e-14.
        for x in [0.499999, 0.5, 0.500001] {
            let (e, p0, p1) = LinearModeStep.weights(x)
            let inv = 1 / (x * x)
            #expect(abs(p0 - (1 - e * (1 + x)) * inv) <= 1e-14)
            #expect(abs(p1 - (x - 1 + e) * inv) <= 1e-14)
        }
    }

    /// Pairs of arguments for the packed weights: 0…50 on 4,000 points and the branch boundaries 0.5 and 42 (with their
    /// neighbours), each paired with a far one, a close one (×1.01) and two shifted ones (+0.3, +10).
    static let pairedArguments: [(Double, Double)] = {
        var xs: [Double] = (0..<4_000).map { 50 * Double($0) / 4_000 }
        xs += [0, 1e-9, 0.5.nextDown, 0.5, 0.5.nextUp, 42.0.nextDown, 42, 42.0.nextUp, 1e8]
        var pairs: [(Double, Double)] = []
        for (i, a) in xs.enumerated() {
            let partners: [Double] = [xs[(i * 7 + 3) % xs.count], a * 1.01, a + 0.3, a + 10]
            for b in partners { pairs.append((a, b)) }
        }
        return pairs
    }()

    /// The weights of two modes at once are bitwise those of each mode alone, for pairs in the same branch (the
    /// packed closed form and its damped limit) and across branches (lane by lane), the boundaries 0.5 and 42 included.
    @Test func pairedWeightsAreTheScalarOnes() {
        var mismatches = 0
        for (a, b) in Self.pairedArguments {
            let pair = LinearModeStep.weights(SIMD2(a, b))
            for (lane, x) in [a, b].enumerated() {
                let one = LinearModeStep.weights(x)
                if pair.decay[lane].bitPattern != one.decay.bitPattern || pair.psi0[lane].bitPattern != one.psi0.bitPattern
                    || pair.psi1[lane].bitPattern != one.psi1.bitPattern {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) lanes differ from the scalar weights")
    }

    /// From `dampedLimit` on (a strongly damped mode) the weights are the closed forms' limits 1/x² and (x − 1)/x²
    /// without `exp`: equal to the closed forms with e^{−x} to the last bit over 42 … 1e8 (10,000 points on a log
    /// scale), the decay 0 where e^{−x} < 5.8e-19; below the limit, e^{−x}(1 + x) is not yet negligible against 1, so
    /// the limit's ψ₀ would differ (the reason for the limit's value).
    @Test func stronglyDampedWeightsEqualTheClosedFormToTheLastBit() {
        func closedForm(_ x: Double) -> (Double, Double) {
            let e = exp(-x), inv = 1 / (x * x)
            return ((1 - e * (1 + x)) * inv, (x - 1 + e) * inv)
        }
        let limit = LinearModeStep.dampedLimit
        var mismatches = 0
        for i in 0..<10_000 {
            let x = limit * pow(1e8 / limit, Double(i) / 9_999)
            let (e, psi0, psi1) = LinearModeStep.weights(x)
            let (c0, c1) = closedForm(x)
            if psi0 != c0 || psi1 != c1 { mismatches += 1 }
            #expect(e == 0 && exp(-x) < 5.8e-19)
        }
        #expect(mismatches == 0, "\(mismatches) of 10,000 points differ from the closed form")
        // Just below the limit the closed form still carries e^{−x}: at x = 36 the limit's ψ₀ is off by ~e^{−36}·37.
        let (c0, _) = closedForm(36)
        #expect(c0 != 1 / (36.0 * 36.0))
        #expect(LinearModeStep.weights(limit.nextDown).decay == FastMath.exp(-limit.nextDown))
    }

    /// φ(x) = Σₙ (−x)ⁿ/(n + 1)!, 30 terms in `Wide` (the first neglected term is below 0.5³⁰/31! ≈ 1e-43 for x ≤ 0.5).
    func responseSeries(_ x: Double) -> Wide {
        var sum: Wide = 0, term: Wide = 1
        for n in 0..<30 {
            sum += term
            term *= -Wide(x) / Wide(n + 2)
        }
        return sum
    }

    /// The constant-input weights: φ within the rounding of a double evaluation of (1 − e^{−x})/x and e^{−x} within
    /// 2 units in the last place, below 0.5 (the polynomial, e^{−x} = 1 − x·φ) against the series in wide arithmetic,
    /// above it against e^{−x} and −expm1(−x)/x of the C library, the branch points and the damped limit included.
    @Test func constantInputWeightsAreTheExactResponse() {
        var below = (0..<20_000).map { 0.5 * Double($0) / 20_000 }
        below += (0..<2_000).map { pow(10, -12 + 11.7 * Double($0) / 2_000) }
        below += [(0.5).nextDown]
        var worstPhi = 0.0, worstDecay = 0.0
        for x in below where x < 0.5 {
            let (e, phi) = LinearModeStep.constantInputWeights(x)
            let reference = responseSeries(x)
            worstPhi = max(worstPhi, Double(abs(Wide(phi) - reference) / reference))
            worstDecay = max(worstDecay, abs(e - exp(-x)) / exp(-x).ulp)
        }
        #expect(worstPhi <= Self.polynomialBound, "largest relative error of φ below 0.5: \(worstPhi)")
        #expect(worstDecay <= 2, "largest error of e^{−x} below 0.5: \(worstDecay) ulp")
        let zero = LinearModeStep.constantInputWeights(0)
        #expect(zero.decay == 1 && zero.response == 1)
        var above = (0..<4_000).map { 0.5 + 60 * Double($0) / 4_000 }
        above += [(0.5).nextUp, 42.0.nextDown, 42, 42.0.nextUp, 1e3, 1e8]
        var worstAbove = 0.0
        for x in above {
            let (e, phi) = LinearModeStep.constantInputWeights(x)
            let exact = -expm1(-x) / x
            worstAbove = max(worstAbove, abs(phi - exact) / exact)
            #expect(e == FastMath.exp(-min(x, 708)))
        }
        #expect(worstAbove <= 4e-16, "largest relative error of φ from 0.5 on: \(worstAbove)")
        // φ is continuous across 0.5 to the rounding of either side.
        let left = LinearModeStep.constantInputWeights(0.5.nextDown), right = LinearModeStep.constantInputWeights(0.5)
        #expect(abs(left.response - right.response) <= 4e-16 && abs(left.decay - right.decay) <= 4e-16)
    }

    /// The constant-input weights of two modes at once are bitwise those of each mode alone, within a branch and
    /// across branches.
    @Test func pairedConstantInputWeightsAreTheScalarOnes() {
        var mismatches = 0
        for (a, b) in Self.pairedArguments {
            let pair = LinearModeStep.constantInputWeights(SIMD2(a, b))
            for (lane, x) in [a, b].enumerated() {
                let one = LinearModeStep.constantInputWeights(x)
                if pair.decay[lane].bitPattern != one.decay.bitPattern
                    || pair.response[lane].bitPattern != one.response.bitPattern {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0, "\(mismatches) lanes differ from the scalar weights")
    }

    /// Modes whose λΔ straddle every branch of both weights (0, below and above 0.5, below and above the damped
    /// limit; an odd count, so one mode goes alone), anchored twice with the same start, J and p: once as a general
    /// step, once with a constant input. At J = J₀ and p = p₀ the two give the same sums and the same written modes
    /// to rounding, and the written modes are the closed form m₀e^{−λΔ} + g(J + p)(1 − e^{−λΔ})/λ.
    @Test(arguments: [1.0, 0.37, 3.0])
    func constantInputPathMatchesTheGeneralOneAndTheClosedForm(delta: Double) {
        let solidRates = [1e-9, 0.3, 0.5.nextDown, 0.5]
        let saltRates = [(0.5).nextUp, 5, 42.0.nextDown, 42, 42.0.nextUp, 100, 0.49]
        let saltGains = [0.7, 1.3, 0.2, 2.5, 0.9, 1.1, 0.4]
        let rates = solidRates + saltRates
        let steps = [false, true].map { _ in
            LinearModeStep(solidRates: solidRates, saltRates: saltRates, saltGains: saltGains, saltCount: saltRates.count)
        }
        let start = rates.indices.map { 0.01 * Double($0 % 5) - 0.015 }
        let (j, p, q, t0) = (-12.5, 0.75, 3.0e5, 40.0)
        for (step, constant) in zip(steps, [false, true]) {
            step.anchor(time: t0, modes: start, current: j, parasitic: p, activeCapacity_C_m2: q, constantInput: constant)
        }
        var written = [[Double]]()
        var sums = [(solid: Double, salt: Double)]()
        for step in steps {
            // A first stage and a return to Δ from another one, as an explicit pair takes them.
            step.prepare(time: t0)
            step.prepare(time: t0 + delta)
            step.prepare(time: t0 + 0.5 * delta)
            step.prepare(time: t0 + delta)
            let g = step.solidGain
            sums.append((step.solidStart + g * (j + p) * step.solidPerInput, step.saltConstant + step.saltPerCurrent * j))
            var m = [Double](repeating: .nan, count: rates.count)
            step.write(time: t0 + delta, current: j, parasitic: p, into: &m)
            written.append(m)
        }
        let g = steps[0].solidGain
        let solidScale = abs(sums[0].solid) + solidRates.indices.map { abs(start[$0]) + abs(g * (j + p) * delta) }.reduce(0, +)
        let saltScale = abs(sums[0].salt) + saltRates.indices.map { abs(start[4 + $0]) + abs(saltGains[$0] * j * delta) }.reduce(0, +)
        #expect(abs(sums[1].solid - sums[0].solid) <= 1e-15 * solidScale, "Σu \(sums[1].solid) vs \(sums[0].solid)")
        #expect(abs(sums[1].salt - sums[0].salt) <= 1e-15 * saltScale, "Σz \(sums[1].salt) vs \(sums[0].salt)")
        // The Δ the steps see (t₀ + Δ − t₀, rounded).
        let stepDelta = (t0 + delta) - t0
        for k in rates.indices {
            let input = k < solidRates.count ? g * (j + p) : saltGains[k - solidRates.count] * j
            let x = rates[k] * stepDelta
            let response = x == 0 ? stepDelta : -expm1(-x) / rates[k]
            let exact = start[k] * exp(-x) + input * response
            let scale = abs(start[k]) + abs(input * response)
            #expect(abs(written[1][k] - written[0][k]) <= 4e-16 * scale, "mode \(k): \(written[1][k]) vs \(written[0][k])")
            #expect(abs(written[1][k] - exact) <= 4e-16 * scale, "mode \(k): \(written[1][k]) vs closed form \(exact)")
        }
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
