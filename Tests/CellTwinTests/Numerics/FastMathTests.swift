import Foundation
import Testing
@testable import CellTwin

@Suite("FastMath")
struct FastMathTests {
    /// Log-uniform magnitudes over 24 decades, both signs, plus the branch boundary at 1e8.
    static let samples: [Double] = {
        var g = SplitMix64(seed: 7)
        var xs: [Double] = [1, -1, 0.5, 1e8, 1e8.nextUp, -1e8.nextUp, 1e-300, .leastNormalMagnitude, 5e307, 1e-8, 2.5e-5]
        for _ in 0..<20_000 {
            let m = pow(10, Double.random(in: -12...12, using: &g))
            xs.append(Bool.random(using: &g) ? m : -m)
        }
        return xs
    }()

    @Test("asinh agrees with the C library: 4e-16 absolute for |x| ≤ 1, 4e-16 relative above")
    func asinhMatchesLibrary() {
        var worstAbsolute = 0.0, worstRelative = 0.0
        for x in Self.samples {
            let got = FastMath.asinh(x), exact = Foundation.asinh(x)
            if abs(x) <= 1 {
                worstAbsolute = max(worstAbsolute, abs(got - exact))
            } else {
                worstRelative = max(worstRelative, abs(got - exact) / abs(exact))
            }
        }
        #expect(worstAbsolute <= 4e-16, "worst absolute error \(worstAbsolute)")
        #expect(worstRelative <= 4e-16, "worst relative error \(worstRelative)")
    }

    @Test("asinh is odd, zero at zero and keeps infinities and NaN")
    func asinhSpecialValues() {
        #expect(FastMath.asinh(0) == 0)
        #expect(FastMath.asinh(.infinity) == .infinity)
        #expect(FastMath.asinh(-.infinity) == -.infinity)
        #expect(FastMath.asinh(.nan).isNaN)
        #expect(FastMath.asinh(.greatestFiniteMagnitude).isFinite)
        #expect(abs(FastMath.asinh(.greatestFiniteMagnitude) - Foundation.asinh(.greatestFiniteMagnitude)) <= 1e-13)
        for x in Self.samples.prefix(2000) { #expect(FastMath.asinh(-x) == -FastMath.asinh(x)) }
        // sinh(asinh x) = x: the closed-form inverse.
        for x in [-3.25, -0.01, 0.2, 7.5, 123.0] {
            #expect(abs(sinh(FastMath.asinh(x)) - x) <= 4e-16 * max(1, abs(x)) * 4)
        }
    }
}

extension FastMathTests {
    /// Magnitudes log-uniform from 1e-20 to 1e2 of both signs, plus every branch boundary of the C library's tanh.
    static let tanhSamples: [Double] = {
        var g = SplitMix64(seed: 11)
        var xs: [Double] = [0, -0.0, 1, 1.0.nextDown, 1.0.nextUp, 22, 22.0.nextDown, 22.0.nextUp, 0x1p-55, (0x1p-55).nextDown,
                            1e-3, 0.5, 2, 30, 1e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        for _ in 0..<20_000 {
            let m = pow(10, Double.random(in: -20...2, using: &g))
            xs.append(Bool.random(using: &g) ? m : -m)
        }
        return xs + xs.map { -$0 }
    }()

    @Test("tanh is bitwise the C library's over its whole domain")
    func tanhMatchesLibraryBitwise() {
        var mismatches = 0
        for x in Self.tanhSamples where FastMath.tanh(x).bitPattern != Foundation.tanh(x).bitPattern {
            mismatches += 1
            if mismatches <= 5 { Issue.record("tanh(\(x)): \(FastMath.tanh(x)) against \(Foundation.tanh(x))") }
        }
        #expect(mismatches == 0)
    }

    @Test("tanh keeps ±1 at ±∞ and NaN, and is odd")
    func tanhSpecialValues() {
        #expect(FastMath.tanh(.infinity) == 1)
        #expect(FastMath.tanh(-.infinity) == -1)
        #expect(FastMath.tanh(.nan).isNaN)
        #expect(FastMath.tanh(-0.0).sign == .minus)
        for x in Self.tanhSamples.prefix(2000) { #expect(FastMath.tanh(-x) == -FastMath.tanh(x)) }
    }
}

extension FastMathTests {
    @Test("power is bitwise the C library's pow, the exponents 0 and 1 included, for every base")
    func powerMatchesLibraryBitwise() {
        let bases = Self.samples.prefix(5000) + [0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, 1, -1]
        var mismatches = 0
        for y in [0.0, -0.0, 1, 0.5, 2, 7, -1, 1.5, 4] {
            for x in bases where FastMath.power(x, y).bitPattern != Foundation.pow(x, y).bitPattern {
                // NaN payloads may differ; NaN must stay NaN.
                if FastMath.power(x, y).isNaN && Foundation.pow(x, y).isNaN { continue }
                mismatches += 1
                if mismatches <= 5 { Issue.record("pow(\(x), \(y)): \(FastMath.power(x, y)) against \(Foundation.pow(x, y))") }
            }
        }
        #expect(mismatches == 0)
    }
}

extension FastMathTests {
    /// The modes' range −42 … 0 on a fine grid (where ``LinearModeStep`` takes its exponentials), log-uniform
    /// magnitudes of both signs up to 708, and the reduction's boundaries ±ln2/2, ±ln2, ±1.5·ln2.
    static let expSamples: [Double] = {
        var g = SplitMix64(seed: 13)
        var xs = (0...200_000).map { -42 * Double($0) / 200_000 }
        let half = 0.5 * M_LN2
        xs += [half, half.nextUp, half.nextDown, M_LN2, 1.5 * M_LN2, -half, -M_LN2, -1.5 * M_LN2, 708, -708, 1e-300, -1e-300]
        for _ in 0..<50_000 {
            let m = pow(10, Double.random(in: -20...log10(708), using: &g))
            xs.append(Bool.random(using: &g) ? m : -m)
        }
        return xs
    }()

    /// The units in the last place of e^x's double, measured on the exact value's binade.
    static func ulp(ofExp x: Double) -> Double { Foundation.exp(x).ulp }

    @Test("exp is within 1 ulp of the C library's over |x| ≤ 708, and equal to it for most arguments")
    func expMatchesLibraryWithinOneUlp() {
        var worst = 0.0, differing = 0
        for x in Self.expSamples {
            let got = FastMath.exp(x), library = Foundation.exp(x)
            if got != library { differing += 1 }
            worst = max(worst, abs(got - library) / Self.ulp(ofExp: x))
        }
        #expect(worst <= 1, "largest difference \(worst) ulp")
        // fdlibm's and the C library's roundings agree for most arguments; a wrong reduction or polynomial would not.
        #expect(differing * 5 < Self.expSamples.count, "\(differing) of \(Self.expSamples.count) differ")
    }

    #if arch(x86_64) || arch(i386)
    /// Against e^x in 64-bit-significand arithmetic (its own error ~1e-19 relative, far below a double's ulp): the
    /// contract's 1 ulp from the exact value.
    @Test("exp is within 1 ulp of the exact value")
    func expIsWithinOneUlpOfTheExactValue() {
        var worst = 0.0
        for x in Self.expSamples {
            let exact = Foundation.exp(Float80(x))
            worst = max(worst, Double(abs(Float80(FastMath.exp(x)) - exact) / Float80(Self.ulp(ofExp: x))))
        }
        #expect(worst <= 1, "largest error \(worst) ulp")
    }
    #endif

    @Test("exp of two arguments is bitwise the scalar exp of each, in and outside |x| ≤ 708")
    func pairedExpIsTheScalarOne() {
        let xs = Self.expSamples.prefix(60_000) + [709, -745, .infinity, -.infinity, 1e300]
        var mismatches = 0
        for (a, b) in zip(xs, xs.reversed()) {
            let pair = FastMath.exp(SIMD2(a, b))
            if pair[0].bitPattern != FastMath.exp(a).bitPattern || pair[1].bitPattern != FastMath.exp(b).bitPattern {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        let nan = FastMath.exp(SIMD2(.nan, -1))
        #expect(nan[0].isNaN && nan[1] == FastMath.exp(-1))
    }

    @Test("exp is exact at 0, and the C library's outside |x| ≤ 708, for ±∞ and NaN")
    func expSpecialValues() {
        #expect(FastMath.exp(0) == 1 && FastMath.exp(-0.0) == 1)
        for x in [709.0, 709.78, 710, 1e300, -709, -745, -746, -1e300, .infinity, -.infinity, .greatestFiniteMagnitude] {
            #expect(FastMath.exp(x).bitPattern == Foundation.exp(x).bitPattern, "exp(\(x))")
        }
        #expect(FastMath.exp(.nan).isNaN)
        // e^a·e^b = e^(a+b) to rounding over the modes' range.
        for (a, b) in [(-0.3, -0.45), (-3.5, -7.25), (-20.0, -21.5)] {
            #expect(abs(FastMath.exp(a) * FastMath.exp(b) - FastMath.exp(a + b)) <= 4 * Self.ulp(ofExp: a + b))
        }
    }
}
