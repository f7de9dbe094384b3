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
            out[i].band = pointBand(set, finalRetention: r.finalRetention)
        }
        return out
    }

    /// Capacity, final retention (in its logit coordinate, ``LifeBands/retentionCoordinate``) and cycles to 80 % of a
    /// record; a missing value is +∞ (a threshold not reached, a run that failed).
    static func outputs(_ r: SweepRecord) -> [Double] {
        [r.firstDischargeCapacity_mAh_g ?? .nan, r.finalRetention.map(LifeBands.retentionCoordinate.forward) ?? .nan,
         r.cyclesTo80.map(Double.init) ?? .infinity]
    }

    /// The point's bands, the final retention's back from logit y about the point's own `finalRetention`.
    static func pointBand(_ set: BandSet, finalRetention: Double?) -> SweepPointBand {
        var b = SweepPointBand(capacity_mAh_g: set.bands[0],
                               finalRetention: LifeBands.retentionCoordinate.fromCoordinate(set.bands[1], value: finalRetention),
                               cyclesTo80: set.bands[2], method: set.method, extrapolation: nil)
        // A capacity band does not reach below zero (as a cycling run's, ``SimulationBands``).
        b.capacity_mAh_g.low = max(0, b.capacity_mAh_g.low)
        b.extrapolation = LifeBands.extrapolation(b.capacity_mAh_g)
        return b
    }

}
