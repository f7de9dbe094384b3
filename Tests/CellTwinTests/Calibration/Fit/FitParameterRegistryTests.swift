import Foundation
import Testing
@testable import CellTwin

/// Fittable keys: lab units in and out, the study's electrode keys, and keys a law does not have.
@Suite struct FitParameterRegistryTests {
    @Test("set then get returns the value in the key's lab unit, and the SI value inside the electrolyte follows")
    func labUnitsRoundTrip() throws {
        var e = try Fixtures.models.electrolyte("CPCSE")
        let sigma = try #require(FitParameterRegistry.key("conductivity.sigma_S_cm"))
        sigma.set(&e, 2e-3)
        #expect(abs((sigma.get(e) ?? 0) - 2e-3) < 1e-18)
        // σ_ref scales σ(T) at every temperature: doubling the key doubles σ at 60 °C.
        let before = e.conductivity.sigma_S_m(at: 333.15)
        sigma.set(&e, 4e-3)
        #expect(abs(e.conductivity.sigma_S_m(at: 333.15) / before - 2) < 1e-12)
        #expect(sigma.section == "conductivity" && sigma.leaf == "sigma_S_cm")
        let names = FitParameterRegistry.names
        #expect(Set(names).count == names.count && names.contains("electrodes.<cathode>.diffusion_time_s"))
        #expect(FitParameterRegistry.key("conductivity.nope") == nil && FitParameterRegistry.key("electrodes.LFP.nope") == nil)
    }

    @Test("electrode keys: nil until set, then stored per cathode in SI (mAh/g × 3600 = C/kg); the shipped cathode's value is the start")
    func electrodeKeys() throws {
        var e = try Fixtures.models.electrolyte("PPSE")
        e.referenceCell.electrodes = [:]
        let key = try #require(FitParameterRegistry.key("electrodes.NCM811.specific_capacity_mAh_g"))
        #expect(key.get(e) == nil && key.unit == "mAh/g")
        key.set(&e, 190)
        #expect(key.get(e) == 190 && e.referenceCell.electrodes["NCM811"]?.specificCapacity_C_kg == 190 * 3600)
        #expect(FitParameterRegistry.electrodeKeyNames(e) == ["electrodes.NCM811.specific_capacity_mAh_g"])
        let ncm = try Fixtures.models.cathode("NCM811")
        let start = try #require(FitParameterRegistry.cathodeValue("electrodes.NCM811.specific_capacity_mAh_g", cathodes: ["NCM811": ncm]))
        #expect(abs(start * 3600 - ncm.specificCapacity_C_kg) < 1e-9)
        #expect(FitParameterRegistry.cathodeValue("electrodes.LFP.specific_capacity_mAh_g", cathodes: ["NCM811": ncm]) == nil)
    }

    @Test("a key of another conductivity law reads nil and setting it leaves the electrolyte unchanged")
    func keysOfAnotherLaw() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        guard case .arrhenius = e.conductivity else { Issue.record("CPCSE is expected to follow Arrhenius"); return }
        let b = try #require(FitParameterRegistry.all.first { $0.key.hasSuffix("vft_B_K") })
        #expect(b.get(e) == nil)
        var moved = e
        b.set(&moved, 1000)
        #expect(moved == e)
    }
}
