import Foundation

/// Elementary functions for the right-hand sides, cheaper than the C library's general versions.
enum FastMath {
    /// asinh x = sign(x)·ln(|x| + √(x² + 1)): one `log` and one `sqrt` (the C library's goes through `log1p`).
    ///
    /// Contract: absolute error ≤ 4e-16 for |x| ≤ 1 (the cancellation in ln(1 + small) loses relative, not
    /// absolute, accuracy: the Butler–Volmer overpotential 2V_T·asinh is then off by < 1e-17 V); relative error
    /// ≤ 4e-16 above. Odd; exact at 0; ±∞ for ±∞, NaN for NaN. Above |x| = 1e8,
    /// ln|x| + ln 2 + 1/(4x²) avoids overflow.
    @inline(__always)
    static func asinh(_ x: Double) -> Double {
        let a = abs(x)
        let r: Double
        if a <= 1e8 {
            r = log(a + (a * a + 1).squareRoot())
        } else {
            r = log(a) + M_LN2 + 0.25 / (a * a)
        }
        return x < 0 ? -r : r
    }
}
