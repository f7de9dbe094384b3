import Foundation

/// A grid of coloured cells, e.g. capacity retention over temperature × C-rate, with a colour bar.
///
/// Contract (besides the ``SVGChart`` guarantees):
/// - The axes are categorical: column `i` is `xValues[i]` (left to right), row `j` is `yValues[j]` (bottom to top),
///   all cells the same size, whatever the spacing of the values.
/// - `values[j][i]` colours cell (i, j) on the viridis scale over `colorRange` (nil: the range of the finite values;
///   values outside are drawn in the end colours). Missing, NaN and infinite values draw a light grey "no data" cell.
/// - `marks[j][i]`, when present and non-empty, is written in the cell centre in black or white, whichever reads
///   better on the cell colour, shortened with "…" to fit.
/// - Every cell carries a tooltip (`<title>`) with its x, y and value. Crowded axis labels are thinned out.
/// - With no rows or no columns the frame is drawn around a "no data" note; with no finite value the colour bar is
///   left out.
public struct Heatmap: SVGChart {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xValues: [Double]
    public var yValues: [Double]
    /// One row per y value, one entry per x value.
    public var values: [[Double]]
    /// Optional short texts per cell (e.g. "short"), indexed like `values`.
    public var marks: [[String?]]?
    /// Title of the colour bar (e.g. "capacity retention (%)").
    public var colorLabel: String
    /// Fixed colour scale (nil: fit the data).
    public var colorRange: ClosedRange<Double>?
    /// Canvas size in px.
    public var width: Int
    public var height: Int

    public init(
        title: String = "", xLabel: String = "", yLabel: String = "", xValues: [Double] = [], yValues: [Double] = [],
        values: [[Double]] = [], marks: [[String?]]? = nil, colorLabel: String = "",
        colorRange: ClosedRange<Double>? = nil, width: Int = 720, height: Int = 480
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xValues = xValues
        self.yValues = yValues
        self.values = values
        self.marks = marks
        self.colorLabel = colorLabel
        self.colorRange = colorRange
        self.width = width
        self.height = height
    }

    public func svg() -> String {
        var svg = SVGWriter(width: width, height: height, title: title)
        let top = SVGWriter.topMargin(title: title)
        let bottom: Double = xLabel.isEmpty ? 30 : 50
        let yLabels = yValues.map { ChartFormat.number($0) }
        let scale = colorScale(target: NiceTicks.target(length: svg.height - top - bottom, spacing: 50))
        let barSpace = scale.map {
            14 + 16 + 8 + SVGWriter.yLabelWidth($0.labels) + (colorLabel.isEmpty ? 6 : 26) + 8
        } ?? 24
        let plot = PlotArea(
            canvasWidth: svg.width, canvasHeight: svg.height,
            left: SVGWriter.leftMargin(labelWidth: SVGWriter.yLabelWidth(yLabels), yLabel: yLabel),
            top: top, right: barSpace, bottom: bottom)

        if xValues.isEmpty || yValues.isEmpty {
            svg.noData(plot)
        } else {
            drawCells(scale: scale, plot: plot, into: &svg)
            drawMarks(scale: scale, plot: plot, into: &svg)
            drawAxisLabels(yLabels: yLabels, plot: plot, into: &svg)
        }
        svg.frame(plot)
        svg.axisTitles(x: xLabel, y: yLabel, plot: plot)
        if let scale { drawColorBar(scale, plot: plot, into: &svg) }
        return svg.finish()
    }

    // MARK: - Data

    /// The value of cell (i, j) if it exists and is finite.
    private func value(_ i: Int, _ j: Int) -> Double? {
        guard j < values.count, i < values[j].count, values[j][i].isFinite else { return nil }
        return values[j][i]
    }

    private func mark(_ i: Int, _ j: Int) -> String? {
        guard let marks, j < marks.count, i < marks[j].count, let mark = marks[j][i], !mark.isEmpty else { return nil }
        return mark
    }

    /// The colour axis (exactly the fixed or data range, ticks inside it); nil without a finite value in the grid.
    private func colorScale(target: Int) -> ChartAxis? {
        var lower = Double.infinity, upper = -Double.infinity
        for j in yValues.indices {
            for i in xValues.indices {
                guard let v = value(i, j) else { continue }
                lower = min(lower, v)
                upper = max(upper, v)
            }
        }
        guard lower <= upper else { return nil }
        if let r = colorRange, r.lowerBound.isFinite, r.upperBound.isFinite, r.lowerBound < r.upperBound {
            return NiceTicks.within(r.lowerBound, r.upperBound, target: target)
        }
        return NiceTicks.within(lower, upper, target: target)
    }

    // MARK: - Drawing

    private func cellRect(_ i: Int, _ j: Int, plot: PlotArea) -> (x: Double, y: Double, width: Double, height: Double) {
        let nx = Double(xValues.count), ny = Double(yValues.count)
        let x0 = plot.x(Double(i) / nx), x1 = plot.x(Double(i + 1) / nx)
        let y0 = plot.y(Double(j + 1) / ny), y1 = plot.y(Double(j) / ny)
        return (x0, y0, x1 - x0, y1 - y0)
    }

    private func drawCells(scale: ChartAxis?, plot: PlotArea, into svg: inout SVGWriter) {
        svg.open("g", [("class", "cells"), ("shape-rendering", "crispEdges")])
        for j in yValues.indices {
            for i in xValues.indices {
                let r = cellRect(i, j, plot: plot)
                let v = value(i, j)
                let fill = v.flatMap { v in scale.map { Viridis.hex(Viridis.rgb($0.unit(v))) } } ?? Viridis.noData
                var tooltip = "\(xLabel.isEmpty ? "x" : xLabel) = \(ChartFormat.number(xValues[i])), "
                tooltip += "\(yLabel.isEmpty ? "y" : yLabel) = \(ChartFormat.number(yValues[j])): "
                tooltip += v.map { ChartFormat.number($0) } ?? "no data"
                if let mark = mark(i, j) { tooltip += " (\(mark))" }
                svg.element("rect", [
                    ("x", ChartFormat.coord(r.x)), ("y", ChartFormat.coord(r.y)),
                    ("width", ChartFormat.coord(r.width)), ("height", ChartFormat.coord(r.height)), ("fill", fill),
                ], tooltip: tooltip)
            }
        }
        svg.close("g")
    }

    private func drawMarks(scale: ChartAxis?, plot: PlotArea, into svg: inout SVGWriter) {
        let cell = cellRect(0, 0, plot: plot)
        let fontSize = min(11, max(cell.height * 0.6, 6))
        let characters = ChartFormat.characters(fitting: cell.width - 2, fontSize: fontSize)
        guard characters >= 1, marks != nil else { return }
        svg.open("g", [("class", "marks"), ("text-anchor", "middle"), ("font-size", ChartFormat.coord(fontSize))])
        for j in yValues.indices {
            for i in xValues.indices {
                guard let mark = mark(i, j) else { continue }
                let r = cellRect(i, j, plot: plot)
                let rgb = value(i, j).flatMap { v in scale.map { Viridis.rgb($0.unit(v)) } }
                let dark = rgb.map { 0.2126 * $0.0 + 0.7152 * $0.1 + 0.0722 * $0.2 < 0.55 } ?? false
                svg.text(ChartFormat.truncate(mark, to: characters), x: r.x + r.width / 2, y: r.y + r.height / 2,
                         fill: dark ? "#ffffff" : "#000000", middle: true)
            }
        }
        svg.close("g")
    }

    private func drawAxisLabels(yLabels: [String], plot: PlotArea, into svg: inout SVGWriter) {
        let cell = cellRect(0, 0, plot: plot)
        let fontSize = SVGWriter.tickFontSize
        let xLabels = xValues.map { ChartFormat.number($0) }
        let widest = xLabels.map { ChartFormat.textWidth($0, fontSize: fontSize) }.max() ?? 0
        let everyX = max(Int(((widest + 6) / cell.width).rounded(.up)), 1)
        let everyY = max(Int((fontSize * 1.3 / cell.height).rounded(.up)), 1)
        svg.open("g", [("class", "tick-labels"), ("font-size", ChartFormat.coord(fontSize))])
        for (i, label) in xLabels.enumerated() where i % everyX == 0 {
            let r = cellRect(i, 0, plot: plot)
            svg.text(label, x: r.x + r.width / 2, y: plot.bottom + 18, anchor: "middle")
        }
        for (j, label) in yLabels.enumerated() where j % everyY == 0 {
            let r = cellRect(0, j, plot: plot)
            svg.text(label, x: plot.left - 8, y: r.y + r.height / 2, anchor: "end", middle: true)
        }
        svg.close("g")
    }

    private func drawColorBar(_ scale: ChartAxis, plot: PlotArea, into svg: inout SVGWriter) {
        let x = plot.right + 14, barWidth = 16.0
        let id = "celltwin-heatmap-scale"
        svg.open("defs")
        svg.open("linearGradient", [("id", id), ("x1", "0"), ("y1", "1"), ("x2", "0"), ("y2", "0")])
        for k in 0...10 {
            let t = Double(k) / 10
            svg.element("stop", [("offset", ChartFormat.coord(t)), ("stop-color", Viridis.hex(Viridis.rgb(t)))])
        }
        svg.close("linearGradient")
        svg.close("defs")
        svg.element("rect", [
            ("class", "color-bar"), ("x", ChartFormat.coord(x)), ("y", ChartFormat.coord(plot.top)),
            ("width", ChartFormat.coord(barWidth)), ("height", ChartFormat.coord(plot.height)),
            ("fill", "url(#\(id))"), ("stroke", "#333333"),
        ])
        let positions = scale.ticks.map { plot.y(scale.unit($0)) }
        svg.open("g", [("stroke", "#333333")])
        for y in positions { svg.line(x + barWidth, y, x + barWidth + 4, y) }
        svg.close("g")
        svg.open("g", [("class", "tick-labels"), ("font-size", ChartFormat.coord(SVGWriter.tickFontSize))])
        for (y, label) in zip(positions, scale.labels) { svg.text(label, x: x + barWidth + 7, y: y, middle: true) }
        svg.close("g")
        let labelX = x + barWidth + 8 + SVGWriter.yLabelWidth(scale.labels) + 14
        svg.text(colorLabel, x: labelX, y: plot.midY, anchor: "middle", rotate: -90, middle: true)
    }
}

/// The viridis colour map (perceptually uniform, colour-blind safe, readable in grey scale).
enum Viridis {
    /// Ten evenly spaced samples of matplotlib's viridis, 0 → 1.
    private static let stops: [(Double, Double, Double)] = {
        let bytes: [UInt32] = [
            0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725,
        ]
        return bytes.map { rgb in
            (Double(rgb >> 16) / 255, Double((rgb >> 8) & 0xff) / 255, Double(rgb & 0xff) / 255)
        }
    }()

    /// Fill of cells without a value.
    static let noData = "#e6e6e6"

    /// Colour at `t` (clamped to 0…1; NaN gives the low end), components 0…1.
    static func rgb(_ t: Double) -> (Double, Double, Double) {
        let t = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = t * Double(stops.count - 1)
        let k = min(Int(position), stops.count - 2)
        let f = position - Double(k)
        let a = stops[k], b = stops[k + 1]
        return (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f, a.2 + (b.2 - a.2) * f)
    }

    static func hex(_ rgb: (Double, Double, Double)) -> String {
        func byte(_ c: Double) -> String {
            let hex = String(Int((min(max(c, 0), 1) * 255).rounded()), radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + byte(rgb.0) + byte(rgb.1) + byte(rgb.2)
    }
}
