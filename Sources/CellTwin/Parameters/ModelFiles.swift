import Foundation

/// Reads `Models/cathodes/*.toml` (units in every key; each number with its source).
public enum CathodeFile {
    public static func load(path: String) throws -> Cathode {
        let file = try ParameterFile(path: path, requireSources: true)
        let r = file.rootSection
        try r.rejectUnknownKeys(["id", "name", "capacity", "voltage", "ocv", "kinetics", "solid_diffusion", "aging", "electrode",
                                 "literature"])
        let ag = try r.requiredSection("aging")
        try ag.rejectUnknownKeys(["active_material_loss_per_cycle", "activation_energy_kJ_mol", "reference_temperature_C",
                                  "shuttle_plateau_end_stoichiometry"])
        let cap = try r.requiredSection("capacity")
        try cap.rejectUnknownKeys(["theoretical_mAh_g", "specific_mAh_g", "nominal_mAh_g", "default_loading_mg_cm2"])
        let volt = try r.requiredSection("voltage")
        try volt.rejectUnknownKeys(["min_V", "max_V"])
        let ocv = try r.requiredSection("ocv")
        try ocv.rejectUnknownKeys(["source", "stoichiometry", "voltage_V", "entropic_coefficient_mV_K"])
        let kin = try r.requiredSection("kinetics")
        try kin.rejectUnknownKeys(["exchange_current_mA_cm2", "activation_energy_kJ_mol", "reference_temperature_C"])
        let dif = try r.requiredSection("solid_diffusion")
        try dif.rejectUnknownKeys(["time_constant_s", "activation_energy_kJ_mol", "reference_temperature_C"])

        _ = try ocv.string("source")
        // Every number is read through its key of ``CathodeKeys``, which carries its physical range.
        let x = try ocv.numberArray(CathodeKeys.ocvStoichiometry)
        let u = try ocv.numberArray(CathodeKeys.ocvVoltage)
        guard x.count == u.count else {
            throw ocv.error("voltage_V", "has \(u.count) values but stoichiometry has \(x.count)")
        }
        do { _ = try MonotoneSpline(x: x, y: u) } catch let e as TableError { throw ocv.error("stoichiometry", e.description) }
        for i in 1..<u.count where !(u[i] < u[i - 1]) {
            throw ocv.error("voltage_V", "OCV must fall as stoichiometry rises (row \(i + 1))")
        }
        let vMin = try volt.number(CathodeKeys.minimumVoltage), vMax = try volt.number(CathodeKeys.maximumVoltage)
        guard vMax > vMin else { throw volt.error("max_V", "must exceed min_V") }
        let id = try r.string("id")
        try checkID(id, path: path, section: r)
        var pores: PoreElectrodeGeometry?
        if let el = try r.section("electrode", required: false) {
            try el.rejectUnknownKeys(["porosity", "active_volume_fraction", "active_density_g_cm3", "bruggeman_exponent"])
            let eps = try el.number(CathodeKeys.electrodePorosity)
            let phi = try el.number(CathodeKeys.activeVolumeFraction)
            guard eps + phi <= 1 else {
                throw el.error("active_volume_fraction", "porosity + active_volume_fraction must not exceed 1 (got \(eps + phi))")
            }
            pores = PoreElectrodeGeometry(porosity: eps, activeVolumeFraction: phi,
                                          activeDensity_kg_m3: try el.number(CathodeKeys.activeDensity) * 1000,
                                          bruggemanExponent: try el.number(CathodeKeys.bruggemanExponent))
        }
        let ranges = try r.section("literature", required: false).map { try CathodeLiteratureRange.read($0) } ?? [:]
        var cathode = Cathode(
            id: id, name: try r.string("name"), ocvStoichiometry: x, ocvVoltage_V: u,
            entropicCoefficient_V_K: try ocv.optionalNumber(CathodeKeys.entropicCoefficient).map { $0 * 1e-3 } ?? 0,
            specificCapacity_C_kg: Units.C_kg(mAh_g: try cap.number(CathodeKeys.specificCapacity)),
            theoreticalCapacity_C_kg: Units.C_kg(mAh_g: try cap.number(CathodeKeys.theoreticalCapacity)),
            nominalCapacity_C_kg: Units.C_kg(mAh_g: try cap.number(CathodeKeys.nominalCapacity)),
            minimumVoltage_V: vMin, maximumVoltage_V: vMax,
            exchangeCurrent: Arrhenius(
                referenceValue: Units.A_m2(mA_cm2: try kin.number(CathodeKeys.exchangeCurrentDensity)),
                activationEnergy_J_mol: Units.J_mol(kJ_mol: try kin.number(CathodeKeys.kineticsActivation)),
                referenceTemperature_K: Units.kelvin(celsius: try kin.number(CathodeKeys.kineticsReference))),
            diffusionTime_s: try dif.number(CathodeKeys.solidDiffusionTime),
            diffusionActivationEnergy_J_mol: Units.J_mol(kJ_mol: try dif.number(CathodeKeys.solidDiffusionActivation)),
            diffusionReferenceTemperature_K: Units.kelvin(celsius: try dif.number(CathodeKeys.solidDiffusionReference)),
            defaultLoading_kg_m2: Units.kg_m2(mg_cm2: try cap.number(CathodeKeys.defaultLoading)),
            // Per cycle (a throughput of 2·Q₀) → per unit of throughput over Q₀.
            activeMaterialLoss: Arrhenius(
                referenceValue: try ag.number(CathodeKeys.activeMaterialLoss) / 2,
                activationEnergy_J_mol: Units.J_mol(kJ_mol: try ag.number(CathodeKeys.agingActivation)),
                referenceTemperature_K: Units.kelvin(celsius: try ag.number(CathodeKeys.agingReference))),
            shuttlePlateauEnd: try ag.optionalNumber(CathodeKeys.shuttlePlateauEnd),
            poreGeometry: pores)
        cathode.literatureRanges = ranges
        return cathode
    }

    static func checkID(_ id: String, path: String, section: Section) throws {
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard id == stem else { throw section.error("id", "'\(id)' does not match the file name '\(stem)'") }
    }
}

/// Reads `Models/electrolytes/*.toml`, driven by the key table ``ElectrolyteKeys``: every number is checked against
/// its key's domain, keys of `[short]` and `[aging]` that are left out take their family default
/// (``ElectrolyteFamilyDefaults``), and all missing required keys are named in one error.
public enum ElectrolyteFile {
    public static func load(path: String) throws -> Electrolyte {
        try read(path: path).electrolyte
    }

    /// Priors of the file's numbers by key path (`aging.contact_loss_per_cycle`): those written in the file
    /// (`prior = …, spread = …`) and those of the family defaults the file leaves to the loader.
    public static func priors(path: String) throws -> [String: ParameterPrior] {
        try read(path: path).priors
    }

    /// The key paths the file leaves out that took their family default.
    public static func familyDefaulted(path: String) throws -> [String] {
        try read(path: path).defaulted
    }

    /// Top-level keys besides the tables of ``ElectrolyteKeys/tables``.
    static let otherTopLevelKeys = ["id", "name", "study", "family", "electrodes", "provenance"]

    /// Checks a model file's text as `load` would read it from `path` (every key in its range, every required key
    /// present), without a file on disk: `celltwin calibrate` checks what it is about to write.
    public static func check(text: String, path: String) throws {
        _ = try read(file: ParameterFile(string: text, path: path, requireSources: true), checkingFileName: false)
    }

    static func read(path: String) throws -> (electrolyte: Electrolyte, priors: [String: ParameterPrior], defaulted: [String]) {
        try read(file: ParameterFile(path: path, requireSources: true))
    }

    /// - Parameter checkingFileName: the id must match the file's name (false for a file about to be written under
    ///   another name, `calibrate --model-out`).
    static func read(file: ParameterFile, checkingFileName: Bool = true)
        throws -> (electrolyte: Electrolyte, priors: [String: ParameterPrior], defaulted: [String]) {
        let path = file.path
        let r = file.rootSection
        try r.rejectUnknownKeys(Set(otherTopLevelKeys + ElectrolyteKeys.tables.map(\.name)))
        let id = try r.string("id")
        if checkingFileName { try CathodeFile.checkID(id, path: path, section: r) }
        let family = try r.string("family")
        let c = try r.requiredSection("conductivity")
        let law = try c.string("law")
        guard ElectrolyteKeys.laws.contains(law) else {
            throw c.error("law", "unknown conductivity law '\(law)' (use \(ElectrolyteKeys.laws.joined(separator: ", ")))")
        }
        var sections: [String: Section] = [:]
        for t in ElectrolyteKeys.tables {
            guard let s = try r.section(t.name, required: false) else { continue }
            let text = ElectrolyteKeys.textKeys.filter { $0.table == t.name }.map(\.key)
            try s.rejectUnknownKeys(Set(ElectrolyteKeys.keys(inTable: t.name).filter { $0.applies(toLaw: law) }.map(\.key) + text))
            sections[t.name] = s
        }
        var e = blank(id: id, name: try r.string("name"), study: try r.string("study"), family: family, law: law)
        var missing: [String] = [], defaulted: [String] = [], priors: [String: ParameterPrior] = [:]
        for k in ElectrolyteKeys.all where k.applies(toLaw: law) {
            if let s = sections[k.table], s.has(k.key) {
                k.set(&e, try s.number(k.key, k.domain, unit: k.unit))
                if let p = try s.prior(k.key) { priors[k.path] = p }
                continue
            }
            switch k.absent {
            case .required: missing.append(k.path)
            case .optional(let value, _): k.set(&e, value)
            case .familyDefault:
                guard let d = ElectrolyteFamilyDefaults.value(k.path, family: family) else { missing.append(k.path); continue }
                k.set(&e, d.value)
                defaulted.append(k.path)
                if let p = d.prior { priors[k.path] = p }
            }
        }
        if !missing.isEmpty {
            var why = "\(missing.count) key\(missing.count == 1 ? " is" : "s are") missing: \(missing.joined(separator: ", "))"
            if !ElectrolyteFamilyDefaults.families.contains(family),
               missing.contains(where: { ElectrolyteKeys.key($0).map { if case .familyDefault = $0.absent { true } else { false } } ?? false }) {
                why += " (keys of [short] and [aging] may be left out only for the families \(ElectrolyteFamilyDefaults.families.joined(separator: ", ")); family is '\(family)')"
            }
            throw InputError(file: path, message: why + "; Models/README.md lists every key with its unit")
        }
        // Checks across keys.
        let vMin = try c.number("valid_min_C"), vMax = try c.number("valid_max_C")
        guard vMax > vMin else { throw c.error("valid_max_C", "must exceed valid_min_C") }
        switch e.conductivity {
        case let .vft(_, tRef, _, t0), let .twoRegimeVFT(_, tRef, _, t0, _):
            guard t0 < tRef else { throw c.error("vft_T0_C", "T0 must lie below the reference temperature") }
            guard Units.kelvin(celsius: vMin) > t0 else { throw c.error("valid_min_C", "must lie above the VFT T0") }
            if case let .twoRegimeVFT(_, _, _, _, phase) = e.conductivity, phase.melting_K <= t0 {
                throw c.error("melting_temperature_C", "must lie above the VFT T0 (\(Units.celsius(kelvin: t0)) C)")
            }
        default: break
        }
        if let rc = sections["reference_cell"] {
            e.referenceCell.loadingCathodeID = try rc.optionalString("cathode")
        }
        if let es = try r.section("electrodes", required: false) {
            for cathodeID in es.keys.sorted() {
                guard let s = try es.section(cathodeID) else { continue }
                try s.rejectUnknownKeys(Set(CathodeKeys.electrodeOverrides.map(\.key)))
                // Each key is checked against the range of the cathode key it replaces.
                func value(_ name: String, _ k: CathodeKey) throws -> Double? { try s.optionalNumber(name, as: k) }
                e.referenceCell.electrodes[cathodeID] = ElectrodeOverrides(
                    diffusionTime_s: try value("diffusion_time_s", CathodeKeys.solidDiffusionTime),
                    diffusionActivationEnergy_J_mol: try value("diffusion_activation_energy_kJ_mol", CathodeKeys.solidDiffusionActivation)
                        .map { Units.J_mol(kJ_mol: $0) },
                    exchangeCurrent_A_m2: try value("exchange_current_mA_cm2", CathodeKeys.exchangeCurrentDensity).map { Units.A_m2(mA_cm2: $0) },
                    specificCapacity_C_kg: try value("specific_capacity_mAh_g", CathodeKeys.specificCapacity).map { Units.C_kg(mAh_g: $0) },
                    porosity: try value("porosity", CathodeKeys.electrodePorosity))
            }
        }
        return (e, priors, defaulted)
    }

    /// An electrolyte whose every number the key table then sets.
    static func blank(id: String, name: String, study: String, family: String, law: String) -> Electrolyte {
        let zero = Arrhenius(referenceValue: 0, activationEnergy_J_mol: 0, referenceTemperature_K: 298.15)
        return Electrolyte(
            id: id, name: name, study: study, family: family, conductivity: ElectrolyteKeys.ConductivityParts(law: law).law_,
            validTemperatureRange_K: 273.15...273.15, transferenceNumber: 1, thickness_m: 0, saltConcentration_mol_m3: 0,
            diffusivity: zero, lithiumExchangeCurrent: zero, lithiumInterphaseASR_ohm_m2: 0, cathodeInterphaseASR_ohm_m2: 0,
            oxidationLimit_V: 0,
            shortLaw: ShortLaw(referenceCurrent_A_m2: 1, exponent: 2, referenceTime_s: .infinity, activationEnergy_J_mol: 0,
                               referenceTemperature_K: 298.15),
            aging: .none, referenceCell: CellFormat(), electronicConductivity: zero)
    }
}

/// Reads `Models/anodes/*.toml`.
public enum AnodeFile {
    public static func load(path: String) throws -> LithiumAnode {
        let file = try ParameterFile(path: path, requireSources: true)
        let r = file.rootSection
        try r.rejectUnknownKeys(["id", "name", "properties", "foil"])
        try CathodeFile.checkID(try r.string("id"), path: path, section: r)
        _ = try r.string("name")
        let p = try r.requiredSection("properties")
        try p.rejectUnknownKeys(["specific_capacity_mAh_g", "density_g_cm3", "molar_volume_cm3_mol"])
        let f = try r.requiredSection("foil")
        try f.rejectUnknownKeys(["default_thickness_um"])
        _ = try p.number("molar_volume_cm3_mol", .positive)
        return LithiumAnode(thickness_m: try f.number("default_thickness_um", .nonNegative) * 1e-6,
                            density_kg_m3: try p.number("density_g_cm3", .positive) * 1000,
                            specificCapacity_C_kg: Units.C_kg(mAh_g: try p.number("specific_capacity_mAh_g", .positive)))
    }
}

/// The shipped (or user-supplied) model directory: `cathodes/`, `electrolytes/`.
public struct ModelLibrary: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// Finds `Models/`: an explicit path, `$CELLTWIN_MODELS`, then `Models/` in the working directory
    /// or any parent, then beside the executable or any of its parents.
    public static func locate(explicit: String? = nil) throws -> ModelLibrary {
        let fm = FileManager.default
        func valid(_ url: URL) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: url.appendingPathComponent("electrolytes").path, isDirectory: &isDir) && isDir.boolValue
        }
        if let explicit {
            let url = URL(fileURLWithPath: explicit)
            guard valid(url) else { throw InputError(file: explicit, message: "not a model directory (needs electrolytes/ and cathodes/)") }
            return ModelLibrary(directory: url)
        }
        if let env = ProcessInfo.processInfo.environment["CELLTWIN_MODELS"], !env.isEmpty {
            let url = URL(fileURLWithPath: env)
            guard valid(url) else { throw InputError(file: env, message: "CELLTWIN_MODELS is not a model directory") }
            return ModelLibrary(directory: url)
        }
        var starts = [URL(fileURLWithPath: fm.currentDirectoryPath)]
        starts.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
        for start in starts {
            var dir = start
            for _ in 0..<8 {
                let candidate = dir.appendingPathComponent("Models")
                if valid(candidate) { return ModelLibrary(directory: candidate) }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        throw InputError(file: "Models", message: "cannot find the model directory; run from the CellTwin folder or pass --models DIR")
    }

    private func ids(_ kind: String) -> [String] {
        let dir = directory.appendingPathComponent(kind)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }.sorted()
    }

    public var cathodeIDs: [String] { ids("cathodes") }
    public var electrolyteIDs: [String] { ids("electrolytes") }

    public func cathodePath(_ id: String) -> String { directory.appendingPathComponent("cathodes/\(id).toml").path }
    public func electrolytePath(_ id: String) -> String { directory.appendingPathComponent("electrolytes/\(id).toml").path }

    /// The Li-metal anode (`anodes/Li.toml`).
    public func lithiumAnode() throws -> LithiumAnode {
        try AnodeFile.load(path: directory.appendingPathComponent("anodes/Li.toml").path)
    }

    /// A cell of shipped materials; unspecified format values come from the electrolyte's reference cell.
    public func cell(electrolyte: String, cathode: String, loading_kg_m2: Double? = nil, electrodeArea_m2: Double? = nil,
                     lithiumThickness_m: Double? = nil, cRateBasis_C_kg: Double? = nil) throws -> CellDesign {
        if let l = loading_kg_m2 { try InputLimit.loading_mg_cm2.check(l * 100, source: "cathode loading") }
        if let a = electrodeArea_m2 { try InputLimit.electrodeArea_cm2.check(a * 1e4, source: "electrode area") }
        if let b = cRateBasis_C_kg { try InputLimit.cRateBasis_mAh_g.check(b / 3600, source: "C-rate basis") }
        return CellDesign(cathode: try self.cathode(cathode), electrolyte: try self.electrolyte(electrolyte), anode: try lithiumAnode(),
                   cathodeLoading_kg_m2: loading_kg_m2, electrodeArea_m2: electrodeArea_m2,
                   lithiumThickness_m: lithiumThickness_m, cRateBasis_C_kg: cRateBasis_C_kg)
    }

    public func cathode(_ id: String) throws -> Cathode {
        guard cathodeIDs.contains(id) else {
            throw InputError(file: "cathodes", message: "unknown cathode '\(id)'; shipped cathodes: \(cathodeIDs.joined(separator: ", "))")
        }
        return try CathodeFile.load(path: cathodePath(id))
    }

    public func electrolyte(_ id: String) throws -> Electrolyte {
        guard electrolyteIDs.contains(id) else {
            throw InputError(file: "electrolytes",
                             message: "unknown electrolyte '\(id)'; shipped electrolytes: \(electrolyteIDs.joined(separator: ", "))")
        }
        return try ElectrolyteFile.load(path: electrolytePath(id))
    }
}
