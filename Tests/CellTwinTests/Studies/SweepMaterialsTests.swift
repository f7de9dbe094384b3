import Foundation
import Testing
@testable import CellTwin

/// The materials a sweep loads once, and the cell of each point.
@Suite struct SweepMaterialsTests {
    static func spec(_ extra: [SweepVariable: [SweepValue]] = [:]) throws -> SweepSpec {
        var values: [SweepVariable: [SweepValue]] = [.electrolyte: [.text("CPCSE")], .cathode: [.text("LFP"), .text("NCM811")],
                                                     .temperature: [.number(30)], .cRate: [.number(1)]]
        values.merge(extra) { $1 }
        return try SweepSpec(values: values)
    }

    @Test("every named material is loaded; a point's thickness, loading and cut-off reach its cell")
    func pointDesigns() throws {
        let spec = try Self.spec([.thickness: [.number(80)], .loading: [.number(3)], .upperCutoff: [.number(4.1)]])
        let m = try SweepMaterials(spec: spec, library: Fixtures.models)
        #expect(Set(m.electrolytes.keys) == ["CPCSE"] && Set(m.cathodes.keys) == ["LFP", "NCM811"])
        let p = try #require(spec.points.first { $0.cathode == "NCM811" })
        let d = try m.design(for: p, cell: SweepCellFormat(electrodeArea_m2: 2e-4))
        #expect(abs(d.electrolyte.thickness_m - 80e-6) < 1e-18)
        #expect(abs(d.cathodeLoading_kg_m2 - 0.03) < 1e-15)
        #expect(d.cathode.maximumVoltage_V == 4.1 && d.cathode.id == "NCM811")
        #expect(d.electrodeArea_m2 == 2e-4)
    }

    @Test("an upper cut-off at or below a cathode's lower cut-off names the option and the cathode")
    func cutOffBelowTheLowerOne() throws {
        let lfp = try Fixtures.models.cathode("LFP")
        let spec = try Self.spec([.upperCutoff: [.number(lfp.minimumVoltage_V)]])
        #expect { try SweepMaterials(spec: spec, library: Fixtures.models) } throws: {
            let s = "\($0)"
            return s.hasPrefix("--upper-cutoff: ") && s.contains("must lie above the lower cut-off of LFP")
        }
    }
}
