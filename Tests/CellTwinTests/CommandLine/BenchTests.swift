import ArgumentParser
import CellTwin
import Foundation
import Testing
@testable import CellTwinCLI

/// `celltwin bench` parsed in process: defaults from the simulator's own settings, and each bad value named with
/// its limit.
@Suite struct BenchTests {
    static func message(_ arguments: [String]) -> String {
        do { _ = try CellTwinCommand.parseChecked(arguments); return "" } catch { return CellTwinCommand.message(for: error) }
    }

    @Test func defaultsAreTheSimulatorsSettings() throws {
        let b = try #require(try CellTwinCommand.parseChecked(["bench"]) as? Bench)
        #expect(b.cycles == 500 && b.repeats == 3 && b.filter == nil && b.accuracyGuard)
        #expect(b.stepper == SimulationOptions().stepper.rawValue && b.relativeTolerance == SimulationOptions().relativeTolerance)
        let set = try #require(try CellTwinCommand.parseChecked(["bench", "--stepper", "msbdf", "--rtol", "1e-8", "--cycles", "20"]) as? Bench)
        #expect(set.stepper == "msbdf" && set.relativeTolerance == 1e-8 && set.cycles == 20)
    }

    @Test(arguments: [(["bench", "--stepper", "euler"], "unknown --stepper 'euler'"),
                      (["bench", "--rtol", "0.5"], "--rtol must lie in (0, 0.1)"),
                      (["bench", "--rtol", "0"], "--rtol must lie in (0, 0.1)"),
                      (["bench", "--cycles", "0"], "--cycles"),
                      (["bench", "--repeats", "1001"], "1001 is outside 1…1000")])
    func badValuesNameTheOptionAndLimit(arguments: [String], words: String) {
        let m = Self.message(arguments)
        #expect(m.contains(words), "\(m)")
    }
}
