import Foundation
import Testing
@testable import CellTwin

/// Parser traps on small synthetic files written to a temporary directory.
@Suite("Cycler readers: parser traps and errors")
struct CyclerFileTests {
    static let arbinHeader = "Data_Point,Test_Time,DateTime,Step_Time,Step_Index,Cycle_Index,Current,Voltage,"
        + "Charge_Capacity,Discharge_Capacity,Charge_Energy,Discharge_Energy,dV/dt,Internal_Resistance,Temperature,Aux_Voltage"

    /// An Arbin file: header + rows "point,time,…" built from (time, step, cycle, current, voltage, temperature).
    static func arbin(_ rows: [(Double, Int, Int, Double, String, String)], lineEnd: String = "\n") -> String {
        var text = arbinHeader + lineEnd
        for (k, r) in rows.enumerated() {
            text += "\(k),\(r.0),\(1_500_000_000 + r.0),\(r.0),\(r.1),\(r.2),\(r.3),\(r.4),0.0,0.0,0.0,0.0,0.0,,\(r.5),"
            text += lineEnd
        }
        return text
    }

    static let rows: [(Double, Int, Int, Double, String, String)] = [
        (0, 1, 1, 0, "3.30", "25.0"), (10, 2, 1, 1.0, "3.40", "25.1"), (20, 2, 1, 1.0, "3.45", ""),
        (30, 3, 2, -2.0, "3.20", "25.3"),
    ]

    func read(_ name: String, _ text: String, format: CyclerFormat = .auto) throws -> CyclerData {
        try CyclerFile.read(path: try CyclerFixtures.temporaryFile(name, text), format: format)
    }

    @Test("BOM and CRLF: same record as the plain LF file, and the format is still detected")
    func bomAndCRLF() throws {
        let plain = try read("a.csv", Self.arbin(Self.rows))
        let bom = try read("b.csv", "\u{FEFF}" + Self.arbin(Self.rows, lineEnd: "\r\n"))
        #expect(plain.metadata.format == .arbin && bom.metadata.format == .arbin)
        #expect(String(describing: plain.series) == String(describing: bom.series)) // NaN ≠ NaN for ==
        let s = try #require(plain.series)
        #expect(s.time_s == [0, 10, 20, 30] && s.current_A == [0, -1, -1, 2] && s.voltage_V == [3.3, 3.4, 3.45, 3.2])
        #expect(s.cycle == [1, 1, 1, 2] && s.line == [2, 3, 4, 5])
        let t = try #require(s.temperature_C)
        #expect(t[1] == 25.1 && t[2].isNaN) // empty cell in an optional column
    }

    @Test("NaN / N/A / empty cells: NaN in optional columns, an error naming line and column in required ones")
    func missingValues() throws {
        var rows = Self.rows
        rows[1].5 = "NaN"
        rows[2].5 = "N/A"
        let ok = try read("nan.csv", Self.arbin(rows))
        #expect(ok.series?.temperature_C?.dropFirst().prefix(2).allSatisfy { $0.isNaN } == true)
        for bad in ["N/A", "NaN", ""] {
            var r = Self.rows
            r[2].4 = bad
            let e = CyclerFixtures.inputError { _ = try read("v.csv", Self.arbin(r)) }
            #expect(e?.description.contains("v.csv:4: column 8 (Voltage) has no value ('\(bad)')") == true, "\(e?.description ?? "")")
        }
        var text = Self.rows
        text[1].4 = "3.4V"
        let e = CyclerFixtures.inputError { _ = try read("x.csv", Self.arbin(text)) }
        #expect(e?.description.contains("x.csv:3: column 8 (Voltage): '3.4V' is not a number") == true, "\(e?.description ?? "")")
    }

    @Test("a last row cut short in mid-row is an error naming its line and first missing column")
    func truncatedRow() throws {
        let text = Self.arbin(Self.rows) + "4,40.0,1500000040.0,40.0,3,2,-2.0,3.1"
        let e = CyclerFixtures.inputError { _ = try read("cut.csv", text) }
        #expect(e?.description.contains("cut.csv:6: the last row is cut short (8 of 16 fields; column 9 (Charge_Capacity)") == true,
                "\(e?.description ?? "")")
        // Cut before a required column, with a line break: that column is missing.
        let short = Self.arbin(Self.rows) + "4,40.0,1500000040.0,40.0,3,2\n"
        let f = CyclerFixtures.inputError { _ = try read("short.csv", short) }
        #expect(f?.description.contains("short.csv:6: column 7 (Current) is missing: the row ends after 6 of 16 fields") == true,
                "\(f?.description ?? "")")
        // A complete last row without a line break is fine (neware_uio.csv and final_results.csv end that way).
        let complete = String(Self.arbin(Self.rows).dropLast())
        #expect(try read("complete.csv", complete).series?.count == 4)
    }

    @Test("time going backwards: an error naming line and column; one isolated glitch row is left out and listed")
    func nonMonotonicTime() throws {
        var back = Self.rows
        back[2].0 = 5
        back[3].0 = 6
        let e = CyclerFixtures.inputError { _ = try read("back.csv", Self.arbin(back)) }
        #expect(e?.description.contains("back.csv:4: column 2 (Test_Time): time goes backwards (5.0 s after 10.0 s at line 3)") == true,
                "\(e?.description ?? "")")
        var glitch = Self.rows
        glitch[2].0 = -84.8 // as Data_Point 8062 of 2019-01-14-GITT_CH16.csv
        let d = try read("glitch.csv", Self.arbin(glitch))
        #expect(d.series?.time_s == [0, 10, 30] && d.metadata.dataRowCount == 4)
        #expect(d.metadata.skippedRows.map(\.line) == [4])
        // Equal times (a step change within the clock's resolution) are fine.
        var equal = Self.rows
        equal[2].0 = 10
        #expect(try read("equal.csv", Self.arbin(equal)).series?.time_s == [0, 10, 10, 30])
        // A last row going back cannot be a glitch (nothing continues after it).
        var last = Self.rows
        last[3].0 = 15
        #expect(CyclerFixtures.inputError { _ = try read("last.csv", Self.arbin(last)) }?.line == 5)
    }

    @Test("a cycle index that restarts is continued, and the reset is noted")
    func cycleReset() throws {
        var rows = Self.rows
        rows.append((40, 1, 1, 0, "3.3", "25"))
        rows.append((50, 2, 1, 1, "3.4", "25"))
        rows.append((60, 2, 2, 1, "3.4", "25"))
        let d = try read("reset.csv", Self.arbin(rows))
        #expect(d.series?.cycle == [1, 1, 1, 2, 3, 3, 4])
        #expect(d.cycles.map(\.cycle) == [1, 2, 3, 4])
        #expect(d.metadata.notes.contains { $0.contains("restarts at line 6 (1 after 2)") })
    }

    @Test("wrong columns, an unknown layout, an empty or header-only file, a missing file")
    func wrongFiles() throws {
        let noVoltage = "Data_Point,Test_Time,Cycle_Index,Step_Index,Current\n0,0,1,1,0\n"
        let e = CyclerFixtures.inputError { _ = try read("nov.csv", noVoltage, format: .arbin) }
        #expect(e?.description.contains("nov.csv:1: no voltage column ('Voltage') in this Arbin CSV file") == true, "\(e?.description ?? "")")
        #expect(e?.description.contains("'Data_Point', 'Test_Time', 'Cycle_Index', 'Step_Index', 'Current'") == true)
        let unknown = CyclerFixtures.inputError { _ = try read("u.csv", "a,b,c\n1,2,3\n") }
        #expect(unknown?.description.contains("u.csv:1: not a recognised cycler export: 'a,b,c'") == true, "\(unknown?.description ?? "")")
        let lives = CyclerFixtures.inputError { _ = try CyclerFile.read(path: CyclerFixtures.cycleLives) }
        #expect(lives?.message.contains("CycleLifeTable") == true)
        for (name, text) in [("empty.csv", ""), ("blank.csv", "\n \r\n")] {
            let e = CyclerFixtures.inputError { _ = try read(name, text) }
            #expect(e?.description.contains("\(name):1: the file is empty") == true, "\(e?.description ?? "")")
            for format in [CyclerFormat.arbin, .maccor, .neware, .bioLogic, .batteryDataHubRaw, .beepSummary] {
                let f = CyclerFixtures.inputError { _ = try read(name, text, format: format) }
                #expect(f?.message.contains("empty") == true, "\(format.name): \(f?.description ?? "")")
            }
        }
        let headerOnly = CyclerFixtures.inputError { _ = try read("h.csv", Self.arbinHeader + "\n") }
        #expect(headerOnly?.description.contains("h.csv:1: no data rows") == true, "\(headerOnly?.description ?? "")")
        #expect(throws: InputError.self) { try CyclerFile.read(path: "/nonexistent/cycler.csv") }
    }

    @Test("format detection on every shipped file")
    func detection() throws {
        let expected: [(String, CyclerFormat)] = [
            (CyclerFixtures.arbinExample, .arbin), (CyclerFixtures.maccor, .maccor), (CyclerFixtures.neware, .neware),
            (CyclerFixtures.gcpl, .bioLogic), (CyclerFixtures.doeRaw, .batteryDataHubRaw),
            (CyclerFixtures.doeSummary, .batteryDataHubSummary), (CyclerFixtures.beepSummary, .beepSummary),
            (CyclerFixtures.beepDiagnostic, .beepSummary), (CyclerFixtures.capacityMatrix, .capacityMatrix),
        ]
        for (path, format) in expected {
            let head = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)).prefix(20_000), as: UTF8.self)
            #expect(CyclerFile.detect(text: head) == format, "\(path)")
        }
        // impedance.py's headerless 3-column spectrum is not a capacity matrix.
        #expect(CyclerFile.detect(text: "3.16e-03,4.9e-02,-2.0e-02\n3.98e-03,4.7e-02,-1.8e-02\n") == nil)
    }

    @Test("Maccor exports with unsigned currents are signed by State")
    func maccorUnsigned() throws {
        let text = "Today's Date 01/01/2020\tComment/Barcode: test\r\n"
            + "Rec#\tCyc#\tStep\tTest (Sec)\tStep (Sec)\tAmp-hr\tWatt-hr\tAmps\tVolts\tState\tES\tDPt Time\t\r\n"
            + "1\t0\t1\t0\t0\t0\t0\t0\t3.5\tR\t0\t01/01/2020 00:00:00\t\r\n"
            + "2\t0\t2\t3600\t3600\t1.0\t4.0\t1.0\t4.2\tC\t0\t01/01/2020 01:00:00\t\r\n"
            + "3\t0\t3\t5400\t1800\t1.0\t3.6\t2.0\t3.0\tD\t0\t01/01/2020 01:30:00\t\r\n"
        let d = try read("unsigned.078", text)
        #expect(d.metadata.format == .maccor && d.series?.current_A == [0, -1, 2])
        #expect(d.cycles[0].chargeCapacity_Ah == 1 && d.cycles[0].dischargeCapacity_Ah == 1)
        #expect(d.cycles[0].fileChargeCapacity_Ah == 1 && d.cycles[0].fileDischargeCapacity_Ah == 1)
        #expect(d.metadata.headerText == "Today's Date 01/01/2020 Comment/Barcode: test")
    }
}
