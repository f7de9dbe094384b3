import Foundation
import Testing
@testable import CellTwin

/// The charts of a run say what they show: cell, temperature, C-rates and protocol.
@Suite struct ChartsTests {
    @Test("run charts: every title's second line names the cell, temperature and C-rates; a trace adds voltage vs time")
    func runChartTitles() throws {
        var options = SimulationOptions()
        options.recordTrace = true
        let design = try Fixtures.frozenDesign()
        let experiment = try Experiment.cccv(chargeRate: 0.5, dischargeRate: 1, minimumVoltage: 2.5, maximumVoltage: 3.8, cycles: 1)
        let solution = try Simulator(design: design, temperature_C: 30, options: options).run(experiment)
        let charts = Charts.solutionCharts(solutions: [solution], plotCycles: [1])
        #expect(charts.map(\.name) == ["capacity.svg", "voltage.svg", "voltage-time.svg"])
        for (name, svg) in charts {
            let parsed = try #require(ParsedSVG(svg), "\(name) is not well-formed")
            #expect(parsed.text.contains("CMP-VAMMT | LFP, 30 °C, charge 0.5C + CV to 3.8 V, discharge 1C to 2.5 V"), "\(name)")
        }
        // Voltage vs time spans the run: hours from 0 to the cycle's duration, voltages inside the window.
        let vt = try #require(ParsedSVG(charts[2].svg))
        #expect(vt.text.contains("time (h)") && vt.text.contains("Voltage vs time"))
    }
}
