import Foundation
import Testing
@testable import CellTwin

/// A line chart is well-formed SVG and names its title, axes and series.
@Suite struct LineChartTests {
    @Test func lineChartIsWellFormedAndNamesTitleAndSeries() throws {
        let svg = sampleLineChart().svg()
        let parsed = try #require(ParsedSVG(svg))
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(parsed.text.contains("Voltage vs capacity"))
        #expect(parsed.text.contains("capacity (mAh/g)"))
        #expect(parsed.text.contains("voltage (V)"))
        for series in sampleSeries { #expect(parsed.text.contains(series.name)) }
        #expect(parsed.elements(withClass: "series").count == 2)  // .line and .lineAndMarkers
        #expect(parsed.elements(named: "circle", within: "markers").count == 5 + 3)
        #expect(!parsed.text.contains("no data"))
    }
}
