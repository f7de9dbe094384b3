import Foundation
import Testing
@testable import CellTwin

/// The full-cell simulator: a step ends by a termination in every unit where its closed form says, a constant-current
/// step passes I·t, a voltage cut-off is located within the event tolerances, and runs, cycles and temperatures are
/// checked and counted as documented.
@Suite struct SimulatorTests {
    /// A frozen LFP cell of 2 cm², so that cell and areal quantities differ by the area.
    static func design() throws -> CellDesign {
        var d = try Fixtures.frozenDesign()
        d.electrodeArea_m2 = 2e-4
        return d
    }

    static func firstStep(_ steps: [String], design: CellDesign, options: SimulationOptions = SimulationOptions())
        throws -> StepSummary {
        let s = try Simulator(design: design, temperature_C: 30, options: options).run(try Experiment(steps: steps))
        return try #require(s.cycles.first?.steps.first)
    }

    /// A constant cell current I for a time t passes I·t (the cell's charge is the areal charge times the area), and
    /// the step ends by its duration at t.
    @Test func aConstantCurrentStepPassesCurrentTimesTime() throws {
        let d = try Self.design()
        // A quarter of the nominal capacity in 30 minutes: I = Q/4 / 1800 s.
        let current_mA = d.nominalCapacity_C_m2 * d.electrodeArea_m2 / 4 / 1800 * 1000
        let step = try Self.firstStep([String(format: "Discharge at %.12g mA for 30 minutes", current_mA)], design: d)
        #expect(step.end == .duration)
        #expect(abs(step.duration_s - 1800) < 1e-9)
        let cellCharge_C = step.charge_C_m2 * d.electrodeArea_m2
        #expect(abs(cellCharge_C / (current_mA / 1000 * 1800) - 1) < 1e-9, "\(cellCharge_C) C vs I·t")
        #expect(abs(step.charge_C_m2 / (d.nominalCapacity_C_m2 / 4) - 1) < 1e-9)
        // A charge passes the same magnitude with the opposite sign.
        let charge = try Self.firstStep([String(format: "Charge at %.12g mA for 30 minutes", current_mA)], design: d)
        #expect(abs(charge.charge_C_m2 + step.charge_C_m2) < 1e-9 * step.charge_C_m2)
    }

    /// 30 % of the nominal capacity written in A·h/m², mAh/g and mAh/cm² ends a 0.5C discharge at that areal charge, at
    /// the time Q/J (to the event's time tolerance).
    @Test func aChargeTerminationInEveryUnitEndsAtQOverJ() throws {
        let d = try Self.design()
        let q = 0.3 * d.nominalCapacity_C_m2            // C m⁻²
        let j = 0.5 * d.nominalCapacity_C_m2 / 3600     // 0.5C, A m⁻²
        let ah_m2 = q / 3600                            // 1 A·h = 3600 C
        let mAh_g = q / d.cathodeLoading_kg_m2 / 1000 / 3.6   // C kg⁻¹ → C g⁻¹ → mAh g⁻¹
        let mAh_cm2 = q / 1e4 / 3.6                     // C m⁻² → C cm⁻² → mAh cm⁻²
        let steps: [(String, Step)] = [
            ("A·h/m²", .discharge(.cRate(0.5), until: .arealCharge(ah_m2 * 3600))),
            ("mAh/g", try Step(parsing: String(format: "Discharge at 0.5C until %.12g mAh/g", mAh_g))),
            ("mAh/cm²", try Step(parsing: String(format: "Discharge at 0.5C until %.12g mAh/cm2", mAh_cm2))),
        ]
        let options = SimulationOptions()
        for (unit, step) in steps {
            let s = try Simulator(design: d, temperature_C: 30, options: options).run(try Experiment([step]))
            let summary = try #require(s.cycles.first?.steps.first)
            guard case .event(.chargePassed(let limit)) = summary.end else {
                Issue.record("\(unit): ended by \(summary.end)")
                continue
            }
            #expect(abs(limit / q - 1) < 1e-9, "\(unit): limit \(limit) vs \(q) C/m²")
            #expect(abs(summary.charge_C_m2 / q - 1) < 1e-6, "\(unit): \(summary.charge_C_m2) vs \(q) C/m²")
            #expect(abs(summary.duration_s - q / j) < 2 * options.timeTolerance_s + 1e-6 * q / j,
                    "\(unit): \(summary.duration_s) s vs Q/J = \(q / j) s")
        }
    }

    /// A duration in seconds, minutes and hours ends a step exactly there; a rest from the relaxed cell passes no charge
    /// and keeps its voltage.
    @Test func aTimeTerminationEndsTheStepAtItsDuration() throws {
        let d = try Self.design()
        for (text, seconds) in [("Discharge at 0.2C for 90 seconds", 90.0), ("Discharge at 0.2C for 10 minutes", 600),
                                ("Discharge at 0.2C for 1.5 hours or until 2.0 V", 5400)] {
            let step = try Self.firstStep([text], design: d)
            #expect(step.end == .duration, "\(text): \(step.end)")
            #expect(abs(step.duration_s - seconds) < 1e-9, "\(text): \(step.duration_s) s")
            #expect(abs(step.charge_C_m2 - d.nominalCapacity_C_m2 * 0.2 * seconds / 3600) < 1e-9 * d.nominalCapacity_C_m2)
        }
        let rest = try Self.firstStep(["Rest for 20 minutes"], design: d)
        #expect(rest.end == .duration && rest.charge_C_m2 == 0 && rest.energy_J_m2 == 0)
        #expect(abs(rest.endVoltage_V - rest.startVoltage_V) < 1e-6)
    }

    /// On a cathode with a linear OCV (U = 4 − x), no concentration polarization and constant losses, the loaded
    /// voltage falls at J/Q_x volt per second: a 1C cut-off at 3.3 V falls at t = (V₀ − 3.3)·Q_x/J, and the simulator
    /// locates it within its voltage tolerance (converted to time by that slope) plus its time tolerance.
    @Test func aVoltageCutoffIsLocatedWithinTheEventTolerances() throws {
        let design = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(tPlus: 1))
        var options = SimulationOptions()
        options.aging = false
        let sim = try Simulator(design: design, temperature_C: 25, options: options)
        let s = try sim.run(try Experiment(steps: ["Discharge at 1C until 3.3 V"]))
        let step = try #require(s.cycles.first?.steps.first)
        #expect(step.end == .event(.voltage(V: 3.3, direction: .falling)))
        let j = design.currentDensity(cRate: 1)
        let slope = j / design.stoichiometricCapacity_C_m2     // V s⁻¹
        let tExact = (step.startVoltage_V - 3.3) / slope
        #expect(tExact > 600, "the cut-off lies well inside the window")
        #expect(abs(step.duration_s - tExact) <= options.voltageTolerance_V / slope + 2 * options.timeTolerance_s,
                "\(step.duration_s) s vs \(tExact) s")
        #expect(abs(step.endVoltage_V - 3.3) <= options.voltageTolerance_V)
        // The charge of a constant-current step is J·t whatever ended it.
        #expect(abs(step.charge_C_m2 - j * step.duration_s) <= 1e-9 * step.charge_C_m2)
    }

    /// The half-cycles of a cycle: steps with net charge < 0 are the charge, > 0 the discharge, zero (a rest) neither;
    /// each half-cycle's end is how its last step ended. Hand-computed sums.
    @Test func summarizeGroupsStepsIntoHalfCycles() {
        func step(_ index: Int, _ kind: StepKind, _ q: Double, _ e: Double, _ end: StepEnd) -> StepSummary {
            StepSummary(index: index, text: "\(index)", kind: kind, duration_s: 1, charge_C_m2: q, energy_J_m2: e,
                        startVoltage_V: 3, endVoltage_V: 3, end: end)
        }
        let steps = [step(1, .charge, -8, -30, .event(.voltage(V: 3.8, direction: .rising))),
                     step(2, .hold, -2, -7.6, .event(.currentBelow(A_m2: 0.1))),
                     step(3, .rest, 0, 0, .duration),
                     step(4, .discharge, 6, 21, .duration),
                     step(5, .discharge, 3, 10, .event(.voltage(V: 2.5, direction: .falling)))]
        let c = Simulator.summarize(cycle: 4, steps: steps, duration_s: 99)
        #expect(c.cycle == 4 && c.duration_s == 99 && c.steps == steps)
        #expect(c.chargeCapacity_C_m2 == 10 && c.dischargeCapacity_C_m2 == 9)
        #expect(abs(c.chargeEnergy_J_m2 - 37.6) < 1e-12 && c.dischargeEnergy_J_m2 == 31)
        #expect(c.chargeEnd == .event(.currentBelow(A_m2: 0.1)))
        #expect(c.dischargeEnd == .event(.voltage(V: 2.5, direction: .falling)))
        let restOnly = Simulator.summarize(cycle: 1, steps: [steps[2]], duration_s: 1)
        #expect(restOnly.chargeEnd == nil && restOnly.dischargeEnd == nil && restOnly.chargeCapacity_C_m2 == 0)
    }

    /// Cycles are numbered across blocks; `stopAfter` ends the run after the cycle it names, with its reason.
    @Test func cyclesAreCountedAcrossBlocksAndStopAfterEndsTheRun() throws {
        let d = try Self.design()
        let a = ExperimentBlock(steps: [.discharge(.cRate(1), until: .duration(60)), .charge(.cRate(1), until: .duration(60))],
                                repeatCount: 2)
        let b = ExperimentBlock(steps: [.rest(for: 30)], repeatCount: 3)
        // From half charge, so that no step meets the ends of the cathode window.
        var options = SimulationOptions()
        options.initialStateOfCharge = 0.5
        let sim = try Simulator(design: d, temperature_C: 30, options: options)
        let all = try sim.run(Experiment(blocks: [a, b]))
        #expect(all.cycles.flatMap(\.steps).allSatisfy { $0.end == .duration })
        #expect(all.cycles.map(\.cycle) == [1, 2, 3, 4, 5])
        #expect(all.status == .completed)
        let total: Double = all.cycles.reduce(0.0) { $0 + $1.duration_s }
        #expect(abs(total - 330) < 1e-9, "two cycles of 2 × 60 s and three of 30 s")
        let stopped = try sim.run(Experiment(blocks: [a, b])) { $0.cycle == 3 ? .retentionBelow(fraction: 0.8) : nil }
        #expect(stopped.cycles.count == 3)
        #expect(stopped.status == .retentionBelow(fraction: 0.8))
    }

    /// A recorded trace is continuous across steps: its time rises, its last time is the run's duration, and the charge
    /// it samples at each step's ends differs by that step's charge.
    @Test func theTraceSpansEveryStepAndAgreesWithTheSummaries() throws {
        var options = SimulationOptions()
        options.recordTrace = true
        let d = try Self.design()
        let s = try Simulator(design: d, temperature_C: 30, options: options)
            .run(try Experiment(steps: ["Discharge at 0.5C for 20 minutes", "Rest for 5 minutes", "Charge at 1C for 5 minutes"]))
        let trace = try #require(s.trace)
        #expect(zip(trace.time_s, trace.time_s.dropFirst()).allSatisfy { $0 <= $1 })
        let steps = try #require(s.cycles.first?.steps)
        let duration: Double = steps.reduce(0.0) { $0 + $1.duration_s }
        #expect(abs((trace.time_s.last ?? 0) - duration) < 1e-9)
        for step in steps {
            let rows = trace.step.indices.filter { trace.step[$0] == step.index }
            let first = try #require(rows.first), last = try #require(rows.last)
            #expect(abs(trace.charge_C_m2[last] - trace.charge_C_m2[first] - step.charge_C_m2) < 1e-9 * d.nominalCapacity_C_m2)
        }
    }

    /// Temperatures outside −40…150 °C or the electrolyte's range are refused naming the range; an initial state of
    /// charge outside 0…1 is refused with its value.
    @Test func badTemperaturesAndStatesOfChargeAreRefused() throws {
        let d = try Self.design()
        let lowest = Units.celsius(kelvin: d.electrolyte.validTemperatureRange_K.lowerBound)
        let highest = Units.celsius(kelvin: d.electrolyte.validTemperatureRange_K.upperBound)
        var cases: [(Double, String)] = [(-41, "the range CellTwin models"), (151, "the range CellTwin models"), (.nan, "nan"),
                                         (highest + 1, "electrolyte \(d.electrolyte.id)")]
        if lowest - 1 >= -40 { cases.append((lowest - 1, "electrolyte \(d.electrolyte.id)")) }
        #expect(highest + 1 <= 150, "the electrolyte's range ends inside the modelled one")
        for (t, words) in cases {
            do {
                _ = try Simulator(design: d, temperature_C: t)
                Issue.record("\(t) °C was accepted")
            } catch let e as SimulationError {
                #expect("\(e)".contains(words), "\(e)")
            }
        }
        let sim = try Simulator(design: d, temperature_C: 30)
        #expect(throws: SimulationError.invalidOption("initial state of charge must lie in 0…1, got 1.5")) {
            try sim.start(stateOfCharge: 1.5)
        }
        var options = SimulationOptions()
        options.initialStateOfCharge = -0.1
        #expect(throws: SimulationError.self) {
            try Simulator(design: d, temperature_C: 30, options: options).run(try Experiment(steps: ["Rest for 1 minute"]))
        }
    }
}
