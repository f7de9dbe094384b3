import Foundation
import Testing
@testable import CellTwin

/// The invariant harness of the Li | E | Li cell, over every electrolyte at the ends and the middle of its valid
/// temperature range:
/// - rest keeps V: a fresh cell at rest stays at 0 V;
/// - charge conservation: the Li moved, q, is J·t under a constant current;
/// - plating raises V with J's sign, and stripping back lowers it;
/// - higher T lowers the ohmic + kinetic overpotential V(0⁺) when the conductivity's and the Li exchange current's
///   activation energies are positive (the stated condition);
/// - the analytic Jacobian against central finite differences.
@Suite struct SymmetricCellInvariantTests {
    static var electrolytes: [String] { Fixtures.models.electrolyteIDs }

    @Test(arguments: electrolytes)
    func symmetricCellInvariantsHoldAcrossTheTemperatureRange(electrolyte id: String) throws {
        let e = try Fixtures.models.electrolyte(id)
        let ts = FullCellInvariantTests.temperatures(e)
        var instant: [Double] = []
        // One small current at every temperature: a tenth of the lowest limiting current, at most 0.01 mA/cm².
        let lowest = ts.map { e.limitingCurrent_A_m2(at: Units.kelvin(celsius: $0)) }.min() ?? .infinity
        let j = min(0.1 * lowest, 0.1)
        for t in ts {
            let label = "\(id) at \(t) °C"
            // No instrument limit: the most resistive electrolytes pass 0.01 mA/cm² above 5 V at their coldest.
            var options = SymmetricOptions()
            options.voltageLimit_V = 1000
            let sim = try SymmetricSimulator(electrolyte: e, temperature_C: t, options: options)
            sim.reset()
            let rest = try sim.advance(control: .rest, duration_s: 3600, events: sim.standardEvents)
            #expect(abs(rest.endVoltage_V) < 1e-12 && abs(rest.meanVoltage_V) < 1e-12, "\(label): rest \(rest.endVoltage_V) V")
            let y0 = Array(UnsafeBufferPointer(start: sim.integrator.y, count: sim.model.dimension))
            sim.model.configure(control: .current(A_m2: j), events: [])
            instant.append(y0.withUnsafeBufferPointer { sim.model.terminalVoltage($0.baseAddress!) })
            let plate = try sim.advance(control: .current(A_m2: j), duration_s: 3600, events: sim.standardEvents)
            guard plate.event == nil else {
                Issue.record("\(label): plating at \(j) A/m² ended by \(plate.event.map { "\($0)" } ?? "")")
                continue
            }
            #expect(abs(plate.charge_C_m2 / (j * 3600) - 1) < 1e-9, "\(label): q = \(plate.charge_C_m2), J·t = \(j * 3600) C/m²")
            #expect(plate.endVoltage_V > 0 && plate.endVoltage_V >= instant.last! - 1e-9,
                    "\(label): plating V \(plate.endVoltage_V) V, instant \(instant.last!) V")
            let strip = try sim.advance(control: .current(A_m2: -j), duration_s: 3600, events: sim.standardEvents)
            #expect(strip.endVoltage_V < 0, "\(label): stripping V \(strip.endVoltage_V) V")
            #expect(abs(sim.integrator.y[sim.model.iCharge]) < 1e-9 * j * 3600, "\(label): Li moved back")
            try Self.checkJacobian(sim.model, current: j, label: label)
        }
        let positive = ts.allSatisfy { e.conductivity.apparentActivationEnergy_J_mol(at: Units.kelvin(celsius: $0)) > 0 }
            && e.lithiumExchangeCurrent.activationEnergy_J_mol > 0
        if positive {
            for (a, b) in zip(instant, instant.dropFirst()) {
                #expect(b < a, "\(id): V(0⁺) \(instant) V at \(ts) °C does not fall with temperature")
            }
        }
    }

    /// ∂f/∂y of the symmetric cell against central differences at a polarized state under current control.
    static func checkJacobian(_ model: SymmetricCellModel, current j: Double, label: String) throws {
        var y = model.initialState()
        let n = model.dimension
        for k in 0..<n where k < model.iInterphase1 { y[k] = -5 / Double(k + 1) }
        model.configure(control: .current(A_m2: j), events: [])
        let dfdy = model.jacobianMatrix(at: y)
        let f = model.rates(at:)
        for col in 0..<model.iInterphase1 {
            let columnScale = (0..<n).map { abs(dfdy[$0 * n + col]) }.max() ?? 0
            let h = max(abs(y[col]), 1) * 1e-6
            var up = y, down = y
            up[col] += h
            down[col] -= h
            let fu = f(up), fd = f(down)
            for row in 0..<model.iInterphase1 {
                let numeric = (fu[row] - fd[row]) / (2 * h), analytic = dfdy[row * n + col]
                let scale = max(abs(numeric), abs(analytic))
                #expect(abs(numeric - analytic) <= 1e-2 * scale + 1e-6 * columnScale + 1e-12,
                        "\(label): ∂f[\(row)]/∂y[\(col)] = \(analytic), FD \(numeric)")
            }
        }
    }
}
