import Foundation

/// A published value a scenario should reproduce (a seed measurement).
public struct ExpectedValue: Sendable, Equatable, Codable {
    public var cycle: Int
    public var temperature_C: Double
    /// One of `ExpectedValue.quantities`.
    public var quantity: String
    public var value: Double
    /// Allowed relative error (0.05 = 5 %).
    public var relativeTolerance: Double
    /// "=" (within tolerance), "<" or ">" (a published bound, e.g. "below 100 mAh/g").
    public var qualifier: String
    public var source: String

    public static let quantities = ["discharge_capacity_mAh_g", "charge_capacity_mAh_g", "coulombic_efficiency",
                                    "overpotential_V", "mean_discharge_voltage_V", "retention"]

    func simulated(in run: RunRecord) -> Double? {
        guard let c = run.cycles.first(where: { $0.cycle == cycle }) else { return nil }
        switch quantity {
        case "discharge_capacity_mAh_g": return c.discharge_capacity_mAh_g
        case "charge_capacity_mAh_g": return c.charge_capacity_mAh_g
        case "coulombic_efficiency": return c.coulombic_efficiency
        case "overpotential_V": return c.overpotential_V
        case "mean_discharge_voltage_V": return c.mean_discharge_voltage_V
        case "retention":
            // Discharge capacity relative to the first cycle.
            guard let first = run.cycles.first, first.discharge_capacity_mAh_g > 0 else { return nil }
            return c.discharge_capacity_mAh_g / first.discharge_capacity_mAh_g
        default: return nil
        }
    }
}

/// One row of a scenario's comparison with measurements.
public struct Comparison: Codable, Sendable, Equatable {
    public var cycle: Int
    public var temperature_C: Double
    public var quantity: String
    public var measured: Double
    public var simulated: Double?
    public var relative_error: Double?
    public var tolerance: Double
    public var qualifier: String
    public var within: Bool
    public var source: String
}

/// A runnable study: a cell, one or more temperatures, an experiment and the values it should reproduce.
public struct Scenario: Sendable {
    public var name: String
    public var description: String
    public var electrolyteID: String
    public var cathodeID: String
    public var loading_kg_m2: Double?
    public var electrodeArea_m2: Double?
    public var lithiumThickness_m: Double?
    public var cRateBasis_C_kg: Double?
    public var temperatures_C: [Double]
    public var initialStateOfCharge: Double?
    public var experiment: Experiment
    public var recordTrace: Bool
    public var plotCycles: [Int]
    public var expected: [ExpectedValue]

    /// Builds the cell from a model library.
    public func design(library: ModelLibrary) throws -> CellDesign {
        try library.cell(electrolyte: electrolyteID, cathode: cathodeID, loading_kg_m2: loading_kg_m2,
                         electrodeArea_m2: electrodeArea_m2, lithiumThickness_m: lithiumThickness_m,
                         cRateBasis_C_kg: cRateBasis_C_kg)
    }

    /// Runs every temperature; returns the solutions and the comparison with `expected`.
    public func run(library: ModelLibrary, options: SimulationOptions = SimulationOptions()) throws -> (solutions: [Solution], comparisons: [Comparison]) {
        let design = try design(library: library)
        var opts = options
        opts.recordTrace = opts.recordTrace || recordTrace
        if let soc = initialStateOfCharge { opts.initialStateOfCharge = soc }
        var solutions: [Solution] = []
        for t in temperatures_C {
            solutions.append(try Simulator(design: design, temperature_C: t, options: opts).run(experiment))
        }
        let runs = solutions.map(RunRecord.init)
        let comparisons = expected.map { e -> Comparison in
            let run = runs.first { abs($0.temperature_C - e.temperature_C) < 1e-9 }
            let sim = run.flatMap { e.simulated(in: $0) }
            let err = sim.map { ($0 - e.value) / e.value }
            let within: Bool
            switch e.qualifier {
            case "<": within = sim.map { $0 < e.value * (1 + e.relativeTolerance) } ?? false
            case ">": within = sim.map { $0 > e.value * (1 - e.relativeTolerance) } ?? false
            default: within = err.map { abs($0) <= e.relativeTolerance } ?? false
            }
            return Comparison(cycle: e.cycle, temperature_C: e.temperature_C, quantity: e.quantity, measured: e.value,
                              simulated: sim, relative_error: err, tolerance: e.relativeTolerance, qualifier: e.qualifier,
                              within: within, source: e.source)
        }
        return (solutions, comparisons)
    }
}
