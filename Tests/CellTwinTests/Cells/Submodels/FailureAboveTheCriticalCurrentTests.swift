import Foundation
import Testing
@testable import CellTwin

/// Full cells charged above their Li|Li critical current lose life, not their first cycle (DOMAIN B §4.5): the
/// shipped twins at the C-rates their papers cycle them.
@Suite struct FailureAboveTheCriticalCurrentTests {
    /// Discharge capacities (mAh/g) of `cycles` CC cycles of a shipped LFP cell, and whether the run stopped (a short, or any other end).
    static func cycle(_ electrolyte: String, temperature_C: Double, cRate: Double, cycles: Int) throws -> (capacities: [Double], stopped: Bool) {
        let design = try Fixtures.design(electrolyte: electrolyte, cathode: "LFP")
        let sim = try Simulator(design: design, temperature_C: temperature_C)
        let rate = String(format: "%gC", cRate)
        let steps = ["Charge at \(rate) until 3.8 V", "Discharge at \(rate) until 2.5 V"]
        var capacities: [Double] = []
        var stopped = false
        for _ in 0..<cycles {
            let s = try sim.run(try Experiment(steps: steps))
            guard let c = s.cycles.first else { break }
            capacities.append(s.mAh_g(c.dischargeCapacity_C_m2))
            if case .stopped = s.status { stopped = true; break }
        }
        return (capacities, stopped)
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
