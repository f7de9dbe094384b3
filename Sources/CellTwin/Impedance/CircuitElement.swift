import Foundation

/// The element types of an equivalent circuit, with impedance.py's names, parameter order and formulas
/// (ECSHackWeek/impedance.py, `impedance/models/circuits/elements.py`). ω = 2πf in rad s⁻¹; Z in Ω.
///
/// | type | parameters | Z(ω) |
/// |---|---|---|
/// | `R` | R (Ω) | R |
/// | `C` | C (F) | 1/(jωC) |
/// | `L` | L (H) | jωL |
/// | `CPE` | Q (Ω⁻¹ s^α), α (–) | 1/(Q (jω)^α) |
/// | `W` | A_W (Ω s^−½) | A_W (1 − j)/√ω (semi-infinite Warburg: a 45° line) |
/// | `Wo` | Z₀ (Ω), τ (s) | Z₀ coth(√(jωτ))/√(jωτ) (finite-space, "open", reflective: capacitive at DC, Re → Z₀/3) |
/// | `Ws` | Z₀ (Ω), τ (s) | Z₀ tanh(√(jωτ))/√(jωτ) (finite-length, "short", transmissive: → Z₀ at DC) |
/// | `Wsph` | Z₀ (Ω), τ (s) | Z₀ tanh(√(jωτ))/(√(jωτ) − tanh(√(jωτ))) (finite-space diffusion in a sphere of radius R, τ = R²/D; → 3Z₀/(jωτ) + Z₀/5 at low and Z₀/√(jωτ) at high frequency; CellTwin's own, not in impedance.py) |
/// | `La` | L (H s^(α−1) as impedance.py lists "H sec"), α (–) | (jωL)^α (modified inductance; impedance.py raises the product jωL, not only jω, to α) |
/// | `G` | R_G (Ω), t_G (s) | R_G/√(1 + jωt_G) (Gerischer) |
/// | `Gs` | R_G (Ω), t_G (s), φ (–) | R_G/(√(1 + jωt_G)·tanh(φ√(1 + jωt_G))) (finite-length Gerischer) |
/// | `K` | R (Ω), τ (s) | R/(1 + jωτ) (a Voigt RC written with its time constant; the lin-KK element) |
/// | `Zarc` | R (Ω), τ (s), γ (–) | R/(1 + (jωτ)^γ) (R‖CPE with its time constant; Cole–Cole) |
/// | `TLMQ` | R_ion (Ω), Q_s (F s^(γ−1)), γ (–) | √(R_ion Z_s)·coth√(R_ion/Z_s), Z_s = 1/(Q_s (jω)^γ) (transmission line, Landesfeind 2016 eq. 11) |
/// | `T` | A (Ω), B (Ω), a (–), b (s) | A coth β/β + B/(β sinh β), β = √(a + jωb) (porous electrode, Paasch 1993) |
///
/// Square roots and powers of complex numbers take the principal branch, as NumPy does. For `T`, impedance.py
/// replaces sinh β by 1e10 once Re β ≥ 100 (where the B term is below 1e-10 of the A term); this does the same,
/// so both give equal spectra.
public enum ElementType: String, Sendable, CaseIterable, Equatable {
    case R, C, L, CPE, W, Wo, Ws, La, G, Gs, K, Zarc, TLMQ, T, Wsph

    /// Number of parameters.
    public var parameterCount: Int {
        switch self {
        case .R, .C, .L, .W: return 1
        case .CPE, .Wo, .Ws, .Wsph, .La, .G, .K: return 2
        case .Gs, .Zarc, .TLMQ: return 3
        case .T: return 4
        }
    }

    /// Unit of each parameter, as impedance.py lists them.
    public var units: [String] {
        switch self {
        case .R: return ["Ohm"]
        case .C: return ["F"]
        case .L: return ["H"]
        case .CPE: return ["Ohm^-1 sec^a", ""]
        case .W: return ["Ohm sec^-1/2"]
        case .Wo, .Ws, .Wsph, .G, .K: return ["Ohm", "sec"]
        case .La: return ["H sec", ""]
        case .Gs, .Zarc: return ["Ohm", "sec", ""]
        case .TLMQ: return ["Ohm", "F sec^(gamma - 1)", ""]
        case .T: return ["Ohm-m^2", "Ohm-m^2", "", "sec"]
        }
    }

    /// What each parameter is, for reports.
    public var parameterMeanings: [String] {
        switch self {
        case .R: return ["resistance"]
        case .C: return ["capacitance"]
        case .L: return ["inductance"]
        case .CPE: return ["Q", "alpha"]
        case .W: return ["Warburg coefficient"]
        case .Wo, .Ws, .Wsph: return ["Z0", "tau"]
        case .La: return ["L", "alpha"]
        case .G: return ["R_G", "t_G"]
        case .Gs: return ["R_G", "t_G", "phi"]
        case .K: return ["R", "tau"]
        case .Zarc: return ["R", "tau", "gamma"]
        case .TLMQ: return ["R_ion", "Q_s", "gamma"]
        case .T: return ["A", "B", "a", "b"]
        }
    }

    /// Index of the parameter that is an exponent kept in [0, 1] by the fit (CPE and La α as in impedance.py's
    /// default bounds; Zarc and TLMQ γ, which describe the same dispersion), or nil.
    public var exponentParameterIndex: Int? {
        switch self {
        case .CPE, .La: return 1
        case .Zarc, .TLMQ: return 2
        default: return nil
        }
    }

    /// Elements whose arc has its own characteristic frequency: the automatic initial guess spreads these over
    /// the measured decades (``CircuitFit/initialGuess(_:for:frequencyOrder:)``).
    public var isCapacitive: Bool {
        switch self {
        case .C, .CPE, .K, .Zarc, .G, .Gs, .TLMQ: return true
        default: return false
        }
    }

    /// Impedance at angular frequency ω (rad s⁻¹) for `p` = this element's parameters (starting at `offset`).
    @inline(__always)
    public func impedance(omega: Double, _ p: UnsafeBufferPointer<Double>, offset: Int) -> Complex {
        switch self {
        case .R:
            return Complex(p[offset], 0)
        case .C:
            return Complex(0, -1 / (omega * p[offset]))
        case .L:
            return Complex(0, omega * p[offset])
        case .CPE:
            return 1 / (p[offset] * Complex.jOmegaPower(omega, p[offset + 1]))
        case .W:
            let a = p[offset] / omega.squareRoot()
            return Complex(a, -a)
        case .Wo:
            let s = Self.rootJOmegaTau(omega, p[offset + 1])
            // Z₀·coth(s)/s = Z₀/(s·tanh s)
            return p[offset] / (s * Complex.tanh(s))
        case .Ws:
            let s = Self.rootJOmegaTau(omega, p[offset + 1])
            return p[offset] * (Complex.tanh(s) / s)
        case .Wsph:
            return p[offset] / Self.sphericalDenominator(Self.rootJOmegaTau(omega, p[offset + 1]))
        case .La:
            return Complex.pow(Complex(0, omega * p[offset]), p[offset + 1])
        case .G:
            return p[offset] / Complex.sqrt(Complex(1, omega * p[offset + 1]))
        case .Gs:
            let s = Complex.sqrt(Complex(1, omega * p[offset + 1]))
            return p[offset] / (s * Complex.tanh(p[offset + 2] * s))
        case .K:
            return p[offset] / Complex(1, omega * p[offset + 1])
        case .Zarc:
            return p[offset] / (1 + Complex.jOmegaPower(omega * p[offset + 1], p[offset + 2]))
        case .TLMQ:
            let zs = 1 / (p[offset + 1] * Complex.jOmegaPower(omega, p[offset + 2]))
            let rion = Complex(p[offset], 0)
            return Complex.sqrt(rion * zs) / Complex.tanh(Complex.sqrt(rion / zs))
        case .T:
            let beta = Complex.sqrt(Complex(p[offset + 2], omega * p[offset + 3]))
            // impedance.py: sinh β where β < 100 in NumPy's lexicographic complex order, else 1e10.
            let below = beta.re < 100 || (beta.re == 100 && beta.im < 0)
            let sinh = below ? Complex.sinh(beta) : Complex(1e10, 0)
            return p[offset] / (beta * Complex.tanh(beta)) + p[offset + 1] / (beta * sinh)
        }
    }

    /// Impedance for a parameter array (convenience for tests and reports).
    public func impedance(frequency_Hz: Double, parameters: [Double]) -> Complex {
        precondition(parameters.count == parameterCount, "\(self) takes \(parameterCount) parameters")
        return parameters.withUnsafeBufferPointer { impedance(omega: 2 * Double.pi * frequency_Hz, $0, offset: 0) }
    }

    /// s·coth(s) − 1, the denominator of the spherical element: Z = Z₀·tanh s/(s − tanh s) = Z₀/(s·coth s − 1).
    /// Below |s| = 0.01 the difference cancels, so it takes the series s²/3 − s⁴/45 + 2s⁶/945 (error O(|s|⁸)).
    @inline(__always)
    static func sphericalDenominator(_ s: Complex) -> Complex {
        let s2 = s * s
        if s.re * s.re + s.im * s.im < 1e-4 {
            return s2 * (1.0 / 3.0 + s2 * (-1.0 / 45.0 + s2 * (2.0 / 945.0)))
        }
        return s / Complex.tanh(s) - Complex.one
    }

    /// √(jωτ) = √(ωτ/2)·(1 + j).
    @inline(__always)
    static func rootJOmegaTau(_ omega: Double, _ tau: Double) -> Complex {
        let r = (0.5 * omega * tau).squareRoot()
        return Complex(r, r)
    }

    /// Parses an element name such as `R0`, `CPE1`, `Wo12`: the type followed by a non-empty decimal index.
    /// Returns nil when the letters do not name a type.
    static func parseName(_ name: Substring) -> (type: ElementType, index: Substring)? {
        let letters = name.prefix { $0.isLetter }
        let index = name.dropFirst(letters.count)
        guard let type = ElementType(rawValue: String(letters)) else { return nil }
        return (type, index)
    }
}

/// One named element of a circuit, e.g. `CPE1` (type `CPE`, parameters `CPE1_0` = Q and `CPE1_1` = α).
public struct CircuitElement: Sendable, Equatable {
    public var name: String
    public var type: ElementType

    public init(name: String, type: ElementType) {
        self.name = name
        self.type = type
    }

    /// impedance.py's parameter names: the element name for one-parameter elements, `name_i` otherwise.
    public var parameterNames: [String] {
        type.parameterCount == 1 ? [name] : (0..<type.parameterCount).map { "\(name)_\($0)" }
    }
}
