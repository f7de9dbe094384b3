import Foundation

/// The inputs of a sweep before validation: values per variable, cell format, protocol and plotted metrics.
/// A scenario file fills one; command-line options then replace what they name.
public struct SweepRequest: Sendable, Equatable {
    public var name: String?
    public var values: [SweepVariable: [SweepValue]] = [:]
    public var cell = SweepCellFormat()
    public var cycles: Int?
    public var threshold: Double?
    public var metrics: [SweepMetric]?

    public init() {}

    /// Reads a retention: "80%", "80 %", "0.8" or "80" (values above 1 are percent); errors name `name`.
    public static func retention(_ text: String, name: String = "--until") throws -> Double {
        var t = text.trimmingCharacters(in: .whitespaces)
        let percent = t.hasSuffix("%")
        if percent { t = String(t.dropLast()).trimmingCharacters(in: .whitespaces) }
        guard let v = Quantity.decimal(t), v.isFinite else {
            throw SweepError.invalidOption(name: name, reason: "cannot read the retention '\(text)' (write e.g. 80%)")
        }
        let fraction = percent || v > 1 ? v / 100 : v
        guard fraction > 0, fraction <= 1 else {
            throw SweepError.invalidOption(name: name, reason: "must lie in (0, 100] %, got \(text)")
        }
        return fraction
    }
}

/// Reads the `[sweep]` section of a scenario file, with the cell from `[cell]` and, when `[sweep]` does not set
/// `temperature_C`, the temperatures of `[conditions]`:
///
/// ```toml
/// name = "ANP-C-2.0K | LFP: temperature × C-rate map"
/// [cell]
/// electrolyte = "ANP-C-2.0K"
/// cathode = "LFP"
/// [sweep]
/// temperature_C = "0...120:10"        # °C: a list "a,b,c", a range "start...end:step", a number or an array
/// c_rate = [0.1, 0.2, 0.5, 1, 2]      # charge and discharge C-rate (or charge_c_rate and discharge_c_rate)
/// cycles = 500                         # aging cycles per point (the cap with `until`)
/// until = "80%"                        # optional: stop a point at this retention
/// metrics = ["capacity", "retention"]  # charts to draw (the CSV holds every metric)
/// ```
///
/// Other sweepable keys: `cathode` (ID or array of IDs), `thickness_um`, `loading_mg_cm2`, `upper_cutoff_V`,
/// `electrolyte`. The scenario's `[[experiment]]`, `[[expected]]` and `[output]` are not used by a sweep (every
/// point runs the standard CC–CV cycle).
public enum SweepScenarioFile {
    public static func load(path: String) throws -> SweepRequest {
        let file = try ParameterFile(path: path)
        let r = file.rootSection
        try r.rejectUnknownKeys(["name", "description", "source", "cell", "conditions", "experiment", "output", "expected",
                                 "end_of_life", "sweep"])
        guard let sweep = try r.section("sweep", required: false) else {
            throw r.error(nil, "no [sweep] section (a sweep scenario needs one, e.g. [sweep] temperature_C = \"0...120:10\")")
        }
        try sweep.rejectUnknownKeys(Set(SweepVariable.allCases.map(\.column)).union(["cycles", "until", "metrics"]))
        var request = SweepRequest()
        request.name = try r.optionalString("name")
        if let cell = try r.section("cell", required: false) {
            try cell.rejectUnknownKeys(["electrolyte", "cathode", "loading_mg_cm2", "electrode_area_cm2", "lithium_thickness_um",
                                        "c_rate_basis_mAh_g"])
            if let e = try cell.optionalString("electrolyte") { request.values[.electrolyte] = [.text(e)] }
            if let c = try cell.optionalString("cathode") { request.values[.cathode] = [.text(c)] }
            if let l = try cell.optionalNumber("loading_mg_cm2", .positive) { request.values[.loading] = [.number(l)] }
            request.cell = SweepCellFormat(
                electrodeArea_m2: try cell.optionalNumber("electrode_area_cm2", .positive).map { $0 * 1e-4 },
                lithiumThickness_m: try cell.optionalNumber("lithium_thickness_um", .positive).map { $0 * 1e-6 },
                cRateBasis_C_kg: try cell.optionalNumber("c_rate_basis_mAh_g", .positive).map { Units.C_kg(mAh_g: $0) })
        }
        if let cond = try r.section("conditions", required: false) {
            try cond.rejectUnknownKeys(["temperature_C", "temperatures_C", "initial_soc"])
            if cond.has("temperatures_C") {
                request.values[.temperature] = try cond.numberArray("temperatures_C").map(SweepValue.number)
            } else if let t = try cond.optionalNumber("temperature_C") {
                request.values[.temperature] = [.number(t)]
            }
        }
        for v in SweepVariable.allCases {
            if let list = try values(sweep, v) { request.values[v] = list }
        }
        request.cycles = try sweep.optionalInt("cycles", min: 1)
        if sweep.has("until") {
            let text: String
            if let s = sweep.table["until"]?.string { text = s } else { text = SweepFormat.variable(try sweep.number("until")) }
            do { request.threshold = try SweepRequest.retention(text, name: "until") } catch let e as SweepError {
                throw sweep.error("until", e.description)
            }
        }
        if sweep.has("metrics") {
            let names: [String]
            if let s = sweep.table["metrics"]?.string { names = [s] } else { names = try sweep.stringArray("metrics") }
            do { request.metrics = try SweepMetric.list(names.joined(separator: ","), name: "metrics") } catch let e as SweepError {
                throw sweep.error("metrics", e.description)
            }
        }
        return request
    }

    /// A variable's values: a string list or range, one number or ID, or an array.
    static func values(_ s: Section, _ v: SweepVariable) throws -> [SweepValue]? {
        let key = v.column
        guard let raw = s.table[key] else { return nil }
        do {
            if v.isCategorical {
                if let text = raw.string { return try ValueList.identifiers(text, name: key).map(SweepValue.text) }
                return try ValueList.identifiers(try s.stringArray(key).joined(separator: ","), name: key).map(SweepValue.text)
            }
            if let text = raw.string { return try ValueList.numbers(text, variable: v, name: key).map(SweepValue.number) }
            let numbers = raw.array != nil ? try s.numberArray(key) : [try s.number(key)]
            let rounded = numbers.map { SweepFormat.rounded($0, digits: SweepFormat.variableDigits) }
            try ValueList.check(rounded, variable: v, name: key, text: rounded.map(SweepFormat.variable).joined(separator: ","))
            return rounded.map(SweepValue.number)
        } catch let e as SweepError {
            throw s.error(key, e.description)
        }
    }
}
