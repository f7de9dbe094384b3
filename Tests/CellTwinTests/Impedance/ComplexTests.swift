import Foundation
import Testing
@testable import CellTwin

/// Complex arithmetic of the impedance code against known values and identities.
@Suite struct ComplexTests {
    @Test("complex helpers: tanh, sqrt and division against known values")
    func complexHelpers() {
        let t = Complex.tanh(Complex(0.5, 0.3))
        #expect(abs(t.re - 0.4961970657735076) < 1e-14 && abs(t.im - 0.23840508333812332) < 1e-14) // Python cmath.tanh
        #expect(close(Complex.tanh(Complex(50, 1)), Complex(1, 0), rel: 1e-15))
        let r = Complex.sqrt(Complex(-4, 0))
        #expect(r == Complex(0, 2))
        #expect(close(Complex(1, 2) / Complex(3, -4), Complex(-0.2, 0.4), rel: 1e-15))
    }

    @Test("field identities: z·(1/z) = 1, conj(z)·z = |z|², division by Smith's algorithm for large and small parts")
    func arithmetic() {
        let z = Complex(3, -4)
        #expect(z.modulus == 5 && z.conjugate == Complex(3, 4))
        #expect(close(z * (1 / z), .one, rel: 1e-15))
        #expect(z * z.conjugate == Complex(25, 0))
        #expect(Complex.j * Complex.j == Complex(-1, 0))
        // |b| near the overflow limit: the naive (a·conj b)/|b|² overflows, Smith's does not.
        let big = Complex(1e300, 1e300)
        #expect(close(Complex(2e300, 0) / big, Complex(1, -1), rel: 1e-15))
        // (1 + j)(0.001 − 2j)/(0.001² + 2²) = (2.001 − 1.999j)/4.000001.
        #expect(close(Complex(1, 1) / Complex(1e-3, 2), Complex(2.001 / 4.000001, -1.999 / 4.000001), rel: 1e-12))
        #expect((2.0 + Complex(1, 1)) == Complex(3, 1) && 2 * Complex(1, -1) == Complex(2, -2) && -z == Complex(-3, 4))
        #expect(z.description == "3.0 - 4.0j" && Complex(1, 2).description == "1.0 + 2.0j")
        #expect(!Complex(.infinity, 0).isFinite && z.isFinite)
    }

    @Test("exp, sinh, pow and (jω)^α against Euler's formula and their definitions")
    func transcendental() {
        #expect(close(Complex.exp(Complex(0, .pi)), Complex(-1, 0), rel: 1e-15))
        let z = Complex(0.7, -1.3)
        let sinh = (Complex.exp(z) - Complex.exp(-z)) * 0.5
        #expect(close(Complex.sinh(z), sinh, rel: 1e-14))
        #expect(close(Complex.pow(z, 2), z * z, rel: 1e-14))
        #expect(close(Complex.pow(z, 0.5), Complex.sqrt(z), rel: 1e-14))
        #expect(Complex.pow(.zero, 0) == .one && Complex.pow(.zero, 0.5) == .zero)
        // (jω)^α = ω^α e^{jπα/2}: j·ω at α = 1, √ω·(1 + j)/√2 at α = ½.
        #expect(close(Complex.jOmegaPower(5, 1), Complex(0, 5), rel: 1e-15))
        #expect(close(Complex.jOmegaPower(4, 0.5), Complex(2.0.squareRoot(), 2.0.squareRoot()), rel: 1e-15))
        // sqrt: the principal branch has re ≥ 0, and squares back.
        for w in [Complex(-3, 1e-9), Complex(-3, -1e-9), Complex(2, 5), Complex(0, -8)] {
            let r = Complex.sqrt(w)
            #expect(r.re >= 0 && close(r * r, w, rel: 1e-14), "\(w)")
        }
        // tanh of a large real part stays finite and tends to ±1.
        #expect(close(Complex.tanh(Complex(-50, 1)), Complex(-1, 0), rel: 1e-15))
    }
}
