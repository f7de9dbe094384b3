import Foundation
import Testing
@testable import CellTwin

/// Leave-one-out: each full-cell row refitted without it and predicted.
@Suite struct LeaveOneOutTests {
    /// Leave-one-out on HE-PEIgPHE (seven full-cell rows, LFP and NCM523): every row refitted without it and
    /// predicted; the refit without a row differs from the full fit, and the predictions stay within two tolerances.
    @Test func leaveOneOutPredictsEachFullCellRowFromTheOthers() throws {
        let fit = Fixtures.packageRoot.appendingPathComponent("Calibration/HE-PEIgPHE/fit.toml").path
        let rows = try LeaveOneOut.run(setupPath: fit, library: Fixtures.models)
        let inputs = try Calibrator.inputs(setupPath: fit, library: Fixtures.models)
        #expect(rows.count == LeaveOneOut.candidates(inputs).count)
        #expect(rows.count == 7)
        for x in rows {
            #expect(x.predicted.isFinite && x.fitted.isFinite)
            #expect(abs(x.error - (x.predicted / x.measured - 1)) < 1e-12)
            #expect(x.within == (abs(x.error) <= 0.05))
            #expect(x.undetermined.isEmpty, "\(x.location): \(x.undetermined)")
            #expect(abs(x.error) <= 0.10, "\(x.location) \(x.conditions): \(x.errorText)")
        }
        // Not seeing a row moves its prediction away from the full fit's for at least one row.
        #expect(rows.contains { abs($0.predicted - $0.fitted) > 1e-3 * $0.fitted })
        // CPCSE has three full-cell rows: no leave-one-out.
        let cpcse = Fixtures.packageRoot.appendingPathComponent("Calibration/CPCSE/fit.toml").path
        #expect(try LeaveOneOut.run(setupPath: cpcse, library: Fixtures.models).isEmpty)
    }
}
