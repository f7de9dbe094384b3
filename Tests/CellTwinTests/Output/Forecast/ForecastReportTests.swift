import Foundation
import Testing
@testable import CellTwin

/// `celltwin forecast`'s report: the observed life (known only to tests) is never written; the table says the interval
/// or that it is open above; the CSV has one row in the header's order.
@Suite struct ForecastReportTests {
    static func forecast(low: Double?, high: Double?) -> CycleLifeForecast {
        CycleLifeForecast(predicted_cycles_to_threshold: 812.4, interval_low: low, interval_high: high, model: "twin, fade k·n^0.5",
                          threshold_Ah: 0.88, first_cycles: 50, observed_cycles_to_threshold: 790, notes: ["fit on 50 cycles"])
    }

    @Test func theObservedLifeIsNeverWritten() throws {
        let report = ForecastReport(Self.forecast(low: 700, high: 950), cell: 3, threshold_Ah: 0.88, firstCycles: 50)
        #expect(report.record.observed_cycles_to_threshold == nil)
        let json = try report.json()
        #expect(!json.contains("790") && json.contains("812.4"))
        #expect(try report.files().map(\.name) == ["forecast.json"])
    }

    @Test func tableAndCSV() {
        let closed = ForecastReport(Self.forecast(low: 700, high: 950), cell: 3, threshold_Ah: 0.88, firstCycles: 50)
        #expect(closed.table() == "cell 3: 812 cycles to 0.88 Ah (95 % interval 700–950) from its first 50 cycles\n"
                + "model: twin, fade k·n^0.5\nnote: fit on 50 cycles\n")
        #expect(closed.csv() == "predicted_cycles_to_threshold,interval_low,interval_high,threshold_Ah,first_cycles,model\n"
                + "812.4,700.0,950.0,0.88,50,\"twin, fade k·n^0.5\"\n")
        let open = ForecastReport(Self.forecast(low: 700, high: nil), cell: 1, threshold_Ah: 0.88, firstCycles: 50)
        #expect(open.table().hasPrefix("cell 1: 812 cycles to 0.88 Ah (interval open above) from its first 50 cycles\n"))
        #expect(open.csv().hasSuffix("812.4,700.0,,0.88,50,\"twin, fade k·n^0.5\"\n"))
    }
}
