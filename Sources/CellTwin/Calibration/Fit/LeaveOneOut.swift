import Foundation

/// One full-cell measurement predicted by a fit that did not see it.
public struct LeaveOneOutRow: Sendable, Codable {
    public var electrolyte: String
    public var location: String
    public var kind: String
    public var conditions: String
    public var measured: Double
    /// The twin fitted to every other row.
    public var predicted: Double
    /// The twin fitted to every row (the shipped fit), for comparison.
    public var fitted: Double
    public var unit: String
    /// Error of the left-out prediction in the kind's tolerance unit: relative for capacities (fraction),
    /// percentage points for retention.
    public var error: Double
    public var errorText: String
    public var tolerance: String
    public var within: Bool
    /// Free parameters the other rows cannot determine (the left-out row was their only data): the prediction then
    /// rests on the start value and is not counted.
    public var undetermined: [String]
}

/// Leave-one-out over the full-cell rows of a fit set-up (rate capability, early capacities, retention): each row is
/// removed in turn, the set-up is refitted from its own start values without it, and the refitted twin predicts it.
/// The errors say what the twin's predictions of unmeasured conditions are worth.
public enum LeaveOneOut {
    /// Kinds counted as full-cell points.
    public static let fullCellKinds: Set<FitPointKind> = [.capacity, .retention]
    /// Fewest full-cell points for a leave-one-out check.
    public static let minimumPoints = 4

    /// The full-cell points the set-up fits (empty when fewer than ``minimumPoints``).
    public static func candidates(_ inputs: Calibrator.Inputs) -> [FitPoint] {
        let points = FitPointBuilder.build(rows: inputs.rows, setup: inputs.setup).points.filter { fullCellKinds.contains($0.kind) }
        return points.count >= minimumPoints ? points : []
    }

    public static func run(setupPath: String, library: ModelLibrary,
                           workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [LeaveOneOutRow] {
        let inputs = try Calibrator.inputs(setupPath: setupPath, library: library)
        let left = candidates(inputs)
        guard !left.isEmpty else { return [] }
        let full = try Calibrator.run(setup: inputs.setup, base: inputs.base, rows: inputs.rows, cathodes: inputs.cathodes,
                                      anode: inputs.anode)
        return try ParallelMap.run(left.count, workers: workers) { k in try predictLeftOut(left[k], inputs: inputs, full: full) }
    }

    private static func predictLeftOut(_ p: FitPoint, inputs: Calibrator.Inputs, full: CalibrationResult) throws -> LeaveOneOutRow {
        let rows = inputs.rows.filter { !($0.file == p.row.file && $0.line == p.row.line) }
        let refit = try Calibrator.run(setup: inputs.setup, base: inputs.base, rows: rows, cathodes: inputs.cathodes, anode: inputs.anode)
        let model = FitModel(base: refit.fitted, keys: [], points: [p], setup: inputs.setup, cathodes: inputs.cathodes, anode: inputs.anode)
        let predicted = try model.predictions([])[0]
        let undetermined = refit.parameters.filter { !$0.identifiable }.map(\.key)
        let fitted = full.points.first { $0.location == p.row.location }?.model ?? .nan
        let error: Double, text: String, tolerance: String, within: Bool
        if p.kind == .retention {
            error = (predicted - p.measured) * 100
            text = String(format: "%+.1f points", error)
            tolerance = "3 points"
            within = abs(error) <= 3
        } else {
            error = predicted / p.measured - 1
            text = String(format: "%+.1f %%", error * 100)
            tolerance = "5 %"
            within = abs(error) <= 0.05
        }
        var conditions: [String] = []
        if let t = p.temperature_C { conditions.append(String(format: "%g °C", t)) }
        if let c = p.row.cathode ?? inputs.setup.cathodeID { conditions.append(c) }
        if let r = p.row.cRate { conditions.append(String(format: "%gC", r)) }
        if let n = p.row.cycle { conditions.append("cycle \(n)") }
        return LeaveOneOutRow(electrolyte: inputs.setup.electrolyteID, location: p.row.location, kind: p.row.kind,
                              conditions: conditions.joined(separator: ", "), measured: p.measured, predicted: predicted,
                              fitted: fitted, unit: p.unit, error: error, errorText: text, tolerance: tolerance, within: within,
                              undetermined: undetermined)
    }
}
