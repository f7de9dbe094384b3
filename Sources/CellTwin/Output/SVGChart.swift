import Foundation

/// A chart that renders itself as a standalone SVG file a browser can open.
///
/// Contract shared by ``LineChart``, ``StackedBarChart`` and ``Heatmap``: `svg()` never traps on user data (NaN,
/// infinities, empty or ragged arrays); it returns a complete, well-formed XML document with all text XML-escaped,
/// never writes a non-finite number, writes coordinates with at most two decimals, and is deterministic
/// (equal inputs give byte-identical output). An empty chart shows a "no data" note.
public protocol SVGChart: Sendable {
    /// The chart as an SVG document (UTF-8 text, with an XML declaration).
    func svg() -> String
}

extension SVGChart {
    /// Writes ``svg()`` to `url` with ``AtomicFile/write(_:to:)``.
    public func write(to url: URL) throws {
        try AtomicFile.write(svg(), to: url)
    }
}

/// One data series of a ``LineChart``.
///
/// Points are the pairs `(x[i], y[i])` for `i < min(x.count, y.count)`; extra values in the longer array are
/// ignored. A point with a NaN or infinite coordinate is skipped and breaks the line.
public struct ChartSeries: Sendable, Equatable {
    /// How the points are drawn.
    public enum Style: Sendable, Equatable {
        case line
        case markers
        case lineAndMarkers

        var hasLine: Bool { self != .markers }
        var hasMarkers: Bool { self != .line }
    }

    /// Legend text (an empty name leaves the series out of the legend).
    public var name: String
    public var x: [Double]
    public var y: [Double]
    public var style: Style

    public init(name: String, x: [Double], y: [Double], style: Style = .line) {
        self.name = name
        self.x = x
        self.y = y
        self.style = style
    }

    /// Number of (x, y) points.
    var count: Int { min(x.count, y.count) }
}

/// Series colours: ten well-separated hues (matplotlib "tab10"); past ten they repeat with dashed, then dotted lines.
enum ChartPalette {
    static let colors = [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    ]

    static func color(_ index: Int) -> String {
        colors[((index % colors.count) + colors.count) % colors.count]
    }

    /// `stroke-dasharray` for series `index`, nil for a solid line.
    static func dash(_ index: Int) -> String? {
        switch (max(index, 0) / colors.count) % 3 {
        case 1: return "7 3"
        case 2: return "2 2"
        default: return nil
        }
    }

    /// Whether series `index` uses square markers instead of circles (every other pass through the colours).
    static func squareMarkers(_ index: Int) -> Bool {
        (max(index, 0) / colors.count) % 2 == 1
    }
}
