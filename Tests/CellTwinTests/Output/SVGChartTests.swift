import Foundation
import Testing
@testable import CellTwin

private let sampleSeries = [
    ChartSeries(name: "LFP 25 °C", x: [0, 1, 2, 3, 4], y: [3.2, 3.3, 3.35, 3.4, 3.6], style: .line),
    ChartSeries(name: "NMC 45 °C", x: [0, 1, 2, 3, 4], y: [3.0, 3.6, 3.7, 3.9, 4.1], style: .markers),
    ChartSeries(name: "LMO", x: [0, 2, 4], y: [3.9, 4.0, 4.05], style: .lineAndMarkers),
]

private func sampleLineChart() -> LineChart {
    LineChart(title: "Voltage vs capacity", xLabel: "capacity (mAh/g)", yLabel: "voltage (V)", series: sampleSeries)
}

private func sampleBars() -> StackedBarChart {
    StackedBarChart(
        title: "Capacity loss by mechanism", xLabel: "cycle", yLabel: "loss (mAh/g)",
        categories: ["100", "200", "300"],
        stacks: [("SEI growth", [1, 2, 3]), ("Li plating", [0.5, .nan, 1.5]), ("cathode", [-0.2, 0.3, 0.4])])
}

private func sampleHeatmap() -> Heatmap {
    Heatmap(
        title: "Retention after 500 cycles", xLabel: "C-rate", yLabel: "T (°C)",
        xValues: [0.2, 0.5, 1, 2], yValues: [0, 25, 45],
        values: [[80, 75, 60, .nan], [95, 92, 88, 70], [90, 85, 80, 65]],
        marks: [[nil, nil, nil, "short"], [nil, "ok", nil, nil], []],
        colorLabel: "retention (%)")
}

// MARK: - Well-formedness and content

@Suite struct SVGChartTests {
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

    // MARK: - Ticks and numbers

    @Test func ticksAreOneTwoFiveStepsCoveringTheData() throws {
        #expect(NiceTicks.covering(0, 1, target: 5).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(NiceTicks.covering(0, 1, target: 5).labels == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(NiceTicks.covering(3.02, 4.18, target: 6).labels == ["3", "3.2", "3.4", "3.6", "3.8", "4", "4.2"])
        #expect(NiceTicks.covering(0.1 + 0.2, 0.7, target: 4).labels == ["0.3", "0.4", "0.5", "0.6", "0.7"])
        #expect(NiceTicks.covering(0, 36_000, target: 6).labels == ["0", "5000", "10000", "15000", "20000", "25000", "30000", "35000", "40000"])
        #expect(NiceTicks.within(0.95, 1.05, target: 5).ticks == [0.96, 0.98, 1, 1.02, 1.04])
        let flat = NiceTicks.covering(5, 5, target: 5)
        #expect(flat.lower < 5 && flat.upper > 5)

        var random = TestRandom(seed: 7)
        for _ in 0..<2000 {
            let magnitude = pow(10, random.uniform(-6, 8))
            let a = random.uniform(-1, 1) * magnitude, b = a + random.uniform(1e-3, 3) * magnitude
            let target = 2 + Int(random.next() * 9)
            let axis = NiceTicks.covering(a, b, target: target)
            let ticks = axis.ticks
            try #require(ticks.count >= 2)
            #expect(ticks.first! <= a && ticks.last! >= b, "\(a)…\(b): \(ticks)")
            #expect(axis.lower == ticks.first! && axis.upper == ticks.last!)
            #expect(ticks.count <= 2 * target + 2)
            let step = ticks[1] - ticks[0]
            let mantissa = step / pow(10, floor(log10(step)))
            #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }, "step \(step)")
            for (u, v) in zip(ticks, ticks.dropFirst()) { #expect(abs((v - u) - step) <= 1e-9 * max(abs(u), abs(v), step)) }
            #expect(Set(axis.labels).count == axis.labels.count, "\(axis.labels)")
            let nonzero = axis.labels.filter { $0 != "0" }
            #expect(nonzero.allSatisfy { $0.contains("e") } || nonzero.allSatisfy { !$0.contains("e") }, "\(axis.labels)")
            if b - a > 1e-2 * max(abs(a), abs(b)) {
                #expect(axis.labels.allSatisfy { significantDigits($0) <= 4 }, "\(axis.labels)")
            }
        }
    }

    /// Significant digits shown in a label such as "-0.0025", "12000" or "1.5e6".
    private func significantDigits(_ label: String) -> Int {
        let mantissa = label.split(separator: "e")[0]
        var digits = Array(mantissa.filter(\.isNumber).drop { $0 == "0" })
        if !mantissa.contains(".") { while digits.last == "0" { digits.removeLast() } }
        return digits.count
    }

    @Test func numbersAreCompact() {
        #expect(ChartFormat.number(0.1 + 0.2) == "0.3")
        #expect(ChartFormat.number(1234.5678) == "1235")
        #expect(ChartFormat.number(12_000) == "12000")
        #expect(ChartFormat.number(0.25) == "0.25")
        #expect(ChartFormat.number(0.0001) == "0.0001")
        #expect(ChartFormat.number(1.5e-7) == "1.5e-7")
        #expect(ChartFormat.number(-2e9) == "-2e9")
        #expect(ChartFormat.number(999_999.9) == "1e6")
        #expect(ChartFormat.number(-0.0) == "0")
        #expect(ChartFormat.number(250_000, scientific: true) == "2.5e5")
        #expect(ChartFormat.number(2.5e-5, scientific: false) == "0.000025")
        #expect(NiceTicks.covering(0, 2.1e6, target: 5).labels == ["0", "5e5", "1e6", "1.5e6", "2e6", "2.5e6"])
        #expect(ChartFormat.number(.nan) == "—")
        #expect(ChartFormat.number(-.infinity) == "-∞")
        #expect(ChartFormat.coord(12.3456) == "12.35")
        #expect(ChartFormat.coord(3) == "3")
        #expect(ChartFormat.coord(2.5) == "2.5")
        #expect(ChartFormat.coord(0.05) == "0.05")
        #expect(ChartFormat.coord(-7.1) == "-7.1")
        #expect(ChartFormat.coord(-0.004) == "0")
        #expect(ChartFormat.coord(.nan) == "0")
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
