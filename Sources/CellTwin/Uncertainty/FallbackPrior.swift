import Foundation

/// The prior a free parameter returns to when a fit has no data for it (DOMAIN B §9). A refit that leaves out every
/// row a parameter rests on cannot move it: it would stay at the start value, the calibrated one, which saw the rows
/// left out, with no spread. It takes its prior's centre and spread instead, looked up in this order:
/// 1. the fit set-up's own prior (`[[free]]` `prior` with `prior_factor` or `prior_sd`);
/// 2. the electrolyte family's default with its prior (``ElectrolyteFamilyDefaults``); for σ at the reference
///    temperature (`conductivity.sigma_S_cm`), which has no family default, the family's shipped siblings' σ at that
///    temperature (``siblingConductivity(_:siblings:)``);
/// 3. for a study's electrode (`electrodes.<cathode>.<leaf>`), the cathode file's `[literature]` range read as a
///    95 % interval (lognormal for a positive range: centre √(min·max), spread (max/min)^(1/(2·1.96))).
/// A key with none of these stays at its value and is reported as undetermined.
public struct FallbackPrior: Sendable, Equatable {
    /// The prior's centre, lab unit of the key.
    public var centre: Double
    public var prior: ParameterPrior
    public var source: String

    /// The least spread of a sibling prior on σ, ×/÷ at one standard deviation: two or three siblings estimate their
    /// own scatter poorly (assumed; li2022's CMP-MMT and CMP-VAMMT, the same gel in two frames, differ by a factor
    /// 2.2 at 25 °C, a geometric standard deviation of ×/÷ 1.7).
    public static let siblingConductivitySpreadFloor = 2.0

    /// - Parameter siblings: the shipped electrolytes (those of `e`'s family other than `e` carry σ).
    public static func lookUp(_ key: String, setup: FitSetup, electrolyte e: Electrolyte,
                              cathodes: [String: Cathode], siblings: [Electrolyte] = []) -> FallbackPrior? {
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
        if key == "conductivity.sigma_S_cm", let f = siblingConductivity(e, siblings: siblings) { return f }
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

    /// σ (S/cm) at `e`'s conductivity reference temperature from its family's siblings (the shipped electrolytes of
    /// the same family, each calibrated on its own rows, none on `e`'s): the geometric mean of their σ(T_ref),
    /// lognormal ×/÷ their geometric standard deviation, at least ``siblingConductivitySpreadFloor``. A carbonate gel
    /// conducts as its liquid and a PEO composite as its PEO phase (DOMAIN B 2.1), so the family is the first guess
    /// for a σ the remaining rows do not fix. nil without a sibling whose law is defined at T_ref.
    public static func siblingConductivity(_ e: Electrolyte, siblings: [Electrolyte]) -> FallbackPrior? {
        guard let tRef_C = ParameterUncertainty.value("conductivity.reference_temperature_C", of: e), tRef_C.isFinite else { return nil }
        let t_K = tRef_C + 273.15
        let family = siblings.filter { $0.family == e.family && $0.id != e.id && $0.conductivity.lowestDefinedTemperature_K < t_K }
        let named = family.map { ($0.id, log($0.conductivity.sigma_S_m(at: t_K) / 100)) }.filter { $0.1.isFinite }
        guard !named.isEmpty else { return nil }
        let n = Double(named.count), mean = named.reduce(0) { $0 + $1.1 } / n
        let sd = named.count > 1 ? (named.reduce(0) { $0 + ($1.1 - mean) * ($1.1 - mean) } / (n - 1)).squareRoot() : 0
        let spread = max(exp(sd), siblingConductivitySpreadFloor)
        let source = String(format: "the %@ family's σ at %g °C from its siblings %@ (geometric mean ×/÷ %.2g)", e.family, tRef_C,
                            named.map(\.0).sorted().joined(separator: ", "), spread)
        return FallbackPrior(centre: exp(mean), prior: ParameterPrior(kind: .lognormal, spread: spread), source: source)
    }
}

extension ParameterUncertainty {
    /// Each undetermined key with a ``FallbackPrior`` moves to the prior's centre in `e` and joins the uncertainty
    /// with the prior's spread; the keys without one stay undetermined. Returns the keys that reverted.
    public mutating func revertingUndetermined(_ e: inout Electrolyte, setup: FitSetup, cathodes: [String: Cathode],
                                               siblings: [Electrolyte] = []) -> [String] {
        var priors: [String: ParameterPrior] = [:]
        for key in undetermined {
            guard let f = FallbackPrior.lookUp(key, setup: setup, electrolyte: e, cathodes: cathodes, siblings: siblings),
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
