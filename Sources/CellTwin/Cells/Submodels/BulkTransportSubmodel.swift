import Foundation

/// Conduction through the bulk of the electrolyte membrane as a submodel (DOMAIN A2, B §2.1), algebraic (no states):
/// ionic, the ohmic ASR_b(T) = L/σ(T) in series with the cell's contact ASR, and electronic, the leakage conductance
/// σ_e(T)/L through which a full cell self-discharges (I_leak = (σ_e/L)·U_C, Alt & Janek, Nature Energy 2026). The cell
/// adds the interphases (``LithiumInterphaseSubmodel``, ``CathodeInterphaseSubmodel``) to the series ASR and evaluates
/// the ohmic drop J·ASR (``ohmic(current:seriesASR_ohm_m2:)``).
public struct BulkTransportSubmodel: KeyedSubmodel {
    /// ASR_b(T) = L/σ(T), Ω m².
    public let bulkASR_ohm_m2: Double
    /// ASR_b + contact, Ω m².
    public let fixedSeriesASR_ohm_m2: Double
    /// σ_e(T)/L, S m⁻² (0: an ideal electronic insulator).
    public let leakageConductance_S_m2: Double

    public init(design: CellDesign, temperature_K: Double) {
        self.init(electrolyte: design.electrolyte, temperature_K: temperature_K, contactASR_ohm_m2: design.contactASR_ohm_m2)
    }

    /// The membrane of `electrolyte` at `temperature_K` in series with a contact ASR (Ω m²; a Li | E | Li cell,
    /// ``SymmetricCellModel``, has none). That cell leaves the leakage out (no electronic path in parallel with its
    /// membrane).
    public init(electrolyte: Electrolyte, temperature_K: Double, contactASR_ohm_m2: Double = 0) {
        bulkASR_ohm_m2 = electrolyte.bulkASR_ohm_m2(at: temperature_K)
        fixedSeriesASR_ohm_m2 = bulkASR_ohm_m2 + contactASR_ohm_m2
        leakageConductance_S_m2 = electrolyte.leakageConductance_S_m2(at: temperature_K)
    }

    public static var electrolyteKeys: [String] {
        declaredElectrolyteKeys.map(\.path) + ["transport.thickness_um", "transport.reference_temperature_C",
                                               "reference_cell.contact_asr_ohm_cm2"]
    }

    /// The ohmic drop J·ASR and its slope ASR for a series ASR (Ω m²).
    @inline(__always)
    public func ohmic(current j: Double, seriesASR_ohm_m2 r: Double) -> VoltageTerm {
        VoltageTerm(V: j * r, dVdJ: r)
    }
}

// MARK: - Model-file keys

extension ElectrolyteKeys {
    /// The electrolyte keys ``BulkTransportSubmodel`` declares.
    static let bulkTransportKeys: [ElectrolyteKey] = [
        law("reference_temperature_C", "°C", si: "K", scale: 1, offset: 273.15, laws: nil, domain: tempC, fit: nil, \.tRef_K,
            doc: "temperature T_ref at which `sigma_S_cm` is given (two-regime: the reference of the high-temperature branch)"),
        law("sigma_S_cm", "S/cm", si: "S/m", scale: 100, laws: nil, domain: .closed(1e-14...1), fit: positive, \.sigma_S_m, doc: "σ at T_ref"),
        law("activation_energy_kJ_mol", "kJ/mol", si: "J/mol", scale: 1000, laws: ["arrhenius", "two-regime"], domain: activationRange,
            fit: positive, \.ea_J_mol,
            doc: "E_a for `arrhenius`: σ = σ_ref·exp[−(E_a/R)(1/T − 1/T_ref)]. For `two-regime`, the E_a of the high-temperature (amorphous) branch. To convert a value in eV, multiply by 96.485"),
        law("vft_B_K", "K", si: "K", scale: 1, laws: ["vft", "two-regime-vft"], domain: .closed(1...1e5), fit: positive, \.b_K,
            doc: "`vft`, `two-regime-vft` (its amorphous branch). σ = σ_ref·√(T_ref/T)·exp[−B/(T − T₀) + B/(T_ref − T₀)]"),
        law("vft_T0_C", "°C", si: "K", scale: 1, offset: 273.15, laws: ["vft", "two-regime-vft"], domain: .closed(-273...300), fit: { e in
            // T₀ stays below the lowest valid temperature (σ → 0 at T₀) and above −250 °C.
            .bounded(lower: -250, upper: Units.celsius(kelvin: e.validTemperatureRange_K.lowerBound) - 1)
        }, \.t0_K, doc: "`vft`, `two-regime-vft`. The ideal glass temperature T₀ (σ → 0 there); typically T_g − 30…50 K; below T_ref and `valid_min_C`"),
        law("melting_temperature_C", "°C", si: "K", scale: 1, offset: 273.15, laws: ["two-regime", "two-regime-vft"], domain: tempC,
            fit: { e in
                // T_m stays above a VFT amorphous branch's T₀ (σ_a(T_m) must exist).
                let t0_C = e.conductivity.lowestDefinedTemperature_K > 0 ? Units.celsius(kelvin: e.conductivity.lowestDefinedTemperature_K) : -300
                return .bounded(lower: max(-50, t0_C + 5), upper: 200)
            }, \.tm_K,
            doc: "`two-regime`, `two-regime-vft`. T_m, the centre of the crystalline-to-amorphous step: ln σ = w·ln σ_high + (1 − w)·ln σ_low (Lichtenecker's logarithmic mixing), with the amorphous fraction w = 1/(1 + exp(−(T − T_m)/ΔT)); σ_high is the Arrhenius (`two-regime`) or VFT (`two-regime-vft`) amorphous branch. A DSC melting peak or a stated crossover fixes it; otherwise a prior (PEG/PEO T_m vs chain length, lowered by salt)"),
        law("melting_width_K", "K", si: "K", scale: 1, laws: ["two-regime", "two-regime-vft"], domain: .closed(0.01...100), fit: positive, \.width_K,
            doc: "`two-regime`, `two-regime-vft`. ΔT, the width of the logistic step (2–5 K)"),
        law("low_activation_energy_kJ_mol", "kJ/mol", si: "J/mol", scale: 1000, laws: ["two-regime", "two-regime-vft"], domain: activationRange,
            fit: positive, \.eLow_J_mol,
            doc: "`two-regime`, `two-regime-vft`. E_low of the semicrystalline branch: σ_low(T) = jump·σ_high(T_m)·exp[−(E_low/R)(1/T − 1/T_m)]"),
        law("melting_jump", "ratio", si: "ratio", scale: 1, laws: ["two-regime", "two-regime-vft"], domain: .closed(1e-6...1),
            fit: { _ in .positiveBounded(lower: 1e-6, upper: 1) }, \.jump, doc: "`two-regime`, `two-regime-vft`. σ_low/σ_high at T_m (≤ 1)"),
        scalar("transport", "electronic_conductivity_S_cm", "S/cm", si: "S/m", scale: 100, \.electronicConductivity.referenceValue,
               domain: .closed(0...1e-2), absent: .optional(value: 0, meaning: "an ideal electronic insulator"), fit: positive,
               doc: "electronic conductivity σ_e of the membrane at the reference temperature. The leakage current (σ_e/L)·U_C self-discharges a full cell, at rest and in every step, and makes its coulombic efficiency fall below 1 (Alt & Janek, Nature Energy 2026)"),
        kJ("transport", "electronic_activation_energy_kJ_mol", \.electronicConductivity.activationEnergy_J_mol,
           absent: .optional(value: 0, meaning: "σ_e independent of T"), doc: "Arrhenius E_a of σ_e"),
    ]
}

extension BulkTransportSubmodel {
    public static var declaredElectrolyteKeys: [ElectrolyteKey] { ElectrolyteKeys.bulkTransportKeys }
}
