import Foundation
import Testing
@testable import CellTwin

/// The Bruce–Vincent polarization of a Li | E | Li cell (DOMAIN A3, B §2.5): the self-check returns the model's t₊,
/// and the formula reduces to the current ratio without interfaces.
@Suite struct SymmetricBruceVincentTests {
    static func shipped(_ id: String) throws -> Electrolyte { try Fixtures.models.electrolyte(id) }

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
}
