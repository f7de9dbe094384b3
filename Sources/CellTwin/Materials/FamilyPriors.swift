import Foundation

/// Values an electrolyte file may leave out, by family (polymer, gel, single-ion, composite, ceramic), each with
/// the source it rests on and its prior spread (DOMAIN B §9): what the seed data cannot fix is carried as a prior,
/// not as a number pretending to be measured.
public enum FamilyPriors {
    /// A default value with its prior and the text written beside it.
    public struct Entry: Sendable, Equatable {
        public var value: Double
        public var prior: ParameterPrior
        public var source: String
    }

    /// The Li interface's critical stripping current J_strip,c at the interface's reference temperature, A m⁻²
    /// (DOMAIN B §4.6). Reported Li|E critical current densities at the test temperature: liquid-like gels and
    /// composites ~0.5–2 mA cm⁻², PEO-type and single-ion polymers ~0.2–1, garnet ceramics at low stack pressure
    /// ~0.1–0.5 (Kasemchainan 2019) [assumed ranges; numbers not retrieved per paper]; ×/÷ 3 at 1σ.
    public static func criticalStrippingCurrent(family: String, referenceTemperature_K: Double) -> (value: Arrhenius, entry: Entry) {
        let mA_cm2: Double
        switch family {
        case "gel", "composite": mA_cm2 = 1.0
        case "ceramic": mA_cm2 = 0.3
        default: mA_cm2 = 0.5 // polymer, single-ion
        }
        let entry = Entry(value: mA_cm2, prior: ParameterPrior(kind: .lognormal, spread: 3),
                          source: "prior: family default (\(family)): typical reported Li|E critical current densities at the test temperature, DOMAIN B 4.6 [assumed ranges]")
        return (Arrhenius(referenceValue: Units.A_m2(mA_cm2: mA_cm2), activationEnergy_J_mol: criticalStrippingActivationEnergy_J_mol,
                          referenceTemperature_K: referenceTemperature_K), entry)
    }

    /// Li creep and self-diffusion refill voids faster when warm: 30 ± 15 kJ mol⁻¹ [assumed; Li self-diffusion ≈ 0.5 eV].
    public static let criticalStrippingActivationEnergy_J_mol = 30_000.0
}
