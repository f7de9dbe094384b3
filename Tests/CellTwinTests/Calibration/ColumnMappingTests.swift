import Foundation
import Testing
@testable import CellTwin

/// A caller's column mapping: time series or summary, and the current sign it declares.
@Suite struct ColumnMappingTests {
    @Test("a mapping with a time column is a time series; without one a per-cycle summary; charge-positive by default")
    func kinds() {
        let series = ColumnMapping(time: .init("t"), current: .init("I", unit: .milliampere), voltage: .init("U"))
        let summary = ColumnMapping(cycle: "n", dischargeCapacity: .init("Q"))
        #expect(series.isTimeSeries && !summary.isTimeSeries)
        #expect(series.currentSign == .positiveOnCharge && series.current?.unit == .milliampere && series.voltage?.unit == nil)
    }

    @Test("a summary mapping reads cycles and capacities; a cycle that does not increase names its line and column")
    func summaryThroughTheMapping() throws {
        let mapping = ColumnMapping(cycle: "n", dischargeCapacity: .init("Q", unit: .milliampereHour))
        let d = try GenericCSVReader.read(text: "n,Q\n1,1000\n2,990\n", path: "s.csv", mapping: mapping)
        #expect(d.series == nil && d.cycles.map(\.cycle) == [1, 2])
        #expect(abs((d.cycles[1].dischargeCapacity_Ah ?? 0) - 0.99) < 1e-12 && abs((d.cycles[0].dischargeCapacity_Ah ?? 0) - 1) < 1e-12)
        #expect { try GenericCSVReader.read(text: "n,Q\n1,1000\n1,990\n", path: "s.csv", mapping: mapping) } throws: {
            "\($0)".hasPrefix("s.csv:3: column 1 (n): cycle 1 after cycle 1")
        }
    }
}
