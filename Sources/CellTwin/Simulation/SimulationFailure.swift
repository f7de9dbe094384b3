import Foundation

/// A run that could not go on, with where and in which state it stopped and what to try: the step text, the cycle,
/// the time, the named states and the cause (an infeasible control, a solver limit after its retry).
public struct SimulationFailure: Error, CustomStringConvertible, Sendable {
    /// "scenario 'Demo' at 30 °C" (set by the caller that knows it).
    public var context: String?
    public var step: String
    public var cycle: Int
    public var time_s: Double
    /// (name with unit, value) of each state.
    public var states: [(name: String, value: Double)]
    public var cause: String
    /// What was tried before giving up (the retry).
    public var tried: String?
    public var hint: String

    public var description: String {
        var s = "simulation failed"
        if let context { s += " (\(context))" }
        s += String(format: " in cycle %d, step \"%@\", at t = %.4g h: %@", cycle, step, time_s / 3600, cause)
        if let tried { s += "; \(tried)" }
        s += ". State: " + states.map { String(format: "%@ = %.6g", $0.name, $0.value) }.joined(separator: ", ")
        return s + ". Try: \(hint)"
    }

    /// The control of a step in words and lab units: "power 2 W", "voltage 4.2 V".
    static func control(_ drive: StepDrive) -> String {
        switch drive {
        case .cRate(let n): return String(format: "C-rate %g", n)
        case .current(let i): return String(format: "current %g mA", i * 1e3)
        case .currentDensity(let j): return String(format: "current density %g mA/cm²", j / 10)
        case .power(let p): return String(format: "power %g W", p)
        case .powerDensity(let p): return String(format: "power density %g mW/cm²", p / 10)
        case .voltage(let v): return String(format: "voltage %g V", v)
        case .rest: return "rest"
        }
    }

    /// What to try for a cause.
    static func hint(for error: Error, step: Step) -> String {
        if case .power = step.drive { return "a lower power, or a voltage limit the cell reaches at this power" }
        if case .powerDensity = step.drive { return "a lower power density, or a voltage limit the cell reaches at this power" }
        if error is ODEError {
            return "a rate within 0.001–50 C, a temperature inside the electrolyte's range, or a shorter step (\"for …\")"
        }
        return "a smaller rate or current, a temperature inside the electrolyte's range, or limits the cell can reach"
    }
}

extension ODEError {
    /// Step-size underflow or the step limit: the failures a tighter control may get past.
    var isStepLimit: Bool {
        switch self {
        case .tooManySteps, .stepTooSmall: return true
        case .tooManyEvents, .budgetExceeded: return false
        }
    }
}

extension FullCellModel {
    /// The state vector by name, in lab units where they help (the order of the layout).
    func namedStates(_ y: UnsafePointer<Double>) -> [(name: String, value: Double)] {
        var s: [(String, Double)] = [("mean stoichiometry x̄", y[iMean])]
        s.append(("surface modes Σu", iModes.reduce(0) { $0 + y[$1] }))
        s.append(("concentration polarization v_d V", concentrationOverpotential(y)))
        s.append(("salt at the Li surface mol/L", lithiumSurfaceSalt(y) / 1000))
        s.append(("charge passed mAh/cm²", y[iCharge] / 3.6e4))
        if agingEnabled {
            s.append(("Li inventory mAh/cm²", y[iLithium] / 3.6e4))
            s.append(("SEI ASR Ω cm²", max(y[iSEISquared], 0).squareRoot() * 1e4))
            s.append(("CEI ASR Ω cm²", y[iCEI] * 1e4))
            s.append(("active material lost", y[iLAM]))
            s.append(("short damage", y[iDamage]))
            s.append(("void fraction", y[iVoid]))
            s.append(("oxidation charge mAh/cm²", y[iOxidation] / 3.6e4))
        }
        return s
    }
}
