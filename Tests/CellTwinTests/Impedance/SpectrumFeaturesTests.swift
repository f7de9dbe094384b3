import Foundation
import Testing
@testable import CellTwin

/// Model-free features of a spectrum against the closed forms of R₀ + R‖C.
@Suite struct SpectrumFeaturesTests {
    /// Z = R₀ + R/(1 + jωRC) (+ jωL) at 10 points per decade from 1 MHz to 10 mHz.
    static func spectrum(r0: Double = 10, r: Double = 100, c: Double = 1e-6, l: Double = 0) -> ImpedanceSpectrum {
        let f = ImpedanceSpectrum.logFrequencies()
        return ImpedanceSpectrum(frequencies_Hz: f, impedances_ohm: f.map { f in
            let w = 2 * Double.pi * f
            return Complex(r0, w * l) + r / Complex(1, w * r * c)
        })
    }

    @Test("R₀ + R‖C: intercept R₀, apex R/2 at f = 1/(2πRC), low-frequency end R₀ + R")
    func semicircle() {
        let s = SpectrumFeatures(Self.spectrum())
        // At 1 MHz the arc has not started: −Z″ = ωR²C/(1 + (ωRC)²) ≈ 1.6e-4 Ω, Re Z − R₀ = R/(1 + (ωRC)²) ≈ 2.5e-4 Ω.
        #expect(abs(s.highFrequencyIntercept_ohm - 10) < 3e-4)
        #expect(abs(s.maximumMinusImaginary_ohm - 50) < 0.5)
        let apex = 1 / (2 * Double.pi * 100 * 1e-6)
        #expect(abs(log10(s.apexFrequency_Hz / apex)) <= 0.05 + 1e-12)
        #expect(abs(s.lowestFrequency_Hz - 1e-2) < 1e-12)
        #expect(abs(s.lowestFrequencyReal_ohm - 110) < 1e-3 && s.lowestFrequencyMinusImaginary_ohm > 0)
    }

    @Test("with a series inductance the intercept is where −Z″ crosses zero, between two points")
    func inductiveTail() {
        let s = SpectrumFeatures(Self.spectrum(l: 1e-5))
        // −Z″ = ωR²C/(1 + (ωRC)²) − ωL vanishes where (ωRC)² = R²C/L − 1 (ω ≈ 3.2e5 s⁻¹, Re Z ≈ 10.1 Ω).
        let w = ((100.0 * 100 * 1e-6 / 1e-5 - 1).squareRoot()) / (100 * 1e-6)
        let exact = 10 + 100 / (1 + pow(w * 100 * 1e-6, 2))
        #expect(abs(s.highFrequencyIntercept_ohm - exact) < 0.05, "\(s.highFrequencyIntercept_ohm) vs \(exact)")
    }

    @Test("the order of the points does not matter")
    func orderFree() {
        let s = Self.spectrum()
        let reversed = ImpedanceSpectrum(frequencies_Hz: s.frequencies_Hz.reversed(), impedances_ohm: s.impedances_ohm.reversed())
        #expect(SpectrumFeatures(reversed) == SpectrumFeatures(s))
    }
}
