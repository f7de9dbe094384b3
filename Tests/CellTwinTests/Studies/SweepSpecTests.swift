import Foundation
import Testing
@testable import CellTwin

/// The grid of a sweep: axes, points and fingerprint.
@Suite struct SweepSpecTests {
    @Test func gridIndexIsRowMajorOverSweptVariablesInCanonicalOrder() throws {
        // Given in a different order: the columns still follow SweepVariable's order, the last one fastest.
        let spec = try SweepSpec(values: [
            .cRate: [.number(0.1), .number(1)], .electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")],
            .temperature: [.number(30), .number(60), .number(90)],
        ])
        #expect(spec.axes == [.temperature, .cRate])
        #expect(spec.pointCount == 6)
        let p = spec.point(3)
        #expect(p.coordinates == [.number(60), .number(1)])
        #expect(p.temperature_C == 60 && p.chargeCRate == 1 && p.dischargeCRate == 1)
        #expect(spec.points.map(\.index) == Array(0..<6))
        // The fingerprint depends on the grid, not on the order the values were given in.
        let same = try SweepSpec(values: [
            .electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")], .temperature: [.number(30), .number(60), .number(90)],
            .cRate: [.number(0.1), .number(1)],
        ])
        #expect(same.fingerprint == spec.fingerprint)
        var longer = SweepSettings()
        longer.cycles = 501
        let other = try SweepSpec(values: same.values, settings: longer)
        #expect(other.fingerprint != spec.fingerprint)
    }

    @Test func separateChargeAndDischargeRates() throws {
        let spec = try SweepSpec(values: [
            .electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")], .temperature: [.number(60)],
            .chargeCRate: [.number(0.2), .number(0.5)], .dischargeCRate: [.number(1), .number(2)],
        ])
        #expect(spec.axes == [.chargeCRate, .dischargeCRate])
        #expect(spec.point(1).chargeCRate == 0.2 && spec.point(1).dischargeCRate == 2)
        // --c-rate swept together with one of them is ambiguous; no rate at all is an error.
        #expect(throws: SweepError.self) {
            try SweepSpec(values: [.electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")], .temperature: [.number(60)],
                                   .cRate: [.number(0.2), .number(0.5)], .chargeCRate: [.number(1)]])
        }
        let missing = try #require(throws: SweepError.self) {
            try SweepSpec(values: [.electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")], .temperature: [.number(60)]])
        }
        #expect(missing.description.contains("--c-rate"))
    }
}
