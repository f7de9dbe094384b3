import Foundation
import Testing
@testable import CellTwin

/// The SVG writer's geometry and document: the plot area inside its margins, a clamped canvas, escaped attributes
/// and tooltips, and a title whose second line is a subtitle.
@Suite struct SVGWriterTests {
    /// 600 × 400 with margins 60, 40, 20, 50: a 520 × 310 plot; fractions map to pixels with y growing downwards.
    @Test func thePlotAreaInsideItsMargins() {
        let p = PlotArea(canvasWidth: 600, canvasHeight: 400, left: 60, top: 40, right: 20, bottom: 50)
        #expect(p.width == 520 && p.height == 310 && p.right == 580 && p.bottom == 350)
        #expect(p.x(0) == 60 && p.x(0.5) == 320 && p.x(1) == 580)
        #expect(p.y(0) == 350 && p.y(1) == 40 && p.midY == 195)
        let tiny = PlotArea(canvasWidth: 50, canvasHeight: 50, left: 40, top: 40, right: 40, bottom: 40)
        #expect(tiny.width == 10 && tiny.height == 10)
    }

    @Test func aWellFormedDocumentWithEscapedText() throws {
        var w = SVGWriter(width: 10, height: 1_000_000, title: "Capacity & fade\nLi | <gel>")
        #expect(w.width == 50 && w.height == 100_000)
        w.element("rect", [("class", "a\"b")], tooltip: "x < y")
        let svg = w.finish()
        let parsed = try #require(ParsedSVG(svg))
        #expect(parsed.text.contains("Capacity & fade — Li | <gel>"))
        #expect(svg.contains("class=\"a&quot;b\"") && svg.contains("<title>x &lt; y</title>"))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(SVGWriter.topMargin(title: "") == 16 && SVGWriter.topMargin(title: "t") == 42
                && SVGWriter.topMargin(title: "t\ns") == 58)
    }

    /// Named stacks get a swatch in palette order; an unnamed stack has no legend row but keeps its colour slot.
    @Test func legendSwatches() {
        let rows = LegendEntry.swatches(["SEI", "", "plating"])
        #expect(rows.map(\.name) == ["SEI", "plating"])
        #expect(rows.map(\.color) == [ChartPalette.color(0), ChartPalette.color(2)])
    }
}
