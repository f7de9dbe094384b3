import Foundation
import Testing
@testable import CellTwin

/// Stacked areas: each stack drawn on the ones below.
@Suite struct StackedAreaChartTests {
    @Test("a stacked-area chart stacks each stack on the ones below: the top edge at each x is the sum")
    func stackedArea() throws {
        let chart = StackedAreaChart(title: "t", xLabel: "cycle", yLabel: "%", x: [0, 10, 20],
                                     stacks: [("a", [0, 1, 2]), ("b", [0, 2, 4]), ("c", [0, 0, .nan])])
        let parsed = try #require(ParsedSVG(chart.svg()))
        let paths = parsed.elements(named: "path", within: "areas")
        #expect(paths.count == 2)   // "c" never moves and draws nothing
        #expect(parsed.text.contains("b: 4 at x = 20"))
        let empty = try #require(ParsedSVG(StackedAreaChart(title: "t", x: [1], stacks: [("a", [1])]).svg()))
        #expect(empty.text.contains("no data"))
    }
}
