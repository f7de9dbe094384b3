import Foundation
import Testing
@testable import CellTwin

/// Full cells charged above their Li|Li critical current lose life, not their first cycle (DOMAIN B §4.5): the
/// shipped twins at the C-rates their papers cycle them.
@Suite struct FailureAboveTheCriticalCurrentTests {
    /// Discharge capacities (mAh/g) of `cycles` CC–CV cycles (as `celltwin simulate` runs them) of a shipped LFP cell,
    /// and whether the run stopped early (a short, or any other end).
    static func cycle(_ electrolyte: String, temperature_C: Double, cRate: Double,
                      cycles: Int) throws -> (capacities: [Double], stopped: Bool) {
        let design = try Fixtures.design(electrolyte: electrolyte, cathode: "LFP")
        let sim = try Simulator(design: design, temperature_C: temperature_C)
        let experiment = try Experiment.cccv(chargeRate: cRate, dischargeRate: cRate, minimumVoltage: 2.5,
                                             maximumVoltage: 3.8, cycles: cycles)
        let s = try sim.run(experiment)
        return (s.cycles.map { s.mAh_g($0.dischargeCapacity_C_m2) }, s.status != .completed)
    }

    @Test func cmpVammtAtOneCDeliversItsCapacity() throws {
        // li2022 cycles Li | CMP-VAMMT | LFP at up to 1C (121 mAh/g at 1C, 30 °C), above its Li|Li CCD of 0.25 mA/cm².
        let r = try Self.cycle("CMP-VAMMT", temperature_C: 30, cRate: 1, cycles: 3)
        #expect(!r.stopped)
        #expect(r.capacities.count == 3 && r.capacities.allSatisfy { $0 > 100 }, "\(r.capacities)")
    }

    @Test func hePeigpheRateTestAtOneCDoesNotShort() throws {
        // ye2024: five cycles at 1C (0.51 mA/cm² at 3 mg/cm²) and 60 °C give 148.1 mAh/g, then back to 0.2C.
        let r = try Self.cycle("HE-PEIgPHE", temperature_C: 60, cRate: 1, cycles: 5)
        #expect(!r.stopped)
        #expect(r.capacities.count == 5 && r.capacities.allSatisfy { abs($0 / 148.1 - 1) < 0.05 }, "\(r.capacities)")
    }
}
