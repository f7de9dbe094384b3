import Foundation

/// The 95 % band of one sweep or compare point (DOMAIN B §9): first-cycle capacity, final retention and cycles to
/// 80 %, from the point's electrolyte's ``ParameterUncertainty``. A band of the twin's prediction: it carries no
/// measurement scatter.
public struct SweepPointBand: Sendable, Equatable {
    public var capacity_mAh_g: PredictionBand
    /// Fraction.
    public var finalRetention: PredictionBand
    /// +∞ high end: some runs do not reach 80 % within the cycles run (censored).
    public var cyclesTo80: PredictionBand
    /// "linearised", "sampled" or "linearised, sampled".
    public var method: String
    /// Where the point lies against its twin's calibrated range (nil: not checked).
    public var verdict: RangeVerdict? = nil

    /// What the report says of the point: "inside calibrated range" or "extrapolation: <reason>", with the capacity
    /// band's width and driving parameter when it is wider than ``LifeBands/informativeCapacityHalfWidth``
    /// (``RangeVerdict/text(capacity:)``); without a checked range, only that warning.
    public var rangeNote: String? { isBanded ? LifeBands.rangeNote(capacity_mAh_g, verdict: verdict) : verdict?.text(capacity: nil) }
    /// Whether the note is worth a line under a table: the point is outside its range or its capacity band is wide.
    public var isFlagged: Bool { verdict.map { $0 != .inside } ?? false || (isBanded && LifeBands.wideCapacity(capacity_mAh_g) != nil) }

    /// Whether the point has a band (not a point without capacity, ``BandSet/noCapacityMethod``).
    public var isBanded: Bool { !method.hasPrefix("none") }
}

public enum SweepBands {
    /// The bands of the simulated points of `records` (points outside the range or failed get none), one point
    /// after the other with each band's runs in parallel (`band.workers`). `uncertainties` by electrolyte ID.
    /// `ranges` by electrolyte ID: each point is checked against its twin's calibrated range (``CalibratedRange``) at
    /// its temperature, cathode, charge and discharge rates and the cycles the sweep runs; an electrolyte absent from
    /// `ranges` is not checked, one mapped to nil has no fit set-up (every point is an extrapolation).
    public static func compute(_ records: [SweepRecord], spec: SweepSpec, materials: SweepMaterials,
                               uncertainties: [String: ParameterUncertainty], band: BandOptions,
                               ranges: [String: CalibratedRange?] = [:]) throws -> [SweepRecord] {
        var out = records
        for (i, r) in records.enumerated() where [SweepOutcome.completed, .short, .noCapacity].contains(r.outcome) {
            let point = spec.point(r.point)
            guard let all = uncertainties[point.electrolyte], let base = materials.electrolytes[point.electrolyte] else { continue }
            let u = all.keepingElectrodes(of: [point.cathode])
            let verdict: RangeVerdict? = ranges[point.electrolyte].map { (range: CalibratedRange?) in
                pointVerdict(point, cycles: spec.settings.cycles, range: range)
            }
            // A point without capacity at its nominal parameters has no band (``BandSet/noCapacityMethod``).
            guard let q = r.firstDischargeCapacity_mAh_g, q > 0, r.outcome != .noCapacity else {
                out[i].band = unbanded(r)
                out[i].band?.verdict = verdict
                continue
            }
            let evaluate: @Sendable ([Double]) throws -> [Double] = { z in
                var m = materials
                m.electrolytes[point.electrolyte] = u.electrolyte(base, offset: z)
                return outputs(SweepEvaluation.evaluate(point, spec: spec, materials: m))
            }
            var options = band
            // A run that ends in a short is a threshold the linearisation cannot follow.
            if options.method == .auto, r.outcome == .short { options.method = .sampled }
            // Cycles to 80 % (output 2) is a threshold crossing: sampled when the centre reaches it (DOMAIN B §9).
            let set = try BandEstimator.run(u, options: options, thresholds: [2], evaluate: evaluate)
            // The study's electrode of the point's cathode, whose specific capacity caps the capacity band.
            let ceiling = materials.cathodes[point.cathode].map { c in
                BandCoordinate.capacityCeiling_mAh_g(base.referenceCell.electrodes[c.id]?.applied(to: c) ?? c, uncertainty: u, level: band.level)
            } ?? .infinity
            out[i].band = pointBand(set, capacity: q, finalRetention: r.finalRetention, ceiling: ceiling)
            out[i].band?.verdict = verdict
        }
        return out
    }

    /// The point's place against its twin's range (nil: the twin has no fit set-up).
    static func pointVerdict(_ p: SweepPoint, cycles: Int, range: CalibratedRange?) -> RangeVerdict {
        CalibratedRange.verdict(range, electrolyte: p.electrolyte,
                                at: PredictionCondition(temperature_C: p.temperature_C, cathode: p.cathode, chargeCRates: [p.chargeCRate],
                                                 dischargeCRates: [p.dischargeCRate], cycles: cycles))
    }

    /// Capacity (in ln y, ``BandCoordinate/capacity``; a point without capacity is −∞), final retention (in logit y,
    /// ``LifeBands/retentionCoordinate``) and cycles to 80 % of a record; a missing value is +∞ (a threshold not
    /// reached) or NaN (a run that failed).
    static func outputs(_ r: SweepRecord) -> [Double] {
        [r.firstDischargeCapacity_mAh_g.map { BandCoordinate.capacity.forward(max(0, $0)) } ?? .nan,
         r.finalRetention.map(LifeBands.retentionCoordinate.forward) ?? .nan, r.cyclesTo80.map(Double.init) ?? .infinity]
    }

    /// The point's bands, the capacity's back from ln y and the final retention's from logit y, about the point's own
    /// values.
    static func pointBand(_ set: BandSet, capacity: Double?, finalRetention: Double?, ceiling: Double = .infinity) -> SweepPointBand {
        let q = BandCoordinate.capped(BandCoordinate.capacity.fromCoordinate(set.bands[0], value: capacity), ceiling: ceiling)
        var b = SweepPointBand(capacity_mAh_g: q,
                               finalRetention: LifeBands.retentionCoordinate.fromCoordinate(set.bands[1], value: finalRetention),
                               cyclesTo80: set.bands[2], method: set.method)
        b.capacity_mAh_g.low = max(0, b.capacity_mAh_g.low)
        return b
    }

    /// The "band" of a point without capacity: its values, method ``BandSet/noCapacityMethod``.
    static func unbanded(_ r: SweepRecord) -> SweepPointBand {
        let set = BandSet.unbanded([r.firstDischargeCapacity_mAh_g ?? 0, r.finalRetention ?? .nan, r.cyclesTo80.map(Double.init) ?? .infinity],
                                   method: BandSet.noCapacityMethod, seed: 0)
        return SweepPointBand(capacity_mAh_g: set.bands[0], finalRetention: set.bands[1], cyclesTo80: set.bands[2],
                              method: set.method)
    }

}
