import Foundation
import Testing
@testable import CellTwin

/// The measurement table: columns in their fixed order, typed fields, and errors naming file, line and column.
@Suite struct MeasurementsTests {
    static let header = MeasurementTable.columns.joined(separator: ",")

    func message(_ text: String) -> String {
        do { _ = try MeasurementTable.parse(text: text, path: "m.csv"); return "accepted" } catch { return "\(error)" }
    }

    @Test("a row's fields: numbers, an empty qualifier read as '=', a quoted note with a comma, blank lines skipped")
    func fields() throws {
        let text = Self.header + "\nlab,CPCSE,rate_capability,LFP,60,0.5,,,3,,discharge_capacity,150,mAh/g,,\"a, b\"\n\n"
            + "lab,PPSE,conductivity,,25,,,,,,sigma,1e-4,S/cm,<,\n"
        let rows = try MeasurementTable.parse(text: text, path: "m.csv")
        #expect(rows.count == 2)
        let r = rows[0]
        #expect(r.line == 2 && r.cathode == "LFP" && r.temperature_C == 60 && r.cRate == 0.5 && r.cycle == 3)
        #expect(r.value == 150 && r.valueText == "150" && r.qualifier == "=" && r.note == "a, b" && r.current_mA_cm2 == nil)
        #expect(rows[1].line == 4 && rows[1].qualifier == "<" && rows[1].location == "m.csv:4")
        // Filtered by electrolyte.
        #expect(try MeasurementTable.parse(text: text, path: "m.csv", electrolyte: "PPSE").map(\.line) == [4])
    }

    @Test("columns out of order, missing or unknown are named against the expected list")
    func header() {
        let swapped = MeasurementTable.columns.enumerated().map { $0.offset == 0 ? "electrolyte" : $0.offset == 1 ? "source" : $0.element }
        #expect(message(swapped.joined(separator: ",") + "\n").hasSuffix("; they are in another order"))
        #expect(message(Self.header.replacingOccurrences(of: ",note", with: ",comment") + "\n").contains("; missing: note; unknown: comment"))
        #expect(message(Self.header.replacingOccurrences(of: ",note", with: ",comment") + "\n").hasPrefix("m.csv:1: expected the columns"))
    }

    @Test("a bad number, a fractional cycle, a rate outside its limits, an empty required field or a short row name line and column")
    func rowErrors() {
        func row(_ edit: (inout [String]) -> Void) -> String {
            var f = ["lab", "X", "conductivity", "", "25", "", "", "", "", "", "sigma", "1e-4", "S/cm", "=", ""]
            edit(&f)
            return Self.header + "\n" + f.joined(separator: ",") + "\n"
        }
        #expect(message(row { $0[4] = "warm" }) == "m.csv:2: key 'temperature_C': 'warm' is not a finite decimal number")
        #expect(message(row { $0[8] = "2.5" }).hasPrefix("m.csv:2: key 'cycle': '2.5' is not a cycle number"))
        #expect(message(row { $0[5] = "-1" }).hasPrefix("m.csv:2: key 'c_rate': "))
        #expect(message(row { $0[0] = " " }) == "m.csv:2: key 'source': is empty")
        #expect(message(row { $0.removeLast() }).hasPrefix("m.csv:2: 14 fields, expected 15"))
        #expect(message(row { _ in }) == "accepted")
    }
}
