import Foundation

/// The loss attribution of a lifetime run up to one checkpoint of its path integral (``LifeSimulator``): the capacity
/// each mechanism has taken since the retention reference, so a chart can show when each loss happened.
public struct AttributionPoint: Sendable, Equatable {
    /// The checkpoint's cycle.
    public var cycle: Int
    /// Capacity lost to each mechanism from the reference to this checkpoint, C m⁻² (the path integral's partial sum;
    /// a mechanism that has not moved is absent).
    public var lost_C_m2: [LossMechanism: Double]
    /// Capacity lost in all, the reference minus this checkpoint's discharge capacity, C m⁻².
    public var total_C_m2: Double

    public init(cycle: Int, lost_C_m2: [LossMechanism: Double], total_C_m2: Double) {
        self.cycle = cycle
        self.lost_C_m2 = lost_C_m2
        self.total_C_m2 = total_C_m2
    }

    /// The loss no named mechanism explains so far, C m⁻² (what mechanisms do only together, and the path's error).
    public var interaction_C_m2: Double { total_C_m2 - lost_C_m2.values.reduce(0, +) }

    public func lost(_ m: LossMechanism) -> Double { lost_C_m2[m] ?? 0 }
}
