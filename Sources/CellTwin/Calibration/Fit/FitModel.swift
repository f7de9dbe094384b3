import Foundation

/// Model predictions for fit points, and residuals in tolerance units. Predictions are cached by parameter
/// vector (a finite-difference Jacobian and the final evaluation reuse them); simulations are kept short:
/// one CC cycle for capacities, cycle skipping for retention, a short Li|Li horizon extrapolated by the
/// (linear in time) short damage for times to short.
public final class FitModel {
    public let base: Electrolyte
    public let keys: [FitKey]
    public let points: [FitPoint]
    let setup: FitSetup
    let cathodes: [String: Cathode]
    let anode: LithiumAnode
    /// Temperature (K) for the apparent activation energy: mean of the conductivity rows, else 25 °C.
    public let activationTemperature_K: Double
    private var cache: [[Double]: [Double]] = [:]
    /// Lifetime runs shared by the retention points of one test (FitModel+LifeRuns.swift).
    let lifeRuns = LifeRunMemo()
    /// Simulated half-cycles shared by the points of one voltage curve.
    let curveRuns = CurveRunMemo()
    public internal(set) var simulations = 0
    /// Whether a lifetime run over its budget (``simulationBudget()``) stops everything with the row named (the start
    /// of a fit, an evaluation) or counts as a cell that cannot be cycled (trial steps of a running fit).
    var budgetIsFatal = true
    /// The explicit stepper of the fit's cell simulations (capacity, voltage-curve and lifetime runs): the simulator's
    /// default unless a caller compares integrators (the fit's standard errors must not depend on it).
    var stepper = SimulationOptions().stepper

    package init(base: Electrolyte, keys: [FitKey], points: [FitPoint], setup: FitSetup, cathodes: [String: Cathode], anode: LithiumAnode) {
        self.base = base
        self.keys = keys
        self.points = points
        self.setup = setup
        self.cathodes = cathodes
        self.anode = anode
        let temps = points.filter { $0.kind == .conductivity }.compactMap(\.temperature_C)
        activationTemperature_K = Units.kelvin(celsius: temps.isEmpty ? 25 : temps.reduce(0, +) / Double(temps.count))
    }

    /// The base electrolyte with `values` (lab units, in the order of `keys`) set.
    public func electrolyte(_ values: [Double]) -> Electrolyte {
        var e = base
        for (k, v) in zip(keys, values) { k.set(&e, v) }
        return e
    }

    /// Model value of each point (in the point's unit).
    public func predictions(_ values: [Double]) throws -> [Double] {
        if let hit = cache[values] { return hit }
        let e = electrolyte(values)
        var out: [Double] = []
        for p in points {
            do {
                out.append(try predict(p, e))
            } catch let error as ODEError {
                guard case .budgetExceeded = error else { throw error }
                throw InputError(file: p.row.file, line: p.row.line, key: p.row.kind,
                                 message: "\(error) while predicting this row (\(Self.describe(p))); the fit stops here rather than hang. "
                                    + "Check the protocol assumptions (temperature, C-rate, cathode, geometry) and the start values")
            }
        }
        cache[values] = out
        return out
    }

    /// Wall-clock seconds and right-hand-side evaluations one simulation inside a fit may spend
    /// (``SimulationOptions/budget``): far above what a healthy run needs (a 20-cycle lifetime run takes ~5e3
    /// evaluations, a 1000-cycle run with skipping ~1e5), so that only a run the integrator cannot finish stops the fit.
    static let simulationBudget_s = 20.0
    static let simulationBudgetEvaluations = 1_000_000

    static func simulationBudget() -> ODEBudget {
        ODEBudget(seconds: simulationBudget_s, rhsEvaluations: simulationBudgetEvaluations)
    }

    /// The test behind a point, for messages: "cycling_retention, LFP, 30 °C, 0.5C, cycle 300".
    static func describe(_ p: FitPoint) -> String {
        var parts = [p.row.kind]
        if let c = p.row.cathode { parts.append(c) }
        if let t = p.temperature_C { parts.append(String(format: "%g °C", t)) }
        if let c = p.row.cRate { parts.append(String(format: "%gC", c)) }
        if let j = p.row.current_mA_cm2 { parts.append(String(format: "%g mA/cm2", j)) }
        if let n = p.row.cycle { parts.append("cycle \(n)") }
        return parts.joined(separator: ", ")
    }

    /// Residuals in tolerance units (times the kind's weight).
    public func residuals(_ values: [Double]) throws -> [Double] {
        let m = try predictions(values)
        return zip(points, m).map { Self.residual($0, model: $1) }
    }

    /// The point's residual in tolerance units times its weight (its observation's residual, one-sided rows
    /// counted one way).
    public static func residual(_ p: FitPoint, model: Double) -> Double {
        let r = p.observation.residual(p, model: model)
        return p.weight * (p.observation.residualIsOneSided ? r : ObservationComparison.sidedResidual(p, r))
    }

    func predict(_ p: FitPoint, _ e: Electrolyte) throws -> Double {
        try p.observation.predict(p, e, model: self)
    }

    func design(_ p: FitPoint, _ e: Electrolyte) throws -> CellDesign {
        try Self.design(cathodeID: p.row.cathode, e, setup: setup, cathodes: cathodes, anode: anode, file: p.row.file, line: p.row.line)
    }

    /// The full cell of a row with cathode `cathodeID` (nil: the set-up's, else LFP) under the set-up's assumptions.
    static func design(cathodeID: String?, _ e: Electrolyte, setup: FitSetup, cathodes: [String: Cathode], anode: LithiumAnode,
                       file: String, line: Int? = nil) throws -> CellDesign {
        let id = cathodeID ?? setup.cathodeID ?? "LFP"
        guard let c = cathodes[id] else {
            throw InputError(file: file, line: line, key: "cathode", message: "unknown cathode '\(id)'")
        }
        // The set-up's loading is that of its own cathode; other cathodes take the study's or their default.
        let loading = id == (setup.cathodeID ?? e.referenceCell.loadingCathodeID) ? setup.cathodeLoading_kg_m2 : nil
        return CellDesign(cathode: c, electrolyte: e, anode: anode, cathodeLoading_kg_m2: loading,
                          electrodeArea_m2: setup.electrodeArea_m2, lithiumThickness_m: setup.lithiumThickness_m)
    }

    /// The CC charge rate of a full-cell test discharged at `rate`: the study's rate-test charge rate for
    /// rate-capability rows (``CellFormat/rateTestChargeCRate``), else the discharge rate up to 1C and 0.1C above.
    static func chargeRate(_ p: FitPoint, _ rate: Double, _ e: Electrolyte) -> Double {
        p.row.kind == "rate_capability" ? e.referenceCell.rateTestChargeCRate(forDischarge: rate) : CellFormat.defaultChargeCRate(forDischarge: rate)
    }

    /// One CC charge to the cathode's upper cut-off and CC discharge to its lower one, from the discharged state,
    /// without aging (rtol 1e-5): the run behind capacity and voltage-curve points. A traced run (a voltage curve read
    /// by linear interpolation in capacity) takes at most ``curveStepsPerHalfCycle``-th of a half-cycle per step, so
    /// that the interpolation stays within ~1 mV where an explicit step would span a curved stretch of the OCV.
    func ccCycle(_ d: CellDesign, temperature_C: Double, chargeRate: Double, dischargeRate: Double,
                 trace: Bool = false) throws -> Solution {
        var o = SimulationOptions()
        o.aging = false
        o.initialStateOfCharge = 0
        o.relativeTolerance = Self.simulationRelativeTolerance
        o.stepper = stepper
        o.recordTrace = trace
        if trace { o.maxStep_s = min(o.maxStep_s, Self.curveMaximumStep_s(chargeRate: chargeRate, dischargeRate: dischargeRate)) }
        o.budget = Self.simulationBudget()
        let ex = try Experiment.ccCycle(chargeRate: chargeRate, dischargeRate: dischargeRate,
                                        minimumVoltage: d.cathode.minimumVoltage_V, maximumVoltage: d.cathode.maximumVoltage_V)
        simulations += 1
        return try Simulator(design: d, temperature_C: temperature_C, options: o).run(ex)
    }

    /// Relative tolerance of the fits' cell simulations (capacity, voltage-curve and lifetime runs); the residuals'
    /// noise follows from it (``Calibrator/residualNoise(_:relativeTolerance:)``).
    static let simulationRelativeTolerance = 1e-5

    /// Steps per nominal half-cycle at least, for a traced voltage curve.
    static let curveStepsPerHalfCycle = 400.0

    /// Longest step of a traced voltage-curve run, s: the faster half-cycle's nominal duration over
    /// ``curveStepsPerHalfCycle``.
    public static func curveMaximumStep_s(chargeRate: Double, dischargeRate: Double) -> Double {
        3600 / (curveStepsPerHalfCycle * max(chargeRate, dischargeRate, 1e-3))
    }

    /// Cycles per skipped block of the lifetime runs (a fixed schedule, so that retention and cycle life vary
    /// smoothly with the parameters; within 1e-5 of exact runs on the shipped fade tests).
    static let lifetimeBlock = 20

    /// Current step of the CCD step tests, mA/cm² (`celltwin validate` runs them with the same step).
    static let criticalCurrentStep_mA_cm2 = 0.05
    /// Largest current of a step test, mA/cm².
    static let criticalCurrentMaximum_mA_cm2 = 3.0

    /// The step test's critical current in the fit's continuous form (``CriticalCurrentObservation``).
    static func criticalCurrent(_ p: FitPoint, _ e: Electrolyte) -> Double { CriticalCurrentObservation.criticalCurrent(p, e) }

    /// Half-cycles of the Li|Li horizon simulated for salt depletion (Sand onset) and the voltage limit.
    static let shortHorizonHalfCycles = 24.0
    /// Longest model time to short reported, h (an effectively infinite short law).
    static let maximumTimeToShort_h = 1e9
}
