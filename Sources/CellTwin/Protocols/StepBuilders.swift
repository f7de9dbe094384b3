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

    /// Throws ``ExperimentError/invalidStep(text:reason:)`` for a C-rate outside ``InputLimit/cRate`` or a magnitude
    /// that is not a positive finite number.
    func checkBuiltLimits() throws {
        func fail(_ reason: String) -> ExperimentError { .invalidStep(text: text, reason: reason) }
        switch drive {
        case .cRate(let c): if let p = InputLimit.cRate.problem(c) { throw fail(p) }
        case .currentDensity(let x), .current(let x), .power(let x), .powerDensity(let x):
            guard x.isFinite, x > 0 else { throw fail("the drive must be a positive finite number, got \(x)") }
        case .voltage(let v): guard v.isFinite else { throw fail("the voltage must be finite, got \(v)") }
        case .rest: break
        }
        for t in terminations {
            if case .cRate(let c) = t, let p = InputLimit.cRate.problem(c) { throw fail("cut-off: \(p)") }
            if case .duration(let d) = t, !(d.isFinite && d > 0) { throw fail("the duration must be positive, got \(d) s") }
        }
    }

    private static func built(_ kind: StepKind, _ drive: StepDrive, _ terminations: [Termination]) -> Step {
        Step(kind: kind, drive: drive, terminations: terminations,
             text: StepText.render(kind: kind, drive: drive, terminations: terminations))
    }
}

extension Experiment {
    /// One block of `steps` repeated `cycles` times.
    /// Built steps meet the limits the parser applies to written ones: C-rates (drives and cut-offs) inside
    /// ``InputLimit/cRate``, durations and other magnitudes positive and finite.
    public init(_ steps: [Step], cycles: Int = 1) throws {
        guard cycles >= 1 else { throw ExperimentError.invalidCycleCount(cycles) }
        guard !steps.isEmpty else { throw ExperimentError.empty }
        for step in steps { try step.checkBuiltLimits() }
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
