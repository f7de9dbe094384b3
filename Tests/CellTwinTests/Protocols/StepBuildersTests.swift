import Foundation
import Testing
@testable import CellTwin

/// Steps built as values: their text parses back to the same step, and the standard cycles equal the parsed strings
/// of the experiment language.
@Suite struct StepBuildersTests {
    static let built: [Step] = [
        .charge(.cRate(0.5), until: .voltage(3.8)),
        .discharge(.currentDensity(2), until: .voltage(2.5), .arealCharge(18_000)),
        .discharge(.current(1e-3), until: .duration(7200), .voltage(2.5)),
        .discharge(.powerDensity(50), until: .voltage(2.8)),
        .charge(.power(5e-3), until: .charge(3.6)),
        .charge(.cRate(0.1), until: .specificCharge(3.6e5)),
        .hold(voltage_V: 4.2, until: .cRate(0.05), .duration(7200)),
        .hold(voltage_V: 4.2, until: .currentDensity(0.5)),
        .hold(voltage_V: 4.2, until: .current(2e-4)),
        .rest(for: 600),
        .rest(for: 3600),
        .rest(for: 45),
    ]

    @Test(arguments: built)
    func builtTextParsesBackToTheSameStep(_ step: Step) throws {
        let back = try Step(parsing: step.text)
        #expect(back.kind == step.kind, "\(step.text)")
        #expect(StepBuildersTests.close(back.drive, step.drive), "\(step.text): \(back.drive) vs \(step.drive)")
        #expect(back.terminations.count == step.terminations.count, "\(step.text)")
        for (a, b) in zip(back.terminations, step.terminations) {
            #expect(StepBuildersTests.close(a, b), "\(step.text): \(a) vs \(b)")
        }
    }

    @Test func theCCCVCycleEqualsItsStepStrings() throws {
        let built = try Experiment.cccv(chargeRate: 0.5, dischargeRate: 1, minimumVoltage: 2.5, maximumVoltage: 3.8,
                                        restMinutes: 10, cycles: 3)
        let parsed = try Experiment(steps: ["Charge at 0.5C until 3.8 V", "Hold at 3.8 V until 0.05C or 2 hours",
                                            "Rest for 10 minutes", "Discharge at 1C until 2.5 V", "Rest for 10 minutes"],
                                    cycles: 3)
        #expect(built == parsed)
        let cc = try Experiment.ccCycle(chargeRate: 0.2, dischargeRate: 0.5, minimumVoltage: 3, maximumVoltage: 4.3, cycles: 2)
        #expect(cc == (try Experiment(steps: ["Charge at 0.2C until 4.3 V", "Discharge at 0.5C until 3 V"], cycles: 2)))
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(abs(a), abs(b)) }

    static func close(_ a: StepDrive, _ b: StepDrive) -> Bool {
        switch (a, b) {
        case let (.cRate(x), .cRate(y)), let (.currentDensity(x), .currentDensity(y)), let (.current(x), .current(y)),
             let (.power(x), .power(y)), let (.powerDensity(x), .powerDensity(y)), let (.voltage(x), .voltage(y)):
            return close(x, y)
        case (.rest, .rest): return true
        default: return false
        }
    }

    static func close(_ a: Termination, _ b: Termination) -> Bool {
        switch (a, b) {
        case let (.voltage(x), .voltage(y)), let (.cRate(x), .cRate(y)), let (.currentDensity(x), .currentDensity(y)),
             let (.current(x), .current(y)), let (.charge(x), .charge(y)), let (.arealCharge(x), .arealCharge(y)),
             let (.specificCharge(x), .specificCharge(y)), let (.duration(x), .duration(y)):
            return close(x, y)
        default: return false
        }
    }
}
