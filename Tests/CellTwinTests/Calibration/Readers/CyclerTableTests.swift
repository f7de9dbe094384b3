import Foundation
import Testing
@testable import CellTwin

/// The cycler table every reader builds on: columns found by name and unit, values converted to the record's units,
/// missing-value spellings, clock times, and errors naming the file, line and column.
@Suite struct CyclerTableTests {
    static let text = "# Cycler export\nTest Time(h),Current(mA),Voltage [V],Cycle_Index,Note\n0,100,3.40,1,a\n0.5,N/A,3.45,1,\n1:30:00,-50,3.30,2,b\n"

    func table(_ text: String = Self.text) throws -> CyclerTable {
        try CyclerTable(text: text, path: "run.csv", format: "test")
    }

    @Test("the header is the first content line; columns match by name without case, spaces, _ or unit")
    func columnsByName() throws {
        let t = try table()
        #expect(t.headerLine == 2 && t.count == 3 && t.lines == [3, 4, 5])
        let current = try #require(t.find(["current"]))
        #expect(current.index == 1 && current.unit == .milliampere && current.label == "column 2 (Current(mA))")
        #expect(t.find(["cycleindex"])?.index == 3)
        #expect(t.find(["Voltage"])?.unit == .volt)
        #expect(t.find(["Capacity"]) == nil)
    }

    @Test("numbers are converted from the column's unit; N/A and an empty cell are NaN unless required")
    func numbersInRecordUnits() throws {
        let t = try table()
        let i = try t.numbers(try #require(t.find(["Current"])), unit: .ampere, required: false)
        #expect(i[0] == 0.1 && i[1].isNaN && i[2] == -0.05)
        #expect {
            try t.numbers(try #require(t.find(["Current"])), unit: .ampere, required: true)
        } throws: { "\($0)" == "run.csv:4: column 2 (Current(mA)) has no value ('N/A'), and test rows need one" }
        // A column whose unit measures something else is an error naming the header line.
        #expect {
            try t.numbers(try #require(t.find(["Voltage"])), unit: .ampere, required: false)
        } throws: { "\($0)".hasPrefix("run.csv:2: column 3 (Voltage [V]): unit V is not a unit of current") }
    }

    @Test("times: numbers in the column's unit and clock strings, both in seconds")
    func times() throws {
        let t = try table()
        #expect(try t.times(try #require(t.find(["Test Time"]))) == [0, 1800, 5400])
    }

    @Test("whole numbers: a fractional index names its line")
    func integers() throws {
        let t = try table()
        #expect(try t.integers(try #require(t.find(["Cycle_Index"]))) == [1, 1, 2])
        let bad = try table("c,v\n1,3\n1.5,3\n")
        #expect { try bad.integers(bad.column(0)) } throws: { "\($0)" == "run.csv:3: column 1 (c): 1.5 is not a whole number" }
    }

    @Test("require names the header line, what is missing and the columns present")
    func requireNamesTheColumns() throws {
        let t = try table("a,b\n1,2\n")
        #expect { try t.require(["Voltage", "Ewe"], what: "voltage") } throws: {
            "\($0)" == "run.csv:1: no voltage column ('Voltage' or 'Ewe') in this test file; the columns are 'a', 'b'"
        }
    }

    @Test("an empty file, a header with no rows and a last row cut short are errors")
    func badFiles() {
        #expect { try table("  \n") } throws: { "\($0)" == "run.csv:1: the file is empty (test expected)" }
        #expect { try table("a,b\n") } throws: { "\($0)" == "run.csv:1: no data rows after the column names" }
        #expect { try table("a,b,c\n1,2,3\n4,5") } throws: {
            "\($0)".hasPrefix("run.csv:3: the last row is cut short (2 of 3 fields; column 3 (c)")
        }
        // A complete last row without a line break is fine.
        #expect((try? table("a,b\n1,2")) != nil)
    }
}
