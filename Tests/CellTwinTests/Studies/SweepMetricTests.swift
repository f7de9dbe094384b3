import Foundation
import Testing
@testable import CellTwin

/// Metrics a sweep reports (`--metric`).
@Suite struct SweepMetricTests {
    @Test func metricsParseAndRejectUnknownNames() throws {
        #expect(try SweepMetric.list("capacity,cycles-to-80, energy") == [.capacity, .cyclesTo80, .energy])
        let error = try #require(throws: SweepError.self) { try SweepMetric.list("capacity,speed") }
        #expect(error.description.contains("--metric") && error.description.contains("speed"), "\(error)")
        #expect(throws: SweepError.self) { try SweepMetric.list("retention,retention") }
    }

    @Test("each metric reads its field of a record, retention in %, and titles its axis with the unit")
    func valuesAndLabels() {
        let r = SweepRecord(point: 0, coordinates: [], firstDischargeCapacity_mAh_g: 150, finalRetention: 0.85, cyclesTo80: 300,
                            meanOverpotential_V: 0.05, dischargeEnergy_mWh_g: 500, end: .completed)
        let values: [SweepMetric: Double] = [.capacity: 150, .retention: 85, .cyclesTo80: 300, .overpotential: 0.05, .energy: 500]
        for m in SweepMetric.allCases { #expect(m.value(r) == values[m], "\(m)") }
        #expect(SweepMetric.retention.value(SweepRecord(point: 0, coordinates: [], end: .noCapacity)) == nil)
        #expect(SweepMetric.retention.band(r) == nil)
        let fixed = SweepContext(title: "CPCSE | LFP", cycles: 500, threshold: nil)
        #expect(SweepMetric.retention.label(fixed) == "retention after 500 cycles (%)")
        #expect(SweepMetric.retention.label(SweepContext(title: "", cycles: 500, threshold: 0.7)) == "retention at the end (%)")
        #expect(SweepMetric.allCases.allSatisfy { !$0.title.isEmpty && !$0.label(fixed).isEmpty })
        #expect(Set(SweepMetric.allCases.map(\.title)).count == SweepMetric.allCases.count)
    }
}
