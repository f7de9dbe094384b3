import Foundation
import Testing
@testable import CellTwin

@Suite("CapacityMatrix on Attia et al. 2020 (Qn.csv, final_results.csv)")
struct CapacityMatrixTests {
    static let matrix = Result { try CapacityMatrix(path: CyclerFixtures.capacityMatrix) }
    static let lives = Result { try CycleLifeTable(path: CyclerFixtures.cycleLives) }

    @Test("Qn.csv: 45 cells, zero padding removed: 453–1176 cycles per cell, each ending at 0.843–0.873 Ah")
    func matrixShape() throws {
        let m = try Self.matrix.get()
        #expect(m.cellCount == 45)
        #expect(m.cycleCounts.min() == 453 && m.cycleCounts.max() == 1176)
        #expect(m.cycleCounts.prefix(3) == [771, 753, 917])
        let ends = m.capacities_Ah.compactMap(\.last)
        #expect(ends.count == 45 && (ends.min() ?? 0) >= 0.843 && (ends.max() ?? 1) <= 0.874)
        // No padding or gaps left: all values within 0.782 Ah (row 18's brief dip) and 1.071 Ah.
        #expect(m.capacities_Ah.allSatisfy { row in row.allSatisfy { $0 >= 0.782 && $0 <= 1.071 } })
        #expect(m.capacities_Ah[0].prefix(8) == [1.0473, 1.0486, 1.0493, 1.0492, 1.0495, 1.0496, 1.0498, 1.0498])
    }

    @Test("cycle life from Qn (last cycle above 0.88 Ah, + 1) equals final_results for 44 of 45 cells (row 31: 777 vs 778)")
    func cycleLivesAgree() throws {
        let m = try Self.matrix.get(), lives = try Self.lives.get().cycleLivesByCell
        let fromMatrix = (0..<45).map { m.cycleLife(cell: $0, threshold_Ah: 0.88) ?? 0 }
        let differing = (0..<45).filter { fromMatrix[$0] != lives[$0] }
        #expect(differing == [30])
        #expect(fromMatrix[30] == 777 && lives[30] == 778)
    }

    @Test("one cell as the common record, through CyclerFile with format detection")
    func oneCell() throws {
        #expect(try CyclerFile.detect(path: CyclerFixtures.capacityMatrix) == .capacityMatrix)
        let d = try CyclerFile.read(path: CyclerFixtures.capacityMatrix, options: CyclerReadOptions(nominalCapacity_Ah: 1.1, cell: 44))
        #expect(d.metadata.format == .capacityMatrix && d.metadata.nominalCapacity_Ah == 1.1 && d.series == nil)
        #expect(d.cycles.count == 610 && d.cycles.first?.cycle == 1 && d.cycles.last?.cycle == 610)
        #expect(d.cycles.allSatisfy { $0.chargeCapacity_Ah == nil && $0.dischargeCapacity_Ah != nil })
        let e = CyclerFixtures.inputError { _ = try CyclerFile.read(path: CyclerFixtures.capacityMatrix) }
        #expect(e?.message.contains("45 cells") == true)
        let out = CyclerFixtures.inputError { _ = try CyclerFile.read(path: CyclerFixtures.capacityMatrix, options: .init(cell: 45)) }
        #expect(out?.message.contains("0–44") == true)
    }

    @Test("matrix traps: a gap inside a row, text, negative values, a row cut short, a header line, an empty file")
    func traps() throws {
        let gap = try CapacityMatrix(text: "1.0,0,0.98,0.97,0,0\n1.1,1.09,NaN,,\n", path: "m.csv")
        #expect(gap.cycleCounts == [4, 2])
        #expect(gap.capacities_Ah[0][1].isNaN && gap.capacities_Ah[0][3] == 0.97)
        #expect(try gap.data(cell: 0).cycles.map(\.cycle) == [1, 3, 4])
        let cases: [(String, String)] = [
            ("1.0,0.99,abc\n", "m.csv:1: column 3 (cycle 3): 'abc' is not a capacity"),
            ("1.0,0.99\n1.0,-0.5\n", "m.csv:2: column 2 (cycle 2): capacity -0.5 Ah is negative"),
            ("1.0,0.99,0.98\n1.0,0.99", "m.csv:2: the last row is cut short (2 of 3 columns)"),
            ("cycle1,cycle2\n1.0,0.99\n", "m.csv:1: column 1 (cycle 1): 'cycle1' is not a capacity (a capacity matrix has no header line)"),
            ("\n\n", "m.csv:1: the file is empty"),
        ]
        for (text, expected) in cases {
            let e = CyclerFixtures.inputError { _ = try CapacityMatrix(text: text, path: "m.csv") }
            #expect(e?.description.hasPrefix(expected) == true, "\(e?.description ?? "")")
        }
    }
}
