import Foundation
import Testing
@testable import CellTwin

/// Curves for a differential analysis from a cycler file or a simulated cell, and the first-against-last pairing.
@Suite struct CurveSourcesTests {
    static func curve(_ cycle: Int, _ direction: VoltageCapacityCurve.Direction) -> VoltageCapacityCurve {
        VoltageCapacityCurve(cycle: cycle, direction: direction, capacity: [0, 1], voltage_V: [3.4, 3.3], capacityUnit: "Ah")
    }

    @Test("a summary-only file has no curves, and an absent cycle names the file's cycle range")
    func measuredErrors() throws {
        #expect { try VoltageCapacityCurve.measured(path: CyclerFixtures.beepSummary, cycles: nil) } throws: {
            "\($0)".contains("a per-cycle summary file has no voltage curves")
        }
        let text = "Data_Point,Test_Time(s),Current(A),Voltage(V),Cycle_Index,Step_Index\n"
            + "1,0,0,3.3,1,1\n2,60,1,3.4,1,2\n3,120,-1,3.3,2,3\n4,180,-1,3.2,3,3\n"
        let path = try CyclerFixtures.temporaryFile("three-cycles.csv", text)
        #expect { try VoltageCapacityCurve.measured(path: path, cycles: [7]) } throws: {
            "\($0)" == "\(path) has no cycle 7; its cycles are 1–3"
        }
    }

    @Test("first against last pairs the first and last discharge, else charge; one curve per direction is not enough")
    func pairing() throws {
        let c = try Fixtures.models.cathode("NCM811")
        #expect(try DegradationModes.firstAgainstLast([Self.curve(1, .charge)], cathode: c, lithiumLimited: false) == nil)
        let first = try DegradationModesTests.ocvCurve(1, qc: 2, x0: 0.4, eta: 0.02, cathode: c)
        let middle = try DegradationModesTests.ocvCurve(20, qc: 1.9, x0: 0.4, eta: 0.03, cathode: c)
        let last = try DegradationModesTests.ocvCurve(50, qc: 1.8, x0: 0.4, eta: 0.05, cathode: c)
        let pair = try #require(try DegradationModes.firstAgainstLast([Self.curve(1, .charge), first, Self.curve(2, .charge), middle, last],
                                                                      cathode: c, lithiumLimited: false))
        #expect(pair.reference == "cycle 1 discharge" && pair.later == "cycle 50 discharge")
        #expect(abs(pair.modes.activeMaterialLoss - 0.1) < 0.01)
    }
}
