import Foundation

extension Charts {
    /// `voltage-time.svg`: full-cell voltage against time over the whole recorded run (hours), one line per
    /// temperature; nil without a trace. Long traces are thinned to about 4000 points per run by keeping every n-th sample plus each step's last one,
    /// so pulses and step ends stay visible.
    static func voltageTimeChart(solutions: [Solution], subtitle: String) -> String? {
        var series: [ChartSeries] = []
        for s in solutions {
            guard let t = s.trace, t.count >= 2 else { continue }
            let every = max(t.count / 4000, 1)
            var x: [Double] = [], y: [Double] = []
            for i in 0..<t.count where i % every == 0 || i == t.count - 1 || (i + 1 < t.count && t.step[i + 1] != t.step[i])
                || (i > 0 && t.step[i - 1] != t.step[i]) {
                x.append(t.time_s[i] / 3600)
                y.append(t.voltage_V[i])
            }
            let name = solutions.count > 1 ? String(format: "%g °C", s.temperature_C) : "voltage"
            series.append(ChartSeries(name: name, x: x, y: y, style: .line))
        }
        guard !series.isEmpty else { return nil }
        return LineChart(title: "Voltage vs time" + subtitle, xLabel: "time (h)", yLabel: "voltage (V)", series: series).svg()
    }
}
