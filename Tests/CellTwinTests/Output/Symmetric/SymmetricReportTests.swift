import Foundation
import Testing
@testable import CellTwin

/// The tables and CSV of the Li | E | Li commands: checkpoints spread evenly over a run, and one CSV row per
/// half-cycle in lab units (hours, mA/cm², mAh/cm²).
@Suite struct SymmetricReportTests {
    /// Checkpoints of a long run: `count` half-cycles evenly spread, first and last included; a short run keeps all.
    @Test func checkpointsSpreadEvenlyOverTheRun() throws {
        let sim = try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(), temperature_C: 25)
        let result = try sim.platingStripping(PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: 0.1, duration_h: 9))
        let picked = SymmetricReport.checkpoints(result.halfCycles, count: 5)
        #expect(picked.map(\.index) == [1, 3, 5, 7, 9])
        #expect(SymmetricReport.checkpoints(result.halfCycles, count: 20).count == 9)
    }

    /// 0.1 mA/cm² for 1 h half-cycles: each row 1 h long, ±0.1 mA/cm² alternating, 0.1 mAh/cm² passed.
    @Test func oneRowPerHalfCycleInLabUnits() throws {
        let sim = try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(), temperature_C: 25)
        let result = try sim.platingStripping(PlatingStripping(current_mA_cm2: 0.1, capacity_mAh_cm2: 0.1, duration_h: 2))
        let lines = SymmetricReport.halfCyclesCSV(result.halfCycles).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(lines.count == 3 && lines[0].map(String.init) == SymmetricReport.halfCycleColumns)
        for (k, row) in lines.dropFirst().enumerated() {
            let value = { (column: String) -> Double in Double(row[SymmetricReport.halfCycleColumns.firstIndex(of: column)!]) ?? .nan }
            #expect(value("half_cycle") == Double(k + 1))
            #expect(abs(value("start_h") - Double(k)) < 1e-6 && abs(value("end_h") - Double(k + 1)) < 1e-6)
            #expect(abs(abs(value("current_mA_cm2")) - 0.1) < 1e-6 && abs(abs(value("charge_mAh_cm2")) - 0.1) < 1e-6, "\(row)")
        }
        #expect(Double(lines[1][3])! * Double(lines[2][3])! < 0, "plating and stripping alternate")
    }
}
