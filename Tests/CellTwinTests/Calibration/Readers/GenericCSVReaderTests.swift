import Foundation
import Testing
@testable import CellTwin

@Suite("Generic CSV reader with a caller's column mapping")
struct GenericCSVReaderTests {
    @Test("Latin-1 µ in a header, semicolons, decimal commas, CRLF: units from the names (min, µA), sign as mapped")
    func latin1Units() throws {
        let text = "Zeit/min;Strom/\u{B5}A;Spannung/V;Zyklus\r\n0;0;3,60;1\r\n30;500;3,50;1\r\n60;500;3,40;1\r\n90;-250;3,70;2\r\n"
        let bytes = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } // µ as the single byte 0xB5
        let path = try CyclerFixtures.temporaryFile("latin1.csv", bytes: bytes)
        let mapping = ColumnMapping(time: .init("Zeit/min"), current: .init("Strom/µA"), voltage: .init("Spannung/V"),
                                    cycle: "Zyklus", currentSign: .positiveOnDischarge)
        let d = try CyclerFile.read(path: path, format: .generic(mapping))
        let s = try #require(d.series)
        #expect(s.time_s == [0, 1800, 3600, 5400])
        #expect(s.current_A == [0, 500e-6, 500e-6, -250e-6])
        #expect(s.voltage_V == [3.6, 3.5, 3.4, 3.7])
        #expect(s.cycle == [1, 1, 1, 2] && s.step == [0, 0, 0, 0])
        #expect(abs((d.cycle(1)?.dischargeCapacity_Ah ?? 0) - 500e-6) < 1e-15) // 0.5 mA for 1 h
        #expect(abs((d.cycle(1)?.meanDischargeVoltage_V ?? 0) - 3.45) < 1e-12)
        #expect(abs((d.cycle(2)?.chargeCapacity_Ah ?? 0) - 125e-6) < 1e-15)
        // A mapping typed with the Greek mu (U+03BC) or "u" finds the micro-sign column and unit too.
        var greek = mapping
        greek.current = .init("Strom/\u{3BC}A")
        #expect(try CyclerFile.read(path: path, format: .generic(greek)).series?.current_A == s.current_A)
        #expect(CyclerUnit(symbol: "\u{3BC}A") == .microampere && CyclerUnit(symbol: "uA") == .microampere)
    }

    @Test("units given by the caller override the header; clock times; charge-positive files are negated")
    func callerUnits() throws {
        let text = "t,I,U,T\n0:00:00,0,3.0,298.15\n0:30:00,-2,2.9,299.15\n1:00:00,-2,2.8,300.15\n"
        let mapping = ColumnMapping(time: .init("t", unit: .clock), current: .init("I", unit: .milliampere),
                                    voltage: .init("U"), temperature: .init("T", unit: .kelvin))
        let d = try CyclerFile.read(path: try CyclerFixtures.temporaryFile("c.csv", text), format: .generic(mapping))
        let s = try #require(d.series)
        #expect(s.time_s == [0, 1800, 3600] && s.current_A == [0, 2e-3, 2e-3])
        let t = try #require(s.temperature_C)
        #expect(abs(t[0] - 25) < 1e-12 && abs(t[2] - 27) < 1e-12) // 298.15 K = 25 °C
        #expect(abs((d.cycles[0].dischargeCapacity_Ah ?? 0) - 2e-3) < 1e-15)
    }

    @Test("a real file through a mapping: p492-13-raw read as generic agrees with the DOE reader on cycle 2")
    func realFileMapping() throws {
        let mapping = ColumnMapping(time: .init("Time_s"), current: .init("Current_A"), voltage: .init("Voltage_V"),
                                    cycle: "Cycle_Index", step: "Step", temperature: .init("Cell_Temperature_C"),
                                    chargeCapacity: .init("Charge_Capacity_Ah"), dischargeCapacity: .init("Discharge_Capacity_Ah"))
        let generic = try CyclerFile.read(path: CyclerFixtures.doeRaw, format: .generic(mapping))
        #expect(generic.series?.count == 2_021) // the generic reader keeps the EIS rows
        #expect(generic.cycles.count == 9)
        let dedicated = try BatteryDataHubReader.readRaw(path: CyclerFixtures.doeRaw)
        #expect(generic.cycle(2)?.dischargeCapacity_Ah == dedicated.cycle(2)?.dischargeCapacity_Ah)
        #expect(generic.cycle(2)?.fileChargeCapacity_Ah == dedicated.cycle(2)?.fileChargeCapacity_Ah)
    }

    @Test("a per-cycle mapping (no time column), capacities in mAh")
    func summaryMapping() throws {
        let text = "n,Qc (mAh),Qd (mAh),kind\n1,4.2,4.1,formation\n2,4.1,4.05,\n3,,4.0,cycling\n"
        let mapping = ColumnMapping(cycle: "n", chargeCapacity: .init("Qc (mAh)", unit: .milliampereHour),
                                    dischargeCapacity: .init("Qd (mAh)", unit: .milliampereHour), label: "kind")
        let d = try CyclerFile.read(path: try CyclerFixtures.temporaryFile("s.csv", text), format: .generic(mapping))
        #expect(d.series == nil && d.cycles.map(\.cycle) == [1, 2, 3])
        #expect(zip(d.cycles.map { $0.dischargeCapacity_Ah ?? 0 }, [4.1e-3, 4.05e-3, 4.0e-3]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(d.cycles[2].chargeCapacity_Ah == nil && d.cycles.map(\.label) == ["formation", nil, "cycling"])
    }

    @Test("mapping errors: an unknown column (listing the columns), a unit of the wrong kind, too few columns")
    func mappingErrors() throws {
        let path = try CyclerFixtures.temporaryFile("m.csv", "time,I,V\n0,1,3\n1,1,3\n")
        var m = ColumnMapping(time: .init("time"), current: .init("Current"), voltage: .init("V"))
        let unknown = CyclerFixtures.inputError { _ = try CyclerFile.read(path: path, format: .generic(m)) }
        #expect(unknown?.description.contains("m.csv:1: no current column ('Current')") == true, "\(unknown?.description ?? "")")
        #expect(unknown?.description.contains("the columns are 'time', 'I', 'V'") == true)
        m.current = .init("I", unit: .volt)
        let unit = CyclerFixtures.inputError { _ = try CyclerFile.read(path: path, format: .generic(m)) }
        #expect(unit?.description.contains("column 2 (I) the unit V, which is not a unit of current") == true, "\(unit?.description ?? "")")
        let few = CyclerFixtures.inputError {
            _ = try CyclerFile.read(path: path, format: .generic(ColumnMapping(time: .init("time"), voltage: .init("V"))))
        }
        #expect(few?.message.contains("needs time, current and voltage") == true)
        let noCycle = CyclerFixtures.inputError {
            _ = try CyclerFile.read(path: path, format: .generic(ColumnMapping(dischargeCapacity: .init("I"))))
        }
        #expect(noCycle?.message.contains("needs a cycle column") == true)
    }
}
