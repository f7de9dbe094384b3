@testable import CellTwin

/// What the Jacobian checks read from a problem: its own ∂f/∂y and its right-hand side at a state, at t = 0.
extension ODEProblem {
    /// ∂f/∂y at `y` as the problem computes it, row-major `dimension` × `dimension`.
    func jacobianMatrix(at y: [Double]) -> [Double] {
        let n = dimension
        var dfdy = [Double](repeating: 0, count: n * n), dfdt = [Double](repeating: 0, count: n)
        _ = y.withUnsafeBufferPointer { jacobian(t: 0, y: $0.baseAddress!, dfdy: &dfdy, dfdt: &dfdt) }
        return dfdy
    }

    /// f(y).
    func rates(at y: [Double]) -> [Double] {
        var dydt = [Double](repeating: 0, count: dimension)
        _ = y.withUnsafeBufferPointer { derivatives(t: 0, y: $0.baseAddress!, dydt: &dydt) }
        return dydt
    }
}
