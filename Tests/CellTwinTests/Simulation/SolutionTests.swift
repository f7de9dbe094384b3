import Foundation
import Testing
@testable import CellTwin

/// The per-cycle figures a solution reports, against hand-computed values.
@Suite struct SolutionTests {
    static func cycle(charge q: Double, chargeEnergy ec: Double, discharge d: Double, dischargeEnergy ed: Double) -> CycleSummary {
        CycleSummary(cycle: 1, chargeCapacity_C_m2: q, dischargeCapacity_C_m2: d, chargeEnergy_J_m2: ec,
                     dischargeEnergy_J_m2: ed, duration_s: 1, chargeEnd: nil, dischargeEnd: nil, steps: [])
    }

    /// 100 C/m² charged with 380 J/m² (3.8 V mean), 90 C/m² discharged with 315 J/m² (3.5 V mean): CE 0.9 and an
    /// overpotential of half the 0.3 V gap.
    @Test func efficiencyMeanVoltagesAndOverpotential() throws {
        let c = Self.cycle(charge: 100, chargeEnergy: 380, discharge: 90, dischargeEnergy: 315)
        #expect(abs(try #require(c.coulombicEfficiency) - 0.9) < 1e-15)
        #expect(abs(try #require(c.meanChargeVoltage_V) - 3.8) < 1e-15)
        #expect(abs(try #require(c.meanDischargeVoltage_V) - 3.5) < 1e-15)
        #expect(abs(try #require(c.overpotential_V) - 0.15) < 1e-14)
    }

    /// Without a charge there is no efficiency, no mean charge voltage and no overpotential; without a discharge no
    /// mean discharge voltage.
    @Test func missingHalfCyclesGiveNil() {
        let dischargeOnly = Self.cycle(charge: 0, chargeEnergy: 0, discharge: 90, dischargeEnergy: 315)
        #expect(dischargeOnly.coulombicEfficiency == nil && dischargeOnly.meanChargeVoltage_V == nil)
        #expect(dischargeOnly.overpotential_V == nil && dischargeOnly.meanDischargeVoltage_V == 3.5)
        let chargeOnly = Self.cycle(charge: 100, chargeEnergy: 380, discharge: 0, dischargeEnergy: 0)
        #expect(chargeOnly.coulombicEfficiency == 0 && chargeOnly.meanDischargeVoltage_V == nil && chargeOnly.overpotential_V == nil)
    }

    /// mAh/g of the design's loading (3600 C/m² on 10 mg/cm² = 0.1 kg/m² is 10 mAh/g) and °C from K.
    @Test func unitsOfASolution() {
        let design = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(), cathodeLoading_kg_m2: 0.1)
        let s = Solution(design: design, temperature_K: 333.15, cycles: [], trace: nil, status: .completed, rhsEvaluations: 0,
                         acceptedSteps: 0)
        #expect(abs(s.mAh_g(3600) - 10) < 1e-12)
        #expect(abs(s.temperature_C - 60) < 1e-12)
    }
}
