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
}
