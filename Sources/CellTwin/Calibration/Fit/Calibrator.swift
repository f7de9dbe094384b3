import Foundation

/// One fitted parameter (lab units of its model-file key).
public struct FittedParameter: Sendable, Codable {
    public var key: String
    public var unit: String
    public var initial: Double
    public var value: Double
    public var standard_error: Double?
    public var interval_low: Double?
    public var interval_high: Double?
    public var identifiable: Bool
    /// The set-up's prior, as text ("prior 20 ×/÷ 10", "prior 0 ± 20"), if any.
    public var prior: String?
}

/// One data point after the fit.
public struct FittedPoint: Sendable, Codable {
    public var location: String
    public var source: String
    public var kind: String
    public var quantity: String
    public var temperature_C: Double?
    public var c_rate: Double?
    public var cycle: Int?
    public var qualifier: String
    public var measured: Double
    public var model: Double
    public var unit: String
    /// Residual in standard uncertainties of its kind (``Observation/residual(_:model:)``).
    public var residual: Double
    public var tolerance: String
    /// Hz, for impedance points.
    public var frequency_Hz: Double? = nil
    /// mAh/g, for points of a voltage curve.
    public var specificCapacity_mAh_g: Double? = nil
    /// What the prediction assumes that the row does not state (charge rate and its origin, temperature, cathode);
    /// empty when nothing.
    public var protocol_assumptions: String = ""
}

/// A parameter a fit set-up takes from a sibling electrolyte's model file (lab units of its key).
public struct BorrowedParameter: Sendable, Codable {
    public var key: String
    public var value: Double
    public var from: String
}

/// The outcome of `celltwin calibrate`.
public struct CalibrationResult: Sendable {
    public var setup: FitSetup
    public var base: Electrolyte
    public var fitted: Electrolyte
    public var parameters: [FittedParameter]
    public var correlation: [[Double]]
    public var points: [FittedPoint]
    public var notFitted: [UnfittedRow]
    public var warnings: [String]
    /// The Kramers–Kronig check of each `[[spectrum]]`, made before the fit.
    public var spectrumChecks: [SpectrumCheck] = []
    /// Values taken from a sibling's model file (`electrodes_from`), written with their origin.
    public var borrowed: [BorrowedParameter] = []
    public var chiSquare: Double
    public var degreesOfFreedom: Int
    public var iterations: Int
    public var convergence: String
    public var simulations: Int
    public var elapsed_s: Double
    /// Temperature of the apparent activation energy, °C.
    public var activationTemperature_C: Double
    /// The cell geometry behind the predictions, with where each number comes from.
    public var geometry: [String] = []
    /// Covariance of the fitted values (lab units of their keys, order of ``parameters``) with each residual's
    /// unit as one standard deviation (``Observation/residual(_:model:)``: a capacity's standard uncertainty of 2.55 %,
    /// most kinds' tolerance); NaN where the data do not determine a parameter.
    public var covarianceAPriori: [[Double]] = []
    /// How the fit leans on the set-up's assumed test temperature (nil: none assumed, or every row states its own);
    /// its prior joins the covariance (``AssumedTemperatureCovariance``).
    public var assumedTemperature: AssumedTemperatureCovariance.Effect?

    /// √(χ²/n), in standard uncertainties.
    public var residualRMS: Double { points.isEmpty ? 0 : (chiSquare / Double(points.count)).squareRoot() }
    /// Points more than 3 standard uncertainties off (a capacity 7.7 %, most kinds three tolerances).
    public var conflicts: [FittedPoint] { points.filter { abs($0.residual) > 3 } }
}

/// Fits an electrolyte's model parameters to measurement rows (GSL `multifit_nlinear` via ``NonlinearLeastSquares``).
public enum Calibrator {
    /// Everything a fit set-up's fit runs on: the set-up, the start electrolyte (assumptions applied, a sibling's
    /// electrodes borrowed), the measurement rows (data files, cycler histories and impedance spectra) and the materials.
    public struct Inputs: Sendable {
        public var setup: FitSetup
        public var base: Electrolyte
        public var rows: [MeasurementRow]
        public var cathodes: [String: Cathode]
        public var anode: LithiumAnode
        public var borrowed: [BorrowedParameter]
    }

    public static func inputs(setupPath: String, library: ModelLibrary) throws -> Inputs {
        var setup = try FitSetup.load(path: setupPath)
        var base = setup.applyingAssumptions(to: try library.electrolyte(setup.electrolyteID))
        var borrowed: [BorrowedParameter] = []
        if let sibling = setup.electrodesFrom {
            guard library.electrolyteIDs.contains(sibling) else {
                throw InputError(file: setup.path, key: "electrodes_from", message: "no model file for '\(sibling)'")
            }
            let from = try library.electrolyte(sibling)
            guard !from.referenceCell.electrodes.isEmpty else {
                throw InputError(file: setup.path, key: "electrodes_from", message: "\(sibling)'s model file has no [electrodes.<cathode>] table")
            }
            base.referenceCell.electrodes = from.referenceCell.electrodes
            for name in FitParameterRegistry.electrodeKeyNames(from) where !setup.free.contains(where: { $0.key.key == name }) {
                if let v = FitParameterRegistry.key(name)?.get(from) { borrowed.append(BorrowedParameter(key: name, value: v, from: sibling)) }
            }
        }
        var rows: [MeasurementRow] = []
        for f in setup.dataFiles { rows += try MeasurementTable.load(path: f, electrolyte: setup.electrolyteID) }
        for h in setup.histories { rows += try CyclerHistory.rows(h, electrolyteID: setup.electrolyteID, fitFile: setup.path) }
        for s in setup.spectra { rows += try s.rows(electrolyteID: setup.electrolyteID, fitFile: setup.path) }
        var cathodes: [String: Cathode] = [:]
        for id in library.cathodeIDs { cathodes[id] = try library.cathode(id) }
        setup = try setup.resolvingLiteraturePriors(cathodes)
        let anode = try library.lithiumAnode()
        for c in setup.curves {
            // The measured ampere-hours per gram of the cathode mass the model's mAh/g refer to.
            let d = try FitModel.design(cathodeID: c.cathodeID, base, setup: setup, cathodes: cathodes, anode: anode, file: setup.path)
            rows += try VoltageCurve.rows(c, electrolyteID: setup.electrolyteID, fitFile: setup.path,
                                          cathodeMass_kg: d.cathodeLoading_kg_m2 * d.electrodeArea_m2)
        }
        return Inputs(setup: setup, base: base, rows: rows, cathodes: cathodes, anode: anode, borrowed: borrowed)
    }

    /// Where a running fit stands, reported after every evaluation of the residuals.
    public struct Progress: Sendable {
        /// Residual evaluations so far (each runs the model once for every point).
        public var evaluations: Int
        public var simulations: Int
        /// Lowest χ² seen so far.
        public var bestChiSquare: Double
        public var elapsed_s: Double
    }

    public static func run(setupPath: String, library: ModelLibrary,
                           progress: ((Progress) -> Void)? = nil) throws -> CalibrationResult {
        let i = try inputs(setupPath: setupPath, library: library)
        let checks = try i.setup.spectra.map { try $0.kramersKronig(fitFile: i.setup.path) }
        var result = try run(setup: i.setup, base: i.base, rows: i.rows, cathodes: i.cathodes, anode: i.anode, progress: progress)
        result.borrowed = i.borrowed
        result.spectrumChecks = checks
        result.warnings += checks.filter(\.aboveThreshold).map(\.text)
        return result
    }

    public static func run(setup: FitSetup, base: Electrolyte, rows: [MeasurementRow], cathodes: [String: Cathode],
                           anode: LithiumAnode, stepper: ODEStepper = SimulationOptions().stepper,
                           progress: ((Progress) -> Void)? = nil) throws -> CalibrationResult {
        let clock = Date()
        let (points, unfitted) = FitPointBuilder.build(rows: rows, setup: setup)
        let priors = setup.free.filter { $0.prior != nil }.count
        guard points.count + priors >= setup.free.count else {
            throw InputError(file: setup.path, key: "free",
                             message: "\(setup.free.count) free parameters (\(setup.free.map(\.key.key).joined(separator: ", "))) but only \(points.count) data points (and \(priors) priors) for \(setup.electrolyteID) can be fitted: free fewer parameters or add data"
                                + (unfitted.isEmpty ? "" : "; rows that cannot be used: "
                                    + unfitted.prefix(5).map { "\($0.row.location) (\($0.reason))" }.joined(separator: ", ")
                                    + (unfitted.count > 5 ? " and \(unfitted.count - 5) more" : "")))
        }
        let parameters = try startParameters(setup: setup, base: base, cathodes: cathodes)
        let model = FitModel(base: base, keys: setup.free.map(\.key), points: points, setup: setup, cathodes: cathodes, anode: anode)
        model.stepper = stepper
        var options = solverOptions(setup: setup, points: points)
        let start = try model.residuals(parameters.map(\.initial))
        model.budgetIsFatal = false
        let bad = points.indices.filter { !start[$0].isFinite }
        guard bad.isEmpty else {
            let m = try model.predictions(parameters.map(\.initial))
            throw InputError(file: setup.path, message: "the model gives no finite value at the start for "
                + bad.map { "\(points[$0].row.location) \(points[$0].row.kind) (model \(m[$0]))" }.joined(separator: ", "))
        }
        // Fits through lifetime simulations: a Jacobian whose columns are simulated in parallel.
        let lifetime = points.contains { $0.observation.usesLifetimeRuns }
        let extraSimulations = Counter()
        var jacobian: (([Double]) throws -> [[Double]])?
        // Their residuals carry the integrators' noise (``residualNoise(_:relativeTolerance:)``): the Jacobian's step
        // and the stop rule are sized from it.
        let noise = Self.residualNoise(points, relativeTolerance: FitModel.simulationRelativeTolerance)
        let step = lifetime ? Self.lifetimeStep(noise: noise) : Self.lifetimeFiniteDifferenceStep
        if lifetime {
            options.chiSquareChangePerResidual = Self.lifetimeChiSquareChangePerResidual
            options.residualNoise = noise + [Double](repeating: 0, count: priors)
            jacobian = parallelJacobian(setup: setup, base: base, points: points, cathodes: cathodes, anode: anode,
                                        model: model, constraints: parameters.map(\.constraint), step: step,
                                        simulations: extraSimulations)
        }
        let fit: NonlinearLeastSquaresResult
        do {
            let free = setup.free
            var evaluations = 0, best = Double.infinity
            fit = try NonlinearLeastSquares.fit(parameters, residualCount: points.count + priors, options: options,
                                                jacobian: jacobian) { x in
                let r = try model.residuals(x) + zip(free, x).compactMap { f, v in f.priorResidual(v) }
                evaluations += 1
                best = min(best, r.reduce(0) { $0 + $1 * $1 })
                progress?(Progress(evaluations: evaluations, simulations: model.simulations + extraSimulations.value, bestChiSquare: best,
                                   elapsed_s: Date().timeIntervalSince(clock)))
                return r
            }
        } catch let e as NonlinearLeastSquaresError {
            throw InputError(file: setup.path, message: "the fit failed: \(e)")
        }
        let predicted = try model.predictions(fit.parameters)
        let fitted = fittedPoints(points, predicted: predicted, residuals: fit.residuals, model: model,
                                  electrolyte: model.electrolyte(fit.parameters))
        let fp = zip(zip(parameters, setup.free), fit.estimates).map { pf, e in
            FittedParameter(key: e.name, unit: pf.1.key.unit, initial: pf.0.initial, value: e.value,
                            standard_error: e.standardError, interval_low: e.interval?.lowerBound,
                            interval_high: e.interval?.upperBound, identifiable: !fit.nonIdentifiable.contains(e.name),
                            prior: pf.1.priorText)
        }
        var warnings = fit.warnings
        for name in fit.nonIdentifiable { warnings.append("\(name) is not identifiable from these data") }
        for p in fitted where abs(p.residual) > 3 {
            warnings.append(String(format: "data conflict: %@ %@ %@ measured %.4g %@, model %.4g (%.1f standard uncertainties)",
                                   p.location, p.kind, p.quantity, p.measured, p.unit, p.model, p.residual))
        }
        var result = CalibrationResult(
            setup: setup, base: base, fitted: model.electrolyte(fit.parameters), parameters: fp, correlation: fit.correlation,
            points: fitted, notFitted: unfitted, warnings: warnings, chiSquare: fit.chiSquare,
            degreesOfFreedom: fit.degreesOfFreedom, iterations: fit.iterations, convergence: fit.convergence.rawValue,
            simulations: model.simulations + extraSimulations.value, elapsed_s: Date().timeIntervalSince(clock),
            activationTemperature_C: Units.celsius(kelvin: model.activationTemperature_K),
            geometry: model.geometryNotes(model.electrolyte(fit.parameters)))
        result.covarianceAPriori = fit.covarianceAPriori
        result.assumedTemperature = try assumedTemperatureEffect(setup: setup, base: base, rows: rows, points: points, cathodes: cathodes,
                                                                 anode: anode, x: fit.parameters, constraints: parameters.map(\.constraint),
                                                                 covariance: fit.covarianceAPriori, step: step, stepper: stepper,
                                                                 simulations: extraSimulations)
        result.simulations = model.simulations + extraSimulations.value
        return result
    }

    /// The trust-region solver's settings for a fit of `points`.
    static func solverOptions(setup: FitSetup, points: [FitPoint]) -> NonlinearLeastSquaresOptions {
        var options = NonlinearLeastSquaresOptions()
        options.starts = setup.starts
        options.xTolerance = 1e-8
        options.gradientTolerance = 1e-10
        options.maxIterations = 200
        // Simulated capacities, retentions and times to short carry the integrators' error: central differences on
        // each coordinate's typical size, with the step that keeps that noise out of the Jacobian.
        if points.contains(where: { $0.observation.isSimulated }) {
            options.finiteDifferences = .central
            options.finiteDifferenceScale = .typicalSize
            options.finiteDifferenceStep = simulatedFiniteDifferenceStep
        }
        return options
    }

    /// The central-difference step of a fit with simulated points, in the internal coordinates (ln p, a logistic's
    /// argument): h = (3η)^(1/3) ≈ 0.031 for a relative noise η of the simulated values equal to the simulations'
    /// relative tolerance 1e-5. A central difference over h errs by the truncation h²·|f'''|/6 plus the noise η·|f|/h
    /// (its noise error bounded as in Numerical Recipes, 3rd ed. (2007) §5.7, eq. 5.7.8); for residuals whose
    /// third derivative in the internal coordinates is of the size of the first (a capacity ∝ p, fitted as ln p) the
    /// sum is least at h = (3η)^(1/3) (Dennis & Schnabel, Numerical Methods for Unconstrained Optimization and
    /// Nonlinear Equations (1983) §5.6: h = η^(1/3)·typx for central differences). The simulated values are
    /// piecewise smooth in the parameters, with jumps where an adaptive step is accepted instead of rejected or an
    /// event takes one more bisection: up to 5e-5 relative at rtol 1e-5 (an NCM523 capacity at 0.2C, rkck), where the
    /// earlier step of 1e-4·|u| (2e-5 for t₊ = 0.55, 5e-4 for ln of a capacity in mAh/g) read Jacobian entries off by
    /// 10 % (a capacity's own column) to 140 times (a capacity's dependence on t₊), differently for each stepper; at
    /// h = 0.031 such a jump moves an entry by 2e-3 of a capacity's own slope.
    static let simulatedFiniteDifferenceStep = cbrt(3 * FitModel.simulationRelativeTolerance)

    /// The free parameters at their start values (the model file's, or the set-up's `initial`), with their
    /// constraints and the set-up's bounds.
    static func startParameters(setup: FitSetup, base: Electrolyte, cathodes: [String: Cathode]) throws -> [FitParameter] {
        var parameters: [FitParameter] = []
        for f in setup.free {
            guard let current = f.key.get(base) ?? FitParameterRegistry.cathodeValue(f.key.key, cathodes: cathodes) else {
                if f.key.section == "electrodes" {
                    throw InputError(file: setup.path, key: f.key.key, message: "no such cathode in the model directory")
                }
                throw InputError(file: setup.path, key: f.key.key,
                                 message: "\(setup.electrolyteID)'s \(base.conductivity.name) law has no such parameter")
            }
            var constraint = f.key.constraint(base)
            if f.lower != nil || f.upper != nil {
                let (lo0, hi0) = bounds(constraint)
                let lo = f.lower ?? lo0, hi = f.upper ?? hi0
                if case .complementBounded = constraint {
                    constraint = .complementBounded(lower: lo, upper: hi)
                } else {
                    constraint = isPositive(constraint) && lo > 0 ? .positiveBounded(lower: lo, upper: hi) : .bounded(lower: lo, upper: hi)
                }
            }
            var start = f.initial ?? current
            guard start.isFinite else {
                throw InputError(file: setup.path, key: f.key.key, message: "the model file's value is infinite: give an initial value")
            }
            start = clamp(start, into: constraint)
            parameters.append(FitParameter(f.key.key, initial: start, constraint))
        }
        return parameters
    }

    /// The points of a finished fit with their model values, residuals and the protocol each assumed.
    static func fittedPoints(_ points: [FitPoint], predicted: [Double], residuals: [Double], model: FitModel,
                             electrolyte: Electrolyte) -> [FittedPoint] {
        points.enumerated().map { k, p in
            FittedPoint(location: p.row.location, source: p.row.source, kind: p.row.kind, quantity: p.row.quantity,
                        temperature_C: p.temperature_C, c_rate: p.row.cRate, cycle: p.row.cycle, qualifier: p.row.qualifier,
                        measured: p.measured, model: predicted[k], unit: p.unit, residual: residuals[k],
                        tolerance: p.observation.toleranceText, frequency_Hz: p.row.frequency_Hz,
                        specificCapacity_mAh_g: p.row.specificCapacity_mAh_g,
                        protocol_assumptions: model.protocolText(p, electrolyte))
        }
    }

    /// Fits through lifetime simulations: a forward-difference Jacobian whose columns are simulated in parallel, each
    /// by its own copy of the model (the lifetime runs are the cost; their fixed skipping schedule makes the residuals
    /// smooth in the parameters).
    static func parallelJacobian(setup: FitSetup, base: Electrolyte, points: [FitPoint], cathodes: [String: Cathode],
                                 anode: LithiumAnode, model: FitModel, constraints: [ParameterConstraint], step h: Double,
                                 simulations: Counter) -> ([Double]) throws -> [[Double]] {
        let free = setup.free, stepper = model.stepper
        return { x in
            let f0 = try model.residuals(x) + zip(free, x).compactMap { f, v in f.priorResidual(v) }
            let steps = zip(x, constraints).map { Self.forwardStep($0, $1, h: h) }
            let cols = try ParallelMap.run(x.count) { j in
                let copy = FitModel(base: base, keys: free.map(\.key), points: points, setup: setup, cathodes: cathodes, anode: anode)
                copy.budgetIsFatal = false
                copy.stepper = stepper
                var xj = x
                xj[j] += steps[j]
                let r = try copy.residuals(xj) + zip(free, xj).compactMap { f, v in f.priorResidual(v) }
                simulations.add(copy.simulations)
                return zip(r, f0).map { ($0 - $1) / steps[j] }
            }
            return f0.indices.map { i in cols.map { $0[i] } }
        }
    }

    /// Lifetime fits stop when two accepted steps in a row each lower χ² by less than this times the number of
    /// residuals, or by less than χ²'s integration noise (``NonlinearLeastSquaresOptions/chiSquareChangePerResidual``).
    /// Every residual is in units of its measurement's standard uncertainty, so 1e-3·n is a thousandth of the χ² a fit
    /// that matches its data within their uncertainties has: the remaining way to the minimum is worth less than the
    /// data can tell, whatever χ²/dof (a refit with no degree of freedom left has χ² → 0, where a rule relative to
    /// χ²/dof waits for changes the integrators' noise hides).
    static let lifetimeChiSquareChangePerResidual = 1e-3

    /// Least relative forward-difference step of the lifetime fits' Jacobian (``lifetimeStep(noise:)``): smaller
    /// steps stall the fit in correlated valleys.
    static let lifetimeFiniteDifferenceStep = 1e-2
    /// Largest relative forward-difference step of the lifetime fits' Jacobian: beyond a tenth of a parameter's scale
    /// the difference measures the curvature more than the slope.
    static let lifetimeMaximumFiniteDifferenceStep = 0.1

    /// The standard deviation of each point's residual from the simulation's integration error, residual units: a
    /// simulated value y carries a relative error of about the integrator's relative tolerance `rtol` (its local
    /// error control), which the residual amplifies by |∂r/∂ln y|, taken at the measured value. A Coulombic
    /// efficiency's residual ln((1 − CE_model)/(1 − CE))/ln 1.2 amplifies it by CE/((1 − CE)·ln 1.2), ×915 at
    /// CE = 0.994; a retention's (R − R_meas)/0.03 by R/0.03, ×30 at 0.9. Closed-form points carry none.
    static func residualNoise(_ points: [FitPoint], relativeTolerance rtol: Double) -> [Double] {
        points.map { p in
            guard p.observation.isSimulated, p.measured != 0, p.measured.isFinite else { return 0 }
            let d = 1e-6, y = p.measured
            let up = p.observation.residual(p, model: y * (1 + d)), down = p.observation.residual(p, model: y * (1 - d))
            let slope = abs(up - down) / (2 * d)
            return slope.isFinite ? slope * rtol : 0
        }
    }

    /// The relative forward-difference step of a lifetime fit's Jacobian from its residuals' noise: a forward
    /// difference over step h has truncation error ~h·|f''|/2 and noise error ~2ε/h, balanced at h ~ √ε for residuals
    /// and curvatures of order one in the internal (mostly log) coordinates (Nocedal & Wright, Numerical Optimization,
    /// 2nd ed. (2006) §8.1, eq. 8.5), ε the largest residual noise; at least ``lifetimeFiniteDifferenceStep``, at most
    /// ``lifetimeMaximumFiniteDifferenceStep``. A Coulombic-efficiency row at rtol 1e-5 (ε ≈ 9e-3) takes h ≈ 0.095,
    /// where 1e-2 left the noise at ~2ε/h ≈ 1.8 residual units per unit of the parameter's coordinate.
    static func lifetimeStep(noise: [Double]) -> Double {
        let eps = noise.max() ?? 0
        return min(max(eps.squareRoot(), lifetimeFiniteDifferenceStep), lifetimeMaximumFiniteDifferenceStep)
    }

    /// The forward step of a parameter: relative to its value (log-type parameters), to its distance from the upper
    /// bound (an efficiency near 1), and pointing into the domain.
    static func forwardStep(_ x: Double, _ c: ParameterConstraint, h: Double = lifetimeFiniteDifferenceStep) -> Double {
        if case let .complementBounded(_, hi) = c { return -h * (hi - x) }
        switch c {
        case .positive, .positiveBounded: return h * x
        case .none: return h * max(abs(x), 1)
        case let .bounded(lo, hi):
            let d = h * max(abs(x), 1e-2 * (hi - lo))
            return x + d < hi ? d : -d
        case .complementBounded: return 0 // set below (needs the bounds)
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add(_ k: Int) { lock.withLock { n += k } }
        var value: Int { lock.withLock { n } }
    }

    private static func isPositive(_ c: ParameterConstraint) -> Bool {
        switch c {
        case .positive, .positiveBounded: return true
        case let .bounded(lo, _), let .complementBounded(lo, _): return lo >= 0
        case .none: return false
        }
    }

    private static func bounds(_ c: ParameterConstraint) -> (Double, Double) {
        switch c {
        case .none: return (-Double.greatestFiniteMagnitude, .greatestFiniteMagnitude)
        case .positive: return (0, .greatestFiniteMagnitude)
        case let .bounded(lo, hi), let .positiveBounded(lo, hi), let .complementBounded(lo, hi): return (lo, hi)
        }
    }

    /// Moves a start value strictly inside the constraint's domain (t₊ = 1 → 0.999, a rate of 0 → 1e-6 …).
    private static func clamp(_ x: Double, into c: ParameterConstraint) -> Double {
        switch c {
        case .none: return x
        case .positive: return x > 0 ? x : 1e-6
        case let .bounded(lo, hi):
            let margin = (hi - lo) * 1e-3
            return min(max(x, lo + margin), hi - margin)
        case let .positiveBounded(lo, hi):
            return min(max(x, lo * 1.001), hi / 1.001)
        case let .complementBounded(lo, hi):
            return min(max(x, lo + (hi - lo) * 1e-3), hi - (hi - lo) * 1e-9)
        }
    }
}
