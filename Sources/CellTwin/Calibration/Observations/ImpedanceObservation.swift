import Foundation

/// Li|E|Li impedance at the row's frequency (Ω, the set-up's electrode area): Re Z (`Z_real`) or signed Im Z
/// (`Z_imag`) of ``CellImpedanceModel/symmetric(electrolyte:temperature_K:assumptions:)`` with the default impedance
/// assumptions; residual (model − measured)/(0.02·|Z_measured|), both parts weighted by the measured modulus at that
/// frequency (rows come from `[[spectrum]]` tables).
public struct ImpedanceObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .impedance }
    public var toleranceText: String { "2 % of |Z|" }
    public var isSimulated: Bool { false }
    /// Tolerance of impedance points, a fraction of the measured |Z| at the frequency.
    public static let tolerance = 0.02

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == SpectrumSource.kind else { return nil }
        guard [SpectrumSource.realQuantity, SpectrumSource.imaginaryQuantity].contains(o.row.quantity), o.row.unit == "ohm" else {
            return o.no("\(o.row.quantity) (\(o.row.unit)) is not Z_real or Z_imag in ohm")
        }
        guard let f = o.row.frequency_Hz, f > 0 else { return o.no("no frequency (impedance rows come from [[spectrum]] tables)") }
        guard let z = o.moduli[FitPointBuilder.ImpedancePoint(file: o.row.file, line: o.row.line, frequency_Hz: f)], z > 0 else {
            return o.no("no Z_real and Z_imag pair at this frequency (|Z| scales the residual)")
        }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        return o.point(kind, o.value, "ohm", o.temperature_C, by: self, modulus: z)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        guard let f = p.row.frequency_Hz else { return .nan }
        let cell = try CellImpedanceModel.symmetric(electrolyte: e, temperature_K: Units.kelvin(celsius: p.temperature_C ?? 25))
        let z = cell.circuit.impedance(frequency_Hz: f, parameters: cell.parameters)
        return p.row.quantity == SpectrumSource.imaginaryQuantity ? z.im : z.re
    }

    public func residual(_ p: FitPoint, model: Double) -> Double {
        (model - p.measured) / (Self.tolerance * (p.modulus_ohm ?? abs(p.measured)))
    }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        let error = (predicted - p.measured) / (p.modulus_ohm ?? abs(p.measured))
        return .sided(p, predicted, error: error, slack: Self.tolerance, errorText: String(format: "%+.1f %% of |Z|", error * 100),
                      tolerance: "2 % of |Z|")
    }
}
