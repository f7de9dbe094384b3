import Foundation

/// One executed step.
public struct StepSummary: Sendable, Equatable {
    public var index: Int
    public var text: String
    public var kind: StepKind
    public var duration_s: Double
    /// ∫J dt over the step, C m⁻² (positive on discharge).
    public var charge_C_m2: Double
    /// ∫J·V dt, J m⁻².
    public var energy_J_m2: Double
    public var startVoltage_V: Double
    public var endVoltage_V: Double
    public var end: StepEnd
}

/// Per-cycle figures (one repetition of an experiment block).
public struct CycleSummary: Sendable, Equatable {
    public var cycle: Int
    public var chargeCapacity_C_m2: Double
    public var dischargeCapacity_C_m2: Double
    public var chargeEnergy_J_m2: Double
    public var dischargeEnergy_J_m2: Double
    public var duration_s: Double
    /// How the last step of the charge and of the discharge half-cycle ended (nil: no such half-cycle).
    public var chargeEnd: StepEnd?
    public var dischargeEnd: StepEnd?
    public var steps: [StepSummary]

    /// Discharge over charge capacity (nil without a charge).
    public var coulombicEfficiency: Double? {
        chargeCapacity_C_m2 > 0 ? dischargeCapacity_C_m2 / chargeCapacity_C_m2 : nil
    }
    /// Energy-weighted mean voltages, V.
    public var meanChargeVoltage_V: Double? { chargeCapacity_C_m2 > 0 ? chargeEnergy_J_m2 / chargeCapacity_C_m2 : nil }
    public var meanDischargeVoltage_V: Double? {
        dischargeCapacity_C_m2 > 0 ? dischargeEnergy_J_m2 / dischargeCapacity_C_m2 : nil
    }
    /// Half the gap between mean charge and mean discharge voltage, V.
    public var overpotential_V: Double? {
        guard let c = meanChargeVoltage_V, let d = meanDischargeVoltage_V else { return nil }
        return (c - d) / 2
    }
}

/// Voltage trace sampled at every accepted integration step and at every step boundary.
public struct Trace: Sendable, Equatable {
    public var time_s: [Double] = []
    public var cycle: [Int] = []
    public var step: [Int] = []
    public var voltage_V: [Double] = []
    public var current_A_m2: [Double] = []
    /// Charge passed since the start, C m⁻² (positive on discharge).
    public var charge_C_m2: [Double] = []
    public var meanStoichiometry: [Double] = []
    public var surfaceStoichiometry: [Double] = []
    /// Names of the model's states (``FullCellModel/outputStateNames``), and every state at each sample, row by row
    /// (`states[i * stateNames.count + k]`).
    public var stateNames: [String] = []
    public var states: [Double] = []

    public var count: Int { time_s.count }
}

/// The result of running an experiment on a cell.
public struct Solution: Sendable {
    public var design: CellDesign
    public var temperature_K: Double
    public var cycles: [CycleSummary]
    public var trace: Trace?
    public var status: RunEnd
    public var rhsEvaluations: Int
    public var acceptedSteps: Int
    public var eventLocationRHSEvaluations: Int = 0
    /// The experiment that was run (for what charts and reports say they show).
    public var experiment: Experiment?
    /// Time constant of the cell's slowest electrical mode, s (``FullCellModel/slowestElectricalTime_s``; 0: unknown): what
    /// the retention reference's window reads (``RetentionReference/window(_:slowestTime_s:firstCycleDuration_s:)``).
    public var slowestElectricalTime_s = 0.0

    public var temperature_C: Double { Units.celsius(kelvin: temperature_K) }
    public func mAh_g(_ charge_C_m2: Double) -> Double { design.mAh_g(charge_C_m2) }
}
