import Foundation
import Testing
@testable import CellTwin

func close(_ a: Complex, _ b: Complex, rel: Double) -> Bool {
    (a - b).modulus <= rel * max(a.modulus, b.modulus)
}

@Suite("Impedance elements")
struct CircuitElementTests {
    @Test("R, C and L have their closed forms; parameter counts and names follow impedance.py")
    func simpleElements() throws {
        let f = 159.15494309189535 // ω = 1000 rad/s
        #expect(ElementType.R.impedance(frequency_Hz: f, parameters: [12]) == Complex(12, 0))
        #expect(close(ElementType.C.impedance(frequency_Hz: f, parameters: [1e-6]), Complex(0, -1000), rel: 1e-12))
        #expect(close(ElementType.L.impedance(frequency_Hz: f, parameters: [2e-3]), Complex(0, 2), rel: 1e-12))
        #expect(ElementType.allCases.map(\.parameterCount) == [1, 1, 1, 2, 1, 2, 2, 2, 2, 3, 2, 3, 3, 4, 2])
        #expect(CircuitElement(name: "CPE1", type: .CPE).parameterNames == ["CPE1_0", "CPE1_1"])
        #expect(CircuitElement(name: "R0", type: .R).parameterNames == ["R0"])
    }

    @Test("CPE: Z = 1/(Q (jω)^α), a capacitor at α = 1 and a resistor 1/Q at α = 0")
    func constantPhaseElement() {
        let omega = 2 * Double.pi * 50
        let z = ElementType.CPE.impedance(frequency_Hz: 50, parameters: [2e-4, 0.8])
        let expected = 1 / (2e-4 * Complex(pow(omega, 0.8) * cos(0.4 * .pi), pow(omega, 0.8) * sin(0.4 * .pi)))
        #expect(close(z, expected, rel: 1e-12))
        #expect(abs(z.argument + 0.8 * .pi / 2) < 1e-12) // phase −απ/2
        #expect(close(ElementType.CPE.impedance(frequency_Hz: 50, parameters: [2e-4, 1]),
                      ElementType.C.impedance(frequency_Hz: 50, parameters: [2e-4]), rel: 1e-12))
        #expect(close(ElementType.CPE.impedance(frequency_Hz: 50, parameters: [2e-4, 0]), Complex(5000, 0), rel: 1e-12))
    }

    @Test("ZARC R‖CPE: a semicircle of diameter R with its apex at 1/(2π(RQ)^(1/α))", arguments: [1.0, 0.85, 0.7])
    func zarc(alpha: Double) throws {
        let c = try Circuit("p(R1,CPE1)")
        let r = 40.0, q = 3e-5
        let p = [r, q, alpha]
        let fApex = 1 / (2 * Double.pi * pow(r * q, 1 / alpha))
        let apex = c.impedance(frequency_Hz: fApex, parameters: p)
        // At the apex Re = R/2 and −Im = (R/2)·tan(απ/4) (the depressed arc's top; R/2 for α = 1).
        #expect(abs(apex.re - r / 2) < 1e-10 * r)
        #expect(abs(-apex.im - r / 2 * tan(alpha * .pi / 4)) < 1e-10 * r)
        // −Im is largest at the apex frequency.
        for factor in [0.8, 1.25] {
            #expect(-c.impedance(frequency_Hz: fApex * factor, parameters: p).im < -apex.im)
        }
        // The ends of the diameter: R at DC, 0 at infinite frequency.
        #expect(abs(c.impedance(frequency_Hz: 1e-12, parameters: p).re - r) < 1e-6 * r)
        #expect(c.impedance(frequency_Hz: 1e15, parameters: p).modulus < 1e-3 * r)
        if alpha == 1 {
            // An ideal semicircle: |Z − R/2| = R/2 at every frequency.
            for f in [1.0, 10, 100, 1e3, 1e4] {
                #expect(abs((c.impedance(frequency_Hz: f, parameters: p) - Complex(r / 2)).modulus - r / 2) < 1e-10 * r)
            }
        }
    }

    @Test("semi-infinite Warburg W: a 45° line, Z = σ(1 − j)/√ω")
    func warburg() {
        for f in [0.01, 1.0, 1e3] {
            let z = ElementType.W.impedance(frequency_Hz: f, parameters: [7])
            #expect(abs(z.re + z.im) < 1e-12 * z.modulus)
            #expect(abs(z.re - 7 / (2 * Double.pi * f).squareRoot()) < 1e-12 * z.re)
        }
    }

    @Test("finite-length Warburg Ws: Z₀ at DC, the semi-infinite Warburg σ = Z₀/√(2τ) at high frequency")
    func finiteLengthWarburg() {
        let z0 = 25.0, tau = 40.0
        let dc = ElementType.Ws.impedance(frequency_Hz: 1e-9, parameters: [z0, tau])
        #expect(abs(dc.re - z0) < 1e-6 * z0 && abs(dc.im) < 1e-5 * z0)
        for f in [10.0, 100, 1e4] {
            let z = ElementType.Ws.impedance(frequency_Hz: f, parameters: [z0, tau])
            // Z₀/√(jωτ) = Z₀(1 − j)/√(2ωτ): impedance.py's W with A_W = Z₀/√(2τ).
            let w = ElementType.W.impedance(frequency_Hz: f, parameters: [z0 / (2 * tau).squareRoot()])
            #expect(close(z, w, rel: 1e-9), "f = \(f): \(z) vs \(w)")
        }
        // The DOMAIN B §6.2 RC ladder: R_n = 8Z₀/((2n−1)²π²), C_n = τ/(2Z₀).
        let f = 0.01, omega = 2 * Double.pi * f
        var ladder = Complex.zero
        for n in 1...20000 {
            let rn = 8 * z0 / (Double((2 * n - 1) * (2 * n - 1)) * .pi * .pi)
            ladder += 1 / (Complex(1 / rn) + Complex(0, omega * tau / (2 * z0)))
        }
        #expect(close(ElementType.Ws.impedance(frequency_Hz: f, parameters: [z0, tau]), ladder, rel: 1e-4))
    }

    @Test("finite-space Warburg Wo: Re → Z₀/3 and capacitive (Z ≈ Z₀/(jωτ)) at low frequency, Warburg at high")
    func finiteSpaceWarburg() {
        let z0 = 25.0, tau = 40.0
        for f in [1e-6, 1e-7] {
            let z = ElementType.Wo.impedance(frequency_Hz: f, parameters: [z0, tau])
            #expect(abs(z.re - z0 / 3) < 1e-6 * z0)
            let omega = 2 * Double.pi * f
            #expect(abs(z.im + z0 / (omega * tau)) < 1e-6 * z0 / (omega * tau))
        }
        let hf = ElementType.Wo.impedance(frequency_Hz: 1e3, parameters: [z0, tau])
        #expect(close(hf, ElementType.W.impedance(frequency_Hz: 1e3, parameters: [z0 / (2 * tau).squareRoot()]), rel: 1e-9))
        // impedance.py writes it as Z₀/(√(jωτ)·tanh √(jωτ)).
        let s = Complex.sqrt(Complex(0, 2 * Double.pi * 0.05 * tau))
        #expect(close(ElementType.Wo.impedance(frequency_Hz: 0.05, parameters: [z0, tau]), z0 / (s * Complex.tanh(s)), rel: 1e-12))
    }

    // MARK: - Against impedance.py

    @Test("every element of impedance.py's elements.py gives impedance.py's spectrum to 1e-12, 1 MHz–1 mHz")
    func everyElement() throws {
        let spectra = try ImpedancePyFixtures.spectra("elements.csv")
        // Wsph (diffusion in a sphere) is CellTwin's own: CellImpedanceTests checks it against the modal sphere.
        #expect(Set(spectra.map(\.name)) == Set(ElementType.allCases.filter { $0 != .Wsph }.map(\.rawValue)), "one reference per element")
        for s in spectra {
            let type = try #require(ElementType(rawValue: s.name))
            #expect(s.parameters.count == type.parameterCount, "\(s.name): parameter count")
            #expect(s.spectrum.count == 46)
            for (f, reference) in zip(s.spectrum.frequencies_Hz, s.spectrum.impedances_ohm) {
                let z = type.impedance(frequency_Hz: f, parameters: s.parameters)
                #expect(close(z, reference, rel: 1e-12), "\(s.name)\(s.parameters) at \(f) Hz: \(z) vs impedance.py \(reference)")
            }
        }
    }

    @Test("parameter names and units follow impedance.py: Gs1_0…Gs1_2, T1_0…T1_3, exponents bounded in fits")
    func namesAndUnits() throws {
        let c = try Circuit("R0-Gs1-T1-La1")
        #expect(c.parameterNames == ["R0", "Gs1_0", "Gs1_1", "Gs1_2", "T1_0", "T1_1", "T1_2", "T1_3", "La1_0", "La1_1"])
        #expect(c.parameterUnits == ["Ohm", "Ohm", "sec", "", "Ohm-m^2", "Ohm-m^2", "", "sec", "H sec", ""])
        #expect(ElementType.allCases.filter { $0.exponentParameterIndex != nil } == [.CPE, .La, .Zarc, .TLMQ])
    }

    @Test("closed forms: Zarc at γ = 1 is K, K is R‖C with C = τ/R, Gs → G for large φ, TLMQ is √(R Z_s) at high ω")
    func closedForms() {
        for f in [0.1, 10, 1e4] {
            let k = ElementType.K.impedance(frequency_Hz: f, parameters: [40, 1e-3])
            #expect(close(ElementType.Zarc.impedance(frequency_Hz: f, parameters: [40, 1e-3, 1]), k, rel: 1e-12))
            let omega = 2 * Double.pi * f
            #expect(close(k, 1 / (Complex(1 / 40.0) + Complex(0, omega * 1e-3 / 40)), rel: 1e-12))
            #expect(close(ElementType.Gs.impedance(frequency_Hz: f, parameters: [30, 0.02, 40]),
                          ElementType.G.impedance(frequency_Hz: f, parameters: [30, 0.02]), rel: 1e-12))
        }
        // Z_s = 1/(Q (jω)^γ) small against R_ion at high frequency: coth → 1.
        let f = 1e5, zs = 1 / (1e-3 * Complex.jOmegaPower(2 * Double.pi * f, 0.9))
        #expect(close(ElementType.TLMQ.impedance(frequency_Hz: f, parameters: [50, 1e-3, 0.9]),
                      Complex.sqrt(Complex(50) * zs), rel: 1e-9))
    }
}
