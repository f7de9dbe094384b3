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

    /// ∂J/∂(x̄ + Σu) and ∂J/∂Δc at the stored solution (0: none known).
    var responseGains: (stoichiometry: Double, salt: Double) {
        valid ? (stoichiometryGain, saltGain) : (0, 0)
    }

    init(dimension: Int) {
        count = dimension
        state = .allocate(capacity: max(dimension, 1))
        state.initialize(repeating: 0, count: max(dimension, 1))
    }

    func deallocate() { state.deallocate() }

    mutating func forget() { valid = false }

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
        state.update(from: y, count: count)
        sums = s
        current = j
        self.stoichiometryGain = stoichiometryGain
        self.saltGain = saltGain
        valid = true
    }

    /// The stored current carried to state y with sums s to first order, J + g_x·Δ(x̄ + Σu) + g_c·Δ(Δc), with x̄ at
    /// `meanIndex` and the sums Σu = solid + solidPerCurrent·J, Δc = salt + saltPerCurrent·J taken at the stored J;
    /// nil when nothing is stored.
    @inline(__always)
    func predictedCurrent(_ y: UnsafePointer<Double>, _ s: (Double, Double, Double, Double), meanIndex: Int) -> Double? {
        guard valid else { return nil }
        let j = current
        let stoichiometry = (y[meanIndex] - state[meanIndex]) + (s.0 - sums.0) + (s.1 - sums.1) * j
        let salt = (s.2 - sums.2) + (s.3 - sums.3) * j
        let predicted = j + stoichiometryGain * stoichiometry + saltGain * salt
        return predicted.isFinite ? predicted : j
    }
}
