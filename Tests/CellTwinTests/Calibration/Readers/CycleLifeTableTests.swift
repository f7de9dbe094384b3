import Foundation
import Testing
@testable import CellTwin

/// The cycle-life table (Attia et al. 2020, `final_results.csv`): the shipped file, and small inline tables for the
/// column rules and errors.
@Suite struct CycleLifeTableTests {
    static let lives = Result { try CycleLifeTable(path: CyclerFixtures.cycleLives) }

    @Test("final_results.csv (UTF-8 BOM): 9 protocols × 5 replicates with the listed cycle lives")
    func cycleLifeTable() throws {
        let t = try Self.lives.get()
        #expect(t.chargeRates_C.count == 9 && t.cycleLives.count == 9)
        #expect(t.chargeRates_C[0] == [3.6, 6, 5.6] && t.chargeRates_C[8] == [8, 7, 5.2])
        #expect(t.cycleLives[0] == [761, 743, 907, 748, 616])
        #expect(t.cycleLives[1] == [914, 678, 989, 1089, 751])
        #expect(t.cycleLives[8] == [443, 454, 477, 506, 600])
        #expect(t.cycleLivesByCell.count == 45)
    }

    @Test("C… columns are the charge rates and R… the replicate lives, row by row; other columns are ignored")
    func inlineTable() throws {
        let text = "Policy,C1,C2,R1,R2,R3,Note\n3.6C-80PER,3.6,6,761,743,907,x\n4C-80PER,4,4.8,914,678,989,y\n"
        let t = try CycleLifeTable(text: text, path: "lives.csv")
        #expect(t.chargeRates_C == [[3.6, 6], [4, 4.8]])
        #expect(t.cycleLives == [[761, 743, 907], [914, 678, 989]])
        // Cell r·n + i is replicate i of row r.
        #expect(t.cycleLivesByCell == [761, 743, 907, 914, 678, 989])
    }

    @Test("a table without R columns names its header line and columns; a non-positive life names its line and column")
    func badTables() {
        #expect {
            try CycleLifeTable(text: "\nC1,C2,Life\n3.6,6,761\n", path: "lives.csv")
        } throws: { e in
            let s = "\(e)"
            return s.hasPrefix("lives.csv:2:") && s.contains("no replicate columns") && s.contains("'Life'")
        }
        #expect {
            try CycleLifeTable(text: "C1,R1,R2\n3.6,761,743\n4,0,989\n", path: "lives.csv")
        } throws: { e in
            let s = "\(e)"
            return s.hasPrefix("lives.csv:3:") && s.contains("R1") && s.contains("cycle life 0 is not positive")
        }
    }
}
