import Foundation

/// The coordinate a parameter's uncertainty is expressed in: ln of the value for positive keys (a fit in log space,
/// a lognormal prior), the value itself otherwise.
public enum FitTransform: String, Sendable, Codable {
    case log, linear

    /// The value `offset` transform units away from `value`.
    func apply(_ value: Double, offset: Double) -> Double {
        switch self {
        case .log: return value * exp(offset)
        case .linear: return value + offset
        }
    }
}

/// One uncertain model-file number: its key path (`conductivity.sigma_S_cm`, `electrodes.LFP.diffusion_time_s`), its
/// centre (lab unit of the key), the transform its variance is expressed in, and where the variance comes from.
public struct UncertainParameter: Sendable, Equatable {
    public enum Origin: String, Sendable, Codable { case fit, prior }
    public var key: String
    public var value: Double
    public var transform: FitTransform
    public var origin: Origin
}

/// The uncertainty of an electrolyte's parameters (DOMAIN B §9): the fit covariance of the keys a calibration
/// determined, and the priors of keys the data do not determine, as one covariance matrix in transform coordinates
/// (block-diagonal: fitted keys are not correlated with priors).
public struct ParameterUncertainty: Sendable {
    public var parameters: [UncertainParameter]
    /// Covariance in transform coordinates, `parameters` order.
    public var covariance: [[Double]]
    /// Fitted keys without a covariance (the data did not determine them); they stay at their fitted value.
    public var undetermined: [String] = []

    public init(parameters: [UncertainParameter], covariance: [[Double]], undetermined: [String] = []) {
        self.parameters = parameters
        self.covariance = covariance
        self.undetermined = undetermined
    }

    public static let empty = ParameterUncertainty(parameters: [], covariance: [])

    public var count: Int { parameters.count }
    public var isEmpty: Bool { parameters.isEmpty }
    /// Standard deviations in transform coordinates.
    public var standardDeviations: [Double] { (0..<count).map { covariance[$0][$0].squareRoot() } }

    /// The fit's covariance moved to transform coordinates: Σ_T = D Σ D with D = 1/value for log keys, scaled by
    /// max(1, χ²/dof) so that a fit whose residuals scatter more than their tolerances widens its bands (Birge ratio,
    /// R. T. Birge, Phys. Rev. 40 (1932) 207); keys with a NaN variance are listed as undetermined.
    public static func fromFit(keys: [String], values: [Double], transforms: [FitTransform], covariance: [[Double]],
                               chiSquare: Double, degreesOfFreedom: Int) -> ParameterUncertainty {
        let scale = birgeScale(chiSquare: chiSquare, degreesOfFreedom: degreesOfFreedom)
        let sized = covariance.count == keys.count && covariance.allSatisfy { $0.count == keys.count }
            && transforms.count == keys.count && values.count == keys.count
        let keep = keys.indices.filter { k in
            sized && covariance[k][k].isFinite && covariance[k][k] > 0
                && (transforms[k] == .linear || values[k] > 0)
        }
        let d = keep.isEmpty ? [] : keys.indices.map { transforms[$0] == .log ? 1 / values[$0] : 1 }
        let parameters = keep.map { UncertainParameter(key: keys[$0], value: values[$0], transform: transforms[$0], origin: .fit) }
        let cov = keep.map { a in keep.map { b in covariance[a][b].isFinite ? covariance[a][b] * d[a] * d[b] * scale : 0 } }
        return ParameterUncertainty(parameters: parameters, covariance: cov,
                                    undetermined: keys.indices.filter { !keep.contains($0) }.map { keys[$0] })
    }

    /// The covariance of a calibration (``CalibrationResult/covarianceAPriori``), in the fit transform of each key, with
    /// the set-up's assumed test temperature and its correlations when the fit leans on one
    /// (``CalibrationResult/assumedTemperature``, ``AssumedTemperatureCovariance``).
    public static func fromCalibration(_ r: CalibrationResult) -> ParameterUncertainty {
        let keys = r.parameters.map(\.key)
        let transforms = r.parameters.map { p in
            FitParameterRegistry.key(p.key).map { transform($0.constraint(r.base), value: p.value) } ?? (p.value > 0 ? .log : .linear)
        }
        let u = fromFit(keys: keys, values: r.parameters.map(\.value), transforms: transforms,
                        covariance: r.covarianceAPriori, chiSquare: r.chiSquare, degreesOfFreedom: r.degreesOfFreedom)
        guard let t = r.assumedTemperature else { return u }
        // The set-up's assumed test temperature joins as a parameter correlated with the fitted keys.
        return AssumedTemperatureCovariance.joined(u, effect: t, keys: keys,
                                                   scale: birgeScale(chiSquare: r.chiSquare, degreesOfFreedom: r.degreesOfFreedom))
    }

    /// max(1, χ²/dof), 1 without degrees of freedom: the factor a fit's covariance is widened by (``fromFit``).
    static func birgeScale(chiSquare: Double, degreesOfFreedom: Int) -> Double {
        degreesOfFreedom > 0 ? max(1, chiSquare / Double(degreesOfFreedom)) : 1
    }

    /// ln for keys the solver keeps positive, linear otherwise.
    public static func transform(_ c: ParameterConstraint, value: Double) -> FitTransform {
        switch c {
        case .positive, .positiveBounded: return value > 0 ? .log : .linear
        default: return .linear
        }
    }

    /// Adds the priors of keys not already carried (a lognormal spread f is a standard deviation ln f in ln space,
    /// a normal spread one in the key's unit). `electrolyte` gives the centres.
    public func addingPriors(_ priors: [String: ParameterPrior], electrolyte e: Electrolyte) -> ParameterUncertainty {
        var out = self
        let have = Set(parameters.map(\.key) + undetermined)
        for key in priors.keys.sorted() where !have.contains(key) {
            guard let prior = priors[key], let value = Self.value(key, of: e), value.isFinite else { continue }
            let t: FitTransform, sd: Double
            switch prior.kind {
            case .lognormal:
                guard value > 0 else { continue }
                t = .log
                sd = log(prior.spread)
            case .normal:
                t = .linear
                sd = prior.spread
            }
            let n = out.parameters.count
            out.parameters.append(UncertainParameter(key: key, value: value, transform: t, origin: .prior))
            for i in 0..<n { out.covariance[i].append(0) }
            out.covariance.append([Double](repeating: 0, count: n) + [sd * sd])
        }
        return out
    }

    /// One more parameter, uncorrelated with the others, with `variance` in its transform's units.
    public func adding(_ p: UncertainParameter, variance: Double) -> ParameterUncertainty {
        var out = self
        let n = out.parameters.count
        out.parameters.append(p)
        for i in 0..<n { out.covariance[i].append(0) }
        out.covariance.append([Double](repeating: 0, count: n) + [variance])
        return out
    }

    /// Only the parameters whose keys pass `keep`.
    public func filtered(_ keep: (UncertainParameter) -> Bool) -> ParameterUncertainty {
        let idx = parameters.indices.filter { keep(parameters[$0]) }
        return ParameterUncertainty(parameters: idx.map { parameters[$0] }, covariance: idx.map { a in idx.map { covariance[a][$0] } },
                                    undetermined: undetermined)
    }

    /// The electrolyte with each parameter moved `offset[k]` transform units from its centre. A move that leaves a
    /// key's domain (a normal prior's tail past a bound) is halved until it lies inside.
    public func electrolyte(_ base: Electrolyte, offset: [Double]) -> Electrolyte {
        var e = base
        for (k, p) in parameters.enumerated() where offset[k] != 0 {
            var step = offset[k]
            for _ in 0..<30 {
                let v = p.transform.apply(p.value, offset: step)
                if v.isFinite, Self.inDomain(p.key, v) {
                    Self.set(p.key, v, &e)
                    break
                }
                step /= 2
            }
        }
        return e
    }

    // MARK: - Keys

    static func value(_ key: String, of e: Electrolyte) -> Double? {
        if let f = FitParameterRegistry.key(key) { return f.get(e) }
        return ElectrolyteKeys.key(key)?.get(e)
    }

    static func set(_ key: String, _ v: Double, _ e: inout Electrolyte) {
        if let f = FitParameterRegistry.key(key) { f.set(&e, v); return }
        ElectrolyteKeys.key(key)?.set(&e, v)
    }

    static func inDomain(_ key: String, _ v: Double) -> Bool {
        if let k = ElectrolyteKeys.key(key) { return k.domain.check(v) == nil }
        return v > 0   // electrode keys: times, energies, currents and capacities
    }
}
