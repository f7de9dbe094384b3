import Foundation

/// Reads `Models/cathodes/*.toml` (units in every key; each number with its source).
public enum CathodeFile {
    public static func load(path: String) throws -> Cathode {
        let file = try ParameterFile(path: path, requireSources: true)
        let r = file.rootSection
        try r.rejectUnknownKeys(["id", "name", "capacity", "voltage", "ocv", "kinetics", "solid_diffusion", "aging"])
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
        let x = try ocv.numberArray("stoichiometry", .closed(0...1))
        let u = try ocv.numberArray("voltage_V", .closed(0...6))
        guard x.count == u.count else {
            throw ocv.error("voltage_V", "has \(u.count) values but stoichiometry has \(x.count)")
        }
        do { _ = try MonotoneSpline(x: x, y: u) } catch let e as TableError { throw ocv.error("stoichiometry", e.description) }
        for i in 1..<u.count where !(u[i] < u[i - 1]) {
            throw ocv.error("voltage_V", "OCV must fall as stoichiometry rises (row \(i + 1))")
        }
        let vMin = try volt.number("min_V", .closed(0...6)), vMax = try volt.number("max_V", .closed(0...6))
        guard vMax > vMin else { throw volt.error("max_V", "must exceed min_V") }
        let id = try r.string("id")
        try checkID(id, path: path, section: r)
        return Cathode(
            id: id, name: try r.string("name"), ocvStoichiometry: x, ocvVoltage_V: u,
            entropicCoefficient_V_K: try ocv.optionalNumber("entropic_coefficient_mV_K").map { $0 * 1e-3 } ?? 0,
            specificCapacity_C_kg: Units.C_kg(mAh_g: try cap.number("specific_mAh_g", .positive)),
            theoreticalCapacity_C_kg: Units.C_kg(mAh_g: try cap.number("theoretical_mAh_g", .positive)),
            nominalCapacity_C_kg: Units.C_kg(mAh_g: try cap.number("nominal_mAh_g", .positive)),
            minimumVoltage_V: vMin, maximumVoltage_V: vMax,
            exchangeCurrent: Arrhenius(
                referenceValue: Units.A_m2(mA_cm2: try kin.number("exchange_current_mA_cm2", .positive)),
                activationEnergy_J_mol: Units.J_mol(kJ_mol: try kin.number("activation_energy_kJ_mol", .nonNegative)),
                referenceTemperature_K: Units.kelvin(celsius: try kin.number("reference_temperature_C", .closed(-50...200)))),
            diffusionTime_s: try dif.number("time_constant_s", .positive),
            diffusionActivationEnergy_J_mol: Units.J_mol(kJ_mol: try dif.number("activation_energy_kJ_mol", .nonNegative)),
            diffusionReferenceTemperature_K: Units.kelvin(celsius: try dif.number("reference_temperature_C", .closed(-50...200))),
            defaultLoading_kg_m2: Units.kg_m2(mg_cm2: try cap.number("default_loading_mg_cm2", .positive)),
            // Per cycle (a throughput of 2·Q₀) → per unit of throughput over Q₀.
            activeMaterialLoss: Arrhenius(
                referenceValue: try ag.number("active_material_loss_per_cycle", .closed(0...0.5)) / 2,
                activationEnergy_J_mol: Units.J_mol(kJ_mol: try ag.number("activation_energy_kJ_mol", .nonNegative)),
                referenceTemperature_K: Units.kelvin(celsius: try ag.number("reference_temperature_C", .closed(-50...200)))),
            shuttlePlateauEnd: try ag.optionalNumber("shuttle_plateau_end_stoichiometry", .closed(1e-6...1)))
    }

    static func checkID(_ id: String, path: String, section: Section) throws {
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        guard id == stem else { throw section.error("id", "'\(id)' does not match the file name '\(stem)'") }
    }
}

/// Reads `Models/electrolytes/*.toml`.
public enum ElectrolyteFile {
    public static func load(path: String) throws -> Electrolyte {
        let file = try ParameterFile(path: path, requireSources: true)
        let r = file.rootSection
        try r.rejectUnknownKeys(["id", "name", "study", "family", "conductivity", "transport", "lithium_interface",
                                 "cathode_interface", "stability", "short", "aging", "reference_cell", "electrodes", "provenance"])
        let id = try r.string("id")
        try CathodeFile.checkID(id, path: path, section: r)
        let tempC: Section.Domain = .closed(-100...300)

        let c = try r.requiredSection("conductivity")
        let law = try c.string("law")
        let common: Set<String> = ["law", "reference_temperature_C", "sigma_S_cm", "valid_min_C", "valid_max_C"]
        let tRef = Units.kelvin(celsius: try c.number("reference_temperature_C", tempC))
        let sigmaRef = Units.S_m(S_cm: try c.number("sigma_S_cm", .positive))
        let conductivity: ConductivityLaw
        switch law {
        case "arrhenius":
            try c.rejectUnknownKeys(common.union(["activation_energy_kJ_mol"]))
            conductivity = .arrhenius(Arrhenius(referenceValue: sigmaRef,
                activationEnergy_J_mol: Units.J_mol(kJ_mol: try c.number("activation_energy_kJ_mol", .nonNegative)),
                referenceTemperature_K: tRef))
        case "vft":
            try c.rejectUnknownKeys(common.union(["vft_B_K", "vft_T0_C"]))
            let t0 = Units.kelvin(celsius: try c.number("vft_T0_C", tempC))
            guard t0 < tRef else { throw c.error("vft_T0_C", "T0 must lie below the reference temperature") }
            conductivity = .vft(sigmaRef_S_m: sigmaRef, referenceTemperature_K: tRef,
                                pseudoActivation_K: try c.number("vft_B_K", .positive), idealGlassTemperature_K: t0)
        case "two-regime":
            try c.rejectUnknownKeys(common.union(["activation_energy_kJ_mol", "melting_temperature_C", "melting_width_K",
                                                  "low_activation_energy_kJ_mol", "melting_jump"]))
            conductivity = .twoRegime(
                high: Arrhenius(referenceValue: sigmaRef,
                                activationEnergy_J_mol: Units.J_mol(kJ_mol: try c.number("activation_energy_kJ_mol", .nonNegative)),
                                referenceTemperature_K: tRef),
                melting_K: Units.kelvin(celsius: try c.number("melting_temperature_C", tempC)),
                meltingWidth_K: try c.number("melting_width_K", .positive),
                lowActivationEnergy_J_mol: Units.J_mol(kJ_mol: try c.number("low_activation_energy_kJ_mol", .nonNegative)),
                meltingJump: try c.number("melting_jump", .closed(1e-6...1)))
        default:
            throw c.error("law", "unknown conductivity law '\(law)' (use arrhenius, vft or two-regime)")
        }
        let vMin = try c.number("valid_min_C", tempC), vMax = try c.number("valid_max_C", tempC)
        guard vMax > vMin else { throw c.error("valid_max_C", "must exceed valid_min_C") }
        if case .vft(_, _, _, let t0) = conductivity, Units.kelvin(celsius: vMin) <= t0 {
            throw c.error("valid_min_C", "must lie above the VFT T0")
        }

        let tr = try r.requiredSection("transport")
        try tr.rejectUnknownKeys(["reference_temperature_C", "transference_number", "thickness_um", "salt_concentration_mol_L",
                                  "diffusivity_m2_s", "diffusivity_activation_energy_kJ_mol",
                                  "electronic_conductivity_S_cm", "electronic_activation_energy_kJ_mol"])
        let trRef = Units.kelvin(celsius: try tr.number("reference_temperature_C", tempC))
        let li = try r.requiredSection("lithium_interface")
        try li.rejectUnknownKeys(["reference_temperature_C", "exchange_current_mA_cm2", "activation_energy_kJ_mol",
                                  "interphase_asr_ohm_cm2"])
        let ci = try r.requiredSection("cathode_interface")
        try ci.rejectUnknownKeys(["interphase_asr_ohm_cm2"])
        let st = try r.requiredSection("stability")
        try st.rejectUnknownKeys(["oxidation_limit_V"])
        let sh = try r.requiredSection("short")
        try sh.rejectUnknownKeys(["reference_temperature_C", "reference_current_mA_cm2", "exponent", "time_to_short_h",
                                  "activation_energy_kJ_mol", "critical_current_mA_cm2",
                                  "critical_current_activation_energy_kJ_mol", "critical_current_exponent",
                                  "critical_current_time_h"])
        let ag = try r.requiredSection("aging")
        try ag.rejectUnknownKeys(["reference_temperature_C", "sei_calendar_growth_ohm2_cm4_h",
                                  "sei_plating_growth_ohm2_cm4_per_mAh_cm2", "sei_activation_energy_kJ_mol",
                                  "lithium_coulombic_efficiency", "lithium_loss_activation_energy_kJ_mol",
                                  "cei_growth_ohm_cm2_h", "cei_voltage_scale_V", "cei_activation_energy_kJ_mol",
                                  "shuttle_rate_per_h", "shuttle_activation_energy_kJ_mol",
                                  "contact_loss_per_cycle", "contact_loss_activation_energy_kJ_mol"])
        let kJ: (Section, String) throws -> Double = { s, k in Units.J_mol(kJ_mol: try s.number(k, .nonNegative)) }
        let rc = try r.requiredSection("reference_cell")
        try rc.rejectUnknownKeys(["cathode", "cathode_loading_mg_cm2", "electrode_area_cm2", "contact_asr_ohm_cm2",
                                  "lithium_thickness_um", "rate_test_charge_c_rate"])
        var electrodes: [String: ElectrodeOverrides] = [:]
        if let es = try r.section("electrodes", required: false) {
            for cathodeID in es.keys.sorted() {
                guard let s = try es.section(cathodeID) else { continue }
                try s.rejectUnknownKeys(["diffusion_time_s", "diffusion_activation_energy_kJ_mol", "exchange_current_mA_cm2",
                                         "specific_capacity_mAh_g"])
                electrodes[cathodeID] = ElectrodeOverrides(
                    diffusionTime_s: try s.optionalNumber("diffusion_time_s", .positive),
                    diffusionActivationEnergy_J_mol: try s.optionalNumber("diffusion_activation_energy_kJ_mol", .nonNegative)
                        .map { Units.J_mol(kJ_mol: $0) },
                    exchangeCurrent_A_m2: try s.optionalNumber("exchange_current_mA_cm2", .positive).map { Units.A_m2(mA_cm2: $0) },
                    specificCapacity_C_kg: try s.optionalNumber("specific_capacity_mAh_g", .positive).map { Units.C_kg(mAh_g: $0) })
            }
        }

        return Electrolyte(
            id: id, name: try r.string("name"), study: try r.string("study"), family: try r.string("family"),
            conductivity: conductivity,
            validTemperatureRange_K: Units.kelvin(celsius: vMin)...Units.kelvin(celsius: vMax),
            transferenceNumber: try tr.number("transference_number", .closed(1e-3...1)),
            thickness_m: try tr.number("thickness_um", .positive) * 1e-6,
            saltConcentration_mol_m3: try tr.number("salt_concentration_mol_L", .positive) * 1000,
            diffusivity: Arrhenius(referenceValue: try tr.number("diffusivity_m2_s", .positive),
                                   activationEnergy_J_mol: Units.J_mol(kJ_mol: try tr.number("diffusivity_activation_energy_kJ_mol", .nonNegative)),
                                   referenceTemperature_K: trRef),
            lithiumExchangeCurrent: Arrhenius(
                referenceValue: Units.A_m2(mA_cm2: try li.number("exchange_current_mA_cm2", .positive)),
                activationEnergy_J_mol: Units.J_mol(kJ_mol: try li.number("activation_energy_kJ_mol", .nonNegative)),
                referenceTemperature_K: Units.kelvin(celsius: try li.number("reference_temperature_C", tempC))),
            lithiumInterphaseASR_ohm_m2: Units.ohm_m2(ohm_cm2: try li.number("interphase_asr_ohm_cm2", .nonNegative)),
            cathodeInterphaseASR_ohm_m2: Units.ohm_m2(ohm_cm2: try ci.number("interphase_asr_ohm_cm2", .nonNegative)),
            oxidationLimit_V: try st.number("oxidation_limit_V", .closed(0...10)),
            shortLaw: ShortLaw(
                referenceCurrent_A_m2: Units.A_m2(mA_cm2: try sh.number("reference_current_mA_cm2", .positive)),
                exponent: try sh.number("exponent", .nonNegative),
                referenceTime_s: try sh.number("time_to_short_h", .positiveOrInfinite) * 3600,
                // May be negative: damage that grows as the cell gets colder (dendritic plating at low T).
                activationEnergy_J_mol: Units.J_mol(kJ_mol: try sh.number("activation_energy_kJ_mol", .closed(-200...200))),
                referenceTemperature_K: Units.kelvin(celsius: try sh.number("reference_temperature_C", tempC)),
                criticalCurrent_A_m2: Units.A_m2(mA_cm2: try sh.optionalNumber("critical_current_mA_cm2", .positiveOrInfinite) ?? .infinity),
                criticalCurrentActivationEnergy_J_mol: try sh.has("critical_current_activation_energy_kJ_mol")
                    ? kJ(sh, "critical_current_activation_energy_kJ_mol") : 0,
                criticalExponent: try sh.optionalNumber("critical_current_exponent", .closed(1...200)) ?? 30,
                criticalTime_s: (try sh.optionalNumber("critical_current_time_h", .positive) ?? 1) * 3600),
            aging: AgingParameters(
                referenceTemperature_K: Units.kelvin(celsius: try ag.number("reference_temperature_C", tempC)),
                // Ω² cm⁴ h⁻¹ → Ω² m⁴ s⁻¹; Ω² cm⁴ per mAh cm⁻² → Ω² m⁴ per C m⁻².
                seiCalendarRate_ohm2m4_s: try ag.number("sei_calendar_growth_ohm2_cm4_h", .nonNegative) * 1e-8 / 3600,
                seiPlatingRate_ohm2m4_per_C_m2: try ag.number("sei_plating_growth_ohm2_cm4_per_mAh_cm2", .nonNegative) * 1e-8 / 3.6e4,
                seiActivationEnergy_J_mol: try kJ(ag, "sei_activation_energy_kJ_mol"),
                lithiumInefficiency: 1 - (try ag.number("lithium_coulombic_efficiency", .closed(0.5...1))),
                lithiumLossActivationEnergy_J_mol: try kJ(ag, "lithium_loss_activation_energy_kJ_mol"),
                ceiRate_ohm_m2_s: try ag.number("cei_growth_ohm_cm2_h", .nonNegative) * 1e-4 / 3600,
                ceiVoltageScale_V: try ag.number("cei_voltage_scale_V", .positive),
                ceiActivationEnergy_J_mol: try kJ(ag, "cei_activation_energy_kJ_mol"),
                shuttleRate_per_s: try ag.number("shuttle_rate_per_h", .nonNegative) / 3600,
                shuttleActivationEnergy_J_mol: try kJ(ag, "shuttle_activation_energy_kJ_mol"),
                // Per cycle (a throughput of 2·Q₀) → per unit of throughput over Q₀.
                contactLossRate: try ag.number("contact_loss_per_cycle", .closed(0...0.5)) / 2,
                contactLossActivationEnergy_J_mol: try kJ(ag, "contact_loss_activation_energy_kJ_mol")),
            referenceCell: CellFormat(
                cathodeLoading_kg_m2: try rc.optionalNumber("cathode_loading_mg_cm2", .positive).map { Units.kg_m2(mg_cm2: $0) },
                loadingCathodeID: try rc.optionalString("cathode"),
                electrodeArea_m2: try rc.number("electrode_area_cm2", .positive) * 1e-4,
                contactASR_ohm_m2: Units.ohm_m2(ohm_cm2: try rc.number("contact_asr_ohm_cm2", .nonNegative)),
                lithiumThickness_m: try rc.optionalNumber("lithium_thickness_um", .nonNegative).map { $0 * 1e-6 },
                rateTestChargeCRate: try rc.optionalNumber("rate_test_charge_c_rate", .positive),
                electrodes: electrodes),
            // S cm⁻¹ → S m⁻¹: × 100. Absent: an ideal electronic insulator.
            electronicConductivity: Arrhenius(
                referenceValue: (try tr.optionalNumber("electronic_conductivity_S_cm", .nonNegative) ?? 0) * 100,
                activationEnergy_J_mol: Units.J_mol(kJ_mol: try tr.optionalNumber("electronic_activation_energy_kJ_mol", .nonNegative) ?? 0),
                referenceTemperature_K: trRef))
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
