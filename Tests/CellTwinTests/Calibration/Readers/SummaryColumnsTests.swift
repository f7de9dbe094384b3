import Foundation
import Testing
@testable import CellTwin

/// Per-cycle summary columns: capacities and energies in Ah and Wh, missing values as nil, increasing cycles.
@Suite struct SummaryColumnsTests {
    static func cycles(_ text: String) throws -> [MeasuredCycle] {
        let t = try CyclerTable(text: text, path: "sum.csv", format: "summary")
        let s = SummaryColumns(cycle: try t.require(["cycle"], what: "cycle"), label: t.find(["label"]),
                               chargeCapacity: t.find(["Qc"]), dischargeCapacity: t.find(["Qd"]),
                               chargeEnergy: nil, dischargeEnergy: t.find(["Ed"]), start: nil, duration: t.find(["dt"]))
        return try s.cycles(of: t)
    }

    @Test("units from the column names; NaN and empty cells are nil; an empty label is none")
    func valuesAndUnits() throws {
        let c = try Self.cycles("cycle,label,Qc(mAh),Qd(mAh),Ed(Wh),dt(h)\n1,formation,1000,950,3.4,2\n2,,NaN,940,,1.5\n")
        #expect(c.map(\.cycle) == [1, 2] && c[0].label == "formation" && c[1].label == nil)
        #expect(c[0].chargeCapacity_Ah == 1 && abs((c[0].dischargeCapacity_Ah ?? 0) - 0.95) < 1e-12 && c[1].chargeCapacity_Ah == nil)
        #expect(c[0].dischargeEnergy_Wh == 3.4 && c[1].dischargeEnergy_Wh == nil && c[0].chargeEnergy_Wh == nil)
        #expect(c[0].duration_s == 7200 && c[1].duration_s == 5400)
    }

    @Test("a cycle that does not increase names its line and column")
    func increasingCycles() {
        #expect { try Self.cycles("cycle,Qd\n1,1\n3,1\n2,1\n") } throws: {
            "\($0)" == "sum.csv:4: column 1 (cycle): cycle 2 after cycle 3; a summary needs increasing cycles"
        }
    }
}
