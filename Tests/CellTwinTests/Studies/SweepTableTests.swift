import Foundation
import Testing
@testable import CellTwin

/// Sweep tables: CSV fields, columns and the text table.
@Suite struct SweepTableTests {
    @Test func csvFieldsSplitLikeTheyWereWritten() throws {
        let fields = ["a", "b,c", "say \"hi\"", "", "end"]
        let line = SweepTable.line(fields).dropLast()
        #expect(SweepTable.split(line) == fields)
        #expect(SweepTable.split("\"open") == nil)
    }

    @Test("columns are the axes then the metrics; a row holds the coordinates, six-digit metrics and the end")
    func columnsAndFields() throws {
        #expect(SweepTable.columns(axes: [.temperature, .cRate]) == ["temperature_C", "c_rate"] + SweepTable.metricColumns)
        let r = SweepRecord(point: 0, coordinates: [.number(60), .number(0.5)], firstDischargeCapacity_mAh_g: 151.2345678,
                            finalRetention: 0.9, cyclesTo80: nil, end: .completed)
        let f = SweepTable.fields(r)
        #expect(f.count == 2 + SweepTable.metricColumns.count)
        #expect(Array(f.prefix(4)) == ["60", "0.5", "151.235", "0.9"] && f[4] == "")
        let csv = SweepTable.csv([r], axes: [.temperature, .cRate]).split(separator: "\n")
        #expect(csv.count == 2 && csv[0] == Substring(SweepTable.columns(axes: [.temperature, .cRate]).joined(separator: ",")))
    }

    @Test("a band's range text: ends scaled and formatted, infinite ends as ∞")
    func bandRange() {
        let b = PredictionBand(value: 0.8, low: 0.75, high: .infinity, method: "sampled", driver: nil)
        #expect(SweepTable.range(b, scale: 100, format: "%.1f") == "75.0–∞")
        #expect(SweepTable.range(PredictionBand(value: 1, low: -.infinity, high: 2, method: "", driver: nil), scale: 1, format: "%g") == "−∞–2")
        #expect(SweepTable.range(PredictionBand(value: 1, low: .infinity, high: .infinity, method: "", driver: nil), scale: 1, format: "%g")
                == "no run reaches it")
    }
}
