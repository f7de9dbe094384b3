import Foundation
import Testing
@testable import CellTwin

@Suite("Bode plot")
struct BodePlotTests {
    @Test("an R‖C: log₁₀|Z| from log₁₀ R to the capacitor's slope, −φ from 0° to 90°, 45° at 1/(2πRC)")
    func parallelRC() throws {
        let c = try Circuit("p(R1,C1)")
        let f = ImpedanceSpectrum.logFrequencies(maximum_Hz: 1e6, minimum_Hz: 1e-2, perDecade: 10)
        let s = c.spectrum(frequencies_Hz: f, parameters: [100, 1e-5]) // corner 159 Hz
        let plot = BodePlot(title: "R‖C", series: [.init(name: "model", spectrum: s, style: .line)])
        let top = plot.modulusChart.series[0], bottom = plot.phaseChart.series[0]
        #expect(top.x.first == 6 && abs(top.x.last! + 2) < 1e-12)
        #expect(abs(top.y.last! - 2) < 1e-6)          // |Z| → R = 100 Ω at DC
        #expect(abs(bottom.y.last!) < 0.01)            // −φ → 0° at DC
        #expect(abs(bottom.y.first! - 90) < 0.1)       // capacitive at 1 MHz
        let corner = c.spectrum(frequencies_Hz: [1 / (2 * Double.pi * 100 * 1e-5)], parameters: [100, 1e-5])
        #expect(abs(-corner.phase_deg[0] - 45) < 1e-9)
    }

    @Test("the document is well-formed XML with both panels, both axis titles and the legend names")
    func document() throws {
        let s = try Circuit("R0-p(R1,CPE1)").spectrum(frequencies_Hz: [1e4, 1e3, 100, 10, 1], parameters: [5, 50, 1e-4, 0.9])
        let svg = BodePlot(title: "Li | E | Li at 30 °C", series: [.init(name: "data", spectrum: s, style: .markers),
                                                                    .init(name: "fit", spectrum: s, style: .line)]).svg()
        let parsed = try #require(ParsedSVG(svg))
        #expect(parsed.elements(named: "svg").count == 3) // the document and its two panels
        for text in [BodePlot.modulusLabel, BodePlot.phaseLabel, BodePlot.xLabel, "data", "fit", "Li | E | Li at 30 °C"] {
            #expect(parsed.text.contains(text), "\(text)")
        }
        // An empty spectrum still gives a well-formed document.
        #expect(ParsedSVG(BodePlot(title: "", series: []).svg()) != nil)
    }
}
