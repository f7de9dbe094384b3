import Foundation
import Testing
@testable import CellTwin

/// `celltwin inspect`: the format, columns and every cycle of a cycler file, as table, CSV and JSON.
@Suite struct CyclerInspectionTests {
    static let text = "Data_Point,Test_Time(s),Current(A),Voltage(V),Cycle_Index,Step_Index\n"
        + "1,0,0,3.3,1,1\n2,3600,1,3.6,1,2\n3,7200,-1,3.2,1,3\n4,10800,1,3.6,2,2\n5,14400,-0.9,3.2,2,3\n"

    @Test("an Arbin-like file: its columns with units, two cycles with capacities and CE, one row per cycle in the CSV")
    func inspectAFile() throws {
        let path = try CyclerFixtures.temporaryFile("arbin.csv", Self.text)
        let i = try CyclerInspection(path: path)
        #expect(i.columns.map(\.name) == ["Data_Point", "Test_Time(s)", "Current(A)", "Voltage(V)", "Cycle_Index", "Step_Index"])
        #expect(i.columns[2].unit == "A" && i.columns[0].unit == nil)
        #expect(i.cycles.map(\.cycle) == [1, 2] && i.data_rows == 5 && i.skipped_rows == 0)
        // Arbin writes charge currents positive: 1 Ah charged and 1 Ah (cycle 2: 0.9 Ah) discharged in each cycle.
        #expect(i.cycles[0].charge_Ah == 1 && i.cycles[0].discharge_Ah == 1 && abs((i.cycles[1].coulombic_efficiency ?? 0) - 0.9) < 1e-12)
        #expect(i.cycles[0].duration_h == 2)
        let csv = i.csv().split(separator: "\n")
        #expect(csv.count == 3)
        let back = try JSONDecoder().decode(CyclerInspection.self, from: JSONEncoder().encode(i))
        #expect(back == i)
        #expect(i.table().contains(i.format))
    }
}
