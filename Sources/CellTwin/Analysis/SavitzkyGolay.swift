import Foundation

/// Savitzky–Golay filter on uniformly spaced samples: each output is the value (or first derivative) at its sample
/// of the least-squares polynomial of degree `order` through the `window` samples centred on it. Near the ends the
/// polynomial of the first (last) full window is evaluated at the sample instead (SciPy's `savgol_filter(mode='interp')`),
/// so the output has the input's length and no padding is invented.
///
/// Contract: `window` is odd and greater than `order`; a series shorter than `window` is fitted by one polynomial
/// of degree min(order, count − 1). A polynomial of degree ≤ `order` is reproduced exactly (value and derivative).
public struct SavitzkyGolay: Sendable, Equatable {
    public let window: Int
    public let order: Int

    public init(window: Int, order: Int) {
        precondition(window >= 3 && window % 2 == 1 && order >= 0 && order < window, "odd window > order ≥ 0")
        self.window = window
        self.order = order
    }

    /// The smoothed series.
    public func smooth(_ y: [Double]) throws -> [Double] { try apply(y, derivative: false, spacing: 1) }

    /// dy/dx of the smoothed series for samples `spacing` apart in x.
    public func derivative(_ y: [Double], spacing: Double) throws -> [Double] { try apply(y, derivative: true, spacing: spacing) }

    /// Weights wⱼ with Σ wⱼ y[start + j] = p(t) (or p′(t)) for the polynomial p fitted to the `n` samples from `start`,
    /// evaluated at offset t from the first of them.
    static func weights(n: Int, degree: Int, at t: Int, derivative: Bool) throws -> [Double] {
        // Columns xᵏ at x = j − c (c the middle, for conditioning); pinv(A) by solving for each unit vector.
        let c = Double(n - 1) / 2, columns = degree + 1
        var a = [Double](repeating: 0, count: n * columns)
        for j in 0..<n { for k in 0..<columns { a[j * columns + k] = pow(Double(j) - c, Double(k)) } }
        let x = Double(t) - c
        var w = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let coefficients = try LinearLeastSquares.solve(a, rows: n, columns: columns, e)
            var v = 0.0
            for k in 0..<columns {
                if derivative { if k > 0 { v += Double(k) * coefficients[k] * pow(x, Double(k - 1)) } } else { v += coefficients[k] * pow(x, Double(k)) }
            }
            w[j] = v
        }
        return w
    }

    private func apply(_ y: [Double], derivative: Bool, spacing: Double) throws -> [Double] {
        let n = y.count
        guard n > 0 else { return [] }
        let scale = derivative ? 1 / spacing : 1
        if n < window {
            let degree = min(order, n - 1)
            return try (0..<n).map { t in
                zip(try Self.weights(n: n, degree: degree, at: t, derivative: derivative), y).reduce(0) { $0 + $1.0 * $1.1 } * scale
            }
        }
        let half = window / 2
        let centre = try Self.weights(n: window, degree: order, at: half, derivative: derivative)
        var out = [Double](repeating: 0, count: n)
        for i in half..<(n - half) {
            var s = 0.0
            for j in 0..<window { s += centre[j] * y[i - half + j] }
            out[i] = s * scale
        }
        for t in 0..<half {
            let w = try Self.weights(n: window, degree: order, at: t, derivative: derivative)
            out[t] = zip(w, y[0..<window]).reduce(0) { $0 + $1.0 * $1.1 } * scale
            let wEnd = try Self.weights(n: window, degree: order, at: window - 1 - t, derivative: derivative)
            out[n - 1 - t] = zip(wEnd, y[(n - window)..<n]).reduce(0) { $0 + $1.0 * $1.1 } * scale
        }
        return out
    }
}
