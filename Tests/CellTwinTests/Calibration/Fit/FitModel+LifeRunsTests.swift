import Foundation
import Testing
@testable import CellTwin

/// The lifetime runs of a fit: one run per test, shared by every retention, capacity and CE point of it.
@Suite struct FitModelLifeRunsTests {
    @Test("three points of one test read one run, simulated to the test's last cycle; the same vector runs nothing again")
    func oneRunPerTest() throws {
        let rows = [
            FitFixtures.row("CPCSE", "cycling_retention", t: 60, cathode: "LFP", cRate: 1, cycle: 3, quantity: "retention", value: 0.99, unit: "fraction"),
            FitFixtures.row("CPCSE", "cycling_retention", t: 60, cathode: "LFP", cRate: 1, cycle: 5, quantity: "retention", value: 0.98, unit: "fraction"),
            FitFixtures.row("CPCSE", "coulombic_efficiency", t: 60, cathode: "LFP", cRate: 1, cycle: 5, quantity: "CE", value: 0.999, unit: "fraction"),
        ]
        let m = try FitModelTests.model(rows)
        let v = try m.predictions([])
        #expect(m.simulations == 1)
        _ = try m.predictions([])
        #expect(m.simulations == 1)
        // The same run, made directly: its retention at cycles 3 and 5 and its mean CE of cycles 2…5.
        let d = try m.design(m.points[0], m.base)
        let run = try FitModel.lifetimeRun(d, temperature_C: 60, chargeRate: CellFormat.defaultChargeCRate(forDischarge: 1), dischargeRate: 1,
                                           cycles: 5, threshold: 0.01, stepper: m.stepper)
        #expect(run.cycles.count == 5)
        #expect(abs(v[0] - run.retention(run.cycles[2])) < 1e-12 && abs(v[1] - run.retention(run.cycles[4])) < 1e-12)
        let ce = run.cycles[1...4].compactMap(\.coulombicEfficiency)
        #expect(ce.count == 4 && abs(v[2] - ce.reduce(0, +) / 4) < 1e-12)
        #expect(v[0] <= 1 + 1e-3 && v[2] < 1)
    }
}
