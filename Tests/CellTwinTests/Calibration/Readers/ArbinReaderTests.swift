import Foundation
import Testing
@testable import CellTwin

@Suite("Arbin CSV reader on the Attia GITT and battery-data-toolkit files")
struct ArbinReaderTests {
    // Parsed once for the suite.
    static let fresh = Result { try CyclerFile.read(path: CyclerFixtures.arbinFresh) }
    static let aged = Result { try CyclerFile.read(path: CyclerFixtures.arbinAged) }
    static let example = Result { try CyclerFile.read(path: CyclerFixtures.arbinExample) }

    @Test("fresh GITT (CH16): 12,139 rows, one glitch record left out, Cycle_Index 0–3, 31 steps, 1.99–3.68 V, ≈ 48 h")
    func freshGITT() throws {
        let d = try Self.fresh.data()
        #expect(d.metadata.format == .arbin)
        #expect(d.metadata.dataRowCount == 12_139)
        // Data_Point 8062 (line 8064) has Test_Time −84.806 s between 78,743 s and 78,863 s: a duplicate of the row
        // before with a garbage clock.
        #expect(d.metadata.skippedRows.map(\.line) == [8064])
        let s = try #require(d.series)
        #expect(s.count == 12_138)
        #expect(d.cycles.map(\.cycle) == [0, 1, 2, 3])
        #expect(Set(s.step).count == 31)
        #expect(abs((s.voltage_V.min() ?? 0) - 1.9915118) < 1e-9 && abs((s.voltage_V.max() ?? 0) - 3.6805005) < 1e-9)
        #expect(abs((s.time_s.last ?? 0) - 175_313.614) < 1e-6)
        #expect(abs((s.time_s.last ?? 0) / 3600 - 48.7) < 0.1)
        #expect(zip(s.time_s, s.time_s.dropFirst()).allSatisfy { $0 <= $1 })
        // Temperature: the first row's cell is empty (NaN), the second reads 29.79 °C.
        let temperature = try #require(s.temperature_C)
        #expect(temperature[0].isNaN && abs(temperature[1] - 29.78956839400276) < 1e-12)
        #expect(d.metadata.startDate == "2019-01-14T23:08:21Z") // DateTime 1547507301.8132 (epoch s)
        // Charge pulses at 3.6C … 8C: 3.96 to 8.80 A, charge → negative in CellTwin's convention.
        #expect(abs((s.current_A.min() ?? 0) + 8.8024979) < 1e-9)
        #expect(abs((s.current_A.max() ?? 0) - 1.1004677) < 1e-9)
    }

    @Test("aged GITT (CH34): 18,996 rows, 29 steps, 1.87–4.58 V; the first row's −1.10 A discharge reads +1.10 A")
    func agedGITT() throws {
        let d = try Self.aged.data()
        let s = try #require(d.series)
        #expect(d.metadata.dataRowCount == 18_996 && s.count == 18_996 && d.metadata.skippedRows.isEmpty)
        #expect(d.cycles.map(\.cycle) == [0, 1, 2, 3])
        #expect(Set(s.step).count == 29)
        #expect(abs((s.voltage_V.min() ?? 0) - 1.8666515) < 1e-9 && abs((s.voltage_V.max() ?? 0) - 4.5785055) < 1e-9)
        #expect(s.current_A[0] == 1.1002645 && s.time_s[0] == 0.1173 && s.step[0] == 2)
        #expect(s.line[0] == 2)
    }

    @Test("GITT: per-cycle capacities integrated from the current agree with the Arbin counters within 1 %")
    func gittCounters() throws {
        for d in [try Self.fresh.data(), try Self.aged.data()] {
            let checks = d.capacityChecks()
            #expect(checks.count == 8)
            for c in checks {
                #expect(c.agrees, "\(d.metadata.sourcePath) cycle \(c.cycle) \(c.direction): \(c.integrated_Ah) vs \(c.file_Ah)")
                #expect(abs(c.difference_Ah) <= 0.006 * c.file_Ah) // 0.52 % worst (CH34 cycle 0 starts mid-discharge)
            }
            // Cycles 1–3: ten charge pulses of 0.22 Ah (2.20 Ah) and nine ≈ 1 A discharges of 0.22 Ah (1.98 Ah).
            for c in d.cycles.dropFirst() {
                #expect(abs((c.chargeCapacity_Ah ?? 0) - 2.2022) < 0.001)
                #expect(abs((c.dischargeCapacity_Ah ?? 0) - 1.9802) < 0.001)
            }
        }
    }

    @Test("arbin_example: 2,142 rows, cycles 1–2, 8 steps; cycle 2's 4C discharge is 1.0729 Ah; cycle 1 starts mid-cycle")
    func example() throws {
        let d = try Self.example.data()
        let s = try #require(d.series)
        #expect(s.count == 2_142 && d.metadata.dataRowCount == 2_142)
        #expect(d.cycles.map(\.cycle) == [1, 2])
        #expect(Set(s.step).count == 8)
        #expect(d.metadata.startDate == "2017-07-02T14:39:13Z")
        let c2 = try #require(d.cycle(2))
        #expect(abs((c2.fileDischargeCapacity_Ah ?? 0) - 1.0729095) < 1e-7)
        #expect(abs((c2.dischargeCapacity_Ah ?? 0) - 1.0729) < 0.003)
        #expect(abs((c2.chargeCapacity_Ah ?? 0) - 1.0725) < 0.003)
        let ce = try #require(c2.coulombicEfficiency)
        #expect(ce > 0.99 && ce < 1.01)
        // 4C discharge of an LFP cell: mean voltage below the 3.3 V plateau, charge mean above it.
        let vd = try #require(c2.meanDischargeVoltage_V), vc = try #require(c2.meanChargeVoltage_V)
        #expect(vd > 2.9 && vd < 3.25 && vc > 3.3 && vc < 3.6)
        // Cycle 1: the counter starts at 0.88 Ah, so only the 0.19 Ah charged after the first row counts.
        let c1 = try #require(d.cycle(1))
        #expect(abs((c1.fileChargeCapacity_Ah ?? 0) - (1.0719038 - 0.8800053)) < 1e-7)
        #expect(d.capacityChecks().allSatisfy { $0.agrees })
    }
}
