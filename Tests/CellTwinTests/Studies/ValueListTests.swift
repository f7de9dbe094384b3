import Foundation
import Testing
@testable import CellTwin

/// Value lists and ranges of `celltwin sweep` options.
@Suite struct ValueListTests {
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
}
