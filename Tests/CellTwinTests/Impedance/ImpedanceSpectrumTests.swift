import Foundation
import Testing
@testable import CellTwin

/// An impedance spectrum: derived columns, the capacitive part, log-spaced frequencies and its CSV.
@Suite struct ImpedanceSpectrumTests {
    static let spectrum = ImpedanceSpectrum(frequencies_Hz: [1e5, 1e3, 10],
                                            impedances_ohm: [Complex(1, 0.5), Complex(3, -4), Complex(10, -1)])

    @Test("modulus, phase and −Z″ of each point")
    func derivedColumns() {
        let s = Self.spectrum
        #expect(s.count == 3 && s.real_ohm == [1, 3, 10] && s.imaginary_ohm == [0.5, -4, -1])
        #expect(s.minusImaginary_ohm == [-0.5, 4, 1])
        #expect(s.modulus_ohm[1] == 5)
        #expect(abs(s.phase_deg[1] - atan2(-4.0, 3) * 180 / .pi) < 1e-12 && s.phase_deg[1] < 0)
    }

    @Test("the capacitive points drop the inductive high-frequency tail")
    func capacitivePoints() {
        let c = Self.spectrum.capacitivePoints()
        #expect(c.frequencies_Hz == [1e3, 10] && c.impedances_ohm == [Complex(3, -4), Complex(10, -1)])
    }

    @Test("log frequencies: both ends, points per decade, descending")
    func logFrequencies() {
        let f = ImpedanceSpectrum.logFrequencies()
        #expect(f.count == 81 && f.first == 1e6 && abs(f.last! / 1e-2 - 1) < 1e-12)
        #expect(zip(f, f.dropFirst()).allSatisfy { abs($0 / $1 - pow(10, 0.1)) < 1e-12 })
        #expect(ImpedanceSpectrum.logFrequencies(maximum_Hz: 100, minimum_Hz: 1, perDecade: 1).count == 3)
    }

    @Test("CSV: header, one row per point with |Z| and phase; a non-finite value is an empty cell")
    func csv() {
        let lines = Self.spectrum.csv().split(separator: "\n")
        #expect(lines.count == 4 && lines[0] == "frequency_Hz,Z_re_ohm,Z_im_ohm,Z_abs_ohm,phase_deg")
        #expect(lines[2].hasPrefix("1000,3,-4,5,-53.1301"))
        let bad = ImpedanceSpectrum(frequencies_Hz: [1], impedances_ohm: [Complex(.nan, 1)]).csv()
        #expect(bad.hasSuffix("\n1,,1,,\n"))
    }
}
