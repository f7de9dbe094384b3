import Foundation
import Testing
@testable import CellTwin

@Suite("Maccor text reader on BEEP's xTESLADIAG_000038.078")
struct MaccorReaderTests {
    static let file = Result { try CyclerFile.read(path: CyclerFixtures.maccor) }

    @Test("CRLF, free-text first line, 10,714 rows, Cyc# 0–23 (24 cycles), 161,827 s, N/A in the WF columns")
    func layout() throws {
        let d = try Self.file.data()
        #expect(d.metadata.format == .maccor)
        let s = try #require(d.series)
        #expect(s.count == 10_714 && d.metadata.dataRowCount == 10_714 && d.metadata.skippedRows.isEmpty)
        #expect(d.cycles.map(\.cycle) == Array(0...23))
        #expect(Set(s.step) == [1, 4, 5, 6])
        #expect(abs((s.time_s.last ?? 0) - 161_827.16) < 1e-6)
        #expect(s.line.first == 3 && s.line.last == 10_716)
        #expect(d.metadata.headerText?.contains("Comment/Barcode: EXP, SOH 30 cyc 4.3V 1C") == true)
        #expect(d.metadata.startDate == "08/13/2019 19:17:53")
        #expect(s.temperature_C == nil)
    }

    @Test("signs: the +4.7 A charge (step 4) reads −4.7 A, the −4.7 A discharge (step 5) +4.7 A")
    func signs() throws {
        let s = try #require(try Self.file.data().series)
        let charge = s.step.indices.filter { s.step[$0] == 4 }.map { s.current_A[$0] }
        let discharge = s.step.indices.filter { s.step[$0] == 5 }.map { s.current_A[$0] }
        #expect(!charge.isEmpty && charge.allSatisfy { $0 <= 0 })
        #expect(!discharge.isEmpty && discharge.allSatisfy { $0 >= 0 })
        #expect(abs(s.current_A[2] + 4.7047379263) < 1e-12) // row 3: "C", +4.7047 A in the file
        #expect(abs((discharge.max() ?? 0) - 4.70) < 0.01)
    }

    @Test("discharge capacity falls from 3.987 Ah (cycle 0) to 3.775 Ah (cycle 20); 21–22 ≈ 3.90/3.88; 23 is cut short")
    func fade() throws {
        let d = try Self.file.data()
        let q = d.cycles.map { $0.dischargeCapacity_Ah ?? 0 }
        #expect(abs(q[0] - 3.987) < 0.001)
        #expect(abs(q[20] - 3.775) < 0.001)
        #expect(zip(q[0...20], q[1...20]).allSatisfy { $0 > $1 }) // monotone fade over the 1C cycles
        #expect(abs(q[21] - 3.90) < 0.005 && abs(q[22] - 3.88) < 0.005)
        #expect(q[23] < 2.3)
        // 1C cycling of a ≈ 4 Ah cell between 3.0 and 4.3 V: CE ≈ 0.998, mean voltages 3.93 V / 3.60 V.
        for c in d.cycles[1...20] {
            let ce = try #require(c.coulombicEfficiency)
            #expect(ce > 0.996 && ce < 1.0)
            #expect(abs((c.meanChargeVoltage_V ?? 0) - 3.93) < 0.01 && abs((c.meanDischargeVoltage_V ?? 0) - 3.605) < 0.01)
        }
    }

    @Test("integrated capacities agree with the per-step Amp-hr counter within 0.01 % on every cycle")
    func counters() throws {
        let checks = try Self.file.data().capacityChecks(relativeTolerance: 1e-4, absoluteTolerance_Ah: 0)
        #expect(checks.count == 48)
        for c in checks { #expect(c.agrees, "cycle \(c.cycle) \(c.direction): \(c.integrated_Ah) vs \(c.file_Ah)") }
    }
}
