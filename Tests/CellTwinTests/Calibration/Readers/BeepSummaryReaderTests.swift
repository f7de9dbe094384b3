import Foundation
import Testing
@testable import CellTwin

@Suite("BEEP summary reader on the PreDiag_000233 summaries")
struct BeepSummaryReaderTests {
    static let summary = Result { try CyclerFile.read(path: CyclerFixtures.beepSummary) }
    static let diagnostic = Result { try CyclerFile.read(path: CyclerFixtures.beepDiagnostic) }

    @Test("summary: 1,612 cycles (0–1611); regular cycles fade 2.157 → 1.907 Ah; resets 4.736 → 4.304 Ah")
    func summary() throws {
        let d = try Self.summary.data()
        #expect(d.metadata.format == .beepSummary && d.series == nil)
        #expect(d.cycles.map(\.cycle) == Array(0...1611))
        #expect(d.metadata.startDate == "2019-12-16T22:03:25+00:00")
        #expect(d.cycles.filter { $0.label == "regular" }.count == 1530)
        let regular = d.cycles.filter { $0.label == "regular" && $0.cycle <= 1608 }
        #expect(regular.first?.cycle == 6 && abs((regular.first?.dischargeCapacity_Ah ?? 0) - 2.1567) < 1e-4)
        #expect(abs((d.cycle(1608)?.dischargeCapacity_Ah ?? 0) - 1.9072) < 1e-4)
        #expect(regular.allSatisfy { ($0.dischargeCapacity_Ah ?? 0) < 2.16 && ($0.dischargeCapacity_Ah ?? 0) > 1.90 })
        // Cycles 1609–1610 are labelled regular but full depth (the unlisted start of the last diagnostic block).
        #expect((d.cycle(1609)?.dischargeCapacity_Ah ?? 0) > 4.2)
        let resets = d.cycles.filter { $0.label == "reset" }
        #expect(resets.count == 17)
        #expect(abs((resets.first?.dischargeCapacity_Ah ?? 0) - 4.7365) < 1e-4 && resets.first?.cycle == 1)
        #expect(abs((resets.last?.dischargeCapacity_Ah ?? 0) - 4.3041) < 1e-4 && resets.last?.cycle == 1611)
        let c1 = try #require(d.cycle(1))
        #expect(abs((c1.dischargeEnergy_Wh ?? 0) - 17.3854738263) < 1e-9)
        #expect(abs((c1.meanDischargeVoltage_V ?? 0) - 3.6705) < 1e-3)
    }

    @Test("diagnostic summary: 82 diagnostic cycles, 0.2C RPT capacity falls over 1,600 cycles")
    func diagnostic() throws {
        let d = try Self.diagnostic.data()
        #expect(d.cycles.count == 82 && d.cycles.first?.cycle == 1 && d.cycles.last?.cycle == 1612)
        let rpt = d.cycles.filter { $0.label == "rpt_0.2C" }.compactMap(\.dischargeCapacity_Ah)
        #expect(rpt.count == 16)
        #expect(abs((rpt.first ?? 0) - 4.6761) < 1e-4 && (rpt.last ?? 9) < (rpt.first ?? 0) - 0.3)
        // The file's coulombic_efficiency column is discharge/charge: 0.9938885869757418 for cycle 1.
        #expect(abs((d.cycle(1)?.coulombicEfficiency ?? 0) - 0.9938885869757418) < 1e-12)
    }
}
