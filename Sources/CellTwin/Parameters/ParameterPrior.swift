import Foundation

/// A prior on a model-file number that the data may not determine (DOMAIN B §9):
///
/// `key = { value = 0.8, prior = "lognormal", spread = 2, source = "…" }` — the value ×/÷ `spread` at one
/// standard deviation (ln-space σ = ln spread); `prior = "normal"` takes `spread` as the standard deviation in the
/// key's own unit. The value is the prior's centre. Priors are carried into fits (as residuals) and into
/// prediction bands (as variances) for parameters that are not fitted.
public struct ParameterPrior: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case lognormal, normal
    }

    public var kind: Kind
    /// ×/÷ factor (lognormal, > 1) or standard deviation in the key's unit (normal, > 0).
    public var spread: Double

    public init(kind: Kind, spread: Double) {
        self.kind = kind
        self.spread = spread
    }

    /// The standardised residual of `value` against a prior centred on `centre`: ln(value/centre)/ln(spread) or
    /// (value − centre)/spread.
    public func residual(_ value: Double, centre: Double) -> Double {
        switch kind {
        case .lognormal: return log(value / centre) / log(spread)
        case .normal: return (value - centre) / spread
        }
    }

    /// The central 95 % range of the prior around `centre`.
    public func interval95(centre: Double) -> ClosedRange<Double> {
        switch kind {
        case .lognormal:
            let f = pow(spread, 1.959963984540054)
            return (centre / f)...(centre * f)
        case .normal:
            let h = 1.959963984540054 * spread
            return (centre - h)...(centre + h)
        }
    }

    /// Text as written in a model file: `prior = "lognormal", spread = 2`.
    public var tomlFields: String {
        "prior = \"\(kind.rawValue)\", spread = \(spread)"
    }

    /// Human-readable form, e.g. "prior ×/÷ 2 (1σ)" or "prior ± 0.1 (1σ)".
    public var text: String {
        switch kind {
        case .lognormal: return String(format: "prior ×/÷ %g (1σ)", spread)
        case .normal: return String(format: "prior ± %g (1σ)", spread)
        }
    }
}

extension Section {
    /// The prior written beside a number (`{ value = …, prior = "lognormal", spread = …, source = … }`), nil when
    /// the key is plain or carries no prior. A prior without its spread, an unknown kind or a lognormal spread ≤ 1
    /// is an error naming the file, line and key.
    public func prior(_ key: String) throws -> ParameterPrior? {
        guard let v = table[key], let t = v.table else { return nil }
        let kindText = t["prior"]?.string
        let spreadValue: Double? = t["spread"].flatMap { $0.double ?? $0.int.map(Double.init) }
        if t["prior"] != nil, kindText == nil { throw error(key, "prior must be \"lognormal\" or \"normal\"") }
        if t["spread"] != nil, spreadValue == nil { throw error(key, "spread must be a number") }
        switch (kindText, spreadValue) {
        case (nil, nil): return nil
        case (nil, .some): throw error(key, "spread without a prior: add prior = \"lognormal\" or \"normal\"")
        case (.some, nil): throw error(key, "a prior needs its spread (×/÷ factor for lognormal, standard deviation for normal)")
        case let (.some(k), .some(s)):
            guard let kind = ParameterPrior.Kind(rawValue: k) else {
                throw error(key, "prior must be \"lognormal\" or \"normal\", got \"\(k)\"")
            }
            guard s.isFinite, s > 0 else { throw error(key, "spread must be a positive finite number, got \(s)") }
            if kind == .lognormal, s <= 1 {
                throw error(key, "a lognormal spread is a ×/÷ factor and must exceed 1, got \(s)")
            }
            return ParameterPrior(kind: kind, spread: s)
        }
    }
}
