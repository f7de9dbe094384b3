import Foundation
import Testing
@testable import CellTwin

/// Nyquist charts: −Z″ against Z′ with one ohm the same length on both axes.
@Suite struct NyquistPlotTests {
    static func chart(_ spectrum: ImpedanceSpectrum) -> LineChart {
        NyquistPlot.chart(title: "Li | E | Li", series: [.init(name: "model", spectrum: spectrum, style: .line)])
    }

    /// R₀ + R‖C with the given R: a semicircle twice as wide as it is tall.
    static func arc(_ r: Double, r0: Double) -> ImpedanceSpectrum {
        let f = ImpedanceSpectrum.logFrequencies()
        return ImpedanceSpectrum(frequencies_Hz: f, impedances_ohm: f.map { Complex(r0, 0) + r / Complex(1, 2 * .pi * $0 * r * 1e-6) })
    }

    @Test("axes are Z′ and −Z″; every point lies inside the ranges and the ordinate starts at or below zero")
    func rangesHoldTheData() throws {
        for s in [Self.arc(100, r0: 10), Self.arc(5, r0: 1000)] {
            let c = Self.chart(s)
            #expect(c.xLabel == NyquistPlot.xLabel && c.yLabel == NyquistPlot.yLabel)
            let x = try #require(c.xRange), y = try #require(c.yRange)
            #expect(s.real_ohm.allSatisfy(x.contains) && s.minusImaginary_ohm.allSatisfy(y.contains))
            #expect(y.lowerBound <= 0)
        }
    }

    @Test("equal scales: Ω per pixel on the abscissa equals the ordinate's, whatever the arc's aspect")
    func equalScales() throws {
        for s in [Self.arc(100, r0: 10), Self.arc(5, r0: 1000), Self.arc(1e4, r0: 0)] {
            let c = Self.chart(s)
            let x = try #require(c.xRange), y = try #require(c.yRange)
            let plotHeight = 520 - SVGWriter.topMargin(title: "Li | E | Li") - 50
            let ohmPerPixel = (y.upperBound - y.lowerBound) / plotHeight
            // The abscissa's span at that scale is the plot's width: the chart's width less its margins.
            let plotWidth = (x.upperBound - x.lowerBound) / ohmPerPixel
            #expect(plotWidth > 720 * 0.5 && plotWidth < 720 - 24, "plot width \(plotWidth) px")
        }
    }

    @Test("an empty series leaves the ranges to the chart")
    func noData() {
        let c = Self.chart(ImpedanceSpectrum(frequencies_Hz: [], impedances_ohm: []))
        #expect(c.xRange == nil && c.yRange == nil)
    }
}
