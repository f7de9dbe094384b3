import Foundation
import Testing
@testable import CellTwin

/// How a step becomes what the integrator runs on the full cell: each termination's event in per-area units, the guard
/// events of each step kind, the signed control and the safety limit of a step without a duration.
@Suite struct StepPlanTests {
    /// A cell of 2 cm² with 10 mg/cm² of a 150 mAh/g cathode: Q₀ = 1.5 mAh/cm² = 54 000 C/m², 1C = 15 A/m².
    static func design() -> CellDesign {
        CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(), cathodeLoading_kg_m2: 0.1,
                   electrodeArea_m2: 2e-4)
    }

    @Test func everyTerminationBecomesItsEventInPerAreaUnits() {
        let d = Self.design()
        #expect(abs(d.nominalCapacity_C_m2 - 54_000) < 1e-9)
        func event(_ t: Termination, _ kind: StepKind = .discharge) -> CellEvent? { t.event(kind: kind, design: d) }
        func current(_ e: CellEvent?) -> Double? { if case .currentBelow(let j) = e { return j } else { return nil } }
        func charge(_ e: CellEvent?) -> Double? { if case .chargePassed(let q) = e { return q } else { return nil } }
        // C/20 of 54 000 C/m² per hour; 1 mA over 2 cm²; 0.3 A/m² as given.
        #expect(abs((current(event(.cRate(0.05))) ?? 0) - 0.05 * 54_000 / 3600) < 1e-15)
        #expect(abs((current(event(.current(1e-3))) ?? 0) - 5) < 1e-12)
        #expect(current(event(.currentDensity(0.3))) == 0.3)
        // 0.108 C over 2 cm² is 540 C/m²; 54 C/m² as given; 5400 C/kg on 0.1 kg/m² is 540 C/m².
        #expect(abs((charge(event(.charge(0.108))) ?? 0) - 540) < 1e-9)
        #expect(charge(event(.arealCharge(54))) == 54)
        #expect(abs((charge(event(.specificCharge(5400))) ?? 0) - 540) < 1e-9)
        #expect(event(.duration(60)) == nil)
        #expect(event(.voltage(2.5)) == .voltage(V: 2.5, direction: .falling))
        #expect(event(.voltage(3.8), .charge) == .voltage(V: 3.8, direction: .rising))
    }

    /// Charge steps watch the short and the Sand onset, discharge steps the end of the anode's Li; a rest watches
    /// nothing. The step's own terminations come first, in their order; a duration adds no event but a time limit.
    @Test func aPlannedStepWatchesItsTerminationsThenItsKindsGuards() {
        let d = Self.design()
        let charge = PlannedStep<CellControl>(Step.charge(.cRate(0.5), until: .voltage(3.9), .duration(7200)), design: d,
                                 options: SimulationOptions())
        #expect(charge.events.first == .voltage(V: 3.9, direction: .rising))
        #expect(charge.events.contains(.shortCircuit) && charge.events.contains(.sandOnset))
        #expect(!charge.events.contains(.lithiumExhausted))
        #expect(charge.hasTimeLimit && charge.duration_s == 7200)
        let discharge = PlannedStep<CellControl>(Step.discharge(.cRate(0.5), until: .voltage(3.1)), design: d, options: SimulationOptions())
        #expect(discharge.events.first == .voltage(V: 3.1, direction: .falling))
        #expect(discharge.events.contains(.lithiumExhausted) && !discharge.events.contains(.shortCircuit))
        #expect(!discharge.hasTimeLimit)
        let rest = PlannedStep<CellControl>(Step.rest(for: 60), design: d, options: SimulationOptions())
        #expect(rest.events.isEmpty && rest.duration_s == 60)
        #expect(StepKind.rest.guardEvents.isEmpty)
    }

    /// Currents and powers are positive on discharge and negative on charge, per unit area.
    @Test func theControlIsSignedPerArea() {
        let d = Self.design()
        func control(_ s: Step) -> CellControl { PlannedStep<CellControl>.control(s, design: d) }
        #expect(control(.discharge(.current(1e-3), until: .duration(1))) == .current(A_m2: 5))
        #expect(control(.charge(.current(1e-3), until: .duration(1))) == .current(A_m2: -5))
        #expect(control(.charge(.currentDensity(0.2), until: .duration(1))) == .current(A_m2: -0.2))
        #expect(control(.discharge(.power(2e-3), until: .duration(1))) == .power(W_m2: 10))
        #expect(control(.charge(.powerDensity(3), until: .duration(1))) == .power(W_m2: -3))
        #expect(control(.hold(voltage_V: 3.7, until: .duration(1))) == .voltage(V: 3.7))
        #expect(control(.rest(for: 1)) == .rest)
        guard case .current(let j) = control(.discharge(.cRate(2), until: .duration(1))) else {
            Issue.record("a C-rate is a current")
            return
        }
        #expect(abs(j - 2 * 54_000 / 3600) < 1e-12)
    }

    /// A step without a duration stops at ten times its nominal length and never before 10 h; a hold or rest at 100 h.
    @Test func theSafetyLimitIsTenNominalDurationsAndAtLeastTenHours() {
        let d = Self.design()
        let oneC = 54_000.0 / 3600
        func limit(_ c: CellControl) -> Double { PlannedStep<CellControl>.safetyDuration_s(c, design: d) }
        #expect(abs(limit(.current(A_m2: 0.1 * oneC)) - 10 * 36_000) < 1e-6)    // C/10: 10 h nominal
        #expect(abs(limit(.current(A_m2: -0.05 * oneC)) - 10 * 72_000) < 1e-6)  // C/20 on charge
        #expect(limit(.current(A_m2: 2 * oneC)) == 36_000)                      // 2C: 0.5 h nominal, 10 h floor
        #expect(limit(.voltage(V: 3.8)) == 360_000 && limit(.rest) == 360_000)
        // Power: the nominal duration at the cathode's maximum voltage (3.95 V).
        let p = 0.1 * oneC * 3.95
        #expect(abs(limit(.power(W_m2: p)) - 10 * 36_000) < 1e-6)
    }
}
