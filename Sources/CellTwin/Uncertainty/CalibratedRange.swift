import Foundation

/// The conditions of one prediction, in the coordinates of ``CalibratedRange``.
public struct PredictionCondition: Sendable, Equatable {
    /// °C.
    public var temperature_C: Double
    public var cathode: String
    /// C-rates of the constant-current charge and discharge steps (a power- or voltage-driven step has none).
    public var chargeCRates: [Double]
    public var dischargeCRates: [Double]
    /// The last cycle the prediction reaches.
    public var cycles: Int

    public init(temperature_C: Double, cathode: String, chargeCRates: [Double], dischargeCRates: [Double], cycles: Int) {
        self.temperature_C = temperature_C
        self.cathode = cathode
        self.chargeCRates = chargeCRates
        self.dischargeCRates = dischargeCRates
        self.cycles = cycles
    }

    /// The condition of `experiment` run on `design` at `temperature_C` to cycle `cycles`: the C-rate of every
    /// current-driven charge and discharge step (a current density over the design's 1C current density).
    public init(experiment: Experiment, design: CellDesign, temperature_C: Double, cycles: Int) {
        var charge: [Double] = [], discharge: [Double] = []
        let oneC_A_m2 = design.currentDensity(cRate: 1)
        for step in experiment.blocks.flatMap(\.steps) where step.kind == .charge || step.kind == .discharge {
            guard case .current(A_m2: let j) = PlannedStep<CellControl>.control(step, design: design), oneC_A_m2 > 0 else { continue }
            if step.kind == .charge { charge.append(abs(j) / oneC_A_m2) } else { discharge.append(abs(j) / oneC_A_m2) }
        }
        self.init(temperature_C: temperature_C, cathode: design.cathode.id, chargeCRates: charge, dischargeCRates: discharge,
                  cycles: max(cycles, 1))
    }
}

/// Where a prediction lies against its twin's calibration: inside the range its full-cell rows span, or outside it,
/// with each coordinate that leaves it and by how much.
public enum RangeVerdict: Sendable, Equatable {
    case inside
    /// One reason per coordinate outside ("T 80 °C, 20 K above the calibrated 25–60 °C").
    case outside([String])
    /// The twin has no fit set-up or no full-cell row: every cell prediction is an extrapolation.
    case uncalibrated(String)

    /// "inside" or "outside" (JSON `calibrated_range`).
    public var label: String { self == .inside ? "inside" : "outside" }
    /// Why the prediction is an extrapolation (JSON `extrapolation_reason`); nil inside.
    public var reason: String? {
        switch self {
        case .inside: return nil
        case .outside(let r): return r.joined(separator: "; ")
        case .uncalibrated(let r): return r
        }
    }

    /// What a band's report says: "inside calibrated range" or "extrapolation: <reason>", and for a capacity band
    /// wider than ``LifeBands/informativeCapacityHalfWidth`` its width and driving parameter; inside the range that is
    /// the informative failure the band reports ("inside calibrated range, but the capacity band is ±7.3 % …").
    public func text(capacity: PredictionBand?) -> String {
        let wide = capacity.flatMap(LifeBands.wideCapacity)
        switch (reason, wide) {
        case (nil, nil): return "inside calibrated range"
        case (nil, let w?): return "inside calibrated range, but " + w
        case (let r?, nil): return "extrapolation: " + r
        case (let r?, let w?): return "extrapolation: " + r + "; " + w
        }
    }
}

/// The conditions a twin's calibration spans (issue 13's informative bands): the temperatures, charge and discharge
/// C-rates, cathodes and cycle counts of the full-cell rows its fit set-up (`Calibration/<ID>/fit.toml`, ``FitSetup``)
/// fits — rows of a kind whose weight is 0 are left out, as the fit leaves them out (``FitPointBuilder``); a row
/// without a temperature is at the set-up's assumed one. A full-cell prediction is inside when every coordinate lies in
/// its span, widened by the stated margins, and its cathode is one the rows used.
///
/// Only full-cell rows count: a σ(T) row fixes the electrolyte's conductivity at its temperature but not how the cell's
/// electrodes and interfaces behave there (ANP-C-2.0K's 60 °C capacity, predicted from its 100–120 °C cell rows, is 19 %
/// off although its σ rows reach 60 °C).
public struct CalibratedRange: Sendable, Equatable {
    public var electrolyteID: String
    /// °C, of the full-cell rows.
    public var temperature_C: ClosedRange<Double>?
    public var chargeCRate: ClosedRange<Double>?
    public var dischargeCRate: ClosedRange<Double>?
    public var cathodes: [String]
    /// From cycle 1 to the last cycle a row reads, at least the early cycles a capacity row stands for (the fit
    /// simulates them without aging, ``CapacityObservation/earlyCycles``).
    public var cycles: ClosedRange<Int>?

    /// Margin on the temperature span, K: a cell's temperature is held to about ±1–2 K in the studies' ovens and
    /// climate chambers (assumed).
    public static let temperatureMargin_K = 2.0
    /// Relative margin on the C-rate spans (×/÷ 1.1): a C-rate is stated to two digits and its 1C rests on a nominal
    /// capacity (assumed).
    public static let cRateMargin = 0.1
    /// Relative margin on the last calibrated cycle (+10 %, assumed).
    public static let cycleMargin = 0.1
    /// Kinds whose rows are full-cell tests.
    public static let fullCellKinds: Set<FitPointKind> = [.capacity, .cycledCapacity, .retention, .coulombicEfficiency,
                                                          .cyclingLife, .voltageCurve]

    public init(electrolyteID: String, temperature_C: ClosedRange<Double>?, chargeCRate: ClosedRange<Double>?,
                dischargeCRate: ClosedRange<Double>?, cathodes: [String], cycles: ClosedRange<Int>?) {
        self.electrolyteID = electrolyteID
        self.temperature_C = temperature_C
        self.chargeCRate = chargeCRate
        self.dischargeCRate = dischargeCRate
        self.cathodes = cathodes
        self.cycles = cycles
    }

    /// The range of the full-cell points of `points` (a fit set-up's, ``FitPointBuilder``), each charge rate the
    /// observation's (``FitModel/chargeRate(_:_:_:)``) for the electrolyte `e`.
    public init(electrolyteID: String, points: [FitPoint], setup: FitSetup, electrolyte e: Electrolyte) {
        let cells = points.filter { Self.fullCellKinds.contains($0.kind) }
        let conditions = cells.map { Self.condition($0, setup: setup, electrolyte: e) }
        func span<T: Comparable>(_ xs: [T]) -> ClosedRange<T>? { xs.min().flatMap { lo in xs.max().map { lo...$0 } } }
        // A capacity row stands for the early cycles the fit simulates without aging (``CapacityObservation/earlyCycles``).
        let early = cells.contains { $0.kind == .capacity } ? CapacityObservation.earlyCycles : 1
        self.init(electrolyteID: electrolyteID, temperature_C: span(conditions.map(\.temperature_C)),
                  chargeCRate: span(conditions.flatMap(\.chargeCRates)), dischargeCRate: span(conditions.flatMap(\.dischargeCRates)),
                  cathodes: Array(Set(conditions.map(\.cathode))).sorted(),
                  cycles: span(conditions.map(\.cycles)).map { 1...max($0.upperBound, early) })
    }

    /// The temperature a fit's full-cell points (`points`, as for ``init(electrolyteID:points:setup:electrolyte:)``)
    /// centre on, K: the reciprocal of their mean 1/T, the point an Arrhenius extrapolation of what they fix pivots
    /// about. nil without a full-cell point.
    public static func fittedTemperature_K(points: [FitPoint], setup: FitSetup, electrolyte e: Electrolyte) -> Double? {
        let inverse_K = points.filter { fullCellKinds.contains($0.kind) }
            .map { 1 / (condition($0, setup: setup, electrolyte: e).temperature_C + Physical.zeroCelsius) }
        return inverse_K.isEmpty ? nil : Double(inverse_K.count) / inverse_K.reduce(0, +)
    }

    /// The condition of a fit point: its temperature (else the set-up's), cathode (else the set-up's, else LFP), the
    /// row's C-rate as discharge and the observation's charge rate, and the last cycle it reads (a capacity's row cycle
    /// or 1, a retention's cycle, a Coulombic efficiency's ``FitModel/coulombicEfficiencyCycles``, a cycle life's count).
    public static func condition(_ p: FitPoint, setup: FitSetup, electrolyte e: Electrolyte) -> PredictionCondition {
        let rate = p.row.cRate
        let cycle: Int
        switch p.kind {
        case .cyclingLife: cycle = Int(p.measured.rounded(.up))
        case .coulombicEfficiency: cycle = p.row.cycle ?? FitModel.coulombicEfficiencyCycles
        default: cycle = p.row.cycle ?? 1
        }
        return PredictionCondition(temperature_C: p.temperature_C ?? setup.defaultTemperature_C ?? 25,
                                   cathode: p.row.cathode ?? setup.cathodeID ?? "LFP",
                                   chargeCRates: rate.map { [FitModel.chargeRate(p, $0, e)] } ?? [],
                                   dischargeCRates: rate.map { [$0] } ?? [], cycles: max(cycle, 1))
    }

    /// The range of the fit set-up at `setupPath` (its rows, its assumptions, the model file's electrolyte).
    public static func load(setupPath: String, library: ModelLibrary) throws -> CalibratedRange {
        let inputs = try Calibrator.inputs(setupPath: setupPath, library: library)
        let points = FitPointBuilder.build(rows: inputs.rows, setup: inputs.setup).points
        return CalibratedRange(electrolyteID: inputs.setup.electrolyteID, points: points, setup: inputs.setup, electrolyte: inputs.base)
    }

    /// `Calibration/<ID>/fit.toml` beside the model directory.
    public static func setupPath(_ id: String, library: ModelLibrary) -> String {
        library.directory.deletingLastPathComponent().appendingPathComponent("Calibration").appendingPathComponent(id)
            .appendingPathComponent("fit.toml").path
    }

    /// The shipped twin's range, nil when it has no fit set-up.
    public static func shipped(_ id: String, library: ModelLibrary) throws -> CalibratedRange? {
        let path = setupPath(id, library: library)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try load(setupPath: path, library: library)
    }

    /// The verdict of a prediction at `c` for twin `id` whose range is `range` (nil: the twin has no fit set-up, so
    /// every prediction is an extrapolation).
    public static func verdict(_ range: CalibratedRange?, electrolyte id: String, at c: PredictionCondition) -> RangeVerdict {
        range?.verdict(c) ?? .uncalibrated("\(id) has no fit set-up (Calibration/\(id)/fit.toml)")
    }

    /// Whether `c` lies inside the range, each coordinate against its span with the margins.
    public func verdict(_ c: PredictionCondition) -> RangeVerdict {
        guard let t = temperature_C else { return .uncalibrated("\(electrolyteID) has no full-cell rows in its calibration") }
        var out: [String] = []
        let f = { (x: Double) in String(format: "%g", x) }
        if c.temperature_C < t.lowerBound - Self.temperatureMargin_K {
            out.append("T \(f(c.temperature_C)) °C, \(f(t.lowerBound - c.temperature_C)) K below the calibrated \(Self.span(t, f)) °C")
        } else if c.temperature_C > t.upperBound + Self.temperatureMargin_K {
            out.append("T \(f(c.temperature_C)) °C, \(f(c.temperature_C - t.upperBound)) K above the calibrated \(Self.span(t, f)) °C")
        }
        if !cathodes.contains(c.cathode) {
            out.append("cathode \(c.cathode), not among the calibrated \(cathodes.joined(separator: ", "))")
        }
        for (name, rates, span) in [("charge", c.chargeCRates, chargeCRate), ("discharge", c.dischargeCRates, dischargeCRate)] {
            guard let span, let lo = rates.min(), let hi = rates.max() else { continue }
            if hi > span.upperBound * (1 + Self.cRateMargin) {
                out.append("\(name) \(f(hi))C, \(String(format: "%.2g", hi / span.upperBound))× the calibrated \(Self.span(span, f))C")
            }
            if lo < span.lowerBound / (1 + Self.cRateMargin) {
                out.append("\(name) \(f(lo))C, below the calibrated \(Self.span(span, f))C")
            }
        }
        if let n = cycles, Double(c.cycles) > Double(n.upperBound) * (1 + Self.cycleMargin) {
            out.append("\(c.cycles) cycles, beyond the calibrated \(n.lowerBound)–\(n.upperBound)")
        }
        return out.isEmpty ? .inside : .outside(out)
    }

    static func span(_ r: ClosedRange<Double>, _ f: (Double) -> String) -> String {
        r.lowerBound == r.upperBound ? f(r.lowerBound) : f(r.lowerBound) + "–" + f(r.upperBound)
    }

    /// "25–60 °C; discharge 0.1–2C, charge 0.1–0.5C; LFP, NCM523; cycles 1–500" (reports).
    public var summary: String {
        guard let t = temperature_C else { return "no full-cell rows" }
        let f = { (x: Double) in String(format: "%g", x) }
        var s = Self.span(t, f) + " °C"
        if let d = dischargeCRate { s += "; discharge " + Self.span(d, f) + "C" }
        if let c = chargeCRate { s += ", charge " + Self.span(c, f) + "C" }
        s += "; " + cathodes.joined(separator: ", ")
        if let n = cycles { s += "; cycles \(n.lowerBound)–\(n.upperBound)" }
        return s
    }
}

/// A shipped twin's capacity band at one of its calibrated conditions.
public struct CalibratedCapacityBand: Sendable {
    public var electrolyte: String
    /// "measurements.csv:12".
    public var location: String
    public var condition: PredictionCondition
    /// mAh/g: the twin's band (its fit covariance and priors, no measurement scatter).
    public var band: PredictionBand
}

extension CalibratedRange {
    /// The capacity band of the twin at each capacity row its fit set-up fits (a rate capability or an early cycle's
    /// capacity, each at its row's condition): the model file's fit covariance and priors (``FitCovarianceFile``; an
    /// assumed test temperature's prior is in that covariance, ``AssumedTemperatureCovariance``), as the commands band
    /// a prediction at that condition, banded in ln Q as leave-condition-out bands it and capped at what the row's
    /// electrode can deliver.
    public static func capacityBands(setupPath: String, library: ModelLibrary, band: BandOptions) throws -> [CalibratedCapacityBand] {
        let inputs = try Calibrator.inputs(setupPath: setupPath, library: library)
        let setup = inputs.setup, e = inputs.base
        let points = FitPointBuilder.build(rows: inputs.rows, setup: setup).points.filter { $0.kind == .capacity }
        guard !points.isEmpty else { return [] }
        let ids = Set(points.map { $0.row.cathode ?? setup.cathodeID ?? "LFP" })
        let u = ElectrodePriors.adding(
            to: try FitCovarianceFile.uncertainty(path: library.electrolytePath(setup.electrolyteID), electrolyte: e).keepingElectrodes(of: ids),
            electrolyte: e, cathodes: ids.sorted().compactMap { inputs.cathodes[$0] },
            calibration: try ElectrodePriors.Calibration.shipped(setup.electrolyteID, library: library))
        let set = try BandEstimator.run(u, options: band, evaluate: LeaveConditionOut.predictor(points, inputs: inputs, fitted: e, uncertainty: u))
        return points.enumerated().map { k, p in
            let b = LeaveConditionOut.parameterBand(p, set.bands[k], setup: setup, electrolyte: e, cathodes: inputs.cathodes,
                                                    uncertainty: u, level: band.level)
            return CalibratedCapacityBand(electrolyte: setup.electrolyteID, location: p.row.location,
                                          condition: condition(p, setup: setup, electrolyte: e), band: b)
        }
    }
}
