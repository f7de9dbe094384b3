import Foundation

/// Li|E|Li interface resistance (Ω, both interfaces, the study's electrode area; or Ω cm² for rows in ohm cm2),
/// fresh, after `time_h` of storage or after N galvanostatic Li|Li cycles; residual ln(R_model/R)/ln 1.2, validated
/// within 20 %.
///
/// The cycling behind an "after N cycles" row is the row's current and areal capacity, else the set-up's
/// `symmetric_current_mA_cm2` and `symmetric_capacity_mAh_cm2`, else the protocol of the same study's own Li|Li
/// cycling rows of that electrolyte at that temperature when they all state one (the impedance after N cycles is
/// measured on such a cell); the point says which.
public struct InterfaceResistanceObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .interfaceResistance }
    public var toleranceText: String { "20 % (log)" }
    public var isSimulated: Bool { false }

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "interface_resistance" else { return nil }
        guard o.row.unit == "ohm" || o.row.unit == "ohm cm2", o.value > 0 else {
            return o.no("\(o.row.quantity) (\(o.row.unit)) is not a resistance in ohm")
        }
        var offered = o, note: String?
        if let n = o.row.cycle, n > 0 {
            let currentKnown = o.row.current_mA_cm2 != nil || o.setup.symmetricCurrent_A_m2 != nil
            let capacityKnown = o.row.arealCapacity_mAh_cm2 != nil || o.setup.symmetricCapacity_C_m2 != nil
            if !(currentKnown && capacityKnown) {
                guard let study = Self.studyProtocol(o) else {
                    return o.no("interface resistance after \(n) Li|Li cycles: the cycling behind it is not given (put current_mA_cm2 "
                                + "and areal_capacity_mAh_cm2 in the row, or symmetric_current_mA_cm2 and symmetric_capacity_mAh_cm2 "
                                + "in [assumptions])")
                }
                offered.row.current_mA_cm2 = study.current_mA_cm2
                offered.row.arealCapacity_mAh_cm2 = study.capacity_mAh_cm2
                note = String(format: "Li|Li cycling at %g mA/cm², %g mAh/cm² per half-cycle, as the study's own Li|Li rows (%@)",
                              study.current_mA_cm2, study.capacity_mAh_cm2, study.lines)
            }
        }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        var result = offered.point(kind, o.value, o.row.unit, o.temperature_C, by: self)
        if case .success(var p) = result {
            p.protocolNote = note
            result = .success(p)
        }
        return result
    }

    /// The one (current, capacity per half-cycle) that every Li|Li cycling row of the row's study, electrolyte and
    /// temperature states (nil: none, or more than one).
    static func studyProtocol(_ o: ObservationRow) -> (current_mA_cm2: Double, capacity_mAh_cm2: Double, lines: String)? {
        let kinds: Set<String> = ["symmetric_short", "symmetric_stable", "symmetric_polarization"]
        let rows = o.table.filter { r in
            r.source == o.row.source && r.electrolyte == o.row.electrolyte && kinds.contains(r.kind)
                && r.temperature_C == o.row.temperature_C && r.unit != "mA/cm2"   // not a step test
        }
        let pairs = rows.compactMap { r -> [Double]? in
            guard let j = r.current_mA_cm2, let q = r.arealCapacity_mAh_cm2, j > 0, q > 0 else { return nil }
            return [j, q]
        }
        guard let first = pairs.first, pairs.count == rows.count, pairs.allSatisfy({ $0 == first }) else { return nil }
        return (first[0], first[1], rows.map(\.location).joined(separator: ", "))
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        var current_A_m2: Double?, capacity_C_m2: Double?
        if let n = p.row.cycle, n > 0 {
            current_A_m2 = p.row.current_mA_cm2.map { Units.A_m2(mA_cm2: $0) } ?? model.setup.symmetricCurrent_A_m2
            capacity_C_m2 = p.row.arealCapacity_mAh_cm2.map { Units.C_m2(mAh_cm2: $0) } ?? model.setup.symmetricCapacity_C_m2
        }
        return Self.resistance(p, e, cycles: p.row.cycle ?? 0, current_A_m2: current_A_m2, capacity_C_m2: capacity_C_m2)
    }

    /// Li|E|Li interface resistance (Ω over the study's electrode area, or Ω cm² for rows in ohm cm2): both
    /// interfaces, 2·[RT/(F i₀) + ASR_SEI], the small-signal charge-transfer resistance of the asinh law and the film
    /// grown by the calendar law over the row's storage time and, after N galvanostatic Li|Li cycles at J with q per
    /// half-cycle, by N cycles of ``LithiumLossLaw`` in closed form: each electrode plates q once per cycle of 2q/J,
    /// so ASR_SEI² = ASR₀² + A(T)·[k_cal·(t + 2Nq/J) + k_pl·(J/J_ref)^m·N·q] (DOMAIN A3, A4, B §5.1; the symmetric
    /// twin integrates the same law).
    static func resistance(_ p: FitPoint, _ e: Electrolyte, cycles: Int = 0, current_A_m2: Double? = nil,
                           capacity_C_m2: Double? = nil) -> Double {
        let T = Units.kelvin(celsius: p.temperature_C ?? 25)
        let chargeTransfer_ohm_m2 = Physical.thermalVoltage(T) / e.lithiumExchangeCurrent.value(at: T)
        var t_s = (p.row.time_h ?? 0) * 3600, plated_C_m2 = 0.0, j_A_m2 = 0.0
        if cycles > 0, let j = current_A_m2, let q = capacity_C_m2, j > 0, q > 0 {
            t_s += Double(cycles) * 2 * q / j
            plated_C_m2 = Double(cycles) * q
            j_A_m2 = j
        }
        let law = LithiumLossLaw(aging: e.aging, temperature_K: T)
        let film_ohm_m2 = max(law.interphaseSquared(initial_ohm_m2: e.lithiumInterphaseASR_ohm_m2, time_s: t_s,
                                                    plated_C_m2: plated_C_m2, current_A_m2: j_A_m2), 0).squareRoot()
            * e.lithiumInterphaseFactor(at: T)
        let asr_ohm_m2 = 2 * (chargeTransfer_ohm_m2 + film_ohm_m2)
        return p.unit == "ohm cm2" ? asr_ohm_m2 * 1e4 : asr_ohm_m2 / e.referenceCell.electrodeArea_m2
    }

    public func residual(_ p: FitPoint, model: Double) -> Double { log(model / p.measured) / log(1.2) }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        var c = ObservationComparison.relative(p, predicted, slack: 0.20)
        c.note = p.protocolNote
        return c
    }
}
