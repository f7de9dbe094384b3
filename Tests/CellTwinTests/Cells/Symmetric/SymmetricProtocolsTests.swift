import Foundation
import Testing
@testable import CellTwin

/// The plating/stripping protocol of a Li | E | Li cell (DOMAIN A3): time to short, input checks of every protocol,
/// and the seed targets of the shipped hand-set parameters.
@Suite struct SymmetricProtocolsTests {
    static func shipped(_ id: String) throws -> Electrolyte { try Fixtures.models.electrolyte(id) }

    // MARK: Galvanostatic runs with the shipped parameters (seed targets)

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
}
