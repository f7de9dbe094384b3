import Foundation

/// The 95 % band of a lifetime run (DOMAIN B §9): cycles to the threshold, the first discharge capacity and the
/// retention at each reported cycle, from the electrolyte's ``ParameterUncertainty``.
public struct LifeBand: Sendable {
    public var set: BandSet
    /// Cycles to the threshold (+∞: a run that does not reach it within the maximum cycles).
    public var cyclesToThreshold: PredictionBand
    public var initialCapacity_mAh_g: PredictionBand
    /// Retention (fraction) at the central run's cycles.
    public var retention: [PredictionBand]
    /// Text for reports: method, runs, seed, time, and where the prediction lies against the twin's calibrated range
    /// (``RangeVerdict/text(capacity:)``: a capacity band wider than ±5 % names its driving parameter).
    public var note: String
    /// Where the run lies against the twin's calibrated range (nil: not checked).
    public var verdict: RangeVerdict? = nil
}

public enum LifeBands {
    /// The capacity tolerance a capacity band is informative within (half-width over the value): inside the calibrated
    /// range (``CalibratedRange``) the twins reproduce capacities within their 5 % tolerance, and a band wider than this
    /// is reported with the parameter that drives it.
    public static let informativeCapacityHalfWidth = 0.05
    /// Cycles per skipped block of the band's runs.
    public static let bandFixedBlock = 20
    /// The coordinate a retention is banded in (a fraction: logit y).
    public static let retentionCoordinate = BandCoordinate.logit

    /// Runs the band. `baseCathode` is the shipped cathode (the study's electrode parameters are re-applied from each
    /// perturbed electrolyte); the runs skip the loss attribution.
    public static func compute(design: CellDesign, baseCathode: Cathode, temperature_C: Double, options: LifeOptions,
                               experiment: Experiment, central: LifeResult, uncertainty u: ParameterUncertainty,
                               band: BandOptions, verdict: RangeVerdict? = nil) throws -> LifeBand {
        let record = LifeRecord(central)
        let cycles = record.cycles.map(\.cycle)
        // A cell that delivers no capacity at its nominal parameters has no band (``BandSet/noCapacityMethod``).
        guard record.initial_discharge_capacity_mAh_g > 0 else {
            var b = unbanded(record, at: cycles, seed: band.seed)
            b.verdict = verdict
            return b
        }
        var runOptions = options
        runOptions.attribution = false
        // The band's runs skip cycles on a fixed schedule (smooth in the parameters, what fits use); the band is then
        // moved onto the reported run: low = value + (low' − value'), value' the fixed-schedule run at the centre
        // (for a retention in its logit coordinate, so the moved band stays inside (0, 1)).
        if !options.exact, options.fixedBlock == nil { runOptions.fixedBlock = bandFixedBlock }
        // The capacity in ln y, retentions in logit y (``BandCoordinate``): a linearised band then stays above 0 and
        // inside (0, 1).
        let outputs: @Sendable (LifeRecord) -> [Double] = { r in
            [r.cycles_to_threshold.map(Double.init) ?? .infinity, BandCoordinate.capacity.forward(r.initial_discharge_capacity_mAh_g)]
                + retentions(r, at: cycles).map(retentionCoordinate.forward)
        }
        let finalOptions = runOptions
        let evaluate: @Sendable ([Double]) throws -> [Double] = { z in
            let d = SimulationBands.design(design, baseCathode: baseCathode, electrolyte: u.electrolyte(design.electrolyte, offset: z))
            // A perturbed cell whose simulation fails (no current holds a step's rate) reaches no outcome: censored.
            guard let life = try? LifeSimulator(design: d, temperature_C: temperature_C, options: finalOptions),
                  let r = try? life.run(experiment) else { return [Double](repeating: .nan, count: 2 + cycles.count) }
            return outputs(LifeRecord(r))
        }
        var b = band
        // A run that ends in a short is a threshold the linearisation cannot follow (DOMAIN B §9).
        if b.method == .auto, central.end.isShortCircuit { b.method = .sampled }
        let y0 = outputs(record)
        let shifted = runOptions.fixedBlock != options.fixedBlock
        let c0 = shifted ? try evaluate([Double](repeating: 0, count: u.count)) : y0
        // Cycles to the threshold (output 0) is a threshold crossing: sampled when the centre reaches it (DOMAIN B §9).
        var set = try BandEstimator.run(u, options: b, central: c0, thresholds: [0], evaluate: evaluate)
        if shifted {
            set.runs += 1
            for i in set.bands.indices {
                var x = set.bands[i]
                let d = y0[i] - c0[i]
                x.value = y0[i]
                if d.isFinite {
                    x.low += d
                    x.high += d
                } else {
                    x.low = min(x.low, y0[i])
                    x.high = max(x.high, y0[i])
                }
                set.bands[i] = x
            }
        }
        // The capacity band back from ln y, retention bands from logit y, about the reported run's values.
        set.bands[1] = BandCoordinate.capped(BandCoordinate.capacity.fromCoordinate(set.bands[1], value: record.initial_discharge_capacity_mAh_g),
                                             ceiling: BandCoordinate.capacityCeiling_mAh_g(design.cathode, uncertainty: u, level: band.level))
        let reported = retentions(record, at: cycles)
        for (k, y) in reported.enumerated() {
            set.bands[2 + k] = retentionCoordinate.fromCoordinate(set.bands[2 + k], value: y)
        }
        let capacity = set.bands[1]
        var note = String(format: "%g %% band, %@ (%d runs, seed %llu, %.1f s) over %d parameters (%d fitted, %d priors)",
                          band.level * 100, set.method, set.runs, set.seed, set.elapsed_s, u.count,
                          u.parameters.filter { $0.origin == .fit }.count, u.parameters.filter { $0.origin == .prior }.count)
        if !u.undetermined.isEmpty { note += "; not determined by the data, held at their values: " + u.undetermined.joined(separator: ", ") }
        if let x = rangeNote(capacity, verdict: verdict) { note += "; " + x }
        return LifeBand(set: set, cyclesToThreshold: set.bands[0], initialCapacity_mAh_g: capacity,
                        retention: Array(set.bands.dropFirst(2)), note: note, verdict: verdict)
    }

    /// The band of a run without capacity: none, its values as they are (``BandSet/noCapacityMethod``).
    static func unbanded(_ record: LifeRecord, at cycles: [Int], seed: UInt64) -> LifeBand {
        let c = record.cycles_to_threshold.map(Double.init) ?? .infinity
        let set = BandSet.unbanded([c, record.initial_discharge_capacity_mAh_g] + retentions(record, at: cycles),
                                   method: BandSet.noCapacityMethod, seed: seed)
        return LifeBand(set: set, cyclesToThreshold: set.bands[0], initialCapacity_mAh_g: set.bands[1],
                        retention: Array(set.bands.dropFirst(2)),
                        note: "no band: the cell delivers no capacity at its nominal parameters (a band needs a positive capacity)")
    }

    /// "the capacity band is ±7.3 % (over 5 %), driven by electrodes.LFP.diffusion_time_s", or nil inside the
    /// informative width.
    public static func wideCapacity(_ capacity: PredictionBand) -> String? {
        guard capacity.value.isFinite, capacity.value > 0, capacity.relativeHalfWidth > informativeCapacityHalfWidth else { return nil }
        // Rounded up to the tenth of a percent, so that a band just over the width does not read as "±5.0 % (over 5 %)".
        return String(format: "the capacity band is ±%.1f %% (over %g %%), driven by %@",
                      (capacity.relativeHalfWidth * 1000 - 1e-9).rounded(.up) / 10, informativeCapacityHalfWidth * 100, capacity.driver ?? "–")
    }

    /// What a report says of a capacity band: the verdict's text (``RangeVerdict/text(capacity:)``); without a checked
    /// range, only a band wider than the informative width, with its driver.
    public static func rangeNote(_ capacity: PredictionBand, verdict: RangeVerdict?) -> String? {
        verdict.map { $0.text(capacity: capacity) } ?? wideCapacity(capacity)
    }

    /// Retention at the given cycles, linear between the run's cycles; after the run's last cycle (it ended at the
    /// threshold or in a short) the last value is held.
    static func retentions(_ r: LifeRecord, at cycles: [Int]) -> [Double] {
        let xs = r.cycles.map { Double($0.cycle) }, ys = r.cycles.map(\.retention)
        guard let last = ys.last else { return cycles.map { _ in .nan } }
        var j = 0
        return cycles.map { c in
            let x = Double(c)
            if x >= xs[xs.count - 1] { return last }
            if x <= xs[0] { return ys[0] }
            while j + 1 < xs.count, xs[j + 1] < x { j += 1 }
            while j > 0, xs[j] > x { j -= 1 }
            let t = (x - xs[j]) / (xs[j + 1] - xs[j])
            return ys[j] + t * (ys[j + 1] - ys[j])
        }
    }

    static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

    /// Writes the band into the record's `*_low` / `*_high` fields.
    public static func apply(_ b: LifeBand, to r: inout LifeRecord) {
        r.band_method = b.set.method
        r.band_note = b.note
        r.band_seed = b.set.seed
        r.calibrated_range = b.verdict?.label
        r.extrapolation_reason = b.verdict?.reason
        guard b.set.isBanded else { return }
        let c = b.cyclesToThreshold
        r.cycles_to_threshold_low = c.low.isFinite ? Int(c.low.rounded(.down)) : nil
        r.cycles_to_threshold_high = c.high.isFinite ? Int(c.high.rounded(.up)) : nil
        r.cycles_to_threshold_censored = !c.high.isFinite
        r.cycles_to_threshold_driver = c.driver
        // Made in ln y, a capacity band does not reach below zero (a band made in y read −15 mAh/g for a cold cell).
        r.initial_discharge_capacity_mAh_g_low = finite(max(0, b.initialCapacity_mAh_g.low))
        r.initial_discharge_capacity_mAh_g_high = finite(b.initialCapacity_mAh_g.high)
        r.capacity_driver = b.initialCapacity_mAh_g.driver
        for i in r.cycles.indices where i < b.retention.count {
            // Banded in logit y, a retention band lies inside (0, 1); a sampled one from runs that all stay ≥ 0.
            r.cycles[i].retention_low = finite(max(0, b.retention[i].low))
            r.cycles[i].retention_high = finite(b.retention[i].high)
        }
    }
}
