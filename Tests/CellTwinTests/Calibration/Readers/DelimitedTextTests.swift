import Foundation
import Testing
@testable import CellTwin

/// The delimited-text splitter under every cycler reader: delimiters, header detection, line numbers, decimal commas
/// and errors that name the file, line and column.
@Suite struct DelimitedTextTests {
    @Test("comment and blank lines are skipped but counted; a trailing delimiter adds no field")
    func rowsKeepTheirFileLines() throws {
        let text = "# exported\nTime,Voltage,\n\n0,3.4,\n# pause\n10,3.5\n"
        let t = try DelimitedText(text: text, path: "a.csv")
        #expect(t.delimiter == .comma)
        #expect(t.header == ["Time", "Voltage"])
        #expect(t.rows.map(\.line) == [4, 6])
        #expect(t.rows[0].fields.count == 2)
        #expect(try t.numbers(column: 1) == [3.4, 3.5])
    }

    @Test("tab before comma before semicolon; a first field that is a number means no header")
    func delimiterAndHeaderDetection() throws {
        let tab = try DelimitedText(text: "a\tb\n1,5\t2\n", path: "t.txt")
        #expect(tab.delimiter == .tab && tab.header == ["a", "b"])
        // Decimal comma in a tab file.
        #expect(try tab.numbers(column: 0) == [1.5])
        let semi = try DelimitedText(text: "1;2\n3;4\n", path: "s.txt")
        #expect(semi.delimiter == .semicolon && semi.header == nil && semi.rows.count == 2)
        // headerLine 0 forces no header even when the first field is text.
        let forced = try DelimitedText(text: "x,1\ny,2\n", path: "f.csv", headerLine: 0)
        #expect(forced.header == nil && forced.rows.map(\.line) == [1, 2])
        // An explicit header line skips what is above it.
        let below = try DelimitedText(text: "junk\nmore junk\nq,v\n1,2\n", path: "b.csv", headerLine: 3)
        #expect(below.header == ["q", "v"] && below.rows.map(\.line) == [4])
    }

    @Test("CRLF and CR line ends number lines like LF; a UTF-8 BOM is dropped; Latin-1 bytes decode")
    func lineEndsAndEncodings() throws {
        for end in ["\n", "\r\n", "\r"] {
            let t = try DelimitedText(text: ["I(mA)", "1", "2"].joined(separator: end), path: "e.csv")
            #expect(t.header == ["I(mA)"] && t.rows.map(\.line) == [2, 3], "line end \(end.debugDescription)")
        }
        #expect(DelimitedText.decode(Data([0xEF, 0xBB, 0xBF, 0x61])) == "a")
        // 0xB5 is µ in ISO-8859-1 and not valid UTF-8 on its own.
        #expect(DelimitedText.decode(Data([0x49, 0x2F, 0xB5, 0x41])) == "I/\u{B5}A")
    }

    @Test("a text cell, an empty cell, ∞ and a short row are errors naming file, line and column")
    func cellErrors() throws {
        func message(_ text: String, column: Int = 1) -> String {
            do {
                _ = try DelimitedText(text: text, path: "m.csv").numbers(column: column, name: "Voltage")
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(message("t,v\n0,3.4\n1,abc\n") == "m.csv:3: column 2 (Voltage): 'abc' is not a number")
        #expect(message("t,v\n0,3.4\n1, \n2,3\n").hasPrefix("m.csv:3: column 2 (Voltage)"))
        #expect(message("t,v\n0,inf\n").hasPrefix("m.csv:2: column 2 (Voltage)") && message("t,v\n0,inf\n").contains("not a finite number"))
        #expect(message("t,v,w\n0,1,2\n5\n", column: 2) == "m.csv:3: column 3 (Voltage) is missing (the row has 1 fields)")
    }

    @Test("an empty file and a header line past the end are errors")
    func emptyFiles() {
        #expect { try DelimitedText(text: "# only a comment\n\n", path: "z.csv") } throws: { "\($0)" == "z.csv: no data in the file" }
        #expect { try DelimitedText(text: "a,b\n", path: "z.csv", headerLine: 5) } throws: { "\($0)".hasPrefix("z.csv:5:") }
    }

    @Test("numbers: quoted, decimal comma without a point, surrounding spaces; text is nil")
    func numberSpellings() {
        #expect(DelimitedText.number(" 2.5 ") == 2.5)
        #expect(DelimitedText.number("\"3.25\"") == 3.25)
        #expect(DelimitedText.number("1,5") == 1.5)
        #expect(DelimitedText.number("1,000.5") == nil)
        #expect(DelimitedText.number("volts") == nil)
        #expect(DelimitedText.number("NaN")?.isNaN == true)
    }
}
