import Foundation

/// Apparent activation energy of the conductivity law at the mean temperature of the conductivity rows (kJ/mol;
/// rows in eV or J/mol are converted, and reported back in their own unit); relative residual (tol 10 %).
public struct ActivationEnergyObservation: Observation {
    public init() {}
    public var kind: FitPointKind { .activationEnergy }
    public var toleranceText: String { "10 %" }
    public var isSimulated: Bool { false }
    /// kJ/mol per eV (F/1000).
    static let kJ_mol_per_eV = 96.485

    public func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "activation_energy" else { return nil }
        let kJ: Double
        switch o.row.unit {
        case "eV": kJ = o.value * Self.kJ_mol_per_eV
        case "kJ/mol": kJ = o.value
        case "J/mol": kJ = o.value / 1000
        default: return o.no("unit '\(o.row.unit)' of an activation energy (use eV or kJ/mol)")
        }
        return o.point(kind, kJ, "kJ/mol", nil, by: self)
    }

    public func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        e.conductivity.apparentActivationEnergy_J_mol(at: model.activationTemperature_K) / 1000
    }

    public func residual(_ p: FitPoint, model: Double) -> Double { (model - p.measured) / (0.10 * p.measured) }

    public func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison {
        // Report in the row's own unit (E_a quoted in eV stays in eV).
        let eV = p.row.unit == "eV"
        var c = ObservationComparison.relative(p, predicted, slack: 0.10)
        if eV {
            c.measured = p.measured / Self.kJ_mol_per_eV
            c.predicted = predicted / Self.kJ_mol_per_eV
            c.unit = "eV"
        }
        return c
    }
}
