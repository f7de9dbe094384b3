import Foundation
import Testing
@testable import CellTwin

/// Grid points run as lifetime runs, in parallel, with rows for points that cannot run.
@Suite struct SweepRunnerTests {
    func spec(electrolytes: [String] = ["CPCSE"], cathode: String = "LFP", temperatures: [Double], rates: [Double],
              cycles: Int, threshold: Double? = nil) throws -> SweepSpec {
        var s = SweepSettings()
        s.cycles = cycles
        s.threshold = threshold
        return try SweepSpec(values: [.electrolyte: electrolytes.map(SweepValue.text), .cathode: [.text(cathode)],
                                      .temperature: temperatures.map(SweepValue.number), .cRate: rates.map(SweepValue.number)],
                             settings: s)
    }

    @Test func aSweepPointEqualsTheSameLifetimeRun() throws {
        let grid = try spec(temperatures: [60, 90], rates: [0.5, 1], cycles: 400, threshold: 0.98)
        let records = try SweepRunner(spec: grid, library: Fixtures.models).run(workers: 2)
        #expect(records.map(\.point) == [0, 1, 2, 3])
        // Point 2: 90 °C, 0.5C, the same run through LifeSimulator directly (as `celltwin life --until 98% --max-cycles 400`).
        let r = records[2]
        #expect(r.coordinates == [.number(90), .number(0.5)])
        let design = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        var options = LifeOptions()
        options.threshold = 0.98
        options.extraThresholds = [0.8]
        options.maxCycles = 400
        let steps = try LifeSimulator.standardCycle(cathode: design.cathode, chargeRate: 0.5, dischargeRate: 0.5)
        let life = try LifeSimulator(design: design, temperature_C: 90, options: options)
            .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: 400)]))
        let last = try #require(life.cycles.last)
        let first = try #require(life.cycles.first)
        #expect(r.endReason == life.endReason)
        #expect(r.firstDischargeCapacity_mAh_g == SweepFormat.rounded(design.mAh_g(first.dischargeCapacity_C_m2), digits: 6))
        #expect(r.finalRetention == SweepFormat.rounded(life.retention(last), digits: 6))
        #expect(r.cyclesTo80 == (life.cyclesToThreshold[0.8] ?? nil))
        let eta = life.cycles.compactMap(\.overpotential_V)
        #expect(r.meanOverpotential_V == SweepFormat.rounded(eta.reduce(0, +) / Double(eta.count), digits: 6))
        // The first-cycle energy comes from a one-cycle run, which must be the lifetime run's first cycle exactly.
        let probe = try Simulator(design: design, temperature_C: 90).run(Experiment(blocks: [ExperimentBlock(steps: steps)]))
        #expect(probe.cycles[0].dischargeCapacity_C_m2 == first.dischargeCapacity_C_m2)
        #expect(r.dischargeEnergy_mWh_g == SweepFormat.rounded(design.mAh_g(probe.cycles[0].dischargeEnergy_J_m2), digits: 6))
        #expect(r.endReason.hasPrefix("retention below 98"), "\(r.endReason)")
        #expect(r.work.map { $0.simulatedCycles < $0.reportedCycles / 2 } == true, "cycle skipping is on")
        // The work counts the probe cycle on top of the lifetime run's.
        #expect(r.work?.simulatedCycles == life.simulatedCycles + 1 && r.work?.integratedCycles == life.integratedCycles + 1)
    }

    @Test func resultsDoNotDependOnTheNumberOfWorkersOrTheShardSplit() throws {
        let grid = try spec(temperatures: [40, 70, 100], rates: [0.2, 1], cycles: 60)
        let runner = try SweepRunner(spec: grid, library: Fixtures.models)
        let one = try runner.run(workers: 1)
        let two = try runner.run(workers: 2)
        #expect(SweepTable.csv(one, axes: grid.axes) == SweepTable.csv(two, axes: grid.axes))
        let shards = try (1...3).flatMap { try runner.run(shard: try Shard(index: $0, count: 3), workers: 2) }
        #expect(SweepTable.csv(shards.sorted { $0.point < $1.point }, axes: grid.axes) == SweepTable.csv(one, axes: grid.axes))
    }

    @Test func expectedCostPutsLongRunsFirstAndFreePointsLast() throws {
        // ANP-C-2.0K: no capacity at 0 °C (bulk drop beyond half the LFP window), defined to 120 °C.
        let grid = try spec(electrolytes: ["ANP-C-2.0K"], temperatures: [0, 60, 130], rates: [0.5, 2], cycles: 20)
        let runner = try SweepRunner(spec: grid, library: Fixtures.models)
        let cost = (0..<grid.pointCount).map { runner.expectedCost(of: grid.point($0)) }
        // Points: (0 °C, 0.5C), (0, 2), (60, 0.5), (60, 2), (130, 0.5), (130, 2).
        #expect(cost[0] == 1 && cost[1] == 1, "\(cost)")
        #expect(cost[2] == 20 * (1 + 1 / 0.5) && cost[3] == 20 * (1 + 1 / 2.0), "\(cost)")
        #expect(cost[4] == 0 && cost[5] == 0, "\(cost)")
        let records = try runner.run(workers: 2)
        #expect(records.map(\.point) == Array(0..<6))
        #expect(records[0].endReason == SweepOutcome.noCapacityReason && records[4].endReason == SweepOutcome.outsideRangeReason)
    }

    @Test func pointsThatCannotRunBecomeRowsWithTheirReason() throws {
        // ANP-C-2.0K is semicrystalline below ~40 °C (no capacity at 0 °C) and defined to 120 °C.
        let grid = try spec(electrolytes: ["ANP-C-2.0K"], temperatures: [0, 60, 130], rates: [0.5], cycles: 20)
        let records = try SweepRunner(spec: grid, library: Fixtures.models).run(workers: 2)
        #expect(records.map(\.outcome) == [.noCapacity, .completed, .outsideRange])
        #expect(records[0].endReason == "cannot deliver capacity")
        #expect(records[0].firstDischargeCapacity_mAh_g.map { $0 < 0.05 * 170 } == true)
        #expect(records[0].finalRetention == nil)
        #expect(records[2].endReason == "outside the electrolyte's range")
        #expect(records[2].firstDischargeCapacity_mAh_g == nil && records[2].dischargeEnergy_mWh_g == nil)
        let csv = SweepTable.csv(records, axes: grid.axes)
        #expect(csv.hasSuffix("130,,,,,,outside the electrolyte's range\n"), "\(csv)")
    }

    @Test func firstCycleCapacityFallsWithCRateForEveryShippedElectrolyte() throws {
        // 60 °C lies inside every shipped electrolyte's range (the carbonate gels end at 80 °C).
        let ids = Fixtures.models.electrolyteIDs
        #expect(ids.count >= 11)
        let rates = [0.1, 0.5, 1, 2]
        let grid = try spec(electrolytes: ids, temperatures: [60], rates: rates, cycles: 1)
        let records = try SweepRunner(spec: grid, library: Fixtures.models).run(workers: 2)
        #expect(records.count == ids.count * rates.count)
        for (k, id) in ids.enumerated() {
            let q = records[k * rates.count..<(k + 1) * rates.count].map { $0.firstDischargeCapacity_mAh_g ?? .nan }
            #expect(q[0] > 50, "\(id): \(q)")
            for i in 1..<q.count {
                #expect(q[i] < q[i - 1] || (q[i] == 0 && q[i - 1] == 0), "\(id): capacity \(q) mAh/g at \(rates) C")
            }
        }
    }

    @Test func aCancelledSweepThrowsAndReturnsNoRows() throws {
        let grid = try spec(temperatures: [30, 60, 90], rates: [0.2, 0.5, 1], cycles: 50)
        let runner = try SweepRunner(spec: grid, library: Fixtures.models)
        let cancellation = SweepCancellation()
        // Cancelled from the progress callback after the first point.
        #expect(throws: SweepError.cancelled) {
            try runner.run(workers: 1, cancellation: cancellation, progress: { _ in cancellation.cancel() })
        }
        let seen = Counter()
        let records = try runner.run(workers: 2, progress: { p in seen.add(p.completed) })
        #expect(records.count == 9)
        #expect(seen.values.sorted() == Array(1...9))
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Int] = []
        func add(_ x: Int) { lock.withLock { stored.append(x) } }
        var values: [Int] { lock.withLock { stored } }
    }
}
