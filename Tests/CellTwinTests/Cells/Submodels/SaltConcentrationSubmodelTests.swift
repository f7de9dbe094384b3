import Foundation
import Testing
@testable import CellTwin

/// The salt's concentration polarization (``SaltConcentrationSubmodel``): its steady state against the closed form
/// Δc_ss = J·L(1 − t₊)/(F·D) with v_d = R_d·J, its rows' Jacobian against central differences, and that the full cell
/// and the Li | E | Li cell build the same submodel.
@Suite struct SaltConcentrationSubmodelTests {
    static func submodel(_ id: String, count: Int = 6) throws -> (SaltConcentrationSubmodel, Electrolyte, Double) {
        let e = try Fixtures.models.electrolyte(id)
        let t = SubmodelJacobianTests.temperature_K(e)
        var s = SaltConcentrationSubmodel(electrolyte: e, temperature_K: t,
                                          modes: SaltConcentrationSubmodel.modes(e, temperature_K: t, count: count), stateScale: 1)
        var layout = StateLayout()
        _ = layout.add("charge_C_m2")
        layout.add(&s)
        return (s, e, t)
    }

    @Test func steadyStateIsTheClosedForm() throws {
        let (s, e, t) = try Self.submodel("PPSE")
        defer { s.deallocate() }
        #expect(s.count == 7 && s.firstIndex == 1)
        let j = 5.0
        // dzₖ/dt = 0 at zₖ = (λₖwₖG/λₖ)·J.
        var y = [Double](repeating: 0, count: 1 + s.count), dydt = y
        for k in 0..<s.count { y[1 + k] = s.gain(k) / s.rate(k) * j }
        y.withUnsafeBufferPointer { p in s.addRates(SubmodelContext(current_A_m2: j, lithiumContact: 1), y: p.baseAddress!, dydt: &dydt) }
        for k in 0..<s.count { #expect(abs(dydt[1 + k]) <= 1e-12 * s.gain(k) * j, "mode \(k + 1): \(dydt[1 + k])") }
        let dc = y.withUnsafeBufferPointer { s.difference($0.baseAddress!) }
        let closed = j * e.thickness_m * (1 - e.transferenceNumber) / (Physical.faraday * e.diffusivity.value(at: t))
        #expect(abs(dc - closed) <= 1e-12 * closed, "Δc_ss \(dc) vs \(closed) mol/m³")
        let rd = e.bulkASR_ohm_m2(at: t) * (1 - e.transferenceNumber) / e.transferenceNumber
        let vd = s.overpotential(saltDifference: dc).V
        #expect(abs(vd - rd * j) <= 1e-9 * rd * j, "v_d \(vd) vs R_d·J \(rd * j)")
        let (c1, c2) = s.surfaceConcentrations(saltDifference: dc)
        #expect(abs(c1 - c2 - dc) <= 1e-9 * dc && abs(c1 + c2 - 2 * e.saltConcentration_mol_m3) <= 1e-9 * c1)
    }

    @Test func jacobianMatchesCentralDifferences() throws {
        let (s, _, _) = try Self.submodel("PPSE")
        defer { s.deallocate() }
        let n = 1 + s.count
        let y0 = (0..<n).map { k in k == 0 ? 0 : -3.0 / Double(k) }
        let j = -2.0
        func f(_ y: [Double], _ j: Double) -> [Double] {
            var out = [Double](repeating: 0, count: n)
            y.withUnsafeBufferPointer { s.addRates(SubmodelContext(current_A_m2: j, lithiumContact: 1), y: $0.baseAddress!, dydt: &out) }
            return out
        }
        var dfdy = [Double](repeating: 0, count: n * n), dfdJ = [Double](repeating: 0, count: n)
        y0.withUnsafeBufferPointer {
            s.addJacobian(SubmodelContext(current_A_m2: j, lithiumContact: 1), y: $0.baseAddress!, dfdy: &dfdy, dimension: n, dfdJ: &dfdJ)
        }
        for col in s.stateIndices {
            let h = 1e-4
            var up = y0, down = y0
            up[col] += h
            down[col] -= h
            let fu = f(up, j), fd = f(down, j)
            for row in s.stateIndices {
                let numeric = (fu[row] - fd[row]) / (2 * h)
                #expect(abs(numeric - dfdy[row * n + col]) <= 1e-7 * max(abs(numeric), 1e-12), "∂f\(row)/∂z\(col)")
            }
        }
        let fu = f(y0, j + 1e-3), fd = f(y0, j - 1e-3)
        for row in s.stateIndices {
            let numeric = (fu[row] - fd[row]) / 2e-3
            #expect(abs(numeric - dfdJ[row]) <= 1e-7 * abs(numeric), "∂f\(row)/∂J")
        }
    }

    @Test func singleIonElectrolyteHasNoStatesAndNoPolarization() throws {
        var e = try Fixtures.models.electrolyte("PPSE")
        e.transferenceNumber = 1
        let t = SubmodelJacobianTests.temperature_K(e)
        #expect(SaltConcentrationSubmodel.modes(e, temperature_K: t, count: 4) == nil)
        let s = SaltConcentrationSubmodel(electrolyte: e, temperature_K: t, modes: nil, stateScale: 1)
        defer { s.deallocate() }
        #expect(s.count == 0 && s.states.isEmpty && s.overpotential(saltDifference: 1).V == 0)
    }

    @Test func fullAndSymmetricCellsShareTheSubmodel() throws {
        let design = try Fixtures.design(electrolyte: "PPSE", cathode: "LFP")
        let t = SubmodelJacobianTests.temperature_K(design.electrolyte)
        let full = try FullCellModel(design: design, temperature_K: t, saltModes: 4)
        let sym = try SymmetricCellModel(electrolyte: design.electrolyte, temperature_K: t, saltModes: 4)
        #expect(full.saltConcentration.saltDifferencePerCurrent == sym.salt.saltDifferencePerCurrent)
        #expect(full.saltConcentration.polarizationPerSalt_V == sym.salt.polarizationPerSalt_V)
        let (a, b) = (full.saltConcentration, sym.salt)
        #expect((0..<5).allSatisfy { a.rate($0) == b.rate($0) && a.gain($0) == b.gain($0) })
        // Only the states' tolerance scale differs: c₀ in the full cell, 1 in the Li | E | Li cell.
        #expect(full.layout.scales[full.iSalt.lowerBound] == design.electrolyte.saltConcentration_mol_m3)
        #expect(sym.layout.scales[sym.iSalt.lowerBound] == 1)
    }
}
