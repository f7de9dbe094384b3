import Foundation
import Testing
@testable import CellTwin

/// Spectra computed once by impedance.py 1.7.1 (`Tests/Fixtures/impedance-py/make_spectra.py`, committed with its
/// output) and read back here.
enum ImpedancePyFixtures {
    static let directory = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/impedance-py")

    struct Spectrum {
        var name: String
        var parameters: [Double]
        var spectrum: ImpedanceSpectrum
    }

    /// The CSV's rows as fields (double-quoted fields may hold commas).
    static func rows(_ file: String) throws -> [[String]] {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            var fields: [String] = [], field = "", quoted = false
            for ch in line {
                if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { fields.append(field); field = "" } else { field.append(ch) }
            }
            fields.append(field)
            return fields
        }
    }

    /// Spectra of `elements.csv` or `circuits.csv`, one per (name, parameters), in file order.
    static func spectra(_ file: String) throws -> [Spectrum] {
        var out: [Spectrum] = []
        for r in try rows(file) {
            let parameters = r[1].split(separator: ";").map { Double($0)! }
            let f = Double(r[2])!, z = Complex(Double(r[3])!, Double(r[4])!)
            if let last = out.last, last.name == r[0], last.parameters == parameters {
                out[out.count - 1].spectrum.frequencies_Hz.append(f)
                out[out.count - 1].spectrum.impedances_ohm.append(z)
            } else {
                out.append(Spectrum(name: r[0], parameters: parameters,
                                    spectrum: ImpedanceSpectrum(frequencies_Hz: [f], impedances_ohm: [z])))
            }
        }
        return out
    }
}

@Suite("Impedance elements against impedance.py")
struct ImpedancePyReferenceTests {
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

    @Test("circuit strings with the newer elements parse and predict as impedance.py's CustomCircuit")
    func circuits() throws {
        let spectra = try ImpedancePyFixtures.spectra("circuits.csv")
        #expect(spectra.count == 4)
        for s in spectra {
            let circuit = try Circuit(s.name)
            #expect(circuit.description == s.name)
            #expect(circuit.parameterCount == s.parameters.count)
            let z = circuit.impedances(frequencies_Hz: s.spectrum.frequencies_Hz, parameters: s.parameters)
            for (k, reference) in s.spectrum.impedances_ohm.enumerated() {
                #expect(close(z[k], reference, rel: 1e-12), "\(s.name) at \(s.spectrum.frequencies_Hz[k]) Hz")
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
