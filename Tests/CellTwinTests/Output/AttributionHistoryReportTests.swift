import Foundation
import Testing
@testable import CellTwin

/// When the capacity of a life run was lost, by mechanism: the history, its chart and its place in the HTML report.
@Suite struct AttributionHistoryReportTests {
    @Test("life: the attribution history ends at the attribution's split, the mechanisms plus the interaction make the loss at every checkpoint, and its chart is stacked areas")
    func attributionHistory() throws {
        var design = try Fixtures.frozenDesign()
        design.cathode.activeMaterialLoss = Arrhenius(referenceValue: 0.04, activationEnergy_J_mol: 0)
        design.electrolyte.aging.seiPlatingRate_ohm2m4_per_C_m2 = 5e-7
        var o = LifeOptions()
        o.exact = true
        o.maxCycles = 40
        o.threshold = 1e-6
        o.attributionCheckpoints = 5
        let steps = try LifeSimulator.standardCycle(cathode: design.cathode, chargeRate: 1, dischargeRate: 1)
        let r = try LifeSimulator(design: design, temperature_C: 30, options: o)
            .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 40)]))
        let a = try #require(r.attribution)
        let h = r.attributionHistory
        #expect(h.count == r.attributionCheckpoints && h.count >= 2)
        #expect(zip(h, h.dropFirst()).allSatisfy { $0.cycle < $1.cycle })
        #expect(h.first?.lost_C_m2.isEmpty == true)
        let last = try #require(h.last)
        let loss = r.referenceCapacity_C_m2 - (r.cycles.last?.dischargeCapacity_C_m2 ?? 0)
        #expect(abs(last.total_C_m2 - loss) < 1e-9 * r.referenceCapacity_C_m2)
        for m in LossMechanism.allCases { #expect(abs(last.lost(m) / loss - a[m]) < 1e-9, "\(m)") }
        #expect(a.active_material > 0.5 && a.resistance > 0)
        for p in h { #expect(abs(p.lost_C_m2.values.reduce(0, +) + p.interaction_C_m2 - p.total_C_m2) < 1e-12) }
        // Active-material loss grows checkpoint by checkpoint (it is steady per cycle).
        #expect(zip(h, h.dropFirst()).allSatisfy { $0.lost(.activeMaterial) < $1.lost(.activeMaterial) })

        let record = LifeRecord(r)
        #expect(record.protocol_description == "charge 1C + CV to 3.8 V, discharge 1C to 2.5 V")
        let charts = LifeReport.charts(record)
        let history = try #require(charts.first { $0.name == "attribution-history.svg" })
        let parsed = try #require(ParsedSVG(history.svg))
        #expect(parsed.elements(named: "path", within: "areas").count >= 2)
        for (name, svg) in charts {
            #expect(try #require(ParsedSVG(svg)).text.contains("CMP-VAMMT | LFP, 30 °C, charge 1C + CV to 3.8 V, discharge 1C to 2.5 V"), "\(name)")
        }
        // The HTML report of a life run carries the chart.
        let html = HTMLReport.life(record, title: "life", inputs: []).html()
        #expect(html.contains("When the capacity was lost, by mechanism"))
    }
}
