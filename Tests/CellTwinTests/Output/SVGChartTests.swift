import Foundation
import Testing
@testable import CellTwin

@Suite struct SVGChartTests {

    // MARK: - Well-formedness and content

    @Test func specialCharactersAreEscaped() throws {
        let title = "Q & A <b> \"quoted\" 'single'"
        let chart = LineChart(
            title: title, xLabel: "x < 1 & y > 2", yLabel: "bell\u{7}char",
            series: [ChartSeries(name: "a<b & c>\"d\"", x: [0, 1], y: [0, 1])])
        let svg = chart.svg()
        let parsed = try #require(ParsedSVG(svg))
        #expect(parsed.text.contains(title))
        #expect(parsed.text.contains("x < 1 & y > 2"))
        #expect(parsed.text.contains("a<b & c>\"d\""))
        #expect(svg.contains("Q &amp; A &lt;b&gt; &quot;quoted&quot; &apos;single&apos;"))
        #expect(!svg.contains("<b>"))
        #expect(ChartFormat.escape("a\tb\nc\u{0}d") == "a b c\u{FFFD}d")

        let bars = StackedBarChart(categories: ["<&>"], stacks: [("\"x\" & 'y'", [1])])
        #expect(ParsedSVG(bars.svg()) != nil)
        let heat = Heatmap(title: "&", xValues: [1], yValues: [1], values: [[1]], marks: [["<!>"]], colorLabel: "\"%\"")
        #expect(ParsedSVG(heat.svg())?.text.contains("<!>") == true)
    }

    // MARK: - Bad data

    @Test func nonFiniteValuesAreSkippedAndBreakTheLine() throws {
        let y: [Double] = [1, 2, 3, 4, .nan, 6, 7, .infinity, 9, 10]
        let chart = LineChart(
            title: "gaps", series: [
                ChartSeries(name: "with gaps", x: (0..<10).map(Double.init), y: y, style: .lineAndMarkers),
                ChartSeries(name: "bad x", x: [.nan, -.infinity, 2, 3], y: [1, 2, 3, 4]),
            ])
        let svg = chart.svg()
        let parsed = try #require(ParsedSVG(svg))
        #expect(!svg.lowercased().contains("nan"))
        #expect(!svg.lowercased().contains("inf"))
        let paths = parsed.elements(withClass: "series").compactMap { $0["d"] }
        #expect(paths.count == 2)
        #expect(paths[0].filter { $0 == "M" }.count == 3)  // 0–3, 5–6, 8–9
        #expect(paths[1].filter { $0 == "M" }.count == 1)
        #expect(parsed.elements(named: "circle", within: "markers").count == 8)
    }

    @Test func emptyChartsDrawANoDataNote() throws {
        let charts: [any SVGChart] = [
            LineChart(),
            LineChart(title: "empty", series: [ChartSeries(name: "nothing", x: [], y: [])]),
            LineChart(series: [ChartSeries(name: "all missing", x: [.nan, 1], y: [1, .nan])]),
            LineChart(series: [ChartSeries(name: "ragged", x: [1, 2, 3], y: [])]),
            StackedBarChart(),
            StackedBarChart(categories: ["a", "b"], stacks: [("s", [.nan])]),
            Heatmap(),
            Heatmap(xValues: [1, 2], yValues: [], values: [[1, 2]]),
        ]
        for chart in charts {
            let svg = chart.svg()
            let parsed = try #require(ParsedSVG(svg))
            #expect(parsed.text.contains("no data"))
            #expect(parsed.elements(withClass: "frame").count == 1)
            #expect(!svg.lowercased().contains("nan"))
        }
    }

    @Test func randomisedAwkwardInputNeverProducesBadOutput() throws {
        var random = TestRandom(seed: 42)
        let specials: [Double] = [.nan, .infinity, -.infinity, 0, -0.0, 1e300, -1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        func value() -> Double {
            random.next() < 0.2 ? specials[Int(random.next() * Double(specials.count))] : random.uniform(-1e3, 1e3)
        }
        for trial in 0..<60 {
            let series = (0..<Int(random.next() * 4)).map { s in
                ChartSeries(
                    name: "s\(s)", x: (0..<Int(random.next() * 30)).map { _ in value() },
                    y: (0..<Int(random.next() * 30)).map { _ in value() },
                    style: [.line, .markers, .lineAndMarkers][s % 3])
            }
            let lo = value(), hi = value()
            let range: ClosedRange<Double>? = trial % 3 == 0 ? nil : (lo.isNaN || hi.isNaN ? nil : min(lo, hi)...max(lo, hi))
            let size = trial % 5 == 0 ? (width: 10, height: -5) : (width: 720, height: 480)
            let grid = (0..<Int(random.next() * 4)).map { _ in (0..<Int(random.next() * 5)).map { _ in value() } }
            let charts: [any SVGChart] = [
                LineChart(title: "t\(trial)", series: series, width: size.width, height: size.height, xRange: range, yRange: range),
                StackedBarChart(
                    categories: (0..<Int(random.next() * 5)).map { "c\($0)" },
                    stacks: series.map { ($0.name, $0.y) }, width: size.width, height: size.height, yRange: range),
                Heatmap(
                    xValues: (0..<Int(random.next() * 5)).map { _ in value() }, yValues: (0..<grid.count).map(Double.init),
                    values: grid, colorRange: range, width: size.width, height: size.height),
            ]
            for chart in charts {
                let svg = chart.svg()
                #expect(ParsedSVG(svg) != nil, "trial \(trial)")
                #expect(!svg.lowercased().contains("nan"), "trial \(trial)")
                #expect(!svg.lowercased().contains("inf"), "trial \(trial)")
            }
        }
    }

    // MARK: - Geometry

    @Test func linesAreClippedToThePlotArea() throws {
        let x = (0...40).map { Double($0) / 4 }
        let chart = LineChart(
            series: [ChartSeries(name: "wild", x: x, y: x.map { 2 * sin($0) }, style: .lineAndMarkers)],
            xRange: 1...9, yRange: -1...1)
        let parsed = try #require(ParsedSVG(chart.svg()))
        let frame = try #require(parsed.elements(withClass: "frame").first)
        let left = try #require(Double(frame["x"] ?? "")), top = try #require(Double(frame["y"] ?? ""))
        let right = left + (try #require(Double(frame["width"] ?? "")))
        let bottom = top + (try #require(Double(frame["height"] ?? "")))
        let d = try #require(parsed.elements(withClass: "series").first?["d"])
        let points = pathPoints(d)
        #expect(points.count > 10)
        #expect(d.filter { $0 == "M" }.count > 1)  // leaves and re-enters the plot
        for (px, py) in points {
            #expect(px >= left - 0.01 && px <= right + 0.01 && py >= top - 0.01 && py <= bottom + 0.01)
        }
        let markers = parsed.elements(named: "circle", within: "markers")
        #expect(markers.count > 5)
        for circle in markers {
            let cx = try #require(Double(circle["cx"] ?? "")), cy = try #require(Double(circle["cy"] ?? ""))
            #expect(cx >= left - 0.01 && cx <= right + 0.01 && cy >= top - 0.01 && cy <= bottom + 0.01, "\(cx), \(cy) outside \(frame)")
        }
        let crossing = try #require(LineChart.clipToUnitSquare((-1, 0.5), (2, 0.5)))
        #expect(crossing.start == (0, 0.5) && crossing.end == (1, 0.5) && crossing.endClipped)
        #expect(LineChart.clipToUnitSquare((2, 2), (3, 3)) == nil)
    }

    @Test func denseDataIsThinnedWithoutLosingShape() throws {
        let n = 100_000
        let x = (0..<n).map(Double.init)
        var y = x.map { sin($0 / 8000) }
        y[50_000] = 5  // a one-sample spike must survive
        let chart = LineChart(series: [ChartSeries(name: "dense", x: x, y: y, style: .lineAndMarkers)], xRange: 0...99_999)
        let svg = chart.svg()
        let parsed = try #require(ParsedSVG(svg))
        let frame = try #require(parsed.elements(withClass: "frame").first)
        let top = try #require(Double(frame["y"] ?? ""))
        let left = try #require(Double(frame["x"] ?? "")), width = try #require(Double(frame["width"] ?? ""))
        let points = pathPoints(try #require(parsed.elements(withClass: "series").first?["d"]))
        #expect(points.count < 5000)
        #expect(abs(points[0].0 - left) < 0.01 && abs(points[points.count - 1].0 - (left + width)) < 0.01)
        #expect(abs((points.map(\.1).min() ?? 0) - top) < 0.01)  // the spike reaches the top of the axis
        for (a, b) in zip(points, points.dropFirst()) { #expect(b.0 >= a.0) }
        #expect(parsed.elements(named: "circle", within: "markers").count < 5000)
        #expect(svg.utf8.count < 400_000)
    }

    @Test func coordinatesHaveAtMostTwoDecimals() throws {
        let wiggly = ChartSeries(name: "π", x: (0..<50).map { Double($0) / 7 }, y: (0..<50).map { sin(Double($0) / 3) })
        for chart in [LineChart(series: [wiggly], width: 701, height: 433), sampleBars(), sampleHeatmap()] as [any SVGChart] {
            let parsed = try #require(ParsedSVG(chart.svg()))
            for (_, attributes, _) in parsed.elements {
                for value in attributes.values {
                    for number in value.split(whereSeparator: { !"0123456789.".contains($0) }) {
                        let decimals = number.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
                        #expect(decimals <= 2, "\(value)")
                    }
                }
            }
        }
    }

    // MARK: - Determinism, colours, legend, files

    @Test func outputIsDeterministic() {
        #expect(sampleLineChart().svg() == sampleLineChart().svg())
        #expect(sampleBars().svg() == sampleBars().svg())
        #expect(sampleHeatmap().svg() == sampleHeatmap().svg())
        var changed = sampleLineChart()
        changed.series[0].y[2] += 0.05
        #expect(changed.svg() != sampleLineChart().svg())
    }

    @Test func seriesGetDistinctStyles() throws {
        #expect(Set(ChartPalette.colors).count == 10)
        let styles = (0..<12).map { "\(ChartPalette.color($0)) \(ChartPalette.dash($0) ?? "solid")" }
        #expect(Set(styles).count == 12)
        let chart = LineChart(series: (0..<12).map { ChartSeries(name: "s\($0)", x: [0, 1], y: [0, Double($0)]) })
        let parsed = try #require(ParsedSVG(chart.svg()))
        let lines = parsed.elements(withClass: "series")
        #expect(Set(lines.map { "\($0["stroke"] ?? "") \($0["stroke-dasharray"] ?? "")" }).count == 12)
    }

    @Test func crowdedLegendCollapses() throws {
        let chart = LineChart(
            series: (0..<60).map { ChartSeries(name: "a rather long series name number \($0)", x: [0, 1], y: [0, 1]) },
            height: 300)
        let parsed = try #require(ParsedSVG(chart.svg()))
        #expect(parsed.text.contains("more"))
        #expect(parsed.text.contains("…"))
    }

    @Test func chartsWriteThemselvesToFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-svg-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("charts/heat.svg")
        try sampleHeatmap().write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == sampleHeatmap().svg())
    }
}
