import Foundation

/// Voltage at a capacity (mAh/g) along a measured CC half-cycle (`[[curve]]`): the model's CC charge then discharge
/// at the row's C-rate, simulated once per electrolyte and test (cathode, T, C-rate) for all points of a curve and
/// interpolated in capacity (beyond the model's own end of the half-cycle, its cut-off voltage); residual
/// (V_model − V)/20 mV.
public struct VoltageCurveObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .voltageCurve }
    public var toleranceText: String { "20 mV" }
    /// Tolerance of a point on a voltage curve, V.
    public static let tolerance_V = 0.02

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "voltage_curve" else { return nil }
        guard o.row.unit == "V", o.row.specificCapacity_mAh_g != nil,
              o.row.quantity == "discharge_voltage" || o.row.quantity == "charge_voltage" else {
            return o.no("\(o.row.quantity) (\(o.row.unit)) is not a point of a charge or discharge curve")
        }
        guard o.row.cRate != nil else { return o.no("no C-rate") }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        return o.point(kind, o.value, "V", o.temperature_C, by: self)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        let runs = model.curveRuns
        let test = CurveRunMemo.Test(cathode: p.row.cathode ?? model.setup.cathodeID ?? "LFP", temperature_C: p.temperature_C ?? 25,
                                     cRate: p.row.cRate ?? 0.1, discharge: p.row.quantity == "discharge_voltage")
        if runs.electrolyte != e {
            runs.electrolyte = e
            runs.curves = [:]
        }
        if runs.curves[test] == nil {
            let d = try model.design(p, e)
            let s = try model.ccCycle(d, temperature_C: test.temperature_C, chargeRate: test.cRate, dischargeRate: test.cRate, trace: true)
            guard let trace = s.trace, let chargeStep = trace.step.first else { return .nan }
            // The first step is the charge, the next the discharge; capacity from the step's start, mAh/g.
            let step = test.discharge ? chargeStep + 1 : chargeStep
            let k = trace.step.indices.filter { trace.step[$0] == step }
            guard let first = k.first else { return .nan }
            let q = k.map { d.mAh_g(abs(trace.charge_C_m2[$0] - trace.charge_C_m2[first])) }
            runs.curves[test] = (q, k.map { trace.voltage_V[$0] })
        }
        guard let curve = runs.curves[test], let capacity = p.row.specificCapacity_mAh_g else { return .nan }
        return VoltageCurve.voltage(at: capacity, capacities: curve.capacity_mAh_g, voltages: curve.voltage_V)
    }

    public func residual(_ p: FitPoint, model: Double) -> Double { (model - p.measured) / Self.tolerance_V }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        let error = predicted - p.measured
        return .sided(p, predicted, error: error, slack: Self.tolerance_V, errorText: String(format: "%+.1f mV", error * 1000),
                      tolerance: "20 mV")
    }
}
