import Foundation

/// A way a cell loses discharge capacity, as the loss attribution of a lifetime run names it (DOMAIN A4).
public enum LossMechanism: String, CaseIterable, Sendable, Codable {
    /// Interphase resistance growth (Li side and cathode side, Li contact lost to voids, the passivating oxidation
    /// charge behind the CEI): the cut-off voltage is reached earlier.
    case resistance
    /// Li lost to inefficiency: less Li to cycle once the excess Li is used up.
    case lithiumInventory
    /// Loss of cathode active material (including contact loss).
    case activeMaterial
    /// Short-circuit damage.
    case short

    /// A name that is not a mechanism's, quoted with the names that are.
    public struct UnknownName: Error, CustomStringConvertible, Equatable {
        public var name: String
        public var description: String {
            "unknown loss mechanism '\(name)' (known: \(LossMechanism.allCases.map(\.rawValue).joined(separator: ", ")))"
        }
    }

    /// Reads a mechanism from the name the attribution writes; any other name is an ``UnknownName``.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let m = LossMechanism(rawValue: name) else { throw UnknownName(name: name) }
        self = m
    }
}

/// A degradation state and the mechanism it belongs to.
public struct AgingStateRole: Sendable, Equatable {
    /// Index of the state in the model's state vector.
    public var index: Int
    public var mechanism: LossMechanism
    /// A state that takes back this state's change when the mechanism is undone (Li lost returns to the anode's
    /// reservoir), or nil. Undoing a change Δ of state `index` adds −Δ to `index` and +Δ to `returnsTo`.
    public var returnsTo: Int?

    public init(_ index: Int, _ mechanism: LossMechanism, returnsTo: Int? = nil) {
        self.index = index
        self.mechanism = mechanism
        self.returnsTo = returnsTo
    }
}

extension FullCellModel {
    /// The degradation states grouped by mechanism, for the loss attribution of ``LifeSimulator``: moving a
    /// mechanism's states (and their `returnsTo` counterparts) alone along their change is that mechanism's share of
    /// the capacity change. Declared by the aging submodels (``SubmodelState/mechanism``): the anode's Li is a
    /// reservoir, not a loss; it moves with the electrical state of charge and only as the counterpart of the Li lost.
    public var agingStateMechanisms: [AgingStateRole] {
        agingStates.compactMap { i, state in
            state.mechanism.map { AgingStateRole(i, $0, returnsTo: state.returnsTo.flatMap(layout.index(of:))) }
        }
    }

    /// The declaration of the aging state at `index` (nil for an electrical state).
    public func agingState(at index: Int) -> SubmodelState? {
        agingStates.first { $0.index == index }?.state
    }

    /// The scale against which cycle skipping judges the extrapolation error of state `index` at `state`
    /// (``SubmodelState/skipScale``; 1 for a state without a declaration).
    public func cycleSkipScale(_ index: Int, state: UnsafePointer<Double>) -> Double {
        switch agingState(at: index)?.skipScale ?? .unit {
        case .ownValue(let floor): return max(state[index], floor)
        case .nominalCapacity: return design.nominalCapacity_C_m2
        case .seriesResistance(let floor): return max(seriesASR_ohm_m2(state), floor)
        case .unit: return 1
        }
    }
}

/// The capacity that retention is measured against.
public enum RetentionReference {
    /// Cycles whose largest discharge capacity is the reference, at least.
    public static let cycles = 5
    /// Most reference cycles a slow electrolyte or cathode can ask for (``cycles(slowestTime_s:cycleDuration_s:)``).
    public static let maximumCycles = 50
    /// ln(1/ε): the reference window lasts until the cell's slowest electrical transient is down to ε = 1 % of its start.
    static let settledLogFraction = log(100.0)

    /// Reference cycles for a cell whose slowest electrical mode decays with time constant τ (the salt's L²/(π²D), or the
    /// cathode particles' slowest diffusion mode) and whose aging cycle lasts T: max(``cycles``, ⌈ln(100)·τ/T⌉), at most
    /// ``maximumCycles``.
    ///
    /// From a relaxed, assembled cell the concentration profiles reach their periodic (cycle-to-cycle) state only after
    /// a few τ: a cycle that charges and then discharges leaves its last half-cycle's polarization less decayed than
    /// the first's, so each mode zₖ settles as z*(1 − e^{−nλₖT}) over cycles n (variation of constants; DOMAIN B §2.4).
    /// The capacity follows that settling. A thick polymer at 60 °C (ANP-C-1.0K: τ = 14 h, T = 4.5 h at 0.5C) gains 0.2 %
    /// between cycles 5 and 20 that way, which the five-cycle reference counted as retention above 1. Taking the
    /// reference over the settling puts what remains of it below 1 % of its start.
    public static func cycles(slowestTime_s tau: Double, cycleDuration_s t: Double) -> Int {
        guard tau.isFinite, tau > 0, t.isFinite, t > 0 else { return cycles }
        let n = (settledLogFraction * tau / t).rounded(.up)
        return n >= Double(maximumCycles) ? maximumCycles : max(cycles, Int(n))
    }

    /// Rise of a cycle's discharge over the largest before it, relative, above which the reference window is still
    /// settling (``extends(capacity_C_m2:largestBefore_C_m2:)``).
    public static let settledRise = 1e-4
    /// Most cycles a window extended by ``extends(capacity_C_m2:largestBefore_C_m2:)`` can take: ANP-C-2.0K | LFP at 35 °C
    /// and 0.1C (semicrystalline, η ≈ 0.6 V) delivers 26 % of its settled capacity in cycle 1 and rises by less than 1e-4
    /// per cycle only after ~85 cycles (retention 1.0197 against a window of 50).
    public static let maximumExtendedCycles = 200

    /// Whether a window whose last cycle delivered `capacity_C_m2` after a largest discharge of `largestBefore_C_m2` before
    /// it takes one more cycle: while that cycle rose by more than ``settledRise``.
    ///
    /// The time constant bound of ``cycles(slowestTime_s:cycleDuration_s:)`` covers the linear settling of the
    /// concentration modes. A cycle limited by its cut-offs under a large polarization settles through the cycle map
    /// instead: each half-cycle starts where the last one stopped, and the stoichiometry window the cut-offs leave
    /// converges geometrically at the map's own rate. LiPMCE-0.16 | LFP at 0 °C and 0.1C (η ≈ 0.4 V, τ = 5.4 h, T ≈ 20 h:
    /// five cycles) still gains 0.26, 0.07, 0.02 % in cycles 6–8 (a ratio of ~0.27 per cycle; retention 1.0028 at
    /// cycle 7 against five cycles). Extending the window while a cycle rises by more than 1e-4 leaves at most
    /// 1e-4·r/(1 − r) of rise for a ratio r, below 1e-3 for r < 0.9; the window then ends where the rise per cycle has
    /// fallen below 1e-4, at most ``maximumExtendedCycles`` cycles (past the linear modes' cap, ``maximumCycles``).
    public static func extends(capacity_C_m2: Double, largestBefore_C_m2: Double) -> Bool {
        largestBefore_C_m2 > 0 && capacity_C_m2 > largestBefore_C_m2 * (1 + settledRise)
    }

    /// Cycles of the retention reference's window over a run's discharge capacities (C m⁻², from the first cycle it covers):
    /// ``cycles(slowestTime_s:cycleDuration_s:)`` of the cell's slowest electrical mode and that first cycle's duration,
    /// then one more cycle while the window's last cycle still rose (``extends(capacity_C_m2:largestBefore_C_m2:)``), at
    /// most ``maximumExtendedCycles``. The one rule of every retention: a lifetime run applies it cycle by cycle as it
    /// simulates (``LifeSimulator``), a full run's record to its cycles (``RunRecord``).
    public static func window(_ capacities: some Collection<Double>, slowestTime_s: Double, firstCycleDuration_s: Double) -> Int {
        var n = cycles(slowestTime_s: slowestTime_s, cycleDuration_s: firstCycleDuration_s)
        var largest = 0.0
        for (k, q) in capacities.enumerated() {
            guard k < n else { break }
            let before = largest
            largest = max(largest, q)
            if k + 1 == n, n < maximumExtendedCycles, extends(capacity_C_m2: q, largestBefore_C_m2: before) { n += 1 }
        }
        return n
    }

    /// Index (into `capacities`) and value of the largest of the first `count` (default ``cycles``) capacities; nil
    /// when empty. A start-up transient (a slow cathode delivering less in its first cycle than in the next, an
    /// electrolyte whose salt profile settles over several cycles) then cannot put retention above 1.
    public static func pick(_ capacities: some Collection<Double>, cycles count: Int = cycles) -> (index: Int, capacity: Double)? {
        var best: (index: Int, capacity: Double)?
        for (i, q) in capacities.prefix(max(count, 1)).enumerated() where best == nil || q > best!.capacity {
            best = (i, q)
        }
        return best
    }
}
