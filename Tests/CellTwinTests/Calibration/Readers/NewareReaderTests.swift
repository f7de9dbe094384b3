import Foundation
import Testing
@testable import CellTwin

@Suite("Neware CSV reader on cellpy's neware_uio.csv")
struct NewareReaderTests {
    static let file = Result { try CyclerFile.read(path: CyclerFixtures.neware) }

    @Test("9,065 rows (DataPoint 1–9065; the last line has no line break), Cycle Index 1–4, h:mm:ss beyond 24 h")
    func layout() throws {
        let d = try Self.file.data()
        #expect(d.metadata.format == .neware)
        let s = try #require(d.series)
        #expect(s.count == 9_065 && d.metadata.skippedRows.isEmpty)
        #expect(d.cycles.map(\.cycle) == [1, 2, 3, 4])
        #expect(d.metadata.startDate == "2022-05-18 16:27:52")
        // `Cumulative Time` 25:10:00 on line 1705 and 144:02:18 on the last row.
        let k = try #require(s.line.firstIndex(of: 1705))
        #expect(s.time_s[k] == 90_600) // 25 h 10 min
        #expect(s.time_s.last == 518_538) // 144 h 2 min 18 s
        #expect(zip(s.time_s, s.time_s.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("current: CC DChg (−0.25 mA in the file) reads +0.25 mA, CC Chg −0.25 mA, Rest 0")
    func signs() throws {
        let s = try #require(try Self.file.data().series)
        let k = try #require(s.line.firstIndex(of: 1705)) // "CC DChg", -0.00024868 A
        #expect(s.current_A[k] == 0.00024868)
        let charge = try #require(s.step.firstIndex(of: 8)) // first "CC Chg" row
        #expect(s.current_A[charge + 1] < 0)
    }

    @Test("main discharge of cycles 1–3: 4.68, 4.06, 4.03 mAh; cycle totals agree with the Neware counters")
    func capacities() throws {
        let d = try Self.file.data()
        let s = try #require(d.series)
        // The 0.25 mA discharge is step 2 of each cycle; steps 4 and 6 finish it at 0.1 and 0.05 mA.
        let main = [1, 2, 3].map { c in CyclerFixtures.charge_Ah(s) { s.cycle[$0] == c && s.step[$0] == 2 } * 1000 }
        #expect(abs(main[0] - 4.680) < 0.005 && abs(main[1] - 4.065) < 0.005 && abs(main[2] - 4.030) < 0.005)
        let c1 = try #require(d.cycle(1))
        #expect(abs((c1.dischargeCapacity_Ah ?? 0) * 1000 - (4.68031 + 0.28183 + 0.12414)) < 0.005)
        #expect(abs((c1.chargeCapacity_Ah ?? 0) * 1000 - 4.24934) < 0.005)
        for c in d.capacityChecks(relativeTolerance: 1e-4) {
            #expect(c.agrees, "cycle \(c.cycle) \(c.direction): \(c.integrated_Ah) vs \(c.file_Ah)")
        }
        // Si vs Li half-cell: lithiation ("discharge") first, so discharge/charge > 1 in cycle 1 (irreversible loss).
        #expect((c1.coulombicEfficiency ?? 0) > 1.15)
        #expect((c1.meanDischargeVoltage_V ?? 1) < 0.25 && (c1.meanChargeVoltage_V ?? 0) > 0.35)
    }

    @Test("without Cumulative Time, the step time (restarting each step) is accumulated")
    func stepTimeOnly() throws {
        let text = """
            DataPoint,Cycle Index,Step Index,Step Type,Time,Current(mA),Voltage(V)
            1,1,1,Rest,00:00:00,0,3.0
            2,1,1,Rest,00:10:00,0,3.0
            3,1,2,CC DChg,00:00:00,-1,2.9
            4,1,2,CC DChg,30:00:00,-1,2.5
            5,1,3,CC Chg,00:00:00,1,2.6
            6,1,3,CC Chg,01:00:00,1,3.0

            """
        let d = try CyclerFile.read(path: try CyclerFixtures.temporaryFile("steps.csv", text))
        let s = try #require(d.series)
        #expect(s.time_s == [0, 600, 600, 108_600, 108_600, 112_200])
        #expect(s.current_A == [0, 0, 1e-3, 1e-3, -1e-3, -1e-3]) // mA from the header, DChg > 0
        #expect(abs((d.cycles[0].dischargeCapacity_Ah ?? 0) - 0.030) < 1e-12)
        #expect(abs((d.cycles[0].chargeCapacity_Ah ?? 0) - 0.001) < 1e-12)
    }
}
