import Foundation

/// A Bode plot of one or more spectra: two stacked ``LineChart`` panels sharing the frequency axis, log₁₀|Z| (Ω)
/// on top and −φ (degrees, positive for capacitive behaviour, as impedance.py's `plot_bode` draws it) below, both
/// against log₁₀ f (Hz), so every decade is the same width. The panels are nested `<svg>` elements in one
/// document; the series keep their names and colours in both panels.
public struct BodePlot: SVGChart {
    public var title: String
    public var series: [NyquistPlot.Series]
    public var width: Int
    /// Height of each panel (px); the document is twice as high.
    public var panelHeight: Int

    public static let xLabel = "log₁₀(f / Hz)"
    public static let modulusLabel = "log₁₀(|Z| / Ω)"
    public static let phaseLabel = "−φ / °"

    public init(title: String, series: [NyquistPlot.Series], width: Int = 720, panelHeight: Int = 340) {
        self.title = title
        self.series = series
        self.width = width
        self.panelHeight = panelHeight
    }

    /// The top panel (log₁₀|Z| against log₁₀ f).
    public var modulusChart: LineChart {
        LineChart(title: title, xLabel: Self.xLabel, yLabel: Self.modulusLabel,
                  series: series.map { s in
                      ChartSeries(name: s.name, x: s.spectrum.frequencies_Hz.map(Self.log10OrNaN),
                                  y: s.spectrum.modulus_ohm.map(Self.log10OrNaN), style: s.style)
                  }, width: width, height: panelHeight)
    }

    /// The bottom panel (−φ against log₁₀ f).
    public var phaseChart: LineChart {
        LineChart(title: "", xLabel: Self.xLabel, yLabel: Self.phaseLabel,
                  series: series.map { s in
                      ChartSeries(name: s.name, x: s.spectrum.frequencies_Hz.map(Self.log10OrNaN),
                                  y: s.spectrum.phase_deg.map { -$0 }, style: s.style)
                  }, width: width, height: panelHeight)
    }

    public func svg() -> String {
        let top = modulusChart, bottom = phaseChart
        // Both panels share the x range so their decades line up.
        let xs = series.flatMap { $0.spectrum.frequencies_Hz.map(Self.log10OrNaN) }.filter(\.isFinite)
        var panels = [top, bottom]
        if let lo = xs.min(), let hi = xs.max(), hi > lo {
            let a = lo.rounded(.down), b = hi.rounded(.up)
            for k in panels.indices { panels[k].xRange = a...b }
        }
        let w = ChartFormat.coord(Double(top.width)), h = ChartFormat.coord(Double(2 * max(panelHeight, 50)))
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\">\n"
        if !title.isEmpty { out += "<title>\(ChartFormat.escape(title))</title>\n" }
        for (k, panel) in panels.enumerated() {
            out += Self.nested(panel.svg(), y: Double(k * max(panelHeight, 50)))
        }
        return out + "</svg>\n"
    }

    /// A standalone chart document as an `<svg>` element placed at `y`, without its XML declaration.
    static func nested(_ document: String, y: Double) -> String {
        var body = document
        if body.hasPrefix("<?xml"), let end = body.firstIndex(of: "\n") { body = String(body[body.index(after: end)...]) }
        if let open = body.range(of: "<svg ") {
            body.replaceSubrange(open, with: "<svg x=\"0\" y=\"\(ChartFormat.coord(y))\" ")
        }
        return body
    }

    static func log10OrNaN(_ x: Double) -> Double { x > 0 ? Foundation.log10(x) : .nan }
}
