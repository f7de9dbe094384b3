import Foundation
import Testing
@testable import CellTwin

/// Value lists, ranges, shards, metrics and grid specs of `celltwin sweep`.
@Suite struct SweepValueListTests {
    @Test func rangesAreInclusiveAndFloatingPointSafe() throws {
        let decades: [Double] = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]
        let temperatures = try ValueList.numbers("0...120:10", variable: .temperature, name: "--temperature")
        #expect(temperatures == decades)
        // 0.1 + k·0.1 is not exact in binary; the list must still end at 1 and print 0.3, not 0.30000000000000004.
        let r = try ValueList.numbers("0.1...1:0.1", variable: .cRate, name: "--c-rate")
        #expect(r.count == 10)
        let printed: [String] = ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"]
        #expect(r.map(SweepFormat.variable) == printed)
        #expect(try ValueList.numbers("0.1...1.3:0.1", name: "x").count == 13)
        // An end not on the step grid is not reached.
        let offGrid = try ValueList.numbers("0...25:10", name: "x")
        #expect(offGrid == [0.0, 10.0, 20.0])
        // Lists and ranges mix.
        let mixed = try ValueList.numbers("0...40:20, 60,100", name: "x")
        #expect(mixed == [0.0, 20.0, 40.0, 60.0, 100.0])
        let single = try ValueList.numbers("5...5:1", name: "x")
        #expect(single == [5.0])
    }

    @Test(arguments: [
        ("", "no values"), ("60...30:10", "empty"), ("0...120:0", "step"), ("0...120:-10", "step"), ("0...120", "needs a step"),
        ("1,,2", "empty item"), ("a,b", "not a finite number"), ("30,30", "twice"), ("0...1:1e-9", "more than"),
        ("200", "outside"), ("nan", "not a finite number"),
    ])
    func badTemperatureListsNameTheOption(text: String, words: String) throws {
        let error = try #require(throws: SweepError.self) {
            try ValueList.numbers(text, variable: .temperature, name: "--temperature")
        }
        #expect(error.description.hasPrefix("--temperature"), "\(error)")
        #expect(error.description.contains(words), "\(error)")
    }

    @Test(arguments: ["0", "-1", "0.5,0", "0.1...0.5:0.1,-2"])
    func ratesMustBePositive(text: String) throws {
        let error = try #require(throws: SweepError.self) { try ValueList.numbers(text, variable: .cRate, name: "--c-rate") }
        #expect(error.description.contains("--c-rate") && error.description.contains("positive"), "\(error)")
    }

    @Test func shardsPartitionTheGrid() throws {
        let total = 23
        var seen: [Int] = []
        for i in 1...4 {
            let s = try Shard(parsing: "\(i)/4")
            let points = s.points(of: total)
            #expect(points.allSatisfy { $0 % 4 == i - 1 && s.contains(point: $0) })
            seen += points
        }
        #expect(seen.sorted() == Array(0..<total))
        let spaced = try Shard(parsing: " 2 / 3 "), plain = try Shard(index: 2, count: 3)
        #expect(spaced == plain)
    }

    @Test(arguments: ["3/2", "0/2", "1/0", "-1/2", "2", "a/b", "1/2/3", ""])
    func badShardsNameTheOption(text: String) throws {
        let error = try #require(throws: SweepError.self) { try Shard(parsing: text) }
        #expect(error.description.hasPrefix("--shard"), "\(error)")
    }

    @Test func metricsParseAndRejectUnknownNames() throws {
        #expect(try SweepMetric.list("capacity,cycles-to-80, energy") == [.capacity, .cyclesTo80, .energy])
        let error = try #require(throws: SweepError.self) { try SweepMetric.list("capacity,speed") }
        #expect(error.description.contains("--metric") && error.description.contains("speed"), "\(error)")
        #expect(throws: SweepError.self) { try SweepMetric.list("retention,retention") }
    }

    @Test func gridIndexIsRowMajorOverSweptVariablesInCanonicalOrder() throws {
        // Given in a different order: the columns still follow SweepVariable's order, the last one fastest.
        let spec = try SweepSpec(values: [
            .cRate: [.number(0.1), .number(1)], .electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")],
            .temperature: [.number(30), .number(60), .number(90)],
        ])
        #expect(spec.axes == [.temperature, .cRate])
        #expect(spec.pointCount == 6)
        let p = spec.point(3)
        #expect(p.coordinates == [.number(60), .number(1)])
        #expect(p.temperature_C == 60 && p.chargeCRate == 1 && p.dischargeCRate == 1)
        #expect(spec.points.map(\.index) == Array(0..<6))
        // The fingerprint depends on the grid, not on the order the values were given in.
        let same = try SweepSpec(values: [
            .electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")], .temperature: [.number(30), .number(60), .number(90)],
            .cRate: [.number(0.1), .number(1)],
        ])
        #expect(same.fingerprint == spec.fingerprint)
        var longer = SweepSettings()
        longer.cycles = 501
        let other = try SweepSpec(values: same.values, settings: longer)
        #expect(other.fingerprint != spec.fingerprint)
    }

    @Test func separateChargeAndDischargeRates() throws {
        let spec = try SweepSpec(values: [
            .electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")], .temperature: [.number(60)],
            .chargeCRate: [.number(0.2), .number(0.5)], .dischargeCRate: [.number(1), .number(2)],
        ])
        #expect(spec.axes == [.chargeCRate, .dischargeCRate])
        #expect(spec.point(1).chargeCRate == 0.2 && spec.point(1).dischargeCRate == 2)
        // --c-rate swept together with one of them is ambiguous; no rate at all is an error.
        #expect(throws: SweepError.self) {
            try SweepSpec(values: [.electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")], .temperature: [.number(60)],
                                   .cRate: [.number(0.2), .number(0.5)], .chargeCRate: [.number(1)]])
        }
        let missing = try #require(throws: SweepError.self) {
            try SweepSpec(values: [.electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")], .temperature: [.number(60)]])
        }
        #expect(missing.description.contains("--c-rate"))
    }

    @Test func settingsAreChecked() throws {
        var s = SweepSettings()
        s.cycles = 0
        let e = try #require(throws: SweepError.self) {
            try SweepSpec(values: [.electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")], .temperature: [.number(60)],
                                   .cRate: [.number(1)]], settings: s)
        }
        #expect(e.description.contains("--cycles"))
        #expect(try SweepRequest.retention("80%") == 0.8)
        #expect(try SweepRequest.retention("0.7") == 0.7)
        #expect(throws: SweepError.self) { try SweepRequest.retention("120%") }
    }

    @Test func progressTextShowsCountsAndETA() {
        let p = SweepProgress(completed: 12, total: 78, elapsed_s: 3)
        #expect(SweepProgressText.bar(p, width: 26) == "[####----------------------]  12/78 points  15 %  elapsed 0:03  ETA 0:17")
        #expect(SweepProgressText.line(p) == "sweep: 12/78 points, 15 %, elapsed 0:03, ETA 0:17")
        #expect(SweepProgressText.clock(3725) == "1:02:05")
    }
}
