import Foundation

/// The ordinary least-squares line y = a + b·x through points (x, y), with its coefficient of determination
/// R² = 1 − SS_res/SS_tot (SS_res = Σ(y − a − b·x)², SS_tot = Σ(y − ȳ)²).
///
/// Contract: at least two points with distinct x, all finite; otherwise nil. R² is 1 for points exactly on a line
/// (also a horizontal one, SS_tot = 0) and lies in [0, 1] otherwise; it measures how much of the spread of y a
/// straight line explains, whatever the slope's sign (the caller tests the sign).
public struct StraightLineFit: Sendable, Equatable, Encodable {
    public var slope: Double
    public var intercept: Double
    public var rSquared: Double
    public var count: Int

    /// JSON keys: slope, intercept, r_squared, points.
    enum CodingKeys: String, CodingKey { case slope, intercept, rSquared = "r_squared", count = "points" }

    public init?(x: [Double], y: [Double]) {
        guard x.count == y.count, x.count >= 2, !x.contains(where: { !$0.isFinite }), !y.contains(where: { !$0.isFinite }) else {
            return nil
        }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for (u, v) in zip(x, y) {
            sxx += (u - mx) * (u - mx)
            sxy += (u - mx) * (v - my)
            syy += (v - my) * (v - my)
        }
        guard sxx > 0 else { return nil }
        slope = sxy / sxx
        intercept = my - slope * mx
        var ssRes = 0.0
        for (u, v) in zip(x, y) {
            let r = v - intercept - slope * u
            ssRes += r * r
        }
        rSquared = syy > 0 ? max(0, min(1, 1 - ssRes / syy)) : 1
        count = x.count
    }

    /// The line's value at x.
    public func value(at x: Double) -> Double { intercept + slope * x }
}
