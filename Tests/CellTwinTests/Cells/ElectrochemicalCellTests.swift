import Foundation
import Testing
@testable import CellTwin

/// What the step runner reads from any cell: named states, one of them the charge q = ∫J dt at ``chargeIndex``, and a
/// run clock that starts at zero.
@Suite struct ElectrochemicalCellTests {
    static func contract<C: ElectrochemicalCell>(_ cell: C) -> (names: Int, dimension: Int, charge: String?) {
        (cell.stateNames.count, cell.dimension, cell.stateNames.indices.contains(cell.chargeIndex) ? cell.stateNames[cell.chargeIndex] : nil)
    }

    @Test func bothCellsNameEveryStateAndTheCharge() throws {
        let full = try FullCellModel(design: CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte()),
                                     temperature_K: 298.15)
        let symmetric = try SymmetricCellModel(electrolyte: Fixtures.simpleElectrolyte(), temperature_K: 298.15)
        for c in [Self.contract(full), Self.contract(symmetric)] {
            #expect(c.names == c.dimension && c.charge == "charge_C_m2", "\(c)")
        }
        #expect(Set(full.stateNames).count == full.stateNames.count && Set(symmetric.stateNames).count == symmetric.stateNames.count)
        let clock = RunClock()
        #expect(clock.time_s == 0 && clock.cycle == 0 && clock.step == 0)
    }
}
