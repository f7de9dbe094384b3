import Foundation
import Testing
@testable import CellTwin

/// Physical sanity of the hand-set shipped parameters against the seed measurements.
@Suite struct SeedSanityTests {
    func dischargeCapacity(_ design: CellDesign, rate: Double, temperature: Double) throws -> Double {
        let c = design.cathode
        let e = try Experiment(steps: [String(format: "Charge at 0.1C until %g V", c.maximumVoltage_V),
                                       String(format: "Discharge at %gC until %g V", rate, c.minimumVoltage_V)])
        let s = try Simulator(design: design, temperature_C: temperature).run(e)
        return s.mAh_g(s.cycles[0].dischargeCapacity_C_m2)
    }

    @Test(arguments: [("CMP-VAMMT", 30.0), ("CPCSE", 60.0), ("CMP", 30.0), ("CMP-MMT", 30.0)])
    func lfpAtTenthCGivesPracticalCapacity(electrolyte: String, temperature: Double) throws {
        // Seed: 152–157 mAh/g at 0.1C (li2022 at 30 °C; cheng2023 at its assumed 60 °C); the issue asks for 150–170.
        let q = try dischargeCapacity(try Fixtures.design(electrolyte: electrolyte, cathode: "LFP"), rate: 0.1, temperature: temperature)
        #expect(q >= 150 && q <= 170, "\(electrolyte): \(q) mAh/g")
    }

    @Test(arguments: ["CMP-VAMMT", "HE-PEIgPHE", "ANP-C-2.0K"])
    func capacityFallsWithCRate(electrolyte: String) throws {
        let design = try Fixtures.design(electrolyte: electrolyte, cathode: "LFP")
        let t = electrolyte == "ANP-C-2.0K" ? 100.0 : 30.0
        let q = try [0.1, 0.5, 1.0].map { try dischargeCapacity(design, rate: $0, temperature: t) }
        #expect(q[0] > q[1] && q[1] > q[2], "\(q)")
    }

    @Test func capacityFallsWithFallingTemperature() throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let q = try [60.0, 30.0, 0.0].map { try dischargeCapacity(design, rate: 0.5, temperature: $0) }
        #expect(q[0] > q[1] && q[1] > q[2], "\(q)")
    }
}
