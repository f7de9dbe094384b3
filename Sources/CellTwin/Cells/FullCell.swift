import Foundation

/// What the external circuit imposes during a step (DOMAIN A2, "Control modes").
/// Current and power are per unit area and positive on discharge.
public enum CellControl: Sendable, Equatable {
    case current(A_m2: Double)
    case voltage(V: Double)
    case power(W_m2: Double)
    case rest

    var isRest: Bool { if case .rest = self { return true } else { return false } }
}

/// Conditions that end a step, evaluated as located events.
public enum CellEvent: Sendable, Equatable {
    /// V crosses `V` (falling on discharge, rising on charge).
    case voltage(V: Double, direction: ODEEvent.Direction)
    /// |J| falls to `A_m2` (CV hold cut-off).
    case currentBelow(A_m2: Double)
    /// |∫J dt| over the step reaches `C_m2`.
    case chargePassed(C_m2: Double)
    /// The cathode surface reaches the end of its stoichiometry table.
    case cathodeSurfaceFull
    case cathodeSurfaceEmpty
    /// The Li anode has no Li left to strip.
    case lithiumExhausted
    /// The short-damage state reaches 1 (DOMAIN A4).
    case shortCircuit

    /// Name reported as a step's end reason.
    public var reason: String {
        switch self {
        case .voltage(let v, _): return String(format: "voltage %.4g V", v)
        case .currentBelow(let j): return String(format: "current %.4g mA/cm2", Units.mA_cm2(A_m2: j))
        case .chargePassed(let q): return String(format: "capacity %.4g mAh/cm2", Units.mAh_cm2(C_m2: q))
        case .cathodeSurfaceFull: return "cathode fully lithiated"
        case .cathodeSurfaceEmpty: return "cathode fully delithiated"
        case .lithiumExhausted: return "lithium exhausted"
        case .shortCircuit: return FullCellModel.shortCircuitReason
        }
    }
}

/// Full-cell equivalent circuit of DOMAIN A2 with the degradation states of A4, integrated by GSL:
///
/// V = U_C(x_s, T) − J·(ASR_b + ASR_SEI + ASR_CEI + ASR_contact) − η_Li − η_C − v_d,
/// η = (2RT/F)·asinh(J/(2i₀)), dv_d/dt = (J·R_d − v_d)/τ_d, with solid diffusion in modal form.
///
/// State layout: [x̄, u₁…u_K, v_d, q, e, ASR_SEI², Li, Q_lost, ASR_CEI, LAM, Φ] with
/// - q = ∫J dt (C m⁻², + discharge) and e = ∫J·(V − V_ref) dt (J m⁻²), restarted at every step, with
///   V_ref the OCV at the middle of the cathode window: the energy of a step is V_ref·Δq + e, and e stays
///   small, so the relative error control does not loosen as energy accumulates;
/// - ASR_SEI² (Ω² m⁴): d/dt = A(T)·(k_cal + k_pl·J_plate), parabolic growth (DOMAIN B §5.1);
/// - Li (C m⁻²): Li left in the anode, d/dt = −J − (1 − CE_Li)·J_plate − I_sh − I_e;
/// - Q_lost (C m⁻²): Li lost to inefficiency, d/dt = (1 − CE_Li)·J_plate;
/// - ASR_CEI (Ω m²): d/dt = k_CEI·A(T)·exp((φ_C − V_ox)/V_s), φ_C the cathode potential U − η_C;
/// - LAM (fraction): d/dt = k_LAM·|J|/Q₀ (the cathode's own loss plus electrolyte-induced contact loss);
///   the cathode's capacity per unit stoichiometry is Q_x(1 − LAM);
/// - Φ: short damage, d/dt from the electrolyte's short law at the plating current.
/// J_plate = max(−J, 0) is the current that plates Li on the anode (charge). The Li–S shuttle adds a
/// parasitic current I_sh = k_s·Q₀·f_H on charge, f_H the upper-plateau fraction (DOMAIN B §5.3), that
/// re-lithiates the cathode and strips the anode. Electronic leakage through the membrane does the same at all
/// times: I_e = (σ_e(T)/L)·(U_C(x̄ + Σu) + entropic shift), electrons crossing the separator driven by the cell's
/// open-circuit voltage (internal self-discharge; Alt & Janek, Nature Energy 2026). It takes the ohmic and
/// kinetic drops out of the driving voltage (they are a few per cent of it), which keeps the leakage explicit in
/// the state. Charge in then exceeds charge out by ∫I_e dt over a cycle: the model's coulombic efficiency below 1
/// in cells with excess Li, whose Li losses do not show in the cycle's capacities.
///
/// The current is algebraic: given (current/rest), or solved each call (voltage, power). The analytic
/// Jacobian covers the electrical states exactly and omits the weak coupling to the slow aging states:
/// it only steers the Newton iterations of the implicit stepper; the error control is unaffected.
public final class FullCellModel: ODEProblem {
    public static let shortCircuitReason = "short circuit"

    public let design: CellDesign
    public let temperature_K: Double
    public let modes: SolidDiffusionModes
    public let ocv: MonotoneSpline

    // State indices.
    public let iMean = 0
    public var iModes: Range<Int> { 1..<(1 + modes.count) }
    public let iPolarization: Int
    public let iCharge: Int
    public let iEnergy: Int
    public let iSEISquared: Int
    public let iLithium: Int
    public let iLithiumLost: Int
    public let iCEI: Int
    public let iLAM: Int
    public let iDamage: Int
    public let dimension: Int
    /// Indices of the degradation states (the ones cycle skipping extrapolates).
    public var agingIndices: [Int] { [iSEISquared, iLithium, iLithiumLost, iCEI, iLAM, iDamage] }

    // Parameters resolved at temperature_K (SI).
    public let bulkASR_ohm_m2: Double
    /// Series ASR without the growing interphases: bulk + contact, Ω m².
    public let fixedSeriesASR_ohm_m2: Double
    public let diffusionASR_ohm_m2: Double
    public let diffusionTime_s: Double
    public let lithiumExchangeCurrent_A_m2: Double
    public let cathodeExchangeCurrent_A_m2: Double
    public let thermalVoltage_V: Double
    private let halfInverseLithiumExchange: Double
    private let halfInverseCathodeExchange: Double
    public let stoichiometricCapacity_C_m2: Double
    public let entropicShift_V: Double
    public let stoichiometryRange: ClosedRange<Double>
    /// x at the cathode's maximum and minimum voltage (x_hi < x_lo).
    public let windowStoichiometry: (atMaximum: Double, atMinimum: Double)

    // Aging rates at temperature_K (zero when aging is off).
    public let agingEnabled: Bool
    public let seiCalendarRate: Double
    public let seiPlatingRate: Double
    public let lithiumInefficiency: Double
    public let ceiRate: Double
    public let ceiVoltageScale: Double
    public let oxidationLimit_V: Double
    /// k_LAM/Q₀, per C m⁻² of throughput.
    public let lamRate: Double
    /// k_s·Q₀ (A m⁻²) and the stoichiometry below which the upper plateau holds (nil: no shuttle).
    public let shuttleCurrentScale_A_m2: Double
    public let shuttlePlateauEnd: Double?
    /// σ_e(T)/L of the membrane, S m⁻² (0: no electronic leakage).
    public let leakageConductance_S_m2: Double
    public let shortLaw: ShortLaw.Resolved
    /// True when CEI growth matters at potentials reached without charging (the window's top is within
    /// 40·V_s of the oxidation limit).
    private let ceiActiveBelowWindow: Bool

    public private(set) var control: CellControl = .rest
    public private(set) var events: [CellEvent] = []
    private var stepStartCharge_C_m2 = 0.0
    /// V_ref of the energy state: the OCV at the middle of the cathode's voltage window, V.
    public let energyReference_V: Double
    /// Warm start for the algebraic current solve.
    private var lastCurrent_A_m2 = 0.0
    /// The last leakage current and the stoichiometry x̄ + Σu it was evaluated at.
    private var leakageStoichiometry = Double.nan
    private var leakage_A_m2 = 0.0
    private let decay: UnsafeMutablePointer<Double>
    public private(set) var failure: Error?

    public init(design: CellDesign, temperature_K: Double, diffusionModes: Int = 4, aging: Bool = true) throws {
        self.design = design
        self.temperature_K = temperature_K
        let cathode = design.cathode
        let electrolyte = design.electrolyte
        modes = SolidDiffusionModes(modes: diffusionModes, diffusionTime_s: cathode.diffusionTime_s(at: temperature_K))
        ocv = try cathode.ocvSpline()
        iPolarization = 1 + modes.count
        iCharge = iPolarization + 1
        iEnergy = iCharge + 1
        iSEISquared = iEnergy + 1
        iLithium = iSEISquared + 1
        iLithiumLost = iLithium + 1
        iCEI = iLithiumLost + 1
        iLAM = iCEI + 1
        iDamage = iLAM + 1
        // Without degradation the aging states stay at their fresh values outside the integrated vector.
        dimension = aging ? iDamage + 1 : iEnergy + 1
        bulkASR_ohm_m2 = electrolyte.bulkASR_ohm_m2(at: temperature_K)
        fixedSeriesASR_ohm_m2 = bulkASR_ohm_m2 + design.contactASR_ohm_m2
        diffusionASR_ohm_m2 = electrolyte.diffusionASR_ohm_m2(at: temperature_K)
        diffusionTime_s = diffusionASR_ohm_m2 > 0 ? electrolyte.diffusionTime_s(at: temperature_K) : 1
        lithiumExchangeCurrent_A_m2 = electrolyte.lithiumExchangeCurrent.value(at: temperature_K)
        cathodeExchangeCurrent_A_m2 = cathode.exchangeCurrent.value(at: temperature_K)
        thermalVoltage_V = Physical.thermalVoltage(temperature_K)
        halfInverseLithiumExchange = 1 / (2 * lithiumExchangeCurrent_A_m2)
        halfInverseCathodeExchange = 1 / (2 * cathodeExchangeCurrent_A_m2)
        stoichiometricCapacity_C_m2 = design.stoichiometricCapacity_C_m2
        entropicShift_V = cathode.entropicCoefficient_V_K * (temperature_K - 298.15)
        stoichiometryRange = cathode.ocvStoichiometry.first!...cathode.ocvStoichiometry.last!
        windowStoichiometry = (try cathode.stoichiometry(atVoltage: cathode.maximumVoltage_V, spline: ocv),
                               try cathode.stoichiometry(atVoltage: cathode.minimumVoltage_V, spline: ocv))
        decay = .allocate(capacity: modes.count)
        decay.initialize(from: modes.decayRates, count: modes.count)
        energyReference_V = ocv.value(0.5 * (windowStoichiometry.atMaximum + windowStoichiometry.atMinimum)) + entropicShift_V

        agingEnabled = aging
        let a = electrolyte.aging
        let on: Double = aging ? 1 : 0
        seiCalendarRate = on * a.seiCalendarRate_ohm2m4_s * a.factor(a.seiActivationEnergy_J_mol, at: temperature_K)
        seiPlatingRate = on * a.seiPlatingRate_ohm2m4_per_C_m2 * a.factor(a.seiActivationEnergy_J_mol, at: temperature_K)
        lithiumInefficiency = on * min(1, a.lithiumInefficiency * a.factor(a.lithiumLossActivationEnergy_J_mol, at: temperature_K))
        ceiRate = on * a.ceiRate_ohm_m2_s * a.factor(a.ceiActivationEnergy_J_mol, at: temperature_K)
        ceiVoltageScale = a.ceiVoltageScale_V
        oxidationLimit_V = electrolyte.oxidationLimit_V
        lamRate = on * (cathode.activeMaterialLoss.value(at: temperature_K)
            + a.contactLossRate * a.factor(a.contactLossActivationEnergy_J_mol, at: temperature_K)) / design.nominalCapacity_C_m2
        shuttlePlateauEnd = cathode.shuttlePlateauEnd
        shuttleCurrentScale_A_m2 = cathode.shuttlePlateauEnd == nil ? 0
            : on * a.shuttleRate_per_s * a.factor(a.shuttleActivationEnergy_J_mol, at: temperature_K) * design.nominalCapacity_C_m2
        ceiActiveBelowWindow = cathode.maximumVoltage_V > electrolyte.oxidationLimit_V - 40 * a.ceiVoltageScale_V
        leakageConductance_S_m2 = electrolyte.leakageConductance_S_m2(at: temperature_K)
        var law = electrolyte.shortLaw.resolved(at: temperature_K)
        if !aging { law.cumulativeCoefficient = 0; law.criticalCoefficient = 0 }
        shortLaw = law
    }

    deinit { decay.deallocate() }

    // MARK: State

    /// Relaxed, fresh state at state of charge `soc` of the cathode's voltage window
    /// (x = x_hi + (x_lo − x_hi)(1 − SOC), DOMAIN B §0).
    public func initialState(stateOfCharge soc: Double) -> [Double] {
        var y = [Double](repeating: 0, count: iDamage + 1)
        let (xHi, xLo) = windowStoichiometry
        y[iMean] = xHi + (xLo - xHi) * (1 - soc)
        let sei = design.electrolyte.lithiumInterphaseASR_ohm_m2
        y[iSEISquared] = sei * sei
        // The foil, plus the Li a charged cathode has already given up (SOC > 0 means plated Li).
        y[iLithium] = design.anode.capacity_C_m2 + (xLo - y[iMean]) * stoichiometricCapacity_C_m2
        y[iCEI] = design.electrolyte.cathodeInterphaseASR_ohm_m2
        frozenLithiumAtZeroCharge = y[iLithium]
        return Array(y.prefix(dimension))
    }

    /// The fresh aging values used when degradation is off.
    private var frozenLithiumAtZeroCharge = 0.0
    private var frozenSeries: Double {
        fixedSeriesASR_ohm_m2 + design.electrolyte.lithiumInterphaseASR_ohm_m2 + design.electrolyte.cathodeInterphaseASR_ohm_m2
    }

    /// Li left in the anode, C m⁻².
    @inline(__always)
    public func lithium(_ y: UnsafePointer<Double>) -> Double {
        agingEnabled ? y[iLithium] : frozenLithiumAtZeroCharge - y[iCharge]
    }

    /// Sets the control and the events for the next step. `stepStartCharge` is q at the step start.
    public func configure(control: CellControl, events: [CellEvent], stepStartCharge_C_m2: Double) {
        self.control = control
        self.events = events
        self.stepStartCharge_C_m2 = stepStartCharge_C_m2
        failure = nil
    }

    // MARK: Algebraic part

    @inline(__always)
    private func kinetic(_ j: Double, _ i0: Double) -> (eta: Double, slope: Double) {
        let a = j / (2 * i0)
        let twoVt = 2 * thermalVoltage_V
        return (twoVt * FastMath.asinh(a), twoVt / (2 * i0) / (1 + a * a).squareRoot())
    }

    @inline(__always)
    private func modeSum(_ y: UnsafePointer<Double>) -> Double {
        var s = 0.0
        for k in 0..<modes.count { s += y[1 + k] }
        return s
    }

    /// Series ASR at state y: bulk + contact + Li interphase + cathode interphase, Ω m².
    @inline(__always)
    public func seriesASR_ohm_m2(_ y: UnsafePointer<Double>) -> Double {
        guard agingEnabled else { return frozenSeries }
        return fixedSeriesASR_ohm_m2 + max(y[iSEISquared], 0).squareRoot() + y[iCEI]
    }

    /// Charge per unit stoichiometry of the remaining active material, C m⁻².
    @inline(__always)
    public func activeCapacity_C_m2(_ y: UnsafePointer<Double>) -> Double {
        guard agingEnabled else { return stoichiometricCapacity_C_m2 }
        return stoichiometricCapacity_C_m2 * max(1 - y[iLAM], 1e-6)
    }

    /// Li–S shuttle current at state y and current j (A m⁻², ≥ 0; on charge only).
    @inline(__always)
    public func shuttleCurrent(_ y: UnsafePointer<Double>, current j: Double) -> Double {
        guard j < 0, let end = shuttlePlateauEnd, shuttleCurrentScale_A_m2 > 0 else { return 0 }
        let f = (end - y[iMean]) / end
        return f > 0 ? shuttleCurrentScale_A_m2 * min(f, 1) : 0
    }

    /// Electronic leakage current through the membrane at state y (A m⁻², ≥ 0): (σ_e/L)·(U_C(x̄ + Σu) + shift).
    /// It depends on the state only: the current solve's Newton iterations at one state reuse it.
    @inline(__always)
    public func leakageCurrent(_ y: UnsafePointer<Double>) -> Double {
        guard leakageConductance_S_m2 > 0 else { return 0 }
        let x = y[iMean] + modeSum(y)
        if x != leakageStoichiometry {
            leakageStoichiometry = x
            leakage_A_m2 = leakageConductance_S_m2 * max(ocv.value(x) + entropicShift_V, 0)
        }
        return leakage_A_m2
    }

    /// dx̄/dt at state y and current j.
    @inline(__always)
    func meanStoichiometryRate(_ y: UnsafePointer<Double>, current j: Double) -> Double {
        (j + shuttleCurrent(y, current: j) + leakageCurrent(y)) / activeCapacity_C_m2(y)
    }

    /// Surface stoichiometry at current density j.
    @inline(__always)
    public func surfaceStoichiometry(_ y: UnsafePointer<Double>, current j: Double) -> Double {
        y[iMean] + modeSum(y) + modes.remainderTime_s * meanStoichiometryRate(y, current: j)
    }

    /// Terminal voltage V(y, J) and ∂V/∂J.
    @inline(__always)
    public func voltage(_ y: UnsafePointer<Double>, current j: Double) -> (V: Double, dVdJ: Double) {
        let xs = surfaceStoichiometry(y, current: j)
        let (u, du) = ocv.valueAndDerivative(xs)
        let li = kinetic(j, lithiumExchangeCurrent_A_m2)
        let ca = kinetic(j, cathodeExchangeCurrent_A_m2)
        let r = seriesASR_ohm_m2(y)
        let v = u + entropicShift_V - j * r - li.eta - ca.eta - y[iPolarization]
        let dv = du * modes.remainderTime_s / activeCapacity_C_m2(y) - r - li.slope - ca.slope
        return (v, dv)
    }

    /// Terminal voltage V(y, J) alone (the right-hand side needs no derivative).
    @inline(__always)
    func voltageValue(_ y: UnsafePointer<Double>, current j: Double) -> Double {
        let xs = surfaceStoichiometry(y, current: j)
        let twoVt = 2 * thermalVoltage_V
        return ocv.value(xs) + entropicShift_V - j * seriesASR_ohm_m2(y)
            - twoVt * (FastMath.asinh(j * halfInverseLithiumExchange) + FastMath.asinh(j * halfInverseCathodeExchange)) - y[iPolarization]
    }

    /// Cathode potential vs Li/Li⁺ at the surface, U(x_s) − η_C (drives CEI growth).
    @inline(__always)
    func cathodePotential(_ y: UnsafePointer<Double>, current j: Double) -> Double {
        ocv.value(surfaceStoichiometry(y, current: j)) + entropicShift_V
            - 2 * thermalVoltage_V * FastMath.asinh(j * halfInverseCathodeExchange)
    }

    /// Current density imposed or implied by the control at state y (A m⁻², + discharge).
    @inline(__always)
    public func current(_ y: UnsafePointer<Double>) -> Double {
        switch control {
        case .rest: return 0
        case .current(let j): return j
        // V − V_set falls with J; J·V − P rises with J on the physical branch (V + J·∂V/∂J > 0).
        case .voltage(let target): return solveCurrent(y, sign: -1) { v, _ in v - target } derivative: { _, dv, _ in dv }
        case .power(let p): return solveCurrent(y, sign: 1) { v, j in j * v - p } derivative: { v, dv, j in v + j * dv }
        }
    }

    /// The current that satisfies the control's residual (rising in J for `sign` = 1, falling for −1), by
    /// safeguarded Newton warm-started at the last solution; GSL Brent on the bracket if Newton stalls.
    @inline(__always)
    private func solveCurrent(_ y: UnsafePointer<Double>, sign: Double, residual: (Double, Double) -> Double,
                              derivative: (Double, Double, Double) -> Double) -> Double {
        let scale = max(design.nominalCapacity_C_m2 / 3600, 1e-6)
        let outcome = MonotoneNewton.solve(start: lastCurrent_A_m2, scale: scale, maxIterations: 60) { j in
            let (v, dv) = voltage(y, current: j)
            return (sign * residual(v, j), sign * derivative(v, dv, j))
        }
        if let root = outcome.root {
            lastCurrent_A_m2 = root
            return root
        }
        if outcome.lower.isFinite && outcome.upper.isFinite {
            let root = withoutActuallyEscaping(residual) { residual in
                try? ScalarRoot.brent(lower: outcome.lower, upper: outcome.upper, fLower: outcome.fLower,
                                      fUpper: outcome.fUpper, xTolerance: 1e-12 * scale) { jj in
                    sign * residual(self.voltageValue(y, current: jj), jj)
                }
            }
            if let root {
                lastCurrent_A_m2 = root.x
                return root.x
            }
        }
        failure = SimulationError.controlFailed("no current satisfies \(control) at x̄ = \(y[iMean])")
        return outcome.last
    }

    /// Terminal voltage at state y under the present control.
    public func terminalVoltage(_ y: UnsafePointer<Double>) -> Double {
        voltage(y, current: current(y)).V
    }

    // MARK: ODEProblem

    public func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
        let j = current(y)
        let shuttle = shuttleCurrent(y, current: j)
        let leakage = leakageCurrent(y)
        let dxdt = (j + shuttle + leakage) / activeCapacity_C_m2(y)
        dydt[iMean] = dxdt
        for k in 0..<modes.count { dydt[1 + k] = -decay[k] * y[1 + k] + (2.0 / 3.0) * dxdt }
        dydt[iPolarization] = (j * diffusionASR_ohm_m2 - y[iPolarization]) / diffusionTime_s
        dydt[iCharge] = j
        let v = voltageValue(y, current: j)
        dydt[iEnergy] = j * (v - energyReference_V)
        if !v.isFinite, failure == nil {
            failure = SimulationError.controlFailed(String(format: "the voltage is not finite at x̄ = %g, J = %g A/m², t = %g s", y[iMean], j, t))
        }
        guard agingEnabled else { return failure == nil }
        let plating = max(-j, 0)
        let lost = lithiumInefficiency * plating
        dydt[iSEISquared] = seiCalendarRate + seiPlatingRate * plating
        dydt[iLithium] = -j - lost - shuttle - leakage
        dydt[iLithiumLost] = lost
        // CEI growth is exp((φ_C − V_ox)/V_s): below V_ox − 40·V_s (e⁻⁴⁰) it is nil; φ_C ≤ U_max + |η_C|.
        if ceiRate > 0, j < 0 || ceiActiveBelowWindow {
            // Capped at e³⁰ so a wild trial state of the implicit solver cannot overflow to infinity.
            dydt[iCEI] = ceiRate * exp(min((cathodePotential(y, current: j) - oxidationLimit_V) / ceiVoltageScale, 30))
        } else {
            dydt[iCEI] = 0
        }
        dydt[iLAM] = lamRate * abs(j)
        dydt[iDamage] = shortLaw.rate(current_A_m2: plating)
        return failure == nil
    }

    public func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                         dfdt: UnsafeMutablePointer<Double>) -> Bool {
        let n = dimension
        dfdy.update(repeating: 0, count: n * n)
        dfdt.update(repeating: 0, count: n)
        let j = current(y)
        let xs = surfaceStoichiometry(y, current: j)
        let dU = ocv.derivative(xs)
        let (v, dVdJ) = voltage(y, current: j)
        // ∂V/∂y at fixed J: U′ for x̄ and every mode, −1 for v_d.
        // ∂J/∂y from the control: 0 (current, rest); −(∂V/∂y)/(∂V/∂J) (voltage); −J(∂V/∂y)/(V + J ∂V/∂J) (power).
        let gain: Double
        switch control {
        case .rest, .current: gain = 0
        case .voltage: gain = -1 / dVdJ
        case .power: gain = -j / (v + j * dVdJ)
        }
        let q = activeCapacity_C_m2(y)
        // b: ∂f_i/∂J for each electrical state equation.
        @inline(__always) func b(_ i: Int) -> Double {
            if i == iMean { return 1 / q }
            if i < iPolarization { return (2.0 / 3.0) / q }
            if i == iPolarization { return diffusionASR_ohm_m2 / diffusionTime_s }
            if i == iCharge { return 1 }
            if i == iEnergy { return (v - energyReference_V) + j * dVdJ }
            if i == iLithium { return j < 0 ? -1 + lithiumInefficiency : -1 }
            return 0
        }
        @inline(__always) func partialV(_ col: Int) -> Double {
            if col == iMean || (col >= 1 && col < iPolarization) { return dU }
            if col == iPolarization { return -1 }
            return 0
        }
        for k in 0..<modes.count { dfdy[(1 + k) * n + (1 + k)] = -decay[k] }
        dfdy[iPolarization * n + iPolarization] = -1 / diffusionTime_s
        for col in 0...iPolarization {
            let pv = partialV(col)
            if pv == 0 { continue }
            // Energy row also depends on V directly: ∂(J (V − V_ref))/∂y = J ∂V/∂y + (V − V_ref + J ∂V/∂J) ∂J/∂y.
            dfdy[iEnergy * n + col] += j * pv
            if gain == 0 { continue }
            let dJ = gain * pv
            for row in 0...min(iLithium, n - 1) { dfdy[row * n + col] += b(row) * dJ }
        }
        return failure == nil
    }

    public func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double {
        switch events[id] {
        case .voltage(let threshold, _):
            return voltageValue(y, current: current(y)) - threshold
        case .currentBelow(let threshold):
            return abs(current(y)) - threshold
        case .chargePassed(let limit):
            return abs(y[iCharge] - stepStartCharge_C_m2) - limit
        case .cathodeSurfaceFull:
            return surfaceStoichiometry(y, current: current(y)) - stoichiometryRange.upperBound
        case .cathodeSurfaceEmpty:
            return surfaceStoichiometry(y, current: current(y)) - stoichiometryRange.lowerBound
        case .lithiumExhausted:
            return lithium(y)
        case .shortCircuit:
            // Without degradation there is no damage state (and no short).
            return agingEnabled ? y[iDamage] - 1 : -1
        }
    }
}
