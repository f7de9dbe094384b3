import Foundation

/// The critical stripping current an electrolyte without its own value starts from: its family default
/// (``ElectrolyteFamilyDefaults``, a labelled prior), used when an ``Electrolyte`` is built in code without a void law.
public enum FamilyPriors {
    /// J_strip,c(T) of the family at `referenceTemperature_K`, A m⁻²; families without a default take the polymer one.
    public static func criticalStrippingCurrent(family: String, referenceTemperature_K: Double) -> Arrhenius {
        let path = "lithium_interface.critical_stripping_current_mA_cm2"
        let d = ElectrolyteFamilyDefaults.value(path, family: family) ?? ElectrolyteFamilyDefaults.value(path, family: "polymer")!
        let ea = ElectrolyteFamilyDefaults.value("lithium_interface.critical_stripping_activation_energy_kJ_mol", family: family)?.value ?? 30
        return Arrhenius(referenceValue: Units.A_m2(mA_cm2: d.value), activationEnergy_J_mol: Units.J_mol(kJ_mol: ea),
                         referenceTemperature_K: referenceTemperature_K)
    }
}
