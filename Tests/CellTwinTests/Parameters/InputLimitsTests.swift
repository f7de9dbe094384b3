import Foundation
import Testing
@testable import CellTwin

/// The input ranges (``InputLimit``): each names the quantity, the value and the limit; counts are converted checked.
@Suite struct InputLimitsTests {
    @Test("each range names the quantity, the value and the limit")
    func limits() {
        #expect(InputLimit.cRate.problem(1e308) == "C-rate 1e+308 C is outside 0.001…50 C")
        #expect(InputLimit.cRate.problem(50) == nil)
        #expect(InputLimit.cRate.problem(1e-3) == nil)
        #expect(InputLimit.temperature_C.problem(-40) == nil)
        #expect(InputLimit.temperature_C.problem(-41) != nil)
        #expect(InputLimit.loading_mg_cm2.problem(.infinity)?.contains("finite") == true)
        #expect(InputLimit.currentDensity_mA_cm2.problem(.nan) != nil)
        #expect(InputLimit.cycles.problem(1e6) == nil)
        #expect(InputLimit.cycles.problem(1e6 + 1) != nil)
        #expect(InputLimit.voltage_V.problem(6.01) != nil)
        #expect(InputLimit.duration_h.problem(1e5) == nil)
    }

    @Test("Int(checked:) refuses NaN, infinities and magnitudes beyond Int, and applies the range")
    func checkedCounts() {
        #expect(Int(checked: 2.5) == 3)
        #expect(Int(checked: 2.5, rounding: .down) == 2)
        #expect(Int(checked: .nan) == nil)
        #expect(Int(checked: .infinity) == nil)
        #expect(Int(checked: 1e300) == nil)
        #expect(Int(checked: -1e19) == nil)
        #expect(Int(checked: 7, in: 0...5) == nil)
    }
}
