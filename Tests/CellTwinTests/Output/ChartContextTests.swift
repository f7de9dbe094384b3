import Foundation
import Testing
@testable import CellTwin

/// Charts that say what they show (cell, temperature, C-rate, protocol) and the attribution over cycles.
@Suite("Chart subtitles and the attribution history")
struct ChartContextTests {
    @Test("the protocol in words: rates, CV hold, window; a rate test lists its discharge rates; a profile is named")
    func protocolText() throws {
        let cccv = try Experiment.cccv(chargeRate: 0.5, dischargeRate: 1, minimumVoltage: 2.5, maximumVoltage: 3.8, cycles: 3)
        #expect(ProtocolDescription.text(cccv) == "charge 0.5C + CV to 3.8 V, discharge 1C to 2.5 V")
        let rate = Experiment(blocks: try [0.1, 0.5, 1].map { r in
            ExperimentBlock(steps: [try Step(parsing: "Charge at 0.1C until 3.8 V"), try Step(parsing: "Discharge at \(r)C until 2.5 V")])
        })
        #expect(ProtocolDescription.text(rate) == "charge 0.1C to 3.8 V, discharge 0.1C, 0.5C, 1C to 2.5 V")
        let profile = DriveProfile(time_s: [0, 10, 20], values: [1, -1, 0], quantity: .c_rate, file: "dir/pulses.csv")
        let withProfile = Experiment(blocks: [ExperimentBlock(steps: profile.steps(voltageLimits: [2.5, 3.8], run: 1))])
        #expect(ProtocolDescription.text(withProfile) == "measured profile pulses.csv within 2.5–3.8 V")
    }

    @Test("run charts: every title's second line names the cell, temperature and C-rates; a trace adds voltage vs time")
    func runChartTitles() throws {
        var options = SimulationOptions()
        options.recordTrace = true
        let design = try Fixtures.frozenDesign()
        let experiment = try Experiment.cccv(chargeRate: 0.5, dischargeRate: 1, minimumVoltage: 2.5, maximumVoltage: 3.8, cycles: 1)
        let solution = try Simulator(design: design, temperature_C: 30, options: options).run(experiment)
        let charts = Charts.solutionCharts(solutions: [solution], plotCycles: [1])
        #expect(charts.map(\.name) == ["capacity.svg", "voltage.svg", "voltage-time.svg"])
        for (name, svg) in charts {
            let parsed = try #require(ParsedSVG(svg), "\(name) is not well-formed")
            #expect(parsed.text.contains("CMP-VAMMT | LFP, 30 °C, charge 0.5C + CV to 3.8 V, discharge 1C to 2.5 V"), "\(name)")
        }
        // Voltage vs time spans the run: hours from 0 to the cycle's duration, voltages inside the window.
        let vt = try #require(ParsedSVG(charts[2].svg))
        #expect(vt.text.contains("time (h)") && vt.text.contains("Voltage vs time"))
    }

    @Test("a stacked-area chart stacks each stack on the ones below: the top edge at each x is the sum")
    func stackedArea() throws {
        let chart = StackedAreaChart(title: "t", xLabel: "cycle", yLabel: "%", x: [0, 10, 20],
                                     stacks: [("a", [0, 1, 2]), ("b", [0, 2, 4]), ("c", [0, 0, .nan])])
        let parsed = try #require(ParsedSVG(chart.svg()))
        let paths = parsed.elements(named: "path", within: "areas")
        #expect(paths.count == 2)   // "c" never moves and draws nothing
        #expect(parsed.text.contains("b: 4 at x = 20"))
        let empty = try #require(ParsedSVG(StackedAreaChart(title: "t", x: [1], stacks: [("a", [1])]).svg()))
        #expect(empty.text.contains("no data"))
    }

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
