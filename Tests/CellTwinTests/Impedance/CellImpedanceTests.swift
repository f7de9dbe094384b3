import Foundation
import Testing
@testable import CellTwin

@Suite("Impedance of the cell models")
struct CellImpedanceTests {
    @Test("symmetric Li|E|Li: high-frequency intercept R_b, DC limit R_b + 2R_int + R_D", arguments: [
        ("CMP-VAMMT", 30.0), ("CPCSE", 25.0), ("HE-PEIgPHE", 60.0),
    ])
    func symmetricLimits(electrolyte id: String, temperature_C: Double) throws {
        let e = try Fixtures.models.electrolyte(id)
        let t = Units.kelvin(celsius: temperature_C)
        let m = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: t)
        let area = e.referenceCell.electrodeArea_m2
        let rb = e.bulkASR_ohm_m2(at: t) / area
        let rInt = CellImpedanceModel.lithiumInterfaceASR(e, t) / area
        let rd = e.diffusionASR_ohm_m2(at: t) / area
        #expect(abs(m.bulkResistance_ohm - rb) < 1e-12 * rb)

        let spectrum = m.spectrum()
        #expect(spectrum.count == 81)
        #expect(spectrum.frequencies_Hz.first == 1e6 && abs((spectrum.frequencies_Hz.last ?? 0) - 1e-2) < 1e-15)
        let features = SpectrumFeatures(spectrum)
        #expect(abs(features.highFrequencyIntercept_ohm / rb - 1) < 0.01,
                "intercept \(features.highFrequencyIntercept_ohm) Ω vs R_b \(rb) Ω")

        let dc = m.circuit.impedance(frequency_Hz: 1e-9, parameters: m.parameters)
        let expected = rb + 2 * rInt + rd
        #expect(abs(dc.re / expected - 1) < 1e-6, "DC \(dc.re) Ω vs \(expected) Ω")
        #expect(abs(dc.im) < 1e-4 * expected)
        #expect(abs(m.lowFrequencyResistance_ohm / expected - 1) < 1e-12)
        // Capacitive everywhere in the window: −Z″ ≥ 0.
        #expect(spectrum.minusImaginary_ohm.allSatisfy { $0 >= 0 })
    }

    @Test("CMP-VAMMT at 30 °C reproduces the study's 326 Ω Li|E|Li interface (the file's calibration)")
    func interfaceMatchesStudy() throws {
        let e = try Fixtures.models.electrolyte("CMP-VAMMT")
        let m = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: Units.kelvin(celsius: 30))
        let interfaces = m.components.filter { $0.name.hasPrefix("Li interface") }.reduce(0) { $0 + $1.resistance_ohm }
        #expect(abs(interfaces - 326) < 3)
    }

    @Test("a single-ion conductor (t₊ = 1) has no concentration Warburg")
    func singleIon() throws {
        let e = Fixtures.simpleElectrolyte(tPlus: 1)
        let m = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: 298.15)
        #expect(m.circuit.description == "p(R0,C0)-p(R1,CPE1)-p(R2,CPE2)")
        let withSalt = try CellImpedanceModel.symmetric(electrolyte: Fixtures.simpleElectrolyte(tPlus: 0.5), temperature_K: 298.15)
        #expect(withSalt.circuit.description == "p(R0,C0)-p(R1,CPE1)-p(R2,CPE2)-Ws1")
        let ws = try #require(withSalt.components.first { $0.elements == ["Ws1"] })
        #expect(abs(ws.resistance_ohm / withSalt.bulkResistance_ohm - 1) < 1e-12) // R_D = R_b(1 − t₊)/t₊ = R_b
    }

    @Test("temperature enters through σ, i₀, D: warmer cells have smaller resistances and faster arcs")
    func temperatureDependence() throws {
        let e = try Fixtures.models.electrolyte("CMP-VAMMT")
        let cold = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: Units.kelvin(celsius: 10))
        let warm = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: Units.kelvin(celsius: 60))
        for (c, w) in zip(cold.components, warm.components) {
            #expect(w.resistance_ohm < c.resistance_ohm, "\(c.name)")
            #expect((w.frequency_Hz ?? 0) > (c.frequency_Hz ?? 0), "\(c.name)")
        }
        #expect(throws: SimulationError.self) {
            try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: Units.kelvin(celsius: 140))
        }
    }

    @Test("full Li|E|NCM523 cell: intercept R_contact + R_b, capacitive at low frequency, Re → ΣR with R_s = Z₀/5")
    func fullCell() throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "NCM523")
        let t = Units.kelvin(celsius: 30)
        let m = try CellImpedanceModel.full(design: design, temperature_K: t, stateOfCharge: 0.5)
        #expect(m.circuit.description.hasSuffix(design.cathode.poreGeometry == nil ? "p(R2,CPE1)-p(R3,CPE2)-Ws1-Wsph1"
                                                                                    : "p(R2,CPE1)-T1-Ws1-Wsph1"))
        let solid = try #require(m.components.first { $0.name == "cathode solid diffusion" })
        let slope = try #require(m.cathodeOCVSlope_V)
        #expect(slope < 0)
        // R_s = −(dU/dx)·τ_s/(15·Q_x) per unit area: the model's steady state (τ_s/15)·dx̄/dt.
        let rs = -slope * design.cathode.diffusionTime_s(at: t) / (15 * design.stoichiometricCapacity_C_m2) / m.electrodeArea_m2
        #expect(abs(solid.resistance_ohm / rs - 1) < 1e-12)
        let low = m.circuit.impedance(frequency_Hz: 1e-7, parameters: m.parameters)
        #expect(abs(low.re / m.lowFrequencyResistance_ohm - 1) < 1e-4)
        #expect(-low.im > 100 * low.re) // the particle's capacitance
        let features = SpectrumFeatures(m.spectrum())
        let series = m.seriesResistance_ohm + m.bulkResistance_ohm
        #expect(abs(features.highFrequencyIntercept_ohm / series - 1) < 0.02)
        #expect(throws: SimulationError.self) {
            try CellImpedanceModel.full(design: design, temperature_K: t, stateOfCharge: 1.5)
        }
    }

    /// The exact modal sphere: 1/(jωC_s) + Σₖ R_k/(1 + jωτ_s/λₖ²), R_k = (2/3)τ_s/(λₖ² C_s) (DOMAIN A2), summed to
    /// 20,000 modes (λₖ ≈ (k + ½)π − 1/((k + ½)π) beyond the tabulated twelve) and the rest lumped as its DC resistance
    /// (2/3)(τ_s/C_s)(1/10 − Σ 1/λₖ²), as ``SolidDiffusionModes`` does (those modes' ωτ_s/λₖ² < 1e-6 here).
    static func modalSphere(_ omega: Double, tauS: Double, cs: Double) -> Complex {
        var z = Complex(0, -1 / (omega * cs))
        var captured = 0.0
        for k in 1...20_000 {
            let x = (Double(k) + 0.5) * .pi
            let l = k <= 12 ? SolidDiffusionModes.eigenvalues[k - 1] : x - 1 / x
            let r = (2.0 / 3.0) * tauS / (l * l * cs), tk = tauS / (l * l)
            z += r / Complex(1, omega * tk)
            captured += 1 / (l * l)
        }
        return z + Complex((2.0 / 3.0) * tauS / cs * (0.1 - captured), 0)
    }

    @Test("spherical diffusion element equals CellTwin's modal sphere at every frequency (EIS/time-domain consistency)")
    func solidDiffusionMatchesModes() {
        let dUdx = -0.8, tauS = 3000.0, qx = 5e4
        let w = CellImpedanceModel.solidDiffusionWarburg(dUdx_V: dUdx, diffusionTime_s: tauS, stoichiometricCapacity_C_m2: qx)
        #expect(w.tau_s == tauS)
        let cs = qx / -dUdx
        for f in [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1] {
            let omega = 2 * Double.pi * f
            let a = ElementType.Wsph.impedance(frequency_Hz: f, parameters: [w.z0_ohm_m2, w.tau_s])
            let b = Self.modalSphere(omega, tauS: tauS, cs: cs)
            #expect(abs(a.re / b.re - 1) < 1e-5, "f = \(f): \(a) vs \(b)")
            #expect(abs(a.im / b.im - 1) < 1e-5, "f = \(f): \(a) vs \(b)")
        }
        // The steady-state resistance of the modal model, (τ_s/15)/C_s, is Z₀/5.
        #expect(abs(w.z0_ohm_m2 / 5 - tauS / (15 * cs)) < 1e-15)
    }

    @Test("spherical diffusion: capacitive 3Z₀/(jωτ) + Z₀/5 at low and Warburg Z₀/√(jωτ) at high frequency")
    func sphericalDiffusionAsymptotes() {
        let z0 = 2.0, tau = 100.0
        // Low frequency (|√(jωτ)| from 1e-4, where the series branch is used, to 3e-2, where the closed form is).
        for omega in [1e-10, 1e-8, 1e-6, 1e-5] {
            let z = ElementType.Wsph.impedance(frequency_Hz: omega / (2 * .pi), parameters: [z0, tau])
            let ot = omega * tau
            // Next term of the series: −Z₀·jωτ/175.
            // Re Z is only ~ωτ/15 of |Z| here: the closed form's rounding (1e-12 of |Z| next to the series branch's
            // edge, |√(jωτ)| = 0.01) is allowed on top of the 1e-8 of the asymptote.
            let modulus = (z.re * z.re + z.im * z.im).squareRoot()
            #expect(abs(z.re - z0 / 5) < 1e-8 * z0 / 5 + 1e-11 * modulus, "ω = \(omega): Re \(z.re)")
            #expect(abs(z.im / (-3 * z0 / ot - z0 * ot / 175) - 1) < 1e-8, "ω = \(omega): Im \(z.im)")
        }
        // High frequency: Z₀/√(jωτ)·(1 + O(1/√(ωτ))); the next term is −Z₀/(jωτ)·… so the 45° line holds to 1/√(ωτ).
        for omega in [1e4, 1e6, 1e8] {
            let z = ElementType.Wsph.impedance(frequency_Hz: omega / (2 * .pi), parameters: [z0, tau])
            let r = z0 / (2 * omega * tau).squareRoot()
            #expect(abs(z.re / r - 1) < 2 / (omega * tau).squareRoot(), "ω = \(omega)")
            #expect(abs(-z.im / r - 1) < 2 / (omega * tau).squareRoot(), "ω = \(omega)")
        }
        // The planar finite-space Warburg fitted to the same low-frequency limits (τ_W = τ/3·3/5, Z₀' = 3Z₀/5) is
        // √(9/5) ≈ 1.34 times larger on the Warburg line.
        let planar = ElementType.Wo.impedance(frequency_Hz: 1e6 / (2 * .pi), parameters: [3 * z0 / 5, tau / 5])
        let sphere = ElementType.Wsph.impedance(frequency_Hz: 1e6 / (2 * .pi), parameters: [z0, tau])
        #expect(abs(planar.re / sphere.re - (9.0 / 5).squareRoot()) < 1e-3)
        // The two branches of the denominator agree where they meet (|s| = 0.01).
        let s = Complex(0.01 / 2.0.squareRoot(), 0.01 / 2.0.squareRoot())
        let direct = s / Complex.tanh(s) - Complex.one
        let series = ElementType.sphericalDenominator(Complex(s.re * 0.999_999, s.im * 0.999_999))
        #expect(abs(direct.re / series.re - 1) < 1e-5 && abs(direct.im / series.im - 1) < 1e-5)
    }
}
