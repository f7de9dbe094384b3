import Foundation
import Testing
@testable import CellTwin

/// How steps end: a termination in every unit ends the step where its closed form says, and the step's energy and
/// the cycle's overpotential agree with the trace they summarize.
@Suite struct StepEndTests {
    /// A frozen LFP cell of 2 cm² (so that cell and areal quantities differ by the area).
    static func design() throws -> CellDesign {
        var d = try Fixtures.frozenDesign()
        d.electrodeArea_m2 = 2e-4
        return d
    }

    /// 30 % of the nominal capacity, C m⁻², given in each unit a charge termination takes (cell C, C m⁻², C kg⁻¹, and
    /// mAh as text): every step passes the same areal charge and ends by that event.
    @Test func aChargeTerminationInEveryUnitEndsAtTheSameArealCharge() throws {
        let d = try Self.design()
        let q = 0.3 * d.nominalCapacity_C_m2
        let parsed = try Step(parsing: String(format: "Discharge at 0.2C until %.9g mAh", q * d.electrodeArea_m2 / 3.6))
        let steps: [Step] = [
            .discharge(.cRate(0.2), until: .charge(q * d.electrodeArea_m2)),
            .discharge(.cRate(0.2), until: .arealCharge(q)),
            .discharge(.cRate(0.2), until: .specificCharge(q / d.cathodeLoading_kg_m2)),
            parsed,
        ]
        for step in steps {
            let s = try Simulator(design: d, temperature_C: 30).run(try Experiment([step]))
            let summary = try #require(s.cycles.first?.steps.first)
            #expect(abs(summary.charge_C_m2 / q - 1) < 1e-6, "\(step): \(summary.charge_C_m2) vs \(q) C/m²")
            guard case .event(.chargePassed(let limit)) = summary.end else {
                Issue.record("\(step) ended by \(summary.endReason)")
                continue
            }
            #expect(abs(limit / q - 1) < 1e-9)
        }
    }

    /// A current cut-off in every unit (C-rate, A m⁻², cell A) ends a hold at the same current density.
    @Test func aCurrentCutoffInEveryUnitEndsAtTheSameCurrent() throws {
        let d = try Self.design()
        let j = d.currentDensity(cRate: 0.05)
        for cutoff: Termination in [.cRate(0.05), .currentDensity(j), .current(j * d.electrodeArea_m2)] {
            let ex = try Experiment([.charge(.cRate(0.5), until: .voltage(3.6)), .hold(voltage_V: 3.6, until: cutoff)])
            var o = SimulationOptions()
            o.recordTrace = true
            let s = try Simulator(design: d, temperature_C: 30, options: o).run(ex)
            let hold = try #require(s.cycles.first?.steps.last)
            #expect(hold.end == .event(.currentBelow(A_m2: j)) || {
                if case .event(.currentBelow(let x)) = hold.end { return abs(x / j - 1) < 1e-12 } else { return false }
            }(), "\(cutoff): \(hold.endReason)")
            let trace = try #require(s.trace)
            let last = try #require(trace.current_A_m2.last)
            #expect(abs(abs(last) / j - 1) < 1e-4, "\(cutoff): ends at \(abs(last)) A/m², cut-off \(j)")
        }
    }

    /// The step energy ∫J·V dt and the overpotential (mean charge V − mean discharge V)/2 against the trapezoid rule
    /// on the trace (every accepted step, at most 20 s apart).
    @Test func energyAndOverpotentialAgreeWithTheTrace() throws {
        let d = try Self.design()
        var o = SimulationOptions()
        o.recordTrace = true
        o.maxStep_s = 20
        let ex = try Experiment.ccCycle(chargeRate: 0.5, dischargeRate: 0.5, minimumVoltage: d.cathode.minimumVoltage_V,
                                        maximumVoltage: d.cathode.maximumVoltage_V)
        let s = try Simulator(design: d, temperature_C: 30, options: o).run(ex)
        let trace = try #require(s.trace)
        let cycle = try #require(s.cycles.first)
        var meanVoltage: [Double] = []
        for step in cycle.steps {
            let rows = trace.step.indices.filter { trace.step[$0] == step.index }
            var energy = 0.0, charge = 0.0
            for (a, b) in zip(rows, rows.dropFirst()) {
                let dt = trace.time_s[b] - trace.time_s[a]
                energy += dt * (trace.current_A_m2[a] * trace.voltage_V[a] + trace.current_A_m2[b] * trace.voltage_V[b]) / 2
                charge += dt * (trace.current_A_m2[a] + trace.current_A_m2[b]) / 2
            }
            #expect(abs(step.energy_J_m2 / energy - 1) < 1e-3, "step \(step.index): \(step.energy_J_m2) vs trace \(energy) J/m²")
            #expect(abs(step.charge_C_m2 / charge - 1) < 1e-6)
            meanVoltage.append(energy / charge)
        }
        let eta = try #require(cycle.overpotential_V)
        #expect(abs(eta - (meanVoltage[0] - meanVoltage[1]) / 2) < 5e-4, "η \(eta) V vs trace \((meanVoltage[0] - meanVoltage[1]) / 2) V")
        #expect(eta > 0.005, "the cell has a measurable overpotential at 0.5C")
    }

    /// Each event describes itself: a voltage cut-off falls on discharge and rises on charge; the current and
    /// lithium events fall, the charge and short events rise; tolerances are in the event's own unit.
    @Test func eventsDescribeThemselves() throws {
        let d = try Self.design()
        #expect(Termination.voltage(2.5).event(kind: .discharge, design: d) == .voltage(V: 2.5, direction: .falling))
        #expect(Termination.voltage(3.8).event(kind: .charge, design: d) == .voltage(V: 3.8, direction: .rising))
        #expect(Termination.duration(60).event(kind: .rest, design: d) == nil)
        #expect(CellEvent.currentBelow(A_m2: 2).direction == .falling && CellEvent.chargePassed(C_m2: 1).direction == .rising)
        #expect(CellEvent.lithiumExhausted.direction == .falling && CellEvent.shortCircuit.direction == .rising)
        #expect(CellEvent.currentBelow(A_m2: 2).valueTolerance(voltageTolerance_V: 1e-4) == 2e-6)
        #expect(CellEvent.voltage(V: 3, direction: .rising).valueTolerance(voltageTolerance_V: 1e-4) == 1e-4)
    }
}
