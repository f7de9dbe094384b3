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
    public private(set) var simulations = 0
    /// Whether a lifetime run over its budget (``simulationBudget()``) stops everything with the row named (the start
    /// of a fit, an evaluation) or counts as a cell that cannot be cycled (trial steps of a running fit).
    var budgetIsFatal = true

    init(base: Electrolyte, keys: [FitKey], points: [FitPoint], setup: FitSetup, cathodes: [String: Cathode], anode: LithiumAnode) {
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

    public static func residual(_ p: FitPoint, model: Double) -> Double {
        var r: Double
        switch p.kind {
        case .conductivity: r = log(model / p.measured) / 0.05
        case .activationEnergy: r = (model - p.measured) / (0.10 * p.measured)
        case .melting: r = (model - p.measured) / Self.meltingTolerance_K
        case .transference: r = (model - p.measured) / 0.02
        case .capacity: r = (model - p.measured) / (0.05 * p.measured)
        case .retention: r = (model - p.measured) / 0.03
        case .timeToShort: r = log(model / p.measured) / log(2)
        case .censoredShort: return p.weight * max(0, log(p.measured / model)) / log(2)
        case .interfaceResistance: r = log(model / p.measured) / log(1.2)
        case .symmetricPolarization: r = log(model / p.measured) / log(1.25)
        case .cyclingLife: r = log(model / p.measured) / log(1.2)
        case .coulombicEfficiency: r = log(max(1 - model, 1e-9) / (1 - p.measured)) / log(1.2)
        case .criticalCurrent: r = (model - p.measured) / Self.criticalCurrentStep_mA_cm2
        case .voltageCurve: r = (model - p.measured) / Self.voltageCurveTolerance_V
        case .impedance: r = (model - p.measured) / (Self.impedanceTolerance * (p.modulus_ohm ?? abs(p.measured)))
        }
        switch p.oneSided {
        case .atMost?: r = max(0, r)
        case .atLeast?: r = min(0, r)
        case nil: break
        }
        return p.weight * r
    }

    func predict(_ p: FitPoint, _ e: Electrolyte) throws -> Double {
        switch p.kind {
        case .conductivity:
            return e.conductivity.sigma_S_m(at: Units.kelvin(celsius: p.temperature_C ?? 25)) / 100
        case .activationEnergy:
            return e.conductivity.apparentActivationEnergy_J_mol(at: activationTemperature_K) / 1000
        case .transference:
            return e.transferenceNumber
        case .capacity:
            return try capacity(p, e)
        case .retention:
            return try retention(p, e)
        case .timeToShort, .censoredShort:
            return try timeToShort(p, e)
        case .interfaceResistance:
            return interfaceResistance(p, e)
        case .symmetricPolarization:
            return try symmetricPolarization(p, e)
        case .cyclingLife:
            return try cyclingLife(p, e)
        case .criticalCurrent:
            return Self.criticalCurrent(p, e)
        case .voltageCurve:
            return try curveVoltage(p, e)
        case .coulombicEfficiency:
            let (value, simulated) = try sharedCoulombicEfficiency(p, e)
            simulations += simulated
            return value
        case .impedance:
            return try Self.impedance(p, e)
        case .melting:
            return Self.meltingTemperature_C(e.conductivity) ?? .nan
        }
    }

    /// Tolerance of melting rows, K.
    static let meltingTolerance_K = 3.0

    /// T_m (°C) of a law with a crystalline phase, nil otherwise.
    static func meltingTemperature_C(_ law: ConductivityLaw) -> Double? {
        switch law {
        case .twoRegime(_, let tm, _, _, _): return Units.celsius(kelvin: tm)
        case .twoRegimeVFT(_, _, _, _, let phase): return Units.celsius(kelvin: phase.melting_K)
        default: return nil
        }
    }

    /// Tolerance of impedance points, a fraction of the measured |Z| at the frequency.
    static let impedanceTolerance = 0.02

    /// Li|E|Li impedance at the row's frequency and temperature, Ω: Re Z (`Z_real`) or signed Im Z (`Z_imag`) of
    /// ``CellImpedanceModel/symmetric(electrolyte:temperature_K:assumptions:)`` with the default impedance
    /// assumptions and the electrolyte's electrode area (the set-up's `electrode_area_cm2`).
    static func impedance(_ p: FitPoint, _ e: Electrolyte) throws -> Double {
        guard let f = p.row.frequency_Hz else { return .nan }
        let cell = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: Units.kelvin(celsius: p.temperature_C ?? 25))
        let z = cell.circuit.impedance(frequency_Hz: f, parameters: cell.parameters)
        return p.row.quantity == SpectrumSource.imaginaryQuantity ? z.im : z.re
    }

    /// Cycle life of the row's full-cell test: standard CC–CV cycles at its C-rate until a short or 80 % retention,
    /// at most 3× the measured life (a cell alive then reports that count, a lower bound).
    private func cyclingLife(_ p: FitPoint, _ e: Electrolyte) throws -> Double {
        let rate = p.row.cRate ?? 0.5
        guard let n = Int(checked: 3 * p.measured, rounding: .up, in: 1...Int(3 * InputLimit.cycles.range.upperBound)) else {
            throw InputError(file: p.row.file, line: p.row.line, key: "value",
                             message: "a cycle life of \(p.measured) lies outside 1…\(Int(InputLimit.cycles.range.upperBound)) cycles")
        }
        simulations += 1
        let r = try Self.lifetimeRun(try design(p, e), temperature_C: p.temperature_C ?? 25, chargeRate: Self.chargeRate(p, rate, e),
                                     dischargeRate: rate, cycles: n, threshold: 0.8)
        if let c = r.cyclesToThreshold[0.8] ?? nil { return Double(c) }
        return Double(r.cycles.last?.cycle ?? n)
    }

    /// Li|E|Li interface resistance at the row's temperature after `time_h` of storage (0 when not given):
    /// R = 2·[RT/(F·i₀(T)) + ASR_SEI(t)] per electrode pair, with the small-signal charge-transfer resistance of the
    /// asinh law and the parabolic calendar growth ASR_SEI² = ASR₀² + k_cal·A(T)·t (DOMAIN A3, A4); in Ω over the
    /// study's electrode area (or Ω cm² when the row says so).
    func interfaceResistance(_ p: FitPoint, _ e: Electrolyte) -> Double {
        var current_A_m2: Double?, capacity_C_m2: Double?
        if let n = p.row.cycle, n > 0 {
            current_A_m2 = p.row.current_mA_cm2.map { Units.A_m2(mA_cm2: $0) } ?? setup.symmetricCurrent_A_m2
            capacity_C_m2 = p.row.arealCapacity_mAh_cm2.map { Units.C_m2(mAh_cm2: $0) } ?? setup.symmetricCapacity_C_m2
        }
        return Self.interfaceResistance(p, e, cycles: p.row.cycle ?? 0, current_A_m2: current_A_m2, capacity_C_m2: capacity_C_m2)
    }

    /// Li|E|Li interface resistance (Ω over the study's electrode area, or Ω cm² for rows in ohm cm2): both
    /// interfaces, 2·[RT/(F i₀) + ASR_SEI], with the film grown by the calendar law over the row's storage time and,
    /// after N galvanostatic Li|Li cycles at J with q per half-cycle, by N cycles of ``LithiumLossLaw`` in closed form:
    /// each electrode plates q once per cycle of 2q/J, so ASR_SEI² = ASR₀² + A(T)·[k_cal·(t + 2Nq/J) +
    /// k_pl·(J/J_ref)^m·N·q] (DOMAIN B §5.1; the symmetric twin integrates the same law).
    static func interfaceResistance(_ p: FitPoint, _ e: Electrolyte, cycles: Int = 0, current_A_m2: Double? = nil,
                                    capacity_C_m2: Double? = nil) -> Double {
        let T = Units.kelvin(celsius: p.temperature_C ?? 25)
        let chargeTransfer_ohm_m2 = Physical.thermalVoltage(T) / e.lithiumExchangeCurrent.value(at: T)
        var t_s = (p.row.time_h ?? 0) * 3600, plated_C_m2 = 0.0, j_A_m2 = 0.0
        if cycles > 0, let j = current_A_m2, let q = capacity_C_m2, j > 0, q > 0 {
            t_s += Double(cycles) * 2 * q / j
            plated_C_m2 = Double(cycles) * q
            j_A_m2 = j
        }
        let law = LithiumLossLaw(aging: e.aging, temperature_K: T)
        let film_ohm_m2 = max(law.interphaseSquared(initial_ohm_m2: e.lithiumInterphaseASR_ohm_m2, time_s: t_s,
                                                    plated_C_m2: plated_C_m2, current_A_m2: j_A_m2), 0).squareRoot()
            * e.lithiumInterphaseFactor(at: T)
        let asr_ohm_m2 = 2 * (chargeTransfer_ohm_m2 + film_ohm_m2)
        return p.unit == "ohm cm2" ? asr_ohm_m2 * 1e4 : asr_ohm_m2 / e.referenceCell.electrodeArea_m2
    }

    /// Li|Li polarization: |V| at the end of the last half-cycle of the row's galvanostatic test (±J, areal capacity
    /// per half-cycle) after `time_h` (24 half-cycles when not given), short damage off.
    private func symmetricPolarization(_ p: FitPoint, _ e: Electrolyte) throws -> Double {
        guard let j = p.row.current_mA_cm2, let q = p.row.arealCapacity_mAh_cm2 else { return .nan }
        var noShort = e
        noShort.shortLaw.referenceTime_s = .infinity
        noShort.shortLaw.criticalCharge_C_m2 = .infinity
        var o = SymmetricOptions()
        o.traceSamples = 10
        o.budget = Self.simulationBudget()
        simulations += 1
        let sym = try SymmetricSimulator(electrolyte: noShort, temperature_C: p.temperature_C ?? 25, options: o)
        let duration_h = p.row.time_h ?? Self.shortHorizonHalfCycles * q / j
        let r = try sym.platingStripping(PlatingStripping(current_mA_cm2: j, capacity_mAh_cm2: q, duration_h: duration_h))
        return r.halfCycles.last?.overpotential_V ?? .nan
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

    private func capacity(_ p: FitPoint, _ e: Electrolyte) throws -> Double {
        let d = try design(p, e)
        let rate = p.row.cRate ?? 0.1
        let s = try ccCycle(d, temperature_C: p.temperature_C ?? 25, chargeRate: Self.chargeRate(p, rate, e), dischargeRate: rate)
        guard let c = s.cycles.last else { return 0 }
        return d.mAh_g(c.dischargeCapacity_C_m2)
    }

    /// One CC charge to the cathode's upper cut-off and CC discharge to its lower one, from the discharged state,
    /// without aging (rtol 1e-5): the run behind capacity and voltage-curve points.
    private func ccCycle(_ d: CellDesign, temperature_C: Double, chargeRate: Double, dischargeRate: Double,
                         trace: Bool = false) throws -> Solution {
        var o = SimulationOptions()
        o.aging = false
        o.initialStateOfCharge = 0
        o.relativeTolerance = 1e-5
        o.recordTrace = trace
        o.budget = Self.simulationBudget()
        let ex = try Experiment(steps: [
            String(format: "Charge at %gC until %g V", chargeRate, d.cathode.maximumVoltage_V),
            String(format: "Discharge at %gC until %g V", dischargeRate, d.cathode.minimumVoltage_V),
        ], cycles: 1)
        simulations += 1
        return try Simulator(design: d, temperature_C: temperature_C, options: o).run(ex)
    }

    private func retention(_ p: FitPoint, _ e: Electrolyte) throws -> Double {
        let (value, simulated) = try sharedRetention(p, e)
        simulations += simulated
        return value
    }

    /// Cycles per skipped block of the lifetime runs (a fixed schedule, so that retention and cycle life vary
    /// smoothly with the parameters; within 1e-5 of exact runs on the shipped fade tests).
    static let lifetimeBlock = 20

    /// Tolerance of a point on a voltage curve, V.
    static let voltageCurveTolerance_V = 0.02

    /// Voltage of the model's CC half-cycle at the point's capacity (mAh/g): one CC charge then discharge at the row's
    /// C-rate (as a capacity row), simulated once per electrolyte and test (cathode, T, C-rate) for all points of a
    /// curve; beyond the model's own end of the half-cycle its cut-off voltage.
    private func curveVoltage(_ p: FitPoint, _ e: Electrolyte) throws -> Double {
        let test = CurveRunMemo.Test(cathode: p.row.cathode ?? setup.cathodeID ?? "LFP", temperature_C: p.temperature_C ?? 25,
                                     cRate: p.row.cRate ?? 0.1, discharge: p.row.quantity == "discharge_voltage")
        if curveRuns.electrolyte != e {
            curveRuns.electrolyte = e
            curveRuns.curves = [:]
        }
        if curveRuns.curves[test] == nil {
            let d = try design(p, e)
            let s = try ccCycle(d, temperature_C: test.temperature_C, chargeRate: test.cRate, dischargeRate: test.cRate, trace: true)
            guard let trace = s.trace, let chargeStep = trace.step.first else { return .nan }
            // The first step is the charge, the next the discharge; capacity from the step's start, mAh/g.
            let step = test.discharge ? chargeStep + 1 : chargeStep
            let k = trace.step.indices.filter { trace.step[$0] == step }
            guard let first = k.first else { return .nan }
            let q = k.map { d.mAh_g(abs(trace.charge_C_m2[$0] - trace.charge_C_m2[first])) }
            curveRuns.curves[test] = (q, k.map { trace.voltage_V[$0] })
        }
        guard let curve = curveRuns.curves[test], let capacity = p.row.specificCapacity_mAh_g else { return .nan }
        return VoltageCurve.voltage(at: capacity, capacities: curve.capacity_mAh_g, voltages: curve.voltage_V)
    }

    /// Current step of the CCD step tests, mA/cm² (`celltwin validate` runs them with the same step).
    static let criticalCurrentStep_mA_cm2 = 0.05
    /// Largest current of a step test, mA/cm².
    static let criticalCurrentMaximum_mA_cm2 = 3.0

    /// Li|Li critical current density (mA/cm²) of a step test with the row's areal capacity q per half-cycle, as a
    /// continuous function of the parameters. Each electrode plates q once per step, so the damage after the steps up
    /// to J is Σ r(J_k)·q/J_k (``ShortLaw``: r/J = a·Jⁿ⁻¹ + b·Jᵐ); as a continuous ramp of steps `step` apart that sum
    /// is (q/step)·[a·Jⁿ/n + b·J^(m+1)/(m+1)] plus half the last step's damage. The test fails at the first step at
    /// or above J*, the lower of (a) the current where that damage reaches 1 (Brent in ln J) and (b) Sand onset within
    /// the half-cycle, t_s(J) = q/J, above the limiting current (below it the salt never runs out). The last step
    /// passed then lies in (J* − step, J*]: the model's CCD is its mean, J* − step/2. The voltage limit is left to the
    /// step test.
    static func criticalCurrent(_ p: FitPoint, _ e: Electrolyte) -> Double {
        guard let q_mAh = p.row.arealCapacity_mAh_cm2 else { return criticalCurrentMaximum_mA_cm2 }
        let T = Units.kelvin(celsius: p.temperature_C ?? 25)
        let q = Units.C_m2(mAh_cm2: q_mAh)
        let step = Units.A_m2(mA_cm2: criticalCurrentStep_mA_cm2)
        let law = e.resolvedShortLaw(at: T)
        func lnDamage(_ lnJ: Double) -> Double {
            let j = exp(lnJ)
            let n = law.exponent, m1 = law.criticalExponent
            var ramp = 0.0
            if law.cumulativeCoefficient > 0 { ramp += law.cumulativeCoefficient * pow(j, n) / n }
            if law.criticalCoefficient > 0 { ramp += law.criticalCoefficient * pow(j, m1) / m1 }
            let phi = q / step * ramp + 0.5 * law.rate(current_A_m2: j) * q / j
            return log(max(phi, .leastNormalMagnitude))
        }
        let lo = log(Units.A_m2(mA_cm2: 1e-4)), hi = log(Units.A_m2(mA_cm2: criticalCurrentMaximum_mA_cm2))
        let fLo = lnDamage(lo), fHi = lnDamage(hi)
        let short = fHi < 0 ? exp(hi) : fLo >= 0 ? exp(lo)
            : exp((try? ScalarRoot.brent(lower: lo, upper: hi, fLower: fLo, fUpper: fHi, xTolerance: 1e-10, lnDamage).x) ?? hi)
        let jSand = CriticalCurrent.sandCurrent(e, temperature_K: T, halfCycleCharge_C_m2: q)
        let sand = jSand.isFinite ? max(jSand, e.limitingCurrent_A_m2(at: T)) : .infinity
        let jStar = Units.mA_cm2(A_m2: min(short, sand))
        return min(max(jStar - criticalCurrentStep_mA_cm2 / 2, 0), criticalCurrentMaximum_mA_cm2)
    }

    /// Half-cycles of the Li|Li horizon simulated for salt depletion (Sand onset) and the voltage limit.
    static let shortHorizonHalfCycles = 24.0
    /// Longest model time to short reported, h (an effectively infinite short law).
    static let maximumTimeToShort_h = 1e9

    /// Li|Li time to short, h: the earlier of (a) the short damage law, which is evaluated in closed form so the
    /// fit sees a smooth function of its parameters — Φ of the electrode plated first grows at rate r(J, T)
    /// while it plates, every other half-cycle h, so Φ = 1 at t = 2/r − h (exact when 1/r is a whole number of
    /// half-cycles, a lower bound otherwise) — and (b) a Sand onset or voltage limit in a simulated horizon of
    /// the same test with the damage law switched off.
    private func timeToShort(_ p: FitPoint, _ e: Electrolyte) throws -> Double {
        guard let j = p.row.current_mA_cm2, let q = p.row.arealCapacity_mAh_cm2 else { return Self.maximumTimeToShort_h }
        let T = p.temperature_C ?? 25
        let halfCycle_h = q / j
        let rate = e.resolvedShortLaw(at: Units.kelvin(celsius: T)).rate(current_A_m2: Units.A_m2(mA_cm2: j)) * 3600
        var tLaw = Self.maximumTimeToShort_h
        if rate > 0 { tLaw = min(max(2 / rate - halfCycle_h, 1 / rate), Self.maximumTimeToShort_h) }
        var noShort = e
        noShort.shortLaw.referenceTime_s = .infinity
        noShort.shortLaw.criticalCharge_C_m2 = .infinity
        let horizon_h = min(p.measured * 2, Self.shortHorizonHalfCycles * halfCycle_h)
        var o = SymmetricOptions()
        o.traceSamples = 10
        o.budget = Self.simulationBudget()
        simulations += 1
        let sym = try SymmetricSimulator(electrolyte: noShort, temperature_C: T, options: o)
        let r = try sym.platingStripping(PlatingStripping(current_mA_cm2: j, capacity_mAh_cm2: q, duration_h: horizon_h))
        if r.event != nil { return min(tLaw, r.end_s / 3600) }
        return tLaw
    }
}
