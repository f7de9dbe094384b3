import Foundation

// The text of how steps and runs end: the only place it is made. Records, tables and reports read it from here.

extension CellEvent {
    /// Name reported as a step's end reason.
    public var reason: String {
        switch self {
        case .voltage(let v, _): return String(format: "voltage %.4g V", v)
        case .currentBelow(let j): return String(format: "current %.4g mA/cm2", Units.mA_cm2(A_m2: j))
        case .chargePassed(let q): return String(format: "capacity %.4g mAh/cm2", Units.mAh_cm2(C_m2: q))
        case .cathodeSurfaceFull: return "cathode fully lithiated"
        case .cathodeSurfaceEmpty: return "cathode fully delithiated"
        case .lithiumExhausted: return "lithium exhausted"
        case .shortCircuit: return "short circuit"
        case .sandOnset: return "Sand onset"
        case .cathodeSaltDepleted: return "salt depleted at the cathode"
        case .voltageLimit: return "voltage limit"
        }
    }
}

extension StepEnd: CustomStringConvertible {
    public var description: String {
        switch self {
        case .duration: return "time"
        case .safetyLimit: return "time limit (safety)"
        case .event(let e): return e.reason
        }
    }
}

extension RunEnd: CustomStringConvertible {
    public var description: String {
        switch self {
        case .completed: return "completed"
        case .endOfExperiment: return "end of experiment"
        case .maximumCycles: return "maximum cycles"
        case .shortCircuit: return "short circuit"
        case .retentionBelow(let f): return String(format: "retention below %g %%", f * 100)
        }
    }
}

extension StepSummary {
    /// How the step ended, as reported.
    public var endReason: String { end.description }
}

extension CycleSummary {
    /// How the charge and the discharge half-cycles ended, as reported ("" without that half-cycle).
    public var chargeEndReason: String { chargeEnd?.description ?? "" }
    public var dischargeEndReason: String { dischargeEnd?.description ?? "" }
}

extension LifeResult {
    /// How the lifetime run ended, as reported.
    public var endReason: String { end.description }
}
