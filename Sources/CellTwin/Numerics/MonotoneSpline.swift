import CGSL

/// Errors raised when building a table-based function.
public enum TableError: Error, CustomStringConvertible, Equatable {
    case tooFewPoints(Int)
    case lengthMismatch(x: Int, y: Int)
    case notStrictlyIncreasing(index: Int)
    case nonFinite(index: Int)

    public var description: String {
        switch self {
        case .tooFewPoints(let n): return "a table needs at least 3 points, got \(n)"
        case let .lengthMismatch(x, y): return "a table needs as many values (\(y)) as abscissae (\(x))"
        case .notStrictlyIncreasing(let i): return "abscissae must increase strictly (row \(i + 1))"
        case .nonFinite(let i): return "non-finite value in row \(i + 1)"
        }
    }
}

/// Monotone cubic interpolant of a table (GSL `gsl_interp_steffen`), which never overshoots
/// between points, so a monotone OCV table stays monotone. Outside the table it continues linearly
/// with the end slope, so solvers that probe slightly past an end see a smooth, monotone function.
///
/// GSL builds the spline; its knot slopes then define one cubic per interval (the Steffen spline is the
/// piecewise cubic Hermite interpolant of the values and those slopes), evaluated here in Horner form with
/// the last interval cached: the right-hand side looks up nearby abscissae call after call, so most
/// lookups cost one comparison pair and no search. Values agree with `gsl_interp_eval` to rounding.
///
/// Not thread-safe (it caches the last interval); give each integrator its own copy.
public final class MonotoneSpline {
    public let x: [Double]
    public let y: [Double]
    /// Per interval k: knot x_k and the cubic's coefficients in (t − x_k): a + b·d + c·d² + e·d³.
    private let knots: UnsafeMutablePointer<Double>
    private let coefficients: UnsafeMutablePointer<Double>
    private let intervals: Int
    /// The interval of the last lookup.
    private var cached = 0
    private let xMin: Double, xMax: Double
    private let yAtMin: Double, yAtMax: Double
    private let slopeAtMin: Double, slopeAtMax: Double

    public init(x: [Double], y: [Double]) throws {
        GSL.ensureConfigured()
        guard x.count == y.count else { throw TableError.lengthMismatch(x: x.count, y: y.count) }
        guard x.count >= 3 else { throw TableError.tooFewPoints(x.count) }
        for i in 0..<x.count {
            guard x[i].isFinite, y[i].isFinite else { throw TableError.nonFinite(index: i) }
            if i > 0, !(x[i] > x[i - 1]) { throw TableError.notStrictlyIncreasing(index: i) }
        }
        self.x = x
        self.y = y
        let n = x.count
        guard let interp = gsl_interp_alloc(cgsl_interp_steffen(), n) else {
            fatalError("GSL could not allocate an interpolation workspace")
        }
        defer { gsl_interp_free(interp) }
        var slopes = [Double](repeating: 0, count: n)
        try x.withUnsafeBufferPointer { xs in
            try y.withUnsafeBufferPointer { ys in
                try GSL.check(gsl_interp_init(interp, xs.baseAddress, ys.baseAddress, n), "building a Steffen spline")
                for i in 0..<n { slopes[i] = gsl_interp_eval_deriv(interp, xs.baseAddress, ys.baseAddress, x[i], nil) }
            }
        }
        intervals = n - 1
        knots = .allocate(capacity: n)
        knots.initialize(from: x, count: n)
        coefficients = .allocate(capacity: 4 * intervals)
        for k in 0..<intervals {
            let h = x[k + 1] - x[k]
            let secant = (y[k + 1] - y[k]) / h
            let (m0, m1) = (slopes[k], slopes[k + 1])
            (coefficients + 4 * k).initialize(from: [y[k], m0, (3 * secant - 2 * m0 - m1) / h, (m0 + m1 - 2 * secant) / (h * h)],
                                              count: 4)
        }
        xMin = x[0]
        xMax = x[n - 1]
        yAtMin = y[0]
        yAtMax = y[n - 1]
        // The end slopes are those of the end cubics, so the derivative is continuous where the line takes over.
        slopeAtMin = coefficients[1]
        let last = coefficients + 4 * (intervals - 1), hLast = x[n - 1] - x[n - 2]
        slopeAtMax = last[1] + hLast * (2 * last[2] + hLast * 3 * last[3])
    }

    /// A fresh spline over the same table (for another thread or integrator).
    public func copy() -> MonotoneSpline {
        // The table was validated when self was built.
        return try! MonotoneSpline(x: x, y: y)
    }

    deinit {
        knots.deallocate()
        coefficients.deallocate()
    }

    public var domain: ClosedRange<Double> { xMin...xMax }

    /// The interval k with x_k ≤ t < x_{k+1} (the last one for t = x_max), for t inside the table: the cached
    /// one or a neighbour when t is there, else by bisection.
    @inline(__always)
    private func interval(_ t: Double) -> Int {
        var k = cached
        if t >= knots[k] {
            if t < knots[k + 1] { return k }
            if k + 2 <= intervals, t < knots[k + 2] { k += 1; cached = k; return k }
        } else if k > 0, t >= knots[k - 1] {
            k -= 1; cached = k; return k
        }
        var lo = 0, hi = intervals
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if t < knots[mid] { hi = mid } else { lo = mid }
        }
        cached = lo
        return lo
    }

    /// Interpolated value; linear continuation outside the table.
    @inline(__always)
    public func value(_ t: Double) -> Double {
        if t < xMin { return yAtMin + slopeAtMin * (t - xMin) }
        if t > xMax { return yAtMax + slopeAtMax * (t - xMax) }
        let k = interval(t)
        let c = coefficients + 4 * k
        let d = t - knots[k]
        return c[0] + d * (c[1] + d * (c[2] + d * c[3]))
    }

    /// First derivative; the end slope outside the table.
    @inline(__always)
    public func derivative(_ t: Double) -> Double {
        if t < xMin { return slopeAtMin }
        if t > xMax { return slopeAtMax }
        let k = interval(t)
        let c = coefficients + 4 * k
        let d = t - knots[k]
        return c[1] + d * (2 * c[2] + d * 3 * c[3])
    }

    /// Value and derivative together (one table lookup).
    @inline(__always)
    public func valueAndDerivative(_ t: Double) -> (value: Double, derivative: Double) {
        if t < xMin { return (yAtMin + slopeAtMin * (t - xMin), slopeAtMin) }
        if t > xMax { return (yAtMax + slopeAtMax * (t - xMax), slopeAtMax) }
        let k = interval(t)
        let c = coefficients + 4 * k
        let d = t - knots[k]
        return (c[0] + d * (c[1] + d * (c[2] + d * c[3])), c[1] + d * (2 * c[2] + d * 3 * c[3]))
    }
}
