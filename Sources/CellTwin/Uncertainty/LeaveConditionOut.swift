import Foundation

/// One measurement predicted by a refit that saw no row at its condition, with the prediction's 95 % band.
public struct LeaveConditionOutRow: Sendable, Codable {
    public var electrolyte: String
    /// The condition left out: "25 °C", "1C", "cathode NCM811", "cycle 500".
    public var condition: String
    public var location: String
    public var kind: String
    public var quantity: String
    public var conditions: String
    public var measured: Double
    public var predicted: Double
    /// nil: unbounded (runs that do not reach the outcome, e.g. no short).
    public var predicted_low: Double?
    public var predicted_high: Double?
    public var unit: String
    public var error: Double
    public var errorText: String
    public var tolerance: String
    public var within: Bool
    /// The measurement lies inside the prediction's 95 % band (for one-sided rows: the band reaches the allowed side).
    public var inside: Bool
    /// Half-width of the band in the kind's error unit (% of the value, retention points, t₊, factor for times).
    public var half_width: Double?
    /// Half-width of the parameters' share alone (fit covariance and priors, without the measurement scatter).
    public var parameter_half_width: Double?
    public var half_width_unit: String
    /// "linearised" or "sampled".
    public var band_method: String
    /// The parameter with the largest share of the band.
    public var band_driver: String?
    /// Where the row's condition lies against the refit's calibrated range (``CalibratedRange`` of the rows the refit
    /// kept): "inside" or "outside" (the left-out condition usually is).
    public var calibrated_range: String
    /// Why it is outside: each coordinate that leaves the refit's range, and by how much.
    public var extrapolation_reason: String?
    /// A capacity row whose parameters' band is wider than the capacity tolerance (±5 %,
    /// ``LifeBands/informativeCapacityHalfWidth``): "the capacity band is ±…, driven by <key>".
    public var wide_capacity: String?
    /// A capacity row (rate capability, capacity after N cycles): one the ±5 % rule applies to.
    public var is_capacity: Bool
    /// Free parameters the remaining rows cannot determine and that have no prior (held at their value).
    public var undetermined: [String]
    /// Free parameters the remaining rows cannot determine, returned to their prior's centre and spread
    /// (``FallbackPrior``).
    public var reverted_to_prior: [String]
}

/// A condition whose rows could not be left out (the rest cannot be fitted), with the reason.
public struct LeaveConditionOutSkip: Error, Sendable, Codable {
    public var electrolyte: String
    public var condition: String
    public var reason: String
}

public struct LeaveConditionOutResult: Sendable {
    public var rows: [LeaveConditionOutRow]
    public var skipped: [LeaveConditionOutSkip]
    public var elapsed_s: Double
}

/// Predictive validation by whole conditions (DOMAIN B §9): each electrolyte's fit set-up is refitted without every
/// row at one temperature, one C-rate, one cathode or one cycle count, and the refit predicts the rows left out with
/// its 95 % predictive band: the refit's fit covariance, the priors of the parameters the remaining rows do not
/// determine (``FallbackPrior``), of the keys nobody fits (the model file's) and of the electrodes of the left-out
/// cells that neither the kept rows nor a lender's fit determine (``ElectrodePriors``), plus the measurement scatter
/// of the predicted kind (``MeasurementScatter``).
public enum LeaveConditionOut {
    /// Points of these kinds are grouped by condition (times to short and CCDs are one test each, kept in).
    static let groupedKinds: Set<FitPointKind> = [.conductivity, .transference, .capacity, .retention, .interfaceResistance,
                                                  .symmetricPolarization, .coulombicEfficiency, .cyclingLife]

    struct Condition: Sendable {
        var name: String
        var points: [FitPoint]
    }

    /// The conditions of a set of points: every value of a condition that takes at least two values.
    static func conditions(_ points: [FitPoint], setup: FitSetup) -> [Condition] {
        let pts = points.filter { groupedKinds.contains($0.kind) }
        var out: [Condition] = []
        func add<K: Hashable & Comparable>(_ label: (K) -> String, _ key: (FitPoint) -> K?) {
            let values = Set(pts.compactMap(key))
            guard values.count >= 2 else { return }
            for v in values.sorted() { out.append(Condition(name: label(v), points: pts.filter { key($0) == v })) }
        }
        add({ String(format: "%g °C", Double($0) / 10) }) { p in p.temperature_C.map { Int(($0 * 10).rounded()) } }
        add({ String(format: "%gC", Double($0) / 1000) }) { p in p.row.cRate.map { Int(($0 * 1000).rounded()) } }
        let fullCell: Set<FitPointKind> = [.capacity, .retention, .coulombicEfficiency, .cyclingLife]
        add({ "cathode \($0)" }) { p in fullCell.contains(p.kind) ? (p.row.cathode ?? setup.cathodeID) : nil }
        add({ "cycle \($0)" }) { p in p.kind == .retention ? p.row.cycle : nil }
        return out
    }

    /// Runs every condition of every fit set-up, longest first, on `workers` threads (one refit and its band each).
    public static func run(setupPaths: [String], library: ModelLibrary, band: BandOptions,
                           workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> LeaveConditionOutResult {
        let clock = Date()
        var jobs: [(condition: Condition, inputs: Calibrator.Inputs, priors: Priors)] = []
        let siblings = try library.electrolyteIDs.map { try library.electrolyte($0) }
        let fits = try siblingFits(siblings, library: library)
        for path in setupPaths {
            let inputs = try Calibrator.inputs(setupPath: path, library: library)
            let points = FitPointBuilder.build(rows: inputs.rows, setup: inputs.setup).points
            let modelPath = library.electrolytePath(inputs.setup.electrolyteID)
            // The model file's priors, then those of its assumed geometry (``AssumedInputPriors``).
            let file = try ElectrolyteFile.priors(path: modelPath)
            let assumed = try AssumedInputPriors.priors(path: modelPath).mapValues(\.prior)
            let priors = Priors(file: file.merging(assumed) { a, _ in a }, siblings: siblings, fits: fits,
                                assumedTemperature_C: try assumedTemperature(setupPath: path, setup: inputs.setup),
                                lender: try ElectrodePriors.Calibration.lender(of: inputs.setup.electrolyteID, library: library))
            for c in conditions(points, setup: inputs.setup) { jobs.append((c, inputs, priors)) }
        }
        // Lifetime fits first: they take longest.
        let order = jobs.indices.sorted { a, b in
            let la = jobs[a].inputs.rows.count * (jobs[a].condition.points.contains { $0.observation.usesLifetimeRuns } ? 10 : 1)
            let lb = jobs[b].inputs.rows.count * (jobs[b].condition.points.contains { $0.observation.usesLifetimeRuns } ? 10 : 1)
            return la > lb
        }
        let allJobs = jobs
        let results = try ParallelMap.run(order.count, workers: workers) { k -> Result<[LeaveConditionOutRow], LeaveConditionOutSkip> in
            let j = allJobs[order[k]]
            return try leaveOut(j.condition, inputs: j.inputs, priors: j.priors, band: band)
        }
        var byJob = [Result<[LeaveConditionOutRow], LeaveConditionOutSkip>?](repeating: nil, count: jobs.count)
        for (k, r) in results.enumerated() { byJob[order[k]] = r }
        var rows: [LeaveConditionOutRow] = [], skipped: [LeaveConditionOutSkip] = []
        for r in byJob {
            switch r {
            case .success(let x)?: rows += x
            case .failure(let s)?: skipped.append(s)
            case nil: break
            }
        }
        return LeaveConditionOutResult(rows: rows, skipped: skipped, elapsed_s: Date().timeIntervalSince(clock))
    }

    /// What a refit's band adds to its fit covariance: the model file's priors (with its assumed geometry), the
    /// shipped electrolytes a σ the rows no longer fix returns to (``FallbackPrior/siblingConductivity(_:siblings:)``),
    /// and the set-up's assumed test temperature, if it has one.
    struct Priors: Sendable {
        var file: [String: ParameterPrior]
        var siblings: [Electrolyte]
        /// The siblings' calibrations, which weigh their electrodes in a cross-study prior (``FallbackPrior/SiblingFit``).
        var fits: [String: FallbackPrior.SiblingFit] = [:]
        var assumedTemperature_C: Double?
        /// The sibling the set-up borrows its electrodes from (``ElectrodePriors``), if any.
        var lender: ElectrodePriors.Calibration.Lender?
    }

    /// Each shipped electrolyte's fit covariance (``FitCovarianceFile``) and the temperature its shipped fit set-up's
    /// full-cell rows centre on (``CalibratedRange/fittedTemperature_K(points:setup:electrolyte:)``), by id.
    static func siblingFits(_ siblings: [Electrolyte], library: ModelLibrary) throws -> [String: FallbackPrior.SiblingFit] {
        var out: [String: FallbackPrior.SiblingFit] = [:]
        for s in siblings {
            let u = try FitCovarianceFile.uncertainty(path: library.electrolytePath(s.id), electrolyte: s)
            let path = CalibratedRange.setupPath(s.id, library: library)
            var t_K: Double?
            if FileManager.default.fileExists(atPath: path) {
                let inputs = try Calibrator.inputs(setupPath: path, library: library)
                let points = FitPointBuilder.build(rows: inputs.rows, setup: inputs.setup).points
                t_K = CalibratedRange.fittedTemperature_K(points: points, setup: inputs.setup, electrolyte: inputs.base)
            }
            out[s.id] = FallbackPrior.SiblingFit(uncertainty: u, fittedTemperature_K: t_K)
        }
        return out
    }

    /// The key of an assumed test temperature in a band (a set-up's `[assumptions] temperature_C` whose source says
    /// "assumed"): it moves the temperature of the rows that state none.
    public static let assumedTemperatureKey = "assumptions.temperature_C"
    /// Standard deviation of an assumed test temperature, K: PEO-type cells are cycled at 50–70 °C, about PEO's
    /// melting (55–65 °C) (assumed, as a 95 % range about the set-ups' assumed 60 °C).
    public static let assumedTemperatureSD_K = 5.0

    /// `u` with the assumed test temperature `t_C` as a prior (±``assumedTemperatureSD_K``) when some of `points`
    /// state no temperature of their own; `u` unchanged otherwise.
    static func addingAssumedTemperature(_ t_C: Double?, to u: ParameterUncertainty, for points: [FitPoint]) -> ParameterUncertainty {
        // A refit that leaned on the temperature carries it already, correlated with its keys (``AssumedTemperatureCovariance``).
        guard let t = t_C, points.contains(where: { $0.row.temperature_C == nil }),
              !u.parameters.contains(where: { $0.key == assumedTemperatureKey }) else { return u }
        return u.adding(UncertainParameter(key: assumedTemperatureKey, value: t, transform: .linear, origin: .prior),
                        variance: assumedTemperatureSD_K * assumedTemperatureSD_K)
    }

    /// The parameters' band of point `p` in its kind's unit from the band `raw` made in the kind's coordinate; a
    /// capacity band (made in ln Q) stops at the most the row's electrode of `e` can deliver.
    static func parameterBand(_ p: FitPoint, _ raw: PredictionBand, setup: FitSetup, electrolyte e: Electrolyte,
                              cathodes: [String: Cathode], uncertainty u: ParameterUncertainty, level: Double) -> PredictionBand {
        let b = MeasurementScatter.table[p.kind]?.fromCoordinate(raw) ?? raw
        guard p.kind == .capacity || p.kind == .cycledCapacity, let c = cathodes[p.row.cathode ?? setup.cathodeID ?? "LFP"] else { return b }
        let electrode = e.referenceCell.electrodes[c.id]?.applied(to: c) ?? c
        return BandCoordinate.capped(b, ceiling: BandCoordinate.capacityCeiling_mAh_g(electrode, uncertainty: u, level: level))
    }

    /// The set-up's default temperature when its source marks it an assumption.
    static func assumedTemperature(setupPath: String, setup: FitSetup) throws -> Double? {
        guard let t = setup.defaultTemperature_C,
              let a = try ParameterFile(path: setupPath).rootSection.section("assumptions", required: false),
              let source = a.table["temperature_C"]?.table?["source"]?.string, AssumedInputPriors.isAssumption(source) else { return nil }
        return t
    }

    /// A fit set-up's path as the project names it (`Calibration/CMP/fit.toml`): from its last `Calibration` folder on,
    /// else the path as given.
    static func projectPath(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let k = parts.lastIndex(of: "Calibration"), k > 0 else { return path }
        return parts[k...].joined(separator: "/")
    }

    /// The set-up with every free key's start made independent of the shipped fit, whose values have seen the rows a
    /// refit leaves out (a refit started there can stop after one or two iterations, or read a noise-only Jacobian
    /// column as information, and return nearly the in-sample value): in order, the set-up's prior centre; the
    /// set-up's own `initial`; the centre of the set-up's `lower`…`upper` range (geometric when both are positive,
    /// the key's scale is then logarithmic; arithmetic otherwise); for an electrode key (`electrodes.<cathode>.<leaf>`)
    /// the cathode model's own value, which no study's rows fitted; else a value from outside `e`'s fit
    /// (``FallbackPrior/neutralStart(_:setup:electrolyte:cathodes:siblings:)``: its fallback prior's centre, the
    /// family siblings' mean, the family default). Only a key with none of these keeps the model file's value.
    /// In-sample calibration (``Calibrator/run(setup:base:rows:cathodes:anode:stepper:progress:)``) is not affected.
    /// - Parameter siblings: the shipped electrolytes (``FallbackPrior``'s siblings; `e` itself is skipped).
    static func neutralStarts(_ setup: FitSetup, electrolyte e: Electrolyte, cathodes: [String: Cathode],
                              siblings: [Electrolyte]) -> FitSetup {
        var s = setup
        s.free = setup.free.map { f in
            var g = f
            if let p = f.prior {
                g.initial = p
            } else if f.initial != nil {
                return g
            } else if let lo = f.lower, let hi = f.upper, lo.isFinite, hi.isFinite {
                g.initial = lo > 0 && hi > 0 ? (lo * hi).squareRoot() : (lo + hi) / 2
            } else if f.key.section == "electrodes", let c = FitParameterRegistry.cathodeValue(f.key.key, cathodes: cathodes) {
                g.initial = c
            } else {
                g.initial = FallbackPrior.neutralStart(f.key.key, setup: setup, electrolyte: e, cathodes: cathodes, siblings: siblings)
            }
            return g
        }
        return s
    }

    static func leaveOut(_ c: Condition, inputs: Calibrator.Inputs, priors: Priors,
                         band: BandOptions) throws -> Result<[LeaveConditionOutRow], LeaveConditionOutSkip> {
        let id = inputs.setup.electrolyteID
        let out = Set(c.points.map { "\($0.row.file):\($0.row.line)" })
        let rows = inputs.rows.filter { !out.contains("\($0.file):\($0.line)") }
        let refit: CalibrationResult
        do {
            refit = try Calibrator.run(setup: neutralStarts(inputs.setup, electrolyte: inputs.base, cathodes: inputs.cathodes,
                                                            siblings: priors.siblings), base: inputs.base, rows: rows,
                                       cathodes: inputs.cathodes, anode: inputs.anode)
        } catch {
            let reason = "\(error)".replacingOccurrences(of: inputs.setup.path, with: projectPath(inputs.setup.path))
            return .failure(LeaveConditionOutSkip(electrolyte: id, condition: c.name, reason: "the other rows cannot be fitted: " + reason))
        }
        // Free parameters the remaining rows say nothing about return to their priors (value and spread), then the
        // model file's priors join for the keys nobody fits.
        var fittedElectrolyte = refit.fitted
        var u = ParameterUncertainty.fromCalibration(refit)
        // Electrode priors from other studies are compared where the left-out rows are predicted (mean 1/T of the rows).
        let inverse_K = c.points.compactMap { $0.temperature_C.map { 1 / ($0 + 273.15) } }
        let at_C = inverse_K.isEmpty ? nil : Double(inverse_K.count) / inverse_K.reduce(0, +) - 273.15
        let reverted = u.revertingUndetermined(&fittedElectrolyte, setup: inputs.setup, cathodes: inputs.cathodes,
                                               siblings: priors.siblings, fits: priors.fits, temperature_C: at_C)
        u = u.addingPriors(priors.file, electrolyte: fittedElectrolyte)
        u = addingAssumedTemperature(priors.assumedTemperature_C, to: u, for: c.points)
        let left = c.points, setup = inputs.setup, fitted = fittedElectrolyte
        // The refit's calibrated range: that of the rows it kept.
        let range = CalibratedRange(electrolyteID: id, points: FitPointBuilder.build(rows: rows, setup: setup).points, setup: setup,
                                    electrolyte: fitted)
        // The electrodes of the left-out cells the kept rows (or the lender's) do not determine, as the commands band them.
        let leftCathodes = Set(left.filter { CalibratedRange.fullCellKinds.contains($0.kind) }.map { $0.row.cathode ?? setup.cathodeID ?? "LFP" })
        u = ElectrodePriors.adding(to: u, electrolyte: fitted, cathodes: leftCathodes.sorted().compactMap { inputs.cathodes[$0] },
                                   calibration: ElectrodePriors.Calibration(calibratedCathodes: Set(range.cathodes), lender: priors.lender))
        let evaluate = predictor(left, inputs: inputs, fitted: fitted, uncertainty: u)
        var options = band
        options.workers = 1   // conditions already run in parallel
        let set = try BandEstimator.run(u, options: options, evaluate: evaluate)
        let context = Validation.Context(electrolyte: fitted,
                                         assumptions: FitEvaluation.Assumptions(temperature_C: setup.defaultTemperature_C, cathodeID: setup.cathodeID),
                                         points: left, rows: rows, activation_K: FitEvaluation.activationTemperature_K(left))
        let undetermined = u.undetermined
        let capacityKinds: Set<FitPointKind> = [.capacity, .cycledCapacity]
        return .success(left.enumerated().map { k, p in
            let parameterBand = Self.parameterBand(p, set.bands[k], setup: setup, electrolyte: fitted, cathodes: inputs.cathodes,
                                                   uncertainty: u, level: band.level)
            // A predictive interval for the measurement: the parameters' band plus the kind's measurement scatter.
            let b = MeasurementScatter.table[p.kind].map { $0.widening(parameterBand, level: band.level) } ?? parameterBand
            let v = Validation.compare(p, predicted: b.value, context: context)
            let verdict = range.verdict(CalibratedRange.condition(p, setup: setup, electrolyte: fitted))
            let (h, unit) = halfWidth(p.kind, b)
            let hp = halfWidth(p.kind, parameterBand).0
            return LeaveConditionOutRow(
                electrolyte: id, condition: c.name, location: p.row.location, kind: p.row.kind, quantity: p.row.quantity,
                conditions: v.conditions, measured: p.measured, predicted: b.value, predicted_low: b.low.isFinite ? b.low : nil, predicted_high: b.high.isFinite ? b.high : nil,
                unit: p.unit, error: v.error ?? .nan, errorText: v.errorText, tolerance: v.tolerance, within: v.within ?? false,
                inside: inside(p, b), half_width: h.isFinite ? h : nil, parameter_half_width: hp.isFinite ? hp : nil,
                half_width_unit: unit, band_method: b.method, band_driver: b.driver,
                calibrated_range: verdict.label, extrapolation_reason: verdict.reason,
                wide_capacity: capacityKinds.contains(p.kind) ? LifeBands.wideCapacity(parameterBand) : nil,
                is_capacity: capacityKinds.contains(p.kind),
                undetermined: undetermined, reverted_to_prior: reverted)
        })
    }

    /// The refit's predictions of the rows left out, each in its kind's coordinate (ln σ for a conductivity, ln Q for
    /// a capacity), with the parameters moved z from their centres. A moved assumed loading (``AssumedInputPriors``)
    /// scales the set-up's; a moved assumed test temperature rebuilds the rows that state none at that temperature. A
    /// perturbed twin whose simulation fails (no current holds a step's rate) does not reach the outcome: NaN, which
    /// the band counts as censored, instead of ending the whole validation.
    static func predictor(_ left: [FitPoint], inputs: Calibrator.Inputs, fitted: Electrolyte,
                          uncertainty u: ParameterUncertainty) -> @Sendable ([Double]) throws -> [Double] {
        let setup = inputs.setup, cathodes = inputs.cathodes, anode = inputs.anode, rows = inputs.rows
        let temperature = u.parameters.firstIndex { $0.key == assumedTemperatureKey }
        return { z in
            let e = u.electrolyte(fitted, offset: z)
            var s = setup
            if let l = s.cathodeLoading_kg_m2, let moved = e.referenceCell.cathodeLoading_kg_m2,
               let centre = fitted.referenceCell.cathodeLoading_kg_m2, centre > 0 {
                s.cathodeLoading_kg_m2 = l * moved / centre
            }
            var points = left
            if let k = temperature, z[k] != 0, let t = setup.defaultTemperature_C {
                s.defaultTemperature_C = t + z[k]
                let moved = FitPointBuilder.build(rows: rows, setup: s).points
                points = left.map { p in
                    guard p.row.temperature_C == nil else { return p }
                    return moved.first { $0.row.file == p.row.file && $0.row.line == p.row.line && $0.kind == p.kind } ?? p
                }
            }
            let model = FitModel(base: e, keys: [], points: points, setup: s, cathodes: cathodes, anode: anode)
            model.budgetIsFatal = false
            return points.map { p in
                let y = (try? model.predict(p, e)) ?? .nan
                return MeasurementScatter.table[p.kind]?.coordinate(y) ?? y
            }
        }
    }

    /// The measurement against the band: inside [low, high]; a one-sided row (`<`, `>=`) or a censored test when the
    /// band reaches the allowed side.
    static func inside(_ p: FitPoint, _ b: PredictionBand) -> Bool {
        if p.kind == .censoredShort { return b.high >= p.measured }
        switch p.oneSided {
        case .atLeast?: return b.high >= p.measured
        case .atMost?: return b.low <= p.measured
        case nil: return b.contains(p.measured)
        }
    }

    /// The band's half-width in the unit the kind's error is stated in.
    public static func halfWidth(_ kind: FitPointKind, _ b: PredictionBand) -> (Double, String) {
        switch kind {
        case .retention: return (b.halfWidth * 100, "points")
        case .transference: return (b.halfWidth, "")
        case .voltageCurve: return (b.halfWidth * 1000, "mV")
        case .criticalCurrent: return (b.halfWidth, "mA/cm²")
        case .timeToShort, .censoredShort, .conductivity, .interfaceResistance, .symmetricPolarization, .cyclingLife:
            // ×/÷ kinds, banded in ln y: the half-width as the factor √(high/low).
            return (b.low > 0 && b.high.isFinite ? (b.high / b.low).squareRoot() : .infinity, "factor")
        default: return (b.relativeHalfWidth * 100, "%")
        }
    }
}

extension LeaveConditionOutResult {
    /// Per electrolyte and overall: conditions, measurements, within tolerance, inside the band, and the median
    /// half-width per kind.
    public func summaryTable() -> String {
        var s = "Leave-condition-out (each electrolyte refitted without every row at one temperature, C-rate, cathode or cycle count; predictions with 95 % bands)\n"
        s += "electrolyte     conditions  measurements  within tolerance  inside band\n"
        let ids = Array(Set(rows.map(\.electrolyte))).sorted()
        func line(_ name: String, _ r: [LeaveConditionOutRow]) -> String {
            let conds = Set(r.map { "\($0.electrolyte)|\($0.condition)" }).count
            let w = r.filter(\.within).count, i = r.filter(\.inside).count
            return name.padding(toLength: 15, withPad: " ", startingAt: 0)
                + String(format: " %10d  %12d  %7d (%3.0f %%)  %4d (%3.0f %%)\n", conds, r.count, w,
                         100 * Double(w) / Double(max(r.count, 1)), i, 100 * Double(i) / Double(max(r.count, 1)))
        }
        for id in ids { s += line(id, rows.filter { $0.electrolyte == id }) }
        s += line("overall", rows)
        s += "median band half-width by kind (of which the parameters'): "
        s += Array(Set(rows.map(\.kind))).sorted().map { k in
            let r = rows.filter { $0.kind == k }
            func median(_ xs: [Double]) -> Double {
                let hs = xs.sorted()
                return hs.count % 2 == 1 ? hs[hs.count / 2] : (hs[hs.count / 2 - 1] + hs[hs.count / 2]) / 2
            }
            let m = median(r.map { $0.half_width ?? .infinity }), mp = median(r.map { $0.parameter_half_width ?? .infinity })
            let unit = r.first?.half_width_unit ?? ""
            let u = unit.isEmpty ? "" : (unit == "%" ? " %" : " " + unit)
            return String(format: "%@ %.3g%@ (%.3g%@; %d)", k, m, u, mp, u, r.count)
        }.joined(separator: ", ") + "\n"
        s += extrapolationSummary()
        for x in skipped { s += "not left out: \(x.electrolyte) \(x.condition): \(x.reason)\n" }
        return s
    }

    /// The capacity rows against the issue's informative-band rule (inside the calibrated range a capacity band stays
    /// within ±5 %): how many lie inside the refit's calibrated range and how many of those have a parameters' band within
    /// ±5 %; the wider ones inside the range (the informative failures) and those outside, with the parameters that
    /// drive them.
    func extrapolationSummary() -> String {
        let capacity = rows.filter(\.is_capacity)
        guard !capacity.isEmpty else { return "" }
        let inside = capacity.filter { $0.calibrated_range == "inside" }
        let narrow = inside.filter { $0.wide_capacity == nil }
        func drivers(_ r: [LeaveConditionOutRow]) -> String {
            var n: [String: Int] = [:]
            for x in r { n[x.band_driver ?? "–", default: 0] += 1 }
            return n.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
        }
        var s = String(format: "capacity rows inside the refit's calibrated range: %d of %d, of which %d with a parameters' band within ±%g %%",
                       inside.count, capacity.count, narrow.count, LifeBands.informativeCapacityHalfWidth * 100)
        let wideInside = inside.filter { $0.wide_capacity != nil }
        if !wideInside.isEmpty { s += "; wider inside the range, driven by " + drivers(wideInside) }
        let outside = capacity.filter { $0.calibrated_range != "inside" }
        if !outside.isEmpty {
            let wide = outside.filter { $0.wide_capacity != nil }
            s += String(format: "\n  outside it (extrapolation): %d, of which %d with a band wider than ±%g %%", outside.count, wide.count,
                        LifeBands.informativeCapacityHalfWidth * 100)
            if !wide.isEmpty { s += ", driven by " + drivers(wide) }
        }
        return s + "\n"
    }

    public func table() -> String {
        var s = "electrolyte  left out        row                  kind                   measured  predicted (95 % band)            error      within  inside  band\n"
        for r in rows {
            s += r.electrolyte.padding(toLength: 12, withPad: " ", startingAt: 0) + " "
            s += r.condition.padding(toLength: 15, withPad: " ", startingAt: 0) + " "
            s += r.location.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
            s += r.kind.padding(toLength: 22, withPad: " ", startingAt: 0) + " "
            s += String(format: "%9.4g  %9.4g (%@–%@) %@", r.measured, r.predicted, r.predicted_low.map { String(format: "%.4g", $0) } ?? "−∞",
                        r.predicted_high.map { String(format: "%.4g", $0) } ?? "∞", r.unit)
                .padding(toLength: 44, withPad: " ", startingAt: 0)
            s += " " + r.errorText.padding(toLength: 10, withPad: " ", startingAt: 0)
            s += (r.within ? " yes   " : " no    ") + (r.inside ? "  yes   " : "  no    ") + r.band_method
            if let d = r.band_driver { s += " (\(d))" }
            if let x = r.extrapolation_reason { s += " [extrapolation: \(x)]" } else if r.wide_capacity != nil { s += " [inside, band over ±5 %]" }
            s += "\n"
        }
        return s + summaryTable() + String(format: "(%.0f s)\n", elapsed_s)
    }
}
