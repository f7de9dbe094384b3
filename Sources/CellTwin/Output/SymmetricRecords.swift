import Foundation

// Lab-unit, JSON-stable views of the symmetric-cell results (keys are the command line's JSON).
// Keys whose value may be missing are written as null, never left out.

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
    public var time_to_short_h: Double?
    public var end_reason: String
    /// ASR_SEI of electrode 1 and 2 at the end, Ω cm².
    public var final_interphase_asr_ohm_cm2: [Double]
    public var final_damage: Double

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
        let last = r.halfCycles.last
        final_interphase_asr_ohm_cm2 = [last?.interphaseASR1_ohm_m2 ?? 0, last?.interphaseASR2_ohm_m2 ?? 0]
            .map { Units.ohm_cm2(ohm_m2: $0) }
        final_damage = last?.damage ?? 0
    }

    enum CodingKeys: String, CodingKey {
        case electrolyte, temperature_C, current_mA_cm2, capacity_mAh_cm2, half_cycle_h, requested_h, simulated_h,
             half_cycles, overpotential_V, time_to_short_h, end_reason, final_interphase_asr_ohm_cm2, final_damage
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(electrolyte, forKey: .electrolyte)
        try c.encode(temperature_C, forKey: .temperature_C)
        try c.encode(current_mA_cm2, forKey: .current_mA_cm2)
        try c.encode(capacity_mAh_cm2, forKey: .capacity_mAh_cm2)
        try c.encode(half_cycle_h, forKey: .half_cycle_h)
        try c.encode(requested_h, forKey: .requested_h)
        try c.encode(simulated_h, forKey: .simulated_h)
        try c.encode(half_cycles, forKey: .half_cycles)
        try c.encode(overpotential_V, forKey: .overpotential_V)
        try c.encode(time_to_short_h, forKey: .time_to_short_h)
        try c.encode(end_reason, forKey: .end_reason)
        try c.encode(final_interphase_asr_ohm_cm2, forKey: .final_interphase_asr_ohm_cm2)
        try c.encode(final_damage, forKey: .final_damage)
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
    public var diffusion_time_h: Double?
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

    enum CodingKeys: String, CodingKey {
        case electrolyte, temperature_C, dv_V, electrode_area_cm2, I0_A, Iss_A, R0_ohm, Rss_ohm, t_plus, I0_mA_cm2,
             Iss_mA_cm2, R0_ohm_cm2, Rss_ohm_cm2, bulk_asr_ohm_cm2, model_t_plus, diffusion_time_h, duration_h,
             steady_residual
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(electrolyte, forKey: .electrolyte)
        try c.encode(temperature_C, forKey: .temperature_C)
        try c.encode(dv_V, forKey: .dv_V)
        try c.encode(electrode_area_cm2, forKey: .electrode_area_cm2)
        try c.encode(I0_A, forKey: .I0_A)
        try c.encode(Iss_A, forKey: .Iss_A)
        try c.encode(R0_ohm, forKey: .R0_ohm)
        try c.encode(Rss_ohm, forKey: .Rss_ohm)
        try c.encode(t_plus, forKey: .t_plus)
        try c.encode(I0_mA_cm2, forKey: .I0_mA_cm2)
        try c.encode(Iss_mA_cm2, forKey: .Iss_mA_cm2)
        try c.encode(R0_ohm_cm2, forKey: .R0_ohm_cm2)
        try c.encode(Rss_ohm_cm2, forKey: .Rss_ohm_cm2)
        try c.encode(bulk_asr_ohm_cm2, forKey: .bulk_asr_ohm_cm2)
        try c.encode(model_t_plus, forKey: .model_t_plus)
        try c.encode(diffusion_time_h, forKey: .diffusion_time_h)
        try c.encode(duration_h, forKey: .duration_h)
        try c.encode(steady_residual, forKey: .steady_residual)
    }
}

/// One step of `celltwin ccd --format json`.
public struct CriticalCurrentStepRecord: Encodable, Sendable {
    public var current_mA_cm2: Double
    public var overpotential_V: Double
    public var mean_overpotential_V: Double
    public var passed: Bool
    public var failure_reason: String?
    /// Semi-infinite Sand's time t_s(J), h (null for a single-ion electrolyte).
    public var sand_time_h: Double?
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

    enum CodingKeys: String, CodingKey {
        case current_mA_cm2, overpotential_V, mean_overpotential_V, passed, failure_reason, sand_time_h, half_cycle_h, damage
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(current_mA_cm2, forKey: .current_mA_cm2)
        try c.encode(overpotential_V, forKey: .overpotential_V)
        try c.encode(mean_overpotential_V, forKey: .mean_overpotential_V)
        try c.encode(passed, forKey: .passed)
        try c.encode(failure_reason, forKey: .failure_reason)
        try c.encode(sand_time_h, forKey: .sand_time_h)
        try c.encode(half_cycle_h, forKey: .half_cycle_h)
        try c.encode(damage, forKey: .damage)
    }
}

/// `celltwin ccd --format json`.
public struct CriticalCurrentRecord: Encodable, Sendable {
    public var electrolyte: String
    public var temperature_C: Double
    public var capacity_mAh_cm2: Double
    public var cycles_per_step: Int
    public var critical_current_density_mA_cm2: Double?
    public var failure_reason: String?
    /// The damage law's critical current J_c (mA/cm²) and the criterion that set it: "measured", "transport" or
    /// "interface"; the transport (limiting current) and interface (κ·J_strip,c) candidates, the interface's critical
    /// stripping current J_strip,c and the Sand current of one half-cycle (null where infinite).
    public var law_critical_current_mA_cm2: Double
    public var law_criterion: String
    public var transport_limit_mA_cm2: Double?
    public var interface_limit_mA_cm2: Double?
    public var stripping_current_mA_cm2: Double?
    public var sand_current_mA_cm2: Double?
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

    enum CodingKeys: String, CodingKey {
        case electrolyte, temperature_C, capacity_mAh_cm2, cycles_per_step, critical_current_density_mA_cm2,
             failure_reason, law_critical_current_mA_cm2, law_criterion, transport_limit_mA_cm2, interface_limit_mA_cm2,
             stripping_current_mA_cm2, sand_current_mA_cm2, steps
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(electrolyte, forKey: .electrolyte)
        try c.encode(temperature_C, forKey: .temperature_C)
        try c.encode(capacity_mAh_cm2, forKey: .capacity_mAh_cm2)
        try c.encode(cycles_per_step, forKey: .cycles_per_step)
        try c.encode(critical_current_density_mA_cm2, forKey: .critical_current_density_mA_cm2)
        try c.encode(failure_reason, forKey: .failure_reason)
        try c.encode(law_critical_current_mA_cm2, forKey: .law_critical_current_mA_cm2)
        try c.encode(law_criterion, forKey: .law_criterion)
        try c.encode(transport_limit_mA_cm2, forKey: .transport_limit_mA_cm2)
        try c.encode(interface_limit_mA_cm2, forKey: .interface_limit_mA_cm2)
        try c.encode(stripping_current_mA_cm2, forKey: .stripping_current_mA_cm2)
        try c.encode(sand_current_mA_cm2, forKey: .sand_current_mA_cm2)
        try c.encode(steps, forKey: .steps)
    }
}
