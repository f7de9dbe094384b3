import Foundation

/// Degradation modes of a Li-metal cell from two half-cycles of the same cell and direction (a reference and a
/// later one), read off the cathode's own OCV curve U(x) (x: Li fraction, rising on discharge).
///
/// Each curve is fitted by V(Q) = U(x₀ + s·Q/Q_c) + s′·η with s = +1 on discharge and −1 on charge, s′ = −1 on
/// discharge and +1 on charge: Q_c is the capacity of the cathode's active material (Q over a full x = 0→1), x₀ its
/// Li fraction where the curve starts, η a constant polarization (GSL least squares on 200 uniform capacity steps,
/// Q_c positive, x₀ in (−0.1, 1.1), the OCV table continued linearly past its ends). Where both ends of the curve lie
/// on steep parts of the OCV, Q_c and x₀ are then taken from the Li fractions of the two ends at the fitted η
/// (``anchors(first:last:polarization_V:direction:total:cathode:spline:)``), which the solid-diffusion lead and a
/// capacity that falls during the half-cycle leave unbiased. Then
///
/// - **loss of cathode active material** LAM = 1 − Q_c,later / Q_c,reference (a scaling of the OCV curve in Q);
/// - **resistance growth**: Δη = η_later − η_reference, V (and Δη/I where the current is known);
/// - **loss of Li inventory** LLI = 1 − N_later/N_reference with N = Q_c·x at the curve's discharged end (x₀ for a
///   charge, x₀ + Q/Q_c for a discharge): a slippage of the curve along x. Only where Li is limited (no Li reservoir
///   or an exhausted one) does the discharged end show the cyclable Li; with an excess Li-metal anode the cathode is
///   relithiated to the discharge cut-off whatever Li was lost, so LLI is reported as not observable (nil).
public struct DegradationModes: Sendable, Equatable {
    public struct CurveFit: Sendable, Equatable {
        /// Q_c, in the curve's capacity unit.
        public var cathodeCapacity: Double
        public var startStoichiometry: Double
        public var polarization_V: Double
        /// Li fraction at the discharged end of the curve.
        public var dischargedStoichiometry: Double
        /// Root-mean-square voltage misfit, V.
        public var rms_V: Double
        /// Q_c · x at the discharged end: the cyclable Li when Li is limited.
        public var lithiumInventory: Double { cathodeCapacity * dischargedStoichiometry }
    }

    public var reference: CurveFit
    public var later: CurveFit
    public var lithiumLimited: Bool
    /// LAM as a fraction.
    public var activeMaterialLoss: Double { 1 - later.cathodeCapacity / reference.cathodeCapacity }
    /// LLI as a fraction; nil (not observable) with excess Li.
    public var lithiumInventoryLoss: Double? { lithiumLimited ? 1 - later.lithiumInventory / reference.lithiumInventory : nil }
    /// Δη, V (positive when the cell polarizes more).
    public var polarizationShift_V: Double { later.polarization_V - reference.polarization_V }

    /// Fits both curves (same direction) with `cathode`'s OCV.
    public static func estimate(reference: VoltageCapacityCurve, later: VoltageCapacityCurve, cathode: Cathode,
                                lithiumLimited: Bool) throws -> DegradationModes {
        guard reference.direction == later.direction else {
            throw DegradationModesError.directionsDiffer(reference.label, later.label)
        }
        let spline = try cathode.ocvSpline()
        return DegradationModes(reference: try fit(reference, cathode: cathode, spline: spline),
                                later: try fit(later, cathode: cathode, spline: spline), lithiumLimited: lithiumLimited)
    }

    /// The OCV-curve fit of one curve.
    public static func fit(_ curve: VoltageCapacityCurve, cathode: Cathode, spline: MonotoneSpline) throws -> CurveFit {
        let total = curve.totalCapacity
        guard curve.count >= 5, total > 0 else { throw DegradationModesError.tooShort(curve.label, curve.count) }
        let s: Double = curve.direction == .discharge ? 1 : -1
        // Uniform capacity steps, so every part of the curve weighs the same.
        let m = 200
        let q = (0..<m).map { total * Double($0) / Double(m - 1) }
        var v = [Double](repeating: 0, count: m), j = 0
        for (k, qk) in q.enumerated() {
            while j < curve.count - 2 && curve.capacity[j + 1] < qk { j += 1 }
            let q0 = curve.capacity[j], q1 = curve.capacity[j + 1]
            let t = q1 > q0 ? min(max((qk - q0) / (q1 - q0), 0), 1) : 1
            v[k] = curve.voltage_V[j] + t * (curve.voltage_V[j + 1] - curve.voltage_V[j])
        }
        // Start: x₀ from the first voltage, Q_c from the Li fraction swept to the last voltage.
        let x0 = try cathode.stoichiometry(atVoltage: v[0], spline: spline)
        let x1 = try cathode.stoichiometry(atVoltage: v[m - 1], spline: spline)
        let swept = max(abs(x1 - x0), 0.05)
        let parameters = [
            FitParameter("Q_c", initial: total / swept, .positive),
            FitParameter("x0", initial: min(max(x0, -0.09), 1.09), .bounded(lower: -0.1, upper: 1.1)),
            FitParameter("eta", initial: 0),
        ]
        var options = NonlinearLeastSquaresOptions()
        options.starts = 3
        let sign = -s  // + η on charge, − η on discharge
        let result = try NonlinearLeastSquares.fit(parameters, residualCount: m, options: options) { p in
            (0..<m).map { k in spline.value(p[1] + s * q[k] / p[0]) + sign * p[2] - v[k] }
        }
        let p = result.parameters
        let rms = (result.chiSquare / Double(m)).squareRoot()
        // Q_c and x₀ from the curve's two ends where the OCV is steep (see ``anchors``); the least-squares values where
        // an end lies on a flat part of the OCV.
        let (qc, start) = try anchors(first: v[0], last: v[m - 1], polarization_V: p[2], direction: s, total: total,
                                      cathode: cathode, spline: spline) ?? (p[0], p[1])
        let discharged = s > 0 ? start + total / qc : start
        return CurveFit(cathodeCapacity: qc, startStoichiometry: start, polarization_V: p[2],
                        dischargedStoichiometry: discharged, rms_V: rms)
    }

    /// Smallest |dU/dx| (V per unit Li fraction) at which an end of the curve anchors its Li fraction: there an error
    /// of 1 mV in the voltage moves x by at most 0.005 (0.5 % of the swept range).
    static let anchorSlope_V = 0.2

    /// Q_c = Q/|x_last − x_first| and x₀ = x_first from the Li fractions at the curve's first and last points, read off
    /// the OCV at the voltage corrected by the fitted polarization, U(x) = V + s·η (s = +1 on discharge): nil when
    /// either end lies where |dU/dx| < ``anchorSlope_V`` or outside the OCV table.
    ///
    /// The two ends carry the capacity: between them LFP's plateau is nearly flat, so a fit over the whole curve trades
    /// Q_c against x₀ and η, and two effects the uniform shift does not model then bias it. (1) The particles' surface
    /// runs ahead of their mean Li fraction by (τ_s/15)·dx̄/dt in steady discharge (DOMAIN B §1, spherical diffusion),
    /// and after a charge that lead first changes sign over about τ_s/λ₁² (λ₁ = 4.49): the start of the curve is bent
    /// while the end is a steady shift in x. (2) Active material lost during the half-cycle itself makes Q_c fall along
    /// the curve. Where the OCV is steep each end's Li fraction is fixed by its voltage to within (error in η)/|dU/dx|,
    /// and the surface lead (x_s − x̄, 0.01–0.03 in a 0.1C LFP discharge) scales with 1/Q_c in both curves alike, so it
    /// cancels in LAM = 1 − Q_c,later/Q_c,reference to first order.
    static func anchors(first: Double, last: Double, polarization_V eta: Double, direction s: Double, total: Double,
                        cathode: Cathode, spline: MonotoneSpline) throws -> (capacity: Double, start: Double)? {
        guard let lo = cathode.ocvStoichiometry.first, let hi = cathode.ocvStoichiometry.last else { return nil }
        var x: [Double] = []
        for v in [first, last] {
            let xi = try cathode.stoichiometry(atVoltage: v + s * eta, spline: spline)
            guard xi > lo, xi < hi, abs(spline.derivative(xi)) >= anchorSlope_V else { return nil }
            x.append(xi)
        }
        let swept = s * (x[1] - x[0])
        guard swept > 0.05 else { return nil }
        return (total / swept, x[0])
    }
}

public enum DegradationModesError: Error, CustomStringConvertible, Equatable {
    case directionsDiffer(String, String)
    case tooShort(String, Int)

    public var description: String {
        switch self {
        case let .directionsDiffer(a, b): return "degradation modes need two curves of the same direction, got \(a) and \(b)"
        case let .tooShort(c, n): return "\(c) has \(n) constant-current points with capacity; at least 5 are needed"
        }
    }
}
