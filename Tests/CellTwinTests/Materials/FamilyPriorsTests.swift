import Foundation
import Testing
@testable import CellTwin

/// The family default of the critical stripping current for an electrolyte built in code.
@Suite struct FamilyPriorsTests {
    @Test("the family's value in mA/cm² becomes A/m² (× 10) at the given reference temperature; an unknown family takes the polymer one")
    func criticalStrippingCurrent() throws {
        let path = "lithium_interface.critical_stripping_current_mA_cm2"
        let polymer = try #require(ElectrolyteFamilyDefaults.value(path, family: "polymer"))
        let a = FamilyPriors.criticalStrippingCurrent(family: "polymer", referenceTemperature_K: 333.15)
        #expect(abs(a.referenceValue - 10 * polymer.value) < 1e-12 && a.referenceTemperature_K == 333.15)
        let unknown = FamilyPriors.criticalStrippingCurrent(family: "no-such-family", referenceTemperature_K: 333.15)
        #expect(unknown.referenceValue == a.referenceValue)
        // Its activation energy: the family's, else 30 kJ/mol.
        let ea = ElectrolyteFamilyDefaults.value("lithium_interface.critical_stripping_activation_energy_kJ_mol", family: "no-such-family")?.value ?? 30
        #expect(abs(unknown.activationEnergy_J_mol - 1000 * ea) < 1e-9)
    }
}
