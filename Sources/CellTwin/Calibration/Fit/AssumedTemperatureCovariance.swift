import Foundation

/// The prior of an assumed test temperature carried into a fit's covariance (DOMAIN B §9: "prior variances for
/// parameters the data do not determine (… unstated test temperatures)"). A set-up whose `[assumptions]
/// temperature_C` is labelled assumed places every row that states no temperature at it; the fitted parameters then
/// lean on that number. The fit holds the temperature at its assumed value; its covariance is that of the joint
/// Gaussian of the parameters θ and the temperature T, with T's prior N(T₀, σ_T²) and the rows' information on both
/// (Laplace approximation at the fit, T a nuisance parameter). With A = JᵀJ of the fit (its covariance Σ = A⁻¹),
/// b = Jᵀj and c = jᵀj, j = ∂r/∂T the residuals' sensitivity to T, and s the fit's Birge scale max(1, χ²/dof):
///
///     k = 1/σ_T² + (c − bᵀΣb)/s,   g = Σb,
///     Cov(θ, θ) = sΣ + g gᵀ/k,   Cov(θ, T) = −g/k,   Var(T) = 1/k
///
/// (block inverse of the joint precision [[A/s, b/s], [bᵀ/s, c/s + 1/σ_T²]]). Marginally over T the parameters'
/// covariance is sΣ + g gᵀ/k, the one a model file carries (its bands' temperature is the user's); a refit that
/// predicts rows at the same assumed temperature keeps T with its correlations (``LeaveConditionOut``).
public enum AssumedTemperatureCovariance {
    /// What a calibration measured of its rows' dependence on the assumed temperature.
    public struct Effect: Sendable, Equatable {
        /// The assumed temperature, °C.
        public var temperature_C: Double
        /// Its prior standard deviation, K.
        public var standardDeviation_K: Double
        /// g = Σ Jᵀ j: each fitted key's shift per kelvin the fit would absorb (lab unit of the key per K, the order
        /// of the calibration's parameters; 0 for a key the data do not determine).
        public var gain_per_K: [Double]
        /// c − bᵀΣb ≥ 0: what the rows say about T beyond what the parameters absorb, 1/K² (tolerance units).
        public var dataInformation_per_K2: Double
    }

    /// The effect from the fit's covariance Σ (lab units, NaN where undetermined), the Jacobian `jacobian` of the
    /// residuals that depend on T (rows × parameters, lab units) and their sensitivity `temperatureColumn` (per K).
    /// Residuals that do not depend on T add nothing to b or c and need not be given.
    public static func effect(covariance: [[Double]], jacobian: [[Double]], temperatureColumn j: [Double],
                              temperature_C: Double, standardDeviation_K: Double) -> Effect {
        let p = covariance.count
        let determined = (0..<p).filter { covariance[$0][$0].isFinite && covariance[$0][$0] > 0 }
        let b = (0..<p).map { k in zip(jacobian, j).reduce(0) { $0 + $1.0[k] * $1.1 } }
        var g = [Double](repeating: 0, count: p)
        for a in determined {
            g[a] = determined.reduce(0) { $0 + (covariance[a][$1].isFinite ? covariance[a][$1] : 0) * b[$1] }
        }
        let c = j.reduce(0) { $0 + $1 * $1 }
        let explained = determined.reduce(0) { $0 + b[$1] * g[$1] }
        return Effect(temperature_C: temperature_C, standardDeviation_K: standardDeviation_K, gain_per_K: g,
                      dataInformation_per_K2: max(0, c - explained))
    }

    /// `u` (a calibration's covariance in transform units, Birge-scaled by `scale`, its keys drawn from `keys` with
    /// lab values `values`) joined with the assumed temperature as the parameter
    /// ``LeaveConditionOut/assumedTemperatureKey`` (origin prior), correlated with the fitted keys as above.
    public static func joined(_ u: ParameterUncertainty, effect: Effect, keys: [String], scale: Double) -> ParameterUncertainty {
        let sd = effect.standardDeviation_K
        guard sd > 0 else { return u }
        let k = 1 / (sd * sd) + effect.dataInformation_per_K2 / max(scale, 1)
        // g in each kept parameter's transform: a log key's shift per K over its value.
        let gT = u.parameters.map { p -> Double in
            guard let i = keys.firstIndex(of: p.key), i < effect.gain_per_K.count else { return 0 }
            let g = effect.gain_per_K[i]
            return p.transform == .log ? g / p.value : g
        }
        var out = u
        let n = u.count
        for a in 0..<n { for b in 0..<n { out.covariance[a][b] += gT[a] * gT[b] / k } }
        for a in 0..<n { out.covariance[a].append(-gT[a] / k) }
        out.covariance.append(gT.map { -$0 / k } + [1 / k])
        out.parameters.append(UncertainParameter(key: LeaveConditionOut.assumedTemperatureKey, value: effect.temperature_C,
                                                 transform: .linear, origin: .prior))
        return out
    }

    /// The same uncertainty with the assumed temperature marginalised out (its row and column dropped): the
    /// covariance a model file carries.
    public static func marginal(_ u: ParameterUncertainty) -> ParameterUncertainty {
        u.filtered { $0.key != LeaveConditionOut.assumedTemperatureKey }
    }
}

extension Calibrator {
    /// Temperature step of the sensitivity j = ∂r/∂T, K (forward difference; the Arrhenius laws are smooth on it).
    static let assumedTemperatureStep_K = 0.5

    /// The effect of the set-up's assumed test temperature on the fit at `x` (``AssumedTemperatureCovariance``): nil
    /// when the set-up assumes none or every fitted row states its own. The rows that state none are run at `x`,
    /// at `x` with each key moved one forward step of the fit's Jacobian (``forwardStep(_:_:h:)``), and at the temperature moved
    /// ``assumedTemperatureStep_K``, each by its own copy of the model, in parallel.
    static func assumedTemperatureEffect(setup: FitSetup, base: Electrolyte, rows: [MeasurementRow], points: [FitPoint],
                                         cathodes: [String: Cathode], anode: LithiumAnode, x: [Double],
                                         constraints: [ParameterConstraint], covariance: [[Double]], step h: Double,
                                         stepper: ODEStepper = SimulationOptions().stepper, simulations: Counter) throws -> AssumedTemperatureCovariance.Effect? {
        guard let t0 = try LeaveConditionOut.assumedTemperature(setupPath: setup.path, setup: setup) else { return nil }
        let affected = points.filter { $0.row.temperature_C == nil }
        guard !affected.isEmpty, covariance.count == x.count else { return nil }
        var moved = setup
        moved.defaultTemperature_C = t0 + assumedTemperatureStep_K
        let rebuilt = FitPointBuilder.build(rows: rows, setup: moved).points
        let shifted = affected.compactMap { p in
            rebuilt.first { $0.row.file == p.row.file && $0.row.line == p.row.line && $0.kind == p.kind }
        }
        guard shifted.count == affected.count else {
            throw InputError(file: setup.path, key: "assumptions.temperature_C",
                             message: "moving the assumed temperature changes which rows are fitted; the rows that state no temperature cannot be followed")
        }
        let keys = setup.free.map(\.key), steps = zip(x, constraints).map { forwardStep($0, $1, h: h) }, warmer = moved
        // Column 0: the rows at x; 1…p: each key stepped; p + 1: the temperature stepped.
        let runs = try ParallelMap.run(x.count + 2) { k -> [Double] in
            let temperature = k == x.count + 1
            let model = FitModel(base: base, keys: keys, points: temperature ? shifted : affected, setup: temperature ? warmer : setup,
                                 cathodes: cathodes, anode: anode)
            model.budgetIsFatal = false
            model.stepper = stepper
            var xk = x
            if k >= 1, k <= x.count { xk[k - 1] += steps[k - 1] }
            let r = try model.residuals(xk)
            simulations.add(model.simulations)
            return r
        }
        let r0 = runs[0]
        let jacobian = r0.indices.map { i in (0..<x.count).map { k in (runs[k + 1][i] - r0[i]) / steps[k] } }
        let column = r0.indices.map { (runs[x.count + 1][$0] - r0[$0]) / assumedTemperatureStep_K }
        guard jacobian.allSatisfy({ $0.allSatisfy(\.isFinite) }), column.allSatisfy(\.isFinite) else {
            throw InputError(file: setup.path, key: "assumptions.temperature_C",
                             message: "the rows that state no temperature give no finite sensitivity to the assumed \(t0) °C at the fitted values")
        }
        return AssumedTemperatureCovariance.effect(covariance: covariance, jacobian: jacobian, temperatureColumn: column,
                                                   temperature_C: t0, standardDeviation_K: LeaveConditionOut.assumedTemperatureSD_K)
    }
}
