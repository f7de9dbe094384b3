import Foundation

/// A cathode material against Li metal (DOMAIN A2, B §1). SI units inside.
///
/// Stoichiometry x is the Li fraction of the host (x → 1 discharged). `specificCapacity_C_kg` is the
/// charge per kilogram of active material for Δx = 1, so the window [x(V_max), x(V_min)] holds
/// `specificCapacity · Δx`.
public struct Cathode: Sendable, Equatable {
    public var id: String
    public var name: String
    /// OCV table vs Li/Li⁺: stoichiometry (increasing) and voltage (V).
    public var ocvStoichiometry: [Double]
    public var ocvVoltage_V: [Double]
    /// dU/dT in V K⁻¹ (0 for LFP and NCM811 as in PyBaMM; DOMAIN B §1).
    public var entropicCoefficient_V_K: Double
    /// Charge per kg of active material per unit stoichiometry, C kg⁻¹.
    public var specificCapacity_C_kg: Double
    /// Theoretical capacity, C kg⁻¹ (information; DOMAIN B §1.1).
    public var theoreticalCapacity_C_kg: Double
    /// Capacity that defines 1C, C kg⁻¹.
    public var nominalCapacity_C_kg: Double
    /// Voltage window for standard cycling, V.
    public var minimumVoltage_V: Double
    public var maximumVoltage_V: Double
    /// Areal exchange current density of the composite cathode, A m⁻², Arrhenius.
    public var exchangeCurrent: Arrhenius
    /// Solid-diffusion time constant τ_s = R_p²/D_s, s, Arrhenius (D_s rises with T, so τ_s falls:
    /// the stored activation energy is that of D_s and is applied inversely).
    public var diffusionTime_s: Double
    public var diffusionActivationEnergy_J_mol: Double
    public var diffusionReferenceTemperature_K: Double
    /// Active-material loading used when a study does not say, kg m⁻².
    public var defaultLoading_kg_m2: Double
    /// Loss of active material (DOMAIN A4): dLAM/dt = k_LAM·|J|/Q₀, k_LAM Arrhenius (fraction per unit of
    /// throughput over Q₀; a full cycle passes 2·Q₀).
    public var activeMaterialLoss: Arrhenius
    /// Conversion cathodes (sulfur): the stoichiometry below which high-order polysulfides exist, so
    /// the shuttle runs on charge (nil: no shuttle).
    public var shuttlePlateauEnd: Double?
    /// Pore structure of the composite electrode, through which the electrolyte reaches the particles (DOMAIN B §2.6;
    /// nil: no pore path, the electrolyte's resistance ends at the electrode's face).
    public var poreGeometry: PoreElectrodeGeometry?
    /// Literature ranges of the per-study electrode parameters by electrode key, lab units (``CathodeLiteratureRange``).
    public var literatureRanges: [String: ClosedRange<Double>] = [:]

    public init(id: String, name: String, ocvStoichiometry: [Double], ocvVoltage_V: [Double],
                entropicCoefficient_V_K: Double = 0, specificCapacity_C_kg: Double, theoreticalCapacity_C_kg: Double, nominalCapacity_C_kg: Double,
                minimumVoltage_V: Double, maximumVoltage_V: Double, exchangeCurrent: Arrhenius,
                diffusionTime_s: Double, diffusionActivationEnergy_J_mol: Double,
                diffusionReferenceTemperature_K: Double = 298.15, defaultLoading_kg_m2: Double,
                activeMaterialLoss: Arrhenius = Arrhenius(referenceValue: 0, activationEnergy_J_mol: 0),
                shuttlePlateauEnd: Double? = nil, poreGeometry: PoreElectrodeGeometry? = nil) {
        self.id = id
        self.name = name
        self.ocvStoichiometry = ocvStoichiometry
        self.ocvVoltage_V = ocvVoltage_V
        self.entropicCoefficient_V_K = entropicCoefficient_V_K
        self.specificCapacity_C_kg = specificCapacity_C_kg
        self.theoreticalCapacity_C_kg = theoreticalCapacity_C_kg
        self.nominalCapacity_C_kg = nominalCapacity_C_kg
        self.minimumVoltage_V = minimumVoltage_V
        self.maximumVoltage_V = maximumVoltage_V
        self.exchangeCurrent = exchangeCurrent
        self.diffusionTime_s = diffusionTime_s
        self.diffusionActivationEnergy_J_mol = diffusionActivationEnergy_J_mol
        self.diffusionReferenceTemperature_K = diffusionReferenceTemperature_K
        self.defaultLoading_kg_m2 = defaultLoading_kg_m2
        self.activeMaterialLoss = activeMaterialLoss
        self.shuttlePlateauEnd = shuttlePlateauEnd
        self.poreGeometry = poreGeometry
    }

    /// τ_s(T) = τ_s,ref · exp[(E_a/R)(1/T − 1/T_ref)].
    public func diffusionTime_s(at temperature_K: Double) -> Double {
        diffusionTime_s / Arrhenius(referenceValue: 1, activationEnergy_J_mol: diffusionActivationEnergy_J_mol,
                                    referenceTemperature_K: diffusionReferenceTemperature_K).factor(at: temperature_K)
    }

    /// A spline of the OCV table (GSL Steffen).
    public func ocvSpline() throws -> MonotoneSpline {
        // U(x) falls with x; interpolate U against x directly (the abscissae increase).
        try MonotoneSpline(x: ocvStoichiometry, y: ocvVoltage_V)
    }

    /// Stoichiometry where the OCV equals `voltage` (U decreasing in x), by Brent on the spline.
    public func stoichiometry(atVoltage voltage: Double, spline: MonotoneSpline) throws -> Double {
        let lo = ocvStoichiometry.first!, hi = ocvStoichiometry.last!
        let uLo = spline.value(lo), uHi = spline.value(hi)
        if voltage >= uLo { return lo }
        if voltage <= uHi { return hi }
        return try ScalarRoot.brent(lower: lo, upper: hi, fLower: uLo - voltage, fUpper: uHi - voltage,
                                    xTolerance: 1e-12, fTolerance: 1e-12) { x in spline.value(x) - voltage }.x
    }
}
