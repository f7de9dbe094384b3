import Foundation
import Testing
@testable import CellTwin

/// The one step runner drives both cells: the Li | E | Li cell runs ``Experiment``s of charge (plating electrode 2) and
/// discharge steps like the full cell, and its terminations end where their closed forms say.
///
/// A newcomer's new termination is one case of ``CellEvent`` (direction, tolerance and g on each cell, in
/// `Cells/CellEvent.swift`) plus its text in `Output/EndText.swift`: ``everyEventDescribesItselfOnBothCells`` lists the
/// cases in an exhaustive switch, so a new case does not compile here until it states how it ends a step.
@Suite struct StepRunnerTests {
    static func simulator(temperature_C: Double = 25) throws -> SymmetricSimulator {
        try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(), temperature_C: temperature_C)
    }

    /// Plating/stripping written as steps ("Charge at 0.1 mA/cm2 for 1 hour", …) runs the same half-cycles as the
    /// protocol, and each moves J·t of Li.
    @Test func platingAndStrippingAreChargeAndDischargeSteps() throws {
        let protocolRun = try Self.simulator().platingStripping(PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: 0.1,
                                                                                 duration_h: 4))
        let written = try Experiment(steps: ["Charge at 0.1 mA/cm2 for 1 hour", "Discharge at 0.1 mA/cm2 for 1 hour"],
                                     cycles: 2)
        let sim = try Self.simulator()
        var steps: [StepSummary] = []
        try sim.run(written) { s, _ in steps.append(s); return true }
        #expect(steps.count == 4 && protocolRun.halfCycles.count == 4)
        let j = Units.A_m2(mA_cm2: 0.1)
        for (k, (s, h)) in zip(steps, protocolRun.halfCycles).enumerated() {
            #expect(s.end == .duration)
            #expect(abs(s.charge_C_m2 - (k % 2 == 0 ? j : -j) * 3600) < 1e-9 * j * 3600, "step \(k + 1): q \(s.charge_C_m2)")
            #expect(abs(s.endVoltage_V - h.endVoltage_V) <= 1e-9 * abs(h.endVoltage_V), "step \(k + 1)")
            // ∫J·V dt over the step is J times the exact ∫V dt the protocol reports as the mean voltage.
            #expect(abs(s.energy_J_m2 / (h.current_A_m2 * 3600 * h.meanVoltage_V) - 1) < 1e-9, "step \(k + 1) energy")
        }
    }

    /// A charge termination ends a Li | E | Li step at Q/J, and a voltage termination at that |V|.
    @Test func symmetricTerminationsEndAtTheirClosedForms() throws {
        let sim = try Self.simulator()
        let q = Units.C_m2(mAh_cm2: 0.1), j = Units.A_m2(mA_cm2: 0.2)
        var ends: [StepSummary] = []
        try sim.run(try Experiment(steps: ["Discharge at 0.2 mA/cm2 until 0.1 mAh/cm2"])) { s, _ in ends.append(s); return true }
        let charge = try #require(ends.first)
        #expect(charge.end == .event(.chargePassed(C_m2: q)))
        #expect(abs(charge.charge_C_m2 + q) < 1e-8 * q)
        #expect(abs(charge.duration_s - q / j) < 2 * sim.options.timeTolerance_s, "\(charge.duration_s) s vs Q/J = \(q / j) s")
        // Halfway between |V| at 0⁺ and after an hour at J, as the salt polarization builds: V is monotone in between.
        sim.reset()
        ends = []
        try sim.run(try Experiment([.charge(.currentDensity(j), until: .duration(3600))])) { s, _ in ends.append(s); return true }
        let hour = try #require(ends.first)
        #expect(hour.endVoltage_V > hour.startVoltage_V + 5 * sim.options.voltageTolerance_V)
        let limit = (hour.startVoltage_V + hour.endVoltage_V) / 2
        sim.reset()
        ends = []
        try sim.run(try Experiment([.charge(.currentDensity(j), until: .voltage(limit), .duration(3600))])) { s, _ in
            ends.append(s)
            return true
        }
        let voltage = try #require(ends.first)
        #expect(voltage.end == .event(.voltageLimit(V: limit)), "\(voltage.endReason)")
        #expect(abs(voltage.endVoltage_V - limit) <= sim.options.voltageTolerance_V)
        #expect(voltage.duration_s < 3600)
    }

    /// A step a Li | E | Li cell cannot run (a C-rate: it has no cathode) is refused with its text.
    @Test func aSymmetricCellRefusesCRateSteps() throws {
        let sim = try Self.simulator()
        #expect {
            try sim.run(try Experiment(steps: ["Charge at 0.5C until 4.2 V"])) { _, _ in true }
        } throws: { "\($0)".contains("Charge at 0.5C until 4.2 V") && "\($0)".contains("C-rate") }
    }

    /// Every event states its direction, a positive tolerance in its own unit, a finite g on both cells at a fresh
    /// state, and its own reported text.
    @Test func everyEventDescribesItselfOnBothCells() throws {
        let events: [CellEvent] = [.voltage(V: 3, direction: .falling), .currentBelow(A_m2: 0.5), .chargePassed(C_m2: 10),
                                   .cathodeSurfaceFull, .cathodeSurfaceEmpty, .lithiumExhausted, .shortCircuit, .sandOnset,
                                   .cathodeSaltDepleted, .voltageLimit(V: 1)]
        for e in events {
            // A new case must say here which way it triggers (and be listed above).
            switch e {
            case .voltage(_, let d): #expect(e.direction == d)
            case .chargePassed, .cathodeSurfaceFull, .shortCircuit, .voltageLimit: #expect(e.direction == .rising)
            case .currentBelow, .cathodeSurfaceEmpty, .lithiumExhausted, .sandOnset, .cathodeSaltDepleted:
                #expect(e.direction == .falling)
            }
            #expect(e.valueTolerance(voltageTolerance_V: 1e-4) > 0)
        }
        #expect(Set(events.map(\.reason)).count == events.count, "each event has its own text")
        let design = try Fixtures.frozenDesign()
        let full = try FullCellModel(design: design, temperature_K: 303.15)
        let symmetric = try SymmetricCellModel(electrolyte: design.electrolyte, temperature_K: 303.15)
        let yFull = full.initialState(stateOfCharge: 0.5), ySym = symmetric.initialState()
        full.configure(control: .current(A_m2: -1), events: events, stepStartCharge_C_m2: 0)
        symmetric.configure(control: .current(A_m2: 1), events: events)
        for (i, e) in events.enumerated() {
            let gFull = yFull.withUnsafeBufferPointer { full.eventValue(i, t: 0, y: $0.baseAddress!) }
            let gSym = ySym.withUnsafeBufferPointer { symmetric.eventValue(i, t: 0, y: $0.baseAddress!) }
            #expect(gFull.isFinite && gSym.isFinite, "\(e): g \(gFull) (full cell), \(gSym) (Li | E | Li)")
            // Nothing has happened yet at a fresh state: no event has triggered on either cell.
            let triggered = { (g: Double) in e.direction == .rising ? g >= 0 : g <= 0 }
            if case .voltage = e { continue }
            #expect(!triggered(gSym), "\(e) triggers on a fresh Li | E | Li cell: g = \(gSym)")
        }
    }
}
