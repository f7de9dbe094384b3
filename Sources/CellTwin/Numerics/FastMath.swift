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

    /// tanh x by the C library's own steps (fdlibm's `s_tanh.c`: for |x| ≥ 1, 1 − 2/(expm1(2|x|) + 2); below,
    /// −t/(t + 2) with t = expm1(−2|x|); x(1 + x) below 2⁻⁵⁵; ±1 from |x| = 22), inlined so that the right-hand side
    /// pays for `expm1` alone, not for the call and the word tests around it.
    ///
    /// Contract: bitwise equal to the C library's `tanh` (the same `expm1`, the same operations in the same order),
    /// for every x including ±0, ±∞ and NaN.
    @inline(__always)
    static func tanh(_ x: Double) -> Double {
        let a = abs(x)
        let z: Double
        if a < 22 {
            if a >= 1 {
                z = 1 - 2 / (expm1(2 * a) + 2)
            } else if a >= 0x1p-55 {
                let t = expm1(-2 * a)
                z = -t / (t + 2)
            } else {
                return x * (1 + x)
            }
        } else if a.isFinite {
            z = 1
        } else {
            return x.isNaN ? x : (x > 0 ? 1 : -1)
        }
        return x.sign == .minus ? -z : z
    }

    /// xʸ, with the exponents 0 and 1 that the degradation laws' current exponents often take returned without the
    /// call: 1 and x, what `pow` returns for them (for every x, NaN and ±∞ included); `pow` otherwise.
    ///
    /// Contract: bitwise equal to the C library's `pow`.
    @inline(__always)
    static func power(_ x: Double, _ y: Double) -> Double {
        if y == 1 { return x }
        if y == 0 { return 1 }
        return Foundation.pow(x, y)
    }
}
