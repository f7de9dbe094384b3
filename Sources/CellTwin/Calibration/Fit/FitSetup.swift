import Foundation
import TOMLKit

/// A labelled assumption of a fit set-up (`[assumptions]`): a value and where it comes from.
public struct FitAssumption: Sendable, Equatable {
    public var name: String
    /// The value as written (number or text).
    public var text: String
    public var source: String
}

/// A measurement the set-up declares in conflict with the rest of the data under the model (`[[conflict]]`):
/// `celltwin validate` shows the note on that row and counts it apart.
public struct DeclaredConflict: Sendable, Equatable {
    public var kind: String
    public var quantity: String
    public var note: String

    public func matches(_ row: MeasurementRow) -> Bool { row.kind == kind && row.quantity == quantity }
}

/// One free parameter of a fit set-up (`[[free]]`).
public struct FreeParameter: Sendable {
    public var key: FitKey
    /// Start value in the model file's unit (nil: the electrolyte's current value).
    public var initial: Double?
    public var lower: Double?
    public var upper: Double?
    /// Prior: log-normal (`prior`, `prior_factor`: residual ln(x/prior)/ln(factor)) or normal (`prior`,
    /// `prior_sd`: residual (x − prior)/sd), so the data decide where they can and the prior holds the value
    /// where they cannot (one-sided rows, borrowed values).
    public var prior: Double?
    public var priorFactor: Double?
    public var priorSD: Double?
    /// `prior = "literature"` on a study's electrode key (`electrodes.<cathode>.<leaf>`): the prior is the cathode
    /// file's `[literature]` range of that leaf read as a 95 % normal interval (``FitSetup/literaturePrior(_:)``), set
    /// once the set-up meets its cathodes (``FitSetup/resolvingLiteraturePriors(_:)``), so that every study's fit of
    /// that electrode key shares one cited prior instead of bounds it can pile up against.
    public var priorFromLiterature = false

    /// The prior's residual at `value` (nil without a prior).
    public func priorResidual(_ value: Double) -> Double? {
        guard let p = prior else { return nil }
        if let f = priorFactor { return log(value / p) / log(f) }
        if let sd = priorSD { return (value - p) / sd }
        return nil
    }

    /// "prior 20 ×/÷ 10" or "prior 0 ± 20".
    public var priorText: String? {
        guard let p = prior else { return nil }
        if let f = priorFactor { return String(format: "prior %g ×/÷ %g", p, f) }
        return priorSD.map { String(format: "prior %g ± %g", p, $0) }
    }
}

/// A fit set-up, `Calibration/<name>/fit.toml`:
///
/// ```toml
/// electrolyte = "CPCSE"              # its model file gives the start values
/// data = ["measurements.csv"]        # relative to this file
/// starts = 1                         # optional: multi-start (perturbed starts)
/// electrodes_from = "CPCSE"          # optional: use that sibling's fitted [electrodes.<cathode>] (same study)
/// [[conflict]]                       # optional: a measurement in conflict with the others under the model
/// kind = "activation_energy"; quantity = "Ea"; note = "…"   (shown by celltwin validate)
/// [[free]]
/// key = "conductivity.sigma_S_cm"    # model-file key; optional initial, lower, upper (lab units),
///                                    # prior with prior_factor (log-normal: value ×/÷ factor at one sigma) or
///                                    # prior_sd (normal); prior = "literature" on an electrode key: the cathode
///                                    # file's [literature] range as a 95 % normal interval
/// [weights]                          # optional, per measurement kind (0 leaves the kind out)
/// activation_energy = 1
/// [assumptions]                      # each { value = …, source = "…" }
/// thickness_um = { value = 80, source = "assumed: …" }
/// electrode_area_cm2, cathode, cathode_loading_mg_cm2, lithium_thickness_um, temperature_C, rate_test_charge_c_rate,
/// symmetric_current_mA_cm2, symmetric_capacity_mAh_cm2
/// [[history]]                        # optional: capacity-vs-cycle of a real cell (``HistorySource``)
/// file = "../external/attia-clo-lfp/Qn.csv"
/// [[curve]]                          # optional: a measured charge/discharge curve of a full cell (``CurveSource``)
/// file = "cell-07.csv"
/// [[spectrum]]                       # optional: a Li|E|Li impedance spectrum (``SpectrumSource``)
/// file = "../external/datalab-li-li/….mpr"
/// ```
/// `data` may be left out when the set-up has `[[history]]`, `[[curve]]` or `[[spectrum]]` tables.
public struct FitSetup: Sendable {
    public var path: String
    public var electrolyteID: String
    /// Absolute paths of the data files.
    public var dataFiles: [String]
    /// Capacity histories of real cells (`[[history]]`), fitted as retention rows.
    public var histories: [HistorySource] = []
    /// Measured charge or discharge curves of full cells (`[[curve]]`), fitted point by point.
    public var curves: [CurveSource] = []
    /// Li|E|Li impedance spectra (`[[spectrum]]`), fitted as `impedance_spectrum` rows.
    public var spectra: [SpectrumSource] = []
    public var free: [FreeParameter]
    public var weights: [String: Double]
    public var starts: Int
    public var assumptions: [FitAssumption]
    /// Electrolyte thickness, m.
    public var thickness_m: Double?
    public var electrodeArea_m2: Double?
    /// Cathode of full-cell rows that name none.
    public var cathodeID: String?
    /// Cathode loading, kg m⁻².
    public var cathodeLoading_kg_m2: Double?
    public var lithiumThickness_m: Double?
    /// Temperature (°C) for rows that state none.
    public var defaultTemperature_C: Double?
    /// A sibling electrolyte of the same study whose fitted electrodes (`[electrodes.<cathode>]`) this one uses.
    public var electrodesFrom: String?
    /// Measurements declared in conflict with the rest of the data under the model.
    public var conflicts: [DeclaredConflict] = []
    /// C-rate of the CC charge in full-cell tests (nil: the model file's, else the discharge rate up to 1C).
    public var rateTestChargeCRate: Double?
    /// Li|Li cycling behind `interface_resistance` rows taken after N cycles that state no current or areal capacity
    /// (assumptions `symmetric_current_mA_cm2`, `symmetric_capacity_mAh_cm2`): J in A m⁻², q per half-cycle in C m⁻².
    public var symmetricCurrent_A_m2: Double?
    public var symmetricCapacity_C_m2: Double?

    public static let assumptionKeys: Set<String> = ["thickness_um", "electrode_area_cm2", "cathode", "cathode_loading_mg_cm2",
                                                     "lithium_thickness_um", "temperature_C", "rate_test_charge_c_rate",
                                                     "symmetric_current_mA_cm2", "symmetric_capacity_mAh_cm2"]

    /// Weight of a measurement kind (1 unless the set-up says otherwise).
    public func weight(_ kind: String) -> Double { weights[kind] ?? 1 }

    public static func load(path: String) throws -> FitSetup {
        let file = try ParameterFile(path: path)
        let r = file.rootSection
        try r.rejectUnknownKeys(["electrolyte", "data", "starts", "free", "weights", "assumptions", "electrodes_from", "conflict",
                                 "history", "curve", "spectrum"])
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        let historyTables = try r.sections("history"), curveTables = try r.sections("curve")
        let spectrumTables = try r.sections("spectrum")
        let sourcesOnly = !historyTables.isEmpty || !curveTables.isEmpty || !spectrumTables.isEmpty
        let data = !sourcesOnly || r.has("data") ? try r.stringArray("data") : []
        guard !data.isEmpty || sourcesOnly else { throw r.error("data", "names no data file") }
        let files = data.map { $0.hasPrefix("/") ? $0 : dir.appendingPathComponent($0).standardizedFileURL.path }
        for (f, name) in zip(files, data) where !FileManager.default.fileExists(atPath: f) {
            throw r.error("data", "data file '\(name)' not found (paths are relative to the fit file)")
        }

        let free = try freeParameters(r, file: file, path: path)
        guard !free.isEmpty else { throw InputError(file: path, key: "free", message: "no free parameter: add [[free]] tables with key = \"…\"") }

        var weights: [String: Double] = [:]
        if let w = try r.section("weights", required: false) {
            for k in w.keys { weights[k] = try w.number(k, .nonNegative) }
        }

        var setup = FitSetup(path: path, electrolyteID: try r.string("electrolyte"), dataFiles: files, free: free,
                             weights: weights, starts: try r.optionalInt("starts", min: 1) ?? 1, assumptions: [])
        setup.electrodesFrom = try r.optionalString("electrodes_from")
        for c in try r.sections("conflict") {
            try c.rejectUnknownKeys(["kind", "quantity", "note"])
            setup.conflicts.append(DeclaredConflict(kind: try c.string("kind"), quantity: try c.string("quantity"), note: try c.string("note")))
        }
        for (i, t) in historyTables.enumerated() {
            setup.histories.append(try HistorySource.load(t, label: "history[\(i + 1)]", directory: dir))
            setup.assumptions += setup.histories[i].assumptions
        }
        for (i, t) in curveTables.enumerated() {
            setup.curves.append(try CurveSource.load(t, label: "curve[\(i + 1)]", directory: dir))
            setup.assumptions += setup.curves[i].assumptions
        }
        for (i, t) in spectrumTables.enumerated() {
            setup.spectra.append(try SpectrumSource.load(t, label: "spectrum[\(i + 1)]", directory: dir))
            setup.assumptions += setup.spectra[i].assumptions
        }
        if let a = try r.section("assumptions", required: false) { try setup.readAssumptions(a) }
        return setup
    }

    /// The `[[free]]` tables: each a fittable key, listed once, with consistent bounds and prior.
    static func freeParameters(_ r: Section, file: ParameterFile, path: String) throws -> [FreeParameter] {
        var free: [FreeParameter] = []
        for s in try r.sections("free") {
            try s.rejectUnknownKeys(["key", "initial", "lower", "upper", "prior", "prior_factor", "prior_sd"])
            let name = try s.string("key")
            guard let key = FitParameterRegistry.key(name) else {
                throw InputError(file: path, line: file.line(of: "key", in: s.prefix, containing: name), key: name,
                                 message: "unknown parameter key; fittable keys: \(FitParameterRegistry.names.joined(separator: ", "))")
            }
            guard !free.contains(where: { $0.key.key == name }) else { throw s.error("key", "'\(name)' is listed twice") }
            let literature = s.table["prior"]?.string
            if let text = literature {
                guard text == "literature" else { throw s.error("prior", "expected a number or \"literature\" (got \"\(text)\")") }
                guard FitParameterRegistry.electrodeKeyParts(name) != nil else {
                    throw s.error("prior", "\"literature\" reads the cathode file's [literature] range: only for electrodes.<cathode>.<leaf> keys")
                }
                guard s.table["prior_factor"] == nil, s.table["prior_sd"] == nil else {
                    throw s.error("prior", "a literature prior takes its width from the range: leave out prior_factor and prior_sd")
                }
            }
            var p = FreeParameter(key: key, initial: try s.optionalNumber("initial"), lower: try s.optionalNumber("lower"),
                                  upper: try s.optionalNumber("upper"), prior: literature == nil ? try s.optionalNumber("prior") : nil,
                                  priorFactor: try s.optionalNumber("prior_factor", .positive),
                                  priorSD: try s.optionalNumber("prior_sd", .positive))
            p.priorFromLiterature = literature != nil
            if p.priorFactor != nil, p.priorSD != nil { throw s.error("prior_sd", "give prior_factor (log-normal) or prior_sd (normal), not both") }
            if (p.prior == nil) != (p.priorFactor == nil && p.priorSD == nil) {
                throw s.error("prior", "a prior needs its width: prior_factor (log-normal) or prior_sd (normal)")
            }
            if let f = p.priorFactor, f <= 1 { throw s.error("prior_factor", "must exceed 1 (the prior's one-sigma factor)") }
            if p.priorFactor != nil, let v = p.prior, v <= 0 { throw s.error("prior", "a log-normal prior must be positive") }
            if let lo = p.lower, let hi = p.upper, !(lo < hi) { throw s.error("upper", "must exceed lower") }
            free.append(p)
        }
        return free
    }

    /// The prior of a `[literature]` range read as a 95 % normal interval: centre (min + max)/2, standard deviation
    /// (max − min)/(2·1.96) (the normal quantile of a two-sided 95 % interval).
    public static func literaturePrior(_ range: ClosedRange<Double>) -> (centre: Double, sd: Double) {
        ((range.lowerBound + range.upperBound) / 2, (range.upperBound - range.lowerBound) / (2 * 1.959963984540054))
    }

    /// The set-up with its literature priors (`prior = "literature"`) resolved against the cathodes' `[literature]`
    /// ranges (``literaturePrior(_:)``). Throws, naming the set-up file and key, when the key's cathode has no model or
    /// no range for the key's leaf.
    public func resolvingLiteraturePriors(_ cathodes: [String: Cathode]) throws -> FitSetup {
        var s = self
        for i in s.free.indices where s.free[i].priorFromLiterature {
            let name = s.free[i].key.key
            guard let (id, leaf) = FitParameterRegistry.electrodeKeyParts(name), let c = cathodes[id] else {
                throw InputError(file: path, key: name, message: "prior = \"literature\": no cathode model for this key")
            }
            guard let range = c.literatureRanges[leaf] else {
                throw InputError(file: path, key: name,
                                 message: "prior = \"literature\": the \(id) cathode file's [literature] table has no \(leaf)_min and \(leaf)_max")
            }
            let (centre, sd) = Self.literaturePrior(range)
            s.free[i].prior = centre
            s.free[i].priorSD = sd
        }
        return s
    }

    /// The `[assumptions]` table: each key a value with its source, stored in its SI field.
    mutating func readAssumptions(_ a: Section) throws {
        try a.rejectUnknownKeys(Self.assumptionKeys)
        for k in a.keys.sorted() {
            guard let t = a.table[k]?.table, let src = t["source"]?.string,
                  !src.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw a.error(k, "write { value = …, source = \"…\" }: every assumption is labelled with its source")
            }
            if k == "cathode" {
                guard let v = t["value"]?.string else { throw a.error(k, "expected a cathode ID as text") }
                cathodeID = v
                assumptions.append(FitAssumption(name: k, text: v, source: src))
                continue
            }
            let tempC: Section.Domain = .closed(0...150)
            let x = try a.number(k, k == "temperature_C" ? tempC : .positive)
            assumptions.append(FitAssumption(name: k, text: String(format: "%g", x), source: src))
            switch k {
            case "thickness_um": thickness_m = x * 1e-6
            case "electrode_area_cm2": electrodeArea_m2 = x * 1e-4
            case "cathode_loading_mg_cm2": cathodeLoading_kg_m2 = Units.kg_m2(mg_cm2: x)
            case "lithium_thickness_um": lithiumThickness_m = x * 1e-6
            case "rate_test_charge_c_rate": rateTestChargeCRate = x
            case "symmetric_current_mA_cm2": symmetricCurrent_A_m2 = Units.A_m2(mA_cm2: x)
            case "symmetric_capacity_mAh_cm2": symmetricCapacity_C_m2 = Units.C_m2(mAh_cm2: x)
            default: defaultTemperature_C = x
            }
        }
    }

    private init(path: String, electrolyteID: String, dataFiles: [String], free: [FreeParameter], weights: [String: Double],
                 starts: Int, assumptions: [FitAssumption]) {
        self.path = path
        self.electrolyteID = electrolyteID
        self.dataFiles = dataFiles
        self.free = free
        self.weights = weights
        self.starts = starts
        self.assumptions = assumptions
    }

    /// A set-up with no free parameter, for evaluating rows with a given electrolyte (``FitEvaluation``).
    init(evaluating electrolyteID: String, defaultTemperature_C: Double?, cathodeID: String? = nil) {
        self.init(path: "", electrolyteID: electrolyteID, dataFiles: [], free: [], weights: [:], starts: 1, assumptions: [])
        self.defaultTemperature_C = defaultTemperature_C
        self.cathodeID = cathodeID
    }

    /// A set-up made in code (``TwinForecaster``): rows come from the caller, `path` names the data in messages.
    package init(path: String, electrolyteID: String, free: [FreeParameter], histories: [HistorySource], cathodeID: String?) {
        self.init(path: path, electrolyteID: electrolyteID, dataFiles: [], free: free, weights: [:], starts: 1, assumptions: [])
        self.histories = histories
        self.cathodeID = cathodeID
    }

    /// The electrolyte with the set-up's geometry assumptions applied.
    public func applyingAssumptions(to e: Electrolyte) -> Electrolyte {
        var e = e
        if let t = thickness_m { e.thickness_m = t }
        if let a = electrodeArea_m2 { e.referenceCell.electrodeArea_m2 = a }
        if let l = lithiumThickness_m { e.referenceCell.lithiumThickness_m = l }
        if let c = rateTestChargeCRate { e.referenceCell.rateTestChargeCRate = c }
        return e
    }
}
