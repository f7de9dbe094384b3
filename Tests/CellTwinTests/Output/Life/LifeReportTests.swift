import Foundation
import Testing
@testable import CellTwin

/// A lifetime run's record and CSV: each cycle's retention is its discharge over the retention reference, the CSV has
/// one row per reported cycle carrying the record's numbers.
@Suite struct LifeReportTests {
    static func record() throws -> LifeRecord {
        var o = LifeOptions()
        o.exact = true
        o.maxCycles = 6
        let design = try Fixtures.frozenDesign()
        let steps = try LifeSimulator.standardCycle(cathode: design.cathode, chargeRate: 1, dischargeRate: 1)
        let r = try LifeSimulator(design: design, temperature_C: 30, options: o)
            .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 6)]))
        return LifeRecord(r)
    }

    @Test func retentionIsTheDischargeOverTheReference() throws {
        let r = try Self.record()
        #expect(r.cycles.count == 6 && r.electrolyte == "CMP-VAMMT" && r.cathode == "LFP" && abs(r.temperature_C - 30) < 1e-9)
        for c in r.cycles {
            #expect(abs(c.retention * r.retention_reference_mAh_g - c.discharge_capacity_mAh_g) < 1e-9 * c.discharge_capacity_mAh_g,
                    "cycle \(c.cycle)")
        }
        #expect(abs(r.initial_discharge_capacity_mAh_g - r.cycles[0].discharge_capacity_mAh_g) < 1e-9 * r.initial_discharge_capacity_mAh_g)
        #expect(r.protocol_description == "charge 1C + CV to 3.8 V, discharge 1C to 2.5 V")
    }

    @Test func theCSVCarriesTheRecordsNumbers() throws {
        let r = try Self.record()
        let rows = LifeReport.csv(r).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.first?.map(String.init) == ["cycle", "discharge_capacity_mAh_g", "charge_capacity_mAh_g", "retention",
                                                 "overpotential_V", "coulombic_efficiency", "simulated"])
        #expect(rows.count == 1 + r.cycles.count)
        for (row, c) in zip(rows.dropFirst(), r.cycles) {
            #expect(Int(row[0]) == c.cycle && row[6] == "true")
            #expect(abs((Double(row[1]) ?? 0) / c.discharge_capacity_mAh_g - 1) < 1e-5)
            #expect(abs((Double(row[3]) ?? 0) / c.retention - 1) < 1e-5)
        }
    }
}
