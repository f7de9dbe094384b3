/// The current a cell model last solved for under voltage or power control, with the state and mode sums it was
/// solved at, so that another evaluation at the same point returns it without a new solve.
///
/// After each step the integrator evaluates every event function at one state, and each needs the current (the
/// voltage and surface events through it); so do the right-hand side and the Jacobian, which GSL's multistep method
/// may call at a state it has just evaluated. The current is a function of the state, the mode sums and the control
/// alone (the solve's warm start changes only the last bits of the root), so equal inputs may share the root:
/// compared exactly, not within a tolerance. The owner forgets it when the control changes.
///
/// Buffers are allocated once; a lookup allocates nothing.
struct SolvedCurrentMemo {
    private let state: UnsafeMutablePointer<Double>
    private let count: Int
    private var sums = (0.0, 0.0, 0.0, 0.0)
    private var valid = false
    /// The current stored by the last ``store(_:_:current:)``, A m⁻².
    private(set) var current = 0.0

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

    @inline(__always)
    mutating func store(_ y: UnsafePointer<Double>, _ s: (Double, Double, Double, Double), current j: Double) {
        state.update(from: y, count: count)
        sums = s
        current = j
        valid = true
    }
}
