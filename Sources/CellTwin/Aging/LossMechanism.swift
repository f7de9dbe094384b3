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
    /// the capacity change. The anode's Li (`iLithium`) is a reservoir, not a loss: it moves with the electrical
    /// state of charge and only as the counterpart of the Li lost.
    public var agingStateMechanisms: [AgingStateRole] {
        [AgingStateRole(iSEISquared, .resistance), AgingStateRole(iCEI, .resistance), AgingStateRole(iVoid, .resistance),
         AgingStateRole(iOxidation, .resistance),
         AgingStateRole(iLithiumLost, .lithiumInventory, returnsTo: iLithium),
         AgingStateRole(iLAM, .activeMaterial), AgingStateRole(iDamage, .short)]
    }
}

/// The capacity that retention is measured against.
public enum RetentionReference {
    /// Cycles whose largest discharge capacity is the reference.
    public static let cycles = 5

    /// Index (into `capacities`) and value of the largest of the first ``cycles`` capacities; nil when empty.
    /// A start-up transient (a slow cathode delivering less in its first cycle than in the next) then cannot put
    /// retention above 1.
    public static func pick(_ capacities: some Collection<Double>) -> (index: Int, capacity: Double)? {
        var best: (index: Int, capacity: Double)?
        for (i, q) in capacities.prefix(cycles).enumerated() where best == nil || q > best!.capacity {
            best = (i, q)
        }
        return best
    }
}
