import Foundation

/// The 95 % band of a cycling run (`simulate`, the runs of a `run` scenario; DOMAIN B §9): the discharge capacity
/// of every cycle, from the electrolyte's ``ParameterUncertainty``. A band of the twin's prediction: it carries no
/// measurement scatter.
public enum SimulationBands {
    /// `design` with the electrolyte `e`, the study's electrode parameters re-applied onto the shipped cathode
    /// `baseCathode` (so a perturbed electrode key reaches the cell). A cell on its study's loading (the reference
    /// cell's, an assumption with a prior, ``AssumedInputPriors``) takes `e`'s loading, so a perturbed loading reaches it
    /// too; a loading the user gave stays.
    public static func design(_ design: CellDesign, baseCathode: Cathode, electrolyte e: Electrolyte) -> CellDesign {
        var loading = design.cathodeLoading_kg_m2
        if let study = design.electrolyte.referenceCell.cathodeLoading_kg_m2, let moved = e.referenceCell.cathodeLoading_kg_m2,
           abs(loading - study) <= 1e-12 * study, moved > 0 {
            loading = moved
        }
        return CellDesign(cathode: baseCathode, electrolyte: e, anode: design.anode,
                          cathodeLoading_kg_m2: loading, electrodeArea_m2: design.electrodeArea_m2,
                          contactASR_ohm_m2: design.contactASR_ohm_m2, lithiumThickness_m: design.anode.thickness_m,
                          cRateBasis_C_kg: design.cRateBasis_C_kg)
    }

    /// The band of the discharge capacity (mAh/g) of each cycle of `central`, made in ln y (``BandCoordinate/capacity``;
    /// a cycle a perturbed run does not reach is censored). The runs repeat `central`'s experiment without a trace. A
    /// cell without capacity in its first cycle has no band (``BandSet/noCapacityMethod``).
    public static func compute(_ central: Solution, baseCathode: Cathode, options: SimulationOptions,
                               uncertainty u: ParameterUncertainty, band: BandOptions) throws -> BandSet {
        guard let experiment = central.experiment else { throw ExperimentError.empty }
        var runOptions = options
        runOptions.recordTrace = false
        let base = central.design, temperature_C = central.temperature_C, count = central.cycles.count
        let finalOptions = runOptions
        let outputs: @Sendable (Solution) -> [Double] = { s in
            (0..<count).map { i in
                i < s.cycles.count ? BandCoordinate.capacity.forward(max(0, s.design.mAh_g(s.cycles[i].dischargeCapacity_C_m2))) : .infinity
            }
        }
        let nominal = central.cycles.map { central.design.mAh_g($0.dischargeCapacity_C_m2) }
        guard let first = nominal.first, first > 0 else {
            return BandSet.unbanded(nominal, method: BandSet.noCapacityMethod, seed: band.seed)
        }
        // A perturbed cell whose simulation fails (no current holds a step's rate) reaches no cycle: censored.
        let evaluate: @Sendable ([Double]) throws -> [Double] = { z in
            let d = design(base, baseCathode: baseCathode, electrolyte: u.electrolyte(base.electrolyte, offset: z))
            guard let s = try? Simulator(design: d, temperature_C: temperature_C, options: finalOptions).run(experiment) else {
                return [Double](repeating: .infinity, count: count)
            }
            return outputs(s)
        }
        var b = band
        if b.method == .auto, central.status.isShortCircuit { b.method = .sampled }
        let y0 = try evaluate([Double](repeating: 0, count: u.count))
        var set = try BandEstimator.run(u, options: b, central: y0, evaluate: evaluate)
        let ceiling = BandCoordinate.capacityCeiling_mAh_g(base.cathode, uncertainty: u, level: band.level)
        for i in set.bands.indices { set.bands[i] = BandCoordinate.capped(BandCoordinate.capacity.fromCoordinate(set.bands[i]), ceiling: ceiling) }
        return set
    }

    /// Writes the band into the record: each cycle's `discharge_capacity_mAh_g_low` / `_high`, the method and a
    /// note (runs, seed, time, and where the run lies against the twin's calibrated range, ``RangeVerdict``, with the
    /// first cycle's capacity band when it is wider than ±5 %), and the verdict's `calibrated_range` and
    /// `extrapolation_reason`.
    public static func apply(_ set: BandSet, uncertainty u: ParameterUncertainty, verdict: RangeVerdict? = nil, to r: inout RunRecord) {
        r.band_method = set.method
        r.calibrated_range = verdict?.label
        r.extrapolation_reason = verdict?.reason
        guard set.isBanded else {
            r.band_note = "no band: the cell delivers no capacity at its nominal parameters (a band needs a positive capacity)"
            return
        }
        var note = String(format: "95 %% band, %@ (%d runs, seed %llu, %.1f s) over %d parameters", set.method, set.runs, set.seed,
                          set.elapsed_s, u.count)
        if let first = set.bands.first, let x = LifeBands.rangeNote(first, verdict: verdict) { note += "; " + x }
        r.band_note = note
        // Made in ln y, the band moves onto the record's value as a ratio (and stays ≥ 0).
        for i in r.cycles.indices where i < set.bands.count {
            let b = set.bands[i], q = r.cycles[i].discharge_capacity_mAh_g
            let ratio = b.value > 0 && q > 0 ? q / b.value : 1
            r.cycles[i].discharge_capacity_mAh_g_low = b.low.isFinite ? max(0, b.low * ratio) : nil
            r.cycles[i].discharge_capacity_mAh_g_high = b.high.isFinite ? b.high * ratio : nil
        }
    }
}
