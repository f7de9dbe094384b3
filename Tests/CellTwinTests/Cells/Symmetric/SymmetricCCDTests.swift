import Foundation
import Testing
@testable import CellTwin

/// The critical-current-density step test of a Li | E | Li cell (DOMAIN A3): where it fails and why (short, Sand onset,
/// voltage limit), and the lower bound when every step passes.
@Suite struct SymmetricCCDTests {
    static func shipped(_ id: String) throws -> Electrolyte { try Fixtures.models.electrolyte(id) }

    @Test func cmpVammtFailsTheCCDTestBetweenItsStrippingAndPlatingLimits() throws {
        // li2022's own CCD (0.25 mA/cm²) is a declared conflict with its 1C full cells. The twin's interface opens
        // voids above its critical stripping current J_strip,c and they focus the next plating towards the damage law's
        // J_c = κ·J_strip,c: the step test fails between the two.
        let e = try Self.shipped("CMP-VAMMT")
        let criteria = CriticalCurrent.evaluate(e, temperature_K: Units.kelvin(celsius: 30))
        let jc = Units.mA_cm2(A_m2: criteria.current_A_m2), js = Units.mA_cm2(A_m2: criteria.strippingCurrent_A_m2)
        let sim = try SymmetricSimulator(electrolyte: e, temperature_C: 30)
        let r = try sim.criticalCurrentDensity(CriticalCurrentTest(start_mA_cm2: 0.05, step_mA_cm2: 0.05, capacity_mAh_cm2: 0.25))
        let failed = try #require(r.steps.last)
        #expect(!failed.passed)
        let failing = Units.mA_cm2(A_m2: failed.current_A_m2)
        #expect(failing > js && failing <= jc, "failed at \(failing) mA/cm², J_strip,c \(js), J_c \(jc)")
        let ccd = Units.mA_cm2(A_m2: try #require(r.criticalCurrent_A_m2))
        #expect(abs(ccd - (failing - 0.05)) < 1e-9)
        #expect(r.failureReason == "short circuit")
        #expect(r.steps.dropLast().allSatisfy { $0.passed })
        // Overpotential rises from step to step.
        for (a, b) in zip(r.steps, r.steps.dropFirst()) where b.passed { #expect(b.overpotential_V > a.overpotential_V) }
    }

    @Test func ccdAboveTheLimitingCurrentFailsBySandOnset() throws {
        // PPSE at 60 °C: J_lim ≈ 0.23 mA/cm²; 2 h half-cycles exhaust the salt at 0.3 mA/cm² (short law off: transport
        // alone decides).
        var e = try Self.shipped("PPSE")
        e.shortLaw.referenceTime_s = .infinity
        e.shortLaw.criticalCharge_C_m2 = .infinity
        let sim = try SymmetricSimulator(electrolyte: e, temperature_C: 60)
        let r = try sim.criticalCurrentDensity(CriticalCurrentTest(start_mA_cm2: 0.1, step_mA_cm2: 0.1, capacity_mAh_cm2: 0.6))
        #expect(r.failureReason == "Sand onset")
        let last = try #require(r.steps.last)
        #expect(last.current_A_m2 > e.limitingCurrent_A_m2(at: sim.temperature_K))
        #expect(last.sandTime_s < last.halfCycle_s)
    }

    @Test func ccdAtTheVoltageLimit() throws {
        var options = SymmetricOptions()
        options.voltageLimit_V = 0.05
        let sim = try SymmetricSimulator(electrolyte: try Self.shipped("CPCSE"), temperature_C: 60, options: options)
        let r = try sim.criticalCurrentDensity(CriticalCurrentTest(start_mA_cm2: 0.05, step_mA_cm2: 0.05, capacity_mAh_cm2: 0.05))
        #expect(r.failureReason == "voltage limit")
        let last = try #require(r.steps.last)
        #expect(last.overpotential_V >= 0.05 - 2e-4)
        #expect(r.steps.dropLast().allSatisfy { $0.passed && $0.overpotential_V < 0.05 })
    }

    @Test func everyStepPassingReportsTheMaximumAsALowerBound() throws {
        let sim = try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(tPlus: 1), temperature_C: 25)
        let r = try sim.criticalCurrentDensity(CriticalCurrentTest(start_mA_cm2: 0.1, step_mA_cm2: 0.1, capacity_mAh_cm2: 0.05,
                                                                    cyclesPerStep: 2, maximum_mA_cm2: 0.3))
        #expect(r.steps.count == 3 && r.failureReason == nil)
        #expect(abs(try #require(r.criticalCurrent_A_m2) - 3) < 1e-12)
        #expect(r.halfCycles.count == 12)
    }
}
