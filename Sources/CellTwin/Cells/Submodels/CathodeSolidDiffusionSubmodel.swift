import Foundation

/// The cathode's active material as a submodel (DOMAIN A2, ``SolidDiffusionModes``): the mean stoichiometry x̄ of the
/// particles and their solid-diffusion modes u₁…u_K, and the open-circuit voltage at the particles' surface,
///
///   dx̄/dt = (J + I_par)/(Q_x(1 − LAM)),  duₖ/dt = −(λₖ²/τ_s)·uₖ + (2/3)·dx̄/dt,
///   x_s = x̄ + Σu + r·dx̄/dt,  U_C(x_s, T) = U(x_s) + (∂U/∂T)·(T − 298.15 K),
///
/// with r = (2/3)τ_s(1/10 − Σ 1/λₖ²) the modes left out in their quasi-steady limit (so a particle at steady flux has
/// x_s − x̄ = (τ_s/15)·dx̄/dt exactly). I_par, the parasitic currents that re-lithiate the cathode (the Li–S shuttle,
/// electronic leakage, electrolyte oxidation), and Q_x(1 − LAM) are the cell's; it hands dx̄/dt and the active capacity
/// over in ``SubmodelContext/cathodeMeanRate_per_s`` and ``SubmodelContext/cathodeActiveCapacity_C_m2``. The shuttle's
/// keys are declared here, with the stoichiometry it moves (DOMAIN B §5.3).
///
/// Holds plain values: the decay rates' buffer and the OCV table belong to the cell, which outlives it.
public struct CathodeSolidDiffusionSubmodel: CellSubmodel, @unchecked Sendable {
    public var firstIndex = 0
    /// K, the explicit modes.
    public let modeCount: Int
    /// λₖ²/τ_s, s⁻¹ (the cell's buffer).
    let decay: UnsafePointer<Double>
    /// r, s (multiplies dx̄/dt).
    public let remainderTime_s: Double
    /// U(x), the cathode's OCV table (the cell's), held unretained: the right-hand side reads it without reference
    /// counting.
    let ocv: Unmanaged<MonotoneSpline>
    /// (∂U/∂T)·(T − 298.15 K), V.
    public let entropicShift_V: Double

    /// `decay`: λₖ²/τ_s of `modes`, a buffer the cell keeps for the submodel's lifetime.
    public init(modes: SolidDiffusionModes, decay: UnsafePointer<Double>, ocv: MonotoneSpline, entropicShift_V: Double) {
        modeCount = modes.count
        self.decay = decay
        remainderTime_s = modes.remainderTime_s
        self.ocv = Unmanaged.passUnretained(ocv)
        self.entropicShift_V = entropicShift_V
    }

    public var states: [SubmodelState] {
        [SubmodelState("cathode_mean_stoichiometry", bounds: -Double.infinity...Double.infinity, mechanism: nil, extrapolated: false)]
            + (0..<modeCount).map { k in
                SubmodelState("cathode_diffusion_mode\(k + 1)", bounds: -Double.infinity...Double.infinity, mechanism: nil,
                              extrapolated: false)
            }
    }

    public static var electrolyteKeys: [String] {
        declaredElectrolyteKeys.map(\.path) + ["aging.reference_temperature_C"]
    }

    /// Index of x̄ and of the modes.
    @inline(__always)
    public var meanIndex: Int { firstIndex }
    @inline(__always)
    public var modeIndices: Range<Int> { (firstIndex + 1)..<(firstIndex + 1 + modeCount) }

    /// A fresh cell: x̄ at ``SubmodelInitialCondition/cathodeStoichiometry``, uniform particles (no modes).
    public func initialize(_ y: UnsafeMutablePointer<Double>, _ fresh: SubmodelInitialCondition) {
        y[firstIndex] = fresh.cathodeStoichiometry
        for k in modeIndices { y[k] = 0 }
    }

    /// Σu at state y.
    @inline(__always)
    public func modeSum(_ y: UnsafePointer<Double>) -> Double {
        var s = 0.0
        for k in modeIndices { s += y[k] }
        return s
    }

    /// x_s = x̄ + Σu + r·dx̄/dt.
    @inline(__always)
    public func surfaceStoichiometry(mean: Double, modeSum: Double, meanRate_per_s: Double) -> Double {
        mean + modeSum + remainderTime_s * meanRate_per_s
    }

    /// U_C at stoichiometry x, V.
    @inline(__always)
    public func openCircuitVoltage(_ x: Double) -> Double { ocv._withUnsafeGuaranteedRef { $0.value(x) } + entropicShift_V }

    /// U_C and dU/dx at stoichiometry x.
    @inline(__always)
    public func openCircuitVoltageAndSlope(_ x: Double) -> (V: Double, dVdx: Double) {
        let (u, du) = ocv._withUnsafeGuaranteedRef { $0.valueAndDerivative(x) }
        return (u + entropicShift_V, du)
    }

    /// dU/dx at stoichiometry x, V: ∂V/∂x̄ and ∂V/∂uₖ at fixed J.
    @inline(__always)
    public func openCircuitSlope(_ x: Double) -> Double { ocv._withUnsafeGuaranteedRef { $0.derivative(x) } }

    /// dx̄/dt from the context; the modes forced by (2/3)·dx̄/dt.
    @inline(__always)
    public func addRates(_ c: SubmodelContext, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) {
        let dxdt = c.cathodeMeanRate_per_s
        dydt[firstIndex] = dxdt
        let lower = firstIndex + 1
        let forcing = (2.0 / 3.0) * dxdt
        for k in 0..<modeCount { dydt[lower + k] = -decay[k] * y[lower + k] + forcing }
    }

    /// ∂/∂uₖ = −λₖ²/τ_s on the diagonal; ∂/∂J = 1/Q (x̄) and (2/3)/Q (modes), Q the active capacity. The dependence on
    /// x̄ through the parasitic currents and on LAM through Q is omitted (``CellSubmodel``).
    @inline(__always)
    public func addJacobian(_ c: SubmodelContext, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                            dimension n: Int, dfdJ: UnsafeMutablePointer<Double>) {
        let q = c.cathodeActiveCapacity_C_m2
        dfdJ[firstIndex] = 1 / q
        let modeGain = (2.0 / 3.0) / q
        let lower = firstIndex + 1
        for k in 0..<modeCount {
            dfdy[(lower + k) * n + (lower + k)] = -decay[k]
            dfdJ[lower + k] = modeGain
        }
    }
}

// MARK: - Model-file keys

extension ElectrolyteKeys {
    /// The electrolyte keys ``CathodeSolidDiffusionSubmodel`` declares.
    static let cathodeSolidDiffusionKeys: [ElectrolyteKey] = [
        scalar("aging", "shuttle_rate_per_h", "per h", si: "1/s", scale: 1, divisor: 3600, \.aging.shuttleRate_per_s, domain: .closed(0...100),
               absent: .familyDefault, doc: "Li–S only: shuttle current = k_s × Q₀ × upper-plateau fraction"),
        kJ("aging", "shuttle_activation_energy_kJ_mol", \.aging.shuttleActivationEnergy_J_mol, absent: .familyDefault, fit: nil,
           doc: "E_a of the shuttle rate"),
    ]
}

extension CathodeSolidDiffusionSubmodel {
    public static var declaredElectrolyteKeys: [ElectrolyteKey] { ElectrolyteKeys.cathodeSolidDiffusionKeys }
}

extension CathodeKeys {
    public static let ocvStoichiometry = CathodeKey("ocv", "stoichiometry", "", .closed(0...1), array: true)
    public static let ocvVoltage = CathodeKey("ocv", "voltage_V", "V", .limit(.voltage_V), array: true)
    /// dU/dT: measured entropic coefficients of Li-ion cathodes lie within ±1 mV/K (Viswanathan et al., J. Power
    /// Sources 195 (2010) 3720); ±5 mV/K leaves room.
    public static let entropicCoefficient = CathodeKey("ocv", "entropic_coefficient_mV_K", "mV/K", .closed(-5...5), optional: true)
    public static let solidDiffusionTime = CathodeKey("solid_diffusion", "time_constant_s", "s", diffusionTime)
    public static let solidDiffusionActivation = CathodeKey("solid_diffusion", "activation_energy_kJ_mol", "kJ/mol", activation)
    public static let solidDiffusionReference = CathodeKey("solid_diffusion", "reference_temperature_C", "°C", referenceC)
    public static let shuttlePlateauEnd = CathodeKey("aging", "shuttle_plateau_end_stoichiometry", "", .closed(1e-6...1), optional: true)
}

extension CathodeSolidDiffusionSubmodel {
    public static var declaredCathodeKeys: [CathodeKey] {
        [CathodeKeys.ocvStoichiometry, CathodeKeys.ocvVoltage, CathodeKeys.entropicCoefficient,
         CathodeKeys.solidDiffusionTime, CathodeKeys.solidDiffusionActivation, CathodeKeys.solidDiffusionReference,
         CathodeKeys.shuttlePlateauEnd]
    }
}
