import Foundation
import Testing
@testable import CellTwin

/// Sweep charts: heatmaps and line charts, with the points that ended early marked.
@Suite struct SweepChartsTests {
    @Test func chartsMarkPointsThatEndedEarly() throws {
        let g = try SweepMergeTests().grid()
        let table = SweepResultTable(axes: g.spec.axes, records: g.records, context: g.spec.context)
        let charts = SweepCharts.charts(table, metrics: [.capacity, .cyclesTo80])
        #expect(charts.map(\.name) == ["sweep-capacity.svg", "sweep-cycles-to-80.svg"])
        let heatmap = charts[0].svg
        #expect(heatmap.contains(">no cap<") && heatmap.contains(">out<") && heatmap.contains(">failed<"))
        #expect(charts[1].svg.contains("&gt; 500"))
        // One numeric variable: a line chart with a marker series per early end.
        let line = try SweepSpec(values: [.electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")],
                                          .temperature: [.number(0), .number(60)], .cRate: [.number(1)]])
        let records = [
            SweepRecord(point: 0, coordinates: [.number(0)], firstDischargeCapacity_mAh_g: 0, end: .noCapacity),
            SweepRecord(point: 1, coordinates: [.number(60)], firstDischargeCapacity_mAh_g: 150, end: .shortCircuit),
        ]
        let svg = SweepCharts.charts(SweepResultTable(axes: line.axes, records: records, context: line.context), metrics: [.capacity])[0].svg
        #expect(svg.contains(">short circuit<") && svg.contains(">cannot deliver capacity<"), "legend entries for the early ends")
    }
}
