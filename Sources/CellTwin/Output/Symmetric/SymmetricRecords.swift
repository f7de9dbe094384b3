import Foundation

// Lab-unit, JSON-stable views of the symmetric-cell results (keys are the command line's JSON).
// Keys whose value may be missing are written as null (``Nullable``), never left out.

/// One overpotential checkpoint: |V| at the end of a half-cycle and the mean over it.
public struct OverpotentialPoint: Codable, Sendable, Equatable {
    public var time_h: Double
    /// |V| at the end of the half-cycle, V.
    public var value: Double
    /// Mean V over the half-cycle in the current's direction, V.
    public var mean_V: Double
    public var half_cycle: Int
}

/// `celltwin symmetric --format json`.
public struct PlatingStrippingRecord: Encodable, Sendable {
    public var electrolyte: String
    public var temperature_C: Double
    public var current_mA_cm2: Double
    public var capacity_mAh_cm2: Double
    public var half_cycle_h: Double
    public var requested_h: Double
    public var simulated_h: Double
    public var half_cycles: Int
    public var overpotential_V: [OverpotentialPoint]
    @Nullable public var time_to_short_h: Double?
    public var end_reason: String
    /// ASR_SEI of electrode 1 and 2 at the end, Ω cm².
    public var final_interphase_asr_ohm_cm2: [Double]
    public var final_damage: Double
    /// The event that ended the test (nil: it ran its time); not written, `end_reason` is its text.
    public var endEvent: CellEvent?

    enum CodingKeys: String, CodingKey {
        case electrolyte, temperature_C, current_mA_cm2, capacity_mAh_cm2, half_cycle_h, requested_h, simulated_h,
             half_cycles, overpotential_V, time_to_short_h, end_reason, final_interphase_asr_ohm_cm2, final_damage
    }

    /// - Parameter checkpoints: at most this many half-cycles in `overpotential_V`, evenly spread, the
    ///   first and the last always included.
    public init(_ r: PlatingStrippingResult, checkpoints: Int = 100) {
        electrolyte = r.electrolyteID
        temperature_C = r.temperature_C
        current_mA_cm2 = Units.mA_cm2(A_m2: r.test.current_A_m2)
        capacity_mAh_cm2 = Units.mAh_cm2(C_m2: r.test.capacityPerHalfCycle_C_m2)
        half_cycle_h = r.test.halfCycle_s / 3600
        requested_h = r.test.duration_s / 3600
        simulated_h = r.end_s / 3600
        half_cycles = r.halfCycles.count
        overpotential_V = SymmetricReport.checkpoints(r.halfCycles, count: checkpoints).map(OverpotentialPoint.init)
        time_to_short_h = r.timeToShort_s.map { $0 / 3600 }
        end_reason = r.endReason
        endEvent = r.event
        let last = r.halfCycles.last
        final_interphase_asr_ohm_cm2 = [last?.interphaseASR1_ohm_m2 ?? 0, last?.interphaseASR2_ohm_m2 ?? 0]
            .map { Units.ohm_cm2(ohm_m2: $0) }
        final_damage = last?.damage ?? 0
    }
}

extension OverpotentialPoint {
    init(_ h: HalfCycle) {
        self.init(time_h: h.end_s / 3600, value: h.overpotential_V, mean_V: h.meanOverpotential_V, half_cycle: h.index)
    }
}

/// `celltwin polarize --format json`.
public struct BruceVincentRecord: Encodable, Sendable {
    public var electrolyte: String
    public var temperature_C: Double
    public var dv_V: Double
    public var electrode_area_cm2: Double
    public var I0_A: Double
    public var Iss_A: Double
    public var R0_ohm: Double
    public var Rss_ohm: Double
    public var t_plus: Double
    public var I0_mA_cm2: Double
    public var Iss_mA_cm2: Double
    public var R0_ohm_cm2: Double
    public var Rss_ohm_cm2: Double
    public var bulk_asr_ohm_cm2: Double
    public var model_t_plus: Double
    @Nullable public var diffusion_time_h: Double?
    public var duration_h: Double
    public var steady_residual: Double

    public init(_ r: BruceVincentResult) {
        electrolyte = r.electrolyteID
        temperature_C = r.temperature_C
        dv_V = r.stepVoltage_V
        electrode_area_cm2 = r.electrodeArea_m2 * 1e4
        I0_A = r.initialCurrent_A
        Iss_A = r.steadyCurrent_A
        R0_ohm = r.initialResistance_ohm
        Rss_ohm = r.steadyResistance_ohm
        t_plus = r.transferenceNumber
        I0_mA_cm2 = Units.mA_cm2(A_m2: r.initialCurrent_A_m2)
        Iss_mA_cm2 = Units.mA_cm2(A_m2: r.steadyCurrent_A_m2)
        R0_ohm_cm2 = Units.ohm_cm2(ohm_m2: r.initialInterfacialASR_ohm_m2)
        Rss_ohm_cm2 = Units.ohm_cm2(ohm_m2: r.steadyInterfacialASR_ohm_m2)
        bulk_asr_ohm_cm2 = Units.ohm_cm2(ohm_m2: r.bulkASR_ohm_m2)
        model_t_plus = r.modelTransferenceNumber
        diffusion_time_h = r.diffusionTime_s.isFinite ? r.diffusionTime_s / 3600 : nil
        duration_h = r.duration_s / 3600
        steady_residual = r.steadyResidual
    }
}

/// One step of `celltwin ccd --format json`.
public struct CriticalCurrentStepRecord: Encodable, Sendable {
    public var current_mA_cm2: Double
    public var overpotential_V: Double
    public var mean_overpotential_V: Double
    public var passed: Bool
    @Nullable public var failure_reason: String?
    /// Semi-infinite Sand's time t_s(J), h (null for a single-ion electrolyte).
    @Nullable public var sand_time_h: Double?
    public var half_cycle_h: Double
    public var damage: Double

    init(_ s: CriticalCurrentStep) {
        current_mA_cm2 = Units.mA_cm2(A_m2: s.current_A_m2)
        overpotential_V = s.overpotential_V
        mean_overpotential_V = s.meanOverpotential_V
        passed = s.passed
        failure_reason = s.event?.reason
        sand_time_h = s.sandTime_s.isFinite ? s.sandTime_s / 3600 : nil
        half_cycle_h = s.halfCycle_s / 3600
        damage = s.damage
    }
}

/// `celltwin ccd --format json`.
public struct CriticalCurrentRecord: Encodable, Sendable {
    public var electrolyte: String
    public var temperature_C: Double
    public var capacity_mAh_cm2: Double
    public var cycles_per_step: Int
    @Nullable public var critical_current_density_mA_cm2: Double?
    @Nullable public var failure_reason: String?
    /// The damage law's critical current J_c (mA/cm²) and the criterion that set it: "measured", "transport" or
    /// "interface"; the transport (limiting current) and interface (κ·J_strip,c) candidates, the interface's critical
    /// stripping current J_strip,c and the Sand current of one half-cycle (null where infinite).
    public var law_critical_current_mA_cm2: Double
    public var law_criterion: String
    @Nullable public var transport_limit_mA_cm2: Double?
    @Nullable public var interface_limit_mA_cm2: Double?
    @Nullable public var stripping_current_mA_cm2: Double?
    @Nullable public var sand_current_mA_cm2: Double?
    public var steps: [CriticalCurrentStepRecord]

    public init(_ r: CriticalCurrentResult) {
        electrolyte = r.electrolyteID
        temperature_C = r.temperature_C
        capacity_mAh_cm2 = Units.mAh_cm2(C_m2: r.test.capacityPerHalfCycle_C_m2)
        cycles_per_step = r.test.cyclesPerStep
        critical_current_density_mA_cm2 = r.criticalCurrent_A_m2.map { Units.mA_cm2(A_m2: $0) }
        failure_reason = r.failureReason
        law_critical_current_mA_cm2 = Units.mA_cm2(A_m2: r.criteria.current_A_m2)
        law_criterion = r.criteria.criterion.rawValue
        func finite(_ x: Double?) -> Double? { x.flatMap { $0.isFinite ? Units.mA_cm2(A_m2: $0) : nil } }
        transport_limit_mA_cm2 = finite(r.criteria.candidates[.transport])
        interface_limit_mA_cm2 = finite(r.criteria.candidates[.interface])
        stripping_current_mA_cm2 = finite(r.criteria.strippingCurrent_A_m2)
        sand_current_mA_cm2 = finite(r.sandCurrent_A_m2)
        steps = r.steps.map(CriticalCurrentStepRecord.init)
    }
}
