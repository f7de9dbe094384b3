import Foundation

/// Why a cycler file gives no curves for a differential analysis; the description is the whole message.
public struct CurveSourceError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension VoltageCapacityCurve {
    /// The constant-current curves of cycles `cycles` of a cycler file's time series (nil: its first and last cycle).
    public static func measured(path: String, cycles: [Int]?) throws -> [VoltageCapacityCurve] {
        let data = try CyclerFile.read(path: path)
        guard let series = data.series else {
            throw CurveSourceError(description: "\(path): a per-cycle summary file has no voltage curves; dqdv needs a time series")
        }
        let present = data.cycles.map(\.cycle)
        let wanted = cycles ?? [present.first, present.count > 1 ? present.last : nil].compactMap { $0 }
        return try wanted.flatMap { c in
            guard present.contains(c) else {
                throw CurveSourceError(description: "\(path) has no cycle \(c); its cycles are \(present.first ?? 0)–\(present.last ?? 0)")
            }
            return curves(from: series, cycle: c)
        }
    }

    /// The constant-current curves of cycles `cycles` of a simulated CC cycle at `cRate` between the cathode's voltage
    /// limits (`celltwin dqdv --electrolyte …`). The trace is as dense as a fitted curve's (at least 400 steps per
    /// half-cycle), so dQ/dV is not read off the long steps the exact diffusion modes allow.
    public static func simulated(design: CellDesign, temperature_C: Double, cRate: Double,
                                 cycles: [Int]) throws -> [VoltageCapacityCurve] {
        let c = design.cathode
        let experiment = try Experiment.ccCycle(chargeRate: cRate, dischargeRate: cRate, minimumVoltage: c.minimumVoltage_V,
                                                maximumVoltage: c.maximumVoltage_V, cycles: max(cycles.max() ?? 1, 1))
        var simulation = SimulationOptions()
        simulation.recordTrace = true
        simulation.maxStep_s = min(simulation.maxStep_s, FitModel.curveMaximumStep_s(chargeRate: cRate, dischargeRate: cRate))
        let solution = try Simulator(design: design, temperature_C: temperature_C, options: simulation).run(experiment)
        guard let trace = solution.trace else { return [] }
        return cycles.flatMap { n in curves(from: trace, cycle: n, cathodeLoading_kg_m2: design.cathodeLoading_kg_m2) }
    }
}

extension DegradationModes {
    /// The degradation modes of the last curve against the first of the same direction (discharge preferred), with
    /// the two curves' labels; nil when no direction has two curves.
    public static func firstAgainstLast(_ curves: [VoltageCapacityCurve], cathode: Cathode, lithiumLimited: Bool) throws
        -> (modes: DegradationModes, reference: String, later: String)? {
        for d in [VoltageCapacityCurve.Direction.discharge, .charge] {
            let same = curves.filter { $0.direction == d }
            if same.count >= 2, let a = same.first, let b = same.last {
                return (try estimate(reference: a, later: b, cathode: cathode, lithiumLimited: lithiumLimited), a.label, b.label)
            }
        }
        return nil
    }
}
