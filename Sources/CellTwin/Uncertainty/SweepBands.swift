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
    /// The extrapolation warning naming the driving parameter, when the capacity band is wider than
    /// ``LifeBands/informativeCapacityHalfWidth``.
    public var extrapolation: String?

    /// Whether the point has a band (not a point without capacity, ``BandSet/noCapacityMethod``).
    public var isBanded: Bool { !method.hasPrefix("none") }
}

public enum SweepBands {
    /// The bands of the simulated points of `records` (points outside the range or failed get none), one point
    /// after the other with each band's runs in parallel (`band.workers`). `uncertainties` by electrolyte ID.
    public static func compute(_ records: [SweepRecord], spec: SweepSpec, materials: SweepMaterials,
                               uncertainties: [String: ParameterUncertainty], band: BandOptions) throws -> [SweepRecord] {
        var out = records
        for (i, r) in records.enumerated() where [SweepOutcome.completed, .short, .noCapacity].contains(r.outcome) {
            let point = spec.point(r.point)
            guard let u = uncertainties[point.electrolyte], let base = materials.electrolytes[point.electrolyte] else { continue }
            // A point without capacity at its nominal parameters has no band (``BandSet/noCapacityMethod``).
            guard let q = r.firstDischargeCapacity_mAh_g, q > 0, r.outcome != .noCapacity else {
                out[i].band = unbanded(r)
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
        }
        return out
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
                               cyclesTo80: set.bands[2], method: set.method, extrapolation: nil)
        b.capacity_mAh_g.low = max(0, b.capacity_mAh_g.low)
        b.extrapolation = LifeBands.extrapolation(b.capacity_mAh_g)
        return b
    }

    /// The "band" of a point without capacity: its values, method ``BandSet/noCapacityMethod``.
    static func unbanded(_ r: SweepRecord) -> SweepPointBand {
        let set = BandSet.unbanded([r.firstDischargeCapacity_mAh_g ?? 0, r.finalRetention ?? .nan, r.cyclesTo80.map(Double.init) ?? .infinity],
                                   method: BandSet.noCapacityMethod, seed: 0)
        return SweepPointBand(capacity_mAh_g: set.bands[0], finalRetention: set.bands[1], cyclesTo80: set.bands[2],
                              method: set.method, extrapolation: nil)
    }

}
