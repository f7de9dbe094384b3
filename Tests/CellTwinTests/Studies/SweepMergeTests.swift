import Foundation
import Testing
@testable import CellTwin

/// Partial CSVs of sharded sweeps and their merge (no simulation: hand-made records).
@Suite struct SweepMergeTests {
    /// A 3 × 2 grid (temperature × C-rate) with made-up results, including empty fields and a quoted reason.
    func grid() throws -> (spec: SweepSpec, records: [SweepRecord]) {
        let spec = try SweepSpec(values: [
            .electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")], .temperature: [.number(0), .number(60), .number(130)],
            .cRate: [.number(0.1), .number(1.5)],
        ])
        let records = spec.points.map { p -> SweepRecord in
            switch p.temperature_C {
            case 0: return SweepRecord(point: p.index, coordinates: p.coordinates, firstDischargeCapacity_mAh_g: 0.0123456789,
                                       dischargeEnergy_mWh_g: 0.04, end: .noCapacity)
            case 130: return SweepRecord(point: p.index, coordinates: p.coordinates, end: .outsideRange)
            default: return SweepRecord(point: p.index, coordinates: p.coordinates, firstDischargeCapacity_mAh_g: 150 + 1 / 3,
                                        finalRetention: 0.8123456789, cyclesTo80: p.index == 3 ? 412 : nil,
                                        meanOverpotential_V: 0.0345678901, dischargeEnergy_mWh_g: 512.3456789,
                                        end: p.index == 3 ? .failed("step \"x\", then y") : .endOfExperiment)
            }
        }
        return (spec, records)
    }

    func parts(_ g: (spec: SweepSpec, records: [SweepRecord]), count n: Int) throws -> [(file: String, text: String)] {
        try (1...n).map { i in
            let shard = try Shard(index: i, count: n)
            let mine = g.records.filter { shard.contains(point: $0.point) }
            return ("part\(i).csv", SweepTable.partialCSV(mine, axes: g.spec.axes, part: SweepPart(shard: shard, spec: g.spec, metrics: [.energy])))
        }
    }

    @Test func everySweepEndReadsBackFromItsReportedText() {
        let ends: [SweepEnd] = [.completed, .endOfExperiment, .maximumCycles, .shortCircuit, .retentionBelow(fraction: 0.8),
                                .retentionBelow(fraction: 0.975), .outsideRange, .noCapacity, .failed("step \"x\", then y")]
        for e in ends { #expect(SweepEnd(reported: e.description) == e, "\(e)") }
        #expect(SweepEnd(reported: "retention below 80") == nil && SweepEnd(reported: "short") == nil)
        // A lifetime run's end reads as the run reports it.
        for run in [RunEnd.completed, .endOfExperiment, .maximumCycles, .shortCircuit(cycle: 7), .retentionBelow(fraction: 0.7)] {
            #expect(SweepEnd(run).description == run.description)
        }
    }

    @Test func mergedPartsGiveTheUnshardedCSVByteForByte() throws {
        let g = try grid()
        let whole = SweepTable.csv(g.records, axes: g.spec.axes)
        for n in [1, 2, 4] {
            let merged = try SweepMerge.merge(try parts(g, count: n).reversed())
            #expect(SweepTable.csv(merged.records, axes: merged.axes) == whole, "\(n) shards")
            #expect(merged.records == g.records)
            #expect(merged.context == g.spec.context)
            #expect(merged.metrics == [.energy])
        }
        #expect(whole.contains("\"failed: step \"\"x\"\", then y\""))
    }

    @Test func mergeRefusesDuplicateAndMissingPoints() throws {
        let g = try grid()
        let p = try parts(g, count: 2)
        let duplicate = try #require(throws: SweepError.self) { try SweepMerge.merge([p[0], p[1], ("again.csv", p[1].text)]) }
        #expect(duplicate.description.contains("again.csv") && duplicate.description.contains("duplicate"), "\(duplicate)")
        let missing = try #require(throws: SweepError.self) { try SweepMerge.merge([p[0]]) }
        #expect(missing.description.contains("3 of 6 points are missing") && missing.description.contains("2/2"), "\(missing)")
        // A row removed from a part.
        let cut = p[1].text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("3,") }.joined(separator: "\n")
        let hole = try #require(throws: SweepError.self) { try SweepMerge.merge([p[0], ("cut.csv", cut)]) }
        #expect(hole.description.contains("missing") && hole.description.contains("3"), "\(hole)")
    }

    @Test func mergeRefusesPartsOfDifferentSweepsAndBadFiles() throws {
        let g = try grid()
        let p = try parts(g, count: 2)
        // Another grid (one more cycle per point): same header, different fingerprint.
        var settings = SweepSettings()
        settings.cycles = 501
        let other = try SweepSpec(values: g.spec.values, settings: settings)
        let foreign = SweepTable.partialCSV(g.records.filter { $0.point % 2 == 1 }, axes: other.axes,
                                            part: SweepPart(shard: try Shard(index: 2, count: 2), spec: other))
        let e1 = try #require(throws: SweepError.self) { try SweepMerge.merge([p[0], ("other.csv", foreign)]) }
        #expect(e1.description.contains("other.csv") && e1.description.contains("different sweep"), "\(e1)")
        // Same grid line, different header.
        let renamed = p[1].text.replacingOccurrences(of: "c_rate,", with: "charge_c_rate,")
        let e2 = try #require(throws: SweepError.self) { try SweepMerge.merge([p[0], ("renamed.csv", renamed)]) }
        #expect(e2.description.contains("renamed.csv") && e2.description.contains("header"), "\(e2)")
        // A whole-sweep CSV is not a part.
        let e3 = try #require(throws: SweepError.self) {
            try SweepMerge.merge([("sweep.csv", SweepTable.csv(g.records, axes: g.spec.axes))])
        }
        #expect(e3.description.contains("not a partial sweep CSV"), "\(e3)")
        // A row in the wrong shard, a bad number.
        let moved = p[1].text.replacingOccurrences(of: "\n3,", with: "\n2,")
        #expect(throws: SweepError.self) { try SweepMerge.merge([("moved.csv", moved), p[0]]) }
        let garbled = p[1].text.replacingOccurrences(of: ",0.04,", with: ",zero,")
        let e4 = try #require(throws: SweepError.self) { try SweepMerge.merge([p[0], ("garbled.csv", garbled)]) }
        #expect(e4.description.contains("garbled.csv") && e4.description.contains("line 3"), "\(e4)")
    }
}
