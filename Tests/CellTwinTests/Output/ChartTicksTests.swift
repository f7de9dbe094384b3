import Foundation
import Testing
@testable import CellTwin

/// Axis ticks in 1–2–5 steps that cover the data, with compact, distinct labels.
@Suite struct ChartTicksTests {
    @Test func ticksAreOneTwoFiveStepsCoveringTheData() throws {
        #expect(NiceTicks.covering(0, 1, target: 5).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(NiceTicks.covering(0, 1, target: 5).labels == ["0", "0.2", "0.4", "0.6", "0.8", "1"])
        #expect(NiceTicks.covering(3.02, 4.18, target: 6).labels == ["3", "3.2", "3.4", "3.6", "3.8", "4", "4.2"])
        #expect(NiceTicks.covering(0.1 + 0.2, 0.7, target: 4).labels == ["0.3", "0.4", "0.5", "0.6", "0.7"])
        #expect(NiceTicks.covering(0, 36_000, target: 6).labels == ["0", "5000", "10000", "15000", "20000", "25000", "30000", "35000", "40000"])
        #expect(NiceTicks.within(0.95, 1.05, target: 5).ticks == [0.96, 0.98, 1, 1.02, 1.04])
        let flat = NiceTicks.covering(5, 5, target: 5)
        #expect(flat.lower < 5 && flat.upper > 5)

        var random = TestRandom(seed: 7)
        for _ in 0..<2000 {
            let magnitude = pow(10, random.uniform(-6, 8))
            let a = random.uniform(-1, 1) * magnitude, b = a + random.uniform(1e-3, 3) * magnitude
            let target = 2 + Int(random.next() * 9)
            let axis = NiceTicks.covering(a, b, target: target)
            let ticks = axis.ticks
            try #require(ticks.count >= 2)
            #expect(ticks.first! <= a && ticks.last! >= b, "\(a)…\(b): \(ticks)")
            #expect(axis.lower == ticks.first! && axis.upper == ticks.last!)
            #expect(ticks.count <= 2 * target + 2)
            let step = ticks[1] - ticks[0]
            let mantissa = step / pow(10, floor(log10(step)))
            #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }, "step \(step)")
            for (u, v) in zip(ticks, ticks.dropFirst()) { #expect(abs((v - u) - step) <= 1e-9 * max(abs(u), abs(v), step)) }
            #expect(Set(axis.labels).count == axis.labels.count, "\(axis.labels)")
            let nonzero = axis.labels.filter { $0 != "0" }
            #expect(nonzero.allSatisfy { $0.contains("e") } || nonzero.allSatisfy { !$0.contains("e") }, "\(axis.labels)")
            if b - a > 1e-2 * max(abs(a), abs(b)) {
                #expect(axis.labels.allSatisfy { significantDigits($0) <= 4 }, "\(axis.labels)")
            }
        }
    }

    /// Significant digits shown in a label such as "-0.0025", "12000" or "1.5e6".
    private func significantDigits(_ label: String) -> Int {
        let mantissa = label.split(separator: "e")[0]
        var digits = Array(mantissa.filter(\.isNumber).drop { $0 == "0" })
        if !mantissa.contains(".") { while digits.last == "0" { digits.removeLast() } }
        return digits.count
    }
}
