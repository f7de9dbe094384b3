import Foundation
import Testing
@testable import CellTwin

/// Units of cycler-file columns: symbols as cyclers write them, factors to the record's units, units in column names
/// and clock strings.
@Suite struct CyclerUnitTests {
    @Test("every unit's symbol reads back as itself, and its factor to the record unit is the SI prefix")
    func symbolsAndFactors() {
        for u in CyclerUnit.allCases {
            #expect(CyclerUnit(symbol: u.rawValue) == u, "\(u)")
        }
        let expected: [CyclerUnit: Double] = [.millisecond: 1e-3, .minute: 60, .hour: 3600, .milliampere: 1e-3,
                                              .microampere: 1e-6, .millivolt: 1e-3, .milliampereHour: 1e-3,
                                              .microampereHour: 1e-6, .milliwattHour: 1e-3, .ampere: 1, .volt: 1]
        for (u, f) in expected { #expect(u.toRecord(2) == 2 * f, "\(u)") }
        #expect(CyclerUnit.kelvin.toRecord(298.15) == 25)
        #expect(CyclerUnit.milliampereHour.quantity == .capacity && CyclerUnit.clock.quantity == .time)
    }

    @Test("spellings: Greek mu and micro sign, BioLogic's mA.h, case where it matters")
    func spellings() {
        #expect(CyclerUnit(symbol: "\u{3BC}A") == .microampere && CyclerUnit(symbol: "uA") == .microampere)
        #expect(CyclerUnit(symbol: "mA.h") == .milliampereHour && CyclerUnit(symbol: " Ah ") == .ampereHour)
        #expect(CyclerUnit(symbol: "MA") == nil && CyclerUnit(symbol: "µF") == nil)
        #expect(CyclerUnit(symbol: "℃") == .celsius && CyclerUnit(symbol: "S") == .second)
    }

    @Test("a unit in a column name: (…), […], /… and a _suffix only when it is a unit symbol")
    func unitsInColumnNames() {
        #expect(CyclerUnit.split(columnName: "Current(A)") == ("Current", .ampere))
        #expect(CyclerUnit.split(columnName: "Voltage [mV]") == ("Voltage", .millivolt))
        #expect(CyclerUnit.split(columnName: "I/mA") == ("I", .milliampere))
        #expect(CyclerUnit.split(columnName: "Time_s") == ("Time", .second))
        #expect(CyclerUnit.split(columnName: "Cycle_Index") == ("Cycle_Index", nil))
        #expect(CyclerUnit.split(columnName: "Cs/µF") == ("Cs/µF", nil))
    }

    @Test("clock strings: hours past 24, m:ss, a day prefix; malformed ones are nil")
    func clockStrings() {
        #expect(CyclerUnit.seconds(clock: "144:02:18") == 518_538)
        #expect(CyclerUnit.seconds(clock: "2:05") == 125)
        #expect(CyclerUnit.seconds(clock: "1-00:00:10.5") == 86_410.5)
        #expect(CyclerUnit.seconds(clock: "1:60:00") == nil)
        #expect(CyclerUnit.seconds(clock: "1::00") == nil)
        #expect(CyclerUnit.seconds(clock: "12") == nil)
    }
}
