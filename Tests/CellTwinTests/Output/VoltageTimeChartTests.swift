import Foundation
import Testing
@testable import CellTwin

/// Voltage against time over a whole recorded run: none without a trace, one line per temperature named by it, and
/// hours on the time axis.
@Suite struct VoltageTimeChartTests {
    static func solution(temperature_K: Double, samples: Int) -> Solution {
        var t = Trace()
        for i in 0..<samples {
            t.time_s.append(Double(i) * 2)
            t.cycle.append(1)
            t.step.append(i < samples / 2 ? 1 : 2)
            t.voltage_V.append(3.4 - 0.0001 * Double(i))
            t.current_A_m2.append(1)
            t.charge_C_m2.append(Double(i))
            t.meanStoichiometry.append(0.5)
            t.surfaceStoichiometry.append(0.5)
        }
        let design = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte())
        return Solution(design: design, temperature_K: temperature_K, cycles: [], trace: samples > 0 ? t : nil, status: .completed,
                        rhsEvaluations: 0, acceptedSteps: 0)
    }

    @Test func noTraceNoChart() {
        #expect(Charts.voltageTimeChart(solutions: [Self.solution(temperature_K: 303.15, samples: 0)], subtitle: "") == nil)
        #expect(Charts.voltageTimeChart(solutions: [Self.solution(temperature_K: 303.15, samples: 1)], subtitle: "") == nil)
    }

    /// 9000 samples 2 s apart span 5 h; two runs are named by their temperatures.
    @Test func oneLinePerTemperatureInHours() throws {
        let runs = [Self.solution(temperature_K: 303.15, samples: 9000), Self.solution(temperature_K: 333.15, samples: 9000)]
        let svg = try #require(Charts.voltageTimeChart(solutions: runs, subtitle: "\nLi | SIMPLE | LIN"))
        let parsed = try #require(ParsedSVG(svg))
        #expect(parsed.text.contains("Voltage vs time") && parsed.text.contains("Li | SIMPLE | LIN"))
        #expect(parsed.text.contains("time (h)") && parsed.text.contains("voltage (V)"))
        #expect(parsed.text.contains("30 °C") && parsed.text.contains("60 °C"))
        #expect(parsed.elements(withClass: "series").count == 2)
        let one = try #require(Charts.voltageTimeChart(solutions: [runs[0]], subtitle: ""))
        #expect(try #require(ParsedSVG(one)).text.contains("voltage") && !one.contains("30 °C"))
    }
}
