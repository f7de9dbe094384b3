import Foundation
import Testing
@testable import CellTwin

/// Physical constants, lab-unit conversions and the Arrhenius law against the tables of docs/DOMAIN.md.
@Suite struct PhysicalTests {
    @Test func arrheniusFactorsReproduceTheDomainTable() {
        // docs/DOMAIN.md B §5.3: k(T)/k(25 °C) for E_a = 20…70 kJ/mol at 0, 60 and 120 °C.
        let table: [(Double, [Double])] = [(20, [0.48, 2.33, 7.0]), (35, [0.27, 4.41, 30.3]),
                                           (50, [0.16, 8.32, 131]), (70, [0.075, 19.4, 919])]
        for (ea, factors) in table {
            let a = Arrhenius(referenceValue: 1, activationEnergy_J_mol: ea * 1000, referenceTemperature_K: 298.15)
            for (t, expected) in zip([0.0, 60, 120], factors) {
                let f = a.factor(at: Units.kelvin(celsius: t))
                #expect(abs(f - expected) / expected < 0.02, "Ea \(ea) kJ/mol at \(t) °C: \(f) vs \(expected)")
            }
        }
    }

    @Test func thermalVoltageMatchesTheDomainTable() {
        for (t, mV) in [(0.0, 23.54), (25.0, 25.69), (60.0, 28.71), (120.0, 33.88)] {
            #expect(abs(Physical.thermalVoltage(Units.kelvin(celsius: t)) * 1000 - mV) < 0.01)
        }
    }
}
