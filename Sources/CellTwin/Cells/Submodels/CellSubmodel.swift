import Foundation

/// How cycle skipping (``LifeSimulator``) judges the extrapolation error of a state: the scale its change is measured
/// against.
public enum CycleSkipScale: Sendable, Equatable {
    /// The state's own value, at least `floor` (a film that grows from its own thickness).
    case ownValue(floor: Double)
    /// The cell's nominal capacity Q₀, C m⁻² (a Li charge).
    case nominalCapacity
    /// The cell's series ASR at the state, at least `floor` Ω m² (a film in series with everything else).
    case seriesResistance(floor: Double)
    /// 1: a fraction.
    case unit
}

/// One state a submodel declares: its name (a trace column), the scale of its absolute tolerance, its physical range,
/// and its part in the loss attribution and in cycle skipping (DOMAIN A4).
public struct SubmodelState: Sendable, Equatable {
    public var name: String
    /// Natural scale (absolute tolerance = atol × scale, ``StateLayout``).
    public var scale: Double
    /// Physical range of the state (a fresh cell and any simulated one lie inside it).
    public var bounds: ClosedRange<Double>
    /// The loss mechanism its change belongs to; nil for a reservoir that only takes back another state's change.
    public var mechanism: LossMechanism?
    /// The state (by name) that takes back this state's change when its mechanism is undone (``AgingStateRole``).
    public var returnsTo: String?
    /// Whether cycle skipping extrapolates it across skipped cycles, and the scale it judges the error against.
    public var extrapolated: Bool
    public var skipScale: CycleSkipScale
    /// How far one skipped block may move it (``CycleSkipLimit``; set with ``limiting(_:)``).
    public var skipLimit = CycleSkipLimit.none

    public init(_ name: String, scale: Double = 1, bounds: ClosedRange<Double> = 0...Double.infinity,
                mechanism: LossMechanism?, returnsTo: String? = nil, extrapolated: Bool = true,
                skipScale: CycleSkipScale = .unit) {
        self.name = name
        self.scale = scale
        self.bounds = bounds
        self.mechanism = mechanism
        self.returnsTo = returnsTo
        self.extrapolated = extrapolated
        self.skipScale = skipScale
    }
}

/// What the electrical core of a cell has computed at one right-hand-side call, for the submodels that integrate a
/// mechanism driven by it. A value: built once per call, passed to every submodel, no allocation.
///
/// The currents are those at the Li electrode the submodel sits on: `current_A_m2` > 0 strips it (a full cell's
/// discharge; electrode 1 of a Li | E | Li cell at J > 0), `platingCurrent_A_m2` = max(−current, 0) plates it.
public struct SubmodelContext: Sendable {
    /// J at the electrode, A m⁻² (> 0 strips).
    public var current_A_m2: Double
    /// J_plate = max(−J, 0), A m⁻².
    public var platingCurrent_A_m2: Double
    /// Fraction of the Li interface still in contact, 1 − v (``LithiumVoidLaw``).
    public var lithiumContact: Double
    /// Li–S shuttle current re-lithiating the cathode, A m⁻² (DOMAIN B §5.3; 0 without a shuttle).
    public var shuttleCurrent_A_m2: Double
    /// Electronic leakage through the membrane and the soft short, A m⁻² (≥ 0).
    public var leakageCurrent_A_m2: Double
    /// The potential-driven part of the electrolyte-oxidation current, which builds the cathode interphase, A m⁻²
    /// (≥ 0; ``OxidationLaw``).
    public var filmFormingOxidation_A_m2: Double
    /// dx̄/dt of the cathode's mean stoichiometry, s⁻¹, and the charge per unit stoichiometry of its active material,
    /// C m⁻² (``CathodeSolidDiffusionSubmodel``; 0 where the cell has no cathode).
    public var cathodeMeanRate_per_s = 0.0
    public var cathodeActiveCapacity_C_m2 = 0.0

    public init(current_A_m2 j: Double, lithiumContact: Double, shuttleCurrent_A_m2: Double = 0,
                leakageCurrent_A_m2: Double = 0, filmFormingOxidation_A_m2: Double = 0) {
        current_A_m2 = j
        platingCurrent_A_m2 = max(-j, 0)
        self.lithiumContact = lithiumContact
        self.shuttleCurrent_A_m2 = shuttleCurrent_A_m2
        self.leakageCurrent_A_m2 = leakageCurrent_A_m2
        self.filmFormingOxidation_A_m2 = filmFormingOxidation_A_m2
    }
}

/// An algebraic part of a cell's terminal voltage at fixed states (an overpotential, an ohmic drop): its value and its
/// slope in the current, which the cell's current solve and Jacobian chain (PyBaMM's algebraic variables).
public struct VoltageTerm: Sendable, Equatable {
    /// The value, V.
    public var V: Double
    /// ∂/∂J at fixed states, Ω m².
    public var dVdJ: Double

    public init(V: Double, dVdJ: Double) {
        self.V = V
        self.dVdJ = dVdJ
    }
}

/// The model-file keys of a mechanism (STYLE §5 "Submodels"): the entries it declares (``ElectrolyteKey``,
/// ``CathodeKey``: table, key, units, range, default, fit transform, meaning), which ``ElectrolyteKeys/all`` and
/// ``CathodeKeys/all`` are assembled from, and the paths of every key its laws read (its own and keys another
/// submodel declares). Each key is declared by exactly one submodel, or by the cell itself (geometry, identity:
/// ``ElectrolyteKeys/cellKeys``, ``CathodeKeys/cellKeys``).
public protocol KeyedSubmodel: Sendable {
    /// The electrolyte keys this submodel declares.
    static var declaredElectrolyteKeys: [ElectrolyteKey] { get }
    /// The cathode keys this submodel declares.
    static var declaredCathodeKeys: [CathodeKey] { get }
    /// Paths (`table.key`) of the electrolyte model-file keys the submodel's laws read (``ElectrolyteKeys/all``).
    static var electrolyteKeys: [String] { get }
    /// Paths of the cathode model-file keys the submodel's laws read (``CathodeKeys/all``).
    static var cathodeKeys: [String] { get }
}

extension KeyedSubmodel {
    public static var declaredElectrolyteKeys: [ElectrolyteKey] { [] }
    public static var declaredCathodeKeys: [CathodeKey] { [] }
    public static var electrolyteKeys: [String] { declaredElectrolyteKeys.map(\.path) }
    public static var cathodeKeys: [String] { declaredCathodeKeys.map(\.path) }
}

/// Every submodel that declares model-file keys, in the order the key tables are assembled from them (the written
/// order of a model file is ``ElectrolyteKeys/fileOrder`` and ``CathodeKeys/fileOrder``).
public enum CellSubmodels {
    public static let keyed: [any KeyedSubmodel.Type] = [
        BulkTransportSubmodel.self, SaltConcentrationSubmodel.self, ElectrodeKineticsSubmodel.self,
        CathodeSolidDiffusionSubmodel.self, LithiumInterphaseSubmodel.self, LithiumInventorySubmodel.self,
        CathodeInterphaseSubmodel.self, ActiveMaterialSubmodel.self, ShortDamageSubmodel.self, LithiumVoidSubmodel.self,
        OxidationChargeSubmodel.self,
    ]
}

/// What a fresh cell's submodels start from (``CellSubmodel/initialize(_:_:)``).
public struct SubmodelInitialCondition: Sendable {
    /// ASR of the fresh Li-side interphase of one Li electrode at its reference temperature, Ω m².
    public var lithiumInterphaseASR_ohm_m2: Double
    /// ASR of the fresh cathode-side interphase at its reference temperature, Ω m².
    public var cathodeInterphaseASR_ohm_m2: Double
    /// Li in the anode, C m⁻²: the foil plus the Li a charged cathode has already given up (0 where the cell keeps no
    /// Li inventory).
    public var anodeLithium_C_m2: Double
    /// The cathode's mean stoichiometry x̄ (0 where the cell has no cathode).
    public var cathodeStoichiometry: Double

    public init(lithiumInterphaseASR_ohm_m2: Double, cathodeInterphaseASR_ohm_m2: Double, anodeLithium_C_m2: Double = 0,
                cathodeStoichiometry: Double = 0) {
        self.lithiumInterphaseASR_ohm_m2 = lithiumInterphaseASR_ohm_m2
        self.cathodeInterphaseASR_ohm_m2 = cathodeInterphaseASR_ohm_m2
        self.anodeLithium_C_m2 = anodeLithium_C_m2
        self.cathodeStoichiometry = cathodeStoichiometry
    }
}

/// A mechanism of a cell as one unit (PyBaMM's `BaseSubModel`; STYLE §5 "Submodels"): the states it adds to the cell's
/// ``StateLayout`` with their initial values, the model-file keys it declares and reads (``KeyedSubmodel``), its rows
/// of the right-hand side and of the Jacobian, and through its states' declarations its share of the loss attribution
/// and of cycle skipping.
///
/// A cell holds its submodels as concrete stored properties, so the calls in the right-hand side are static and
/// inlined; the declarations (names, scales, roles) are read once when the cell is built.
///
/// Jacobian contract: ``addJacobian(_:y:dfdy:dimension:dfdJ:)`` writes ∂f_row/∂y_col at fixed current for its own
/// rows (the columns of its own states, and those of states of the cell it reads through the context where it says
/// so), and ∂f_row/∂J into `dfdJ[row]`; the cell chains the latter with ∂J/∂y of its control. Dependences through the
/// parasitic currents (shuttle, leakage, oxidation) are omitted, as in the cell's own Jacobian: it steers Newton
/// iterations of the implicit stepper only.
public protocol CellSubmodel: KeyedSubmodel {
    /// The states, in layout order (built on demand: a submodel holds plain values only, so that the cell's
    /// right-hand side passes it without reference counting).
    var states: [SubmodelState] { get }
    /// Index of the first state in the cell's vector; set by ``StateLayout/add(_:)``.
    var firstIndex: Int { get set }
    /// Writes the initial values of its states into `y` (a fresh cell).
    func initialize(_ y: UnsafeMutablePointer<Double>, _ fresh: SubmodelInitialCondition)
    /// Writes the rates of its own rows at state `y`.
    func addRates(_ context: SubmodelContext, y: UnsafePointer<Double>, dydt: UnsafeMutablePointer<Double>)
    /// Writes its rows' partials (see the protocol's Jacobian contract); `dfdy` is row-major `n` × `n`.
    func addJacobian(_ context: SubmodelContext, y: UnsafePointer<Double>, dfdy: UnsafeMutablePointer<Double>,
                     dimension n: Int, dfdJ: UnsafeMutablePointer<Double>)
}

extension CellSubmodel {
    /// States that start at 0 (a fresh cell has no damage, no loss).
    public func initialize(_ y: UnsafeMutablePointer<Double>, _ fresh: SubmodelInitialCondition) {
        for i in indices { y[i] = 0 }
    }
    /// Indices of its states in the cell's vector.
    public var indices: Range<Int> { firstIndex..<(firstIndex + states.count) }
    /// Its states with their indices.
    public var indexedStates: [(index: Int, state: SubmodelState)] { zip(indices, states).map { ($0, $1) } }
}

extension StateLayout {
    /// Adds the states of `submodel` and tells it where they start.
    public mutating func add<S: CellSubmodel>(_ submodel: inout S) {
        submodel.firstIndex = count
        for s in submodel.states { _ = add(s.name, scale: s.scale) }
    }
}

// MARK: Cycle-skipping limits

/// How far one block of skipped cycles (``LifeSimulator``) may extrapolate a state linearly: the point it stops short of,
/// where the state's own law changes course (a short opening, a reservoir running out, a cell without active material).
public enum CycleSkipLimit: Sendable, Equatable {
    /// No limit.
    case none
    /// A rising state stays below `ceiling` (one cycle short of it).
    case below(Double)
    /// A rising state covers at most `fraction` of the distance left to the upper end of its ``SubmodelState/bounds``.
    case fractionOfRemainingRange(Double)
    /// A falling Li reservoir (C m⁻²) stays, at its lowest in a cycle, above `nominalFraction` of the cell's nominal
    /// capacity: its value at the cycle's start less the dip of the last simulated cycle (~0 when a cycle charges first,
    /// a discharge when it discharges first).
    case reservoir(nominalFraction: Double)
}

extension SubmodelState {
    /// The same state with the cycle-skipping limit `limit`.
    public func limiting(_ limit: CycleSkipLimit) -> SubmodelState {
        var s = self
        s.skipLimit = limit
        return s
    }

    /// Cycles a block may extrapolate the state at `value` moving `perCycle` a cycle before it reaches its limit (whole
    /// cycles, one short of it; nil: unlimited). `dip`: the reservoir's fall within the last simulated cycle, C m⁻²;
    /// `nominal_C_m2`: the cell's nominal capacity.
    public func skipLimitCycles(value: Double, perCycle: Double, dip: Double, nominal_C_m2: Double) -> Double? {
        switch skipLimit {
        case .none: return nil
        case .below(let ceiling): return perCycle > 0 ? (ceiling - value) / perCycle : nil
        case .fractionOfRemainingRange(let f): return perCycle > 0 ? f * (bounds.upperBound - value) / perCycle : nil
        case .reservoir(let f): return perCycle < 0 ? (value - (dip + f * nominal_C_m2)) / -perCycle : nil
        }
    }
}
