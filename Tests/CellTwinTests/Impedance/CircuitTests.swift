import Foundation
import Testing
@testable import CellTwin

@Suite("Impedance circuit strings")
struct CircuitTests {
    @Test("round trips and impedance.py's parameter names", arguments: [
        ("R0-p(R1,CPE1)-Wo1", ["R0", "R1", "CPE1_0", "CPE1_1", "Wo1_0", "Wo1_1"]),
        ("R0-p(R1,C1)-p(R2-Wo1,C2)", ["R0", "R1", "C1", "R2", "Wo1_0", "Wo1_1", "C2"]),
        ("p(R1,C1,L1)", ["R1", "C1", "L1"]),
        ("R0-p(R1-p(R2,C2),C1)-W1-Ws12", ["R0", "R1", "R2", "C2", "C1", "W1", "Ws12_0", "Ws12_1"]),
        ("CPE3", ["CPE3_0", "CPE3_1"]),
    ])
    func roundTrip(string: String, names: [String]) throws {
        let c = try Circuit(string)
        #expect(c.description == string)
        #expect(try Circuit(c.description) == c)
        #expect(c.parameterNames == names)
        #expect(c.parameterCount == names.count)
    }

    @Test("whitespace is ignored")
    func whitespace() throws {
        #expect(try Circuit(" R0 - p( R1 , CPE1 ) ").description == "R0-p(R1,CPE1)")
    }

    @Test("series adds, parallel adds admittances")
    func algebra() throws {
        let c = try Circuit("R0-p(R1,C1)")
        let f = 3.0, p = [5.0, 20.0, 1e-3]
        let omega = 2 * Double.pi * f
        let expected = Complex(5) + 1 / (Complex(1 / 20.0) + Complex(0, omega * 1e-3))
        #expect(close(c.impedance(frequency_Hz: f, parameters: p), expected, rel: 1e-14))
    }

    @Test("bad strings are rejected with a message quoting the string", arguments: [
        ("R0-X1", "unknown element 'X1'"),
        ("R0-p(R1,C1", "unbalanced parentheses"),
        ("R0-p(R1,C1))", "unbalanced parentheses"),
        ("", "empty"),
        ("   ", "empty"),
        ("R0-p(R1,C1)-R1", "used twice"),
        ("R0--R1", "expected an element"),
        ("R0-", "ends where an element was expected"),
        ("p(R1)", "at least two branches"),
        ("R-C1", "numeric index"),
        ("R0-p(R1,C1)x", "unexpected"),
        ("R0,R1", "unexpected ','"),
    ])
    func rejects(string: String, words: String) {
        do {
            _ = try Circuit(string)
            Issue.record("\"\(string)\" was accepted")
        } catch let e as CircuitParseError {
            #expect(e.description.contains(words), "\(e.description)")
            #expect(e.description.contains("\"\(string)\""))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    // MARK: - Against impedance.py

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
}
