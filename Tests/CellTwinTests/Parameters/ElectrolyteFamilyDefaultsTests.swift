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

    /// t₊ has a prior per family, each with its own spread and source, whose 95 % interval holds the literature values
    /// it cites and stays within (0, 1]: carbonate LiPF6 (0.38, Valøen & Reimers 2005; 0.26, Chen2020) and filled gels
    /// (0.72 organo-montmorillonite, 0.79 SiO₂) for gels,
    /// PEO-salt Bruce–Vincent (0.3 by PFG-NMR, 0.46 Evans 1987) for polymers, ≥ 0.85 for single-ion conductors.
    /// It stays a required key: no model file takes it from the family.
    @Test func theTransferenceNumberHasAPriorPerFamily() throws {
        let key = "transport.transference_number"
        let cited: [String: [Double]] = ["gel": [0.26, 0.38, 0.72, 0.79], "polymer": [0.17, 0.3, 0.46], "single-ion": [0.85, 0.93], "composite": [0.27, 0.6]]
        var sources = Set<String>()
        for (family, values) in cited {
            let d = try #require(ElectrolyteFamilyDefaults.value(key, family: family))
            let p = try #require(d.prior)
            let interval = p.interval95(centre: d.value)
            #expect(p.kind == .normal && interval.lowerBound > 0 && interval.upperBound <= 1.02, "\(family): \(interval)")
            for v in values { #expect(interval.contains(v), "\(family): \(v) outside \(interval)") }
            sources.insert(d.source)
        }
        #expect(sources.count == cited.count, "each family states its own source")
        #expect(ElectrolyteFamilyDefaults.value(key, family: "ceramic") == nil)
        #expect(try #require(ElectrolyteFamilyDefaults.value(key, family: "gel")).value < ElectrolyteFamilyDefaults.value(key, family: "single-ion")!.value)
        let k = try #require(ElectrolyteKeys.key(key))
        guard case .required = k.absent else { Issue.record("t+ must stay required"); return }
    }
}
