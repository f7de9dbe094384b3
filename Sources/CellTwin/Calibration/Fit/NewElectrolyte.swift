import Foundation

/// `celltwin new electrolyte`: a model file with every key of the key table and a fit set-up that frees what the
/// measurement rows determine (DOMAIN A5), from a measurement table. Numbers the rows give are labelled with the rows
/// (`calc: … measurements.csv:3, 4`), the cell format comes from the options or is labelled `assumed`, and every other
/// number is its family's default, labelled `prior: family default (<source>)` with its prior.
public enum NewElectrolyte {
    public struct Options: Sendable {
        public var id: String
        public var family: String
        /// File name of the measurement table as the fit set-up names it (beside the fit file).
        public var dataFileName = "measurements.csv"
        public var area_cm2: Double?
        public var loading_mg_cm2: Double?
        public var thickness_um: Double?
        public var lithiumThickness_um: Double?

        public init(id: String, family: String) {
            self.id = id
            self.family = family
        }
    }

    /// Starting values of the keys without family defaults in ``ElectrolyteFamilyDefaults`` (per family: polymer,
    /// gel, single-ion, composite, ceramic), with the source and prior written beside them.
    static let starts: [String: (values: [Double], prior: ParameterPrior?, source: String)] = [
        "conductivity.sigma_S_cm": ([1e-4, 1e-3, 1e-5, 1e-4, 1e-4], ParameterPrior(kind: .lognormal, spread: 10),
                                    "assumed: typical room-to-operating-temperature conductivity of the family (DOMAIN B 2.1)"),
        "conductivity.activation_energy_kJ_mol": ([60, 25, 50, 40, 35], ParameterPrior(kind: .normal, spread: 15),
                                                  "assumed: typical Arrhenius activation energy of the family (DOMAIN B 2.1)"),
        "transport.transference_number": ([0.2, 0.4, 0.9, 0.4, 0.9], ParameterPrior(kind: .normal, spread: 0.2),
                                          "assumed: PEO-LiTFSI ~0.2, gels 0.3-0.5, single-ion and ceramic conductors near 1"),
        "transport.thickness_um": ([100, 100, 100, 100, 500], nil, "assumed: typical membrane thickness of the family (no --thickness given)"),
        "transport.salt_concentration_mol_L": ([1, 1, 1, 1, 1], ParameterPrior(kind: .lognormal, spread: 2), "assumed: 1 M Li+"),
        "lithium_interface.exchange_current_mA_cm2": ([0.1, 0.3, 0.1, 0.1, 0.1], ParameterPrior(kind: .lognormal, spread: 5),
                                                      "assumed: order of the shipped twins' Li|E exchange currents (DOMAIN B 3)"),
        "lithium_interface.activation_energy_kJ_mol": ([50, 50, 50, 50, 50], ParameterPrior(kind: .normal, spread: 10),
                                                       "assumed: typical 40-60 kJ/mol for Li|polymer charge transfer"),
        "lithium_interface.interphase_asr_ohm_cm2": ([50, 50, 20, 50, 50], ParameterPrior(kind: .lognormal, spread: 5),
                                                     "assumed: fresh Li-side film of tens of ohm cm2"),
        "cathode_interface.interphase_asr_ohm_cm2": ([20, 5, 20, 20, 50], ParameterPrior(kind: .lognormal, spread: 5),
                                                     "assumed: small fresh CEI; liquid-like gels wet the electrode best"),
        "stability.oxidation_limit_V": ([4.0, 4.5, 4.5, 4.5, 5.0], ParameterPrior(kind: .normal, spread: 0.3),
                                        "assumed: PEO-type polyethers oxidize near 3.9-4.0 V (DOMAIN B 5.3); newer gels and composites 4.5 V or more"),
    ]

    /// The family's start value of a key without a family default.
    static func start(_ path: String, family: String) -> ElectrolyteFamilyDefaults.Default? {
        if let d = ElectrolyteFamilyDefaults.value(path, family: family) { return d }
        guard let i = ElectrolyteFamilyDefaults.families.firstIndex(of: family), let s = starts[path] else { return nil }
        return ElectrolyteFamilyDefaults.Default(value: s.values[i], prior: s.prior, source: s.source)
    }

    /// One number to write: value (lab unit), its source text, and its prior.
    struct Entry {
        var value: Double
        var source: String
        var prior: ParameterPrior?
    }

    /// The model file's text and the fit set-up's text. `rows` are the table's rows of this electrolyte (checked).
    public static func make(_ o: Options, rows: [MeasurementRow], cathodes: [String: Cathode]) throws -> (model: String, fit: String) {
        guard ElectrolyteFamilyDefaults.families.contains(o.family) else {
            throw InputError(file: "--family", message: "unknown family '\(o.family)' (use \(ElectrolyteFamilyDefaults.families.joined(separator: ", ")))")
        }
        guard o.id.range(of: #"^[A-Za-z0-9][A-Za-z0-9._+-]*$"#, options: .regularExpression) != nil else {
            throw InputError(file: "ID", message: "'\(o.id)' is not a file name (letters, digits, . _ + -)")
        }
        var v: [String: Entry] = [:]
        for k in ElectrolyteKeys.all where k.applies(toLaw: "arrhenius") {
            if let d = start(k.path, family: o.family) { v[k.path] = Entry(value: d.value, source: d.label, prior: d.prior) }
        }
        let file = o.dataFileName
        let (tRef, ea_kJ) = conductivity(rows, file: file, into: &v)
        let trRef = transport(o, rows, file: file, tRef: tRef, ea_kJ: ea_kJ, into: &v)
        interfaces(rows, file: file, trRef: trRef, into: &v)
        let cathodeID = try cellFormat(o, rows, cathodes: cathodes, into: &v)

        let model = modelText(o, values: v, cathodeID: cathodeID, study: rows.first?.source ?? "unpublished", rows: rows)
        let fit = try fitText(o, rows: rows, values: v, cathodeID: cathodeID)
        return (model, fit)
    }

    /// "file:3, 4": where rows lie in the data file.
    static func lines(_ rs: [MeasurementRow], file: String) -> String { "\(file):" + rs.map { String($0.line) }.joined(separator: ", ") }

    /// The conductivity keys: Arrhenius through the sigma rows (least squares in ln σ against 1/T), or one sigma row
    /// and an Ea row. Returns the reference temperature, °C, and the activation energy, kJ/mol.
    static func conductivity(_ rows: [MeasurementRow], file: String, into v: inout [String: Entry]) -> (tRef: Double, ea_kJ: Double) {
        func lines(_ rs: [MeasurementRow]) -> String { Self.lines(rs, file: file) }
        let sigma = rows.filter { $0.kind == "conductivity" && $0.quantity == "sigma" && ($0.value ?? 0) > 0 && $0.temperature_C != nil }
        let temps = rows.compactMap(\.temperature_C)
        var tRef = sigma.min { abs($0.temperature_C! - 25) < abs($1.temperature_C! - 25) }?.temperature_C ?? (temps.first ?? 25)
        var ea_kJ = v["conductivity.activation_energy_kJ_mol"]!.value
        if Set(sigma.compactMap(\.temperature_C)).count >= 2 {
            let x = sigma.map { 1 / Units.kelvin(celsius: $0.temperature_C!) }, y = sigma.map { log($0.value!) }
            let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
            let slope = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
            ea_kJ = max(-slope * Physical.gas / 1000, 1)
            let lnRef = my + slope * (1 / Units.kelvin(celsius: tRef) - mx)
            let src = "calc: Arrhenius through the sigma rows \(lines(sigma)); start value, freed in the fit set-up"
            v["conductivity.sigma_S_cm"] = Entry(value: exp(lnRef), source: src, prior: nil)
            v["conductivity.activation_energy_kJ_mol"] = Entry(value: ea_kJ, source: src, prior: nil)
        } else if let s = sigma.first {
            tRef = s.temperature_C!
            v["conductivity.sigma_S_cm"] = Entry(value: s.value!, source: "\(s.source): sigma at \(fmt(tRef)) C (\(lines([s])))", prior: nil)
        }
        if let a = rows.first(where: { $0.kind == "activation_energy" }), let x = a.value, sigma.count < 2 {
            let kJ = a.unit == "eV" ? x * 96.485 : a.unit == "J/mol" ? x / 1000 : x
            ea_kJ = kJ
            v["conductivity.activation_energy_kJ_mol"] = Entry(value: kJ, source: "\(a.source): Ea (\(lines([a])))", prior: nil)
        }
        v["conductivity.reference_temperature_C"] = Entry(value: tRef, source: "calc: the conductivity row nearest 25 C", prior: nil)
        let lo = max(0, (temps.min() ?? 25) - 10), hi = min(150, (temps.max() ?? 60) + 10)
        v["conductivity.valid_min_C"] = Entry(value: lo, source: "calc: lowest measured temperature of \(file) less 10 C", prior: nil)
        v["conductivity.valid_max_C"] = Entry(value: hi, source: "calc: highest measured temperature of \(file) plus 10 C", prior: nil)

        return (tRef, ea_kJ)
    }

    /// The transport keys at the transference row's temperature (or `tRef`); returns that temperature, °C.
    static func transport(_ o: Options, _ rows: [MeasurementRow], file: String, tRef: Double, ea_kJ: Double,
                          into v: inout [String: Entry]) -> Double {
        func lines(_ rs: [MeasurementRow]) -> String { Self.lines(rs, file: file) }
        let tPlus = rows.first { $0.kind == "transference" && $0.value != nil }
        let trRef = tPlus?.temperature_C ?? tRef
        v["transport.reference_temperature_C"] = Entry(value: trRef, source: tPlus.map { "calc: where t+ was measured (\(lines([$0])))" }
                                                       ?? "calc: the conductivity reference temperature", prior: nil)
        if let t = tPlus, let x = t.value { v["transport.transference_number"] = Entry(value: x, source: "\(t.source): Bruce-Vincent t+ (\(lines([t])))", prior: nil) }
        if let th = o.thickness_um { v["transport.thickness_um"] = Entry(value: th, source: "--thickness \(fmt(th)) um", prior: nil) }
        // Nernst–Einstein ambipolar D = 2t₊(1 − t₊)σRT/(F²c) at the transport reference temperature (DOMAIN B 2.3).
        let t = v["transport.transference_number"]!.value, c = v["transport.salt_concentration_mol_L"]!.value * 1000
        let T = Units.kelvin(celsius: trRef)
        let sigma_S_m = v["conductivity.sigma_S_cm"]!.value * 100 * exp(-ea_kJ * 1000 / Physical.gas * (1 / T - 1 / Units.kelvin(celsius: tRef)))
        let d = max(2 * t * (1 - t), 0.02) * sigma_S_m * Physical.gas * T / (Physical.faraday * Physical.faraday * c)
        v["transport.diffusivity_m2_s"] = Entry(value: d, source: "calc: Nernst-Einstein ambipolar D = 2t+(1-t+)sigma RT/(F^2 c) at \(fmt(trRef)) C (DOMAIN B 2.3)", prior: ParameterPrior(kind: .lognormal, spread: 3))
        v["transport.diffusivity_activation_energy_kJ_mol"] = Entry(value: ea_kJ + Physical.gas * T / 1000,
                                                                    source: "calc: conductivity Ea + RT (Nernst-Einstein D ~ sigma T)", prior: nil)
        v["transport.electronic_conductivity_S_cm"] = Entry(value: 0, source: "assumed: an ideal electronic insulator until rest or CE data say otherwise", prior: nil)
        v["transport.electronic_activation_energy_kJ_mol"] = Entry(value: 0, source: "assumed", prior: nil)

        return trRef
    }

    /// The interface, stability and short keys, referred to the temperature of the Li|Li rows (or `trRef`).
    static func interfaces(_ rows: [MeasurementRow], file: String, trRef: Double, into v: inout [String: Entry]) {
        func lines(_ rs: [MeasurementRow]) -> String { Self.lines(rs, file: file) }
        let liRows = rows.filter { ["interface_resistance", "symmetric_polarization", "symmetric_short", "symmetric_stable", "ccd"].contains($0.kind) }
        let liRef = liRows.first?.temperature_C ?? trRef
        v["lithium_interface.reference_temperature_C"] = Entry(value: liRef, source: liRows.first.map { "calc: temperature of the Li|Li rows (\(lines([$0])))" }
                                                               ?? "calc: the transport reference temperature", prior: nil)
        if let ox = rows.first(where: { $0.kind == "stability_window" }), let x = ox.value {
            v["stability.oxidation_limit_V"] = Entry(value: x, source: "\(ox.source): oxidation limit (\(lines([ox])))", prior: nil)
        }
        if let sh = liRows.first(where: { ["symmetric_short", "symmetric_stable", "ccd"].contains($0.kind) }), let st = sh.temperature_C {
            v["short.reference_temperature_C"] = Entry(value: st, source: "calc: temperature of the Li|Li tests (\(lines([sh])))", prior: nil)
        }
        v["short.critical_current_mA_cm2"] = Entry(value: .infinity, source: "assumed: no critical-current term until a CCD row calibrates it", prior: nil)
        v["short.critical_current_activation_energy_kJ_mol"] = Entry(value: 0, source: "assumed", prior: nil)
        v["short.critical_current_exponent"] = Entry(value: 30, source: "assumed: steepness of the critical-current term (DOMAIN B 4.5)", prior: nil)
        v["short.critical_current_time_h"] = Entry(value: 1, source: "assumed: plating time to a short at exactly J_ccd", prior: nil)
    }

    /// The reference cell's format from the options (or assumed); returns the full-cell rows' cathode, checked.
    static func cellFormat(_ o: Options, _ rows: [MeasurementRow], cathodes: [String: Cathode],
                           into v: inout [String: Entry]) throws -> String? {
        let fullCell = rows.first { $0.cathode != nil }
        let cathodeID = fullCell?.cathode
        if let id = cathodeID, cathodes[id] == nil {
            throw InputError(file: fullCell!.file, line: fullCell!.line, key: "cathode",
                             message: "unknown cathode '\(id)' (known: \(cathodes.keys.sorted().joined(separator: ", ")))")
        }
        func format(_ option: Double?, _ flag: String, _ unit: String, _ assumed: Double, _ why: String) -> Entry {
            option.map { Entry(value: $0, source: "--\(flag) \(fmt($0)) \(unit)", prior: nil) } ?? Entry(value: assumed, source: "assumed: \(why) (no --\(flag) given)", prior: nil)
        }
        v["reference_cell.electrode_area_cm2"] = format(o.area_cm2, "area", "cm2", 1.13, "12 mm coin-cell electrode")
        v["reference_cell.lithium_thickness_um"] = format(o.lithiumThickness_um, "lithium-thickness", "um", 450, "standard lab Li chip (0.45 mm)")
        let defaultLoading = cathodeID.flatMap { cathodes[$0] }.map { $0.defaultLoading_kg_m2 * 100 } ?? 2
        v["reference_cell.cathode_loading_mg_cm2"] = format(o.loading_mg_cm2, "loading", "mg/cm2", defaultLoading,
                                                            "the cathode model's default loading")
        v["reference_cell.contact_asr_ohm_cm2"] = Entry(value: 2, source: "assumed: coin-cell contacts and current collectors, a few ohm cm2", prior: nil)
        return cathodeID
    }

    static func modelText(_ o: Options, values v: [String: Entry], cathodeID: String?, study: String, rows: [MeasurementRow]) -> String {
        let kinds = Array(Set(rows.map(\.kind))).sorted()
        var s = "# \(o.id): a \(o.family) electrolyte written by celltwin new electrolyte from \(o.dataFileName) (\(rows.count) rows: "
        s += kinds.joined(separator: ", ") + ").\n# Numbers the rows give are labelled with their lines; the cell format comes from the options or is labelled\n"
        s += "# assumed; every other number is the family default (prior: family default). celltwin calibrate refits the keys the\n"
        s += "# fit set-up frees and writes its own sources.\n\n"
        s += "id = \(ModelFileWriter.tomlString(o.id))\nname = \(ModelFileWriter.tomlString("\(o.id) (\(o.family))"))\n"
        s += "study = \(ModelFileWriter.tomlString(study))\nfamily = \(ModelFileWriter.tomlString(o.family))\n"
        for t in ElectrolyteKeys.tables {
            s += "\n[\(t.name)]   # \(t.comment)\n"
            if t.name == "conductivity" { s += "law = \"arrhenius\"\n" }
            if t.name == "reference_cell", let c = cathodeID { s += "cathode = \(ModelFileWriter.tomlString(c))   # the cathode of the full-cell rows\n" }
            for k in ElectrolyteKeys.keys(inTable: t.name) where k.applies(toLaw: "arrhenius") {
                let comment = k.unit.isEmpty ? "" : "   # \(k.unit)"
                guard let e = v[k.path] else {
                    if case .optional(let x, let meaning) = k.absent, x.isNaN {
                        s += "# \(k.key) = { value = …, source = \"…\" }   # optional; absent: \(meaning)\n"
                    }
                    continue
                }
                let prior = e.prior.map { $0.tomlFields + ", " } ?? ""
                s += "\(k.key) = { value = \(ModelFileWriter.tomlNumber(e.value)), \(prior)source = \(ModelFileWriter.tomlString(e.source)) }\(comment)\n"
            }
        }
        return s
    }

    /// The fit set-up: one `[[free]]` per key the rows determine (DOMAIN A5), the cell format as labelled assumptions.
    static func fitText(_ o: Options, rows: [MeasurementRow], values v: [String: Entry], cathodeID: String?) throws -> String {
        var free: [(key: String, why: String, initial: Double?)] = []
        func add(_ key: String, _ why: String, initial: Double? = nil) {
            if !free.contains(where: { $0.key == key }) { free.append((key, why, initial)) }
        }
        func lines(_ kind: String) -> [MeasurementRow] { rows.filter { $0.kind == kind } }
        func at(_ rs: [MeasurementRow]) -> String { "\(o.dataFileName):" + rs.map { String($0.line) }.joined(separator: ",") }
        let sigma = lines("conductivity")
        if !sigma.isEmpty { add("conductivity.sigma_S_cm", "conductivity rows \(at(sigma))") }
        if Set(sigma.compactMap(\.temperature_C)).count >= 2 || !lines("activation_energy").isEmpty {
            add("conductivity.activation_energy_kJ_mol", "conductivity at two or more temperatures, or an Ea row")
        }
        for kind in ["transference", "interface_resistance", "symmetric_polarization", "rate_capability", "cycling_retention",
                     "cycling_life", "coulombic_efficiency", "symmetric_short", "ccd"] {
            let rs = lines(kind)
            guard let first = rs.first, let k = MeasurementKinds.kind(kind) else { continue }
            for key in k.frees {
                let name = key.replacingOccurrences(of: "<cathode>", with: first.cathode ?? cathodeID ?? "LFP")
                var initial: Double?
                if name == "short.time_to_short_h" { initial = first.value }       // the family default is inf
                if name == "short.critical_current_mA_cm2" { initial = first.value }
                add(name, "\(kind) rows \(at(rs))", initial: initial)
            }
        }
        guard !free.isEmpty else {
            throw InputError(file: rows.first?.file ?? o.dataFileName, message: "no row determines a model parameter (see `celltwin new measurements` for the kinds and what each fixes)")
        }
        var s = "# Fit set-up for \(o.id), written by celltwin new electrolyte from \(o.dataFileName).\n"
        s += "# Free: what the measurement rows determine (DOMAIN A5); everything else keeps the model file's value.\n"
        s += "#   celltwin calibrate <this file>   (writes the model file of \(o.id))\n\n"
        s += "electrolyte = \(ModelFileWriter.tomlString(o.id))\ndata = [\(ModelFileWriter.tomlString(o.dataFileName))]\n"
        for f in free {
            s += "\n[[free]]\nkey = \(ModelFileWriter.tomlString(f.key))   # \(f.why)\n"
            if let x = f.initial { s += "initial = \(ModelFileWriter.tomlNumber(x))\n" }
        }
        let checks = lines("overpotential_scaling")
        if !checks.isEmpty {
            // A straight line through simulated points moves no parameter; fitted, it would cost a simulation per
            // temperature at every iteration.
            s += "\n[weights]\noverpotential_scaling = 0   # \(at(checks)): a shape check, evaluated by celltwin validate\n"
        }
        s += "\n[assumptions]   # the cell format, as the model file's [transport] and [reference_cell]\n"
        for (name, path) in [("thickness_um", "transport.thickness_um"), ("electrode_area_cm2", "reference_cell.electrode_area_cm2"),
                             ("cathode_loading_mg_cm2", "reference_cell.cathode_loading_mg_cm2"),
                             ("lithium_thickness_um", "reference_cell.lithium_thickness_um")] {
            guard let e = v[path] else { continue }
            s += "\(name) = { value = \(ModelFileWriter.tomlNumber(e.value)), source = \(ModelFileWriter.tomlString(e.source)) }\n"
        }
        if let c = cathodeID { s += "cathode = { value = \(ModelFileWriter.tomlString(c)), source = \"\(o.dataFileName): the cathode of the full-cell rows\" }\n" }
        return s
    }

    static func fmt(_ x: Double) -> String { String(format: "%g", x) }
}
