import Foundation

/// What the physics forecast simulates and fits (``TwinForecaster``).
public struct TwinForecastOptions: Sendable {
    /// Electrolyte model whose aging parameters are fitted.
    public var electrolyteID = "CPCSE"
    public var cathodeID = "LFP"
    /// °C of the simulated test.
    public var temperature_C = 30.0
    /// Discharge C-rate of the simulated test (charge as ``CellFormat/defaultChargeCRate(forDischarge:)``).
    public var cRate = 1.0
    /// Fitted aging keys (``FitParameterRegistry``).
    public var free = ["aging.contact_loss_per_cycle", "aging.sei_plating_growth_ohm2_cm4_per_mAh_cm2"]
    /// Bounds of the fitted keys (lab units); keys not listed keep the registry's domain.
    public var bounds: [String: ClosedRange<Double>] = [
        "aging.contact_loss_per_cycle": 1e-9...0.01,
        "aging.sei_plating_growth_ohm2_cm4_per_mAh_cm2": 1e-3...1e7,
        "aging.sei_calendar_growth_ohm2_cm4_h": 1e-6...1e6,
        "aging.cei_growth_ohm_cm2_h": 1e-9...1e4,
    ]
    /// One fitted point per `every` cycles of the history.
    public var every = 5
    /// Retention is relative to the mean of the first `referenceCycles` cycles.
    public var referenceCycles = 5
    /// Longest forward simulation, cycles.
    public var maxCycles = 4000
    /// The interval spans ±`intervalQuantile` standard deviations along each principal direction of the covariance.
    public var intervalQuantile = 1.96

    public init() {}
}

/// Cycle-life forecast by the digital twin: the aging parameters of a Li-metal full-cell model are fitted to the
/// cell's first cycles (retention relative to its first cycles, through ``Calibrator`` and the lifetime simulator),
/// then the fitted cell is cycled forward until its retention falls below threshold / reference capacity.
///
/// The short law is switched off: a capacity history says nothing about it. The interval: the lifetime is simulated
/// at ±1.96 standard deviations along each principal direction of the fitted parameters' covariance (in log
/// space: positive parameters are fitted in log space), and the interval is the range of the predicted lives
/// (with the central one); a direction whose simulated cell never reaches the threshold leaves the interval open
/// above (`interval_high` nil).
public enum TwinForecaster {
    public static func forecast(data: CyclerData, cell: Int?, first: Int, threshold_Ah: Double, options: TwinForecastOptions = .init(),
                                library: ModelLibrary) throws -> (forecast: CycleLifeForecast, calibration: CalibrationResult) {
        guard first >= 10 else { throw ForecastError.invalid("--first must be at least 10 cycles, got \(first)") }
        guard threshold_Ah.isFinite, threshold_Ah > 0 else { throw ForecastError.invalid("the threshold must be a positive capacity") }
        let file = data.metadata.sourcePath
        let used = data.dischargeCapacities_Ah.filter { $0.capacity_Ah.isFinite && $0.capacity_Ah > 0 }
        guard used.count >= first else { throw ForecastError.tooFewCycles(cell: cell ?? 0, have: used.count, need: first) }
        let history = HistorySource(file: file, label: "history", cell: cell, first: first, every: options.every,
                                    referenceCycles: options.referenceCycles, temperature_C: options.temperature_C,
                                    cRate: options.cRate, cathodeID: options.cathodeID)
        var free: [FreeParameter] = []
        for name in options.free {
            guard let k = FitParameterRegistry.key(name) else {
                throw InputError(file: "--free", key: name, message: "unknown parameter key; fittable keys: \(FitParameterRegistry.names.joined(separator: ", "))")
            }
            let b = options.bounds[name]
            free.append(FreeParameter(key: k, initial: nil, lower: b?.lowerBound, upper: b?.upperBound))
        }
        let setup = FitSetup(path: file, electrolyteID: options.electrolyteID, free: free, histories: [history],
                             cathodeID: options.cathodeID)
        var base = try library.electrolyte(options.electrolyteID)
        base.shortLaw.referenceTime_s = .infinity
        base.shortLaw.criticalCharge_C_m2 = .infinity
        base.voidLaw.voidCharge_C_m2 = .infinity
        // Positive rate keys start from a small value so the fit finds the fade from the data, not the model file.
        for f in free where (f.key.get(base) ?? 0) <= 0 { f.key.set(&base, 1e-6) }
        let rows = try CyclerHistory.rows(history, data: data, electrolyteID: options.electrolyteID, fitFile: file)
        var cathodes: [String: Cathode] = [:]
        for id in library.cathodeIDs { cathodes[id] = try library.cathode(id) }
        let anode = try library.lithiumAnode()
        let fit = try Calibrator.run(setup: setup, base: base, rows: rows, cathodes: cathodes, anode: anode)

        let reference_Ah = used.prefix(options.referenceCycles).map(\.capacity_Ah).reduce(0, +) / Double(options.referenceCycles)
        let retention = threshold_Ah / reference_Ah
        guard retention > 0, retention < 1 else {
            throw ForecastError.invalid(String(format: "the threshold %.4g Ah is not below the cell's first capacity %.4g Ah", threshold_Ah, reference_Ah))
        }
        guard let cathode = cathodes[options.cathodeID] else { throw ForecastError.invalid("unknown cathode '\(options.cathodeID)'") }
        func life(_ e: Electrolyte) throws -> Double? {
            let d = CellDesign(cathode: cathode, electrolyte: e, anode: anode)
            var o = LifeOptions()
            o.threshold = retention
            o.maxCycles = options.maxCycles
            o.attribution = false
            var sim = SimulationOptions()
            sim.relativeTolerance = 1e-5
            let steps = try LifeSimulator.standardCycle(cathode: cathode, chargeRate: CellFormat.defaultChargeCRate(forDischarge: options.cRate),
                                                        dischargeRate: options.cRate)
            let r = try LifeSimulator(design: d, temperature_C: options.temperature_C, options: o, simulation: sim)
                .run(Experiment(blocks: [ExperimentBlock(steps: steps, repeatCount: options.maxCycles)]))
            return (r.cyclesToThreshold[retention] ?? nil).map(Double.init)
        }
        let centre = try life(fit.fitted)
        var lives: [Double?] = [centre]
        for p in principalPoints(fit, quantile: options.intervalQuantile) {
            var e = fit.fitted
            for (k, v) in zip(free, p) {
                // Kept inside the fitted domain (a poorly determined rate can step far in log space).
                let lo = k.lower ?? -Double.greatestFiniteMagnitude, hi = k.upper ?? Double.greatestFiniteMagnitude
                k.key.set(&e, min(max(v, lo), hi))
            }
            lives.append(try life(e))
        }
        let known = lives.compactMap { $0 }
        let values = fit.parameters.map { String(format: "%@ = %.3g", $0.key, $0.value) }.joined(separator: ", ")
        let model = String(format: "twin: %@ | %@ at %g °C, %gC; %@ fitted to the retention of cycles 2–%d (every %d, relative to the mean of the first %d); short law off; interval: lives at ±%.2f s.d. along the covariance's principal directions",
                           options.electrolyteID, options.cathodeID, options.temperature_C, options.cRate, values, first,
                           options.every, options.referenceCycles, options.intervalQuantile)
        let f = CycleLifeForecast(
            predicted_cycles_to_threshold: centre, interval_low: known.isEmpty ? nil : known.min(),
            interval_high: lives.contains { $0 == nil } ? nil : known.max(), model: model, threshold_Ah: threshold_Ah,
            first_cycles: first, observed_cycles_to_threshold: nil)
        return (f, fit)
    }

    /// Parameter vectors at ±q standard deviations along each principal direction of the covariance, with the
    /// covariance taken in log space for positive parameters (relative units) and as 1 − CE for a coulombic
    /// efficiency. Directions with no standard error are left out.
    static func principalPoints(_ r: CalibrationResult, quantile q: Double) -> [[Double]] {
        let p = r.parameters
        let usable = p.indices.filter { p[$0].standard_error.map { $0.isFinite && $0 > 0 } ?? false }
        guard !usable.isEmpty else { return [] }
        // Transformed value and the standard error in that transform: z = ln x (x = p or 1 − CE).
        func isCE(_ i: Int) -> Bool { p[i].key.hasSuffix("coulombic_efficiency") }
        func x(_ i: Int) -> Double { isCE(i) ? 1 - p[i].value : p[i].value }
        let logSpace = usable.map { x($0) > 0 }
        let s = usable.enumerated().map { j, i in logSpace[j] ? p[i].standard_error! / x(i) : p[i].standard_error! }
        let m = usable.count
        var c = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for a in 0..<m {
            for b in 0..<m {
                let rho = r.correlation.indices.contains(usable[a]) && r.correlation[usable[a]].indices.contains(usable[b])
                    ? r.correlation[usable[a]][usable[b]] : (a == b ? 1 : 0)
                c[a][b] = s[a] * s[b] * (rho.isFinite ? rho : (a == b ? 1 : 0))
            }
        }
        let (lambda, vectors) = symmetricEigen(c)
        var points: [[Double]] = []
        for k in 0..<m where lambda[k] > 0 {
            for sign in [-1.0, 1.0] {
                var v = p.map(\.value)
                for (j, i) in usable.enumerated() {
                    let step = sign * q * lambda[k].squareRoot() * vectors[j][k]
                    let t = logSpace[j] ? x(i) * exp(step) : x(i) + step
                    v[i] = isCE(i) ? 1 - t : t
                }
                points.append(v)
            }
        }
        return points
    }

    /// Eigenvalues and eigenvectors (columns) of a small symmetric matrix, cyclic Jacobi rotations.
    static func symmetricEigen(_ m: [[Double]]) -> ([Double], [[Double]]) {
        let n = m.count
        var a = m
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
            if off < 1e-30 * max((0..<n).reduce(0) { $0 + a[$1][$1] * a[$1][$1] }, 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let cs = 1 / (t * t + 1).squareRoot(), sn = t * cs
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = cs * akp - sn * akq
                        a[k][q] = sn * akp + cs * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = cs * apk - sn * aqk
                        a[q][k] = sn * apk + cs * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = cs * vkp - sn * vkq
                        v[k][q] = sn * vkp + cs * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0][$0] }, v)
    }
}
