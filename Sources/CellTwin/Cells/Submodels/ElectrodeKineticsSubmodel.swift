import Foundation

/// The charge transfer at both electrodes as a submodel (DOMAIN A2, B §3), algebraic (no states):
/// - Li: Butler–Volmer with symmetric transfer, η_Li = (2RT/F)·asinh(J/(2i₀,Li(T)·(1 − v))), on the contact 1 − v
///   left by the voids (``LithiumVoidSubmodel``);
/// - cathode: the composite cathode's block (``CompositeCathodeResolved``): η_C = (2RT/F)·asinh(J/(2i₀,C(T))) in
///   series with the particles' film, spread over the electrode's depth by the pore electrolyte as a transmission line,
///   η_el = J·r/u.
/// Each is a ``VoltageTerm``: the overpotential and its slope in J at fixed states.
public struct ElectrodeKineticsSubmodel: KeyedSubmodel {
    /// i₀,Li(T), A m⁻².
    public let lithiumExchangeCurrent_A_m2: Double
    /// 1/(2i₀,Li), m² A⁻¹.
    let halfInverseLithiumExchange: Double
    /// RT/F, V.
    public let thermalVoltage_V: Double
    /// The cathode block at the cell's temperature.
    public let compositeCathode: CompositeCathodeResolved

    /// The kinetics of `design` at `temperature_K`.
    public init(design: CellDesign, temperature_K: Double) {
        self.init(lithiumExchangeCurrent_A_m2: design.electrolyte.lithiumExchangeCurrent.value(at: temperature_K),
                  thermalVoltage_V: Physical.thermalVoltage(temperature_K), compositeCathode: design.compositeCathode(at: temperature_K))
    }

    /// The kinetics of a Li | E | Li cell (``SymmetricCellModel``) at `temperature_K`: both electrodes are Li with the
    /// electrolyte's i₀,Li(T); there is no cathode, so the cathode block is empty (no pore path, i₀,C = ∞: zero
    /// overpotential) and the cell never evaluates it.
    public init(lithiumOf electrolyte: Electrolyte, temperature_K: Double) {
        let vt = Physical.thermalVoltage(temperature_K)
        self.init(lithiumExchangeCurrent_A_m2: electrolyte.lithiumExchangeCurrent.value(at: temperature_K), thermalVoltage_V: vt,
                  compositeCathode: CompositeCathodeResolved(ionicASR_ohm_m2: 0, exchangeCurrent_A_m2: .infinity, thermalVoltage_V: vt))
    }

    public init(lithiumExchangeCurrent_A_m2 i0: Double, thermalVoltage_V: Double, compositeCathode: CompositeCathodeResolved) {
        lithiumExchangeCurrent_A_m2 = i0
        self.thermalVoltage_V = thermalVoltage_V
        halfInverseLithiumExchange = 1 / (2 * i0)
        self.compositeCathode = compositeCathode
    }

    /// i₀,C(T), A m⁻².
    public var cathodeExchangeCurrent_A_m2: Double { compositeCathode.exchangeCurrent_A_m2 }

    public static var electrolyteKeys: [String] {
        declaredElectrolyteKeys.map(\.path) + ["conductivity.sigma_S_cm"]
    }

    /// (2RT/F)·asinh(J/(2i₀)) and its slope (2RT/F)/(2i₀)/√(1 + (J/(2i₀))²).
    @inline(__always)
    static func butlerVolmer(_ j: Double, exchange i0: Double, thermalVoltage_V vt: Double) -> VoltageTerm {
        let a = j / (2 * i0)
        let twoVt = 2 * vt
        return VoltageTerm(V: twoVt * FastMath.asinh(a), dVdJ: twoVt / (2 * i0) / (1 + a * a).squareRoot())
    }

    /// η_Li and ∂η_Li/∂J at current j on the contact `contact` = 1 − v.
    @inline(__always)
    public func lithium(current j: Double, contact: Double) -> VoltageTerm {
        Self.butlerVolmer(j, exchange: lithiumExchangeCurrent_A_m2 * contact, thermalVoltage_V: thermalVoltage_V)
    }

    /// η_Li alone, V (the right-hand side needs no slope).
    @inline(__always)
    public func lithiumOverpotential_V(current j: Double, contact: Double) -> Double {
        2 * thermalVoltage_V * FastMath.asinh(j * halfInverseLithiumExchange / contact)
    }

    /// The cathode block at current j with the particles' film ASR `film` (Ω m²).
    @inline(__always)
    public func cathode(current j: Double, film: Double) -> CompositeCathodeResolved.State {
        compositeCathode.state(current: j, film: film)
    }
}

// MARK: - Model-file keys

extension ElectrolyteKeys {
    /// The electrolyte keys ``ElectrodeKineticsSubmodel`` declares.
    static let electrodeKineticsKeys: [ElectrolyteKey] = [
        celsius("lithium_interface", "reference_temperature_C", [\.lithiumExchangeCurrent.referenceTemperature_K,
                                                                 \.voidLaw.criticalStrippingCurrent.referenceTemperature_K],
                doc: "temperature at which i₀, the film ASR and the critical stripping current are given"),
        scalar("lithium_interface", "exchange_current_mA_cm2", "mA/cm²", si: "A/m²", scale: 10, \.lithiumExchangeCurrent.referenceValue,
               domain: .closed(1e-6...1e3), fit: positive,
               doc: "exchange current i₀. η = (2RT/F)·asinh(J/(2i₀)); the linear charge-transfer resistance is R_ct = RT/(F i₀)"),
        kJ("lithium_interface", "activation_energy_kJ_mol", \.lithiumExchangeCurrent.activationEnergy_J_mol,
           doc: "Arrhenius E_a of i₀; fitted where symmetric-cell polarization or EIS data exist at two or more temperatures, otherwise a prior"),
    ]
}

extension ElectrodeKineticsSubmodel {
    public static var declaredElectrolyteKeys: [ElectrolyteKey] { ElectrolyteKeys.electrodeKineticsKeys }
}

extension CathodeKeys {
    public static let exchangeCurrentDensity = CathodeKey("kinetics", "exchange_current_mA_cm2", "mA/cm²", exchangeCurrent)
    public static let kineticsActivation = CathodeKey("kinetics", "activation_energy_kJ_mol", "kJ/mol", activation)
    public static let kineticsReference = CathodeKey("kinetics", "reference_temperature_C", "°C", referenceC)
    public static let electrodePorosity = CathodeKey("electrode", "porosity", "", porosity)
    public static let activeVolumeFraction = CathodeKey("electrode", "active_volume_fraction", "", .closed(0.01...0.99))
    /// Crystal densities of cathode materials: sulfur 2.07, LFP 3.6, layered oxides 4.7–5.1 g/cm³.
    public static let activeDensity = CathodeKey("electrode", "active_density_g_cm3", "g/cm³", .closed(0.5...10))
    /// Bruggeman exponent b in σ_eff = σ·εᵇ: 1.5 for spheres, up to ~3 for platelets (Tjaden et al. 2016).
    public static let bruggemanExponent = CathodeKey("electrode", "bruggeman_exponent", "", .closed(1...3))
}

extension ElectrodeKineticsSubmodel {
    public static var declaredCathodeKeys: [CathodeKey] {
        [CathodeKeys.exchangeCurrentDensity, CathodeKeys.kineticsActivation, CathodeKeys.kineticsReference,
         CathodeKeys.electrodePorosity, CathodeKeys.activeVolumeFraction, CathodeKeys.activeDensity,
         CathodeKeys.bruggemanExponent]
    }
}
