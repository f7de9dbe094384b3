import Foundation

/// What a step controls. Magnitudes only: the step kind gives the sign.
public enum StepDrive: Sendable, Equatable {
    case cRate(Double)
    /// A m⁻².
    case currentDensity(Double)
    /// A (cell current; divided by the electrode area).
    case current(Double)
    /// W (cell power).
    case power(Double)
    /// W m⁻².
    case powerDensity(Double)
    /// V.
    case voltage(Double)
    case rest
}

/// A condition that ends a step (PyBaMM's "until …" and "for …").
public enum Termination: Sendable, Equatable {
    /// Terminal voltage reaches this value, V.
    case voltage(Double)
    /// |current| falls to n·C (CV cut-off such as "C/20").
    case cRate(Double)
    /// |current density| falls to this, A m⁻².
    case currentDensity(Double)
    /// |current| falls to this, A.
    case current(Double)
    /// Charge passed in the step reaches this, C (cell).
    case charge(Double)
    /// Areal charge passed reaches this, C m⁻².
    case arealCharge(Double)
    /// Specific charge passed reaches this, C kg⁻¹ of active material.
    case specificCharge(Double)
    /// Step duration, s.
    case duration(Double)
}

/// Kind of step: sets the sign of the current and the direction of voltage cut-offs.
public enum StepKind: String, Sendable, Equatable {
    case charge, discharge, hold, rest
}

/// One experiment step: a control and the conditions that end it.
public struct Step: Sendable, Equatable, CustomStringConvertible {
    public var kind: StepKind
    public var drive: StepDrive
    public var terminations: [Termination]
    /// The text it was parsed from (or a canonical rendering).
    public var text: String
    /// The steps of one measured-profile run share this number (``DriveProfile``): when one of them ends by an event
    /// (a voltage limit, an empty cathode) rather than its duration, the rest of that run is skipped.
    public var profileRun: Int?

    public init(kind: StepKind, drive: StepDrive, terminations: [Termination], text: String, profileRun: Int? = nil) {
        self.kind = kind
        self.drive = drive
        self.terminations = terminations
        self.text = text
        self.profileRun = profileRun
    }

    public var description: String { text }

    /// The duration limit, if any, s.
    public var duration_s: Double? {
        terminations.compactMap { if case .duration(let d) = $0 { return d } else { return nil } }.min()
    }

    /// Parses a PyBaMM-style step string, e.g. "Discharge at 0.5C until 2.5 V".
    public init(parsing text: String) throws {
        var parser = StepParser(text)
        self = try parser.parse()
    }
}

/// One block of steps repeated `repeatCount` times; each repetition is one cycle.
public struct ExperimentBlock: Sendable, Equatable {
    public var steps: [Step]
    public var repeatCount: Int

    public init(steps: [Step], repeatCount: Int = 1) {
        self.steps = steps
        self.repeatCount = repeatCount
    }
}

/// A protocol run on a cell: blocks of steps, each block repeated as cycles.
public struct Experiment: Sendable, Equatable {
    public var blocks: [ExperimentBlock]

    public init(blocks: [ExperimentBlock]) { self.blocks = blocks }

    /// One block of steps repeated `cycles` times.
    public init(steps: [String], cycles: Int = 1) throws {
        guard cycles >= 1 else { throw ExperimentError.invalidCycleCount(cycles) }
        guard !steps.isEmpty else { throw ExperimentError.empty }
        blocks = [ExperimentBlock(steps: try steps.map(Step.init(parsing:)), repeatCount: cycles)]
    }

    public var cycleCount: Int { blocks.reduce(0) { $0 + $1.repeatCount } }

    /// Standard CC–CV cycle: charge at `chargeRate` to V_max, hold to C/20 (2 hours at most, so a
    /// shuttle current cannot hold it forever), rest, discharge at `dischargeRate` to V_min, rest.
    public static func cccv(chargeRate: Double, dischargeRate: Double, minimumVoltage: Double,
                            maximumVoltage: Double, cutoffCRate: Double = 0.05, restMinutes: Double = 0,
                            cycles: Int) throws -> Experiment {
        var steps: [Step] = [
            .charge(.cRate(chargeRate), until: .voltage(maximumVoltage)),
            .hold(voltage_V: maximumVoltage, until: .cRate(cutoffCRate), .duration(2 * 3600)),
        ]
        if restMinutes > 0 { steps.append(.rest(for: restMinutes * 60)) }
        steps.append(.discharge(.cRate(dischargeRate), until: .voltage(minimumVoltage)))
        if restMinutes > 0 { steps.append(.rest(for: restMinutes * 60)) }
        return try Experiment(steps, cycles: cycles)
    }
}

public enum ExperimentError: Error, CustomStringConvertible, Equatable {
    case invalidStep(text: String, reason: String)
    case invalidCycleCount(Int)
    case empty

    public static let validExamples = [
        "Discharge at 0.5C until 2.5 V",
        "Charge at 0.2 mA/cm2 until 3.8 V",
        "Hold at 3.8 V until C/20",
        "Rest for 10 minutes",
        "Discharge at 1 mA for 2 hours or until 2.5 V",
        "Charge at C/10 for 5 hours or until 4.3 V",
        "Discharge at 5 mW/cm2 until 2.8 V",
        "Charge at 0.1 mA/cm2 until 0.5 mAh/cm2",
    ]

    public var description: String {
        switch self {
        case let .invalidStep(text, reason):
            return "cannot read step \"\(text)\": \(reason). Valid steps look like: "
                + Self.validExamples.map { "\"\($0)\"" }.joined(separator: ", ")
        case .invalidCycleCount(let n): return "the number of cycles must be at least 1, got \(n)"
        case .empty: return "an experiment needs at least one step"
        }
    }
}
