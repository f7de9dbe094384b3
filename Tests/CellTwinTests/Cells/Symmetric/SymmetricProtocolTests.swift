import Foundation
import Testing
@testable import CellTwin

/// The symmetric-cell protocols (DOMAIN A3): Bruce–Vincent self-check, CCD, time to short, input checks,
/// and the seed targets of the shipped hand-set parameters.
@Suite struct SymmetricProtocolTests {
    static func shipped(_ id: String) throws -> Electrolyte { try Fixtures.models.electrolyte(id) }

    // MARK: Bruce–Vincent

    @Test(arguments: [0.27, 0.42, 0.62, 0.84, 0.93])
    func bruceVincentReturnsTheModelsTransferenceNumber(tPlus: Double) throws {
        var e = Fixtures.simpleElectrolyte(tPlus: tPlus)
        e.aging = AgingParameters(referenceTemperature_K: 298.15, seiCalendarRate_ohm2m4_s: 1e-8 / 3600)
        let sim = try SymmetricSimulator(electrolyte: e, temperature_C: 25)
        let r = try sim.bruceVincent(BruceVincentTest(stepVoltage_V: 0.01))
        #expect(abs(r.transferenceNumber - tPlus) < 0.01, "t₊ \(tPlus): Bruce–Vincent gives \(r.transferenceNumber)")
        // I₀ = ΔV/(R_b + R₀) and I_ss = ΔV/(R_b/t₊ + R_ss) up to the small asinh nonlinearity (DOMAIN B §2.5).
        let i0 = 0.01 / (r.bulkASR_ohm_m2 + r.initialInterfacialASR_ohm_m2)
        let iss = 0.01 / (r.bulkASR_ohm_m2 / tPlus + r.steadyInterfacialASR_ohm_m2)
        #expect(abs(r.initialCurrent_A_m2 / i0 - 1) < 1e-3)
        #expect(abs(r.steadyCurrent_A_m2 / iss - 1) < 1e-3)
        #expect(r.steadyResidual <= 1e-4)
        #expect(r.steadyInterfacialASR_ohm_m2 > r.initialInterfacialASR_ohm_m2)
        #expect(r.duration_s >= 3 * r.diffusionTime_s)
    }

    @Test(arguments: [("CNCSE", 60.0), ("PHE", 60.0), ("CPCSE", 60.0), ("LiPMCE-0.16", 30.0), ("ANP-C-2.0K", 60.0)])
    func bruceVincentOnShippedElectrolytes(id: String, temperature_C: Double) throws {
        let e = try Self.shipped(id)
        let r = try SymmetricSimulator(electrolyte: e, temperature_C: temperature_C).bruceVincent(BruceVincentTest(stepVoltage_V: 0.01))
        #expect(abs(r.transferenceNumber - e.transferenceNumber) < 0.01, "\(id): \(r.transferenceNumber)")
        // Cell values refer to the reference-cell area.
        #expect(abs(r.initialCurrent_A - r.initialCurrent_A_m2 * e.referenceCell.electrodeArea_m2) < 1e-18)
        #expect(abs(r.initialResistance_ohm * e.referenceCell.electrodeArea_m2 - r.initialInterfacialASR_ohm_m2) < 1e-12)
    }

    @Test func bruceVincentFormulaReducesToTheCurrentRatioWithoutInterfaces() {
        #expect(BruceVincentResult.transferenceNumber(stepVoltage_V: 0.01, initialCurrent: 2, steadyCurrent: 1,
                                                      initialResistance: 0, steadyResistance: 0) == 0.5)
    }

    @Test func singleIonBruceVincentGivesOne() throws {
        let sim = try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(tPlus: 1), temperature_C: 25)
        let r = try sim.bruceVincent(BruceVincentTest(stepVoltage_V: 0.01))
        #expect(abs(r.transferenceNumber - 1) < 1e-6)
    }

    // MARK: Galvanostatic runs with the shipped parameters (seed targets)

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

    @Test(arguments: [("PPSE", 180.0), ("CNCSE", 400.0)])
    func shortsWithinTwiceThePublishedTime(id: String, published_h: Double) throws {
        // cheng2023: Li|Li at 0.1 mA/cm², 0.1 mAh/cm² (1 h half-cycles), at the short law's reference temperature.
        let e = try Self.shipped(id)
        let sim = try SymmetricSimulator(electrolyte: e, temperature_C: Units.celsius(kelvin: e.shortLaw.referenceTemperature_K))
        let r = try sim.platingStripping(PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: 0.1, duration_h: 1500))
        let t = try #require(r.timeToShort_s) / 3600
        #expect(r.endReason == "short circuit")
        #expect(t >= published_h / 2 && t <= 2 * published_h, "\(id) shorts after \(t) h (published \(published_h) h)")
    }

    @Test func cpcseDoesNotShortIn1500Hours() throws {
        let e = try Self.shipped("CPCSE")
        let sim = try SymmetricSimulator(electrolyte: e, temperature_C: Units.celsius(kelvin: e.shortLaw.referenceTemperature_K))
        let r = try sim.platingStripping(PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: 0.1, duration_h: 1500))
        #expect(r.event == nil && r.timeToShort_s == nil && r.endReason == "completed")
        #expect(r.halfCycles.count == 1500)
        #expect(abs(r.end_s - 1500 * 3600) < 1e-6)
        // cheng2023: polarization ~40 mV at 0.1 mA/cm² (the interface was set from it).
        #expect(abs(r.halfCycles[1].overpotential_V - 0.04) < 0.01)
        // Thinned trace: half-cycle ends plus about `traceSamples` points.
        #expect(r.trace.count <= 2 * r.halfCycles.count + SymmetricOptions().traceSamples + 10)
    }

    @Test func anpC2kDoesNotShortIn480Hours() throws {
        // gao2024: 480 h Li|Li at 60 °C, 0.1 mA/cm², 0.3 mAh/cm² (3 h half-cycles) without a short.
        let sim = try SymmetricSimulator(electrolyte: try Self.shipped("ANP-C-2.0K"), temperature_C: 60)
        let r = try sim.platingStripping(PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: 0.3, duration_h: 480))
        #expect(r.event == nil && r.timeToShort_s == nil)
        #expect(r.halfCycles.count == 160)
    }

    // MARK: Failure modes

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

    // MARK: Input checks

    @Test(arguments: [0.0, -0.1, .nan, .infinity])
    func badCurrentIsRejected(current: Double) throws {
        let sim = try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(), temperature_C: 25)
        #expect(throws: SimulationError.self) {
            try sim.platingStripping(PlatingStripping(current_mA_cm2: current, capacity_mAh_cm2: 0.1, duration_h: 1))
        }
        #expect(throws: SimulationError.self) {
            try sim.criticalCurrentDensity(CriticalCurrentTest(start_mA_cm2: current, step_mA_cm2: 0.1, capacity_mAh_cm2: 0.1))
        }
    }

    @Test func badCapacityDurationAndStepVoltageAreRejected() throws {
        let sim = try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(), temperature_C: 25)
        for (q, h) in [(0.0, 1.0), (-1, 1), (.nan, 1), (0.1, 0), (0.1, -5), (0.1, .nan)] {
            #expect(throws: SimulationError.self) {
                try sim.platingStripping(PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: q, duration_h: h))
            }
        }
        // Ten million half-cycles are refused up front.
        #expect(throws: SimulationError.self) {
            try sim.platingStripping(PlatingStripping(current_mA_cm2: 10, capacity_mAh_cm2: 1e-6, duration_h: 1000))
        }
        for dv in [0.0, -0.01, .nan, 2] {
            #expect(throws: SimulationError.self) { try sim.bruceVincent(BruceVincentTest(stepVoltage_V: dv)) }
        }
        #expect(throws: SimulationError.self) {
            try sim.criticalCurrentDensity(CriticalCurrentTest(start_mA_cm2: 1, step_mA_cm2: 0.1, capacity_mAh_cm2: 0.1,
                                                               maximum_mA_cm2: 0.5))
        }
    }

    @Test(arguments: [-1.0, 151, .nan])
    func temperatureOutsideTheModelRangeIsRejected(temperature_C: Double) {
        #expect(throws: SimulationError.self) {
            try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(), temperature_C: temperature_C)
        }
    }

    @Test func temperatureOutsideTheElectrolytesRangeIsRejected() throws {
        // CMP-VAMMT is defined up to 80 °C.
        let e = try Self.shipped("CMP-VAMMT")
        #expect(throws: SimulationError.self) { try SymmetricSimulator(electrolyte: e, temperature_C: 100) }
    }
}
