import Foundation
import Testing
@testable import CellTwin

@Suite("DOE Battery Data Hub readers on the XCEL p492-13 summary and time series")
struct BatteryDataHubReaderTests {
    static let summary = Result { try CyclerFile.read(path: CyclerFixtures.doeSummary) }
    static let raw = Result { try CyclerFile.read(path: CyclerFixtures.doeRaw) }

    @Test("summary: 267 cycles, NaN → nil, labels, capacity checks 21.74 → 20.89 mAh (≈ 4 % fade)")
    func cycleSummary() throws {
        let d = try Self.summary.data()
        #expect(d.metadata.format == .batteryDataHubSummary && d.series == nil)
        #expect(d.cycles.map(\.cycle) == Array(1...267))
        let checks = d.cycles.filter { $0.label == "Capacity check" }
        #expect(checks.map(\.cycle) == [2, 36, 95, 153, 262])
        let q = checks.compactMap(\.dischargeCapacity_Ah)
        #expect(q == [0.02173834, 0.02149, 0.02132271, 0.02117534, 0.02088748])
        #expect(abs(1 - q[4] / q[0] - 0.039) < 0.001)
        #expect(d.cycles.filter { $0.label == "HPPC" }.map(\.cycle) == [5, 39, 98, 156, 265])
        #expect(d.cycles.filter { $0.label == "EIS" }.map(\.cycle) == [7, 41, 158, 267])
        #expect(d.cycles.filter { $0.label == "Aging cycle" }.count == 233)
        #expect(d.cycles[0].label == nil) // blank label
        // NaN cells: 13 cycles without Q_dis, 17 without Q_chg.
        #expect(d.cycles.filter { $0.dischargeCapacity_Ah == nil }.count == 13)
        #expect(d.cycles.filter { $0.chargeCapacity_Ah == nil }.count == 17)
        // Aging cycles are fast charges to a fixed 19.0 mAh: their discharge stays ≤ 19.02 mAh.
        let aging = d.cycles.filter { $0.label == "Aging cycle" }.compactMap(\.dischargeCapacity_Ah)
        #expect(aging.count == 229 && (aging.max() ?? 1) < 0.01902)
        // CE and mean voltage from the file's Q and E: the file's own CE column is 0.993966700944523 for cycle 2.
        let c2 = try #require(d.cycle(2))
        #expect(abs((c2.coulombicEfficiency ?? 0) - 0.993966700944523) < 1e-12)
        #expect(abs((c2.meanDischargeVoltage_V ?? 0) - 0.07969905 / 0.02173834) < 1e-12)
        #expect(c2.start_s == 6359.94 && c2.duration_s == 168_854.628)
    }

    @Test("time series: 2,021 rows, 78 EIS rows (Voltage_V −3.7865) left out, 1,943 cycling rows in cycles 1–9")
    func timeSeries() throws {
        let d = try Self.raw.data()
        #expect(d.metadata.format == .batteryDataHubRaw)
        let s = try #require(d.series)
        #expect(d.metadata.dataRowCount == 2_021 && s.count == 1_943)
        #expect(d.metadata.skippedRows.count == 78 && d.metadata.skippedRows.allSatisfy { $0.reason.contains("EIS") })
        #expect((s.voltage_V.min() ?? 0) >= 2.99)
        #expect(d.cycles.map(\.cycle) == [1, 2, 3, 4, 5, 6, 8, 9]) // cycle 7 is all EIS
        #expect(d.cycles.map { $0.rows?.count ?? 0 } == [46, 851, 53, 87, 199, 26, 199, 482])
        #expect(d.cycle(2)?.label == "Capacity check" && d.cycle(5)?.label == "HPPC" && d.cycle(9)?.label == "Aging cycle")
        // HPPC pulses: −0.095 A / +0.071 A in the file (discharge / charge) → +0.095 A / −0.071 A here.
        let hppc = try #require(d.cycle(5)?.rows)
        #expect(d.metadata.skippedRows.first?.line == 1_264) // first EIS row: `7,301,255000.768,…,500000,…`
        #expect(abs((s.current_A[hppc].max() ?? 0) - 0.095) < 0.001 && abs((s.current_A[hppc].min() ?? 0) + 0.071) < 0.001)
    }

    @Test("time series vs counters (1 %): all cycles agree except the downsampled ones, 4 (CV tail) and 5 (HPPC pulses)")
    func counters() throws {
        let d = try Self.raw.data()
        let failing = d.capacityChecks().filter { !$0.agrees }.map { "\($0.cycle) \($0.direction.rawValue)" }
        #expect(failing == ["4 charge", "5 charge", "5 discharge"])
        // Cycle 2 (C/20-class capacity check, 851 rows): integration, counters and the summary file agree to 0.01 %.
        let c2 = try #require(d.cycle(2))
        #expect(abs((c2.dischargeCapacity_Ah ?? 0) - 0.02173834) < 2e-6)
        #expect(abs((c2.chargeCapacity_Ah ?? 0) - 0.02187029) < 2e-6)
        let summary = try Self.summary.data()
        for c in [2, 9] {
            let a = try #require(d.cycle(c)?.dischargeCapacity_Ah), b = try #require(summary.cycle(c)?.dischargeCapacity_Ah)
            #expect(abs(a - b) < 1e-4 * b)
        }
    }

    @Test("MATLAB NaN: allowed in EIS rows and optional columns, an error naming line and column in a cycling row")
    func nanCells() throws {
        let header = "Cycle_Index,Step,Time_s,Current_A,Voltage_V,Cell_Temperature_C,Charge_Capacity_Ah,"
            + "Discharge_Capacity_Ah,Frequency_Hz,Cycle_Label\n"
        let rows = "1,1,0,0,3.6,NaN,0,0,NaN,\n1,2,10,-0.01,3.5,25,0,NaN,NaN,\n2,3,20,0,NaN,25,NaN,NaN,1000,EIS\n"
        let d = try CyclerFile.read(path: try CyclerFixtures.temporaryFile("x.csv", header + rows))
        #expect(d.metadata.format == .batteryDataHubRaw && d.series?.count == 2 && d.metadata.skippedRows.map(\.line) == [4])
        #expect(d.series?.temperature_C?.first?.isNaN == true && d.series?.current_A == [-0.0, 0.01])
        let bad = "1,1,0,0,3.6,NaN,0,0,NaN,\n1,2,10,-0.01,NaN,25,0,0,NaN,\n"
        let e = CyclerFixtures.inputError { _ = try CyclerFile.read(path: try CyclerFixtures.temporaryFile("y.csv", header + bad)) }
        #expect(e?.description.contains("y.csv:3: column 5 (Voltage_V) has no value") == true, "\(e?.description ?? "")")
    }
}
