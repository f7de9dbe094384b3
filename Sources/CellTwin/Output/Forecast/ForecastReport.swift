import Foundation

/// `celltwin forecast`: the predicted cycle life of one cell with its interval, model and notes.
public struct ForecastReport: Report {
    /// The forecast as written (the observed life, which only tests read, left out).
    public let record: CycleLifeForecast
    public let cell: Int
    public let threshold_Ah: Double
    public let firstCycles: Int

    public init(_ forecast: CycleLifeForecast, cell: Int, threshold_Ah: Double, firstCycles: Int) {
        var record = forecast
        record.observed_cycles_to_threshold = nil
        self.record = record
        self.cell = cell
        self.threshold_Ah = threshold_Ah
        self.firstCycles = firstCycles
    }

    public func files() throws -> [ReportFile] { [ReportFile("forecast.json", try json())] }
    public func json() throws -> String { try SolutionReport.json(record) }

    public func csv() -> String {
        func n(_ x: Double?) -> String { x.map { String(format: "%.1f", $0) } ?? "" }
        return "predicted_cycles_to_threshold,interval_low,interval_high,threshold_Ah,first_cycles,model\n"
            + "\(n(record.predicted_cycles_to_threshold)),\(n(record.interval_low)),\(n(record.interval_high)),\(threshold_Ah),\(firstCycles),\"\(record.model)\"\n"
    }

    public func table() -> String {
        let p = record.predicted_cycles_to_threshold ?? 0
        var out: String
        if let lo = record.interval_low, let hi = record.interval_high {
            out = String(format: "cell %d: %.0f cycles to %.4g Ah (95 %% interval %.0f–%.0f) from its first %d cycles",
                         cell, p, threshold_Ah, lo, hi, firstCycles)
        } else {
            out = String(format: "cell %d: %.0f cycles to %.4g Ah (interval open above) from its first %d cycles", cell, p, threshold_Ah,
                         firstCycles)
        }
        out += "\nmodel: \(record.model)\n"
        for note in record.notes { out += "note: \(note)\n" }
        return out
    }
}
