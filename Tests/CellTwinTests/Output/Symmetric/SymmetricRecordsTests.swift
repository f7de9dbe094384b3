import Foundation
import Testing
@testable import CellTwin

/// The record of a plating/stripping run in lab units: 0.1 mA/cm² for 0.1 mAh/cm² half-cycles is 1 h each, a 4 h run
/// has four half-cycles, and each overpotential point is a half-cycle's end; the record keeps `checkpoints` of them.
@Suite struct SymmetricRecordsTests {
    @Test func aPlatingStrippingRunInLabUnits() throws {
        let sim = try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(), temperature_C: 25)
        let result = try sim.platingStripping(PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: 0.1, duration_h: 4))
        let r = PlatingStrippingRecord(result, checkpoints: 100)
        #expect(r.electrolyte == "SIMPLE" && abs(r.temperature_C - 25) < 1e-12)
        #expect(abs(r.current_mA_cm2 - 0.1) < 1e-12 && abs(r.capacity_mAh_cm2 - 0.1) < 1e-12)
        #expect(abs(r.half_cycle_h - 1) < 1e-12 && abs(r.requested_h - 4) < 1e-12 && abs(r.simulated_h - 4) < 1e-9)
        #expect(r.half_cycles == 4 && r.overpotential_V.count == 4 && r.time_to_short_h == nil && r.end_reason == "completed")
        #expect(r.overpotential_V.map(\.half_cycle) == [1, 2, 3, 4])
        #expect(zip(r.overpotential_V, [1.0, 2, 3, 4]).allSatisfy { abs($0.time_h - $1) < 1e-9 })
        // The interphases grow from their initial ASR (Ω m² → Ω cm² is × 10⁴).
        let start = Units.ohm_cm2(ohm_m2: Fixtures.simpleElectrolyte().lithiumInterphaseASR_ohm_m2)
        #expect(r.final_interphase_asr_ohm_cm2.count == 2 && r.final_interphase_asr_ohm_cm2.allSatisfy { $0 >= start })
        #expect(PlatingStrippingRecord(result, checkpoints: 2).overpotential_V.map(\.half_cycle) == [1, 4])
    }
}
