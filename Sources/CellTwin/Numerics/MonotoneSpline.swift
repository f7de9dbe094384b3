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
/// Not thread-safe (it owns a GSL lookup accelerator); give each integrator its own copy.
public final class MonotoneSpline {
    public let x: [Double]
    public let y: [Double]
    private let xs: UnsafeMutablePointer<Double>
    private let ys: UnsafeMutablePointer<Double>
    private let interp: UnsafeMutablePointer<gsl_interp>
    private let accel: UnsafeMutablePointer<gsl_interp_accel>
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
        xs = .allocate(capacity: n)
        ys = .allocate(capacity: n)
        xs.initialize(from: x, count: n)
        ys.initialize(from: y, count: n)
        guard let i = gsl_interp_alloc(cgsl_interp_steffen(), n), let a = gsl_interp_accel_alloc() else {
            fatalError("GSL could not allocate an interpolation workspace")
        }
        interp = i
        accel = a
        try GSL.check(gsl_interp_init(interp, xs, ys, n), "building a Steffen spline")
        xMin = x[0]
        xMax = x[n - 1]
        yAtMin = y[0]
        yAtMax = y[n - 1]
        slopeAtMin = gsl_interp_eval_deriv(interp, xs, ys, xMin, nil)
        slopeAtMax = gsl_interp_eval_deriv(interp, xs, ys, xMax, nil)
    }

    /// A fresh spline over the same table (for another thread or integrator).
    public func copy() -> MonotoneSpline {
        // The table was validated when self was built.
        return try! MonotoneSpline(x: x, y: y)
    }

    deinit {
        gsl_interp_accel_free(accel)
        gsl_interp_free(interp)
        xs.deallocate()
        ys.deallocate()
    }

    public var domain: ClosedRange<Double> { xMin...xMax }

    /// Interpolated value; linear continuation outside the table.
    @inline(__always)
    public func value(_ t: Double) -> Double {
        if t < xMin { return yAtMin + slopeAtMin * (t - xMin) }
        if t > xMax { return yAtMax + slopeAtMax * (t - xMax) }
        return gsl_interp_eval(interp, xs, ys, t, accel)
    }

    /// First derivative; the end slope outside the table.
    @inline(__always)
    public func derivative(_ t: Double) -> Double {
        if t < xMin { return slopeAtMin }
        if t > xMax { return slopeAtMax }
        return gsl_interp_eval_deriv(interp, xs, ys, t, accel)
    }

    /// Value and derivative together (one table lookup).
    @inline(__always)
    public func valueAndDerivative(_ t: Double) -> (value: Double, derivative: Double) {
        if t < xMin { return (yAtMin + slopeAtMin * (t - xMin), slopeAtMin) }
        if t > xMax { return (yAtMax + slopeAtMax * (t - xMax), slopeAtMax) }
        return (gsl_interp_eval(interp, xs, ys, t, accel), gsl_interp_eval_deriv(interp, xs, ys, t, accel))
    }
}
