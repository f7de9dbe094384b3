import Foundation

/// Public entry point for "evaluate these measurement rows with this electrolyte and these assumptions",
/// reusing the fit's row classification (``FitPointBuilder``) and model evaluation (``FitModel``) without
/// fitting anything (`celltwin validate`).
public enum FitEvaluation {
    /// What the evaluation assumes where a row states nothing.
    public struct Assumptions: Sendable {
        /// °C for rows without a temperature (nil: such rows are not evaluated).
        public var temperature_C: Double?
        /// Cathode of full-cell rows that name none.
        public var cathodeID: String?

        public init(temperature_C: Double? = nil, cathodeID: String? = nil) {
            self.temperature_C = temperature_C
            self.cathodeID = cathodeID
        }
    }

    /// The rows the model predicts (as fit points) and those it cannot, with the reason.
    public static func points(rows: [MeasurementRow], electrolyteID: String,
                              assumptions: Assumptions) -> (points: [FitPoint], unevaluated: [UnfittedRow]) {
        let setup = FitSetup(evaluating: electrolyteID, defaultTemperature_C: assumptions.temperature_C,
                             cathodeID: assumptions.cathodeID)
        let (p, u) = FitPointBuilder.build(rows: rows, setup: setup)
        return (p, u)
    }

    /// Temperature (K) at which activation-energy points are evaluated: the mean of the conductivity points, else 25 °C.
    public static func activationTemperature_K(_ points: [FitPoint]) -> Double {
        let temps = points.filter { $0.kind == .conductivity }.compactMap(\.temperature_C)
        return Units.kelvin(celsius: temps.isEmpty ? 25 : temps.reduce(0, +) / Double(temps.count))
    }

    /// The model value of `points[index]` (in the point's unit) with `electrolyte`, exactly as the fit computes it.
    /// One call builds its own simulators, so calls may run in parallel.
    public static func predict(_ index: Int, of points: [FitPoint], electrolyte: Electrolyte, assumptions: Assumptions,
                               cathodes: [String: Cathode], anode: LithiumAnode) throws -> Double {
        let setup = FitSetup(evaluating: electrolyte.id, defaultTemperature_C: assumptions.temperature_C,
                             cathodeID: assumptions.cathodeID)
        let model = FitModel(base: electrolyte, keys: [], points: points, setup: setup, cathodes: cathodes, anode: anode)
        return try model.predict(points[index], electrolyte)
    }

    /// The simulated test behind an overpotential-scaling point, with its figures (``OverpotentialScalingObservation``).
    public static func overpotentialScaling(_ index: Int, of points: [FitPoint], electrolyte: Electrolyte, assumptions: Assumptions,
                                            cathodes: [String: Cathode], anode: LithiumAnode) throws -> OverpotentialScalingObservation.Analysis {
        let setup = FitSetup(evaluating: electrolyte.id, defaultTemperature_C: assumptions.temperature_C,
                             cathodeID: assumptions.cathodeID)
        let model = FitModel(base: electrolyte, keys: [], points: points, setup: setup, cathodes: cathodes, anode: anode)
        return try OverpotentialScalingObservation.analyse(points[index], electrolyte, model: model)
    }
}
