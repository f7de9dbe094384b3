import Foundation
import Testing
@testable import CellTwin

/// Half-cycle curves cut from a cycler time series: constant-current rows only, capacity by the trapezoid rule.
@Suite struct VoltageCapacityCurveTests {
    /// Cycle 1: a 1 A charge (negative current) for 4 rows 360 s apart, a CV tail at 0.2 A, a rest, then a 2 A
    /// discharge for 4 rows; cycle 2 only rests.
    static let series = CyclerSeries(
        time_s: [0, 360, 720, 1080, 1440, 1800, 1900, 2260, 2620, 2980, 3100],
        current_A: [-1, -1, -1, -1, -0.2, 0, 2, 2, 2, 2, 0],
        voltage_V: [3.3, 3.4, 3.45, 3.5, 3.6, 3.4, 3.3, 3.2, 3.1, 3.0, 3.2],
        cycle: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2], step: [1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 5], line: Array(2...12))

    @Test("a charge and a discharge in cycle order; the CV tail and the rest add no capacity")
    func curvesFromASeries() throws {
        let c = VoltageCapacityCurve.curves(from: Self.series, cycle: 1)
        #expect(c.map(\.direction) == [.charge, .discharge])
        let charge = c[0], discharge = c[1]
        // 1 A for 3 × 360 s = 0.3 Ah; 2 A for 3 × 360 s = 0.6 Ah.
        #expect(charge.capacity.count == 4 && abs(charge.totalCapacity - 0.3) < 1e-12)
        #expect(charge.voltage_V == [3.3, 3.4, 3.45, 3.5])
        #expect(abs(discharge.totalCapacity - 0.6) < 1e-12 && discharge.meanCurrent == 2)
        #expect(charge.capacityUnit == "Ah" && charge.label == "cycle 1 charge" && discharge.count == 4)
        #expect(zip(charge.capacity, charge.capacity.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test("a cycle without three constant-current rows in a direction gives no curve for it")
    func tooFewRows() {
        #expect(VoltageCapacityCurve.curves(from: Self.series, cycle: 2).isEmpty)
        #expect(VoltageCapacityCurve.curves(from: Self.series, cycle: 9).isEmpty)
    }
}
