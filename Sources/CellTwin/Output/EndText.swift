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

extension SweepEnd: CustomStringConvertible {
    /// The `end_reason` of a sweep row: a lifetime run's end as ``RunEnd`` reports it, or why the point did not run.
    public var description: String {
        switch self {
        case .completed: return RunEnd.completed.description
        case .endOfExperiment: return RunEnd.endOfExperiment.description
        case .maximumCycles: return RunEnd.maximumCycles.description
        case .shortCircuit: return CellEvent.shortCircuit.reason
        case .retentionBelow(let f): return RunEnd.retentionBelow(fraction: f).description
        case .outsideRange: return "outside the electrolyte's range"
        case .noCapacity: return "cannot deliver capacity"
        case .failed(let reason): return "failed: " + reason
        }
    }

    /// The end a sweep row reports as `text` (the inverse of ``description``), or nil for a text no sweep writes.
    public init?(reported text: String) {
        let failed = "failed: ", retention = ("retention below ", " %")
        if text.hasPrefix(failed) { self = .failed(String(text.dropFirst(failed.count))); return }
        let plain: [SweepEnd] = [.completed, .endOfExperiment, .maximumCycles, .shortCircuit, .outsideRange, .noCapacity]
        if let e = plain.first(where: { $0.description == text }) { self = e; return }
        guard text.hasPrefix(retention.0), text.hasSuffix(retention.1),
              let percent = Quantity.decimal(String(text.dropFirst(retention.0.count).dropLast(retention.1.count)))
        else { return nil }
        self = .retentionBelow(fraction: percent / 100)
    }
}

extension SweepRecord {
    /// How the point ended, as reported (the `end_reason` column).
    public var endReason: String { end.description }
}

extension SweepOutcome {
    /// The reported ends of the outcomes that are not a lifetime run's own.
    public static let outsideRangeReason = SweepEnd.outsideRange.description
    public static let noCapacityReason = SweepEnd.noCapacity.description

    /// The same in words, for legends and summaries (nil for a completed point).
    public var label: String? {
        switch self {
        case .completed: return nil
        case .short: return "short circuit"
        case .noCapacity: return Self.noCapacityReason
        case .outsideRange: return Self.outsideRangeReason
        case .failed: return "failed"
        }
    }
}
