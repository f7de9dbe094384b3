import Foundation
import Testing
@testable import CellTwin

/// A step on the Li | E | Li cell: its control and events in per-area units of the reference cell, the guard events
/// of each kind, the steps it refuses (no cathode: no C-rate, power or specific capacity) and the safety limit.
@Suite struct SymmetricCellStepsTests {
    static func model(tPlus: Double = 0.5) throws -> SymmetricCellModel {
        var e = Fixtures.simpleElectrolyte(tPlus: tPlus)
        e.referenceCell.electrodeArea_m2 = 2e-4
        return try SymmetricCellModel(electrolyte: e, temperature_K: 298.15)
    }

    /// 1 mA over 2 cm² is 5 A/m² (plating on charge, stripping on discharge); 0.1 mAh is 0.36 C, 1800 C/m²; |V| limits.
    @Test func controlsAndEventsPerArea() throws {
        let m = try Self.model()
        let options = SymmetricOptions()
        let charge = try m.plan(try Step(parsing: "Charge at 1 mA until 0.1 mAh"), options: options)
        #expect(charge.control == .current(A_m2: 5))
        let q = try #require(charge.events.first)
        guard case .chargePassed(let limit) = q else { Issue.record("\(q)"); return }
        #expect(abs(limit - 1800) < 1e-9)
        // Ten times Q/J = 3600 s is below the 10 h floor.
        #expect(charge.duration_s == 36_000 && !charge.hasTimeLimit)
        #expect(Array(charge.events.dropFirst()) == [.shortCircuit, .sandOnset, .voltageLimit(V: options.voltageLimit_V)])
        let discharge = try m.plan(try Step(parsing: "Discharge at 0.2 mA/cm2 until 0.3 V or 2 hours"), options: options)
        #expect(discharge.control == .current(A_m2: -2))
        #expect(discharge.events.first == .voltageLimit(V: 0.3) && discharge.duration_s == 7200)
        let hold = try m.plan(Step.hold(voltage_V: 0.01, until: .current(1e-4)), options: options)
        #expect(hold.control == .voltage(V: 0.01) && hold.events == [.currentBelow(A_m2: 0.5), .shortCircuit])
        #expect(try m.plan(Step.rest(for: 60), options: options).events.isEmpty)
        // A single-ion conductor has no salt modes and no Sand onset.
        let single = try Self.model(tPlus: 1)
        #expect(!single.guardEvents(.charge, options: options).contains(.sandOnset))
    }

    @Test(arguments: ["Charge at 0.5C for 1 hour", "Discharge at 1 mW for 1 hour", "Charge at 1 mA until 150 mAh/g",
                      "Discharge at 1 mA until C/20"])
    func stepsWithoutACathodeMeaningAreRefused(text: String) throws {
        let m = try Self.model()
        do {
            _ = try m.plan(try Step(parsing: text), options: SymmetricOptions())
            Issue.record("\(text) was planned")
        } catch let e as SimulationError {
            #expect("\(e)".contains("step \"\(text)\": a Li | E | Li cell takes"), "\(e)")
        }
    }
}
