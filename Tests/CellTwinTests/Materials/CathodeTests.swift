import Foundation
import Testing
@testable import CellTwin

/// A cathode: its solid-diffusion time in temperature and its OCV read both ways.
@Suite struct CathodeTests {
    @Test("τ_s(T) = τ_ref·exp[(E_a/R)(1/T − 1/T_ref)]: the reference value at T_ref, shorter when warmer")
    func diffusionTimeClosedForm() throws {
        let c = try Fixtures.models.cathode("NCM811")
        let tRef = c.diffusionReferenceTemperature_K
        #expect(abs(c.diffusionTime_s(at: tRef) / c.diffusionTime_s - 1) < 1e-14)
        let t = 333.15
        let exact = c.diffusionTime_s * exp(c.diffusionActivationEnergy_J_mol / Physical.gas * (1 / t - 1 / tRef))
        #expect(abs(c.diffusionTime_s(at: t) / exact - 1) < 1e-12)
        #expect(c.diffusionActivationEnergy_J_mol <= 0 || c.diffusionTime_s(at: t) < c.diffusionTime_s)
    }

    @Test("the stoichiometry at a voltage inverts the OCV spline; beyond the table it is the table's end")
    func stoichiometryInvertsTheOCV() throws {
        for id in ["LFP", "NCM811"] {
            let c = try Fixtures.models.cathode(id)
            let spline = try c.ocvSpline()
            for x in [0.3, 0.55, 0.8] {
                let v = spline.value(x)
                #expect(abs(try c.stoichiometry(atVoltage: v, spline: spline) - x) < 1e-6, "\(id) at x = \(x)")
            }
            #expect(try c.stoichiometry(atVoltage: 10, spline: spline) == c.ocvStoichiometry.first)
            #expect(try c.stoichiometry(atVoltage: 0, spline: spline) == c.ocvStoichiometry.last)
        }
    }
}
