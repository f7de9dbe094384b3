import Foundation
import Testing
@testable import CellTwin

/// The cathode's particles (``CathodeSolidDiffusionSubmodel``): a uniform particle's surface is its mean, with the OCV
/// there (the cell at rest, its parasitic currents off, shows it); at steady flux the modes settle to
/// x_s − x̄ = (τ_s/15)·dx̄/dt for any number of modes; the rows' Jacobian against central differences.
@Suite struct CathodeSolidDiffusionSubmodelTests {
    static func model(modes: Int = 4) throws -> FullCellModel {
        try FullCellModel(design: try SubmodelJacobianTests.design("CPCSE", "NCM811", singleIon: false), temperature_K: 318.15,
                          diffusionModes: modes)
    }

    @Test func uniformParticleHasTheOpenCircuitVoltageOfItsMean() throws {
        let model = try Self.model()
        let p = model.cathodeParticles
        let y = model.initialState(stateOfCharge: 0.4)
        #expect(p.meanIndex == model.iMean && p.modeIndices == model.iModes)
        #expect(model.iModes.allSatisfy { y[$0] == 0 })
        let x = y[model.iMean]
        let (xHi, xLo) = model.windowStoichiometry
        #expect(abs(x - (xHi + (xLo - xHi) * 0.6)) <= 1e-15)
        let xs = y.withUnsafeBufferPointer { p.surfaceStoichiometry(mean: x, modeSum: p.modeSum($0.baseAddress!), meanRate_per_s: 0) }
        #expect(xs == x)
        let shift = model.design.cathode.entropicCoefficient_V_K * (318.15 - 298.15)
        #expect(abs(p.openCircuitVoltage(xs) - (model.ocv.value(x) + shift)) <= 1e-15 * 4)
        // At rest the cell's terminal voltage is that OCV less nothing (no current, uniform salt).
        model.configure(control: .rest, events: [], stepStartCharge_C_m2: 0)
        let v = y.withUnsafeBufferPointer { model.terminalVoltage($0.baseAddress!) }
        #expect(abs(v - p.openCircuitVoltage(x)) <= 1e-12)
    }

    @Test(arguments: [1, 4, 12])
    func steadyFluxGivesTheParabolicProfileOffset(modes: Int) throws {
        let model = try Self.model(modes: modes)
        let p = model.cathodeParticles
        let rate = 2e-4
        // duₖ/dt = 0 at uₖ = (2/3)·(dx̄/dt)/(λₖ²/τ_s).
        var y = model.initialState(stateOfCharge: 0.5), dydt = y
        for (k, i) in model.iModes.enumerated() { y[i] = (2.0 / 3.0) * rate / model.modes.decayRates[k] }
        var c = SubmodelContext(current_A_m2: 0, lithiumContact: 1)
        c.cathodeMeanRate_per_s = rate
        y.withUnsafeBufferPointer { p.addRates(c, y: $0.baseAddress!, dydt: &dydt) }
        #expect(dydt[model.iMean] == rate)
        for i in model.iModes { #expect(abs(dydt[i]) <= 1e-15 * rate) }
        let tau = model.design.cathode.diffusionTime_s(at: 318.15)
        let offset = y.withUnsafeBufferPointer {
            p.surfaceStoichiometry(mean: 0, modeSum: p.modeSum($0.baseAddress!), meanRate_per_s: rate)
        }
        #expect(abs(offset - tau / 15 * rate) <= 1e-12 * tau / 15 * rate, "\(modes) modes: \(offset) vs \(tau / 15 * rate)")
    }

    @Test func jacobianMatchesCentralDifferences() throws {
        let model = try Self.model()
        let p = model.cathodeParticles
        let n = model.layout.count
        var y0 = model.initialState(stateOfCharge: 0.5)
        for (k, i) in model.iModes.enumerated() { y0[i] = 1e-3 / Double(k + 1) }
        let q = model.stoichiometricCapacity_C_m2
        func f(_ y: [Double], _ j: Double) -> [Double] {
            var out = [Double](repeating: 0, count: n)
            var c = SubmodelContext(current_A_m2: j, lithiumContact: 1)
            c.cathodeMeanRate_per_s = j / q
            y.withUnsafeBufferPointer { p.addRates(c, y: $0.baseAddress!, dydt: &out) }
            return out
        }
        let j = 8.0
        var dfdy = [Double](repeating: 0, count: n * n), dfdJ = [Double](repeating: 0, count: n)
        var c = SubmodelContext(current_A_m2: j, lithiumContact: 1)
        c.cathodeActiveCapacity_C_m2 = q
        y0.withUnsafeBufferPointer { p.addJacobian(c, y: $0.baseAddress!, dfdy: &dfdy, dimension: n, dfdJ: &dfdJ) }
        let rows = [p.meanIndex] + Array(p.modeIndices)
        for col in p.modeIndices {
            let h = 1e-7
            var up = y0, down = y0
            up[col] += h
            down[col] -= h
            let fu = f(up, j), fd = f(down, j)
            for row in rows {
                let numeric = (fu[row] - fd[row]) / (2 * h)
                #expect(abs(numeric - dfdy[row * n + col]) <= 1e-6 * max(abs(numeric), 1e-9), "∂f\(row)/∂u\(col)")
            }
        }
        let fu = f(y0, j + 1e-2), fd = f(y0, j - 1e-2)
        for row in rows {
            let numeric = (fu[row] - fd[row]) / 2e-2
            #expect(abs(numeric - dfdJ[row]) <= 1e-7 * abs(numeric), "∂f\(row)/∂J")
        }
    }
}
