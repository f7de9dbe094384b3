import CellTwin
import Foundation

/// `celltwin bench` workload `fit-aging-5p-1000`: a full-cell aging fit with five free parameters over 1,000-cycle
/// lifetime simulations.
///
/// Design: synthetic retention data (cycles 50, 100, …, 1000 at 30 and 60 °C and 0.5C, and at 60 °C and 0.2C;
/// LFP 15 mg/cm² | CPCSE | 20 µm Li) are made by the lifetime simulator with a known parameter set, with a
/// deterministic ±0.1 % (absolute) pattern added; the fit starts a factor 2 (rates) or 15–20 kJ/mol (activation
/// energies) from the truth and frees five aging parameters: contact loss and its activation energy, SEI growth per
/// plated charge and its activation energy, and calendar SEI growth. Two temperatures make the activation energies
/// identifiable; the slower test separates growth per unit time from growth per plated charge (at one C-rate the
/// two are proportional); contact loss (linear) and SEI growth (resistance, accelerating) give different curve
/// shapes. The lifetime runs skip cycles on a fixed schedule (smooth in the parameters) and the Jacobian's columns
/// are simulated in parallel. The SEI valley has a local minimum: the fit is multi-start (``starts``), and each start
/// stops once χ² no longer falls beyond its noise (``Calibrator/lifetimeChiSquareChangePerResidual``).
public enum AgingFitBenchmark {
    public static let name = "fit-aging-5p-1000"

    public struct Parameter: Codable, Sendable {
        public var key: String
        public var truth: Double
        public var start: Double
        public var fitted: Double
        public var interval_low: Double?
        public var interval_high: Double?
        public var truth_inside_interval: Bool
    }

    public struct Result: Codable, Sendable {
        public var name: String
        public var seconds: Double
        /// Lifetime simulations run by the fit (one per temperature and parameter vector).
        public var simulations: Int
        public var iterations: Int
        /// Starts of the multi-start fit (the iterations are the best start's).
        public var starts: Int
        public var points: Int
        public var cycles_per_simulation: Int
        public var residual_rms: Double
        public var convergence: String
        public var parameters: [Parameter]
        public var all_truths_inside_95_percent_intervals: Bool
    }

    /// Key, true value, start value (lab units of the model file).
    static let truth: [(String, Double, Double)] = [
        ("aging.contact_loss_per_cycle", 1e-4, 2e-4),
        ("aging.contact_loss_activation_energy_kJ_mol", 30, 50),
        ("aging.sei_plating_growth_ohm2_cm4_per_mAh_cm2", 100, 50),
        ("aging.sei_activation_energy_kJ_mol", 40, 25),
        ("aging.sei_calendar_growth_ohm2_cm4_h", 20, 40),
    ]
    /// The tests (temperature °C, C-rate): three temperatures for the activation energies, and a slower test at
    /// 60 °C that separates growth per unit time (calendar) from growth per plated charge.
    static let tests: [(Double, Double)] = [(30, 0.5), (60, 0.5), (60, 0.2)]
    static let cycles = Array(stride(from: 50, through: 1000, by: 50))
    /// Starts of the multi-start fit.
    static let starts = 3
    /// Li foil, m: enough excess Li that the inventory never runs out within 1,000 cycles.
    static let lithiumThickness_m = 20e-6

    public static func run(library: ModelLibrary) throws -> Result {
        var cathodes: [String: Cathode] = [:]
        for id in library.cathodeIDs { cathodes[id] = try library.cathode(id) }
        let anode = try library.lithiumAnode()
        let keys = truth.map { FitParameterRegistry.key($0.0)! }
        var setup = FitSetup(path: name, electrolyteID: "CPCSE",
                             free: zip(keys, truth).map { FreeParameter(key: $0, initial: $1.2, lower: nil, upper: nil) },
                             histories: [], cathodeID: "LFP")
        setup.lithiumThickness_m = lithiumThickness_m
        // From the single start the path can end in a local minimum of the SEI valley (calendar against per-charge
        // growth); the best of three starts (the given one and two perturbed by a factor ~e) finds the truth.
        setup.starts = starts
        setup.cathodeLoading_kg_m2 = Units.kg_m2(mg_cm2: 15)
        var base = try library.electrolyte("CPCSE")
        base.shortLaw.referenceTime_s = .infinity
        base.shortLaw.criticalCharge_C_m2 = .infinity
        base.voidLaw.voidCharge_C_m2 = .infinity
        var rows: [MeasurementRow] = []
        for (t, rate) in tests {
            for n in cycles {
                rows.append(MeasurementRow(
                    file: name, line: rows.count + 2, source: "synthetic", electrolyte: "CPCSE", kind: "cycling_retention",
                    cathode: "LFP", temperature_C: t, cRate: rate, current_mA_cm2: nil, arealCapacity_mAh_cm2: nil, cycle: n,
                    time_h: nil, quantity: "retention", valueText: "1", value: 1, unit: "fraction", qualifier: "=", note: ""))
            }
        }
        // The data: the model with the true parameters, plus a ±0.1 % pattern.
        let points = FitPointBuilder.build(rows: rows, setup: setup).points
        let maker = FitModel(base: base, keys: keys, points: points, setup: setup, cathodes: cathodes, anode: anode)
        let exact = try maker.predictions(truth.map(\.1))
        let pattern = [0.8, -0.9, 0.4, -0.6, 1.0, -0.3, 0.2, -1.0]
        for i in rows.indices {
            let v = exact[i] + 1e-3 * pattern[i % pattern.count]
            rows[i].value = v
            rows[i].valueText = "\(v)"
        }
        let clock = Date()
        let fit = try Calibrator.run(setup: setup, base: base, rows: rows, cathodes: cathodes, anode: anode)
        let seconds = Date().timeIntervalSince(clock)
        let parameters = zip(truth, fit.parameters).map { t, p in
            Parameter(key: t.0, truth: t.1, start: t.2, fitted: p.value, interval_low: p.interval_low, interval_high: p.interval_high,
                      truth_inside_interval: p.interval_low.map { $0 <= t.1 } == true && p.interval_high.map { t.1 <= $0 } == true)
        }
        return Result(name: name, seconds: seconds, simulations: fit.simulations, iterations: fit.iterations, starts: starts, points: fit.points.count,
                      cycles_per_simulation: cycles.last!, residual_rms: fit.residualRMS, convergence: fit.convergence,
                      parameters: parameters, all_truths_inside_95_percent_intervals: parameters.allSatisfy(\.truth_inside_interval))
    }
}
