import Foundation
import Testing
@testable import CellTwin

/// `celltwin compare`: the grid of a comparison and its side-by-side table (no simulation: hand-made records).
@Suite struct CompareReportTests {
    static func spec() throws -> SweepSpec {
        var s = SweepSettings()
        s.cycles = 100
        return try CompareReport.spec(electrolytes: ["CPCSE", "PPSE"], cathode: "LFP", temperatures_C: [60], cRates: [0.5, 1],
                                      settings: s)
    }

    @Test("the electrolyte and temperature are always columns; curves are kept for the charts")
    func grid() throws {
        let spec = try Self.spec()
        #expect(spec.axes == [.electrolyte, .temperature, .cRate] && spec.pointCount == 4 && spec.settings.keepCurves)
    }

    @Test("one row per condition and one column per electrolyte; each cell capacity · retention (cycles to 80 %) or why none")
    func sideBySide() throws {
        let spec = try Self.spec()
        let records = spec.points.map { p -> SweepRecord in
            switch (p.electrolyte, p.chargeCRate) {
            case ("PPSE", 1): return SweepRecord(point: p.index, coordinates: p.coordinates, end: .outsideRange)
            case ("CPCSE", 1):
                return SweepRecord(point: p.index, coordinates: p.coordinates, firstDischargeCapacity_mAh_g: 140.04, finalRetention: 0.7512,
                                   cyclesTo80: 61, end: .shortCircuit)
            default:
                return SweepRecord(point: p.index, coordinates: p.coordinates, firstDischargeCapacity_mAh_g: 150, finalRetention: 0.9,
                                   end: .completed)
            }
        }
        let text = CompareReport.table(SweepResultTable(axes: spec.axes, records: records, context: spec.context))
        let lines = text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.contains("temperature_C c_rate CPCSE PPSE"))
        #expect(lines.contains("60 0.5 150.0 mAh/g · 90.0 % 150.0 mAh/g · 90.0 %"))
        #expect(lines.contains("60 1 140.0 mAh/g · 75.1 % (61) short outside range"))
        #expect(CompareReport.cell(SweepRecord(point: 0, coordinates: [], end: .noCapacity)) == "no capacity")
        #expect(CompareReport.cell(SweepRecord(point: 0, coordinates: [], end: .failed("x"))) == "failed")
    }

    @Test("charts: the retention curves of the points that ran, marked when they ended early, then the grouped summaries")
    func charts() throws {
        let spec = try Self.spec()
        var records = spec.points.map { SweepRecord(point: $0.index, coordinates: $0.coordinates, firstDischargeCapacity_mAh_g: 150,
                                                   finalRetention: 0.9, end: .completed) }
        records[0].curve = [RetentionPoint(cycle: 1, retention: 1), RetentionPoint(cycle: 100, retention: 0.9)]
        records[1].end = .shortCircuit
        records[1].curve = [RetentionPoint(cycle: 1, retention: 1), RetentionPoint(cycle: 50, retention: 0.95)]
        let charts = CompareReport.charts(SweepResultTable(axes: spec.axes, records: records, context: spec.context))
        #expect(charts.map(\.name) == ["compare-retention-vs-cycle.svg", "compare-capacity.svg", "compare-retention.svg"])
        #expect(charts[0].svg.contains("CPCSE, 60 °C, 0.5C") && charts[0].svg.contains("(short)"))
    }
}
