import Foundation
import Testing
@testable import CellTwin

/// The defaults of each electrolyte family for keys a model file may leave out: looked up by family, each with its
/// source and prior, and inside the range of its key.
@Suite struct ElectrolyteFamilyDefaultsTests {
    @Test func defaultsAreLookedUpByFamily() throws {
        // The gel's short-law reference temperature is room temperature, the polymer's 60 °C.
        #expect(ElectrolyteFamilyDefaults.value("short.reference_temperature_C", family: "gel")?.value == 30)
        #expect(ElectrolyteFamilyDefaults.value("short.reference_temperature_C", family: "polymer")?.value == 60)
        let ce = try #require(ElectrolyteFamilyDefaults.value("aging.lithium_coulombic_efficiency", family: "single-ion"))
        #expect(ce.value == 0.999 && ce.prior == ParameterPrior(kind: .normal, spread: 0.002))
        #expect(ce.label.hasPrefix("prior: family default (") && ce.label.contains("Adams et al. 2017"))
        #expect(ElectrolyteFamilyDefaults.value("short.time_to_short_h", family: "ceramic")?.value == .infinity)
        #expect(ElectrolyteFamilyDefaults.value("aging.shuttle_rate_per_h", family: "single-ion")?.value == 0)
        #expect(ElectrolyteFamilyDefaults.value("short.exponent", family: "liquid") == nil)
        #expect(ElectrolyteFamilyDefaults.value("conductivity.sigma_S_cm", family: "gel") == nil)
    }

    /// Every default lies in its key's range (a file that leaves the key out loads a valid value) and says where it
    /// comes from.
    @Test func everyDefaultIsInItsKeysRangeWithASource() {
        var found = 0
        for k in ElectrolyteKeys.all {
            for f in ElectrolyteFamilyDefaults.families {
                guard let d = ElectrolyteFamilyDefaults.value(k.path, family: f) else { continue }
                found += 1
                #expect(k.domain.check(d.value) == nil, "\(k.path) for \(f): \(d.value)")
                #expect(!d.source.isEmpty, "\(k.path)")
            }
        }
        #expect(found >= 5 * 30, "\(found) defaults found through the key table")
    }
}
