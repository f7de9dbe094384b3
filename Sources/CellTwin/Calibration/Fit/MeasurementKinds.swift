import Foundation

/// The measurement kinds a table may hold (`kind` column), with the columns and units each needs, what a fit frees
/// for it (DOMAIN A5) and an example row: the template of `celltwin new measurements` and the checks of
/// ``MeasurementKinds/check(_:)``.
public struct MeasurementKind: Sendable {
    public var kind: String
    public var quantity: String
    /// Units the kind accepts (the first is the template's).
    public var units: [String]
    /// Columns a row must fill (besides source, electrolyte, kind, quantity, value, unit).
    public var required: [String]
    public var optional: [String]
    /// Model-file keys the kind determines (DOMAIN A5); `<cathode>` stands for the row's cathode. Empty: evaluated
    /// (or recorded) but frees nothing on its own.
    public var frees: [String]
    /// An example row in the table's column order (source, electrolyte and kind are filled by the template).
    public var example: [String: String]
    public var doc: String
    /// Words the value may be instead of a number (a shape such as `linear`); empty: a number.
    public var qualitativeValues: [String] = []
}

public enum MeasurementKinds {
    public static let all: [MeasurementKind] = [
        MeasurementKind(kind: "conductivity", quantity: "sigma", units: ["S/cm"], required: ["temperature_C"], optional: [],
                        frees: ["conductivity.sigma_S_cm", "conductivity.activation_energy_kJ_mol"],
                        example: ["temperature_C": "25", "value": "1.0e-4"],
                        doc: "ionic conductivity; rows at two or more temperatures fix the Arrhenius law (σ_ref and E_a)"),
        MeasurementKind(kind: "activation_energy", quantity: "Ea", units: ["eV", "kJ/mol", "J/mol"], required: [], optional: [],
                        frees: ["conductivity.activation_energy_kJ_mol"], example: ["value": "0.45"],
                        doc: "apparent activation energy of the conductivity"),
        MeasurementKind(kind: "transference", quantity: "t_plus", units: [""], required: ["temperature_C"], optional: [],
                        frees: ["transport.transference_number"], example: ["temperature_C": "60", "value": "0.4"],
                        doc: "Bruce–Vincent Li⁺ transference number (0–1, no unit)"),
        MeasurementKind(kind: "interface_resistance", quantity: "R_interface", units: ["ohm", "ohm cm2"], required: ["temperature_C"],
                        optional: ["time_h", "cycle", "current_mA_cm2", "areal_capacity_mAh_cm2"],
                        frees: ["lithium_interface.exchange_current_mA_cm2"], example: ["temperature_C": "60", "value": "150"],
                        doc: "Li|E|Li EIS interface resistance (both interfaces; ohm over the cell's area), fresh, after time_h of storage or after N cycles"),
        MeasurementKind(kind: "symmetric_polarization", quantity: "overpotential", units: ["V"],
                        required: ["temperature_C", "current_mA_cm2", "areal_capacity_mAh_cm2"], optional: ["time_h"],
                        frees: ["lithium_interface.exchange_current_mA_cm2"],
                        example: ["temperature_C": "60", "current_mA_cm2": "0.1", "areal_capacity_mAh_cm2": "0.1", "time_h": "10", "value": "0.05"],
                        doc: "Li|E|Li galvanostatic polarization |V| at the end of the last half-cycle after time_h"),
        MeasurementKind(kind: "symmetric_short", quantity: "time_to_short", units: ["h"],
                        required: ["temperature_C", "current_mA_cm2", "areal_capacity_mAh_cm2"], optional: [],
                        frees: ["short.time_to_short_h"],
                        example: ["temperature_C": "60", "current_mA_cm2": "0.2", "areal_capacity_mAh_cm2": "0.2", "value": "300"],
                        doc: "Li|E|Li time to short"),
        MeasurementKind(kind: "symmetric_stable", quantity: "time_without_short", units: ["h"],
                        required: ["temperature_C", "current_mA_cm2", "areal_capacity_mAh_cm2"], optional: [], frees: [],
                        example: ["temperature_C": "60", "current_mA_cm2": "0.1", "areal_capacity_mAh_cm2": "0.1", "value": "1000", "qualifier": ">="],
                        doc: "Li|E|Li test that ended without a short (qualifier >=): a lower bound on the time to short"),
        MeasurementKind(kind: "ccd", quantity: "critical_current_density", units: ["mA/cm2"],
                        required: ["temperature_C", "areal_capacity_mAh_cm2"], optional: [], frees: ["short.critical_current_mA_cm2"],
                        example: ["temperature_C": "60", "areal_capacity_mAh_cm2": "0.25", "value": "0.5"],
                        doc: "critical current density of a Li|Li step test (steps of 0.05 mA/cm2, areal capacity per half-cycle)"),
        MeasurementKind(kind: "rate_capability", quantity: "discharge_capacity", units: ["mAh/g"],
                        required: ["cathode", "temperature_C", "c_rate"], optional: ["cycle"],
                        frees: ["electrodes.<cathode>.diffusion_time_s"],
                        example: ["cathode": "LFP", "temperature_C": "60", "c_rate": "0.5", "value": "150"],
                        doc: "full-cell discharge capacity at a C-rate (mAh per g of cathode active material)"),
        MeasurementKind(kind: "cycling_capacity", quantity: "discharge_capacity", units: ["mAh/g"],
                        required: ["cathode", "temperature_C", "c_rate"], optional: ["cycle"], frees: [],
                        example: ["cathode": "LFP", "temperature_C": "60", "c_rate": "0.5", "cycle": "2", "value": "150"],
                        doc: "full-cell discharge capacity in an early cycle (≤ 10) of a cycling test"),
        MeasurementKind(kind: "cycling_retention", quantity: "retention", units: ["fraction"],
                        required: ["cathode", "temperature_C", "c_rate", "cycle"], optional: [], frees: ["aging.contact_loss_per_cycle"],
                        example: ["cathode": "LFP", "temperature_C": "60", "c_rate": "0.5", "cycle": "300", "value": "0.9"],
                        doc: "capacity retention (fraction of the first cycle's) after N cycles"),
        MeasurementKind(kind: "coulombic_efficiency", quantity: "coulombic_efficiency", units: ["fraction"],
                        required: ["cathode", "temperature_C", "c_rate"], optional: ["cycle"], frees: ["aging.lithium_coulombic_efficiency"],
                        example: ["cathode": "LFP", "temperature_C": "60", "c_rate": "0.5", "cycle": "100", "value": "0.998"],
                        doc: "mean full-cell coulombic efficiency of cycles 2…N"),
        MeasurementKind(kind: "cycling_life", quantity: "cycles_to_failure", units: ["cycles"],
                        required: ["cathode", "temperature_C", "c_rate"], optional: ["cycle"], frees: ["aging.contact_loss_per_cycle"],
                        example: ["cathode": "LFP", "temperature_C": "60", "c_rate": "0.5", "value": "800"],
                        doc: "full-cell cycles to a short or 80 % retention"),
        MeasurementKind(kind: "stability_window", quantity: "oxidation_limit", units: ["V"], required: [], optional: ["temperature_C"],
                        frees: [], example: ["temperature_C": "25", "value": "4.5"],
                        doc: "anodic stability limit vs Li/Li⁺ (LSV); `celltwin new electrolyte` writes it as `stability.oxidation_limit_V`"),
        MeasurementKind(kind: "melting", quantity: "Tm", units: ["C"], required: [], optional: [],
                        frees: ["conductivity.melting_temperature_C"], example: ["value": "55"],
                        doc: "melting temperature of the crystalline phase (a DSC melting peak, or the crossover of a σ(T) plot; a DSC onset lies about 2ΔT lower): the centre T_m of a `two-regime` or `two-regime-vft` law"),
        MeasurementKind(kind: "overpotential_scaling", quantity: "ir_drop_vs_resistivity", units: [""], required: ["cathode", "c_rate"],
                        optional: [], frees: [], example: ["cathode": "LFP", "c_rate": "0.2", "value": "linear"],
                        doc: "full-cell IR drop (100 % SoC) and plateau overpotential (SoC 80-20 %) linear in the membrane resistivity across the study's test temperatures (value `linear`; the temperatures of the study's rows with this cathode and C-rate, three or more); checked by validate, not fitted",
                        qualitativeValues: ["linear"]),
        MeasurementKind(kind: "glass_transition", quantity: "Tg", units: ["C"], required: [], optional: [], frees: [],
                        example: ["value": "-40"], doc: "glass transition temperature (recorded, not fitted)"),
        MeasurementKind(kind: "mechanical", quantity: "shear_modulus", units: ["Pa"], required: [], optional: ["temperature_C"], frees: [],
                        example: ["temperature_C": "25", "value": "1e6"], doc: "shear modulus (recorded, not fitted)"),
    ]

    public static func kind(_ name: String) -> MeasurementKind? { all.first { $0.kind == name } }

    /// Checks rows against the catalogue: a known kind, its unit, its required columns filled and a numeric value.
    /// The error names the file, line and column.
    public static func check(_ rows: [MeasurementRow]) throws {
        for r in rows {
            guard let k = kind(r.kind) else {
                throw InputError(file: r.file, line: r.line, key: "kind",
                                 message: "unknown measurement kind '\(r.kind)' (known: \(all.map(\.kind).joined(separator: ", ")); `celltwin new measurements` prints a template)")
            }
            guard k.units.contains(r.unit) else {
                throw InputError(file: r.file, line: r.line, key: "unit",
                                 message: "'\(r.unit)' is not a unit of \(r.kind) (use \(k.units.map { $0.isEmpty ? "an empty unit" : $0 }.joined(separator: " or ")))")
            }
            for c in k.required where !filled(r, c) {
                throw InputError(file: r.file, line: r.line, key: c, message: "is empty; a \(r.kind) row needs \(k.required.joined(separator: ", "))")
            }
            guard r.value != nil || k.qualitativeValues.contains(r.valueText.trimmingCharacters(in: .whitespaces).lowercased()) else {
                throw InputError(file: r.file, line: r.line, key: "value", message: "'\(r.valueText)' is not a number"
                                 + (k.qualitativeValues.isEmpty ? "" : " or \(k.qualitativeValues.map { "'\($0)'" }.joined(separator: ", "))"))
            }
        }
    }

    static func filled(_ r: MeasurementRow, _ column: String) -> Bool {
        switch column {
        case "cathode": return r.cathode != nil
        case "temperature_C": return r.temperature_C != nil
        case "c_rate": return r.cRate != nil
        case "current_mA_cm2": return r.current_mA_cm2 != nil
        case "areal_capacity_mAh_cm2": return r.arealCapacity_mAh_cm2 != nil
        case "cycle": return r.cycle != nil
        case "time_h": return r.time_h != nil
        default: return true
        }
    }

    /// A measurement table with one example row of every kind (CSV, the columns of ``MeasurementTable/columns``).
    public static func template(source: String = "mylab2026", electrolyte: String = "MY-ELECTROLYTE") -> String {
        var s = MeasurementTable.columns.joined(separator: ",") + "\n"
        for k in all {
            var f = k.example
            f["source"] = source
            f["electrolyte"] = electrolyte
            f["kind"] = k.kind
            f["quantity"] = k.quantity
            f["unit"] = k.units[0]
            f["qualifier"] = f["qualifier"] ?? "="
            let cols = k.required + k.optional.map { "[\($0)]" }
            f["note"] = "\(k.doc); columns: \(cols.isEmpty ? "none" : cols.joined(separator: " "))"
                + (k.frees.isEmpty ? "" : "; frees \(k.frees.joined(separator: " "))")
            s += MeasurementTable.columns.map { csvField(f[$0] ?? "") }.joined(separator: ",") + "\n"
        }
        return s
    }

    static func csvField(_ t: String) -> String {
        t.contains(",") || t.contains("\"") || t.contains("\n") ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t
    }
}
