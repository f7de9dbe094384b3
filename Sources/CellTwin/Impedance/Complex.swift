import Foundation

/// A complex number z = re + j·im (electrical-engineering j), enough arithmetic for impedances.
///
/// Impedance convention throughout CellTwin: Z = Z′ + jZ″ with Z″ < 0 for capacitive behaviour;
/// Nyquist plots show −Z″ against Z′.
public struct Complex: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var re: Double
    public var im: Double

    @inline(__always)
    public init(_ re: Double, _ im: Double = 0) {
        self.re = re
        self.im = im
    }

    public static let zero = Complex(0, 0)
    public static let one = Complex(1, 0)
    /// The imaginary unit j.
    public static let j = Complex(0, 1)

    /// |z|.
    public var modulus: Double { hypot(re, im) }
    /// arg z in radians, (−π, π].
    public var argument: Double { atan2(im, re) }
    public var conjugate: Complex { Complex(re, -im) }
    public var isFinite: Bool { re.isFinite && im.isFinite }

    public var description: String { im < 0 ? "\(re) - \(-im)j" : "\(re) + \(im)j" }

    @inline(__always) public static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
    @inline(__always) public static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
    @inline(__always) public static prefix func - (a: Complex) -> Complex { Complex(-a.re, -a.im) }
    @inline(__always) public static func * (a: Complex, b: Complex) -> Complex {
        Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
    }
    @inline(__always) public static func * (a: Double, b: Complex) -> Complex { Complex(a * b.re, a * b.im) }
    @inline(__always) public static func * (a: Complex, b: Double) -> Complex { Complex(a.re * b, a.im * b) }
    @inline(__always) public static func / (a: Complex, b: Double) -> Complex { Complex(a.re / b, a.im / b) }
    @inline(__always) public static func += (a: inout Complex, b: Complex) { a = a + b }

    /// a / b by Smith's algorithm (no overflow for large |b|). Division by zero gives infinities/NaN.
    public static func / (a: Complex, b: Complex) -> Complex {
        if abs(b.re) >= abs(b.im) {
            let r = b.im / b.re, d = b.re + b.im * r
            return Complex((a.re + a.im * r) / d, (a.im - a.re * r) / d)
        } else {
            let r = b.re / b.im, d = b.re * r + b.im
            return Complex((a.re * r + a.im) / d, (a.im * r - a.re) / d)
        }
    }

    @inline(__always) public static func / (a: Double, b: Complex) -> Complex { Complex(a, 0) / b }

    /// e^z.
    public static func exp(_ z: Complex) -> Complex {
        let m = Foundation.exp(z.re)
        return Complex(m * cos(z.im), m * sin(z.im))
    }

    /// Principal square root (branch cut on the negative real axis, result with re ≥ 0).
    public static func sqrt(_ z: Complex) -> Complex {
        if z.re == 0 && z.im == 0 { return .zero }
        let m = z.modulus
        let t = (0.5 * (m + abs(z.re))).squareRoot()
        if z.re >= 0 { return Complex(t, z.im / (2 * t)) }
        return Complex(abs(z.im) / (2 * t), z.im >= 0 ? t : -t)
    }

    /// tanh z = (sinh 2x + j sin 2y)/(cosh 2x + cos 2y), written to avoid overflow: for |x| > 20 the result is
    /// ±1 to within 4e-35 relative.
    public static func tanh(_ z: Complex) -> Complex {
        let x = z.re, y = z.im
        if abs(x) > 20 { return Complex(x > 0 ? 1 : -1, 4 * sin(2 * y) * Foundation.exp(-4 * abs(x))) }
        let d = cosh(2 * x) + cos(2 * y)
        return Complex(Foundation.sinh(2 * x) / d, sin(2 * y) / d)
    }

    /// sinh z = sinh x cos y + j cosh x sin y.
    public static func sinh(_ z: Complex) -> Complex {
        Complex(Foundation.sinh(z.re) * cos(z.im), Foundation.cosh(z.re) * sin(z.im))
    }

    /// Principal power z^a = |z|^a e^{j a arg z} (0^a = 0 for a > 0), as NumPy's `z ** a` for real a.
    public static func pow(_ z: Complex, _ a: Double) -> Complex {
        if z.re == 0 && z.im == 0 { return a == 0 ? .one : .zero }
        let m = Foundation.pow(z.modulus, a), phase = a * z.argument
        return Complex(m * cos(phase), m * sin(phase))
    }

    @inline(__always) public static func + (a: Double, b: Complex) -> Complex { Complex(a + b.re, b.im) }

    /// (jω)^α = ω^α · e^{jπα/2} for ω ≥ 0.
    public static func jOmegaPower(_ omega: Double, _ alpha: Double) -> Complex {
        let m = Foundation.pow(omega, alpha), phase = 0.5 * Double.pi * alpha
        return Complex(m * cos(phase), m * sin(phase))
    }
}
