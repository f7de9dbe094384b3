import Foundation

/// The small-signal impedance of the CellTwin cell models (DOMAIN A3, B §6.1–6.3): the same physics as the
/// time-domain model, written as an impedance.py circuit with absolute values (Ω, F) for the electrode area.
///
/// Symmetric Li | E | Li: `p(R0,C0)-p(R1,CPE1)-p(R2,CPE2)-Ws1`
/// - bulk R_b = L/(σ(T)·A) ∥ C_geo = ε₀ε_r A/L;
/// - each Li interface R_int = (RT/(F i₀(T)) + ASR_SEI)/A ∥ CPE (``ImpedanceAssumptions``);
/// - concentration polarization as a finite-length Warburg, Z₀ = R_D = R_b(1 − t₊)/t₊ and τ_W = L²/(4D(T)),
///   whose slowest relaxation 4τ_W/π² = L²/(π²D) is the model's τ_d; left out for t₊ = 1.
///
/// Full cell Li | E | cathode: `R0-p(R1,C1)-p(R2,CPE1)-p(R3,CPE2)-Ws1-Wsph1`
/// - R0 = contact ASR/A; bulk, Li interface (one) and electrolyte Warburg as above;
/// - cathode interface R = (RT/(F i₀,C(T)) + ASR_CEI(T))/A ∥ CPE; when the cathode has a pore structure, the composite
///   electrode instead as a de Levie transmission line `T1` (the electrolyte's σ(T) in the pores, DOMAIN B §2.6);
/// - cathode solid diffusion as finite-space diffusion in a sphere (`Wsph`, see ``solidDiffusionWarburg(dUdx_V:diffusionTime_s:stoichiometricCapacity_C_m2:)``).
///
/// Elements with zero resistance are left out (their names stay as above).
public struct CellImpedanceModel: Sendable {
    public enum Cell: String, Sendable, CaseIterable {
        case symmetric, full
    }

    /// One physical contribution: its circuit elements, its low-frequency resistance and where its arc sits.
    public struct Component: Sendable, Equatable {
        public var name: String
        /// Element names in ``CellImpedanceModel/circuit``.
        public var elements: [String]
        /// Contribution to Re Z as f → 0, Ω (R for R and ZARC, Z₀ for Ws, Z₀/3 for Wo, Z₀/5 for Wsph).
        public var resistance_ohm: Double
        /// Characteristic frequency, Hz: 1/(2πRC), the ZARC apex 1/(2π(RQ)^(1/α)), or 1/(2πτ) for a Warburg
        /// (nil for a plain resistor).
        public var frequency_Hz: Double?
    }

    public let cell: Cell
    public let temperature_K: Double
    public let electrodeArea_m2: Double
    public let circuit: Circuit
    /// Circuit parameters in the circuit's order (Ω, F, S sᵅ, s).
    public let parameters: [Double]
    public let components: [Component]
    public let assumptions: ImpedanceAssumptions
    /// Cathode stoichiometry and dU/dx where the full cell's solid diffusion was linearized (nil: symmetric).
    public let cathodeStoichiometry: Double?
    public let cathodeOCVSlope_V: Double?

    /// Vacuum permittivity ε₀, F m⁻¹.
    public static let vacuumPermittivity_F_m = 8.8541878128e-12

    /// Bulk resistance R_b, Ω.
    public var bulkResistance_ohm: Double { components.first { $0.name == "bulk electrolyte" }?.resistance_ohm ?? 0 }
    /// Ohmic resistance in series with the bulk (contacts), Ω.
    public var seriesResistance_ohm: Double { components.first { $0.name == "contacts" }?.resistance_ohm ?? 0 }
    /// lim_{f→0} Re Z, Ω: the sum of the components' resistances (for the full cell the finite-space Warburg
    /// keeps Im Z → −∞, so the impedance itself diverges; this is its real part).
    public var lowFrequencyResistance_ohm: Double { components.reduce(0) { $0 + $1.resistance_ohm } }
    /// True when Z stays finite at DC (symmetric cell); false when a capacitive element is in series (full cell).
    public var hasDCLimit: Bool { cell == .symmetric }

    /// The spectrum on the assumptions' frequency grid (or the frequencies given).
    public func spectrum(frequencies_Hz: [Double]? = nil) -> ImpedanceSpectrum {
        circuit.spectrum(frequencies_Hz: frequencies_Hz ?? assumptions.frequencies_Hz, parameters: parameters)
    }

    // MARK: - Building

    /// Li | E | Li at temperature T (K).
    public static func symmetric(electrolyte: Electrolyte, temperature_K: Double,
                                 assumptions: ImpedanceAssumptions = .init()) throws -> CellImpedanceModel {
        try assumptions.validate()
        try checkTemperature(temperature_K, electrolyte)
        let area = assumptions.electrodeArea_m2 ?? electrolyte.referenceCell.electrodeArea_m2
        var b = Builder(area: area)
        b.bulk(electrolyte, temperature_K, assumptions)
        let rInt = lithiumInterfaceASR(electrolyte, temperature_K)
        b.zarc("Li interface 1", r: "R1", cpe: "CPE1", asr: rInt, q: assumptions.lithiumInterfaceQ_S_s_alpha_m2,
               alpha: assumptions.lithiumInterfaceExponent)
        b.zarc("Li interface 2", r: "R2", cpe: "CPE2", asr: rInt, q: assumptions.lithiumInterfaceQ_S_s_alpha_m2,
               alpha: assumptions.lithiumInterfaceExponent)
        b.electrolyteWarburg(electrolyte, temperature_K)
        return try b.model(cell: .symmetric, temperature_K: temperature_K, assumptions: assumptions)
    }

    /// Li | E | cathode at temperature T (K) and state of charge `stateOfCharge` of the cathode's voltage window.
    public static func full(design: CellDesign, temperature_K: Double, stateOfCharge: Double,
                            assumptions: ImpedanceAssumptions = .init()) throws -> CellImpedanceModel {
        try assumptions.validate()
        guard stateOfCharge.isFinite, (0...1).contains(stateOfCharge) else {
            throw SimulationError.invalidOption("state of charge must lie in 0…1, got \(stateOfCharge)")
        }
        let e = design.electrolyte, c = design.cathode
        try checkTemperature(temperature_K, e)
        let area = assumptions.electrodeArea_m2 ?? design.electrodeArea_m2
        var b = Builder(area: area)
        if design.contactASR_ohm_m2 > 0 { b.resistor("contacts", name: "R0", asr: design.contactASR_ohm_m2) }
        b.bulk(e, temperature_K, assumptions, resistor: "R1", capacitor: "C1")
        b.zarc("Li interface", r: "R2", cpe: "CPE1", asr: lithiumInterfaceASR(e, temperature_K),
               q: assumptions.lithiumInterfaceQ_S_s_alpha_m2, alpha: assumptions.lithiumInterfaceExponent)
        let rtf = Physical.thermalVoltage(temperature_K)
        let cathodeASR = rtf / c.exchangeCurrent.value(at: temperature_K) + e.cathodeInterphaseASR_ohm_m2 * e.cathodeInterphaseFactor(at: temperature_K)
        let ionic = design.cathodeIonicASR_ohm_m2(at: temperature_K)
        if ionic > 0, cathodeASR > 0 {
            b.poreElectrode(ionic: ionic, reaction: cathodeASR, q: assumptions.cathodeInterfaceQ_S_s_alpha_m2,
                            alpha: assumptions.cathodeInterfaceExponent)
        } else {
            b.zarc("cathode interface", r: "R3", cpe: "CPE2", asr: cathodeASR,
                   q: assumptions.cathodeInterfaceQ_S_s_alpha_m2, alpha: assumptions.cathodeInterfaceExponent)
        }
        b.electrolyteWarburg(e, temperature_K)
        // Solid diffusion linearized at the stoichiometry of this SOC: x = x_hi + (x_lo − x_hi)(1 − SOC).
        let spline = try c.ocvSpline()
        let xHi = try c.stoichiometry(atVoltage: c.maximumVoltage_V, spline: spline)
        let xLo = try c.stoichiometry(atVoltage: c.minimumVoltage_V, spline: spline)
        let x = xHi + (xLo - xHi) * (1 - stateOfCharge)
        let slope = spline.derivative(x)
        let w = solidDiffusionWarburg(dUdx_V: slope, diffusionTime_s: c.diffusionTime_s(at: temperature_K),
                                      stoichiometricCapacity_C_m2: design.stoichiometricCapacity_C_m2)
        if w.z0_ohm_m2 > 0 {
            b.add(Component(name: "cathode solid diffusion", elements: ["Wsph1"], resistance_ohm: w.z0_ohm_m2 / area / 5,
                            frequency_Hz: 1 / (2 * Double.pi * w.tau_s)),
                  element: "Wsph1", parameters: [w.z0_ohm_m2 / area, w.tau_s])
        }
        return try b.model(cell: .full, temperature_K: temperature_K, assumptions: assumptions,
                           stoichiometry: x, slope: slope)
    }

    /// Finite-space diffusion in a spherical particle (the `Wsph` element) for the cathode's solid diffusion, per unit
    /// electrode area: Z = Z₀·tanh(√(jωτ))/(√(jωτ) − tanh(√(jωτ))) with τ = τ_s = R_p²/D_s.
    ///
    /// Derivation (Jacobsen & West, Electrochim. Acta 40 (1995) 255; Meyers et al., J. Electrochem. Soc. 147 (2000)
    /// 2930). In a sphere, ∂c/∂t = D(1/r²)∂(r²∂c/∂r)/∂r with the inward flux N = D ∂c/∂r at r = R has the small-signal
    /// solution c = A·sinh(kr)/r, k = √(jω/D), so at the surface
    ///
    ///   ĉ(R)/N̂ = (R/D)·tanh(kR)/(kR − tanh(kR)),   kR = √(jωτ_s).
    ///
    /// A charge q (C m⁻²) moves the mean stoichiometry by q/Q_x (Q_x = charge per unit x, C m⁻²), i.e. x̂_s/Ĵ =
    /// (τ_s/(3Q_x))·tanh(kR)/(kR − tanh(kR)), and the voltage is U(x_s): Z = −(dU/dx)·x̂_s/Ĵ, hence
    ///
    ///   Z₀ = −(dU/dx)·τ_s/(3·Q_x)   (Ω m²),   τ = τ_s.
    ///
    /// Limits: ω → 0, Z → 1/(jωC_s) + Z₀/5 with C_s = Q_x/|dU/dx| (the particle's capacitance) and Z₀/5 =
    /// −(dU/dx)·τ_s/(15·Q_x), the modal model's steady state x_s − x̄ = (τ_s/15)·dx̄/dt (DOMAIN A2); ω → ∞, Z →
    /// Z₀/√(jωτ_s), a Warburg line with coefficient −(dU/dx)/(3Q_x)·√τ_s. Its poles are the modes λₖ² / τ_s of
    /// ``SolidDiffusionModes`` (tan λ = λ). (A planar finite-space Warburg fitted to the two low-frequency limits,
    /// τ_W = τ_s/5 and Z₀ = −(dU/dx)τ_s/(5Q_x), is √(9/5) = 1.34 times too large in the Warburg region.)
    /// dU/dx ≥ 0 (a flat or rising table) gives Z₀ = 0.
    public static func solidDiffusionWarburg(dUdx_V: Double, diffusionTime_s: Double,
                                             stoichiometricCapacity_C_m2: Double) -> (z0_ohm_m2: Double, tau_s: Double) {
        let z0 = max(-dUdx_V, 0) * diffusionTime_s / (3 * stoichiometricCapacity_C_m2)
        return (z0, diffusionTime_s)
    }

    /// Charge-transfer plus film ASR of one Li electrode, Ω m²: RT/(F i₀(T)) + ASR_SEI(T) (DOMAIN B §3).
    public static func lithiumInterfaceASR(_ e: Electrolyte, _ temperature_K: Double) -> Double {
        Physical.thermalVoltage(temperature_K) / e.lithiumExchangeCurrent.value(at: temperature_K)
            + e.lithiumInterphaseASR_ohm_m2 * e.lithiumInterphaseFactor(at: temperature_K)
    }

    /// The simulators' temperature check (``Simulator/checkTemperature(_:electrolyte:)``), for a temperature in K.
    static func checkTemperature(_ temperature_K: Double, _ e: Electrolyte) throws {
        try Simulator.checkTemperature(Units.celsius(kelvin: temperature_K), electrolyte: e)
    }

    /// Assembles the circuit string and parameters component by component.
    private struct Builder {
        let area: Double
        var parts: [String] = []
        var parameters: [Double] = []
        var components: [Component] = []

        mutating func add(_ c: Component, element: String, parameters p: [Double]) {
            components.append(c)
            parts.append(element)
            parameters += p
        }

        mutating func resistor(_ what: String, name: String, asr: Double) {
            add(Component(name: what, elements: [name], resistance_ohm: asr / area, frequency_Hz: nil), element: name,
                parameters: [asr / area])
        }

        mutating func bulk(_ e: Electrolyte, _ t: Double, _ a: ImpedanceAssumptions, resistor r: String = "R0",
                           capacitor c: String = "C0") {
            let rb = e.bulkASR_ohm_m2(at: t) / area
            let cGeo = CellImpedanceModel.vacuumPermittivity_F_m * a.relativePermittivity * area / e.thickness_m
            add(Component(name: "bulk electrolyte", elements: [r, c], resistance_ohm: rb,
                          frequency_Hz: 1 / (2 * Double.pi * rb * cGeo)),
                element: "p(\(r),\(c))", parameters: [rb, cGeo])
        }

        mutating func zarc(_ what: String, r: String, cpe: String, asr: Double, q: Double, alpha: Double) {
            guard asr > 0 else { return }
            let rAbs = asr / area, qAbs = q * area
            add(Component(name: what, elements: [r, cpe], resistance_ohm: rAbs,
                          frequency_Hz: 1 / (2 * Double.pi * pow(rAbs * qAbs, 1 / alpha))),
                element: "p(\(r),\(cpe))", parameters: [rAbs, qAbs, alpha])
        }

        /// The composite cathode as a de Levie line (DOMAIN B §2.6, ``TransmissionLine``): impedance.py's `T` element
        /// with B = 0 is R_ion·coth β/β, β² = a + jωb, which is the line with particle impedance r ∥ C when a = R_ion/r
        /// and b = R_ion·C. C is the effective capacitance of the cathode interface's CPE, (rQ)^(1/α)/r (Brug et al.,
        /// J. Electroanal. Chem. 176 (1984) 275; DOMAIN B §6.2). DC limit: √(R_ion·r)·coth √(R_ion/r).
        mutating func poreElectrode(ionic: Double, reaction r: Double, q: Double, alpha: Double) {
            let c = pow(r * q, 1 / alpha) / r
            add(Component(name: "cathode interface (pore electrolyte line)", elements: ["T1"],
                          resistance_ohm: TransmissionLine.resistance(ionic: ionic, reaction: r) / area,
                          frequency_Hz: 1 / (2 * Double.pi * r * c)),
                element: "T1", parameters: [ionic / area, 0, ionic / r, ionic * c])
        }

        mutating func electrolyteWarburg(_ e: Electrolyte, _ t: Double) {
            let rd = e.diffusionASR_ohm_m2(at: t) / area
            guard rd > 0 else { return }
            let tau = e.thickness_m * e.thickness_m / (4 * e.diffusivity.value(at: t))
            add(Component(name: "salt concentration polarization", elements: ["Ws1"], resistance_ohm: rd,
                          frequency_Hz: 1 / (2 * Double.pi * tau)),
                element: "Ws1", parameters: [rd, tau])
        }

        func model(cell: Cell, temperature_K: Double, assumptions: ImpedanceAssumptions, stoichiometry: Double? = nil,
                   slope: Double? = nil) throws -> CellImpedanceModel {
            let circuit = try Circuit(parts.joined(separator: "-"))
            precondition(circuit.parameterCount == parameters.count, "impedance model parameters out of step")
            return CellImpedanceModel(cell: cell, temperature_K: temperature_K, electrodeArea_m2: area, circuit: circuit,
                                      parameters: parameters, components: components, assumptions: assumptions,
                                      cathodeStoichiometry: stoichiometry, cathodeOCVSlope_V: slope)
        }
    }
}
