import Foundation

/// A bar per category, each bar split into coloured segments, one per stack (e.g. capacity loss per mechanism).
///
/// Contract (besides the ``SVGChart`` guarantees):
/// - `stacks[s].values[i]` is the size of stack `s` in category `i`; missing, NaN, infinite and zero values draw no
///   segment. Positive values stack upwards from 0 and negative values downwards from 0, in `stacks` order.
/// - The y axis covers 0 and every bar total (1-2-5 ticks) unless a finite, non-empty `yRange` fixes it; segments
///   are clipped to the plot area.
/// - Long or crowded category labels are rotated and, if need be, shortened with "…". Every segment carries a
///   tooltip (`<title>`) with its category, stack and value.
/// - Without categories or without any finite value, the axes are drawn around a "no data" note.
public struct StackedBarChart: SVGChart {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// Bar labels, left to right.
    public var categories: [String]
    /// Segments, bottom to top; `values` is indexed like `categories`.
    public var stacks: [(name: String, values: [Double])]
    /// Canvas size in px.
    public var width: Int
    public var height: Int
    /// Fixed y range (nil: fit the data).
    public var yRange: ClosedRange<Double>?

    public init(
        title: String = "", xLabel: String = "", yLabel: String = "", categories: [String] = [],
        stacks: [(name: String, values: [Double])] = [], width: Int = 720, height: Int = 480,
        yRange: ClosedRange<Double>? = nil
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.stacks = stacks
        self.width = width
        self.height = height
        self.yRange = yRange
    }

    public func svg() -> String {
        var svg = SVGWriter(width: width, height: height, title: title)
        let entries = LegendEntry.swatches(stacks.map(\.name))
        let legendWidth = svg.legendWidth(entries.map(\.name))
        let top = SVGWriter.topMargin(title: title)
        let totals = barExtents()
        let yAxis = NiceTicks.axis(
            data: totals ?? (0, 1), fixed: yRange, target: NiceTicks.target(length: svg.height - top - 50, spacing: 50))
        var left = SVGWriter.leftMargin(labelWidth: SVGWriter.yLabelWidth(yAxis.labels), yLabel: yLabel)
        let right = legendWidth > 0 ? legendWidth + 28 : 24

        // Category labels: horizontal if they fit their band, else rotated 45° and capped at 30 % of the height
        // (and the first one kept on the canvas).
        let band = max(svg.width - left - right, 10) / Double(max(categories.count, 1))
        let widest = categories.map { ChartFormat.textWidth($0, fontSize: SVGWriter.tickFontSize) }.max() ?? 0
        let rotated = widest > band * 0.9
        let labelLength = rotated ? min(widest, svg.height * 0.3 / 0.71, svg.width * 0.3 / 0.71) : widest
        let labelDrop = rotated ? labelLength * 0.71 + 16 : 18
        if rotated { left = max(left, labelLength * 0.71 + 6 - band / 2) }
        let plot = PlotArea(
            canvasWidth: svg.width, canvasHeight: svg.height, left: left, top: top, right: right,
            bottom: labelDrop + (xLabel.isEmpty ? 10 : 30))

        svg.yAxis(yAxis, in: plot)
        drawBars(yAxis: yAxis, plot: plot, band: plot.width / Double(max(categories.count, 1)), into: &svg)
        if yAxis.lower < 0, yAxis.upper > 0 {
            let y0 = plot.y(yAxis.unit(0))
            svg.element("line", [
                ("class", "zero"), ("x1", ChartFormat.coord(plot.left)), ("y1", ChartFormat.coord(y0)),
                ("x2", ChartFormat.coord(plot.right)), ("y2", ChartFormat.coord(y0)), ("stroke", "#333333"),
            ])
        }
        drawCategoryLabels(plot: plot, rotated: rotated, labelLength: labelLength, into: &svg)
        if totals == nil { svg.noData(plot) }
        svg.frame(plot)
        svg.axisTitles(x: xLabel, y: yLabel, plot: plot, xOffset: labelDrop + 20)
        svg.legend(entries, x: plot.right + 16, y: plot.top, legendWidth: legendWidth, maxY: plot.bottom)
        return svg.finish()
    }

    /// Lowest and highest stacked totals (always including 0), nil without categories or finite values.
    private func barExtents() -> (lower: Double, upper: Double)? {
        var lower = 0.0, upper = 0.0, any = false
        for i in categories.indices {
            var positive = 0.0, negative = 0.0
            for stack in stacks where i < stack.values.count && stack.values[i].isFinite {
                any = true
                if stack.values[i] > 0 { positive += stack.values[i] } else { negative += stack.values[i] }
            }
            lower = min(lower, negative)
            upper = max(upper, positive)
        }
        guard any else { return nil }
        return lower == upper ? (0, 1) : (lower, upper)
    }

    private func drawBars(yAxis: ChartAxis, plot: PlotArea, band: Double, into svg: inout SVGWriter) {
        svg.open("g", [("class", "bars")])
        for (i, category) in categories.enumerated() {
            var positive = 0.0, negative = 0.0
            for (s, stack) in stacks.enumerated() where i < stack.values.count {
                let value = stack.values[i]
                guard value.isFinite, value != 0 else { continue }
                let (from, to) = value > 0 ? (positive, positive + value) : (negative + value, negative)
                if value > 0 { positive += value } else { negative += value }
                let low = min(max(yAxis.unit(from), 0), 1), high = min(max(yAxis.unit(to), 0), 1)
                guard high > low else { continue }
                let yTop = plot.y(high)
                svg.element("rect", [
                    ("x", ChartFormat.coord(plot.left + band * (Double(i) + 0.15))), ("y", ChartFormat.coord(yTop)),
                    ("width", ChartFormat.coord(band * 0.7)), ("height", ChartFormat.coord(plot.y(low) - yTop)),
                    ("fill", ChartPalette.color(s)),
                ], tooltip: "\(category) — \(stack.name): \(ChartFormat.number(value))")
            }
        }
        svg.close("g")
    }

    private func drawCategoryLabels(plot: PlotArea, rotated: Bool, labelLength: Double, into svg: inout SVGWriter) {
        guard !categories.isEmpty else { return }
        let band = plot.width / Double(categories.count)
        let fontSize = SVGWriter.tickFontSize
        // Rotated labels need about 1.5 line heights of band each; thin them out when bands are narrower.
        let every = rotated ? max(Int((fontSize * 1.5 / band).rounded(.up)), 1) : 1
        let characters = ChartFormat.characters(fitting: labelLength, fontSize: fontSize)
        svg.open("g", [("class", "categories"), ("font-size", ChartFormat.coord(fontSize))])
        for (i, category) in categories.enumerated() where i % every == 0 {
            let x = plot.left + band * (Double(i) + 0.5)
            if rotated {
                svg.text(ChartFormat.truncate(category, to: characters), x: x, y: plot.bottom + 10, anchor: "end",
                         rotate: -45, middle: true)
            } else {
                svg.text(category, x: x, y: plot.bottom + 16, anchor: "middle")
            }
        }
        svg.close("g")
    }
}
