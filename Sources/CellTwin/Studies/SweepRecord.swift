import Foundation

/// How a grid point ended, read from its end reason.
public enum SweepOutcome: String, Sendable, CaseIterable {
    /// Ran its cycles or reached the stop threshold.
    case completed
    /// The cell shorted (``CellEvent/reason`` of ``CellEvent/shortCircuit``).
    case short
    /// The first discharge gave less than ``SweepSettings/minimumDeliverableFraction`` of the nominal capacity.
    case noCapacity
    /// The temperature lies outside the electrolyte's valid range; not simulated.
    case outsideRange
    /// The simulation failed (the reason follows "failed: ").
    case failed

    /// End reasons written for the outcomes that are not a lifetime run's own.
    public static let outsideRangeReason = "outside the electrolyte's range"
    public static let noCapacityReason = "cannot deliver capacity"
    public static let failedPrefix = "failed: "

    public init(endReason: String) {
        if endReason == Self.outsideRangeReason { self = .outsideRange }
        else if endReason == Self.noCapacityReason { self = .noCapacity }
        else if endReason == CellEvent.shortCircuit.reason { self = .short }
        else if endReason.hasPrefix(Self.failedPrefix) { self = .failed }
        else { self = .completed }
    }

    /// Text marked in a heatmap cell (at most six characters, to fit; nil for a completed point).
    public var mark: String? {
        switch self {
        case .completed: return nil
        case .short: return "short"
        case .noCapacity: return "no cap"
        case .outsideRange: return "out"
        case .failed: return "failed"
        }
    }

    /// The same in words, for legends and summaries (nil for a completed point).
    public var label: String? {
        switch self {
        case .completed: return nil
        case .short: return "short circuit"
        case .noCapacity: return Self.noCapacityReason
        case .outsideRange: return Self.outsideRangeReason
        case .failed: return "failed"
        }
    }
}

/// Retention after one cycle (discharge capacity over the first cycle's).
public struct RetentionPoint: Sendable, Equatable {
    public var cycle: Int
    public var retention: Double
}

/// Work done for one point (not part of the CSV).
public struct SweepWork: Sendable, Equatable {
    /// Cycles reported (simulated or interpolated across skipped blocks).
    public var reportedCycles: Int
    /// Cycles integrated, the first-cycle probe included.
    public var simulatedCycles: Int
    public var rhsEvaluations: Int
    public var acceptedSteps: Int
}

/// The result of one grid point: one CSV row. Metrics are rounded to ``SweepFormat/metricDigits`` significant
/// digits when the record is made, so a record read back from its CSV equals the one written.
public struct SweepRecord: Sendable, Equatable {
    /// Grid index (``SweepPoint/index``).
    public var point: Int
    /// Values of the swept variables, in ``SweepSpec/axes`` order.
    public var coordinates: [SweepValue]
    /// Discharge capacity of the first cycle, mAh g⁻¹ of active material.
    public var firstDischargeCapacity_mAh_g: Double?
    /// Discharge capacity of the last cycle over the first's (nil without a first capacity).
    public var finalRetention: Double?
    /// First cycle whose retention fell below 80 % (nil if it never did).
    public var cyclesTo80: Int?
    /// Mean over all reported cycles of half the gap between the mean charge and mean discharge voltages, V.
    public var meanOverpotential_V: Double?
    /// Discharge energy of the first cycle, mWh g⁻¹ of active material.
    public var dischargeEnergy_mWh_g: Double?
    /// What ended the point: the lifetime run's reason ("end of experiment", "retention below 80 %",
    /// "short circuit", …) or ``SweepOutcome/outsideRangeReason``, ``SweepOutcome/noCapacityReason``,
    /// "failed: …".
    public var endReason: String
    /// Retention after every reported cycle (only with ``SweepSettings/keepCurves``; not in the CSV).
    public var curve: [RetentionPoint] = []
    /// Counters of the run (nil when read from a file; not in the CSV).
    public var work: SweepWork?
    /// The point's 95 % band (``SweepBands``; nil without `--band`).
    public var band: SweepPointBand? = nil

    public init(point: Int, coordinates: [SweepValue], firstDischargeCapacity_mAh_g: Double? = nil,
                finalRetention: Double? = nil, cyclesTo80: Int? = nil, meanOverpotential_V: Double? = nil,
                dischargeEnergy_mWh_g: Double? = nil, endReason: String) {
        func round(_ x: Double?) -> Double? {
            guard let x, x.isFinite else { return nil }
            return SweepFormat.rounded(x, digits: SweepFormat.metricDigits)
        }
        self.point = point
        self.coordinates = coordinates
        self.firstDischargeCapacity_mAh_g = round(firstDischargeCapacity_mAh_g)
        self.finalRetention = round(finalRetention)
        self.cyclesTo80 = cyclesTo80
        self.meanOverpotential_V = round(meanOverpotential_V)
        self.dischargeEnergy_mWh_g = round(dischargeEnergy_mWh_g)
        // One line, so a CSV row stays one line.
        self.endReason = endReason.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    public var outcome: SweepOutcome { SweepOutcome(endReason: endReason) }
}
