import Foundation

/// Areas stacked over a numeric x axis, one per stack (e.g. each mechanism's cumulative capacity loss vs cycle).
///
/// Contract (besides the ``SVGChart`` guarantees):
/// - `stacks[s].values[i]` is the height of stack `s` at `x[i]`; positive values stack upwards from 0 and negative
///   values downwards, in `stacks` order, so the top edge of the positive stack is their sum. A NaN or infinite
///   value counts as 0; points with a non-finite x are left out.
/// - Axes cover the data with 1-2-5 ticks (the y axis always includes 0); areas are clipped to the plot.
/// - Every area carries a tooltip (`<title>`) with its stack's name and last value; stacks appear in the legend.
/// - With fewer than two usable points the axes are drawn around a "no data" note.
public struct StackedAreaChart: SVGChart {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var x: [Double]
    public var stacks: [(name: String, values: [Double])]
    public var width: Int
    public var height: Int

    public init(title: String = "", xLabel: String = "", yLabel: String = "", x: [Double] = [],
                stacks: [(name: String, values: [Double])] = [], width: Int = 720, height: Int = 480) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.x = x
        self.stacks = stacks
        self.width = width
        self.height = height
    }

    /// Indices of the usable points, in increasing x.
    private var points: [Int] { x.indices.filter { x[$0].isFinite }.sorted { x[$0] < x[$1] } }

    private func value(_ s: Int, _ i: Int) -> Double {
        let v = i < stacks[s].values.count ? stacks[s].values[i] : 0
        return v.isFinite ? v : 0
    }

    /// (lower, upper) edge of each stack at point `i`.
    private func edges(_ i: Int) -> [(Double, Double)] {
        var positive = 0.0, negative = 0.0
        return stacks.indices.map { s in
            let v = value(s, i)
            if v >= 0 { defer { positive += v }; return (positive, positive + v) }
            defer { negative += v }
            return (negative + v, negative)
        }
    }

    public func svg() -> String {
        var svg = SVGWriter(width: width, height: height, title: title)
        let entries = LegendEntry.swatches(stacks.map(\.name))
        let legendWidth = svg.legendWidth(entries.map(\.name))
        let top = SVGWriter.topMargin(title: title)
        let used = points
        let all = used.map(edges)
        var low = 0.0, high = 0.0
        for point in all { for (a, b) in point { low = min(low, a); high = max(high, b) } }
        let yData: (lower: Double, upper: Double) = used.count >= 2 ? (low, max(high, low + 1e-12)) : (0.0, 1.0)
        let yAxis = NiceTicks.axis(data: yData, fixed: nil, target: NiceTicks.target(length: svg.height - top - 50, spacing: 50))
        let plot = PlotArea(canvasWidth: svg.width, canvasHeight: svg.height,
                            left: SVGWriter.leftMargin(labelWidth: SVGWriter.yLabelWidth(yAxis.labels), yLabel: yLabel),
                            top: top, right: legendWidth > 0 ? legendWidth + 28 : 24, bottom: xLabel.isEmpty ? 30 : 50)
        let xData: (lower: Double, upper: Double) = used.count >= 2 ? (x[used.first!], max(x[used.last!], x[used.first!] + 1e-12)) : (0.0, 1.0)
        let xAxis = NiceTicks.axis(data: xData, fixed: nil, target: NiceTicks.target(length: plot.width, spacing: 90))
        svg.xAxis(xAxis, in: plot)
        svg.yAxis(yAxis, in: plot)
        if used.count >= 2 {
            func px(_ i: Int) -> Double { plot.x(min(max(xAxis.unit(x[i]), 0), 1)) }
            func py(_ v: Double) -> Double { plot.y(min(max(yAxis.unit(v), 0), 1)) }
            svg.open("g", [("class", "areas"), ("fill-opacity", "0.85")])
            for s in stacks.indices {
                guard all.contains(where: { $0[s].1 != $0[s].0 }) else { continue }
                var d = ""
                for (k, i) in used.enumerated() { d += (k == 0 ? "M" : " L") + "\(ChartFormat.coord(px(i))),\(ChartFormat.coord(py(all[k][s].1)))" }
                for (k, i) in used.enumerated().reversed() { d += " L\(ChartFormat.coord(px(i))),\(ChartFormat.coord(py(all[k][s].0)))" }
                d += " Z"
                svg.element("path", [("d", d), ("fill", ChartPalette.color(s)), ("stroke", ChartPalette.color(s))],
                            tooltip: "\(stacks[s].name): \(ChartFormat.number(value(s, used.last!))) at x = \(ChartFormat.number(x[used.last!]))")
            }
            svg.close("g")
        } else {
            svg.noData(plot)
        }
        svg.frame(plot)
        svg.axisTitles(x: xLabel, y: yLabel, plot: plot)
        svg.legend(entries, x: plot.right + 16, y: plot.top, legendWidth: legendWidth, maxY: plot.bottom)
        return svg.finish()
    }
}
