import Foundation

/// One half-cycle's voltage against the capacity passed since its start, in time order.
///
/// `capacity` is in `capacityUnit` (Ah for cycler files, mAh/g for simulated cells) and never decreases; the
/// differential analysis is the same in any unit. A charge raises the voltage, a discharge lowers it.
public struct VoltageCapacityCurve: Sendable, Equatable {
    public enum Direction: String, Sendable, Equatable { case charge, discharge }

    public var cycle: Int
    public var direction: Direction
    public var capacity: [Double]
    public var voltage_V: [Double]
    public var capacityUnit: String
    /// Mean |current| over the curve, A (cycler files) or A m⁻² (simulated cells); nil when unknown.
    public var meanCurrent: Double?

    public init(cycle: Int, direction: Direction, capacity: [Double], voltage_V: [Double], capacityUnit: String,
                meanCurrent: Double? = nil) {
        self.cycle = cycle
        self.direction = direction
        self.capacity = capacity
        self.voltage_V = voltage_V
        self.capacityUnit = capacityUnit
        self.meanCurrent = meanCurrent
    }

    public var count: Int { min(capacity.count, voltage_V.count) }
    /// Capacity at the end of the curve.
    public var totalCapacity: Double { capacity.last ?? 0 }
    public var label: String { "cycle \(cycle) \(direction.rawValue)" }

    /// The constant-current parts of the half-cycles of `cycle` in a cycler time series: rows with current < 0
    /// (charge) or > 0 (discharge), CellTwin's sign convention, whose |I| is at least 90 % of the half-cycle's median
    /// |I| (so a CV hold or a rest does not pile capacity up at one voltage). Capacity is ∫|I| dt by the trapezoid
    /// rule, in Ah. A half-cycle with fewer than 3 such rows is left out.
    public static func curves(from series: CyclerSeries, cycle: Int) -> [VoltageCapacityCurve] {
        let rows = series.cycle.indices.filter { series.cycle[$0] == cycle }
        var out: [VoltageCapacityCurve] = []
        for direction in [Direction.charge, .discharge] {
            let sign: Double = direction == .charge ? -1 : 1
            let part = rows.filter { sign * series.current_A[$0] > 0 }
            guard part.count >= 3 else { continue }
            let magnitudes = part.map { abs(series.current_A[$0]) }.sorted()
            let median = magnitudes[magnitudes.count / 2]
            let cc = part.filter { abs(series.current_A[$0]) >= 0.9 * median }
            guard cc.count >= 3 else { continue }
            var q = [0.0], v = [series.voltage_V[cc[0]]]
            for (a, b) in zip(cc, cc.dropFirst()) {
                let dt = series.time_s[b] - series.time_s[a]
                // Rows that are not consecutive (a CV hold or rest in between) add no capacity.
                let dq = b == a + 1 ? 0.5 * (abs(series.current_A[a]) + abs(series.current_A[b])) * dt / 3600 : 0
                q.append(q[q.count - 1] + max(dq, 0))
                v.append(series.voltage_V[b])
            }
            let mean = cc.map { abs(series.current_A[$0]) }.reduce(0, +) / Double(cc.count)
            out.append(VoltageCapacityCurve(cycle: cycle, direction: direction, capacity: q, voltage_V: v, capacityUnit: "Ah",
                                            meanCurrent: mean))
        }
        return out
    }

    /// The half-cycles of `cycle` in a simulated trace, capacity in mAh/g of cathode (`cathodeLoading_kg_m2`): the
    /// parts with current below (charge) or above (discharge) zero whose |I| is at least 90 % of the part's median.
    public static func curves(from trace: Trace, cycle: Int, cathodeLoading_kg_m2: Double) -> [VoltageCapacityCurve] {
        let rows = trace.cycle.indices.filter { trace.cycle[$0] == cycle }
        var out: [VoltageCapacityCurve] = []
        let perMAhG = 1 / (3600 * cathodeLoading_kg_m2)  // C m⁻² → C kg⁻¹ → mAh g⁻¹ (1 mAh/g = 3600 C/kg)
        for direction in [Direction.charge, .discharge] {
            let sign: Double = direction == .charge ? -1 : 1
            let part = rows.filter { sign * trace.current_A_m2[$0] > 0 }
            guard part.count >= 3 else { continue }
            let magnitudes = part.map { abs(trace.current_A_m2[$0]) }.sorted()
            let median = magnitudes[magnitudes.count / 2]
            let cc = part.filter { abs(trace.current_A_m2[$0]) >= 0.9 * median }
            guard cc.count >= 3 else { continue }
            let q0 = trace.charge_C_m2[cc[0]]
            let q = cc.map { abs(trace.charge_C_m2[$0] - q0) * perMAhG }
            let mean = cc.map { abs(trace.current_A_m2[$0]) }.reduce(0, +) / Double(cc.count)
            out.append(VoltageCapacityCurve(cycle: cycle, direction: direction, capacity: q, voltage_V: cc.map { trace.voltage_V[$0] },
                                            capacityUnit: "mAh/g", meanCurrent: mean))
        }
        return out
    }
}
