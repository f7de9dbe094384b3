import Foundation
import Testing
@testable import CellTwin

/// A stacked bar chart draws one segment per finite value, with its tooltip and legend.
@Suite struct StackedBarChartTests {
    @Test func stackedBarChartIsWellFormedWithSegmentsAndLegend() throws {
        let svg = sampleBars().svg()
        let parsed = try #require(ParsedSVG(svg))
        for name in ["Capacity loss by mechanism", "SEI growth", "Li plating", "cathode", "100", "200", "300"] {
            #expect(parsed.text.contains(name))
        }
        // 9 values, one NaN: 8 segments, each with a tooltip.
        #expect(parsed.elements(named: "rect", within: "bars").count == 8)
        #expect(parsed.text.contains("200 — SEI growth: 2"))
        #expect(parsed.elements(withClass: "zero").count == 1)  // negative segment puts 0 inside the axis
        #expect(!svg.lowercased().contains("nan"))
    }
}
