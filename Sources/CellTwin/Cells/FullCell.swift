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

/// Full-cell equivalent circuit of DOMAIN A2 with the degradation states of A4, integrated by GSL:
///
/// V = U_C(x_s, T) − J·(ASR_b + ASR_SEI/(1 − v) + ASR_contact) − η_Li − η_el − v_d,
/// η_Li = (2RT/F)·asinh(J/(2i₀,Li(1 − v))), η_el = J·r/u the composite cathode as a transmission line
/// (``CompositeCathodeResolved``: r = η_C/J + ASR_CEI, η_C = (2RT/F)·asinh(J/(2i₀,C)), the pore electrolyte's R_ion(T)
/// from the electrolyte's σ(T), utilisation u; η_el = η_C + J·ASR_CEI without a pore path; the solid diffusion is
/// that of the mean particle, driven by dx̄/dt), with solid diffusion in modal form and the
/// salt polarization v_d = (R_d/G)·Δc from the exact modal series of ``SaltDiffusionModes`` (the same submodel as
/// the Li | E | Li cell: Δc_ss = G·J, surfaces at c₀ ± Δc/2, Sand onset when the Li surface runs out while plating).
///
/// The electrical core is assembled from submodels too (one file each in `Cells/Submodels/`): the cathode's particles
/// (``CathodeSolidDiffusionSubmodel``), the salt's polarization (``SaltConcentrationSubmodel``), the charge transfer at
/// both electrodes (``ElectrodeKineticsSubmodel``) and the bulk conduction (``BulkTransportSubmodel``); the cell sums
/// their ``VoltageTerm``s into V and solves the current.
///
/// States, declared through a ``StateLayout`` (`stateNames`) by the submodels (``CellSubmodel``) and the cell's own
/// charge and energy, in this order in the trace (``outputOrder``; the state vector puts q, e, the degradation states
/// and x̄ first and the modes last, ``linearModes``):
/// - x̄, u₁…u_K: cathode stoichiometry, mean and solid-diffusion modes (``CathodeSolidDiffusionSubmodel``);
/// - z₁…z_M, z_T: salt modes, Δc = Σz (mol m⁻³; none for a single-ion electrolyte; ``SaltConcentrationSubmodel``);
/// - q = ∫J dt (C m⁻², + discharge) and e = ∫J·(V − V_ref) dt (J m⁻²), restarted at every step, with V_ref the OCV
///   at the middle of the cathode window (the energy of a step is V_ref·Δq + e);
/// - ASR_SEI² (Ω² m⁴): ``LithiumInterphaseSubmodel`` (parabolic, per plated charge rising with current density);
/// - Li (C m⁻²): Li left in the anode, d/dt = −J − (1 − CE_Li)·J_plate − I_sh − I_leak, and Q_lost (C m⁻²): Li lost to
///   inefficiency (``LithiumInventorySubmodel``);
/// - ASR_CEI (Ω m²): built by electrolyte oxidation, dASR_CEI/dt = ρ_CEI·i_ox (``CathodeInterphaseSubmodel``);
/// - LAM (fraction): ``ActiveMaterialSubmodel``; the cathode's charge per unit stoichiometry is Q_x(1 − LAM);
/// - Φ: short damage from plating at the focused current J_plate/(1 − v) (``ShortDamageSubmodel``); it also opens a soft-short
///   path in the last stretch before the hard short at Φ = 1 that leaks I_ss = s²·J_1C·U/U_mid,
///   s = (Φ − 0.9)/0.1 ≥ 0 (a charge that no longer reaches V_max, CE far below its trend) [assumed form];
/// - v: void fraction of the Li interface, opened by stripping and filled by plating (``LithiumVoidSubmodel``);
/// - Q_ox (C m⁻²): electrolyte-oxidation charge, which passivates the oxidation current (``OxidationChargeSubmodel``).
/// J_plate = max(−J, 0) plates Li on the anode (charge), J_strip = max(J, 0) strips it. Parasitic currents that
/// re-lithiate the cathode without coming back: the Li–S shuttle on charge, I_sh = k_s·Q₀·f_H (DOMAIN B §5.3);
/// electrolyte oxidation i_ox(φ_C) plus ε·J_plate (``OxidationLaw``); electronic leakage through the membrane and
/// the soft short, I_leak = (σ_e/L + G_ss(Φ))·(U_C(x̄ + Σu) + shift) (internal self-discharge; Alt & Janek, Nature
/// Energy 2026). The shuttle, the leak and the short strip the anode; oxidation draws its Li⁺ from the salt.
///
/// The current is algebraic: given (current/rest), or solved each call (voltage, power). The analytic
/// Jacobian covers the electrical states exactly and the anode's Li through J, and omits the weak coupling to the
/// slow aging states and to the parasitic currents: it only steers the Newton iterations of the implicit stepper; the
/// error control is unaffected. With ``agingRowsInJacobian`` it also covers every aging row through its submodel's
/// partials (∂/∂own states and ∂/∂J chained with ∂J/∂y of the control). Tests compare both with finite differences.
public final class FullCellModel: ODEProblem, ODELinearModes {
    /// Φ_s: the damage above which the soft short conducts.
    public static let softShortOnset = 0.9

    public let design: CellDesign
    public let temperature_K: Double
    public let modes: SolidDiffusionModes
    public let ocv: MonotoneSpline
    /// Salt-diffusion modes; nil for a single-ion electrolyte (t₊ = 1).
    public let saltModes: SaltDiffusionModes?
    /// The electrical core's submodels, as concrete stored properties so that the right-hand side calls them
    /// statically: the cathode's particles (x̄, its modes, the OCV at the surface), the salt's polarization (its modes),
    /// the charge transfer at both electrodes and the bulk conduction (no states).
    public let cathodeParticles: CathodeSolidDiffusionSubmodel
    public let saltConcentration: SaltConcentrationSubmodel
    public let kinetics: ElectrodeKineticsSubmodel
    public let transport: BulkTransportSubmodel
    /// The named states, in the integrator's order.
    public let layout: StateLayout
    /// Names of the integrated states, indexed as the state vector.
    public var stateNames: [String] { Array(layout.names.prefix(dimension)) }
    /// The integrated states in the order of the trace's columns: x̄, the solid modes, the salt modes, q, e, then the
    /// degradation states (the layout itself puts the modes last, ``linearModes``).
    public let outputOrder: [Int]
    /// Names of the integrated states in the trace's column order (``outputOrder``).
    public var outputStateNames: [String] { outputOrder.map { layout.names[$0] } }

    // State indices.
    public let iMean: Int
    public let iModes: Range<Int>
    public let iSalt: Range<Int>
    public let iCharge: Int
    public let iEnergy: Int
    public let iSEISquared: Int
    public let iLithium: Int
    public let iLithiumLost: Int
    public let iCEI: Int
    public let iLAM: Int
    public let iDamage: Int
    public let iVoid: Int
    public let iOxidation: Int
    public let dimension: Int
    /// Time constant of the slowest electrical mode, s: 1/λ of the slowest salt mode (τ = L²/(π²D)) or solid-diffusion
    /// mode of the cathode particles. A cycled cell's concentration profiles reach their periodic state over a few of
    /// it (``RetentionReference/cycles(slowestTime_s:cycleDuration_s:)``).
    public var slowestElectricalTime_s: Double {
        let rates = modes.decayRates + (saltModes?.rates ?? [])
        return rates.filter { $0 > 0 }.map { 1 / $0 }.max() ?? 0
    }
    /// Indices of the degradation states that cycle skipping extrapolates (declared by the aging submodels).
    public let agingIndices: [Int]
    /// The degradation states, iSEISquared…iOxidation: before the modes with aging, past them (outside the integrated
    /// vector) without.
    public let agingRows: Range<Int>

    // Parameters resolved at temperature_K (SI).
    public var bulkASR_ohm_m2: Double { transport.bulkASR_ohm_m2 }
    /// Series ASR without the growing interphases: bulk + contact, Ω m².
    public var fixedSeriesASR_ohm_m2: Double { transport.fixedSeriesASR_ohm_m2 }
    /// ASR_film(T)/ASR_film(T_ref) of the Li-side and the cathode-side interphase (their states are values at T_ref).
    public let lithiumInterphaseFactor: Double
    public let cathodeInterphaseFactor: Double
    /// R_d = ASR_b(1 − t₊)/t₊, Ω m² (0 for a single-ion electrolyte).
    public var diffusionASR_ohm_m2: Double { saltConcentration.diffusionASR_ohm_m2 }
    /// τ = L²/(π²D), s (1 without salt modes).
    public let diffusionTime_s: Double
    /// R_d/G, V per mol m⁻³ (v_d = this × Δc).
    public var polarizationPerSalt_V: Double { saltConcentration.polarizationPerSalt_V }
    /// c₀, mol m⁻³.
    public var saltConcentration_mol_m3: Double { saltConcentration.concentration_mol_m3 }
    public var lithiumExchangeCurrent_A_m2: Double { kinetics.lithiumExchangeCurrent_A_m2 }
    public var cathodeExchangeCurrent_A_m2: Double { kinetics.cathodeExchangeCurrent_A_m2 }
    /// The cathode block: kinetics, the particles' film and the pore electrolyte as a transmission line
    /// (``CompositeCathodeResolved``, DOMAIN B §2.6).
    public var compositeCathode: CompositeCathodeResolved { kinetics.compositeCathode }
    public var thermalVoltage_V: Double { kinetics.thermalVoltage_V }
    public let stoichiometricCapacity_C_m2: Double
    public let entropicShift_V: Double
    public let stoichiometryRange: ClosedRange<Double>
    /// x at the cathode's maximum and minimum voltage (x_hi < x_lo).
    public let windowStoichiometry: (atMaximum: Double, atMinimum: Double)

    // Degradation at temperature_K (zero rates when aging is off): the aging submodels, in layout order, as concrete
    // stored properties so that the right-hand side calls them statically.
    public let agingEnabled: Bool
    public let lithiumInterphase: LithiumInterphaseSubmodel
    public let lithiumInventory: LithiumInventorySubmodel
    public let cathodeInterphase: CathodeInterphaseSubmodel
    public let activeMaterial: ActiveMaterialSubmodel
    public let shortDamage: ShortDamageSubmodel
    public let lithiumVoids: LithiumVoidSubmodel
    public let oxidationCharge: OxidationChargeSubmodel
    /// The aging submodels' states with their indices, in layout order.
    public let agingStates: [(index: Int, state: SubmodelState)]
    /// The aging submodels in layout order (for their declarations; the right-hand side calls them one by one).
    public var agingSubmodels: [any CellSubmodel] {
        [lithiumInterphase, lithiumInventory, cathodeInterphase, activeMaterial, shortDamage, lithiumVoids, oxidationCharge]
    }
    public var lithiumLoss: LithiumLossLaw { lithiumInventory.law }
    public var activeMaterialLoss: ActiveMaterialLossLaw { activeMaterial.law }
    public var voids: LithiumVoidLaw.Resolved { lithiumVoids.law }
    public var shortLaw: ShortLaw.Resolved { shortDamage.law }
    /// The oxidation current's law: evaluated by the cell (it moves x̄), integrated by the CEI and Q_ox submodels.
    public let oxidation: OxidationLaw.Resolved
    /// k_s·Q₀ (A m⁻²) and the stoichiometry below which the upper plateau holds (nil: no shuttle).
    public let shuttleCurrentScale_A_m2: Double
    public let shuttlePlateauEnd: Double?
    /// σ_e(T)/L of the membrane, S m⁻² (0: no electronic leakage).
    public var leakageConductance_S_m2: Double { transport.leakageConductance_S_m2 }
    /// G_ss at Φ = 1: J_1C/U_mid, S m⁻² (the soft short then leaks about the 1C current).
    public let softShortConductance_S_m2: Double
    /// Whether oxidation matters at potentials reached without charging (the window's top within 40·V_s of V_ox).
    private let oxidationActiveAtRest: Bool

    public private(set) var control: CellControl = .rest
    public private(set) var events: [CellEvent] = []
    private(set) var stepStartCharge_C_m2 = 0.0
    /// V_ref of the energy state: the OCV at the middle of the cathode's voltage window, V.
    public let energyReference_V: Double
    /// Warm start for the algebraic current solve.
    private var lastCurrent_A_m2 = 0.0
    /// Newton's contraction K = |r″/(2r′)| measured on the control's recent current solves (per A m⁻²; 0: none yet), so
    /// that a solve whose first step is already far below the tolerance ends without a confirming evaluation
    /// (``MonotoneNewton``). Kept as the larger of the newest measurement and half the previous estimate.
    private var newtonContraction = 0.0
    /// The last solved current under voltage or power control and where it was solved.
    private var solvedCurrent: SolvedCurrentMemo
    /// Counters since creation: current solves under voltage or power control (memo hits excluded), and the voltage
    /// evaluations their Newton iterations made.
    private(set) var currentSolves = 0, currentSolveEvaluations = 0
    /// The last OCV evaluated for the leakage and the stoichiometry x̄ + Σu it was evaluated at.
    private var leakageStoichiometry = Double.nan
    private var leakageVoltage_V = 0.0
    /// The OCV table again, for the leakage's lookups at x̄ + Σu: a spline keeps the interval of its last lookup, and
    /// the surface stoichiometry x_s the voltage reads lies in another interval, so one spline for both would search
    /// its table at every call (the same coefficients: equal values).
    private let leakageOCV: MonotoneSpline
    /// λₖ²/τ_s of the solid modes (``CathodeSolidDiffusionSubmodel`` reads it).
    private let decay: UnsafeMutablePointer<Double>
    var saltCount: Int { saltConcentration.count }
    /// The solid and salt modes advanced exactly over an explicit step (``ODELinearModes``).
    private let linearStep: LinearModeStep
    /// The same modes under voltage control, advanced with the current's response to them (``CoupledModeStep``).
    let coupledStep: CoupledModeStep
    /// Whether a voltage-controlled step advances its modes with ``CoupledModeStep`` and starts on the explicit stepper
    /// (false: the hold starts on the stiff stepper, ``startsStiff(_:)``, as before the coupled update).
    public var coupledModesUnderVoltageControl = true
    /// The current at the anchor of the exact step (its sign switches the shuttle).
    private var modeAnchorCurrent = 0.0
    /// Whether ``jacobian(t:y:dfdy:dfdt:)`` fills every aging row from its submodel's partials (true) or only the anode's
    /// Li through J (false, the default: the Jacobian the shipped goldens were made with; the full block moves two of
    /// them in the fifth digit, within the integrator's tolerance, through the implicit stepper's Newton iterations, and
    /// makes a fixed skipping schedule's retention less smooth in the parameters, forward and backward differences of
    /// ±0.1 % 19 % apart instead of within 10 %, for the same accuracy against the bench reference).
    public var agingRowsInJacobian = false
    /// ∂f_row/∂J of every row, filled by the submodels (and the cell's own charge and energy rows) in `jacobian`.
    private let currentPartials: UnsafeMutablePointer<Double>
    /// The cathode block and η_Li last evaluated, with the inputs they are functions of (compared exactly): under current
    /// control and at rest J is constant over a step, and without aging so are the film and the contact, so the
    /// right-hand side evaluates the kinetics (two asinh and a tanh) once per step instead of at every call.
    private var cathodeBlockMemo = KineticsMemo(CompositeCathodeResolved.State(overpotential_V: 0, slope_ohm_m2: 0,
                                                                                inverseUtilisation: 1,
                                                                                inverseUtilisationSlope: 0,
                                                                                ionicOverpotential_V: 0))
    private var lithiumMemo = KineticsMemo(0.0)
    /// Leakage and oxidation at the anchor of the exact step.
    private var anchorOtherParasitic = 0.0
    /// The last right-hand side's point while the modes are advanced exactly and the cell has no aging states: there the
    /// mode sums are a function of t and x̄ alone (the closed form at t, the shuttle at x̄) and the voltage one of t, x̄
    /// and J (the kinetics, the series ASR and the active capacity are constants), so an event value at the same t and
    /// x̄, where the integrator evaluates its events after a step's last right-hand side, reads them
    /// (``eventSums(_:at:)``, ``eventVoltage(_:_:current:at:)``). Cleared by every anchor of the exact step.
    private var lastPoint = EvaluatedPoint()
    public private(set) var failure: Error?

    public init(design: CellDesign, temperature_K: Double, diffusionModes: Int = 4, saltModes saltModeCount: Int = 4,
                aging: Bool = true) throws {
        self.design = design
        self.temperature_K = temperature_K
        let cathode = design.cathode
        let electrolyte = design.electrolyte
        modes = SolidDiffusionModes(modes: diffusionModes, diffusionTime_s: cathode.diffusionTime_s(at: temperature_K))
        ocv = try cathode.ocvSpline()
        leakageOCV = ocv.copy()
        let q0 = design.nominalCapacity_C_m2
        saltModes = SaltConcentrationSubmodel.modes(electrolyte, temperature_K: temperature_K, count: saltModeCount)
        diffusionTime_s = saltModes?.diffusionTime_s ?? 1
        decay = .allocate(capacity: modes.count)
        decay.initialize(from: modes.decayRates, count: modes.count)
        entropicShift_V = cathode.entropicCoefficient_V_K * (temperature_K - 298.15)

        // The integrator's order (``linearModes``): the slow states first, q and e, with aging the degradation states,
        // x̄; the linear modes last, so that while they are advanced exactly an explicit stepper integrates a prefix of
        // the vector. Without aging the degradation states follow the modes, outside the integrated vector. The
        // trace's columns keep their own order (``outputOrder``).
        var l = StateLayout()
        var particles = CathodeSolidDiffusionSubmodel(modes: modes, decay: decay, ocv: ocv, entropicShift_V: entropicShift_V)
        var salt = SaltConcentrationSubmodel(electrolyte: electrolyte, temperature_K: temperature_K, modes: saltModes,
                                             stateScale: electrolyte.saltConcentration_mol_m3)
        iCharge = l.add("charge_C_m2", scale: q0)
        iEnergy = l.add("energy_offset_J_m2", scale: q0)
        agingEnabled = aging
        let a = electrolyte.aging
        let on: Double = aging ? 1 : 0
        oxidation = electrolyte.oxidation.resolved(at: temperature_K, oxidationLimit_V: electrolyte.oxidationLimit_V,
                                                   aging: a, enabled: aging)
        var declaredAging: AgingSubmodels?
        var rows = l.count..<l.count
        if aging {
            declaredAging = Self.agingSubmodels(design: design, temperature_K: temperature_K, aging: aging,
                                                oxidation: oxidation, layout: &l)
            rows = rows.lowerBound..<l.count
        }
        l.add(&particles)
        l.add(&salt)
        if !aging {
            let start = l.count
            declaredAging = Self.agingSubmodels(design: design, temperature_K: temperature_K, aging: aging,
                                                oxidation: oxidation, layout: &l)
            rows = start..<l.count
        }
        let sub = declaredAging!
        agingRows = rows
        (cathodeParticles, saltConcentration) = (particles, salt)
        (iMean, iModes, iSalt) = (particles.meanIndex, particles.modeIndices, salt.stateIndices)
        (lithiumInterphase, lithiumInventory, cathodeInterphase, activeMaterial) = (sub.sei, sub.inventory, sub.cei, sub.lam)
        (shortDamage, lithiumVoids, oxidationCharge) = (sub.damage, sub.voids, sub.oxidized)
        (iSEISquared, iLithium, iLithiumLost, iCEI) = (sub.sei.index, sub.inventory.lithiumIndex, sub.inventory.lostIndex, sub.cei.index)
        (iLAM, iDamage, iVoid, iOxidation) = (sub.lam.index, sub.damage.index, sub.voids.index, sub.oxidized.index)
        layout = l
        let declared: [any CellSubmodel] = [sub.sei, sub.inventory, sub.cei, sub.lam, sub.damage, sub.voids, sub.oxidized]
        agingStates = declared.flatMap(\.indexedStates)
        agingIndices = agingStates.filter(\.state.extrapolated).map(\.index)
        currentPartials = .allocate(capacity: l.count)
        currentPartials.initialize(repeating: 0, count: l.count)
        // Without degradation the aging states stay at their fresh values outside the integrated vector.
        let integrated = aging ? l.count : salt.stateIndices.upperBound
        dimension = integrated
        outputOrder = ([particles.meanIndex] + Array(particles.modeIndices) + Array(salt.stateIndices)
                       + [l.index(of: "charge_C_m2")!, l.index(of: "energy_offset_J_m2")!] + Array(rows))
            .filter { $0 < integrated }
        // The current is a function of the states before the modes and of the mode sums (its key): the memo compares
        // those states only, which a right-hand side inside an exactly advanced step is given alone.
        solvedCurrent = SolvedCurrentMemo(dimension: particles.modeIndices.lowerBound, currentScale: max(q0 / 3600, 1e-6))

        transport = BulkTransportSubmodel(design: design, temperature_K: temperature_K)
        kinetics = ElectrodeKineticsSubmodel(design: design, temperature_K: temperature_K)
        lithiumInterphaseFactor = electrolyte.lithiumInterphaseFactor(at: temperature_K)
        cathodeInterphaseFactor = electrolyte.cathodeInterphaseFactor(at: temperature_K)
        linearStep = LinearModeStep(solidRates: modes.decayRates, saltRates: salt.rates, saltGains: salt.gains, saltCount: salt.count)
        coupledStep = CoupledModeStep(solidRates: modes.decayRates, saltRates: salt.rates, saltGains: salt.gains, saltCount: salt.count)
        stoichiometricCapacity_C_m2 = design.stoichiometricCapacity_C_m2
        stoichiometryRange = cathode.ocvStoichiometry.first!...cathode.ocvStoichiometry.last!
        windowStoichiometry = (try cathode.stoichiometry(atVoltage: cathode.maximumVoltage_V, spline: ocv),
                               try cathode.stoichiometry(atVoltage: cathode.minimumVoltage_V, spline: ocv))
        let midOCV = particles.openCircuitVoltage(0.5 * (windowStoichiometry.atMaximum + windowStoichiometry.atMinimum))
        energyReference_V = midOCV

        shuttlePlateauEnd = cathode.shuttlePlateauEnd
        shuttleCurrentScale_A_m2 = cathode.shuttlePlateauEnd == nil ? 0
            : on * a.shuttleRate_per_s * a.factor(a.shuttleActivationEnergy_J_mol, at: temperature_K) * q0
        oxidationActiveAtRest = cathode.maximumVoltage_V > oxidation.negligibleBelow_V
        softShortConductance_S_m2 = aging ? (q0 / 3600) / max(midOCV, 0.1) : 0
    }

    /// The aging submodels at `temperature_K` (zero rates when `aging` is off), their states added to `l` in layout
    /// order: Li interphase, Li inventory, cathode interphase, active material, short damage, voids, oxidation charge.
    private typealias AgingSubmodels = (sei: LithiumInterphaseSubmodel, inventory: LithiumInventorySubmodel,
                                        cei: CathodeInterphaseSubmodel, lam: ActiveMaterialSubmodel,
                                        damage: ShortDamageSubmodel, voids: LithiumVoidSubmodel,
                                        oxidized: OxidationChargeSubmodel)

    private static func agingSubmodels(design: CellDesign, temperature_K: Double, aging: Bool, oxidation: OxidationLaw.Resolved,
                                       layout l: inout StateLayout) -> AgingSubmodels {
        let electrolyte = design.electrolyte, cathode = design.cathode, a = electrolyte.aging
        let q0 = design.nominalCapacity_C_m2
        let on: Double = aging ? 1 : 0
        let lossLaw = LithiumLossLaw(aging: a, temperature_K: temperature_K, enabled: aging)
        let law = electrolyte.resolvedShortLaw(at: temperature_K)
        var sei = LithiumInterphaseSubmodel(law: lossLaw)
        var inventory = LithiumInventorySubmodel(law: lossLaw, nominalCapacity_C_m2: q0)
        var cei = CathodeInterphaseSubmodel(oxidation: oxidation)
        var lam = ActiveMaterialSubmodel(law: ActiveMaterialLossLaw(
            cathodeLoss: on * cathode.activeMaterialLoss.value(at: temperature_K),
            contactLoss: on * a.contactLossRate * a.factor(a.contactLossActivationEnergy_J_mol, at: temperature_K),
            rateExponent: a.contactLossRateExponent, nominalCapacity_C_m2: q0))
        var damage = ShortDamageSubmodel(law: aging ? law : law.disabled)
        var voidModel = LithiumVoidSubmodel(law: aging ? electrolyte.voidLaw.resolved(at: temperature_K) : .none)
        var oxidized = OxidationChargeSubmodel(oxidation: oxidation, nominalCapacity_C_m2: q0)
        l.add(&sei)
        l.add(&inventory)
        l.add(&cei)
        l.add(&lam)
        l.add(&damage)
        l.add(&voidModel)
        l.add(&oxidized)
        damage.voidIndex = voidModel.index
        cei.oxidationChargeIndex = oxidized.index
        return (sei, inventory, cei, lam, damage, voidModel, oxidized)
    }

    deinit {
        solvedCurrent.deallocate()
        decay.deallocate()
        saltConcentration.deallocate()
        currentPartials.deallocate()
    }

    // MARK: State

    /// Relaxed, fresh state at state of charge `soc` of the cathode's voltage window
    /// (x = x_hi + (x_lo − x_hi)(1 − SOC), DOMAIN B §0).
    public func initialState(stateOfCharge soc: Double) -> [Double] {
        var y = [Double](repeating: 0, count: layout.count)
        let (xHi, xLo) = windowStoichiometry
        let x = xHi + (xLo - xHi) * (1 - soc)
        // The foil, plus the Li a charged cathode has already given up (SOC > 0 means plated Li).
        let fresh = SubmodelInitialCondition(
            lithiumInterphaseASR_ohm_m2: design.electrolyte.lithiumInterphaseASR_ohm_m2,
            cathodeInterphaseASR_ohm_m2: design.electrolyte.cathodeInterphaseASR_ohm_m2,
            anodeLithium_C_m2: design.anode.capacity_C_m2 + (xLo - x) * stoichiometricCapacity_C_m2, cathodeStoichiometry: x)
        y.withUnsafeMutableBufferPointer { p in
            cathodeParticles.initialize(p.baseAddress!, fresh)
            saltConcentration.initialize(p.baseAddress!, fresh)
            for submodel in agingSubmodels { submodel.initialize(p.baseAddress!, fresh) }
        }
        frozenLithiumAtZeroCharge = y[iLithium]
        return Array(y.prefix(dimension))
    }

    /// The fresh aging values used when degradation is off.
    private var frozenLithiumAtZeroCharge = 0.0
    private var frozenSeries: Double {
        fixedSeriesASR_ohm_m2 + design.electrolyte.lithiumInterphaseASR_ohm_m2 * lithiumInterphaseFactor
            + design.electrolyte.cathodeInterphaseASR_ohm_m2 * cathodeInterphaseFactor
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
        solvedCurrent.forget()
        newtonContraction = 0
        linearStep.release()
        coupledStep.release()
        coupledStep.startControl()
        lastPoint.time = .nan
        failure = nil
    }

    // MARK: Algebraic part

    /// The sums of the solid modes (Σu) and of the salt modes (Σz = Δc) as affine functions of the current:
    /// Σu = solid + solidPerCurrent·J, Σz = salt + saltPerCurrent·J. Read from y (no dependence on J), or, inside an
    /// explicit step with the modes advanced exactly, the closed form of ``LinearModeStep`` at t.
    struct ModeSums {
        var solid = 0.0, solidPerCurrent = 0.0, salt = 0.0, saltPerCurrent = 0.0

        @inline(__always)
        func solid(_ j: Double) -> Double { solid + solidPerCurrent * j }
        @inline(__always)
        func salt(_ j: Double) -> Double { salt + saltPerCurrent * j }
    }

    /// The mode sums held in y.
    @inline(__always)
    func sums(_ y: UnsafePointer<Double>) -> ModeSums {
        ModeSums(solid: cathodeParticles.modeSum(y), salt: saltConcentration.difference(y))
    }

    /// The mode sums at t for the integrator: in closed form while the modes are advanced exactly, else from y.
    /// The solid modes' parasitic input is linear from the anchor to its value at t, of which the shuttle (a function of
    /// x̄ alone) is evaluated at y and the leakage and oxidation (which depend on the modes) keep their anchor values.
    @inline(__always)
    func sums(_ y: UnsafePointer<Double>, at t: Double) -> ModeSums {
        if coupledStep.isActive {
            coupledStep.prepare(time: t)
            let dp = parasiticNow(y) - coupledStep.anchorParasitic
            return ModeSums(solid: coupledStep.solidConstant + coupledStep.solidPerParasitic * dp,
                            solidPerCurrent: coupledStep.solidPerCurrent,
                            salt: coupledStep.saltConstant + coupledStep.saltPerParasitic * dp,
                            saltPerCurrent: coupledStep.saltPerCurrent)
        }
        guard linearStep.isActive else { return sums(y) }
        linearStep.prepare(time: t)
        let g = linearStep.solidGain * linearStep.solidPerInput
        return ModeSums(solid: linearStep.solidStart + g * parasiticNow(y), solidPerCurrent: g,
                        salt: linearStep.saltConstant, saltPerCurrent: linearStep.saltPerCurrent)
    }

    /// A right-hand side's t, x̄, mode sums, current and voltage (NaN: not evaluated, under voltage control).
    struct EvaluatedPoint {
        var time = Double.nan, mean = Double.nan
        var sums = ModeSums()
        var current = Double.nan, voltage = Double.nan
    }

    /// Whether the last right-hand side's point (``lastPoint``) is that of (t, y).
    @inline(__always)
    func isLastPoint(_ y: UnsafePointer<Double>, at t: Double) -> Bool {
        t == lastPoint.time && y[iMean] == lastPoint.mean
    }

    /// The mode sums at t for an event value: the last right-hand side's where it was evaluated at the same t and x̄
    /// (equal to `sums(y, at: t)` there, see `lastPoint`), else evaluated.
    @inline(__always)
    func eventSums(_ y: UnsafePointer<Double>, at t: Double) -> ModeSums {
        isLastPoint(y, at: t) ? lastPoint.sums : sums(y, at: t)
    }

    /// V(y, J) with the mode sums `s` at t for an event value: the last right-hand side's where it was evaluated at the
    /// same t, x̄ and J (equal to `voltageValue(y, s, current: j)` there, see `lastPoint`), else evaluated.
    @inline(__always)
    func eventVoltage(_ y: UnsafePointer<Double>, _ s: ModeSums, current j: Double, at t: Double) -> Double {
        if isLastPoint(y, at: t), j == lastPoint.current, !lastPoint.voltage.isNaN { return lastPoint.voltage }
        return voltageValue(y, s, current: j)
    }

    /// The parasitic current that moves x̄ besides J, at state y inside an exactly advanced step (see `sums(_:at:)`).
    @inline(__always)
    private func parasiticNow(_ y: UnsafePointer<Double>) -> Double {
        anchorOtherParasitic + shuttleCurrent(y, current: modeAnchorCurrent)
    }

    /// Salt difference Δc = c(anode) − c(cathode side), mol m⁻³ (positive on discharge).
    @inline(__always)
    public func saltDifference(_ y: UnsafePointer<Double>) -> Double { sums(y).salt }

    /// Salt concentration at the Li surface, c₀ + Δc/2, mol m⁻³ (c₀ for a single-ion electrolyte).
    @inline(__always)
    public func lithiumSurfaceSalt(_ y: UnsafePointer<Double>) -> Double {
        saltConcentration_mol_m3 + 0.5 * saltDifference(y)
    }

    /// Concentration overpotential v_d = (R_d/G)·Δc, V.
    @inline(__always)
    public func concentrationOverpotential(_ y: UnsafePointer<Double>) -> Double {
        saltConcentration.overpotential(saltDifference: saltDifference(y)).V
    }

    /// Fraction of the Li interface still in contact, 1 − v (1 when aging is off).
    @inline(__always)
    public func lithiumContact(_ y: UnsafePointer<Double>) -> Double {
        agingEnabled ? min(max(1 - y[iVoid], 1e-6), 1) : 1
    }

    /// Series ASR at state y: bulk + contact + Li interphase/(1 − v) + cathode interphase, Ω m².
    @inline(__always)
    public func seriesASR_ohm_m2(_ y: UnsafePointer<Double>) -> Double {
        guard agingEnabled else { return frozenSeries }
        return transport.fixedSeriesASR_ohm_m2 + max(y[iSEISquared], 0).squareRoot() * lithiumInterphaseFactor / lithiumContact(y)
            + y[iCEI] * cathodeInterphaseFactor
    }

    /// The cathode interphase ASR_CEI at state y and the cell's temperature, Ω m²: a film on the particles, in series
    /// with their charge transfer inside the cathode's transmission line (``CompositeCathodeResolved``); the state
    /// holds its value at the reference temperature, scaled by the film's own Arrhenius factor.
    @inline(__always)
    public func cathodeFilmASR_ohm_m2(_ y: UnsafePointer<Double>) -> Double {
        (agingEnabled ? y[iCEI] : design.electrolyte.cathodeInterphaseASR_ohm_m2) * cathodeInterphaseFactor
    }

    /// The cathode block at state y and current j: overpotential J·r/u, its slope, the utilisation u.
    /// The block is a function of J and the film alone: kept for the next call with both equal (see `cathodeBlockMemo`).
    @inline(__always)
    public func cathodeBlock(_ y: UnsafePointer<Double>, current j: Double) -> CompositeCathodeResolved.State {
        cathodeBlockMemo.value(current: j, input: cathodeFilmASR_ohm_m2(y)) { kinetics.cathode(current: $0, film: $1) }
    }

    /// η_Li at current j on the contact of state y, V, kept for the next call with both equal (see `lithiumMemo`).
    @inline(__always)
    func lithiumOverpotential_V(_ y: UnsafePointer<Double>, current j: Double) -> Double {
        lithiumMemo.value(current: j, input: lithiumContact(y)) { kinetics.lithiumOverpotential_V(current: $0, contact: $1) }
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
        guard shuttleCanFlow(current: j), let end = shuttlePlateauEnd else { return 0 }
        let f = (end - y[iMean]) / end
        return f > 0 ? shuttleCurrentScale_A_m2 * min(f, 1) : 0
    }

    /// Whether the shuttle current can be non-zero at current j (on charge, for a cathode with a shuttle plateau and
    /// a shuttle rate): else `shuttleCurrent` is 0 at every state.
    @inline(__always)
    func shuttleCanFlow(current j: Double) -> Bool {
        j < 0 && shuttlePlateauEnd != nil && shuttleCurrentScale_A_m2 > 0
    }

    /// Leakage through the membrane and the soft short at state y (A m⁻², ≥ 0): (σ_e/L + G_ss·s²)·(U_C(x̄ + Σu) +
    /// shift). The OCV it needs depends on the state only: the current solve's Newton iterations reuse it.
    @inline(__always)
    public func leakageCurrent(_ y: UnsafePointer<Double>) -> Double {
        leakageCurrent(y, solidModes: sums(y).solid)
    }

    @inline(__always)
    func leakageCurrent(_ y: UnsafePointer<Double>, solidModes: Double) -> Double {
        leakageCurrent(conductance_S_m2: leakageConductance_S_m2(y), stoichiometry: y[iMean] + solidModes)
    }

    /// σ_e/L + G_ss·s² at state y, S m⁻²: the leakage's conductance, a function of the state alone.
    @inline(__always)
    func leakageConductance_S_m2(_ y: UnsafePointer<Double>) -> Double {
        var g = transport.leakageConductance_S_m2
        if softShortConductance_S_m2 > 0 {
            // s = (Φ − Φ_s)/(1 − Φ_s) over the last stretch before the hard short, Φ_s = 0.9.
            let s = min(max(y[iDamage] - Self.softShortOnset, 0) / (1 - Self.softShortOnset), 1)
            g += softShortConductance_S_m2 * s * s
        }
        return g
    }

    /// The leakage g·max(U_C(x) + shift, 0) through conductance g at x = x̄ + Σu; the OCV kept for the next call at the
    /// same x.
    @inline(__always)
    func leakageCurrent(conductance_S_m2 g: Double, stoichiometry x: Double) -> Double {
        guard g > 0 else { return 0 }
        if x != leakageStoichiometry {
            leakageStoichiometry = x
            leakageVoltage_V = max(leakageOCV.value(x) + cathodeParticles.entropicShift_V, 0)
        }
        return g * leakageVoltage_V
    }

    /// Electrolyte-oxidation current at state y and current j (A m⁻², ≥ 0): i_ox(φ_C, Q_ox) + ε·J_plate.
    @inline(__always)
    public func oxidationCurrent(_ y: UnsafePointer<Double>, current j: Double) -> Double {
        oxidationCurrent(y, sums(y), current: j)
    }

    @inline(__always)
    func oxidationCurrent(_ y: UnsafePointer<Double>, _ s: ModeSums, current j: Double) -> Double {
        oxidationCurrent(y, s, current: j, surface: oxidationReadsPotential(current: j) ? surface(y, s, current: j) : nil)
    }

    /// Whether the oxidation current at current j reads the cathode potential (and so the surface's OCV).
    @inline(__always)
    func oxidationReadsPotential(current j: Double) -> Bool {
        agingEnabled && oxidation.onsetCurrent_A_m2 > 0 && (j < 0 || oxidationActiveAtRest)
    }

    /// The oxidation current with x_s and U(x_s) at (y, s, j) given (``surface(_:_:current:)``; nil where
    /// ``oxidationReadsPotential(current:)`` is false).
    @inline(__always)
    func oxidationCurrent(_ y: UnsafePointer<Double>, _ s: ModeSums, current j: Double,
                          surface: (stoichiometry: Double, V: Double)?) -> Double {
        guard agingEnabled else { return 0 }
        var i = j < 0 ? oxidation.chargeParasiticFraction * -j : 0
        if let surface, oxidation.onsetCurrent_A_m2 > 0, j < 0 || oxidationActiveAtRest {
            i += oxidation.current(cathodePotential_V: cathodePotential(y, s, current: j, surface: surface),
                                   oxidationCharge_C_m2: y[iOxidation])
        }
        return i
    }

    /// The surface stoichiometry x_s at (y, s, j) and the OCV there, U_C(x_s) (with the entropic shift): read by the
    /// terminal voltage and by the oxidation's cathode potential, evaluated once for both by the right-hand side.
    @inline(__always)
    func surface(_ y: UnsafePointer<Double>, _ s: ModeSums, current j: Double) -> (stoichiometry: Double, V: Double) {
        let xs = surfaceStoichiometry(y, s, current: j)
        return (xs, cathodeParticles.openCircuitVoltage(xs))
    }

    /// dx̄/dt at state y and current j.
    @inline(__always)
    func meanStoichiometryRate(_ y: UnsafePointer<Double>, current j: Double) -> Double {
        let s = sums(y)
        return (j + shuttleCurrent(y, current: j) + leakageCurrent(y, solidModes: s.solid(j)) + oxidationCurrent(y, s, current: j))
            / activeCapacity_C_m2(y)
    }

    /// Surface stoichiometry at current density j of the mean particle (the composite cathode's uneven reaction
    /// distribution acts through its overpotential, ``CompositeCathodeResolved``).
    @inline(__always)
    public func surfaceStoichiometry(_ y: UnsafePointer<Double>, current j: Double) -> Double {
        surfaceStoichiometry(y, sums(y), current: j)
    }

    /// x_s = x̄ + Σu + τ_rem·dx̄/dt of the mean particle, with the mode sums `s`.
    @inline(__always)
    func surfaceStoichiometry(_ y: UnsafePointer<Double>, _ s: ModeSums, current j: Double) -> Double {
        let solid = s.solid(j)
        let rate = (j + shuttleCurrent(y, current: j) + leakageCurrent(y, solidModes: solid)) / activeCapacity_C_m2(y)
        return cathodeParticles.surfaceStoichiometry(mean: y[iMean], modeSum: solid, meanRate_per_s: rate)
    }

    /// Terminal voltage V(y, J) and ∂V/∂J.
    @inline(__always)
    public func voltage(_ y: UnsafePointer<Double>, current j: Double) -> (V: Double, dVdJ: Double) {
        voltage(y, sums(y), current: j)
    }

    /// V and ∂V/∂J with the mode sums `s`: their response to J (solidPerCurrent, saltPerCurrent) adds to the slope.
    @inline(__always)
    func voltage(_ y: UnsafePointer<Double>, _ s: ModeSums, current j: Double) -> (V: Double, dVdJ: Double) {
        let e = voltageAndSlopes(y, s, current: j)
        return (e.V, e.dVdJ)
    }

    /// V, ∂V/∂J and ∂V/∂(x̄ + Σu) = U′(x_s) at fixed J, with the mode sums `s`.
    @inline(__always)
    func voltageAndSlopes(_ y: UnsafePointer<Double>, _ s: ModeSums, current j: Double) -> (V: Double, dVdJ: Double, dVdx: Double) {
        voltageAndSlopes(s, stateTerms(y), current: j)
    }

    /// What V(y, J) reads from the state alone, evaluated once per current solve so that its Newton iterations evaluate
    /// only the terms of J: x̄, the cathode film ASR_CEI(T), the Li contact 1 − v, the series ASR outside the cathode
    /// block (bulk + contact + Li interphase/(1 − v)), Q_x(1 − LAM), the shuttle current on charge and the leakage's
    /// conductance.
    struct StateTerms {
        var mean = 0.0
        var film_ohm_m2 = 0.0
        var contact = 1.0
        var ohmicASR_ohm_m2 = 0.0
        var activeCapacity_C_m2 = 1.0
        var shuttleOnCharge_A_m2 = 0.0
        var leakageConductance_S_m2 = 0.0
    }

    /// The state's part of V at y (``StateTerms``).
    @inline(__always)
    func stateTerms(_ y: UnsafePointer<Double>) -> StateTerms {
        let film = cathodeFilmASR_ohm_m2(y)
        return StateTerms(mean: y[iMean], film_ohm_m2: film, contact: lithiumContact(y),
                          ohmicASR_ohm_m2: seriesASR_ohm_m2(y) - film, activeCapacity_C_m2: activeCapacity_C_m2(y),
                          shuttleOnCharge_A_m2: shuttleCurrent(y, current: -1), leakageConductance_S_m2: leakageConductance_S_m2(y))
    }

    /// V, ∂V/∂J and ∂V/∂(x̄ + Σu) at current j from the state's terms `t` and the mode sums `s`: the same operations
    /// as the voltage's other paths (``voltageValue(_:_:current:)``), with the state's parts read from `t`.
    @inline(__always)
    func voltageAndSlopes(_ s: ModeSums, _ t: StateTerms, current j: Double) -> (V: Double, dVdJ: Double, dVdx: Double) {
        // Not through the block's memo: the current solve's iterates differ call after call.
        let cat = kinetics.cathode(current: j, film: t.film_ohm_m2)
        let solid = s.solid(j)
        let shuttle = j < 0 ? t.shuttleOnCharge_A_m2 : 0
        let leakage = leakageCurrent(conductance_S_m2: t.leakageConductance_S_m2, stoichiometry: t.mean + solid)
        let xs = cathodeParticles.surfaceStoichiometry(mean: t.mean, modeSum: solid,
                                                       meanRate_per_s: (j + shuttle + leakage) / t.activeCapacity_C_m2)
        let u = cathodeParticles.openCircuitVoltageAndSlope(xs)
        let li = kinetics.lithium(current: j, contact: t.contact)
        // The cathode film sits inside the cathode block, not in series.
        let ohmic = transport.ohmic(current: j, seriesASR_ohm_m2: t.ohmicASR_ohm_m2)
        let vd = saltConcentration.overpotential(saltDifference: s.salt(j), perCurrent: s.saltPerCurrent)
        let v = u.V - ohmic.V - li.V - cat.overpotential_V - vd.V
        let dxs = cathodeParticles.remainderTime_s / t.activeCapacity_C_m2 + s.solidPerCurrent
        let dv = u.dVdx * dxs - ohmic.dVdJ - li.dVdJ - cat.slope_ohm_m2 - vd.dVdJ
        return (v, dv, u.dVdx)
    }

    /// Terminal voltage V(y, J) alone (the right-hand side needs no derivative).
    @inline(__always)
    func voltageValue(_ y: UnsafePointer<Double>, current j: Double) -> Double {
        voltageValue(y, sums(y), current: j)
    }

    @inline(__always)
    func voltageValue(_ y: UnsafePointer<Double>, _ s: ModeSums, current j: Double) -> Double {
        voltageValue(y, s, current: j, surface: surface(y, s, current: j))
    }

    /// V with x_s and U(x_s) at (y, s, j) given (``surface(_:_:current:)``).
    @inline(__always)
    func voltageValue(_ y: UnsafePointer<Double>, _ s: ModeSums, current j: Double,
                      surface: (stoichiometry: Double, V: Double)) -> Double {
        let cat = cathodeBlock(y, current: j)
        return surface.V
            - transport.ohmic(current: j, seriesASR_ohm_m2: seriesASR_ohm_m2(y) - cathodeFilmASR_ohm_m2(y)).V
            - lithiumOverpotential_V(y, current: j)
            - cat.overpotential_V - saltConcentration.overpotential(saltDifference: s.salt(j)).V
    }

    /// Cathode potential vs Li/Li⁺ at the particles' surface, U(x_s) − (η_el − η_ion − J·ASR_CEI): without a pore path
    /// U(x_s) − η_C (drives electrolyte oxidation).
    @inline(__always)
    func cathodePotential(_ y: UnsafePointer<Double>, current j: Double) -> Double {
        cathodePotential(y, sums(y), current: j)
    }

    @inline(__always)
    func cathodePotential(_ y: UnsafePointer<Double>, _ s: ModeSums, current j: Double) -> Double {
        cathodePotential(y, s, current: j, surface: surface(y, s, current: j))
    }

    /// The cathode potential with x_s and U(x_s) at (y, s, j) given (``surface(_:_:current:)``).
    @inline(__always)
    func cathodePotential(_ y: UnsafePointer<Double>, _ s: ModeSums, current j: Double,
                          surface: (stoichiometry: Double, V: Double)) -> Double {
        let cat = cathodeBlock(y, current: j)
        // Within the OCV table: a trial state of the integrator past the table's end (the step then ends at the
        // surface event) must not drive the exponential oxidation law with an extrapolated potential.
        let xs = min(max(surface.stoichiometry, stoichiometryRange.lowerBound), stoichiometryRange.upperBound)
        let u = xs == surface.stoichiometry ? surface.V : cathodeParticles.openCircuitVoltage(xs)
        return u - (cat.overpotential_V - cat.ionicOverpotential_V - j * cathodeFilmASR_ohm_m2(y))
    }

    /// Current density imposed or implied by the control at state y (A m⁻², + discharge).
    @inline(__always)
    public func current(_ y: UnsafePointer<Double>) -> Double {
        current(y, sums(y))
    }

    @inline(__always)
    func current(_ y: UnsafePointer<Double>, _ s: ModeSums) -> Double {
        switch control {
        case .rest: return 0
        case .current(let j): return j
        case .voltage, .power:
            let key = (s.solid, s.solidPerCurrent, s.salt, s.saltPerCurrent)
            if solvedCurrent.matches(y, key) { return solvedCurrent.current }
            // Newton starts from the last solution carried to this state along its response, with the sums' change of
            // slope and the second-order term (``SolvedCurrentMemo``; the warm start alone after a change of control).
            let start = solvedCurrent.predictedCurrent(y, key, meanIndex: iMean) ?? lastCurrent_A_m2
            currentSolves += 1
            let solved = solveControl(y, s, start: start)
            if failure == nil {
                solvedCurrent.store(y, key, current: solved.current, stoichiometryGain: solved.stoichiometryGain,
                                    saltGain: solved.saltGain)
            }
            return solved.current
        }
    }

    /// The current that holds the voltage or power control at state y, Newton started at `start`, and its first-order
    /// response to x̄ + Σu and to Δc: ∂J/∂y = −(∂r/∂V)(∂V/∂y)/(dr/dJ) for the control's residual r(V, J), with
    /// ∂V/∂(x̄ + Σu) = U′(x_s) and ∂V/∂Δc = −R_d/G (0 and 0 where Newton did not converge).
    @inline(__always)
    private func solveControl(_ y: UnsafePointer<Double>, _ s: ModeSums, start: Double)
        -> (current: Double, stoichiometryGain: Double, saltGain: Double) {
        let solved: (root: Double, V: Double, dVdJ: Double, dVdx: Double, converged: Bool)
        let gain: Double
        switch control {
        case .rest: return (0, 0, 0)
        case .current(let j): return (j, 0, 0)
        // V − V_set falls with J; J·V − P rises with J on the physical branch (V + J·∂V/∂J > 0).
        case .voltage(let target):
            solved = solveCurrent(y, s, start: start, sign: -1) { v, _ in v - target } derivative: { _, dv, _ in dv }
            gain = -1 / solved.dVdJ
        case .power(let p):
            solved = solveCurrent(y, s, start: start, sign: 1) { v, j in j * v - p } derivative: { v, dv, j in v + j * dv }
            gain = -solved.root / (solved.V + solved.root * solved.dVdJ)
        }
        guard solved.converged, gain.isFinite else { return (solved.root, 0, 0) }
        return (solved.root, gain * solved.dVdx, -gain * saltConcentration.polarizationPerSalt_V)
    }

    /// The current that satisfies the control's residual (rising in J for `sign` = 1, falling for −1), by
    /// safeguarded Newton from `start`; GSL Brent on the bracket if Newton stalls. With V, ∂V/∂J and ∂V/∂(x̄ + Σu) at
    /// Newton's last iterate, and whether Newton converged.
    @inline(__always)
    private func solveCurrent(_ y: UnsafePointer<Double>, _ s: ModeSums, start: Double, sign: Double,
                              residual: (Double, Double) -> Double, derivative: (Double, Double, Double) -> Double)
        -> (root: Double, V: Double, dVdJ: Double, dVdx: Double, converged: Bool) {
        let scale = max(design.nominalCapacity_C_m2 / 3600, 1e-6)
        var last = (V: 0.0, dVdJ: 0.0, dVdx: 0.0)
        let terms = stateTerms(y)
        let outcome = MonotoneNewton.solve(start: start, scale: scale, maxIterations: 60, contraction: newtonContraction) { j in
            currentSolveEvaluations += 1
            let e = voltageAndSlopes(s, terms, current: j)
            last = (e.V, e.dVdJ, e.dVdx)
            return (sign * residual(e.V, j), sign * derivative(e.V, e.dVdJ, j))
        }
        if let k = outcome.contraction { newtonContraction = max(k, 0.5 * newtonContraction) }
        if let root = outcome.root {
            lastCurrent_A_m2 = root
            return (root, last.V, last.dVdJ, last.dVdx, true)
        }
        if outcome.lower.isFinite && outcome.upper.isFinite {
            let root = withoutActuallyEscaping(residual) { residual in
                try? ScalarRoot.brent(lower: outcome.lower, upper: outcome.upper, fLower: outcome.fLower,
                                      fUpper: outcome.fUpper, xTolerance: 1e-12 * scale) { jj in
                    sign * residual(self.voltageValue(y, s, current: jj), jj)
                }
            }
            if let root {
                lastCurrent_A_m2 = root.x
                return (root.x, 0, 0, 0, false)
            }
        }
        failure = SimulationError.controlFailed("no current satisfies \(control) at x̄ = \(y[iMean])")
        return (outcome.last, 0, 0, 0, false)
    }

    /// Terminal voltage at state y under the present control.
    public func terminalVoltage(_ y: UnsafePointer<Double>) -> Double {
        let s = sums(y)
        return voltage(y, s, current: current(y, s)).V
    }

    // MARK: Exact linear modes (ODELinearModes)

    /// The solid-diffusion and salt modes, contiguous and last in the integrated vector.
    public var linearModes: Range<Int> { iModes.lowerBound..<iSalt.upperBound }

    /// Whether the right-hand side leaves the modes' derivatives out while they are advanced exactly (set by the
    /// integrator, ``omitLinearModes(_:)``). It reads none of them from y there: their sums come in closed form
    /// (``sums(_:at:)``) and the current's memo compares the states before them.
    private var omitsLinearModes = false

    public func omitLinearModes(_ omit: Bool) -> Bool {
        omitsLinearModes = omit
        return true
    }

    public func anchorLinearModes(t: Double, y: UnsafePointer<Double>) -> Bool {
        linearStep.release()
        coupledStep.release()
        lastPoint.time = .nan
        let s = sums(y)
        let j = current(y, s)
        guard failure == nil else { return false }
        let shuttle = shuttleCurrent(y, current: j)
        anchorOtherParasitic = leakageCurrent(y, solidModes: s.solid) + oxidationCurrent(y, s, current: j)
        modeAnchorCurrent = j
        if coupledModesUnderVoltageControl, case .voltage = control {
            // The memo holds the current just solved at (y, s), with its response to the state.
            let gains = solvedCurrent.responseGains
            if coupledStep.anchor(time: t, mean: y[iMean], modes: y + iModes.lowerBound, current: j,
                                  parasitic: shuttle + anchorOtherParasitic, activeCapacity_C_m2: activeCapacity_C_m2(y),
                                  stoichiometryGain: gains.stoichiometry, saltGain: gains.salt) {
                return failure == nil
            }
        }
        // Under current control and at rest J = J₀ over the step, and the parasitic input (the leakage and oxidation
        // held at the anchor, `parasiticNow`) is constant where the shuttle, the one part read at y, is off.
        let constantInput: Bool
        switch control {
        case .current, .rest: constantInput = !shuttleCanFlow(current: j)
        case .voltage, .power: constantInput = false
        }
        linearStep.anchor(time: t, modes: y + iModes.lowerBound, current: j, parasitic: shuttle + anchorOtherParasitic,
                          activeCapacity_C_m2: activeCapacity_C_m2(y), constantInput: constantInput)
        return failure == nil
    }

    public func advanceLinearModes(to t: Double, y: UnsafeMutablePointer<Double>) -> Bool {
        guard linearStep.isActive || coupledStep.isActive else { return true }
        let j = current(y, sums(y, at: t))
        guard failure == nil else { return false }
        if coupledStep.isActive {
            coupledStep.write(time: t, current: j, parasitic: parasiticNow(y), into: y + iModes.lowerBound)
        } else {
            linearStep.write(time: t, current: j, parasitic: parasiticNow(y), into: y + iModes.lowerBound)
        }
        return anchorLinearModes(t: t, y: y)
    }

    /// While the coupled update runs: the step its path-shape error estimate allows (``CoupledModeStep/stepLimit``).
    public func linearModesStepLimit(relativeTolerance: Double, absoluteTolerance: Double,
                                     scales: UnsafePointer<Double>) -> Double {
        guard coupledStep.isActive else { return .infinity }
        return coupledStep.stepLimit(chargeTolerance: absoluteTolerance * scales[iCharge])
    }

    public func releaseLinearModes() {
        linearStep.release()
        coupledStep.release()
        lastPoint.time = .nan
    }

    // MARK: ODEProblem

    public func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
        let s = sums(y, at: t)
        let j = controlCurrent(y, s)
        let shuttle = shuttleCurrent(y, current: j)
        let leakage = leakageCurrent(y, solidModes: s.solid(j))
        // x_s and U(x_s), read by the oxidation and the voltage below, once for both (none where neither reads them).
        let holdsVoltage: Bool
        if case .voltage = control, failure == nil, j.isFinite { holdsVoltage = true } else { holdsVoltage = false }
        let surfaceNow = holdsVoltage && !oxidationReadsPotential(current: j) ? nil : surface(y, s, current: j)
        // Without aging states there is no oxidation (`oxidationCurrent` returns 0): no call.
        let oxidationNow = agingEnabled ? oxidationCurrent(y, s, current: j, surface: surfaceNow) : 0
        let dxdt = (j + shuttle + leakage + oxidationNow) / activeCapacity_C_m2(y)
        let exact = linearStep.isActive || coupledStep.isActive
        if exact {
            // The modes are advanced exactly between steps: constant for the stepper.
            dydt[iMean] = dxdt
            if !omitsLinearModes { for k in linearModes { dydt[k] = 0 } }
        } else {
            var c = SubmodelContext(current_A_m2: j, lithiumContact: 1)
            c.cathodeMeanRate_per_s = dxdt
            cathodeParticles.addRates(c, y: y, dydt: dydt)
            saltConcentration.addRates(c, y: y, dydt: dydt)
        }
        dydt[iCharge] = j
        // Under voltage control the current was solved to hold V at the set point (to 1e-13 of J): no second evaluation.
        let v: Double
        var evaluated = Double.nan
        if holdsVoltage, case .voltage(let setPoint) = control {
            v = setPoint
        } else {
            v = voltageValue(y, s, current: j, surface: surfaceNow ?? surface(y, s, current: j))
            evaluated = v
        }
        dydt[iEnergy] = j * (v - energyReference_V)
        lastPoint = exact && !agingEnabled
            ? EvaluatedPoint(time: t, mean: y[iMean], sums: s, current: j, voltage: evaluated) : EvaluatedPoint()
        if !v.isFinite, failure == nil {
            failure = SimulationError.controlFailed(String(format: "the voltage is not finite at x̄ = %g, J = %g A/m², t = %g s", y[iMean], j, t))
        }
        guard agingEnabled else { return failure == nil }
        let c = agingContext(y, current: j, shuttle: shuttle, leakage: leakage, oxidation: oxidationNow)
        lithiumInterphase.addRates(c, y: y, dydt: dydt)
        lithiumInventory.addRates(c, y: y, dydt: dydt)
        cathodeInterphase.addRates(c, y: y, dydt: dydt)
        activeMaterial.addRates(c, y: y, dydt: dydt)
        shortDamage.addRates(c, y: y, dydt: dydt)
        lithiumVoids.addRates(c, y: y, dydt: dydt)
        oxidationCharge.addRates(c, y: y, dydt: dydt)
        return failure == nil
    }

    /// `current(y, s)` with the constant of current control and of rest read in place: the current solve of voltage and
    /// power control stays behind a call (`controlledCurrent(_:_:)`), so that this test inlines and a current-controlled
    /// right-hand side keeps its registers. The same values.
    @inline(__always)
    func controlCurrent(_ y: UnsafePointer<Double>, _ s: ModeSums) -> Double {
        if case .current(let j) = control { return j }
        if case .rest = control { return 0 }
        return controlledCurrent(y, s)
    }

    @inline(never)
    private func controlledCurrent(_ y: UnsafePointer<Double>, _ s: ModeSums) -> Double {
        current(y, s)
    }

    /// What the aging submodels read at state y and current j, given the parasitic currents there.
    @inline(__always)
    func agingContext(_ y: UnsafePointer<Double>, current j: Double, shuttle: Double, leakage: Double,
                      oxidation oxidationNow: Double) -> SubmodelContext {
        // The charge-proportional part builds no film (soluble products); the potential-driven part does.
        let filmForming = oxidationNow - (j < 0 ? oxidation.chargeParasiticFraction * max(-j, 0) : 0)
        return SubmodelContext(current_A_m2: j, lithiumContact: lithiumContact(y), shuttleCurrent_A_m2: shuttle,
                               leakageCurrent_A_m2: leakage, filmFormingOxidation_A_m2: max(filmForming, 0))
    }

    public func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                         dfdt: UnsafeMutablePointer<Double>) -> Bool {
        let n = dimension
        dfdy.update(repeating: 0, count: n * n)
        dfdt.update(repeating: 0, count: n)
        let j = current(y)
        let dU = cathodeParticles.openCircuitSlope(surfaceStoichiometry(y, current: j))
        let (v, dVdJ) = voltage(y, current: j)
        // ∂J/∂y from the control: 0 (current, rest); −(∂V/∂y)/(∂V/∂J) (voltage); −J(∂V/∂y)/(V + J ∂V/∂J) (power).
        let gain: Double
        switch control {
        case .rest, .current: gain = 0
        case .voltage: gain = -1 / dVdJ
        case .power: gain = -j / (v + j * dVdJ)
        }
        // The electrical rows: each submodel's ∂/∂(own states) at fixed J and its ∂/∂J; the cell's charge and energy rows.
        let dfdJ = currentPartials
        var e = SubmodelContext(current_A_m2: j, lithiumContact: 1)
        e.cathodeActiveCapacity_C_m2 = activeCapacity_C_m2(y)
        cathodeParticles.addJacobian(e, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
        saltConcentration.addJacobian(e, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
        dfdJ[iCharge] = 1
        dfdJ[iEnergy] = (v - energyReference_V) + j * dVdJ
        // ∂V/∂y at fixed J: U′ for x̄ and every solid mode, −R_d/G for every salt mode.
        @inline(__always) func partialV(_ col: Int) -> Double {
            if col == iMean || iModes.contains(col) { return dU }
            if iSalt.contains(col) { return -saltConcentration.polarizationPerSalt_V }
            return 0
        }
        // The aging rows: each submodel's ∂/∂(states) at fixed J, and its ∂/∂J for the chain rule below (the anode's Li
        // alone unless `agingRowsInJacobian`).
        let aging = !agingEnabled ? 0..<0 : agingRowsInJacobian ? agingRows : iLithium..<(iLithium + 1)
        if agingEnabled && !agingRowsInJacobian {
            lithiumInventory.addJacobian(SubmodelContext(current_A_m2: j, lithiumContact: 1), y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
        } else if agingEnabled {
            let s = sums(y)
            let c = agingContext(y, current: j, shuttle: shuttleCurrent(y, current: j),
                                 leakage: leakageCurrent(y, solidModes: s.solid), oxidation: oxidationCurrent(y, s, current: j))
            lithiumInterphase.addJacobian(c, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
            lithiumInventory.addJacobian(c, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
            cathodeInterphase.addJacobian(c, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
            activeMaterial.addJacobian(c, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
            shortDamage.addJacobian(c, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
            lithiumVoids.addJacobian(c, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
            oxidationCharge.addJacobian(c, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
        }
        // x̄ and the modes, the columns V depends on, and the electrical rows: q, e, x̄ and the modes.
        let electrical = iMean..<iSalt.upperBound
        for col in electrical {
            let pv = partialV(col)
            if pv == 0 { continue }
            // Energy row also depends on V directly: ∂(J (V − V_ref))/∂y = J ∂V/∂y + (V − V_ref + J ∂V/∂J) ∂J/∂y.
            dfdy[iEnergy * n + col] += j * pv
            if gain == 0 { continue }
            let dJ = gain * pv
            dfdy[iCharge * n + col] += dfdJ[iCharge] * dJ
            dfdy[iEnergy * n + col] += dfdJ[iEnergy] * dJ
            for row in electrical { dfdy[row * n + col] += dfdJ[row] * dJ }
            for row in aging { dfdy[row * n + col] += dfdJ[row] * dJ }
        }
        return failure == nil
    }

    public func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double {
        events[id].value(in: self, y, at: t)
    }
}

/// A kinetics term of the current J and one state-dependent input (a film ASR, a contact fraction), kept with the two
/// inputs it was evaluated at and returned again while both are exactly equal: the kinetics are pure functions of the
/// two, so the kept value is the one a new evaluation would give.
private struct KineticsMemo<Value> {
    private var current = Double.nan
    private var input = Double.nan
    private var kept: Value

    init(_ initial: Value) { kept = initial }

    /// The value at (j, x): the kept one when both equal the last inputs, else `evaluate(j, x)`, then kept.
    @inline(__always)
    mutating func value(current j: Double, input x: Double, _ evaluate: (Double, Double) -> Value) -> Value {
        if j == current && x == input { return kept }
        kept = evaluate(j, x)
        current = j
        input = x
        return kept
    }
}
