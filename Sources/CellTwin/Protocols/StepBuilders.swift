import Foundation

/// Steps built as values (`Step.charge(.cRate(0.5), until: .voltage(3.8))`) rather than formatted and parsed back;
/// their ``Step/text`` is the display rendering of ``StepText``, which ``StepParser`` reads back to the same step.
extension Step {
    /// A charge at `drive` (a magnitude) until the first of `terminations`.
    public static func charge(_ drive: StepDrive, until terminations: Termination...) -> Step {
        built(.charge, drive, terminations)
    }

    /// A discharge at `drive` (a magnitude) until the first of `terminations`.
    public static func discharge(_ drive: StepDrive, until terminations: Termination...) -> Step {
        built(.discharge, drive, terminations)
    }

    /// A hold at `voltage_V` until the first of `terminations` (a current cut-off, a duration).
    public static func hold(voltage_V: Double, until terminations: Termination...) -> Step {
        built(.hold, .voltage(voltage_V), terminations)
    }

    /// Open circuit for `duration_s` seconds.
    public static func rest(for duration_s: Double) -> Step {
        built(.rest, .rest, [.duration(duration_s)])
    }

    private static func built(_ kind: StepKind, _ drive: StepDrive, _ terminations: [Termination]) -> Step {
        Step(kind: kind, drive: drive, terminations: terminations,
             text: StepText.render(kind: kind, drive: drive, terminations: terminations))
    }
}

extension Experiment {
    /// One block of `steps` repeated `cycles` times.
    public init(_ steps: [Step], cycles: Int = 1) throws {
        guard cycles >= 1 else { throw ExperimentError.invalidCycleCount(cycles) }
        guard !steps.isEmpty else { throw ExperimentError.empty }
        blocks = [ExperimentBlock(steps: steps, repeatCount: cycles)]
    }

    /// Constant-current cycling: charge at `chargeRate` to `maximumVoltage`, discharge at `dischargeRate` to
    /// `minimumVoltage` (C-rates and volts), `cycles` times.
    public static func ccCycle(chargeRate: Double, dischargeRate: Double, minimumVoltage: Double, maximumVoltage: Double,
                               cycles: Int = 1) throws -> Experiment {
        try Experiment([.charge(.cRate(chargeRate), until: .voltage(maximumVoltage)),
                               .discharge(.cRate(dischargeRate), until: .voltage(minimumVoltage))], cycles: cycles)
    }
}
