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
