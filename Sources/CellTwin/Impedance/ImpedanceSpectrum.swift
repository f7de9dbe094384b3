import Foundation

/// An impedance spectrum: Z(f) = Z′ + jZ″ in Ω at frequencies f in Hz (measured or simulated).
///
/// Sign convention: Z″ is the signed imaginary part (negative for capacitive behaviour, as in impedance.py's
/// `exampleData.csv`); BioLogic files store −Z″ and their reader flips it. Nyquist plots show −Z″ against Z′.
public struct ImpedanceSpectrum: Sendable, Equatable {
    public var frequencies_Hz: [Double]
    public var impedances_ohm: [Complex]

    public init(frequencies_Hz: [Double], impedances_ohm: [Complex]) {
        precondition(frequencies_Hz.count == impedances_ohm.count, "one impedance per frequency")
        self.frequencies_Hz = frequencies_Hz
        self.impedances_ohm = impedances_ohm
    }

    public var count: Int { frequencies_Hz.count }
    public var real_ohm: [Double] { impedances_ohm.map(\.re) }
    public var imaginary_ohm: [Double] { impedances_ohm.map(\.im) }
    /// −Z″ (positive for capacitive arcs), the Nyquist ordinate.
    public var minusImaginary_ohm: [Double] { impedances_ohm.map { -$0.im } }
    public var modulus_ohm: [Double] { impedances_ohm.map(\.modulus) }
    /// Phase of Z in degrees (negative for capacitive behaviour).
    public var phase_deg: [Double] { impedances_ohm.map { $0.argument * 180 / Double.pi } }

    /// The points whose Z″ < 0 (impedance.py's `ignoreBelowX`: drops the inductive high-frequency tail).
    public func capacitivePoints() -> ImpedanceSpectrum {
        let keep = impedances_ohm.indices.filter { impedances_ohm[$0].im < 0 }
        return ImpedanceSpectrum(frequencies_Hz: keep.map { frequencies_Hz[$0] }, impedances_ohm: keep.map { impedances_ohm[$0] })
    }

    /// Log-spaced frequencies from `maximum_Hz` down to `minimum_Hz`, `perDecade` points per decade,
    /// both ends included (1 MHz → 10 mHz at 10 per decade gives 81 points).
    public static func logFrequencies(maximum_Hz: Double = 1e6, minimum_Hz: Double = 1e-2, perDecade: Int = 10) -> [Double] {
        precondition(maximum_Hz > minimum_Hz && minimum_Hz > 0 && perDecade > 0, "need maximum > minimum > 0")
        let decades = log10(maximum_Hz / minimum_Hz)
        let n = Int((decades * Double(perDecade)).rounded())
        guard n > 0 else { return [maximum_Hz, minimum_Hz] }
        return (0...n).map { k in maximum_Hz * pow(10, -decades * Double(k) / Double(n)) }
    }

    /// CSV with the columns `frequency_Hz,Z_re_ohm,Z_im_ohm,Z_abs_ohm,phase_deg` (Z_im signed).
    public func csv() -> String {
        var out = "frequency_Hz,Z_re_ohm,Z_im_ohm,Z_abs_ohm,phase_deg\n"
        let phase = phase_deg
        for k in 0..<count {
            let z = impedances_ohm[k]
            out += [frequencies_Hz[k], z.re, z.im, z.modulus, phase[k]].map { Self.number($0) }.joined(separator: ",") + "\n"
        }
        return out
    }

    static func number(_ x: Double) -> String { x.isFinite ? String(format: "%.10g", x) : "" }
}
