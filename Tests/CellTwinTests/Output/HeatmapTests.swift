import Foundation
import Testing
@testable import CellTwin

/// A heatmap draws one cell per value, marks, the no-data colour and a colour bar.
@Suite struct HeatmapTests {
    @Test func heatmapIsWellFormedWithMarksAndColourBar() throws {
        let svg = sampleHeatmap().svg()
        let parsed = try #require(ParsedSVG(svg))
        for text in ["Retention after 500 cycles", "C-rate", "T (°C)", "retention (%)", "short", "ok", "0.2", "45"] {
            #expect(parsed.text.contains(text))
        }
        let cells = parsed.elements(named: "rect", within: "cells")
        #expect(cells.count == 12)
        #expect(cells.filter { $0["fill"] == Viridis.noData }.count == 1)
        #expect(parsed.elements(named: "linearGradient").count == 1)
        #expect(parsed.elements(withClass: "color-bar").count == 1)
        #expect(!svg.lowercased().contains("nan"))
    }
}
