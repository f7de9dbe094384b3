import Foundation
import Testing
@testable import CellTwin

/// The display text of a step: hand-written renderings in lab units, and parsing a rendering gives the step back.
@Suite struct StepTextTests {
    @Test func renderingsInLabUnits() {
        #expect(StepText.render(kind: .charge, drive: .cRate(0.5), terminations: [.voltage(3.8)]) == "Charge at 0.5C until 3.8 V")
        #expect(StepText.render(kind: .hold, drive: .voltage(3.8), terminations: [.duration(7200), .cRate(0.05)])
                == "Hold at 3.8 V for 2 hours or until 0.05C")
        #expect(StepText.render(kind: .rest, drive: .rest, terminations: [.duration(600)]) == "Rest for 10 minutes")
        #expect(StepText.render(kind: .rest, drive: .rest, terminations: [.duration(3600)]) == "Rest for 1 hour")
        #expect(StepText.render(kind: .rest, drive: .rest, terminations: [.duration(90.5)]) == "Rest for 90.5 seconds")
        // 2 A/m² = 0.2 mA/cm²; 1e-3 A = 1 mA; 36 C = 10 mAh; 3.6e4 C/m² = 1 mAh/cm²; 5.4e5 C/kg = 150 mAh/g.
        #expect(StepText.render(kind: .discharge, drive: .currentDensity(2), terminations: [.charge(36), .arealCharge(3.6e4)])
                == "Discharge at 0.2 mA/cm2 until 10 mAh or 1 mAh/cm2")
        #expect(StepText.render(kind: .charge, drive: .current(1e-3), terminations: [.specificCharge(5.4e5)])
                == "Charge at 1 mA until 150 mAh/g")
        #expect(StepText.render(kind: .discharge, drive: .powerDensity(50), terminations: [.current(2e-4)])
                == "Discharge at 5 mW/cm2 until 0.2 mA")
        #expect(StepText.render(kind: .discharge, drive: .power(0.002), terminations: []) == "Discharge at 2 mW")
    }

    /// Render, parse: the same kind, drive and terminations (values exact to the digits shown).
    @Test(arguments: [
        Step.charge(.cRate(0.2), until: .voltage(4.2)),
        Step.discharge(.currentDensity(5), until: .voltage(2.5), .duration(5400)),
        Step.hold(voltage_V: 3.65, until: .currentDensity(0.5), .duration(3600)),
        Step.discharge(.power(0.01), until: .voltage(2.8)),
        Step.charge(.current(0.002), until: .specificCharge(3600 * 120)),
        Step.rest(for: 1800),
    ])
    func parsingARenderingGivesTheStepBack(_ step: Step) throws {
        let text = StepText.render(kind: step.kind, drive: step.drive, terminations: step.terminations)
        let parsed = try Step(parsing: text)
        #expect(parsed.kind == step.kind, "\(text)")
        #expect(parsed.terminations.count == step.terminations.count, "\(text)")
        #expect(StepText.render(kind: parsed.kind, drive: parsed.drive, terminations: parsed.terminations) == text)
        #expect(Self.close(parsed.drive, step.drive), "\(text): \(parsed.drive) vs \(step.drive)")
    }

    static func close(_ a: StepDrive, _ b: StepDrive) -> Bool {
        func near(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-12 * abs(y) }
        switch (a, b) {
        case let (.cRate(x), .cRate(y)), let (.currentDensity(x), .currentDensity(y)), let (.current(x), .current(y)),
             let (.power(x), .power(y)), let (.powerDensity(x), .powerDensity(y)), let (.voltage(x), .voltage(y)):
            return near(x, y)
        case (.rest, .rest): return true
        default: return false
        }
    }
}
