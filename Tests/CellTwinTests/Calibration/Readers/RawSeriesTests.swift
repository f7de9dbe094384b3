import Foundation
import Testing
@testable import CellTwin

/// The checks every cycler reader shares: time never going back (one glitch row left out), cycle indexes continued
/// after a restart, rows dropped with their reason.
@Suite struct RawSeriesTests {
    static func raw(time: [Double], cycle: [Int]) -> RawSeries {
        RawSeries(time_s: time, current_A: time.map { _ in 1 }, voltage_V: time.map { _ in 3.5 }, cycle: cycle,
                  step: time.map { _ in 1 }, temperature_C: nil, chargeCounter_Ah: nil, dischargeCounter_Ah: nil,
                  line: Array(2..<(2 + time.count)))
    }

    static var metadata: CyclerMetadata { CyclerMetadata(format: .arbin, sourcePath: "r.csv") }

    @Test("one row before its neighbour, with the next continuing, is a glitch left out and listed")
    func glitchRow() throws {
        var m = Self.metadata
        let s = try Self.raw(time: [0, 10, -84.8, 20, 20], cycle: [1, 1, 1, 1, 1]).assemble(path: "r.csv", timeColumn: "Test_Time", metadata: &m)
        #expect(s.time_s == [0, 10, 20, 20] && s.line == [2, 3, 5, 6])
        #expect(m.skippedRows.map(\.line) == [4] && m.skippedRows[0].reason.contains("a glitch record, left out"))
    }

    @Test("time going back for good is an error naming the line, the column and the last good line")
    func timeGoesBack() {
        var m = Self.metadata
        #expect {
            try Self.raw(time: [0, 10, 5, 6], cycle: [1, 1, 1, 1]).assemble(path: "r.csv", timeColumn: "Test_Time", metadata: &m)
        } throws: { "\($0)" == "r.csv:4: Test_Time: time goes backwards (5.0 s after 10.0 s at line 3)" }
        #expect { try Self.raw(time: [], cycle: []).assemble(path: "r.csv", timeColumn: "t", metadata: &m) } throws: {
            "\($0)" == "r.csv: no data rows left to read"
        }
    }

    @Test("a cycle index that restarts is continued from the last cycle + 1, with a note")
    func cycleRestart() throws {
        var m = Self.metadata
        let s = try Self.raw(time: [0, 1, 2, 3, 4], cycle: [1, 2, 1, 1, 2]).assemble(path: "r.csv", timeColumn: "t", metadata: &m)
        #expect(s.cycle == [1, 2, 3, 3, 4])
        #expect(m.notes == ["the cycle index restarts at line 4 (1 after 2); numbering continued: cycle 1 there is cycle 3 here"])
    }

    @Test("drop leaves out the rows given a reason, in every column, and lists them")
    func drop() {
        var m = Self.metadata
        var r = Self.raw(time: [0, 1, 2, 3], cycle: [1, 1, 2, 2])
        r.temperature_C = [20, 21, 22, 23]
        r.drop(&m) { $0 == 1 ? "rest row" : nil }
        #expect(r.time_s == [0, 2, 3] && r.cycle == [1, 2, 2] && r.temperature_C == [20, 22, 23] && r.line == [2, 4, 5])
        #expect(m.skippedRows == [SkippedRow(line: 3, reason: "rest row")])
    }
}
