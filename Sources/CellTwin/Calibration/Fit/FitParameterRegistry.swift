import Foundation

/// A fittable electrolyte parameter, named by its model-file key (`section.key`). `get`/`set` work in the
/// model file's lab unit (the key's suffix); the conversion to the SI value inside ``Electrolyte`` happens here.
public struct FitKey: Sendable {
    public var key: String
    /// Lab unit of the model-file value.
    public var unit: String
    /// nil when the electrolyte does not have this parameter (e.g. `vft_B_K` of an Arrhenius law).
    public var get: @Sendable (Electrolyte) -> Double?
    public var set: @Sendable (inout Electrolyte, Double) -> Void
    /// Domain the solver keeps the value in (positive keys are fitted in log space).
    public var constraint: @Sendable (Electrolyte) -> ParameterConstraint

    /// The model-file section and key (`conductivity`, `sigma_S_cm`).
    public var section: String { String(key.split(separator: ".").first ?? "") }
    public var leaf: String { String(key.split(separator: ".").last ?? "") }
}

/// Every parameter `celltwin calibrate` can fit.
public enum FitParameterRegistry {
    public static func key(_ name: String) -> FitKey? { all.first { $0.key == name } ?? electrodeKey(name) }
    public static var names: [String] { all.map(\.key) + electrodeLeaves.map { "electrodes.<cathode>.\($0.leaf)" } }

    private static func kJ(_ x: Double) -> Double { x / 1000 }

    public static let all: [FitKey] = conductivityKeys + otherKeys

    private static let conductivityKeys: [FitKey] = [
        FitKey(key: "conductivity.sigma_S_cm", unit: "S/cm", get: { e in
            switch e.conductivity {
            case .arrhenius(let a): return a.referenceValue / 100
            case .vft(let s, _, _, _): return s / 100
            case .twoRegime(let h, _, _, _, _): return h.referenceValue / 100
            }
        }, set: { e, v in
            switch e.conductivity {
            case .arrhenius(var a): a.referenceValue = v * 100; e.conductivity = .arrhenius(a)
            case let .vft(_, t, b, t0): e.conductivity = .vft(sigmaRef_S_m: v * 100, referenceTemperature_K: t, pseudoActivation_K: b, idealGlassTemperature_K: t0)
            case .twoRegime(var h, let tm, let w, let el, let j): h.referenceValue = v * 100
                e.conductivity = .twoRegime(high: h, melting_K: tm, meltingWidth_K: w, lowActivationEnergy_J_mol: el, meltingJump: j)
            }
        }, constraint: { _ in .positive }),
        FitKey(key: "conductivity.activation_energy_kJ_mol", unit: "kJ/mol", get: { e in
            switch e.conductivity {
            case .arrhenius(let a): return a.activationEnergy_J_mol / 1000
            case .twoRegime(let h, _, _, _, _): return h.activationEnergy_J_mol / 1000
            case .vft: return nil
            }
        }, set: { e, v in
            switch e.conductivity {
            case .arrhenius(var a): a.activationEnergy_J_mol = v * 1000; e.conductivity = .arrhenius(a)
            case .twoRegime(var h, let tm, let w, let el, let j): h.activationEnergy_J_mol = v * 1000
                e.conductivity = .twoRegime(high: h, melting_K: tm, meltingWidth_K: w, lowActivationEnergy_J_mol: el, meltingJump: j)
            case .vft: break
            }
        }, constraint: { _ in .positive }),
        FitKey(key: "conductivity.vft_B_K", unit: "K", get: { e in
            if case let .vft(_, _, b, _) = e.conductivity { return b } else { return nil }
        }, set: { e, v in
            if case let .vft(s, t, _, t0) = e.conductivity {
                e.conductivity = .vft(sigmaRef_S_m: s, referenceTemperature_K: t, pseudoActivation_K: v, idealGlassTemperature_K: t0)
            }
        }, constraint: { _ in .positive }),
        FitKey(key: "conductivity.vft_T0_C", unit: "°C", get: { e in
            if case let .vft(_, _, _, t0) = e.conductivity { return Units.celsius(kelvin: t0) } else { return nil }
        }, set: { e, v in
            if case let .vft(s, t, b, _) = e.conductivity {
                e.conductivity = .vft(sigmaRef_S_m: s, referenceTemperature_K: t, pseudoActivation_K: b, idealGlassTemperature_K: Units.kelvin(celsius: v))
            }
        }, constraint: { e in
            // T₀ stays below the lowest valid temperature (σ → 0 at T₀) and above −250 °C.
            .bounded(lower: -250, upper: Units.celsius(kelvin: e.validTemperatureRange_K.lowerBound) - 1)
        }),
        twoRegime("conductivity.melting_temperature_C", "°C", get: { Units.celsius(kelvin: $0.tm) }, set: { $0.tm = Units.kelvin(celsius: $1) },
                  constraint: .bounded(lower: -50, upper: 200)),
        twoRegime("conductivity.melting_width_K", "K", get: { $0.width }, set: { $0.width = $1 }, constraint: .positive),
        twoRegime("conductivity.low_activation_energy_kJ_mol", "kJ/mol", get: { $0.eLow / 1000 }, set: { $0.eLow = $1 * 1000 },
                  constraint: .positive),
        twoRegime("conductivity.melting_jump", "ratio", get: { $0.jump }, set: { $0.jump = $1 },
                  constraint: .positiveBounded(lower: 1e-6, upper: 1)),
    ]

    private struct TwoRegimeParts {
        var high: Arrhenius, tm: Double, width: Double, eLow: Double, jump: Double
    }

    private static func twoRegime(_ key: String, _ unit: String, get: @escaping @Sendable (TwoRegimeParts) -> Double,
                                  set: @escaping @Sendable (inout TwoRegimeParts, Double) -> Void,
                                  constraint: ParameterConstraint) -> FitKey {
        FitKey(key: key, unit: unit, get: { e in
            guard case let .twoRegime(h, tm, w, el, j) = e.conductivity else { return nil }
            return get(TwoRegimeParts(high: h, tm: tm, width: w, eLow: el, jump: j))
        }, set: { e, v in
            guard case let .twoRegime(h, tm, w, el, j) = e.conductivity else { return }
            var p = TwoRegimeParts(high: h, tm: tm, width: w, eLow: el, jump: j)
            set(&p, v)
            e.conductivity = .twoRegime(high: p.high, melting_K: p.tm, meltingWidth_K: p.width,
                                        lowActivationEnergy_J_mol: p.eLow, meltingJump: p.jump)
        }, constraint: { _ in constraint })
    }

    private static func scalar(_ key: String, _ unit: String, _ path: WritableKeyPath<Electrolyte, Double> & Sendable,
                               scale: Double, _ constraint: ParameterConstraint = .positive) -> FitKey {
        FitKey(key: key, unit: unit, get: { $0[keyPath: path] / scale }, set: { $0[keyPath: path] = $1 * scale },
               constraint: { _ in constraint })
    }

    private static let otherKeys: [FitKey] = [
        scalar("transport.transference_number", "", \.transferenceNumber, scale: 1, .bounded(lower: 0, upper: 1)),
        scalar("transport.diffusivity_m2_s", "m²/s", \.diffusivity.referenceValue, scale: 1),
        // S cm⁻¹ → S m⁻¹: × 100.
        scalar("transport.electronic_conductivity_S_cm", "S/cm", \.electronicConductivity.referenceValue, scale: 100),
        scalar("transport.electronic_activation_energy_kJ_mol", "kJ/mol", \.electronicConductivity.activationEnergy_J_mol,
               scale: 1000, agingActivation),
        // mA cm⁻² → A m⁻²: × 10.
        scalar("lithium_interface.exchange_current_mA_cm2", "mA/cm²", \.lithiumExchangeCurrent.referenceValue, scale: 10),
        // Ω cm² → Ω m²: × 1e-4.
        scalar("lithium_interface.interphase_asr_ohm_cm2", "Ω·cm²", \.lithiumInterphaseASR_ohm_m2, scale: 1e-4),
        scalar("cathode_interface.interphase_asr_ohm_cm2", "Ω·cm²", \.cathodeInterphaseASR_ohm_m2, scale: 1e-4),
        scalar("short.time_to_short_h", "h", \.shortLaw.referenceTime_s, scale: 3600),
        scalar("short.critical_current_mA_cm2", "mA/cm²", \.shortLaw.criticalCurrent_A_m2, scale: 10),
        scalar("short.critical_current_activation_energy_kJ_mol", "kJ/mol", \.shortLaw.criticalCurrentActivationEnergy_J_mol,
               scale: 1000, agingActivation),
        scalar("short.exponent", "", \.shortLaw.exponent, scale: 1, .positiveBounded(lower: 0.1, upper: 60)),
        // mAh cm⁻² → C m⁻²: × 36.
        scalar("short.critical_charge_mAh_cm2", "mAh/cm²", \.shortLaw.criticalCharge_C_m2, scale: 36),
        scalar("short.critical_current_exponent", "", \.shortLaw.criticalExponent, scale: 1, .positiveBounded(lower: 0.1, upper: 30)),
        scalar("lithium_interface.critical_stripping_current_mA_cm2", "mA/cm²", \.voidLaw.criticalStrippingCurrent.referenceValue,
               scale: 10),
        scalar("lithium_interface.void_charge_mAh_cm2", "mAh/cm²", \.voidLaw.voidCharge_C_m2, scale: 36),
        // The fraction of each charging current lost to electrolyte oxidation (coulombic efficiency).
        scalar("stability.charge_parasitic_fraction", "", \.oxidation.chargeParasiticFraction, scale: 1,
               .positiveBounded(lower: 1e-9, upper: 0.5)),
        // µA cm⁻² → A m⁻²: × 1e-2.
        scalar("stability.oxidation_onset_current_uA_cm2", "µA/cm²", \.oxidation.onsetCurrent_A_m2, scale: 1e-2),
        scalar("aging.contact_loss_rate_exponent", "", \.aging.contactLossRateExponent, scale: 1, .bounded(lower: 0, upper: 3)),
        scalar("aging.lithium_loss_current_exponent", "", \.aging.lithiumLossCurrentExponent, scale: 1, .bounded(lower: 0, upper: 3)),
        // kJ mol⁻¹ → J mol⁻¹; negative: damage faster in the cold.
        scalar("short.activation_energy_kJ_mol", "kJ/mol", \.shortLaw.activationEnergy_J_mol, scale: 1000,
               .bounded(lower: -200, upper: 200)),
        // Per cycle → per unit of throughput over Q₀ (a cycle passes 2·Q₀), as the loader.
        scalar("aging.contact_loss_per_cycle", "per cycle", \.aging.contactLossRate, scale: 0.5,
               .positiveBounded(lower: 1e-9, upper: 0.5)),
        // Ω² cm⁴ per mAh cm⁻² → Ω² m⁴ per C m⁻²: × 1e-8 / 3.6e4.
        scalar("aging.sei_plating_growth_ohm2_cm4_per_mAh_cm2", "Ω²·cm⁴ per mAh/cm²", \.aging.seiPlatingRate_ohm2m4_per_C_m2,
               scale: 1e-8 / 3.6e4),
        // Ω² cm⁴ h⁻¹ → Ω² m⁴ s⁻¹: × 1e-8 / 3600.
        scalar("aging.sei_calendar_growth_ohm2_cm4_h", "Ω²·cm⁴/h", \.aging.seiCalendarRate_ohm2m4_s, scale: 1e-8 / 3600),
        scalar("aging.sei_activation_energy_kJ_mol", "kJ/mol", \.aging.seiActivationEnergy_J_mol, scale: 1000, agingActivation),
        // The model file stores CE_Li; the electrolyte keeps 1 − CE_Li. Fitted as ln(1 − CE_Li) (complementBounded):
        // what the data resolve is the Li lost per cycle, so 0.999 and 0.9996 differ by a factor 2.5.
        FitKey(key: "aging.lithium_coulombic_efficiency", unit: "", get: { 1 - $0.aging.lithiumInefficiency },
               set: { $0.aging.lithiumInefficiency = 1 - $1 }, constraint: { _ in .complementBounded(lower: 0.5, upper: 1) }),
        scalar("aging.lithium_loss_activation_energy_kJ_mol", "kJ/mol", \.aging.lithiumLossActivationEnergy_J_mol, scale: 1000,
               agingActivation),
        // Ω cm² h⁻¹ → Ω m² s⁻¹: × 1e-4 / 3600.
        scalar("aging.cei_growth_ohm_cm2_h", "Ω·cm²/h", \.aging.ceiRate_ohm_m2_s, scale: 1e-4 / 3600),
        scalar("aging.cei_activation_energy_kJ_mol", "kJ/mol", \.aging.ceiActivationEnergy_J_mol, scale: 1000, agingActivation),
        scalar("aging.contact_loss_activation_energy_kJ_mol", "kJ/mol", \.aging.contactLossActivationEnergy_J_mol, scale: 1000,
               agingActivation),
    ]

    /// Aging activation energies stay within 0–250 kJ/mol (kJ/mol, as the model file).
    private static let agingActivation = ParameterConstraint.bounded(lower: 0, upper: 250)

    // MARK: - The study's electrodes (`[electrodes.<cathode>]` of the model file)

    private struct ElectrodeLeaf {
        var leaf: String, unit: String, scale: Double
        var path: WritableKeyPath<ElectrodeOverrides, Double?> & Sendable
        var cathode: @Sendable (Cathode) -> Double
    }

    private static let electrodeLeaves: [ElectrodeLeaf] = [
        ElectrodeLeaf(leaf: "diffusion_time_s", unit: "s", scale: 1, path: \.diffusionTime_s, cathode: { $0.diffusionTime_s }),
        ElectrodeLeaf(leaf: "diffusion_activation_energy_kJ_mol", unit: "kJ/mol", scale: 1000,
                      path: \.diffusionActivationEnergy_J_mol, cathode: { $0.diffusionActivationEnergy_J_mol }),
        // mA cm⁻² → A m⁻²: × 10.
        ElectrodeLeaf(leaf: "exchange_current_mA_cm2", unit: "mA/cm²", scale: 10, path: \.exchangeCurrent_A_m2,
                      cathode: { $0.exchangeCurrent.referenceValue }),
        // mAh g⁻¹ → C kg⁻¹: × 3600.
        ElectrodeLeaf(leaf: "specific_capacity_mAh_g", unit: "mAh/g", scale: 3600, path: \.specificCapacity_C_kg,
                      cathode: { $0.specificCapacity_C_kg }),
    ]

    /// `electrodes.<cathode ID>.<leaf>`: a parameter of the study's electrode of that cathode. Without a value in
    /// the model file the start is the shipped cathode's (``cathodeValue(_:cathodes:)``).
    static func electrodeKey(_ name: String) -> FitKey? {
        let parts = name.split(separator: ".").map(String.init)
        guard parts.count == 3, parts[0] == "electrodes", let leaf = electrodeLeaves.first(where: { $0.leaf == parts[2] }) else { return nil }
        let id = parts[1], path = leaf.path, scale = leaf.scale
        return FitKey(key: name, unit: leaf.unit, get: { e in
            e.referenceCell.electrodes[id]?[keyPath: path].map { $0 / scale }
        }, set: { e, v in
            e.referenceCell.electrodes[id, default: ElectrodeOverrides()][keyPath: path] = v * scale
        }, constraint: { _ in .positive })
    }

    /// The shipped cathode's value of an electrode key (lab units), the start when the model file has none.
    public static func cathodeValue(_ name: String, cathodes: [String: Cathode]) -> Double? {
        let parts = name.split(separator: ".").map(String.init)
        guard parts.count == 3, parts[0] == "electrodes", let c = cathodes[parts[1]],
              let leaf = electrodeLeaves.first(where: { $0.leaf == parts[2] }) else { return nil }
        return leaf.cathode(c) / leaf.scale
    }

    /// The electrode keys an electrolyte's model file sets (`electrodes.<cathode>.<leaf>`), sorted.
    public static func electrodeKeyNames(_ e: Electrolyte) -> [String] {
        e.referenceCell.electrodes.keys.sorted().flatMap { id in
            electrodeLeaves.filter { e.referenceCell.electrodes[id]?[keyPath: $0.path] != nil }.map { "electrodes.\(id).\($0.leaf)" }
        }
    }
}
