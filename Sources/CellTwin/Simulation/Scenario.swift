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
    /// The range an expected value of each quantity must lie in (lab units): bounded away from zero, so that its
    /// relative error is a number. Capacities up to 1e4 mAh/g (Li metal's 3860 is the largest of any electrode),
    /// efficiencies and retentions up to 2, voltages up to the 6 V of every input.
    public static let ranges: [String: ClosedRange<Double>] = [
        "discharge_capacity_mAh_g": 1e-3...1e4, "charge_capacity_mAh_g": 1e-3...1e4, "coulombic_efficiency": 1e-3...2,
        "overpotential_V": 1e-6...6, "mean_discharge_voltage_V": 1e-3...6, "retention": 1e-3...2,
    ]

    /// The simulated value at `cycle`; a cell that shorted before it delivers nothing (capacity and retention 0).
    func simulated(in cycles: [CycleValues], shortedBeforeEnd: Bool = false) -> Double? {
        guard let c = cycles.first(where: { $0.cycle == cycle }) else {
            let dead = ["discharge_capacity_mAh_g", "charge_capacity_mAh_g", "retention"].contains(quantity)
            if shortedBeforeEnd, dead, let last = cycles.last, last.cycle < cycle { return 0 }
            return nil
        }
        switch quantity {
        case "discharge_capacity_mAh_g": return c.discharge_mAh_g
        case "charge_capacity_mAh_g": return c.charge_mAh_g
        case "coulombic_efficiency": return c.coulombicEfficiency
        case "overpotential_V": return c.overpotential_V
        case "mean_discharge_voltage_V": return c.meanDischargeVoltage_V
        case "retention": return c.retention
        default: return nil
        }
    }
}

/// The per-cycle values a comparison can read, from a full run or a lifetime run.
struct CycleValues {
    var cycle: Int
    var discharge_mAh_g: Double
    var charge_mAh_g: Double
    var coulombicEfficiency: Double?
    var overpotential_V: Double?
    var meanDischargeVoltage_V: Double?
    /// Discharge capacity over the retention reference (``RetentionReference``; nil without one).
    var retention: Double?

    /// A full run's cycles; retention against its record's reference, the rule of a lifetime run
    /// (``RunRecord/retention_reference_mAh_g``).
    static func of(_ r: RunRecord) -> [CycleValues] {
        let reference = r.retention_reference_mAh_g ?? 0
        return r.cycles.map { CycleValues(cycle: $0.cycle, discharge_mAh_g: $0.discharge_capacity_mAh_g, charge_mAh_g: $0.charge_capacity_mAh_g,
                                          coulombicEfficiency: $0.coulombic_efficiency, overpotential_V: $0.overpotential_V,
                                          meanDischargeVoltage_V: $0.mean_discharge_voltage_V,
                                          retention: reference > 0 ? $0.discharge_capacity_mAh_g / reference : nil) }
    }

    /// A lifetime run's cycles, with its own retention (``LifeResult/retention(_:)``).
    static func of(_ r: LifeRecord) -> [CycleValues] {
        r.cycles.map { CycleValues(cycle: $0.cycle, discharge_mAh_g: $0.discharge_capacity_mAh_g, charge_mAh_g: $0.charge_capacity_mAh_g,
                                   coulombicEfficiency: $0.coulombic_efficiency, overpotential_V: $0.overpotential_V,
                                   meanDischargeVoltage_V: nil, retention: r.retention_reference_mAh_g > 0 ? $0.retention : nil) }
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
    /// End-of-life condition (retention); runs to it use the lifetime runner.
    public var endOfLife: Double?
    /// Where the temperatures are written (file, line, key), so a temperature outside the electrolyte's own range
    /// (known only once the model is loaded) is named there; nil for a scenario built in code.
    public var temperatureSource: (file: String, line: Int?, key: String)? = nil
    /// Experiments with at least this many cycles run with the lifetime runner (cycle skipping).
    public static let lifetimeCycles = 100

    /// Whether `run` uses the lifetime runner (degradation, cycle skipping, attribution).
    public var isLifetime: Bool { endOfLife != nil || experiment.cycleCount >= Self.lifetimeCycles }

    /// Builds the cell from a model library.
    public func design(library: ModelLibrary) throws -> CellDesign {
        try library.cell(electrolyte: electrolyteID, cathode: cathodeID, loading_kg_m2: loading_kg_m2,
                         electrodeArea_m2: electrodeArea_m2, lithiumThickness_m: lithiumThickness_m,
                         cRateBasis_C_kg: cRateBasis_C_kg)
    }

    /// The result of a scenario: full solutions (short experiments) or lifetime results, and the
    /// comparison with the measurements it lists.
    public struct Result: Sendable {
        public var solutions: [Solution]
        public var lives: [LifeResult]
        public var comparisons: [Comparison]
    }

    /// Runs every temperature and compares with `expected`.
    /// - Parameter exact: lifetime runs simulate every cycle (no cycle skipping).
    public func run(library: ModelLibrary, options: SimulationOptions = SimulationOptions(), exact: Bool = false) throws -> Result {
        let design = try design(library: library)
        if let source = temperatureSource {
            let range = design.electrolyte.validTemperatureRange_K
            for t in temperatures_C where !range.contains(Units.kelvin(celsius: t)) {
                throw InputError(file: source.file, line: source.line, key: source.key, message: String(
                    format: "%g °C is outside where electrolyte %@ is defined (%g to %g °C)", t, design.electrolyte.id,
                    Units.celsius(kelvin: range.lowerBound), Units.celsius(kelvin: range.upperBound)))
            }
        }
        var opts = options
        opts.recordTrace = opts.recordTrace || recordTrace
        if let soc = initialStateOfCharge { opts.initialStateOfCharge = soc }
        var solutions: [Solution] = []
        var lives: [LifeResult] = []
        var cyclesByTemperature: [(Double, [CycleValues])] = []
        var shorted: Set<Double> = []
        for t in temperatures_C {
          do {
            if isLifetime {
                var life = LifeOptions()
                life.exact = exact
                life.threshold = endOfLife ?? 1e-6
                life.maxCycles = experiment.blocks.last?.repeatCount ?? 1
                let r = try LifeSimulator(design: design, temperature_C: t, options: life, simulation: opts).run(experiment)
                lives.append(r)
                let record = LifeRecord(r)
                if r.end.isShortCircuit { shorted.insert(t) }
                cyclesByTemperature.append((t, CycleValues.of(record)))
            } else {
                let s = try Simulator(design: design, temperature_C: t, options: opts).run(experiment)
                solutions.append(s)
                let record = RunRecord(s)
                if s.status.isShortCircuit { shorted.insert(t) }
                cyclesByTemperature.append((t, CycleValues.of(record)))
            }
          } catch var f as SimulationFailure {
            f.context = String(format: "scenario '%@', ", name) + (f.context ?? String(format: "at %g °C", t))
            throw f
          }
        }
        let comparisons = expected.map { e -> Comparison in
            let cycles = cyclesByTemperature.first { abs($0.0 - e.temperature_C) < 1e-9 }?.1 ?? []
            let sim = e.simulated(in: cycles, shortedBeforeEnd: shorted.contains { abs($0 - e.temperature_C) < 1e-9 })
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
        return Result(solutions: solutions, lives: lives, comparisons: comparisons)
    }
}
