import Foundation

/// The prior a free parameter returns to when a fit has no data for it (DOMAIN B §9). A refit that leaves out every
/// row a parameter rests on cannot move it: it would stay at the start value, the calibrated one, which saw the rows
/// left out, with no spread. It takes its prior's centre and spread instead, looked up in this order:
/// 1. the fit set-up's own prior (`[[free]]` `prior` with `prior_factor` or `prior_sd`);
/// 2. the electrolyte family's default with its prior (``ElectrolyteFamilyDefaults``);
/// 3. for a study's electrode (`electrodes.<cathode>.<leaf>`), the cathode file's `[literature]` range read as a
///    95 % interval (lognormal for a positive range: centre √(min·max), spread (max/min)^(1/(2·1.96))).
/// A key with none of these stays at its value and is reported as undetermined.
public struct FallbackPrior: Sendable, Equatable {
    /// The prior's centre, lab unit of the key.
    public var centre: Double
    public var prior: ParameterPrior
    public var source: String

    public static func lookUp(_ key: String, setup: FitSetup, electrolyte e: Electrolyte,
                              cathodes: [String: Cathode]) -> FallbackPrior? {
        if let f = setup.free.first(where: { $0.key.key == key }), let centre = f.prior {
            if let factor = f.priorFactor {
                return FallbackPrior(centre: centre, prior: ParameterPrior(kind: .lognormal, spread: factor), source: "the fit set-up's prior")
            }
            if let sd = f.priorSD {
                return FallbackPrior(centre: centre, prior: ParameterPrior(kind: .normal, spread: sd), source: "the fit set-up's prior")
            }
        }
        if let d = ElectrolyteFamilyDefaults.value(key, family: e.family), let p = d.prior, d.value.isFinite {
            return FallbackPrior(centre: d.value, prior: p, source: d.label)
        }
        let parts = key.split(separator: ".").map(String.init)
        if parts.count == 3, parts[0] == "electrodes", let range = cathodes[parts[1]]?.literatureRanges[parts[2]] {
            let z = 1.959963984540054
            if range.lowerBound > 0 {
                return FallbackPrior(centre: (range.lowerBound * range.upperBound).squareRoot(),
                                     prior: ParameterPrior(kind: .lognormal, spread: pow(range.upperBound / range.lowerBound, 1 / (2 * z))),
                                     source: "the \(parts[1]) literature range as a 95 % interval")
            }
            return FallbackPrior(centre: (range.lowerBound + range.upperBound) / 2,
                                 prior: ParameterPrior(kind: .normal, spread: (range.upperBound - range.lowerBound) / (2 * z)),
                                 source: "the \(parts[1]) literature range as a 95 % interval")
        }
        return nil
    }
}

extension ParameterUncertainty {
    /// Each undetermined key with a ``FallbackPrior`` moves to the prior's centre in `e` and joins the uncertainty
    /// with the prior's spread; the keys without one stay undetermined. Returns the keys that reverted.
    public mutating func revertingUndetermined(_ e: inout Electrolyte, setup: FitSetup,
                                               cathodes: [String: Cathode]) -> [String] {
        var priors: [String: ParameterPrior] = [:]
        for key in undetermined {
            guard let f = FallbackPrior.lookUp(key, setup: setup, electrolyte: e, cathodes: cathodes),
                  Self.value(key, of: e) != nil, Self.inDomain(key, f.centre) else { continue }
            Self.set(key, f.centre, &e)
            guard let v = Self.value(key, of: e), abs(v - f.centre) <= 1e-9 * max(abs(f.centre), 1e-300) else { continue }
            priors[key] = f.prior
        }
        undetermined.removeAll { priors[$0] != nil }
        self = addingPriors(priors, electrolyte: e)
        return priors.keys.sorted()
    }
}
