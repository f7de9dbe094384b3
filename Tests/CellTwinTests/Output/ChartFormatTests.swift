import Foundation
import Testing
@testable import CellTwin

/// Numbers and coordinates in charts: compact, at most four significant digits, two decimals for coordinates.
@Suite struct ChartFormatTests {
    @Test func numbersAreCompact() {
        #expect(ChartFormat.number(0.1 + 0.2) == "0.3")
        #expect(ChartFormat.number(1234.5678) == "1235")
        #expect(ChartFormat.number(12_000) == "12000")
        #expect(ChartFormat.number(0.25) == "0.25")
        #expect(ChartFormat.number(0.0001) == "0.0001")
        #expect(ChartFormat.number(1.5e-7) == "1.5e-7")
        #expect(ChartFormat.number(-2e9) == "-2e9")
        #expect(ChartFormat.number(999_999.9) == "1e6")
        #expect(ChartFormat.number(-0.0) == "0")
        #expect(ChartFormat.number(250_000, scientific: true) == "2.5e5")
        #expect(ChartFormat.number(2.5e-5, scientific: false) == "0.000025")
        #expect(NiceTicks.covering(0, 2.1e6, target: 5).labels == ["0", "5e5", "1e6", "1.5e6", "2e6", "2.5e6"])
        #expect(ChartFormat.number(.nan) == "—")
        #expect(ChartFormat.number(-.infinity) == "-∞")
        #expect(ChartFormat.coord(12.3456) == "12.35")
        #expect(ChartFormat.coord(3) == "3")
        #expect(ChartFormat.coord(2.5) == "2.5")
        #expect(ChartFormat.coord(0.05) == "0.05")
        #expect(ChartFormat.coord(-7.1) == "-7.1")
        #expect(ChartFormat.coord(-0.004) == "0")
        #expect(ChartFormat.coord(.nan) == "0")
    }
}
