import Foundation

/// An x–y chart of one or more ``ChartSeries`` with 1-2-5 ticks, grid, axis titles and a legend.
///
/// Contract (besides the ``SVGChart`` guarantees):
/// - Axes cover the finite data (ticks at 1, 2 or 5 × 10ⁿ; the axis ends on a tick), unless `xRange`/`yRange`
///   fix them; a fixed range that is not finite or has zero width is ignored. With one range fixed, the other axis
///   covers only the points inside it.
/// - Lines are clipped to the plot area; markers outside it are not drawn. A NaN or infinite point breaks the line.
///   A point between two broken-off neighbours draws nothing in `.line` style (use markers to see it).
/// - Dense data is thinned at screen resolution: line vertices within 0.3 px of the previous drawn vertex
///   are merged, and a marker landing on the same 1 px spot as an earlier marker of its series is drawn once.
/// - Series take the colours of ``ChartPalette`` in order; named series appear in the legend in order.
/// - With no finite point at all the axes are drawn around a "no data" note.
public struct LineChart: SVGChart {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [ChartSeries]
    /// Canvas size in px.
    public var width: Int
    public var height: Int
    /// Fixed axis ranges (nil: fit the data).
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// Shaded bands (a prediction's 95 % band), drawn under the series in the colour of the series they belong to.
    public var bands: [ChartBand] = []

    public init(
        title: String = "", xLabel: String = "", yLabel: String = "", series: [ChartSeries] = [],
        width: Int = 720, height: Int = 480, xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.width = width
        self.height = height
        self.xRange = xRange
        self.yRange = yRange
    }

    public func svg() -> String {
        var svg = SVGWriter(width: width, height: height, title: title)
        let extents = dataExtents()
        let entries = legendEntries()
        let legendWidth = svg.legendWidth(entries.map(\.name))
        let top = SVGWriter.topMargin(title: title)
        let bottom: Double = xLabel.isEmpty ? 30 : 50
        let yAxis = NiceTicks.axis(
            data: extents.y, fixed: yRange, target: NiceTicks.target(length: svg.height - top - bottom, spacing: 50))
        let plot = PlotArea(
            canvasWidth: svg.width, canvasHeight: svg.height,
            left: SVGWriter.leftMargin(labelWidth: SVGWriter.yLabelWidth(yAxis.labels), yLabel: yLabel),
            top: top, right: legendWidth > 0 ? legendWidth + 28 : 24, bottom: bottom)
        let xAxis = NiceTicks.axis(data: extents.x, fixed: xRange, target: NiceTicks.target(length: plot.width, spacing: 90))

        svg.xAxis(xAxis, in: plot)
        svg.yAxis(yAxis, in: plot)
        for band in bands { draw(band, x: xAxis, y: yAxis, plot: plot, into: &svg) }
        for (index, series) in series.enumerated() {
            draw(series, index: index, x: xAxis, y: yAxis, plot: plot, into: &svg)
        }
        if !extents.any { svg.noData(plot) }
        svg.frame(plot)
        svg.axisTitles(x: xLabel, y: yLabel, plot: plot)
        svg.legend(entries, x: plot.right + 16, y: plot.top, legendWidth: legendWidth, maxY: plot.bottom)
        return svg.finish()
    }

    // MARK: - Data

    /// Ranges of the finite points (each axis limited to points inside the other axis's fixed range, if any).
    private func dataExtents() -> (x: (lower: Double, upper: Double)?, y: (lower: Double, upper: Double)?, any: Bool) {
        let fixedX = Self.valid(xRange), fixedY = Self.valid(yRange)
        var x: (lower: Double, upper: Double)?, y: (lower: Double, upper: Double)?, any = false
        for series in series {
            for i in 0..<series.count {
                let px = series.x[i], py = series.y[i]
                guard px.isFinite, py.isFinite else { continue }
                any = true
                if fixedY?.contains(py) ?? true { x = (min(x?.lower ?? px, px), max(x?.upper ?? px, px)) }
                if fixedX?.contains(px) ?? true { y = (min(y?.lower ?? py, py), max(y?.upper ?? py, py)) }
            }
        }
        for band in bands {
            for i in band.x.indices where band.x[i].isFinite && (fixedX?.contains(band.x[i]) ?? true) {
                for py in [band.low[i], band.high[i]] where py.isFinite && (fixedY?.contains(py) ?? true) {
                    y = (min(y?.lower ?? py, py), max(y?.upper ?? py, py))
                }
            }
        }
        return (x, y, any)
    }

    private static func valid(_ range: ClosedRange<Double>?) -> ClosedRange<Double>? {
        guard let range, range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound
        else { return nil }
        return range
    }

    private func legendEntries() -> [LegendEntry] {
        series.enumerated().compactMap { index, series in
            guard !series.name.isEmpty else { return nil }
            let symbol: LegendEntry.Symbol = switch series.style {
            case .line: .line
            case .markers: .marker
            case .lineAndMarkers: .lineAndMarker
            }
            return LegendEntry(
                name: series.name, color: ChartPalette.color(index), dash: ChartPalette.dash(index),
                square: ChartPalette.squareMarkers(index), symbol: symbol)
        }
    }

    // MARK: - Drawing

    /// The band as one closed polygon (low edge forward, high edge back), clamped to the plot area; non-finite
    /// points are left out.
    private func draw(_ band: ChartBand, x: ChartAxis, y: ChartAxis, plot: PlotArea, into svg: inout SVGWriter) {
        let idx = band.x.indices.filter { band.x[$0].isFinite && band.low[$0].isFinite && band.high[$0].isFinite }
        guard idx.count >= 2 else { return }
        func point(_ i: Int, _ v: Double) -> String {
            let u = min(max(x.unit(band.x[i]), 0), 1), w = min(max(y.unit(v), 0), 1)
            return ChartFormat.coord(plot.x(u)) + " " + ChartFormat.coord(plot.y(w))
        }
        let d = "M" + idx.map { point($0, band.low[$0]) }.joined(separator: "L")
            + "L" + idx.reversed().map { point($0, band.high[$0]) }.joined(separator: "L") + "Z"
        svg.element("path", [("class", "band"), ("d", d), ("fill", ChartPalette.color(band.seriesIndex)),
                             ("fill-opacity", "0.2"), ("stroke", "none")], tooltip: band.name)
    }

    private func draw(
        _ series: ChartSeries, index: Int, x: ChartAxis, y: ChartAxis, plot: PlotArea, into svg: inout SVGWriter
    ) {
        let color = ChartPalette.color(index)
        if series.style.hasLine {
            let d = Self.pathData(series, x: x, y: y, plot: plot)
            if !d.isEmpty {
                var attributes = [
                    ("class", "series"), ("d", d), ("fill", "none"), ("stroke", color), ("stroke-width", "1.5"),
                    ("stroke-linejoin", "round"), ("stroke-linecap", "round"),
                ]
                if let dash = ChartPalette.dash(index) { attributes.append(("stroke-dasharray", dash)) }
                svg.element("path", attributes)
            }
        }
        if series.style.hasMarkers {
            let square = ChartPalette.squareMarkers(index)
            svg.open("g", [("class", "markers"), ("fill", color)])
            var drawn = Set<SIMD2<Int>>()  // 1 px cells that already hold a marker
            for i in 0..<series.count where series.x[i].isFinite && series.y[i].isFinite {
                let u = x.unit(series.x[i]), v = y.unit(series.y[i])
                guard (0...1).contains(u), (0...1).contains(v) else { continue }
                let px = plot.x(u), py = plot.y(v)
                guard drawn.insert(SIMD2(Int(px.rounded()), Int(py.rounded()))).inserted else { continue }
                svg.marker(x: px, y: py, square: square)
            }
            svg.close("g")
        }
    }

    /// Line vertices closer than this (px, in both directions) to the last drawn vertex are merged into it.
    static let lineTolerance = 0.3

    /// SVG path data for the series' line: clipped to the plot, a new subpath ("M") after every break, and vertices
    /// thinned so that none lies within ``lineTolerance`` px of the previous one (the last vertex of every subpath is
    /// kept, so the drawn line is never more than that far from the data).
    static func pathData(_ series: ChartSeries, x: ChartAxis, y: ChartAxis, plot: PlotArea) -> String {
        func format(_ p: (Double, Double)) -> String { ChartFormat.coord(p.0) + " " + ChartFormat.coord(p.1) }
        var d = ""
        var pen: (Double, Double)?  // last drawn vertex of the current subpath; nil when the pen is up
        var cursor: (Double, Double)?  // last vertex reached, drawn or merged
        var merged: (Double, Double)?  // the last vertex reached when it was merged
        func liftPen() {
            if let m = merged { d += "L" + format(m) }
            pen = nil
            cursor = nil
            merged = nil
        }
        var previous: (Double, Double)?
        for i in 0..<series.count {
            guard series.x[i].isFinite, series.y[i].isFinite else {
                previous = nil
                liftPen()
                continue
            }
            let current = (x.unit(series.x[i]), y.unit(series.y[i]))
            defer { previous = current }
            guard let from = previous, let segment = clipToUnitSquare(from, current) else {
                liftPen()
                continue
            }
            let start = (plot.x(segment.start.0), plot.y(segment.start.1))
            let end = (plot.x(segment.end.0), plot.y(segment.end.1))
            let continuing = cursor.map { $0 == start } ?? false
            if !continuing {
                liftPen()
                d += "M" + format(start)
                pen = start
            }
            if let p = pen, abs(end.0 - p.0) < lineTolerance, abs(end.1 - p.1) < lineTolerance {
                merged = end
            } else {
                d += "L" + format(end)
                pen = end
                merged = nil
            }
            cursor = end
            if segment.endClipped { liftPen() }
        }
        liftPen()
        return d
    }

    /// The part of the segment `a`→`b` inside [0, 1]² (Liang–Barsky), or nil if none; `endClipped` is true when `b`
    /// itself lies outside.
    static func clipToUnitSquare(
        _ a: (Double, Double), _ b: (Double, Double)
    ) -> (start: (Double, Double), end: (Double, Double), endClipped: Bool)? {
        let dx = b.0 - a.0, dy = b.1 - a.1
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, a.0), (dx, 1 - a.0), (-dy, a.1), (dy, 1 - a.1)] {
            if p == 0 {
                if q < 0 { return nil }
                continue
            }
            let r = q / p
            if p < 0 {
                if r > t1 { return nil }
                t0 = max(t0, r)
            } else {
                if r < t0 { return nil }
                t1 = min(t1, r)
            }
        }
        guard t0.isFinite, t1.isFinite else { return nil }
        let start = t0 == 0 ? a : (a.0 + t0 * dx, a.1 + t0 * dy)
        let end = t1 == 1 ? b : (a.0 + t1 * dx, a.1 + t1 * dy)
        return (start, end, t1 < 1)
    }
}

/// A shaded band under a ``LineChart``: low and high ends at each x, in the colour of series `seriesIndex`.
public struct ChartBand: Sendable, Equatable {
    public var name: String
    public var x: [Double]
    public var low: [Double]
    public var high: [Double]
    public var seriesIndex: Int

    public init(name: String, x: [Double], low: [Double], high: [Double], seriesIndex: Int = 0) {
        self.name = name
        self.x = x
        self.low = low
        self.high = high
        self.seriesIndex = seriesIndex
    }
}
