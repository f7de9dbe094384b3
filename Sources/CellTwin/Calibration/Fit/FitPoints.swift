import Foundation

/// The kind of a fit point: the name of the ``Observation`` that made it (one file per kind under
/// `Calibration/Observations/`, which documents its prediction and residual).
public struct FitPointKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let conductivity = FitPointKind(rawValue: "conductivity")
    public static let activationEnergy = FitPointKind(rawValue: "activation_energy")
    public static let transference = FitPointKind(rawValue: "transference")
    public static let capacity = FitPointKind(rawValue: "capacity")
    public static let cycledCapacity = FitPointKind(rawValue: "cycled_capacity")
    public static let retention = FitPointKind(rawValue: "retention")
    public static let timeToShort = FitPointKind(rawValue: "time_to_short")
    public static let censoredShort = FitPointKind(rawValue: "censored_short")
    public static let interfaceResistance = FitPointKind(rawValue: "interface_resistance")
    public static let symmetricPolarization = FitPointKind(rawValue: "symmetric_polarization")
    public static let cyclingLife = FitPointKind(rawValue: "cycling_life")
    public static let coulombicEfficiency = FitPointKind(rawValue: "coulombic_efficiency")
    public static let criticalCurrent = FitPointKind(rawValue: "ccd")
    public static let voltageCurve = FitPointKind(rawValue: "voltage_curve")
    public static let impedance = FitPointKind(rawValue: "impedance_spectrum")
    public static let stabilityWindow = FitPointKind(rawValue: "stability_window")
    public static let melting = FitPointKind(rawValue: "melting")
    public static let overpotentialScaling = FitPointKind(rawValue: "overpotential_scaling")
}

/// A measurement row the fit uses.
public struct FitPoint: Sendable {
    public var row: MeasurementRow
    public var kind: FitPointKind
    /// Measured value in the unit of ``unit`` (E_a in kJ/mol, σ in S/cm, capacity in mAh/g, retention as a
    /// fraction, times in h).
    public var measured: Double
    public var unit: String
    /// °C the model is evaluated at (the row's, else the set-up's assumed temperature).
    public var temperature_C: Double?
    /// One-sided rows: `<` (model may be below) or `>=` (model may be above).
    public var oneSided: OneSided?
    public var weight: Double
    /// Impedance points: the measured |Z| (Ω) at the point's frequency, from its `Z_real` and `Z_imag` rows; the
    /// scale of the residual of both.
    public var modulus_ohm: Double? = nil
    /// The observation that made the point: its prediction, residual and validation comparison.
    public var observation: any Observation
    /// A protocol the row does not state but the prediction assumes, with where it comes from (reports print it).
    public var protocolNote: String? = nil
    /// °C of every test a point spans (an overpotential-scaling row: the study's test temperatures); empty otherwise.
    public var temperatures_C: [Double] = []

    public enum OneSided: String, Sendable { case atMost, atLeast }
}

/// A row the fit leaves out, with the reason.
public struct UnfittedRow: Sendable {
    public var row: MeasurementRow
    public var reason: String
}

/// Sorts measurement rows into fit points and rows the model cannot use.
public enum FitPointBuilder {
    static let unpredicted: Set<String> = ["glass_transition", "mechanical"]

    package static func build(rows: [MeasurementRow], setup: FitSetup,
                              observations: [any Observation] = Observations.standard) -> (points: [FitPoint], unfitted: [UnfittedRow]) {
        var points: [FitPoint] = [], skipped: [UnfittedRow] = []
        let moduli = impedanceModuli(rows)
        for row in rows {
            switch classify(row, table: rows, setup: setup, moduli: moduli, observations: observations) {
            case .success(let p): points.append(p)
            case .failure(let why): skipped.append(UnfittedRow(row: row, reason: why.text))
            }
        }
        return (points, skipped)
    }

    public struct Reason: Error, Sendable { public var text: String }

    /// An impedance point: the file, line and frequency its `Z_real` and `Z_imag` rows share.
    public struct ImpedancePoint: Hashable, Sendable {
        var file: String
        var line: Int
        var frequency_Hz: Double
    }

    /// |Z| (Ω) of every impedance point with both a `Z_real` and a `Z_imag` row.
    static func impedanceModuli(_ rows: [MeasurementRow]) -> [ImpedancePoint: Double] {
        var parts: [ImpedancePoint: (re: Double?, im: Double?)] = [:]
        for r in rows where r.kind == SpectrumSource.kind {
            guard let f = r.frequency_Hz, let v = r.value else { continue }
            let key = ImpedancePoint(file: r.file, line: r.line, frequency_Hz: f)
            if r.quantity == SpectrumSource.realQuantity { parts[key, default: (nil, nil)].re = v }
            if r.quantity == SpectrumSource.imaginaryQuantity { parts[key, default: (nil, nil)].im = v }
        }
        return parts.compactMapValues { p in
            guard let re = p.re, let im = p.im else { return nil }
            return (re * re + im * im).squareRoot()
        }
    }

    /// What every kind shares (a predicted kind, a weight, a number, a qualifier), then the first observation that
    /// takes the row.
    private static func classify(_ row: MeasurementRow, table: [MeasurementRow], setup: FitSetup, moduli: [ImpedancePoint: Double],
                                 observations: [any Observation]) -> Result<FitPoint, Reason> {
        func no(_ s: String) -> Result<FitPoint, Reason> { .failure(Reason(text: s)) }
        if unpredicted.contains(row.kind) { return no("the model does not predict \(row.kind.replacingOccurrences(of: "_", with: " ")) here") }
        let weight = setup.weight(row.kind)
        guard weight > 0 else { return no("weight 0 in the fit set-up") }
        // A qualitative value ("linear") goes to the observation that reads it, as NaN.
        guard let v = row.value ?? (observations.contains { $0.acceptsQualitativeValue(row) } ? .nan : nil) else {
            return no("value '\(row.valueText)' is not a number")
        }
        var side: FitPoint.OneSided?
        switch row.qualifier {
        case "=", "~", "≈": side = nil
        case "<", "<=", "≤": side = .atMost
        case ">", ">=", "≥": side = .atLeast
        default: return no("qualifier '\(row.qualifier)' not understood")
        }
        let offered = ObservationRow(row: row, value: v, side: side, weight: weight, temperature_C: row.temperature_C ?? setup.defaultTemperature_C,
                                     table: table, setup: setup, moduli: moduli)
        for o in observations {
            if let result = o.classify(offered) { return result }
        }
        return no("unknown measurement kind '\(row.kind)'")
    }
}
