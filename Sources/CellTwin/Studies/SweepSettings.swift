import Foundation

/// How each grid point runs: a lifetime run (``LifeSimulator``, the standard CC–CV cycle, cycle skipping on).
public struct SweepSettings: Sendable, Equatable {
    /// Retention whose first crossing is reported as `cycles_to_80`, whatever the stop threshold.
    public static let reportedThreshold = 0.8

    /// Aging cycles per point; with `threshold`, the most a point may run.
    public var cycles = 500
    /// End-of-life retention that stops a point early (0 < threshold ≤ 1; nil: every point runs `cycles`).
    public var threshold: Double?
    /// Numerical settings (aging is switched on by the lifetime runner).
    public var simulation = SimulationOptions()
    /// Keep each point's retention-vs-cycle curve (``SweepRecord/curve``; used by `compare` charts).
    public var keepCurves = false
    /// A first discharge below this fraction of the nominal capacity (1C) ends a point as "cannot deliver capacity"
    /// without the lifetime run.
    public var minimumDeliverableFraction = 0.05

    public init() {}

    /// Checks the settings; errors name the command-line option.
    public func validate() throws {
        guard cycles >= 1 else { throw SweepError.invalidOption(name: "--cycles", reason: "must be at least 1, got \(cycles)") }
        if let threshold {
            guard threshold.isFinite, threshold > 0, threshold <= 1 else {
                throw SweepError.invalidOption(name: "--until", reason: String(format: "must lie in (0, 100] %%, got %g %%", threshold * 100))
            }
        }
    }

    /// The lifetime-run options of every point: stop at `threshold` (or run all cycles), locate the 80 % crossing,
    /// skip cycles, no loss attribution.
    public var lifeOptions: LifeOptions {
        var o = LifeOptions()
        // Without a stop threshold the run goes on to the last cycle (a retention of 10⁻⁶ is never reached first).
        o.threshold = threshold ?? 1e-6
        o.extraThresholds = o.threshold == Self.reportedThreshold ? [] : [Self.reportedThreshold]
        o.maxCycles = cycles
        o.exact = false
        o.attribution = false
        return o
    }
}

/// Cell-format values a sweep keeps fixed (nil: the electrolyte's reference cell, then the materials' defaults).
public struct SweepCellFormat: Sendable, Equatable {
    /// Electrode area, m² (only converts areal to cell currents).
    public var electrodeArea_m2: Double?
    /// Li foil thickness, m (the Li inventory).
    public var lithiumThickness_m: Double?
    /// Specific charge that defines 1C, C kg⁻¹.
    public var cRateBasis_C_kg: Double?

    public init(electrodeArea_m2: Double? = nil, lithiumThickness_m: Double? = nil, cRateBasis_C_kg: Double? = nil) {
        self.electrodeArea_m2 = electrodeArea_m2
        self.lithiumThickness_m = lithiumThickness_m
        self.cRateBasis_C_kg = cRateBasis_C_kg
    }
}

/// What the charts and partial files say about a sweep besides its rows.
public struct SweepContext: Sendable, Equatable {
    /// "electrolyte | cathode", e.g. "ANP-C-2.0K | LFP" (lists when swept).
    public var title: String
    /// Aging cycles per point (the cap with a threshold).
    public var cycles: Int
    /// Stop threshold (retention), if any.
    public var threshold: Double?

    public init(title: String, cycles: Int, threshold: Double?) {
        self.title = title
        self.cycles = cycles
        self.threshold = threshold
    }
}
