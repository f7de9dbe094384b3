import Foundation
import Testing
@testable import CellTwin

/// The impedance models' assumptions: defaults and the checks that refuse unusable values.
@Suite struct ImpedanceAssumptionsTests {
    @Test("the defaults pass and give 81 frequencies from 1 MHz to 10 mHz")
    func defaults() throws {
        let a = ImpedanceAssumptions()
        try a.validate()
        #expect(a.frequencies_Hz.count == 81 && a.frequencies_Hz.first == 1e6)
        // 10 µF/cm² is 0.1 S sᵅ/m² (1 µF cm⁻² = 1e-2 F m⁻²).
        #expect(a.lithiumInterfaceQ_S_s_alpha_m2 == 10 * 1e-2)
    }

    @Test("each unusable value is refused with a message naming it")
    func refusals() {
        func message(_ edit: (inout ImpedanceAssumptions) -> Void) -> String {
            var a = ImpedanceAssumptions()
            edit(&a)
            do { try a.validate(); return "accepted" } catch { return "\(error)" }
        }
        #expect(message { $0.relativePermittivity = 0.5 } == "impedance assumptions: relative permittivity must be ≥ 1")
        #expect(message { $0.lithiumInterfaceQ_S_s_alpha_m2 = 0 }.contains("Li interface Q must be positive"))
        #expect(message { $0.cathodeInterfaceExponent = 1.2 }.contains("cathode interface CPE exponent must lie in (0, 1]"))
        #expect(message { $0.lithiumInterfaceExponent = .nan }.contains("Li interface CPE exponent"))
        #expect(message { $0.electrodeArea_m2 = -1 }.contains("electrode area must be positive"))
        #expect(message { $0.minimumFrequency_Hz = 1e7 }.contains("0 < minimum < maximum"))
        #expect(message { $0.pointsPerDecade = 0 }.contains("points per decade"))
        #expect(message { $0.electrodeArea_m2 = 2e-4 } == "accepted")
    }
}
