import Foundation
import Testing
@testable import CellTwin

@Suite("BioLogic GCPL text into the common cycler record")
struct BioLogicCyclerReaderTests {
    /// The Li‖Li cell ran at +0.400 mA (BioLogic's sign, per the .mps): −0.4 mA in CellTwin's convention.
    static let file = Result {
        try CyclerFile.read(path: CyclerFixtures.gcpl, options: CyclerReadOptions(constantCurrent_A: -0.4e-3))
    }

    @Test("datalab Li‖Li GCPL: 76,807 rows, the 45 loops of the _LOOP.txt file as cycles, 0.4 mAh per 1 h loop")
    func liLi() throws {
        let d = try Self.file.data()
        #expect(d.metadata.format == .bioLogic)
        let s = try #require(d.series)
        #expect(s.count == 76_807 && d.metadata.skippedRows.isEmpty)
        #expect(d.cycles.map(\.cycle) == Array(1...45))
        #expect(d.cycles.first?.rows == 0..<709 && d.cycles.last?.rows?.upperBound == 76_807)
        #expect(s.step.allSatisfy { $0 == 0 } && s.temperature_C == nil)
        for c in d.cycles {
            #expect(abs((c.duration_s ?? 0) - 3600) < 1)
            // 0.4 mA × 3600 s, plus the 7.7 s GEIS gap before each loop after the first (integrated at the loop's current).
            #expect(abs((c.chargeCapacity_Ah ?? 0) - 0.4e-3) < 0.4e-3 * 0.003)
            #expect(c.dischargeCapacity_Ah == 0)
        }
        // Mean overpotential of each 1 h plating loop: 0.043–0.134 V (README: mostly 0.06–0.14 V).
        #expect(d.cycles.allSatisfy { ($0.meanChargeVoltage_V ?? 0) > 0.04 && ($0.meanChargeVoltage_V ?? 1) < 0.14 })
    }

    @Test("without a current column and without a given current: an InputError naming the header line")
    func needsCurrent() throws {
        let e = CyclerFixtures.inputError { _ = try CyclerFile.read(path: CyclerFixtures.gcpl) }
        #expect(e?.line == 1 && e?.message.contains("no current column") == true, "\(e?.description ?? "")")
    }

    @Test("EC-Lab ASCII header block, Latin-1 °C, I/mA negated, cycle number, Ns and Q counters in mA.h")
    func ecLabExport() throws {
        var text = "EC-Lab ASCII FILE\r\nNb header lines : 4\r\n\r\n"
        text += "time/s\tEwe/V\tI/mA\tcycle number\tNs\tQ charge/mA.h\tQ discharge/mA.h\tTemperature/\u{B0}C\t\r\n"
        text += "0\t3.40\t1.0\t0\t0\t0\t0\t25,0\t\r\n"          // charge at +1 mA (BioLogic sign)
        text += "1800\t3.60\t1.0\t0\t0\t0.5\t0\t25,5\t\r\n"
        text += "1800.5\t3.55\t-2.0\t0\t1\t0\t0.0003\t26,0\t\r\n" // discharge at −2 mA
        text += "2700\t3.30\t-2.0\t0\t1\t0\t0.5\t26,5\t\r\n"
        text += "2700.5\t3.45\t1.0\t1\t0\t0.0001\t0\t26,5\t\r\n"
        let latin1 = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } // ° as the single byte 0xB0
        let d = try CyclerFile.read(path: try CyclerFixtures.temporaryFile("gcpl.mpt", bytes: latin1))
        let s = try #require(d.series)
        #expect(s.current_A == [-1e-3, -1e-3, 2e-3, 2e-3, -1e-3])
        #expect(s.cycle == [0, 0, 0, 0, 1] && s.step == [0, 0, 1, 1, 0])
        #expect(s.temperature_C == [25, 25.5, 26, 26.5, 26.5])
        #expect(s.line == [5, 6, 7, 8, 9])
        let c0 = try #require(d.cycle(0))
        #expect(abs((c0.chargeCapacity_Ah ?? 0) - 0.5e-3) < 1e-12)
        #expect(abs((c0.dischargeCapacity_Ah ?? 0) - 0.5e-3) < 1e-12) // 2 mA for 900 s
        #expect(abs((c0.fileChargeCapacity_Ah ?? 0) - 0.5e-3) < 1e-12 && abs((c0.fileDischargeCapacity_Ah ?? 0) - 0.5e-3) < 1e-12)
    }
}
