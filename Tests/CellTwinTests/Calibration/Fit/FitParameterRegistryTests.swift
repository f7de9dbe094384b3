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

    @Test("an electrode key splits into (cathode, leaf) in one place, and every reader of such keys agrees with it")
    func electrodeKeysSplitInOnePlace() throws {
        let parts = try #require(FitParameterRegistry.electrodeKeyParts("electrodes.NCM811.specific_capacity_mAh_g"))
        #expect(parts.cathode == "NCM811" && parts.leaf == "specific_capacity_mAh_g")
        for bad in ["electrodes.LFP", "conductivity.sigma_S_cm", "electrodes.LFP.diffusion_time_s.x", "electrodes..diffusion_time_s",
                    "electrodes..LFP.diffusion_time_s", "electrodes.LFP.", "cathodes.LFP.diffusion_time_s"] {
            #expect(FitParameterRegistry.electrodeKeyParts(bad) == nil, "\(bad)")
        }
        // A malformed key (an empty segment) is no electrode key for the registry, the fallback priors or the band terms,
        // though it names a real cathode and leaf once its empty segment is dropped.
        let lfp = try Fixtures.models.cathode("LFP"), cathodes = ["LFP": lfp]
        let e = try Fixtures.models.electrolyte("CPCSE")
        let setup = FitSetup(evaluating: e.id, defaultTemperature_C: nil)
        for key in ["electrodes.LFP.diffusion_time_s", "electrodes..LFP.diffusion_time_s"] {
            let valid = FitParameterRegistry.electrodeKeyParts(key) != nil
            #expect((FitParameterRegistry.key(key) != nil) == valid, "\(key)")
            #expect((FitParameterRegistry.cathodeValue(key, cathodes: cathodes) != nil) == valid, "\(key)")
            #expect((ParameterUncertainty.diffusionFactor(key, of: e, cathodes: cathodes, temperature_C: 60) != nil) == valid, "\(key)")
            #expect((FallbackPrior.lookUp(key, setup: setup, electrolyte: e, cathodes: cathodes) != nil) == valid, "\(key)")
        }
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
