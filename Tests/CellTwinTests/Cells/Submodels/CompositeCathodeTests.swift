import Foundation
import Testing
@testable import CellTwin

/// The composite cathode as a de Levie transmission line (DOMAIN B §2.6) against its closed forms.
@Suite struct CompositeCathodeTests {
    /// √(R·r)·coth √(R/r), written out.
    func deLevie(_ ionic: Double, _ reaction: Double) -> Double {
        let nu = (ionic / reaction).squareRoot()
        return (ionic * reaction).squareRoot() / tanh(nu)
    }

    @Test("DC resistance equals √(R_ion r)·coth √(R_ion/r); → r + R_ion/3 (slow kinetics), → √(R_ion r) (fast kinetics)")
    func dcResistanceClosedForm() {
        let r = 2e-3
        for ratio in [1e-8, 1e-4, 0.01, 0.3, 1, 4, 30, 400] {
            let ionic = ratio * r
            let got = TransmissionLine.resistance(ionic: ionic, reaction: r)
            #expect(abs(got / deLevie(ionic, r) - 1) < 1e-12, "R_ion/r = \(ratio)")
            // Utilisation u = r/R_el = tanh ν/ν.
            let nu = ratio.squareRoot()
            #expect(abs(TransmissionLine.utilisation(ionic: ionic, reaction: r) - tanh(nu) / nu) < 1e-12)
        }
        // Kinetics slow against the pore path: the electrode adds R_ion/3 (error R_ion²/(45 r)).
        let small = 1e-3 * r
        #expect(abs(TransmissionLine.resistance(ionic: small, reaction: r) - (r + small / 3)) < small * small / (40 * r))
        // Kinetics fast: √(R_ion r), penetration depth L_c·√(r/R_ion).
        let big = 400 * r
        #expect(abs(TransmissionLine.resistance(ionic: big, reaction: r) / (big * r).squareRoot() - 1) < 1e-12)
        #expect(abs(TransmissionLine.penetrationFraction(ionic: big, reaction: r) - 0.05) < 1e-12)
        // No pore resistance: the particles' own resistance.
        #expect(TransmissionLine.resistance(ionic: 0, reaction: r) == r)
    }

    @Test("impedance.py's T element with B = 0 is the de Levie line with r ∥ C particles; its DC limit is the closed form")
    func impedanceIsTheDeLevieLine() {
        let ionic = 3e-3, r = 1e-3, c = 0.5
        for f in [1e-6, 1e-2, 1.0, 100.0, 1e5] {
            let omega = 2 * Double.pi * f
            let zp = 1 / Complex(1 / r, omega * c)
            let line = TransmissionLine.impedance(ionic: ionic, particle: zp)
            let t = ElementType.T.impedance(frequency_Hz: f, parameters: [ionic, 0, ionic / r, ionic * c])
            #expect((line - t).modulus < 1e-12 * line.modulus, "f = \(f)")
        }
        let dc = TransmissionLine.impedance(ionic: ionic, particle: Complex(r, 0))
        #expect(abs(dc.re / deLevie(ionic, r) - 1) < 1e-12 && abs(dc.im) < 1e-15)
        // High frequency: coth β → 1, so the line is √(R_ion·Z_p); the double layer shorts the particles and that
        // tends to √(R_ion/(jωC)), a 45° line.
        let omega = 2 * Double.pi * 1e6
        let zp = 1 / Complex(1 / r, omega * c)
        let hf = TransmissionLine.impedance(ionic: ionic, particle: zp)
        let expected = Complex.sqrt(Complex(ionic, 0) * zp)
        #expect((hf - expected).modulus < 1e-12 * expected.modulus)
        #expect(abs(hf.argument + Double.pi / 4) < 1e-3)
    }

    /// A linear-OCV cell whose cathode has a pore structure of porosity ε.
    func poreDesign(porosity: Double = 0.4, sigma_S_m: Double = 0.01, sigmaActivation_J_mol: Double = 30_000,
                    loading_kg_m2: Double = 0.05) -> CellDesign {
        var cathode = Fixtures.linearCathode(diffusionTime_s: 1e-6)
        cathode.poreGeometry = PoreElectrodeGeometry(porosity: porosity, activeVolumeFraction: 0.4, activeDensity_kg_m3: 3600)
        var e = Fixtures.simpleElectrolyte(tPlus: 1, sigma_S_m: sigma_S_m)
        e.conductivity = .arrhenius(Arrhenius(referenceValue: sigma_S_m, activationEnergy_J_mol: sigmaActivation_J_mol))
        return CellDesign(cathode: cathode, electrolyte: e, cathodeLoading_kg_m2: loading_kg_m2)
    }

    @Test("R_ion = L_c/(σ ε^1.5) with L_c = m/(ρ φ): the Bruggeman closed form")
    func ionicResistanceFromGeometry() {
        let d = poreDesign(porosity: 0.36)
        let t = 298.15
        let thickness = 0.05 / (3600 * 0.4)
        let expected = thickness / (0.01 * pow(0.36, 1.5))
        #expect(abs(d.cathodeIonicASR_ohm_m2(at: t) / expected - 1) < 1e-12)
        // Without a pore structure there is no pore path.
        var plain = d
        plain.cathode.poreGeometry = nil
        #expect(plain.cathodeIonicASR_ohm_m2(at: t) == 0)
    }

    @Test("full cell in the linear limit: V_OCV − V = J·(series + Li interface + √(R_ion r)·coth √(R_ion/r))")
    func fullCellLinearLimit() throws {
        let d = poreDesign()
        let t = 298.15
        let model = try FullCellModel(design: d, temperature_K: t, aging: false)
        let y = model.initialState(stateOfCharge: 0.5)
        let j = 1e-5 // A m⁻²: far below i₀, so the kinetics are linear
        let u0 = y.withUnsafeBufferPointer { p in model.ocv.value(model.surfaceStoichiometry(p.baseAddress!, current: 0)) }
        let v = y.withUnsafeBufferPointer { model.voltage($0.baseAddress!, current: j).V }
        let vt = Physical.thermalVoltage(t)
        let e = d.electrolyte
        let r = vt / d.cathode.exchangeCurrent.value(at: t) + e.cathodeInterphaseASR_ohm_m2
        let ionic = d.cathodeIonicASR_ohm_m2(at: t)
        #expect(ionic > r) // the pore path matters in this cell
        let expected = e.bulkASR_ohm_m2(at: t) + d.contactASR_ohm_m2 + e.lithiumInterphaseASR_ohm_m2
            + vt / e.lithiumExchangeCurrent.value(at: t) + deLevie(ionic, r)
        #expect(abs((u0 - v) / j / expected - 1) < 1e-5)
    }

    @Test("∂V/∂J of the full cell with a pore path matches finite differences in the nonlinear range")
    func voltageSlopeMatchesFiniteDifferences() throws {
        let d = poreDesign()
        let model = try FullCellModel(design: d, temperature_K: 298.15, aging: false)
        let y = model.initialState(stateOfCharge: 0.6)
        try y.withUnsafeBufferPointer { p in
            let base = try #require(p.baseAddress)
            for c in [-2.0, 0.3, 1.0, 3.0] {
                let j = d.currentDensity(cRate: c)
                let h = 1e-6 * abs(j)
                let fd = (model.voltage(base, current: j + h).V - model.voltage(base, current: j - h).V) / (2 * h)
                let an = model.voltage(base, current: j).dVdJ
                #expect(abs(an / fd - 1) < 1e-5, "C-rate \(c): \(an) vs \(fd)")
            }
        }
    }

    @Test("utilisation falls with current and, where σ(T) is more activated than i₀, in the cold")
    func utilisationTrends() {
        // σ with 60 kJ/mol (a polymer near its melting range) against i₀ with 40 kJ/mol.
        let d = poreDesign(sigma_S_m: 0.005, sigmaActivation_J_mol: 60_000)
        let j1 = d.currentDensity(cRate: 0.2), j2 = d.currentDensity(cRate: 2), j3 = d.currentDensity(cRate: 5)
        for t in [273.15, 298.15, 333.15] {
            let block = d.compositeCathode(at: t)
            let u = [0, j1, j2, j3].map { block.state(current: $0, film: d.electrolyte.cathodeInterphaseASR_ohm_m2).utilisation }
            #expect(u[0] > u[1] && u[1] > u[2] && u[2] > u[3], "T = \(t): \(u)")
            #expect(u.allSatisfy { $0 > 0 && $0 <= 1 })
        }
        let u = [273.15, 298.15, 333.15].map {
            d.compositeCathode(at: $0).state(current: j2, film: d.electrolyte.cathodeInterphaseASR_ohm_m2).utilisation
        }
        #expect(u[0] < u[1] && u[1] < u[2], "\(u)")
        // The ionic overpotential is the line's extra over the particles' own: J·r·(1/u − 1) ≥ 0.
        let s = d.compositeCathode(at: 273.15).state(current: j2, film: 0)
        #expect(s.ionicOverpotential_V > 0 && s.ionicOverpotential_V < s.overpotential_V)
    }

    @Test("the particles carry the mean rate whatever the utilisation: steady surface offset (τ_s/15)·dx̄/dt")
    func solidDiffusionSeesTheMeanRate() throws {
        var d = poreDesign()
        d.cathode.diffusionTime_s = 200
        let model = try FullCellModel(design: d, temperature_K: 298.15, aging: false)
        let j = d.currentDensity(cRate: 0.5)
        var y = model.initialState(stateOfCharge: 0.9)
        // An uneven reaction (u < 0.9) shows in the overpotential, not in the particles' load: uₖ = (2/3)(dx̄/dt)/(λₖ²/τ_s).
        let u = model.compositeCathode.state(current: j, film: d.electrolyte.cathodeInterphaseASR_ohm_m2).utilisation
        #expect(u < 0.9)
        let dxdt = j / d.stoichiometricCapacity_C_m2
        for (k, rate) in model.modes.decayRates.enumerated() { y[model.iModes.lowerBound + k] = (2.0 / 3.0) * dxdt / rate }
        let xs = y.withUnsafeBufferPointer { model.surfaceStoichiometry($0.baseAddress!, current: j) }
        let expected = 200 / 15 * dxdt
        #expect(abs((xs - y[model.iMean]) / expected - 1) < 1e-9)
        // The right-hand side holds that state.
        var dydt = [Double](repeating: 0, count: model.dimension)
        model.configure(control: .current(A_m2: j), events: [], stepStartCharge_C_m2: 0)
        _ = y.withUnsafeBufferPointer { p in dydt.withUnsafeMutableBufferPointer { model.derivatives(t: 0, y: p.baseAddress!, dydt: $0.baseAddress!) } }
        for k in model.iModes { #expect(abs(dydt[k]) < 1e-12 * dxdt) }
    }
}
