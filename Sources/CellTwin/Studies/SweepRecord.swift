import Foundation

/// How a grid point ended: the lifetime run's end (without the cycle of a short, which a row does not keep), or
/// why the point has no lifetime run. Its reported text is made in Output (`SweepEnd.description`, EndText.swift).
public enum SweepEnd: Sendable, Equatable {
    case completed
    case endOfExperiment
    case maximumCycles
    case shortCircuit
    case retentionBelow(fraction: Double)
    /// The temperature lies outside the electrolyte's valid range; not simulated.
    case outsideRange
    /// The first discharge gave less than ``SweepSettings/minimumDeliverableFraction`` of the nominal capacity.
    case noCapacity
    /// The simulation failed; the error's text, on one line.
    case failed(String)

    /// The end of a lifetime run.
    public init(_ run: RunEnd) {
        switch run {
        case .completed: self = .completed
        case .endOfExperiment: self = .endOfExperiment
        case .maximumCycles: self = .maximumCycles
        case .shortCircuit: self = .shortCircuit
        case .retentionBelow(let f): self = .retentionBelow(fraction: f)
        }
    }

    /// The lifetime run stopped at its retention threshold.
    public var isRetentionBelow: Bool {
        if case .retentionBelow = self { return true }
        return false
    }
}

/// How a grid point ended, in the classes a heatmap marks.
public enum SweepOutcome: String, Sendable, CaseIterable {
    /// Ran its cycles or reached the stop threshold.
    case completed
    /// The cell shorted.
    case short
    /// The first discharge gave less than ``SweepSettings/minimumDeliverableFraction`` of the nominal capacity.
    case noCapacity
    /// The temperature lies outside the electrolyte's valid range; not simulated.
    case outsideRange
    /// The simulation failed.
    case failed

    public init(_ end: SweepEnd) {
        switch end {
        case .outsideRange: self = .outsideRange
        case .noCapacity: self = .noCapacity
        case .shortCircuit: self = .short
        case .failed: self = .failed
        case .completed, .endOfExperiment, .maximumCycles, .retentionBelow: self = .completed
        }
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
    /// Cycles the integrator ran, the first-cycle probe included: the simulated ones with the lifetime run's settling
    /// and rejected blocks' cycles (``LifeResult/integratedCycles``).
    public var integratedCycles = 0
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
    /// What ended the point (its text is ``endReason``).
    public var end: SweepEnd
    /// Retention after every reported cycle (only with ``SweepSettings/keepCurves``; not in the CSV).
    public var curve: [RetentionPoint] = []
    /// Counters of the run (nil when read from a file; not in the CSV).
    public var work: SweepWork?
    /// The point's 95 % band (``SweepBands``; nil without `--band`).
    public var band: SweepPointBand? = nil

    public init(point: Int, coordinates: [SweepValue], firstDischargeCapacity_mAh_g: Double? = nil,
                finalRetention: Double? = nil, cyclesTo80: Int? = nil, meanOverpotential_V: Double? = nil,
                dischargeEnergy_mWh_g: Double? = nil, end: SweepEnd) {
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
        if case .failed(let reason) = end {
            self.end = .failed(reason.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " "))
        } else {
            self.end = end
        }
    }

    public var outcome: SweepOutcome { SweepOutcome(end) }
}
