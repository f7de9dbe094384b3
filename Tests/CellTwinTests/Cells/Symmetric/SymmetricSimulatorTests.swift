import Foundation
import Testing
@testable import CellTwin

/// The Li | E | Li simulator's own checks: the temperatures it accepts.
@Suite struct SymmetricSimulatorTests {
    static func shipped(_ id: String) throws -> Electrolyte { try Fixtures.models.electrolyte(id) }

    @Test(arguments: [-1.0, 151, .nan])
    func temperatureOutsideTheModelRangeIsRejected(temperature_C: Double) {
        #expect(throws: SimulationError.self) {
            try SymmetricSimulator(electrolyte: Fixtures.simpleElectrolyte(), temperature_C: temperature_C)
        }
    }

    @Test func temperatureOutsideTheElectrolytesRangeIsRejected() throws {
        // CMP-VAMMT is defined up to 80 °C.
        let e = try Self.shipped("CMP-VAMMT")
        #expect(throws: SimulationError.self) { try SymmetricSimulator(electrolyte: e, temperature_C: 100) }
    }
}
