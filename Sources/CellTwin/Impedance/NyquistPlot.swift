import Foundation

/// A Nyquist plot (−Z″ against Z′, both in Ω) as a ``LineChart`` with equal scales on both axes: the ranges are
/// chosen so that one ohm spans the same number of pixels horizontally and vertically (the layout mirrors
/// ``LineChart``'s margins; two passes settle the y tick-label width).
public enum NyquistPlot {
    public struct Series: Sendable {
        public var name: String
        public var spectrum: ImpedanceSpectrum
        public var style: ChartSeries.Style

        public init(name: String, spectrum: ImpedanceSpectrum, style: ChartSeries.Style) {
            self.name = name
            self.spectrum = spectrum
            self.style = style
        }
    }

    public static let xLabel = "Z′ / Ω"
    public static let yLabel = "−Z″ / Ω"

    public static func chart(title: String, series: [Series], width: Int = 720, height: Int = 520) -> LineChart {
        let chartSeries = series.map { ChartSeries(name: $0.name, x: $0.spectrum.real_ohm, y: $0.spectrum.minusImaginary_ohm, style: $0.style) }
        var chart = LineChart(title: title, xLabel: xLabel, yLabel: yLabel, series: chartSeries, width: width, height: height)
        let xs = chartSeries.flatMap(\.x).filter(\.isFinite), ys = chartSeries.flatMap(\.y).filter(\.isFinite)
        guard let x0 = xs.min(), let x1 = xs.max(), let y0 = ys.min(), let y1 = ys.max() else { return chart }
        let yLow = min(y0, 0)
        let spanX = max(x1 - x0, 1e-300), spanY = max(y1 - yLow, 1e-300)
        let legend = series.map(\.name).filter { !$0.isEmpty }
        let widest = legend.map { ChartFormat.textWidth($0, fontSize: SVGWriter.fontSize) }.max()
        let right = widest.map { min($0 + 34, Double(width) * 0.3) + 28 } ?? 24
        let top = SVGWriter.topMargin(title: title), bottom = 50.0
        let plotHeight = Double(height) - top - bottom
        var left = 80.0
        for _ in 0..<2 {
            let plotWidth = Double(width) - left - right
            guard plotWidth > 10, plotHeight > 10 else { return chart }
            // Ω per pixel: enough for both spans, with 5 % margin.
            let k = 1.05 * max(spanX / plotWidth, spanY / plotHeight)
            let xLow = x0 - (k * plotWidth - spanX) / 2
            let yBase = yLow - 0.025 * k * plotHeight
            chart.xRange = xLow...(xLow + k * plotWidth)
            chart.yRange = yBase...(yBase + k * plotHeight)
            let yAxis = NiceTicks.axis(data: nil, fixed: chart.yRange,
                                       target: NiceTicks.target(length: plotHeight, spacing: 50))
            left = SVGWriter.leftMargin(labelWidth: SVGWriter.yLabelWidth(yAxis.labels), yLabel: yLabel)
        }
        return chart
    }
}
