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

    /// eˣ by fdlibm's steps (Sun Microsystems' `e_exp.c`, the algorithm of FreeBSD's and Java's StrictMath `exp`),
    /// inlined so that a loop of exponentials (the linear modes' decay over a step, ``LinearModeStep``) pays neither
    /// for the call nor for the registers a call clobbers: x = k·ln2 + r with |r| ≤ ln2/2 (k rounded to nearest,
    /// ln2 split in a high part with 32 trailing zero bits, so k·ln2_hi is exact, and a low part), then
    /// eʳ = 1 + 2r/(R(r) − r) through the Remez polynomial R(r²) of degree 5, and 2ᵏ·eʳ from the exponent bits.
    ///
    /// Contract: within 1 ulp of the exact eˣ (fdlibm's bound; 0.86 ulp measured, where the C library's is within
    /// 0.51) for |x| ≤ 708, so within 1 ulp of the C library's `exp` there (equal to it for about nine arguments in
    /// ten); exp(0) = 1 exactly. Outside |x| ≤ 708 (over- and underflow, ±∞) and for NaN, the C library's `exp`.
    @inline(__always)
    static func exp(_ x: Double) -> Double {
        guard abs(x) <= 708 else { return Foundation.exp(x) }
        // The packed algorithm in both lanes at x: the same operations, bitwise the scalar result.
        return expWithinRange(SIMD2(repeating: x))[0]
    }

    /// ``exp(_:)`` of two arguments in packed arithmetic (the same operations in the same order, lane by lane: bitwise
    /// the scalar results); lane by lane where either lies outside |x| ≤ 708 or is NaN.
    @inline(__always)
    static func exp(_ x: SIMD2<Double>) -> SIMD2<Double> {
        guard all((x .>= -708) .& (x .<= 708)) else { return SIMD2(exp(x[0]), exp(x[1])) }
        return expWithinRange(x)
    }

    /// ``exp(_:)`` of two arguments without the range test, for a caller that keeps both within |x| ≤ 708 (bitwise
    /// ``exp(_:)`` there; outside it or for NaN the result is meaningless).
    @inline(__always)
    static func expWithinRange(_ x: SIMD2<Double>) -> SIMD2<Double> {
        let shift = SIMD2<Double>(repeating: 0x1.8p52)
        let kShifted = x * 0x1.71547652b82fep0 + shift
        let k = unsafeBitCast(kShifted, to: SIMD2<UInt64>.self) &- unsafeBitCast(shift, to: SIMD2<UInt64>.self)
        let kd = kShifted - shift
        let hi = x - kd * 0x1.62e42feep-1
        let lo = kd * 0x1.a39ef35793c76p-33
        let r = hi - lo
        let t = r * r
        var p = SIMD2<Double>(repeating: 0x1.6376972bea4d0p-25)
        p = p * t - 0x1.bbd41c5d26bf1p-20
        p = p * t + 0x1.1566aaf25de2cp-14
        p = p * t - 0x1.6c16c16bebd93p-9
        p = p * t + 0x1.555555555553ep-3
        let c = r - t * p
        let y = 1 - ((lo - (r * c) / (2 - c)) - hi)
        return y * unsafeBitCast((k &+ 1023) &<< 52, to: SIMD2<Double>.self)
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
