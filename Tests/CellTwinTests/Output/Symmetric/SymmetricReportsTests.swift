import Foundation
import Testing
@testable import CellTwin

/// `celltwin symmetric`'s report: its files, 20 checkpoints in the table and 100 in CSV and JSON unless asked for.
@Suite struct SymmetricReportsTests {
    @Test func filesAndCheckpointsOfAPlatingStrippingRun() throws {
        let sim = try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(), temperature_C: 25)
        let result = try sim.platingStripping(PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: 0.05, duration_h: 15))
        #expect(result.halfCycles.count == 30)
        let report = PlatingStrippingReport(result, checkpoints: nil, title: "Li | SIMPLE | Li")
        #expect(try report.files().map(\.name) == ["result.json", "half_cycles.csv", "trace.csv", "voltage.svg"])
        #expect(report.tableRecord.overpotential_V.count == 20 && report.record.overpotential_V.count == 30)
        // The CSV on standard output: a header and one row per checkpoint.
        #expect(report.csv().split(separator: "\n").count == 1 + 30)
        let asked = PlatingStrippingReport(result, checkpoints: 5, title: "")
        #expect(asked.tableRecord.overpotential_V.count == 5 && asked.record.overpotential_V.count == 5)
        let json = try report.json()
        #expect(json.contains("\"time_to_short_h\" : null"), "a run without a short writes null")
    }
}
