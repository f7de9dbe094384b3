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
public enum ElementType: String, Sendable, CaseIterable, Equatable {
    case R, C, L, CPE, W, Wo, Ws

    /// Number of parameters.
    public var parameterCount: Int {
        switch self {
        case .R, .C, .L, .W: return 1
        case .CPE, .Wo, .Ws: return 2
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
        case .Wo, .Ws: return ["Ohm", "sec"]
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
        case .Wo, .Ws: return ["Z0", "tau"]
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
        }
    }

    /// Impedance for a parameter array (convenience for tests and reports).
    public func impedance(frequency_Hz: Double, parameters: [Double]) -> Complex {
        precondition(parameters.count == parameterCount, "\(self) takes \(parameterCount) parameters")
        return parameters.withUnsafeBufferPointer { impedance(omega: 2 * Double.pi * frequency_Hz, $0, offset: 0) }
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
