import Foundation

extension Termination {
    /// The located event that ends a step of `kind` on `design` when this condition is met (PyBaMM's
    /// `BaseTermination.get_event`); nil for a duration, which ends the step's integration interval instead.
    /// Currents and charges are magnitudes per unit electrode area; a voltage cut-off falls on discharge and rises
    /// on charge.
    public func event(kind: StepKind, design: CellDesign) -> CellEvent? {
        switch self {
        case .voltage(let v): return .voltage(V: v, direction: kind == .charge ? .rising : .falling)
        case .cRate(let n): return .currentBelow(A_m2: design.currentDensity(cRate: n))
        case .currentDensity(let j): return .currentBelow(A_m2: j)
        case .current(let i): return .currentBelow(A_m2: i / design.electrodeArea_m2)
        case .charge(let q): return .chargePassed(C_m2: q / design.electrodeArea_m2)
        case .arealCharge(let q): return .chargePassed(C_m2: q)
        case .specificCharge(let q): return .chargePassed(C_m2: q * design.cathodeLoading_kg_m2)
        case .duration: return nil
        }
    }
}

extension StepKind {
    /// Events every step of this kind watches besides its own terminations: the ends of the cathode window and of the
    /// anode's Li, on discharge the salt running out at the cathode side, and on charge and hold the short and the Sand
    /// onset (DOMAIN A4, B §2.4, §4.1).
    var guardEvents: [CellEvent] {
        switch self {
        case .discharge: return [.cathodeSurfaceFull, .lithiumExhausted, .cathodeSaltDepleted]
        case .charge: return [.cathodeSurfaceEmpty, .shortCircuit, .sandOnset]
        case .hold: return [.shortCircuit, .sandOnset]
        case .rest: return []
        }
    }
}

extension PlannedStep where Control == CellControl {
    /// `step` on the full cell `design`: its control, its terminations' events and the guard events of its kind.
    init(_ step: Step, design: CellDesign, options: SimulationOptions) {
        let control = Self.control(step, design: design)
        self.init(step: step, control: control,
                  events: step.terminations.compactMap { $0.event(kind: step.kind, design: design) } + step.kind.guardEvents,
                  voltageTolerance_V: options.voltageTolerance_V, timeTolerance_s: options.timeTolerance_s,
                  safetyDuration_s: Self.safetyDuration_s(control, design: design))
    }

    /// A safety limit for a step without a duration: ten times its nominal duration, and at least 10 h.
    static func safetyDuration_s(_ control: CellControl, design: CellDesign) -> Double {
        let q = design.nominalCapacity_C_m2
        switch control {
        case .current(let j): return max(10 * q / abs(j), 36_000)
        case .power(let p): return max(10 * q * design.cathode.maximumVoltage_V / abs(p), 36_000)
        default: return 360_000
        }
    }

    /// The model control of a step (current and power per unit area, positive on discharge).
    static func control(_ step: Step, design: CellDesign) -> CellControl {
        let sign: Double = step.kind == .charge ? -1 : 1
        switch step.drive {
        case .rest: return .rest
        case .voltage(let v): return .voltage(V: v)
        case .power(let p): return .power(W_m2: sign * p / design.electrodeArea_m2)
        case .powerDensity(let p): return .power(W_m2: sign * p)
        case .cRate(let n): return .current(A_m2: sign * design.currentDensity(cRate: n))
        case .currentDensity(let j): return .current(A_m2: sign * j)
        case .current(let i): return .current(A_m2: sign * i / design.electrodeArea_m2)
        }
    }
}
