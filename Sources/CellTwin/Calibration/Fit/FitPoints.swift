import Foundation

/// What the model predicts for one measurement row, and how the residual is formed.
public enum FitPointKind: String, Sendable, Codable {
    /// σ at T; residual ln(σ_model/σ)/tol (tol 5 %).
    case conductivity
    /// Apparent E_a of the law at the mean conductivity temperature; relative residual (tol 10 %).
    case activationEnergy = "activation_energy"
    /// t₊; absolute residual (tol 0.02).
    case transference
    /// Full-cell discharge capacity (mAh/g) at the row's rate; relative residual (tol 5 %).
    case capacity
    /// Retention at the row's cycle (LifeSimulator); absolute residual (tol 0.03).
    case retention
    /// Li|Li time to short (h); residual ln(t_model/t)/ln 2.
    case timeToShort = "time_to_short"
    /// Censored Li|Li test (h, `>=`): max(0, ln(t_censor/t_model))/ln 2.
    case censoredShort = "censored_short"
    /// Li|E|Li interface resistance (Ω, both interfaces, the study's electrode area), fresh or after storage;
    /// residual ln(R_model/R)/ln 1.2.
    case interfaceResistance = "interface_resistance"
    /// Li|Li polarization |V| at the end of the last half-cycle of a galvanostatic test; residual
    /// ln(V_model/V)/ln 1.25.
    case symmetricPolarization = "symmetric_polarization"
    /// Full-cell cycle life: cycles until a short or 80 % retention (lifetime simulator); residual
    /// ln(N_model/N)/ln 1.2.
    case cyclingLife = "cycling_life"
    /// Full-cell coulombic efficiency, the mean of cycles 2…N of the lifetime run (N the row's cycle); residual
    /// ln((1 − CE_model)/(1 − CE))/ln 1.2: what a CE measures is the charge lost per cycle.
    case coulombicEfficiency = "coulombic_efficiency"
    /// Li|Li critical current density of a step test (mA/cm², steps of ``FitModel/criticalCurrentStep_mA_cm2``),
    /// continuous in the parameters (``FitModel`` `criticalCurrent`); residual (model − CCD)/step.
    /// `celltwin validate` runs the step test itself.
    case criticalCurrent = "ccd"
    /// Voltage at a capacity (mAh/g) along a measured CC half-cycle (`[[curve]]`): the model's CC charge then
    /// discharge at the row's C-rate, interpolated in capacity; residual (V_model − V)/20 mV.
    case voltageCurve = "voltage_curve"
    /// Li|E|Li impedance at the row's frequency (Ω, the set-up's electrode area): Re Z (`Z_real`) or signed Im Z
    /// (`Z_imag`) of ``CellImpedanceModel/symmetric(electrolyte:temperature_K:assumptions:)``; residual
    /// (model − measured)/(0.02·|Z_measured|), both parts weighted by the measured modulus at that frequency.
    case impedance = "impedance_spectrum"
    /// Melting temperature of the crystalline phase (°C): T_m of a `two-regime` or `two-regime-vft` law; absolute
    /// residual (tol 3 K). A law without a crystalline phase predicts nothing (NaN).
    case melting

    /// Predicted by lifetime runs (hundreds of cycles): the fit's Jacobian then takes larger, parallel steps.
    public var usesLifetimeRuns: Bool { self == .retention || self == .cyclingLife || self == .coulombicEfficiency }

    /// Residual per unit of misfit that counts as one tolerance.
    public var toleranceText: String {
        switch self {
        case .conductivity: return "5 % (log)"
        case .activationEnergy: return "10 %"
        case .transference: return "0.02"
        case .capacity: return "5 %"
        case .retention: return "3 points"
        case .timeToShort, .censoredShort: return "factor 2 (log)"
        case .interfaceResistance: return "20 % (log)"
        case .symmetricPolarization: return "25 % (log)"
        case .cyclingLife: return "20 % (log)"
        case .coulombicEfficiency: return "20 % of 1 − CE (log)"
        case .criticalCurrent: return "one step (0.05 mA/cm²)"
        case .voltageCurve: return "20 mV"
        case .impedance: return "2 % of |Z|"
        case .melting: return "3 K"
        }
    }
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

    public enum OneSided: String, Sendable { case atMost, atLeast }
}

/// A row the fit leaves out, with the reason.
public struct UnfittedRow: Sendable {
    public var row: MeasurementRow
    public var reason: String
}

/// Sorts measurement rows into fit points and rows the model cannot use.
enum FitPointBuilder {
    static let unpredicted: Set<String> = ["glass_transition", "mechanical", "stability_window", "overpotential_scaling"]

    static func build(rows: [MeasurementRow], setup: FitSetup) -> (points: [FitPoint], unfitted: [UnfittedRow]) {
        var points: [FitPoint] = [], skipped: [UnfittedRow] = []
        let moduli = impedanceModuli(rows)
        for row in rows {
            switch classify(row, setup: setup, moduli: moduli) {
            case .success(let p): points.append(p)
            case .failure(let why): skipped.append(UnfittedRow(row: row, reason: why.text))
            }
        }
        return (points, skipped)
    }

    struct Reason: Error { var text: String }

    /// An impedance point: the file, line and frequency its `Z_real` and `Z_imag` rows share.
    struct ImpedancePoint: Hashable {
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

    private static func classify(_ row: MeasurementRow, setup: FitSetup,
                                 moduli: [ImpedancePoint: Double]) -> Result<FitPoint, Reason> {
        func no(_ s: String) -> Result<FitPoint, Reason> { .failure(Reason(text: s)) }
        if unpredicted.contains(row.kind) { return no("the model does not predict \(row.kind.replacingOccurrences(of: "_", with: " ")) here") }
        let weight = setup.weight(row.kind)
        guard weight > 0 else { return no("weight 0 in the fit set-up") }
        guard let v = row.value else { return no("value '\(row.valueText)' is not a number") }
        var side: FitPoint.OneSided?
        switch row.qualifier {
        case "=", "~", "≈": side = nil
        case "<", "<=", "≤": side = .atMost
        case ">", ">=", "≥": side = .atLeast
        default: return no("qualifier '\(row.qualifier)' not understood")
        }
        let t = row.temperature_C ?? setup.defaultTemperature_C
        func point(_ kind: FitPointKind, _ measured: Double, _ unit: String, _ temperature: Double?,
                   modulus: Double? = nil) -> Result<FitPoint, Reason> {
            .success(FitPoint(row: row, kind: kind, measured: measured, unit: unit, temperature_C: temperature,
                              oneSided: side, weight: weight, modulus_ohm: modulus))
        }
        let noTemperature = "no temperature (add temperature_C to [assumptions])"
        switch row.kind {
        case "conductivity":
            guard row.quantity == "sigma", row.unit == "S/cm", v > 0 else { return no("quantity \(row.quantity) (\(row.unit)) is not a conductivity in S/cm") }
            guard let T = row.temperature_C else { return no("no temperature") }
            return point(.conductivity, v, "S/cm", T)
        case "activation_energy":
            let kJ: Double
            switch row.unit {
            case "eV": kJ = v * 96.485
            case "kJ/mol": kJ = v
            case "J/mol": kJ = v / 1000
            default: return no("unit '\(row.unit)' of an activation energy (use eV or kJ/mol)")
            }
            return point(.activationEnergy, kJ, "kJ/mol", nil)
        case "melting":
            guard row.unit == "C", v.isFinite else { return no("\(row.quantity) (\(row.unit)) is not a temperature in C") }
            return point(.melting, v, "°C", nil)
        case "transference":
            guard v > 0, v <= 1 else { return no("t+ \(v) outside (0, 1]") }
            return point(.transference, v, "", row.temperature_C)
        case "rate_capability", "cycling_capacity":
            guard row.quantity == "discharge_capacity", row.unit == "mAh/g" else { return no("\(row.quantity) is not a discharge capacity in mAh/g") }
            guard row.cRate != nil else { return no("no C-rate") }
            if let c = row.cycle, c > 10 { return no("capacity after \(c) cycles: fit it as cycling_retention") }
            guard t != nil else { return no(noTemperature) }
            guard row.cathode ?? setup.cathodeID != nil else { return no("no cathode (add cathode to [assumptions])") }
            return point(.capacity, v, "mAh/g", t)
        case "cycling_retention":
            guard row.quantity == "retention", let c = row.cycle, c >= 2 else { return no("no cycle number") }
            guard row.cRate != nil else { return no("no C-rate") }
            guard t != nil else { return no(noTemperature) }
            guard row.cathode ?? setup.cathodeID != nil else { return no("no cathode (add cathode to [assumptions])") }
            return point(.retention, v, "fraction", t)
        case "symmetric_short", "symmetric_stable":
            guard row.unit == "h" else { return no("\(row.quantity) (\(row.unit)) is not a time in h (step tests are not fitted)") }
            guard let j = row.current_mA_cm2, j > 0, let q = row.arealCapacity_mAh_cm2, q > 0 else { return no("no current or areal capacity") }
            guard t != nil else { return no(noTemperature) }
            if row.kind == "symmetric_stable" {
                guard side == .atLeast else { return no("a symmetric_stable row must be censored (qualifier >=)") }
                return point(.censoredShort, v, "h", t)
            }
            return point(.timeToShort, v, "h", t)
        case "interface_resistance":
            guard row.unit == "ohm" || row.unit == "ohm cm2", v > 0 else { return no("\(row.quantity) (\(row.unit)) is not a resistance in ohm") }
            let cyclingKnown = (row.current_mA_cm2 != nil || setup.symmetricCurrent_A_m2 != nil)
                && (row.arealCapacity_mAh_cm2 != nil || setup.symmetricCapacity_C_m2 != nil)
            if let n = row.cycle, n > 0, !cyclingKnown {
                return no("interface resistance after \(n) Li|Li cycles: the cycling behind it is not given (put current_mA_cm2 "
                          + "and areal_capacity_mAh_cm2 in the row, or symmetric_current_mA_cm2 and symmetric_capacity_mAh_cm2 "
                          + "in [assumptions])")
            }
            guard t != nil else { return no(noTemperature) }
            return point(.interfaceResistance, v, row.unit, t)
        case "cycling_life":
            guard row.unit == "cycles", v >= 2, row.cRate != nil else { return no("\(row.quantity) (\(row.unit)) is not a cycle count at a C-rate") }
            guard t != nil else { return no(noTemperature) }
            guard row.cathode ?? setup.cathodeID != nil else { return no("no cathode (add cathode to [assumptions])") }
            return point(.cyclingLife, v, "cycles", t)
        case "voltage_curve":
            guard row.unit == "V", row.specificCapacity_mAh_g != nil, row.quantity == "discharge_voltage" || row.quantity == "charge_voltage" else {
                return no("\(row.quantity) (\(row.unit)) is not a point of a charge or discharge curve")
            }
            guard row.cRate != nil else { return no("no C-rate") }
            guard t != nil else { return no(noTemperature) }
            return point(.voltageCurve, v, "V", t)
        case "ccd":
            guard row.unit == "mA/cm2", v > 0 else { return no("\(row.quantity) (\(row.unit)) is not a current density in mA/cm2") }
            guard let q = row.arealCapacity_mAh_cm2, q > 0 else { return no("no areal capacity per half-cycle of the step test") }
            guard t != nil else { return no(noTemperature) }
            return point(.criticalCurrent, v, "mA/cm2", t)
        case "coulombic_efficiency":
            guard row.unit == "fraction", v > 0, v < 1 else { return no("\(row.quantity) (\(row.unit)) is not a fraction below 1") }
            guard row.cRate != nil else { return no("no C-rate") }
            guard t != nil else { return no(noTemperature) }
            guard row.cathode ?? setup.cathodeID != nil else { return no("no cathode (add cathode to [assumptions])") }
            return point(.coulombicEfficiency, v, "fraction", t)
        case "symmetric_polarization":
            guard row.unit == "V", v > 0 else { return no("\(row.quantity) (\(row.unit)) is not a voltage in V") }
            guard let j = row.current_mA_cm2, j > 0, let q = row.arealCapacity_mAh_cm2, q > 0 else { return no("no current or areal capacity") }
            guard t != nil else { return no(noTemperature) }
            return point(.symmetricPolarization, v, "V", t)
        case SpectrumSource.kind:
            guard [SpectrumSource.realQuantity, SpectrumSource.imaginaryQuantity].contains(row.quantity), row.unit == "ohm" else {
                return no("\(row.quantity) (\(row.unit)) is not Z_real or Z_imag in ohm")
            }
            guard let f = row.frequency_Hz, f > 0 else { return no("no frequency (impedance rows come from [[spectrum]] tables)") }
            guard let z = moduli[ImpedancePoint(file: row.file, line: row.line, frequency_Hz: f)], z > 0 else {
                return no("no Z_real and Z_imag pair at this frequency (|Z| scales the residual)")
            }
            guard t != nil else { return no(noTemperature) }
            return point(.impedance, v, "ohm", t, modulus: z)
        default:
            return no("unknown measurement kind '\(row.kind)'")
        }
    }
}
