import Foundation

/// What the external circuit imposes on a Li | E | Li cell (DOMAIN A3).
///
/// Sign convention: J > 0 strips Li from electrode 1 and plates it on electrode 2; the cell voltage
/// V = φ₁ − φ₂ then is positive too (V and J have the same sign under a steady current).
public enum SymmetricControl: Sendable, Equatable {
    /// Galvanostatic: current density J, A m⁻².
    case current(A_m2: Double)
    /// Potentiostatic: V held at `V` volts; J is solved at every right-hand-side call.
    case voltage(V: Double)
    /// Open circuit (J = 0): salt relaxes, interphases keep growing by calendar aging.
    case rest
}

/// The symmetric cell Li | E | Li of DOMAIN A3 with the aging states of A4, integrated by GSL:
///
///   V = J·ASR_b(T) + η(J) + η(J) + v_d + J·(ASR_SEI,1 + ASR_SEI,2),  η = (2RT/F)·asinh(J/(2i₀(T))),
///
/// both electrodes with the same i₀,Li(T): the Butler–Volmer term of ``ElectrodeKineticsSubmodel`` once per electrode, and
/// ASR_b(T) = L/σ(T) from ``BulkTransportSubmodel``, the full cell's kinetics and bulk submodels. Salt polarization is the modal diffusion series of
/// `SaltDiffusionModes`, the full cell's submodel ``SaltConcentrationSubmodel`` (states z₁…z_N plus the lumped remainder, Δc = Σz in mol m⁻³, positive when
/// the salt is richer at electrode 1): the surface concentrations are c₀ ± Δc/2 (electrode 1 / 2) and
/// v_d = R_d·Δc/G, linear in Δc so that v_d → R_d·J at steady state with R_d = ASR_b(1 − t₊)/t₊ and
/// G = Δc_ss/J = (1 − t₊)L/(F D). A single-ion electrolyte (t₊ = 1) has no salt states at all.
///
/// Aging (DOMAIN A4; rates Arrhenius from `Electrolyte.aging` and `Electrolyte.shortLaw`), per electrode the same
/// submodels as the full cell's anode (``CellSubmodel``; electrode 2 sees −J, so that each strips at positive current):
/// - sᵢ = ASR_SEI,i² per electrode (``LithiumInterphaseSubmodel``), dsᵢ/dt from ``LithiumLossLaw`` (parabolic calendar growth plus growth per
///   charge plated on that electrode, rising with the current density), Ω² m⁴;
/// - Φᵢ, short damage per electrode (``ShortDamageSubmodel``), dΦᵢ/dt = rate(|J_plate,i|) from ``ShortLaw`` (per plated charge, above the
///   electrolyte's critical current of ``CriticalCurrent``): a filament
///   grows from the electrode Li plates on, so each electrode accumulates damage only while it plates
///   (the shipped `time_to_short_h` values are hours of plating, half the Li | Li test time); the plating current
///   is focused on the contact left, J_loc = J_plate/(1 − vᵢ);
/// - vᵢ, void fraction per electrode (``LithiumVoidSubmodel``) from ``LithiumVoidLaw`` (opened while the electrode strips, filled while it
///   plates): the contact 1 − vᵢ divides the electrode's interphase ASR and its exchange current, as in the full cell.
///
/// State layout: [z₁…z_N, z_T, s₁, s₂, Φ₁, Φ₂, v₁, v₂, q] with q = ∫J dt (C m⁻², the Li moved to
/// electrode 2). ∫V dt over a segment needs no state of its own (`voltageIntegral`).
public final class SymmetricCellModel: ODEProblem {
    public let electrolyte: Electrolyte
    public let temperature_K: Double
    /// Salt-diffusion modes; nil for a single-ion electrolyte (t₊ = 1).
    public let saltModes: SaltDiffusionModes?

    /// The salt's polarization, the same submodel as the full cell's (``SaltConcentrationSubmodel``).
    public let salt: SaltConcentrationSubmodel
    /// The Li kinetics of both electrodes (``ElectrodeKineticsSubmodel``, no cathode block).
    public let kinetics: ElectrodeKineticsSubmodel
    /// The membrane's ohmic ASR (``BulkTransportSubmodel``, no contact ASR).
    public let transport: BulkTransportSubmodel

    // State indices.
    public var iSalt: Range<Int> { salt.stateIndices }
    public let iInterphase1: Int
    public let iInterphase2: Int
    public let iDamage1: Int
    public let iDamage2: Int
    public let iVoid1: Int
    public let iVoid2: Int
    public let iCharge: Int
    public let dimension: Int
    /// Every state with its name (``StateLayout``).
    public let layout: StateLayout
    public var stateNames: [String] { layout.names }

    // Parameters resolved at temperature_K (SI).
    /// L/σ(T), Ω m².
    public var bulkASR_ohm_m2: Double { transport.bulkASR_ohm_m2 }
    /// R_d = ASR_b(1 − t₊)/t₊, Ω m².
    public var diffusionASR_ohm_m2: Double { salt.diffusionASR_ohm_m2 }
    /// τ = L²/(π²D), s (infinity without salt states).
    public let diffusionTime_s: Double
    /// i₀,Li(T), A m⁻², per electrode.
    public var exchangeCurrent_A_m2: Double { kinetics.lithiumExchangeCurrent_A_m2 }
    /// RT/F, V.
    public var thermalVoltage_V: Double { kinetics.thermalVoltage_V }
    /// c₀, mol m⁻³.
    public var saltConcentration_mol_m3: Double { salt.concentration_mol_m3 }
    /// G = Δc_ss/J = (1 − t₊)L/(F D), mol m⁻³ per A m⁻².
    public var saltDifferencePerCurrent: Double { salt.saltDifferencePerCurrent }
    /// R_d/G, V per mol m⁻³ (v_d = this × Δc).
    public var polarizationPerSalt_V: Double { salt.polarizationPerSalt_V }
    /// The Li-side interphase law shared with the full cell (``LithiumLossLaw``).
    public let lithiumLoss: LithiumLossLaw
    /// k_cal(T), Ω² m⁴ s⁻¹, and k_pl(T) at the law's reference current, Ω² m⁴ per C m⁻² plated.
    public let interphaseCalendarRate: Double
    public let interphasePlatingRate: Double
    /// Initial ASR_SEI per electrode at the Li interface's reference temperature, Ω m² (the interphase states are
    /// values at that temperature).
    public let initialInterphaseASR_ohm_m2: Double
    /// ASR_SEI(T)/ASR_SEI(T_ref) (``Electrolyte/lithiumInterphaseFactor(at:)``).
    public let interphaseFactor: Double
    public var shortLaw: ShortLaw.Resolved { damage1.law }
    public var voids: LithiumVoidLaw.Resolved { voids1.law }
    /// The aging submodels of electrode 1 and electrode 2, in layout order: interphases, damage, voids.
    public let interphase1: LithiumInterphaseSubmodel
    public let interphase2: LithiumInterphaseSubmodel
    public let damage1: ShortDamageSubmodel
    public let damage2: ShortDamageSubmodel
    public let voids1: LithiumVoidSubmodel
    public let voids2: LithiumVoidSubmodel

    public private(set) var control: SymmetricControl = .rest
    public private(set) var events: [CellEvent] = []
    /// q at the start of the present step, C m⁻² (for a charge termination).
    public private(set) var stepStartCharge_C_m2 = 0.0
    public private(set) var failure: Error?

    private var saltStateCount: Int { salt.count }
    /// ∂f_row/∂J of the aging rows (in the cell's J), filled by the submodels in `jacobian`.
    private let agingCurrentPartials: UnsafeMutablePointer<Double>
    /// Warm start of the potentiostatic current solve, A m⁻².
    private var lastCurrent_A_m2 = 0.0

    /// - Parameters:
    ///   - saltModes: explicit odd diffusion modes (default 20; ignored when t₊ = 1).
    public init(electrolyte: Electrolyte, temperature_K: Double, saltModes modeCount: Int = 20) throws {
        guard temperature_K.isFinite, temperature_K > 0 else {
            throw SimulationError.invalidOption("temperature must be a positive number of kelvin, got \(temperature_K)")
        }
        let tPlus = electrolyte.transferenceNumber
        guard tPlus > 0, tPlus <= 1 else {
            throw SimulationError.invalidOption("transference number of \(electrolyte.id) must lie in (0, 1], got \(tPlus)")
        }
        guard (1...200).contains(modeCount) else {
            throw SimulationError.invalidOption("salt-diffusion modes must lie in 1…200, got \(modeCount)")
        }
        self.electrolyte = electrolyte
        self.temperature_K = temperature_K
        transport = BulkTransportSubmodel(electrolyte: electrolyte, temperature_K: temperature_K)
        kinetics = ElectrodeKineticsSubmodel(lithiumOf: electrolyte, temperature_K: temperature_K)
        saltModes = SaltConcentrationSubmodel.modes(electrolyte, temperature_K: temperature_K, count: modeCount)
        diffusionTime_s = saltModes?.diffusionTime_s ?? .infinity
        var saltModel = SaltConcentrationSubmodel(electrolyte: electrolyte, temperature_K: temperature_K, modes: saltModes,
                                                  stateScale: 1)
        lithiumLoss = LithiumLossLaw(aging: electrolyte.aging, temperature_K: temperature_K)
        interphaseCalendarRate = lithiumLoss.seiCalendarRate
        interphasePlatingRate = lithiumLoss.seiPlatingRate
        initialInterphaseASR_ohm_m2 = electrolyte.lithiumInterphaseASR_ohm_m2
        interphaseFactor = electrolyte.lithiumInterphaseFactor(at: temperature_K)
        let shortLaw = electrolyte.resolvedShortLaw(at: temperature_K)
        let voids = electrolyte.voidLaw.resolved(at: temperature_K)
        for value in [transport.bulkASR_ohm_m2, kinetics.lithiumExchangeCurrent_A_m2, saltModel.diffusionASR_ohm_m2,
                      saltModel.polarizationPerSalt_V]
        where !value.isFinite {
            saltModel.deallocate()
            throw SimulationError.invalidOption("electrolyte \(electrolyte.id) gives a non-finite resistance or rate at \(temperature_K) K")
        }

        var l = StateLayout()
        l.add(&saltModel)
        salt = saltModel
        var sei1 = LithiumInterphaseSubmodel(law: lithiumLoss, name: "sei_asr_squared_1_ohm2_m4", scale: 1)
        var sei2 = LithiumInterphaseSubmodel(law: lithiumLoss, name: "sei_asr_squared_2_ohm2_m4", scale: 1)
        var phi1 = ShortDamageSubmodel(law: shortLaw, name: "short_damage_1")
        var phi2 = ShortDamageSubmodel(law: shortLaw, name: "short_damage_2")
        var v1 = LithiumVoidSubmodel(law: voids, name: "void_fraction_1")
        var v2 = LithiumVoidSubmodel(law: voids, name: "void_fraction_2")
        l.add(&sei1)
        l.add(&sei2)
        l.add(&phi1)
        l.add(&phi2)
        l.add(&v1)
        l.add(&v2)
        phi1.voidIndex = v1.index
        phi2.voidIndex = v2.index
        (interphase1, interphase2, damage1, damage2, voids1, voids2) = (sei1, sei2, phi1, phi2, v1, v2)
        (iInterphase1, iInterphase2, iDamage1, iDamage2, iVoid1, iVoid2) = (sei1.index, sei2.index, phi1.index, phi2.index, v1.index, v2.index)
        iCharge = l.add("charge_C_m2")
        layout = l
        dimension = l.count
        agingCurrentPartials = .allocate(capacity: l.count)
        agingCurrentPartials.initialize(repeating: 0, count: l.count)
    }

    deinit {
        salt.deallocate()
        agingCurrentPartials.deallocate()
    }

    // MARK: State

    /// A fresh cell: uniform salt, initial interphases, no damage, no charge passed.
    public func initialState() -> [Double] {
        var y = [Double](repeating: 0, count: dimension)
        let fresh = SubmodelInitialCondition(lithiumInterphaseASR_ohm_m2: initialInterphaseASR_ohm_m2,
                                             cathodeInterphaseASR_ohm_m2: 0)
        y.withUnsafeMutableBufferPointer { p in
            let y = p.baseAddress!
            for submodel in [interphase1, interphase2, damage1, damage2, voids1, voids2] as [any CellSubmodel] {
                submodel.initialize(y, fresh)
            }
        }
        return y
    }

    /// Sets the control and the events watched in the next step; `stepStartCharge` is q at the step start.
    public func configure(control: SymmetricControl, events: [CellEvent], stepStartCharge_C_m2: Double = 0) {
        self.control = control
        self.events = events
        self.stepStartCharge_C_m2 = stepStartCharge_C_m2
        failure = nil
        if case .current(let j) = control { lastCurrent_A_m2 = j }
    }

    /// Salt difference Δc = c(electrode 1) − c(electrode 2), mol m⁻³.
    @inline(__always)
    public func saltDifference(_ y: UnsafePointer<Double>) -> Double {
        salt.difference(y)
    }

    /// Salt concentration at the surface of electrode 1 and electrode 2, mol m⁻³.
    public func surfaceConcentrations(_ y: UnsafePointer<Double>) -> (electrode1: Double, electrode2: Double) {
        let (c1, c2) = salt.surfaceConcentrations(saltDifference: saltDifference(y))
        return (c1, c2)
    }

    /// ASR_SEI of electrode 1 and 2 at the cell's temperature, Ω m².
    @inline(__always)
    public func interphaseASR(_ y: UnsafePointer<Double>) -> (electrode1: Double, electrode2: Double) {
        (max(y[iInterphase1], 0).squareRoot() * interphaseFactor, max(y[iInterphase2], 0).squareRoot() * interphaseFactor)
    }

    /// Short damage max(Φ₁, Φ₂) (a short at 1).
    public func damage(_ y: UnsafePointer<Double>) -> Double { max(y[iDamage1], y[iDamage2]) }

    /// Fraction of each Li interface still in contact, 1 − vᵢ.
    @inline(__always)
    public func contact(_ y: UnsafePointer<Double>) -> (electrode1: Double, electrode2: Double) {
        (min(max(1 - y[iVoid1], 1e-6), 1), min(max(1 - y[iVoid2], 1e-6), 1))
    }

    /// Linearised charge-transfer ASR of one electrode, RT/(F i₀), Ω m² (DOMAIN B §3).
    public var chargeTransferASR_ohm_m2: Double { thermalVoltage_V / exchangeCurrent_A_m2 }

    /// Interfacial ASR of the cell as an EIS would give it: linearised charge transfer plus
    /// interphase of both electrodes, each over its contact, Ω m².
    public func interfacialASR_ohm_m2(_ y: UnsafePointer<Double>) -> Double {
        let (a1, a2) = interphaseASR(y)
        let (c1, c2) = contact(y)
        return (chargeTransferASR_ohm_m2 + a1) / c1 + (chargeTransferASR_ohm_m2 + a2) / c2
    }

    // MARK: Algebraic part

    /// Cell voltage V(y, J) = φ₁ − φ₂ and ∂V/∂J at fixed state, V and Ω m².
    @inline(__always)
    public func voltage(_ y: UnsafePointer<Double>, current j: Double) -> (V: Double, dVdJ: Double) {
        let (a1, a2) = interphaseASR(y)
        let (c1, c2) = contact(y)
        let ohmic = transport.ohmic(current: j, seriesASR_ohm_m2: transport.fixedSeriesASR_ohm_m2 + a1 / c1 + a2 / c2)
        let li1 = kinetics.lithium(current: j, contact: c1), li2 = kinetics.lithium(current: j, contact: c2)
        let vd = salt.overpotential(saltDifference: saltDifference(y))
        return (ohmic.V + li1.V + li2.V + vd.V, ohmic.dVdJ + li1.dVdJ + li2.dVdJ + vd.dVdJ)
    }

    /// Current density imposed or implied by the control at state y, A m⁻² (> 0 plates electrode 2).
    @inline(__always)
    public func current(_ y: UnsafePointer<Double>) -> Double {
        switch control {
        case .rest: return 0
        case .current(let j): return j
        case .voltage(let target): return solveCurrent(y, voltage: target)
        }
    }

    /// Terminal voltage at state y under the present control, V.
    public func terminalVoltage(_ y: UnsafePointer<Double>) -> Double { voltage(y, current: current(y)).V }

    /// The current that holds V(J) = V_set (V rises monotonically in J), by safeguarded Newton warm-started
    /// at the last solution; converges to 10⁻¹³ relative.
    @inline(__always)
    private func solveCurrent(_ y: UnsafePointer<Double>, voltage target: Double) -> Double {
        let scale = max(abs(target) / max(transport.fixedSeriesASR_ohm_m2 + 2 * chargeTransferASR_ohm_m2, 1e-12), 1e-9)
        let start = lastCurrent_A_m2.isFinite ? lastCurrent_A_m2 : 0
        let outcome = MonotoneNewton.solve(start: start, scale: scale) { j in
            let (v, dv) = voltage(y, current: j)
            return (v - target, dv)
        }
        if let root = outcome.root {
            lastCurrent_A_m2 = root
            return root
        }
        failure = SimulationError.controlFailed("no current holds the symmetric cell at \(target) V")
        return outcome.last
    }

    /// ∫V dt over a segment held at constant current J (or at rest, J = 0) from state y0 to y1, V s.
    ///
    /// Exact without a state of its own while the contact is whole: ∫zₖ dt = wₖG·∫J dt − Δzₖ/λₖ follows from each
    /// mode's equation, so ∫Δc dt = G·J·Δt − Σ Δzₖ/λₖ; sᵢ grows linearly in t at constant J, so
    /// ∫√sᵢ dt = (2/3)Δt·(sᵢ₁^{3/2} − sᵢ₀^{3/2})/(sᵢ₁ − sᵢ₀); η is constant. Voids change slowly (per charge of
    /// q_v ~ mAh cm⁻²): their contact enters at the segment's mean (trapezoidal in 1/(1 − v)).
    public func voltageIntegral(current j: Double, duration_s dt: Double, from y0: UnsafePointer<Double>,
                                to y1: UnsafePointer<Double>) -> Double {
        guard dt > 0 else { return 0 }
        var relaxation = 0.0
        for k in 0..<saltStateCount { relaxation += (y1[k] - y0[k]) / salt.rate(k) }
        let saltIntegral = saltDifferencePerCurrent * j * dt - relaxation
        @inline(__always) func rootIntegral(_ a: Double, _ b: Double) -> Double {
            let s0 = max(a, 0), s1 = max(b, 0)
            if abs(s1 - s0) <= 1e-12 * max(s0, s1) { return s0.squareRoot() * dt }
            return (2.0 / 3.0) * dt * (s1 * s1.squareRoot() - s0 * s0.squareRoot()) / (s1 - s0)
        }
        let (c10, c20) = contact(y0), (c11, c21) = contact(y1)
        let inverse1 = 0.5 * (1 / c10 + 1 / c11), inverse2 = 0.5 * (1 / c20 + 1 / c21)
        let interphase = rootIntegral(y0[iInterphase1], y1[iInterphase1]) * inverse1
            + rootIntegral(y0[iInterphase2], y1[iInterphase2]) * inverse2
        let eta = kinetics.lithiumOverpotential_V(current: j, contact: 1 / inverse1)
            + kinetics.lithiumOverpotential_V(current: j, contact: 1 / inverse2)
        return (transport.ohmic(current: j, seriesASR_ohm_m2: transport.fixedSeriesASR_ohm_m2).V + eta) * dt + j * interphase
            + salt.overpotential(saltDifference: saltIntegral).V
    }

    // MARK: ODEProblem

    public func derivatives(t: Double, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>) -> Bool {
        let j = current(y)
        let (e1, e2) = electrodeContexts(y, current: j)
        salt.addRates(e1, y: y, dydt: dydt)
        interphase1.addRates(e1, y: y, dydt: dydt)
        interphase2.addRates(e2, y: y, dydt: dydt)
        damage1.addRates(e1, y: y, dydt: dydt)
        damage2.addRates(e2, y: y, dydt: dydt)
        voids1.addRates(e1, y: y, dydt: dydt)
        voids2.addRates(e2, y: y, dydt: dydt)
        dydt[iCharge] = j
        return failure == nil && j.isFinite
    }

    /// What the submodels of electrode 1 and electrode 2 read at state y and current j: J > 0 strips electrode 1 and
    /// plates electrode 2, which therefore sees −J.
    @inline(__always)
    func electrodeContexts(_ y: UnsafePointer<Double>, current j: Double) -> (SubmodelContext, SubmodelContext) {
        let (c1, c2) = contact(y)
        return (SubmodelContext(current_A_m2: j, lithiumContact: c1), SubmodelContext(current_A_m2: -j, lithiumContact: c2))
    }

    public func jacobian(t: Double, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                         dfdt: UnsafeMutablePointer<Double>) -> Bool {
        let n = dimension
        dfdy.update(repeating: 0, count: n * n)
        dfdt.update(repeating: 0, count: n)
        let j = current(y)
        let (c1, c2) = contact(y)
        // At fixed J: damage through the focused current J_plate/cᵢ, voids through their own fraction; ∂/∂J of each
        // aging row, in the electrode's current (electrode 2's turned to the cell's J).
        let (e1, e2) = electrodeContexts(y, current: j)
        let dfdJ = agingCurrentPartials
        salt.addJacobian(e1, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
        interphase1.addJacobian(e1, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
        interphase2.addJacobian(e2, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
        damage1.addJacobian(e1, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
        damage2.addJacobian(e2, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
        voids1.addJacobian(e1, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
        voids2.addJacobian(e2, y: y, dfdy: dfdy, dimension: n, dfdJ: dfdJ)
        dfdJ[iInterphase2] = -dfdJ[iInterphase2]
        dfdJ[iDamage2] = -dfdJ[iDamage2]
        dfdJ[iVoid2] = -dfdJ[iVoid2]
        // Only the potentiostatic current couples the states further.
        guard case .voltage = control else { return failure == nil }
        let gain = -1 / voltage(y, current: j).dVdJ
        let (a1, a2) = interphaseASR(y)
        // ∂aᵢ/∂sᵢ = f/(2√sᵢ) = f²/(2aᵢ) with aᵢ = f·√sᵢ and f the interphase's temperature factor.
        let f2 = interphaseFactor * interphaseFactor
        // ∂η_i/∂vᵢ = (J/cᵢ)·∂η_i/∂J: η depends on J/(i₀cᵢ) only.
        let li1 = kinetics.lithium(current: j, contact: c1).dVdJ, li2 = kinetics.lithium(current: j, contact: c2).dVdJ
        // ∂V/∂y at fixed J.
        @inline(__always) func partialV(_ col: Int) -> Double {
            if col < saltStateCount { return polarizationPerSalt_V }
            switch col {
            case iInterphase1: return a1 > 0 ? j * f2 / (2 * a1 * c1) : 0
            case iInterphase2: return a2 > 0 ? j * f2 / (2 * a2 * c2) : 0
            case iVoid1: return j * a1 / (c1 * c1) + j * li1 / c1
            case iVoid2: return j * a2 / (c2 * c2) + j * li2 / c2
            default: return 0
            }
        }
        // ∂f_row/∂J, for the potentiostatic chain rule ∂J/∂y = −(∂V/∂y)/(∂V/∂J).
        @inline(__always) func partialJ(_ row: Int) -> Double {
            if row < saltStateCount { return salt.gain(row) }
            return row == iCharge ? 1 : dfdJ[row]
        }
        for col in 0..<n {
            let pv = partialV(col)
            if pv == 0 { continue }
            let dJ = gain * pv
            for row in 0..<n { dfdy[row * n + col] += partialJ(row) * dJ }
        }
        return failure == nil
    }

    public func eventValue(_ id: Int, t: Double, y: UnsafePointer<Double>) -> Double {
        events[id].value(in: self, y)
    }
}
