/// The current a cell model last solved for under voltage or power control, with the state and mode sums it was
/// solved at, so that another evaluation at the same point returns it without a new solve.
///
/// After each step the integrator evaluates every event function at one state, and each needs the current (the
/// voltage and surface events through it); so do the right-hand side and the Jacobian, which GSL's multistep method
/// may call at a state it has just evaluated. The current is a function of the state, the mode sums and the control
/// alone (the solve's warm start changes only the last bits of the root), so equal inputs may share the root:
/// compared exactly, not within a tolerance. The owner forgets it when the control changes.
///
/// The memo also carries the solution's first-order response to the state, ∂J/∂(x̄ + Σu) and ∂J/∂Δc (the two ways the
/// electrical states move the voltage), so that the next solve at a nearby state starts from the stored current moved
/// along it (``predictedCurrent(_:_:meanIndex:)``): the integrator's successive evaluations differ by small steps, and
/// Newton from that start converges in one or two evaluations instead of three or four. The start changes the root
/// only within the solve's tolerance (its last bits).
///
/// The prediction is the root of the control's residual linearised at the stored solution, with the sums' response
/// to J taken at the new point: under voltage control inside a coupled step (``CoupledModeStep``) Σu and Δc are affine
/// in J with slopes that grow with the time since the anchor, and the stored slope ∂V/∂J is corrected by their change,
/// J = J₀ + (g_x·Δ(x̄ + Σu)|_{J₀} + g_c·ΔΔc|_{J₀}) / (1 − g_x·Δ(∂Σu/∂J) − g_c·Δ(∂Δc/∂J)) (exact for a voltage affine
/// in J and the states; without the correction the start was 3e-3 of J off on an LFP hold, with it 2e-7). Its error is
/// then second order in the increment d = J − J₀ it predicts; the memo keeps the last solve's ratio κ = e/d² of that
/// error and the increment (where d is far above the tolerance, |d| ≥ 1e-4 of the current's scale) and adds κ·d² to
/// the next prediction: along a hold the states move along one path, and the ratio is nearly constant from one solve
/// to the next (within 20 % on the LFP hold, whose starts it brings from 1.4e-7 to 2.8e-8 of J at the median).
///
/// Buffers are allocated once; a lookup allocates nothing.
struct SolvedCurrentMemo {
    private let state: UnsafeMutablePointer<Double>
    private let count: Int
    private var sums = (0.0, 0.0, 0.0, 0.0)
    private var valid = false
    /// The current stored by the last ``store(_:_:current:stoichiometryGain:saltGain:)``, A m⁻².
    private(set) var current = 0.0
    /// ∂J/∂(x̄ + Σu) (A m⁻² per unit stoichiometry) and ∂J/∂Δc (A m⁻² per mol m⁻³) at the stored solution.
    private var stoichiometryGain = 0.0, saltGain = 0.0
    /// κ = e/d² of the last solve's linear prediction (A m⁻² per (A m⁻²)²; 0: none), and the linear prediction and its
    /// increment d made for the solve under way (nan: none).
    private(set) var curvature = 0.0
    private var pendingLinear = Double.nan, pendingIncrement = Double.nan
    /// Increments at least this many A m⁻² measure κ (1e-4 of the current's scale).
    private let measuredIncrement: Double

    /// ∂J/∂(x̄ + Σu) and ∂J/∂Δc at the stored solution (0: none known).
    var responseGains: (stoichiometry: Double, salt: Double) {
        valid ? (stoichiometryGain, saltGain) : (0, 0)
    }

    /// - Parameter currentScale: the current's scale (A m⁻²): increments of at least 1e-4 of it measure κ.
    init(dimension: Int, currentScale: Double = 1) {
        count = dimension
        measuredIncrement = 1e-4 * currentScale
        state = .allocate(capacity: max(dimension, 1))
        state.initialize(repeating: 0, count: max(dimension, 1))
    }

    func deallocate() { state.deallocate() }

    mutating func forget() {
        valid = false
        curvature = 0
        pendingIncrement = .nan
    }

    /// Whether the memo holds the current at state y with sums (solid, solid per current, salt, salt per current).
    @inline(__always)
    func matches(_ y: UnsafePointer<Double>, _ s: (Double, Double, Double, Double)) -> Bool {
        guard valid, s == sums else { return false }
        for i in 0..<count where y[i] != state[i] { return false }
        return true
    }

    /// Stores the current j solved at state y with sums s, and its response to x̄ + Σu and to Δc there (0: none known).
    @inline(__always)
    mutating func store(_ y: UnsafePointer<Double>, _ s: (Double, Double, Double, Double), current j: Double,
                        stoichiometryGain: Double = 0, saltGain: Double = 0) {
        // κ from the prediction made for this solve, where its increment is far above the solve's tolerance.
        let d = pendingIncrement
        if abs(d) >= measuredIncrement {
            let k = (j - pendingLinear) / (d * d)
            curvature = k.isFinite ? k : 0
        }
        pendingIncrement = .nan
        state.update(from: y, count: count)
        sums = s
        current = j
        self.stoichiometryGain = stoichiometryGain
        self.saltGain = saltGain
        valid = true
    }

    /// The stored current carried to state y with sums s (solid, solid per current, salt, salt per current), x̄ at
    /// `meanIndex`: the root of the residual linearised at the stored solution, the sums' per-current parts taken at
    /// the new point, plus κ·d² (see the type's notes); nil when nothing is stored. Kept as the pending prediction that
    /// the next ``store(_:_:current:stoichiometryGain:saltGain:)`` measures κ on.
    @inline(__always)
    mutating func predictedCurrent(_ y: UnsafePointer<Double>, _ s: (Double, Double, Double, Double), meanIndex: Int) -> Double? {
        guard valid else { return nil }
        let j = current
        let stoichiometry = (y[meanIndex] - state[meanIndex]) + (s.0 - sums.0) + (s.1 - sums.1) * j
        let salt = (s.2 - sums.2) + (s.3 - sums.3) * j
        let slope = 1 - stoichiometryGain * (s.1 - sums.1) - saltGain * (s.3 - sums.3)
        let d = (stoichiometryGain * stoichiometry + saltGain * salt) / slope
        guard d.isFinite else { return j }
        pendingLinear = j + d
        pendingIncrement = d
        // The second-order term only while it stays a correction (below half the increment).
        let second = curvature * d * d
        return abs(second) <= 0.5 * abs(d) ? j + d + second : j + d
    }

}
