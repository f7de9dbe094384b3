import Foundation

/// The linear Kramers–Kronig test of an impedance spectrum (Schönleber, Klotz and Ivers-Tiffée, Electrochim. Acta
/// 131 (2014) 20–27), computed as impedance.py's `validation.linKK` (`fit_type = 'real'`).
///
/// The spectrum is fitted by a KK-compliant circuit Ẑ = R₀ + Σₖ Rₖ/(1 + jωτₖ) + jωL (+ 1/(jωC) with
/// `addCapacitance`) with M time constants log-spaced from τ₁ = 1/ω_max to τ_M = 1/ω_min. Only R₀, Rₖ, L (and 1/C)
/// are free, so the fit is linear: R₀ and Rₖ by least squares on Re Z/|Z|, then L (and 1/C) on the imaginary
/// remainder — the real part predicts the imaginary part, which is what the Kramers–Kronig relations say. M grows
/// until the over-fitting measure μ = 1 − Σ|Rₖ<0| / Σ|Rₖ≥0| falls to `cutoff` (c = 0.85) or M reaches
/// `maximumRC` (50). The residuals Δ = (Z − Ẑ)/|Z| (real and imaginary parts, fractions of |Z|) show how far the
/// data are from any causal, linear, stable and time-invariant system: drift, non-linearity and outliers leave
/// residuals of more than a few tenths of a per cent (Schönleber et al. report < 0.5 % on valid spectra;
/// ``warningThreshold`` is 1 %).
///
/// ``test(_:cutoff:maximumRC:addCapacitance:startPerDecade:)`` with `startPerDecade = 0` is impedance.py's
/// `linKK` exactly (M from 1). ``check(_:)``, run before every fit, starts M at 3 per decade of the measured band:
/// on spectra of a few discrete RC elements μ dips below 0.85 while M is still too small to resolve them
/// (impedance.py's `linKK` leaves 27 % residuals on an R–RC–RC spectrum over 9 decades, at M = 6), and 3 per decade
/// reproduces such spectra to a few tenths of a per cent (measured: R–RC and R–RC–RC over 9 decades). It also
/// tries the series capacitance and keeps the better fit, so a spectrum with a capacitive low-frequency tail
/// (blocking or diffusion, no DC intercept) is not flagged.
public enum KramersKronig {
    /// Largest |Δ| (real or imaginary, fraction of |Z|) a spectrum may show without a warning: 1 %.
    public static let warningThreshold = 0.01

    public struct Result: Sendable {
        /// Number of RC elements M.
        public var rcCount: Int
        /// μ at that M (≤ cutoff unless M reached the maximum).
        public var mu: Double
        public var timeConstants_s: [Double]
        public var seriesResistance_ohm: Double
        /// Rₖ, one per time constant.
        public var resistances_ohm: [Double]
        public var inductance_H: Double
        /// The series capacitance (F) when the fit has one, else nil.
        public var capacitance_F: Double?
        /// Ẑ at the measured frequencies.
        public var fitted: ImpedanceSpectrum
        /// Re(Z − Ẑ)/|Z| and Im(Z − Ẑ)/|Z| at each frequency.
        public var residualsReal: [Double]
        public var residualsImaginary: [Double]

        /// Largest |Δ| over both parts (fraction).
        public var maximumResidual: Double {
            (residualsReal + residualsImaginary).map(abs).max() ?? 0
        }
        /// √(mean Δ²) over both parts (fraction).
        public var rmsResidual: Double {
            let all = residualsReal + residualsImaginary
            return all.isEmpty ? 0 : (all.reduce(0) { $0 + $1 * $1 } / Double(all.count)).squareRoot()
        }
        /// Frequency (Hz) of the largest residual.
        public var worstFrequency_Hz: Double {
            let m = zip(residualsReal, residualsImaginary).map { max(abs($0), abs($1)) }
            return m.indices.max { m[$0] < m[$1] }.map { fitted.frequencies_Hz[$0] } ?? .nan
        }
        /// True when ``maximumResidual`` exceeds ``KramersKronig/warningThreshold``.
        public var exceedsThreshold: Bool { maximumResidual > KramersKronig.warningThreshold }

        /// One line for a report: "Kramers–Kronig (lin-KK, M = 22, μ = 0.83): residuals max 0.42 %, rms 0.11 %".
        public var summary: String {
            var s = String(format: "Kramers–Kronig check (lin-KK, M = %d, μ = %.2f%@): residuals max %.2f %% at %.4g Hz, rms %.2f %%",
                           rcCount, mu, capacitance_F == nil ? "" : ", series C", 100 * maximumResidual, worstFrequency_Hz,
                           100 * rmsResidual)
            if exceedsThreshold {
                s += String(format: " — above %.0f %%: the spectrum is not consistent with a linear, stable, time-invariant system "
                            + "(drift, non-linearity or noise); fitted parameters may be biased", 100 * KramersKronig.warningThreshold)
            }
            return s
        }
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case tooFewPoints(Int)
        case invalidPoint(index: Int, frequency_Hz: Double, reason: String)

        public var description: String {
            switch self {
            case .tooFewPoints(let n):
                return "the Kramers–Kronig check needs at least 3 points with distinct frequencies; the spectrum has \(n)"
            case let .invalidPoint(k, f, reason):
                return "the Kramers–Kronig check cannot use point \(k + 1) (f = \(f) Hz): \(reason)"
            }
        }
    }

    /// The check run on every measured spectrum before a circuit or model is fitted to it: M starts at 3 per decade
    /// of the band (at most half the number of points and `maximumRC`), with and without a series capacitance; the
    /// fit with the smaller largest residual is returned.
    public static func check(_ spectrum: ImpedanceSpectrum) throws -> Result {
        let plain = try test(spectrum, startPerDecade: 3)
        let capacitive = try test(spectrum, addCapacitance: true, startPerDecade: 3)
        return capacitive.maximumResidual < plain.maximumResidual ? capacitive : plain
    }

    /// Runs the test. `cutoff` is μ's stopping value c; `maximumRC` caps M; `startPerDecade` sets the first M tried
    /// to ⌈startPerDecade × decades of the band⌉ (bounded by half the number of points and by `maximumRC`; 0 starts at
    /// 1 as impedance.py does). Throws ``Failure`` for a frequency that is not positive, a non-finite impedance or
    /// |Z| = 0 (naming the point) and for fewer than 3 points.
    public static func test(_ spectrum: ImpedanceSpectrum, cutoff: Double = 0.85, maximumRC: Int = 50,
                            addCapacitance: Bool = false, startPerDecade: Double = 0) throws -> Result {
        let f = spectrum.frequencies_Hz, z = spectrum.impedances_ohm
        for k in f.indices {
            if !(f[k].isFinite && f[k] > 0) { throw Failure.invalidPoint(index: k, frequency_Hz: f[k], reason: "the frequency must be positive") }
            if !z[k].isFinite { throw Failure.invalidPoint(index: k, frequency_Hz: f[k], reason: "the impedance is not a finite number") }
            if z[k].modulus == 0 { throw Failure.invalidPoint(index: k, frequency_Hz: f[k], reason: "|Z| is zero") }
        }
        guard f.count >= 3, Set(f).count >= 2 else { throw Failure.tooFewPoints(f.count) }
        precondition(maximumRC >= 1, "maximumRC ≥ 1")
        let decades = log10(f.max()! / f.min()!)
        let first = max(1, min(Int((startPerDecade * decades).rounded(.up)), f.count / 2, maximumRC))
        var m = first - 1, mu = 1.0
        var fit: Fit?
        while mu > cutoff && m < maximumRC {
            m += 1
            let current = try fitOnce(f, z, timeConstants(f, m), addCapacitance: addCapacitance)
            fit = current
            mu = Self.mu(current.rk)
        }
        guard let fit else { throw Failure.tooFewPoints(f.count) }
        let zFit = f.map { fit.evaluate(frequency_Hz: $0) }
        let residuals = zip(z, zFit).map { (($0 - $1) / $0.modulus) }
        return Result(rcCount: m, mu: mu, timeConstants_s: fit.tau, seriesResistance_ohm: fit.r0, resistances_ohm: fit.rk,
                      inductance_H: fit.l, capacitance_F: fit.inverseC.map { 1 / $0 },
                      fitted: ImpedanceSpectrum(frequencies_Hz: f, impedances_ohm: zFit),
                      residualsReal: residuals.map(\.re), residualsImaginary: residuals.map(\.im))
    }

    /// impedance.py's `get_tc_distribution`: τ₁ = 1/ω_max … τ_M = 1/ω_min log-spaced (M = 1 gives τ = 1/ω_min).
    static func timeConstants(_ f: [Double], _ m: Int) -> [Double] {
        let tMax = 1 / (2 * Double.pi * f.min()!), tMin = 1 / (2 * Double.pi * f.max()!)
        var ts = [Double](repeating: 0, count: m)
        ts[0] = tMin
        ts[m - 1] = tMax
        if m > 2 {
            for k in 2..<m { ts[k - 1] = pow(10, log10(tMin) + Double(k - 1) / Double(m - 1) * log10(tMax / tMin)) }
        }
        return ts
    }

    /// μ = 1 − Σ|Rₖ<0| / Σ|Rₖ≥0| (−∞ when no Rₖ is positive, which stops the search as NumPy's division does).
    static func mu(_ rk: [Double]) -> Double {
        let negative = rk.filter { $0 < 0 }.reduce(0) { $0 + abs($1) }, positive = rk.filter { $0 >= 0 }.reduce(0, +)
        return positive > 0 ? 1 - negative / positive : -.infinity
    }

    /// The fitted KK circuit.
    struct Fit {
        var r0: Double, rk: [Double], tau: [Double], l: Double
        /// 1/C of the series capacitance (nil: none).
        var inverseC: Double?

        func evaluate(frequency_Hz f: Double) -> Complex {
            let omega = 2 * Double.pi * f
            var sum = Complex(r0, omega * l - (inverseC ?? 0) / omega)
            for (r, t) in zip(rk, tau) { sum += r / Complex(1, omega * t) }
            return sum
        }
    }

    /// impedance.py's `fit_linKK(fit_type='real')`: R₀ and Rₖ from Re Z/|Z| (pseudo-inverse), then L — and 1/C with
    /// `addCapacitance` — from the imaginary remainder Im(Z − Ẑ_RC)/|Z|.
    static func fitOnce(_ f: [Double], _ z: [Complex], _ tau: [Double], addCapacitance: Bool) throws -> Fit {
        let n = f.count, columns = tau.count + 1
        var a = [Double](repeating: 0, count: n * columns), b = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let m = z[i].modulus, omega = 2 * Double.pi * f[i]
            a[i * columns] = 1 / m
            for (k, t) in tau.enumerated() { a[i * columns + k + 1] = (1 / Complex(1, omega * t)).re / m }
            b[i] = z[i].re / m
        }
        let x = try LinearLeastSquares.solve(a, rows: n, columns: columns, b)
        var fit = Fit(r0: x[0], rk: Array(x[1...]), tau: tau, l: 0, inverseC: nil)
        let k = addCapacitance ? 2 : 1
        var ai = [Double](repeating: 0, count: n * k), rest = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let m = z[i].modulus, omega = 2 * Double.pi * f[i]
            if addCapacitance { ai[i * k] = -1 / (omega * m) }
            ai[i * k + k - 1] = omega / m
            rest[i] = (z[i].im - fit.evaluate(frequency_Hz: f[i]).im) / m
        }
        let c = try LinearLeastSquares.solve(ai, rows: n, columns: k, rest)
        fit.l = c[k - 1]
        if addCapacitance { fit.inverseC = c[0] }
        return fit
    }
}

extension KramersKronig.Result {
    /// The test's figures for JSON reports: `{"rc_count", "mu", "series_capacitance", "max_residual", "rms_residual",
    /// "worst_frequency_Hz", "threshold", "above_threshold"}` (residuals as fractions of |Z|).
    public struct Summary: Codable, Sendable, Equatable {
        public var rc_count: Int
        public var mu: Double
        public var series_capacitance: Bool
        public var max_residual: Double
        public var rms_residual: Double
        public var worst_frequency_Hz: Double
        public var threshold: Double
        public var above_threshold: Bool
    }

    public var jsonSummary: Summary {
        Summary(rc_count: rcCount, mu: mu.isFinite ? mu : -1, series_capacitance: capacitance_F != nil,
                max_residual: maximumResidual, rms_residual: rmsResidual, worst_frequency_Hz: worstFrequency_Hz,
                threshold: KramersKronig.warningThreshold, above_threshold: exceedsThreshold)
    }

    /// CSV of the residuals: `frequency_Hz,Z_re_ohm,Z_im_ohm,kk_re_ohm,kk_im_ohm,residual_re,residual_im`
    /// (residuals as fractions of |Z|).
    public func residualsCSV(measured: ImpedanceSpectrum) -> String {
        var out = "frequency_Hz,Z_re_ohm,Z_im_ohm,kk_re_ohm,kk_im_ohm,residual_re,residual_im\n"
        for k in 0..<min(measured.count, fitted.count) {
            let z = measured.impedances_ohm[k], zk = fitted.impedances_ohm[k]
            out += [measured.frequencies_Hz[k], z.re, z.im, zk.re, zk.im, residualsReal[k], residualsImaginary[k]]
                .map { ImpedanceSpectrum.number($0) }.joined(separator: ",") + "\n"
        }
        return out
    }
}
