import Foundation

/// The rectangle the data is drawn in, in SVG pixels (y grows downwards).
struct PlotArea: Equatable {
    var left: Double
    var top: Double
    var width: Double
    var height: Double

    var right: Double { left + width }
    var bottom: Double { top + height }
    var midX: Double { left + width / 2 }
    var midY: Double { top + height / 2 }

    /// Pixel x of a fraction `u` of the width (0 = left edge).
    func x(_ u: Double) -> Double { left + u * width }
    /// Pixel y of a fraction `v` of the height (0 = bottom edge).
    func y(_ v: Double) -> Double { top + (1 - v) * height }

    /// A plot area inside a `width` × `height` canvas with the given margins, at least 10 px each way.
    init(canvasWidth: Double, canvasHeight: Double, left: Double, top: Double, right: Double, bottom: Double) {
        self.left = left
        self.top = top
        self.width = max(canvasWidth - left - right, 10)
        self.height = max(canvasHeight - top - bottom, 10)
    }
}

/// One legend row.
struct LegendEntry {
    enum Symbol { case line, marker, lineAndMarker, swatch }
    var name: String
    var color: String
    var dash: String?
    var square: Bool = false
    var symbol: Symbol

    /// Swatches of named stacks in palette order (an unnamed stack has no legend row).
    static func swatches(_ names: [String]) -> [LegendEntry] {
        names.enumerated().compactMap { index, name in
            name.isEmpty ? nil : LegendEntry(name: name, color: ChartPalette.color(index), symbol: .swatch)
        }
    }
}

/// Accumulates an SVG document. Attribute values and text are escaped here, so callers pass raw strings.
struct SVGWriter {
    static let fontSize = 12.0
    static let tickFontSize = 11.0
    static let titleFontSize = 16.0
    static let legendRow = 18.0

    let width: Double
    let height: Double
    private var output = ""

    init(width: Int, height: Int, title: String) {
        self.width = Double(min(max(width, 50), 100_000))
        self.height = Double(min(max(height, 50), 100_000))
        let w = ChartFormat.coord(self.width), h = ChartFormat.coord(self.height)
        output += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        output += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
        output += " font-family=\"Helvetica, Arial, sans-serif\" font-size=\"\(ChartFormat.coord(Self.fontSize))\">\n"
        // A title's second line (after "\n") is a subtitle: what the chart shows (cell, temperature, C-rate, protocol).
        let lines = title.split(separator: "\n", maxSplits: 1).map(String.init)
        if !title.isEmpty { output += "<title>\(ChartFormat.escape(lines.joined(separator: " — ")))</title>\n" }
        output += "<rect width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
        if let first = lines.first {
            self.text(first, x: self.width / 2, y: 26, anchor: "middle", size: Self.titleFontSize, bold: true)
        }
        if lines.count > 1 {
            self.text(lines[1], x: self.width / 2, y: 44, anchor: "middle", size: Self.fontSize, fill: "#444444")
        }
    }

    /// Top margin for a chart with or without a title (and a subtitle: the title's second line).
    static func topMargin(title: String) -> Double { title.isEmpty ? 16 : title.contains("\n") ? 58 : 42 }

    // MARK: - Elements

    /// `<name a="v" …/>`, or `<name …><title>tooltip</title></name>` with a tooltip.
    mutating func element(_ name: String, _ attributes: [(String, String)], tooltip: String? = nil) {
        output += "<\(name)"
        for (key, value) in attributes { output += " \(key)=\"\(ChartFormat.escape(value))\"" }
        if let tooltip {
            output += "><title>\(ChartFormat.escape(tooltip))</title></\(name)>\n"
        } else {
            output += "/>\n"
        }
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        output += "<\(name)"
        for (key, value) in attributes { output += " \(key)=\"\(ChartFormat.escape(value))\"" }
        output += ">\n"
    }

    mutating func close(_ name: String) { output += "</\(name)>\n" }

    /// Appends markup verbatim; the caller guarantees it is well-formed.
    mutating func raw(_ markup: String) { output += markup }

    /// A text label; `rotate` is in degrees about the anchor point; `middle` centres it vertically on `y`.
    mutating func text(
        _ string: String, x: Double, y: Double, anchor: String = "start", size: Double? = nil, bold: Bool = false,
        rotate: Double? = nil, fill: String? = nil, italic: Bool = false, middle: Bool = false
    ) {
        guard !string.isEmpty else { return }
        var attributes = [("x", ChartFormat.coord(x)), ("y", ChartFormat.coord(y))]
        if middle { attributes.append(("dy", "0.35em")) }
        if anchor != "start" { attributes.append(("text-anchor", anchor)) }
        if let size { attributes.append(("font-size", ChartFormat.coord(size))) }
        if bold { attributes.append(("font-weight", "bold")) }
        if italic { attributes.append(("font-style", "italic")) }
        if let fill { attributes.append(("fill", fill)) }
        if let rotate {
            attributes.append(("transform", "rotate(\(ChartFormat.coord(rotate)) \(ChartFormat.coord(x)) \(ChartFormat.coord(y)))"))
        }
        output += "<text"
        for (key, value) in attributes { output += " \(key)=\"\(ChartFormat.escape(value))\"" }
        output += ">\(ChartFormat.escape(string))</text>\n"
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double) {
        element("line", [
            ("x1", ChartFormat.coord(x1)), ("y1", ChartFormat.coord(y1)),
            ("x2", ChartFormat.coord(x2)), ("y2", ChartFormat.coord(y2)),
        ])
    }

    /// The finished document.
    func finish() -> String { output + "</svg>\n" }

    // MARK: - Chart furniture

    /// Vertical grid lines, tick marks and labels of a numeric x axis.
    mutating func xAxis(_ axis: ChartAxis, in plot: PlotArea) {
        let positions = axis.ticks.map { plot.x(axis.unit($0)) }
        open("g", [("class", "grid"), ("stroke", "#e5e5e5")])
        for x in positions { line(x, plot.top, x, plot.bottom) }
        close("g")
        open("g", [("class", "ticks"), ("stroke", "#333333")])
        for x in positions { line(x, plot.bottom, x, plot.bottom + 5) }
        close("g")
        open("g", [("class", "tick-labels"), ("font-size", ChartFormat.coord(Self.tickFontSize)), ("text-anchor", "middle")])
        for (x, label) in zip(positions, axis.labels) { text(label, x: x, y: plot.bottom + 18) }
        close("g")
    }

    /// Horizontal grid lines, tick marks and labels of a numeric y axis.
    mutating func yAxis(_ axis: ChartAxis, in plot: PlotArea) {
        let positions = axis.ticks.map { plot.y(axis.unit($0)) }
        open("g", [("class", "grid"), ("stroke", "#e5e5e5")])
        for y in positions { line(plot.left, y, plot.right, y) }
        close("g")
        open("g", [("class", "ticks"), ("stroke", "#333333")])
        for y in positions { line(plot.left - 5, y, plot.left, y) }
        close("g")
        open("g", [("class", "tick-labels"), ("font-size", ChartFormat.coord(Self.tickFontSize)), ("text-anchor", "end")])
        for (y, label) in zip(positions, axis.labels) { text(label, x: plot.left - 8, y: y, middle: true) }
        close("g")
    }

    /// Width the y tick labels need, px.
    static func yLabelWidth(_ labels: [String]) -> Double {
        labels.map { ChartFormat.textWidth($0, fontSize: tickFontSize) }.max() ?? 0
    }

    /// Left margin for y tick labels of `labelWidth` px plus an optional rotated axis title.
    static func leftMargin(labelWidth: Double, yLabel: String) -> Double {
        (yLabel.isEmpty ? 10 : 30) + labelWidth + 10
    }

    /// Axis titles: `xLabel` centred `offset` px below the plot, `yLabel` rotated along the left edge of the canvas.
    mutating func axisTitles(x xLabel: String, y yLabel: String, plot: PlotArea, xOffset: Double = 38) {
        text(xLabel, x: plot.midX, y: plot.bottom + xOffset, anchor: "middle")
        text(yLabel, x: 16, y: plot.midY, anchor: "middle", rotate: -90, middle: true)
    }

    /// The plot border (drawn after the data so it sits on top).
    mutating func frame(_ plot: PlotArea) {
        element("rect", [
            ("class", "frame"), ("x", ChartFormat.coord(plot.left)), ("y", ChartFormat.coord(plot.top)),
            ("width", ChartFormat.coord(plot.width)), ("height", ChartFormat.coord(plot.height)),
            ("fill", "none"), ("stroke", "#333333"),
        ])
    }

    /// The "no data" note in the middle of the plot.
    mutating func noData(_ plot: PlotArea) {
        text("no data", x: plot.midX, y: plot.midY, anchor: "middle", size: 14, fill: "#888888", italic: true, middle: true)
    }

    /// Width a legend of these names needs, capped at 30 % of the canvas (0 without names).
    func legendWidth(_ names: [String]) -> Double {
        guard let widest = names.map({ ChartFormat.textWidth($0, fontSize: Self.fontSize) }).max() else { return 0 }
        return min(widest + 34, width * 0.3)
    }

    /// A legend column `legendWidth` px wide at (`x`, `y`); rows that do not fit above `maxY` collapse into "+N more".
    mutating func legend(_ entries: [LegendEntry], x: Double, y: Double, legendWidth: Double, maxY: Double) {
        guard !entries.isEmpty else { return }
        let capacity = max(Int((maxY - y) / Self.legendRow), 1)
        let shown = entries.count <= capacity ? entries : Array(entries.prefix(capacity - 1))
        let characters = ChartFormat.characters(fitting: legendWidth - 34, fontSize: Self.fontSize)
        open("g", [("class", "legend")])
        for (row, entry) in shown.enumerated() {
            let cy = y + Self.legendRow * (Double(row) + 0.5)
            legendSymbol(entry, x: x, y: cy)
            text(ChartFormat.truncate(entry.name, to: characters), x: x + 28, y: cy, middle: true)
        }
        if shown.count < entries.count {
            let cy = y + Self.legendRow * (Double(shown.count) + 0.5)
            text("+\(entries.count - shown.count) more", x: x + 28, y: cy, fill: "#666666", italic: true, middle: true)
        }
        close("g")
    }

    private mutating func legendSymbol(_ entry: LegendEntry, x: Double, y: Double) {
        switch entry.symbol {
        case .swatch:
            element("rect", [
                ("x", ChartFormat.coord(x + 4)), ("y", ChartFormat.coord(y - 6)), ("width", "14"), ("height", "12"),
                ("fill", entry.color),
            ])
        case .line, .lineAndMarker, .marker:
            if entry.symbol != .marker {
                var attributes = [
                    ("x1", ChartFormat.coord(x)), ("y1", ChartFormat.coord(y)),
                    ("x2", ChartFormat.coord(x + 22)), ("y2", ChartFormat.coord(y)),
                    ("stroke", entry.color), ("stroke-width", "2"),
                ]
                if let dash = entry.dash { attributes.append(("stroke-dasharray", dash)) }
                element("line", attributes)
            }
            if entry.symbol != .line { marker(x: x + 11, y: y, square: entry.square, fill: entry.color) }
        }
    }

    /// A 6 px data marker (circle or square) centred on (`x`, `y`); `fill` nil inherits from the enclosing group.
    mutating func marker(x: Double, y: Double, square: Bool, fill: String? = nil) {
        var attributes: [(String, String)]
        if square {
            attributes = [
                ("x", ChartFormat.coord(x - 3)), ("y", ChartFormat.coord(y - 3)), ("width", "6"), ("height", "6"),
            ]
        } else {
            attributes = [("cx", ChartFormat.coord(x)), ("cy", ChartFormat.coord(y)), ("r", "3")]
        }
        if let fill { attributes.append(("fill", fill)) }
        element(square ? "rect" : "circle", attributes)
    }
}
