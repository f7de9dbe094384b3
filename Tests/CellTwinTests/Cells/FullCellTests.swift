import Foundation
import Testing
@testable import CellTwin

/// Physics invariants of the full-cell model (DOMAIN A2), each against an analytic reference.
@Suite struct FullCellTests {
    /// Runs the model directly with an integrator (no experiment machinery).
    func integrate(_ model: FullCellModel, from y0: [Double], control: CellControl, for duration: Double,
                   events: [CellEvent] = [], stepper: ODEStepper = .rk4imp) throws -> (ODEIntegrator, Double, ODEOutcome) {
        var scales = [Double](repeating: 1, count: model.dimension)
        scales[model.iCharge] = model.design.nominalCapacity_C_m2
        scales[model.iEnergy] = 4 * model.design.nominalCapacity_C_m2
        let integrator = ODEIntegrator(problem: model, stepper: stepper, relativeTolerance: 1e-9, absoluteTolerance: 1e-12,
                                       componentScales: scales)
        integrator.setState(y0)
        model.configure(control: control, events: events, stepStartCharge_C_m2: 0)
        let specs = events.indices.map { i -> ODEEvent in
            if case .voltage(_, let d) = events[i] { return ODEEvent(id: i, direction: d, valueTolerance: 1e-5, timeTolerance: 1e-4) }
            return ODEEvent(id: i, direction: .falling, valueTolerance: 1e-9, timeTolerance: 1e-4)
        }
        let (t, outcome) = try integrator.integrate(from: 0, to: duration, events: specs)
        return (integrator, t, outcome)
    }

    @Test func diffusionEigenvaluesAreRootsOfTanEqualsIdentity() {
        let reference = [4.4934, 7.7253, 10.9041, 14.0662]
        for (k, lambda) in reference.enumerated() {
            #expect(abs(SolidDiffusionModes.eigenvalues[k] - lambda) < 1e-4)
            let l = SolidDiffusionModes.eigenvalues[k]
            #expect(abs(tan(l) - l) < 1e-8 * l)
        }
    }

    @Test(arguments: [1, 3, 4, 8])
    func modalSteadyStateEqualsTauOver15(modes: Int) throws {
        // DOMAIN A2: at constant flux, x_s − x̄ → (τ_s/15)·dx̄/dt for any number of modes.
        let tau = 500.0
        let design = CellDesign(cathode: Fixtures.linearCathode(diffusionTime_s: tau), electrolyte: Fixtures.simpleElectrolyte(tPlus: 1))
        let model = try FullCellModel(design: design, temperature_K: 298.15, diffusionModes: modes)
        let j = design.currentDensity(cRate: 0.2)
        let (integrator, _, _) = try integrate(model, from: model.initialState(stateOfCharge: 0.9), control: .current(A_m2: j),
                                               for: 40 * tau)
        let dxdt = j / design.stoichiometricCapacity_C_m2
        let xs = model.surfaceStoichiometry(integrator.y, current: j)
        let expected = tau / 15 * dxdt
        #expect(abs((xs - integrator.y[model.iMean]) - expected) < 1e-6 * expected)
    }

    @Test(arguments: [4, 12])
    func concentrationPolarizationFollowsTheExactDiffusionSeries(saltModes: Int) throws {
        // v_d(t) = J·R_d·[1 − (8/π²)Σ n⁻² e^{−n²t/τ}] from rest (DOMAIN B §2.4): the full cell's salt modes are the
        // same submodel as the Li | E | Li cell's; a single RC gave 42 % of it at 0.1·τ.
        let design = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(tPlus: 0.3))
        let model = try FullCellModel(design: design, temperature_K: 298.15, saltModes: saltModes)
        let j = design.currentDensity(cRate: 0.5)
        let rd = model.diffusionASR_ohm_m2, tau = model.diffusionTime_s
        #expect(abs(rd - model.bulkASR_ohm_m2 * 0.7 / 0.3) < 1e-12)
        // The lumped remainder matches the left-out modes' area, not their early shape: looser at 0.1·τ with 4 modes.
        for (x, tolerance) in [(0.1, saltModes >= 12 ? 0.01 : 0.04), (1.0, 0.005), (3.0, 1e-4)] {
            let t = x * tau
            let (integrator, _, _) = try integrate(model, from: model.initialState(stateOfCharge: 0.8), control: .current(A_m2: j), for: t)
            let exact = j * rd * SaltDiffusionModes.seriesFraction(time_s: t, diffusionTime_s: tau)
            let vd = model.concentrationOverpotential(integrator.y)
            #expect(abs(vd - exact) <= tolerance * exact, "t = \(x)·τ: \(vd) vs \(exact)")
        }
    }

    @Test func voltageCutoffIsLocatedAtTheAnalyticCrossingTime() throws {
        // Linear OCV, t₊ = 1 (no v_d), negligible solid diffusion: V(t) = 4 − x̄(t) − J·R − η_Li − η_C.
        let design = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(tPlus: 1))
        let model = try FullCellModel(design: design, temperature_K: 298.15)
        let j = design.currentDensity(cRate: 1)
        let y0 = model.initialState(stateOfCharge: 1)
        let vt = Physical.thermalVoltage(298.15)
        let series: Double = y0.withUnsafeBufferPointer { model.seriesASR_ohm_m2($0.baseAddress!) }
        let etaLi: Double = 2 * vt * asinh(j / (2 * model.lithiumExchangeCurrent_A_m2))
        let etaC: Double = 2 * vt * asinh(j / (2 * model.cathodeExchangeCurrent_A_m2))
        let losses: Double = j * series + etaLi + etaC
        let cutoff = 3.3
        let xCross = 4.0 - cutoff - losses
        let tExact = (xCross - y0[model.iMean]) * design.stoichiometricCapacity_C_m2 / j
        let (integrator, t, outcome) = try integrate(model, from: y0, control: .current(A_m2: j), for: 10 * tExact,
                                                     events: [.voltage(V: cutoff, direction: .falling)])
        #expect(outcome == .event(index: 0))
        #expect(abs(t - tExact) < 1e-3)
        #expect(abs(model.terminalVoltage(integrator.y) - cutoff) < 1e-4)
    }

    @Test func chargeIsConservedThroughACycle() throws {
        // ∫J dt over each CC step equals the stoichiometry change times the capacity per unit x, to 1e-6, and
        // the Li that leaves the cathode arrives at the anode (the Li inventory is integrated; all degradation
        // rates zero, i.e. 100 % coulombic efficiency).
        var design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        design.electrolyte.aging = .none
        design.electrolyte.electronicConductivity.referenceValue = 0
        // Electrolyte oxidation re-lithiates the cathode with charge that is not the cell's current: off here.
        design.electrolyte.oxidation.onsetCurrent_A_m2 = 0
        design.electrolyte.oxidation.chargeParasiticFraction = 0
        design.cathode.activeMaterialLoss = Arrhenius(referenceValue: 0, activationEnergy_J_mol: 0)
        let sim = try Simulator(design: design, temperature_C: 30)
        #expect(sim.model.agingEnabled)
        let initial = sim.model.initialState(stateOfCharge: 0)
        let before = initial[sim.model.iMean], lithiumBefore = initial[sim.model.iLithium]
        let solution = try sim.run(try Experiment(steps: ["Charge at 0.5C until 3.8 V", "Discharge at 0.5C until 2.5 V"]))
        let steps = solution.cycles[0].steps
        let j = design.currentDensity(cRate: 0.5)
        for s in steps {
            #expect(abs(abs(s.charge_C_m2) - j * s.duration_s) <= 1e-6 * abs(s.charge_C_m2))
        }
        let after = sim.integrator.y[sim.model.iMean]
        let net = steps.reduce(0) { $0 + $1.charge_C_m2 }
        #expect(abs((after - before) * design.stoichiometricCapacity_C_m2 - net) <= 1e-6 * abs(steps[0].charge_C_m2))
        let lithiumAfter = sim.integrator.y[sim.model.iLithium]
        #expect(abs((lithiumAfter - lithiumBefore) + net) <= 1e-6 * abs(steps[0].charge_C_m2))
        #expect(sim.integrator.y[sim.model.iLithiumLost] == 0)
    }

    /// Electronic leakage through the membrane self-discharges a cell at open circuit: over a rest of t on LFP's flat
    /// plateau the cathode takes up Δx·Q_x = (σ_e/L)·U·t (to 0.5 %, U the OCV at the start), and the Li comes from
    /// the anode (Δx·Q_x = −ΔLi to 1e-9).
    @Test func electronicLeakageSelfDischargesAtOpenCircuit() throws {
        var design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        design.electrolyte.aging = .none
        design.electrolyte.oxidation.onsetCurrent_A_m2 = 0
        design.electrolyte.oxidation.chargeParasiticFraction = 0
        design.electrolyte.electronicConductivity = Arrhenius(referenceValue: 2.5e-7, activationEnergy_J_mol: 0) // S/m
        var options = SimulationOptions()
        options.initialStateOfCharge = 0.7
        let sim = try Simulator(design: design, temperature_C: 30, options: options)
        let m = sim.model
        let y0 = m.initialState(stateOfCharge: 0.7)
        let hours = 100.0
        _ = try sim.run(try Experiment(steps: [String(format: "Rest for %g hours", hours)]))
        let y1 = sim.integrator.y
        let taken = (y1[m.iMean] - y0[m.iMean]) * design.stoichiometricCapacity_C_m2
        let conductance = 2.5e-7 / design.electrolyte.thickness_m
        let u0 = try design.cathode.ocvSpline().value(y0[m.iMean])
        let expected = conductance * u0 * hours * 3600
        #expect(taken > 0.05 * design.stoichiometricCapacity_C_m2) // a visible self-discharge, still on the plateau
        #expect(abs(taken / expected - 1) < 5e-3, "Δx·Q \(taken) C/m², (σ_e/L)·U·t \(expected) C/m²")
        #expect(abs(taken + (y1[m.iLithium] - y0[m.iLithium])) <= 1e-9 * taken)
    }

    /// In a cycle with electronic leakage, charge in exceeds charge out by the leakage charge (the Li the anode gave
    /// up beyond the external charge), and the coulombic efficiency falls below 1 by that over the charge.
    @Test func electronicLeakageLowersTheCoulombicEfficiency() throws {
        var design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        design.electrolyte.aging = .none
        design.cathode.activeMaterialLoss = Arrhenius(referenceValue: 0, activationEnergy_J_mol: 0)
        design.electrolyte.electronicConductivity = Arrhenius(referenceValue: 1e-7, activationEnergy_J_mol: 0) // S/m
        let sim = try Simulator(design: design, temperature_C: 30)
        let m = sim.model
        let steps = ["Charge at 0.5C until 3.8 V", "Hold at 3.8 V until C/20", "Discharge at 0.5C until 2.5 V"]
        _ = try sim.run(try Experiment(steps: steps)) // from the fresh state to a cycled one
        let xBefore = sim.integrator.y[m.iMean], liBefore = sim.integrator.y[m.iLithium]
        let s = try sim.run(try Experiment(steps: steps))
        let c = try #require(s.cycles.first)
        let leaked = -(sim.integrator.y[m.iLithium] - liBefore) - (c.dischargeCapacity_C_m2 - c.chargeCapacity_C_m2)
        let ce = try #require(c.coulombicEfficiency)
        #expect(ce < 1 - 1e-4)
        // Charge in − charge out = leakage − the cathode's own change over the cycle (it ends where it started).
        let cathodeChange = (sim.integrator.y[m.iMean] - xBefore) * design.stoichiometricCapacity_C_m2
        #expect(abs((c.chargeCapacity_C_m2 - c.dischargeCapacity_C_m2) - (leaked - cathodeChange)) <= 1e-6 * c.chargeCapacity_C_m2)
        #expect(abs(cathodeChange) < 0.02 * leaked, "cathode change \(cathodeChange), leaked \(leaked)")
        #expect(abs((1 - ce) - leaked / c.chargeCapacity_C_m2) < 0.02 * (1 - ce))
    }

    @Test func restKeepsTheOpenCircuitVoltage() throws {
        var design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        design.electrolyte.electronicConductivity.referenceValue = 0
        design.electrolyte.oxidation.onsetCurrent_A_m2 = 0
        var options = SimulationOptions()
        options.recordTrace = true
        options.initialStateOfCharge = 0.5
        let solution = try Simulator(design: design, temperature_C: 25, options: options)
            .run(try Experiment(steps: ["Rest for 2 hours"]))
        let spline = try design.cathode.ocvSpline()
        let trace = try #require(solution.trace)
        let ocv = spline.value(trace.meanStoichiometry[0])
        #expect(trace.count >= 2)
        for v in trace.voltage_V { #expect(abs(v - ocv) < 1e-9) }
    }

    @Test(arguments: ["LFP", "NCM811", "NCM523", "S"])
    func dischargeLowersTheVoltageMonotonically(cathode: String) throws {
        let design = try Fixtures.design(electrolyte: "HE-PEIgPHE", cathode: cathode)
        var options = SimulationOptions()
        options.recordTrace = true
        let c = design.cathode
        let solution = try Simulator(design: design, temperature_C: 60, options: options)
            .run(try Experiment(steps: [String(format: "Discharge at 0.5C until %g V", c.minimumVoltage_V)]))
        let trace = try #require(solution.trace)
        #expect(trace.count > 10)
        for i in 1..<trace.count { #expect(trace.voltage_V[i] <= trace.voltage_V[i - 1] + 1e-9) }
        #expect(solution.cycles[0].dischargeEnd == .event(.voltage(V: c.minimumVoltage_V, direction: .falling)))
    }

    @Test func constantVoltageCurrentDecaysMonotonically() throws {
        let design = try Fixtures.design(electrolyte: "HE-PEIgPHE", cathode: "LFP")
        var options = SimulationOptions()
        options.recordTrace = true
        let solution = try Simulator(design: design, temperature_C: 60, options: options)
            .run(try Experiment(steps: ["Charge at 1C until 3.8 V", "Hold at 3.8 V until C/50"]))
        let trace = try #require(solution.trace)
        let hold = trace.step.indices.filter { trace.step[$0] == 2 }
        #expect(hold.count > 5)
        for (a, b) in zip(hold, hold.dropFirst()) {
            #expect(abs(trace.current_A_m2[b]) <= abs(trace.current_A_m2[a]) + 1e-12)
            #expect(abs(trace.voltage_V[b] - 3.8) < 1e-9)
        }
        let cutoff = design.currentDensity(cRate: 1.0 / 50)
        guard case .event(.currentBelow(let j)) = solution.cycles[0].chargeEnd else {
            Issue.record("the hold ended by \(solution.cycles[0].chargeEndReason)")
            return
        }
        #expect(abs(j - cutoff) <= 1e-12 * cutoff)
    }

    @Test(arguments: ["CMP-VAMMT", "HE-PEIgPHE", "CPCSE"])
    func higherTemperatureLowersOverpotential(electrolyte: String) throws {
        let design = try Fixtures.design(electrolyte: electrolyte, cathode: "LFP")
        let experiment = try Experiment(steps: ["Charge at 0.5C until 3.8 V", "Discharge at 0.5C until 2.5 V"])
        // Ohmic, kinetic and transport overpotentials only (aging off: at 25 °C a polymer may be past its critical current).
        var o = SimulationOptions()
        o.aging = false
        let cold = try Simulator(design: design, temperature_C: 25, options: o).run(experiment).cycles[0]
        let warm = try Simulator(design: design, temperature_C: 60, options: o).run(experiment).cycles[0]
        #expect(try #require(warm.overpotential_V) < #require(cold.overpotential_V))
    }

    @Test func powerControlDeliversTheRequestedPower() throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        var options = SimulationOptions()
        options.recordTrace = true
        let solution = try Simulator(design: design, temperature_C: 30, options: options)
            .run(try Experiment(steps: ["Discharge at 0.5 mW/cm2 until 2.5 V"]))
        let trace = try #require(solution.trace)
        for i in 0..<trace.count where trace.current_A_m2[i] > 0 {
            #expect(abs(trace.current_A_m2[i] * trace.voltage_V[i] - 5.0) < 1e-9)
        }
    }

    /// A fresh model of `design` at 25 °C at `stateOfCharge`, configured for `control` (a cold start: no solve yet).
    static func controlled(_ design: CellDesign, _ control: CellControl, stateOfCharge: Double) throws
        -> (model: FullCellModel, state: [Double]) {
        let model = try FullCellModel(design: design, temperature_K: 298.15)
        let y = model.initialState(stateOfCharge: stateOfCharge)
        model.configure(control: control, events: [], stepStartCharge_C_m2: 0)
        return (model, y)
    }

    /// Along a path of nearby states (as an implicit stepper's iterates visit them), the warm solves, most of which end
    /// on Newton's first step once its contraction is measured (``MonotoneNewton``), give the current a fresh model
    /// solves at each state from its cold start, to the solve's tolerance.
    @Test(arguments: [CellControl.voltage(V: 3.45), .power(W_m2: 4.0)])
    func currentSolvedAlongAPathOfNearbyStatesIsTheColdStartOne(control: CellControl) throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let (warm, start) = try Self.controlled(design, control, stateOfCharge: 0.4)
        var y = start
        var worst = 0.0
        for i in 0..<60 {
            // Steps from 1e-9 to 1e-5 in x̄ and proportionate ones in the first mode and the salt.
            let dx = pow(10, -9 + 4 * Double(i % 5) / 4) * (i % 2 == 0 ? 1 : -0.7)
            y[warm.iMean] += dx
            y[warm.iModes.lowerBound] += 0.1 * dx
            if !warm.iSalt.isEmpty { y[warm.iSalt.lowerBound] += 1e3 * dx }
            let cold = try Self.controlled(design, control, stateOfCharge: 0.4).model
            let jWarm = y.withUnsafeBufferPointer { warm.current($0.baseAddress!) }
            let jCold = y.withUnsafeBufferPointer { cold.current($0.baseAddress!) }
            #expect(warm.failure == nil && cold.failure == nil)
            worst = max(worst, abs(jWarm - jCold) / max(abs(jCold), 1))
        }
        #expect(worst <= 1e-12, "largest relative difference \(worst)")
    }

    /// A voltage- or power-controlled current solved after a solve at a nearby state (Newton started from the last
    /// solution carried along its response) is the one a fresh model solves from its cold start, to the solve's
    /// tolerance, at states both near and far from the first.
    @Test(arguments: [CellControl.voltage(V: 3.5), .power(W_m2: 5.0)])
    func currentSolvedFromThePredictedStartIsTheColdStartOne(control: CellControl) throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let (warm, y0) = try Self.controlled(design, control, stateOfCharge: 0.5)
        _ = y0.withUnsafeBufferPointer { warm.current($0.baseAddress!) }
        for (dx, dc, dm) in [(1e-7, 1e-5, 1e-8), (1e-4, 0.5, -2e-5), (0.05, 20.0, 1e-3)] {
            var y = y0
            y[warm.iMean] += dx
            y[warm.iModes.lowerBound] += dm
            if !warm.iSalt.isEmpty { y[warm.iSalt.lowerBound] += dc }
            let cold = try Self.controlled(design, control, stateOfCharge: 0.5).model
            let jWarm = y.withUnsafeBufferPointer { warm.current($0.baseAddress!) }
            let jCold = y.withUnsafeBufferPointer { cold.current($0.baseAddress!) }
            #expect(warm.failure == nil && cold.failure == nil)
            #expect(abs(jWarm - jCold) <= 1e-12 * max(abs(jCold), 1), "Δx̄ = \(dx): \(jWarm) against \(jCold)")
        }
    }

    /// The current solve's evaluations on the LFP CC–CV cycle (the hold under the coupled mode update): Newton starts
    /// from the memo's prediction with the sums' per-current parts and the second-order term, and most solves end on
    /// the first evaluation (1.37 per solve on that cycle; 2.79 with the plain first-order start). Every solve
    /// converges: the cycle completes without a control failure.
    @Test func holdCurrentSolvesTakeFewEvaluations() throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let simulator = try Simulator(design: design, temperature_C: 25, options: SimulationOptions())
        let c = design.cathode
        _ = try simulator.run(try Experiment.cccv(chargeRate: 0.5, dischargeRate: 0.5, minimumVoltage: c.minimumVoltage_V,
                                                  maximumVoltage: c.maximumVoltage_V, restMinutes: 0, cycles: 2))
        let model = simulator.model
        #expect(model.currentSolves >= 50)
        let perSolve = Double(model.currentSolveEvaluations) / Double(model.currentSolves)
        #expect(perSolve <= 1.6, "\(model.currentSolveEvaluations) evaluations in \(model.currentSolves) solves")
    }

    /// The current solve's evaluation with the state's terms read once (``FullCellModel/StateTerms``) gives the voltage
    /// the right-hand side's own path gives (through the kinetics memos, the series ASR and the leakage at y), to a few
    /// ulps, on an aged state where every state-dependent term is engaged (films, voids, lost active material, damage
    /// past the soft-short onset), on charge (shuttle) and discharge.
    @Test func solveEvaluationWithHoistedStateTermsIsTheFullVoltage() throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let model = try FullCellModel(design: design, temperature_K: 298.15)
        var y = model.initialState(stateOfCharge: 0.3)
        y[model.iSEISquared] = 4 * max(y[model.iSEISquared], 1e-8)
        y[model.iCEI] += 2e-4
        y[model.iVoid] = 0.2
        y[model.iLAM] = 0.05
        y[model.iDamage] = 0.95
        y[model.iModes.lowerBound] = 2e-3
        if !model.iSalt.isEmpty { y[model.iSalt.lowerBound] = 30 }
        model.configure(control: .voltage(V: 3.5), events: [], stepStartCharge_C_m2: 0)
        try y.withUnsafeBufferPointer { p in
            let y = try #require(p.baseAddress)
            let s = model.sums(y)
            let terms = model.stateTerms(y)
            #expect(terms.leakageConductance_S_m2 > 0 && terms.contact < 1)
            for j in [-3.0, -0.4, 0, 0.7, 2.5] {
                let hoisted = model.voltageAndSlopes(s, terms, current: j).V
                let full = model.voltageValue(y, s, current: j)
                #expect(abs(hoisted - full) <= 4 * full.ulp, "J = \(j): \(hoisted) against \(full)")
            }
        }
    }

    /// The right-hand side evaluates x_s and U(x_s) once for the oxidation and the voltage: its energy row is
    /// J·(V − V_ref) with V from ``FullCellModel/voltageValue(_:current:)`` and its dx̄/dt the rate with the oxidation
    /// evaluated on its own, exactly, on charge (oxidation on) and discharge, with aging.
    @Test func sharedSurfaceGivesTheSeparateEvaluations() throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let model = try FullCellModel(design: design, temperature_K: 298.15)
        let y = model.initialState(stateOfCharge: 0.9)
        for j in [-2.0, 1.5] {
            model.configure(control: .current(A_m2: j), events: [], stepStartCharge_C_m2: 0)
            var dydt = [Double](repeating: 0, count: model.dimension)
            try y.withUnsafeBufferPointer { p in
                let y = try #require(p.baseAddress)
                #expect(dydt.withUnsafeMutableBufferPointer { model.derivatives(t: 0, y: y, dydt: $0.baseAddress!) })
                #expect(dydt[model.iEnergy] == j * (model.voltageValue(y, current: j) - model.energyReference_V))
                #expect(dydt[model.iMean] == model.meanStoichiometryRate(y, current: j))
                if j < 0 { #expect(model.oxidationCurrent(y, current: j) > 0) }
            }
        }
    }

    /// The state vector puts the linear modes last (the explicit stepper integrates the states before them while they
    /// are advanced exactly), and the trace's columns keep their documented order whatever the vector's: x̄, the solid
    /// modes, the salt modes, q, e, then the degradation states; each column holds the state of its name.
    @Test(arguments: [false, true])
    func traceColumnsKeepTheirOrderAndMapToTheStatesByName(aging: Bool) throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let model = try FullCellModel(design: design, temperature_K: 298.15, aging: aging)
        #expect(model.linearModes.upperBound == model.dimension && model.linearModes.lowerBound == model.iMean + 1)
        #expect(model.linearModes == model.iModes.lowerBound..<model.iSalt.upperBound)
        let documented = model.cathodeParticles.states.map(\.name) + model.saltConcentration.states.map(\.name)
            + ["charge_C_m2", "energy_offset_J_m2"] + (aging ? model.agingStates.map(\.state.name) : [])
        #expect(model.outputStateNames == documented)
        #expect(model.outputOrder.sorted() == Array(0..<model.dimension))
        for (k, i) in model.outputOrder.enumerated() { #expect(model.stateNames[i] == model.outputStateNames[k]) }
        var options = SimulationOptions()
        options.aging = aging
        options.recordTrace = true
        let sim = try Simulator(design: design, temperature_C: 25, options: options)
        let solution = try sim.run(try Experiment(steps: ["Discharge at 0.5C until 2.5 V", "Charge at 0.5C until 3.65 V"], cycles: 1))
        let trace = try #require(solution.trace)
        let width = trace.stateNames.count
        #expect(trace.stateNames == documented && trace.states.count == width * trace.count && trace.count > 10)
        func column(_ name: String) throws -> [Double] {
            let k = try #require(trace.stateNames.firstIndex(of: name))
            return (0..<trace.count).map { trace.states[$0 * width + k] }
        }
        #expect(try column("charge_C_m2") == trace.charge_C_m2)
        #expect(try column("cathode_mean_stoichiometry") == trace.meanStoichiometry)
        // The last sample is the integrator's final state, column by column through the names.
        let last = Array(trace.states[((trace.count - 1) * width)...])
        for (k, name) in trace.stateNames.enumerated() {
            let i = try #require(model.layout.index(of: name))
            #expect(last[k] == sim.integrator.y[i], "\(name)")
        }
        // The diffusion modes moved: a column holding another state's values would show it.
        #expect(try column("cathode_diffusion_mode1").contains { $0 != 0 })
    }
}
