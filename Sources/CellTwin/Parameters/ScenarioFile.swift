import Foundation

/// Reads `Scenarios/*.toml`.
public enum ScenarioFile {
    public static func load(path: String) throws -> Scenario {
        let file = try ParameterFile(path: path)
        let r = file.rootSection
        // "sweep": a [sweep] section is read by `celltwin sweep` (SweepScenarioFile) and not used here.
        try r.rejectUnknownKeys(["name", "description", "source", "cell", "conditions", "experiment", "output", "expected",
                                 "end_of_life", "sweep"])
        var endOfLife: Double?
        if let eol = try r.section("end_of_life", required: false) {
            try eol.rejectUnknownKeys(["retention"])
            endOfLife = try eol.number("retention", .closed(1e-6...1))
        }
        let cell = try r.requiredSection("cell")
        try cell.rejectUnknownKeys(["electrolyte", "cathode", "loading_mg_cm2", "electrode_area_cm2", "lithium_thickness_um",
                                    "c_rate_basis_mAh_g"])
        let cond = try r.requiredSection("conditions")
        try cond.rejectUnknownKeys(["temperature_C", "temperatures_C", "initial_soc"])
        let temperatures: [Double]
        if cond.has("temperatures_C") {
            temperatures = try cond.numberArray("temperatures_C", .limit(.temperature_C))
            guard !temperatures.isEmpty else { throw cond.error("temperatures_C", "needs at least one temperature") }
        } else {
            temperatures = [try cond.number("temperature_C", .limit(.temperature_C))]
        }
        let experiment = try experimentBlocks(r, path: path)
        let (trace, plots) = try outputOptions(r)
        let expected = try expectedValues(r, temperatures: temperatures)
        var scenario = Scenario(
            name: try r.string("name"), description: try r.optionalString("description") ?? "",
            electrolyteID: try cell.string("electrolyte"), cathodeID: try cell.string("cathode"),
            loading_kg_m2: try cell.optionalNumber("loading_mg_cm2", .limit(.loading_mg_cm2)).map { Units.kg_m2(mg_cm2: $0) },
            electrodeArea_m2: try cell.optionalNumber("electrode_area_cm2", .limit(.electrodeArea_cm2)).map { $0 * 1e-4 },
            lithiumThickness_m: try cell.optionalNumber("lithium_thickness_um", .positive).map { $0 * 1e-6 },
            cRateBasis_C_kg: try cell.optionalNumber("c_rate_basis_mAh_g", .limit(.cRateBasis_mAh_g)).map { Units.C_kg(mAh_g: $0) },
            temperatures_C: temperatures, initialStateOfCharge: try cond.optionalNumber("initial_soc", .closed(0...1)),
            experiment: experiment, recordTrace: trace, plotCycles: plots, expected: expected, endOfLife: endOfLife)
        let key = cond.has("temperatures_C") ? "temperatures_C" : "temperature_C"
        let location = cond.error(key, "")
        scenario.temperatureSource = (file: path, line: location.line, key: location.key ?? "conditions.\(key)")
        return scenario
    }

    /// The `[[experiment]]` blocks: each a list of step strings (or profile runs) repeated `repeat` times.
    static func experimentBlocks(_ r: Section, path: String) throws -> Experiment {
        let blocks = try r.sections("experiment")
        guard !blocks.isEmpty else { throw r.error(nil, "missing [[experiment]] blocks (each with steps = [...] and repeat = N)") }
        return Experiment(blocks: try blocks.map { b in
            try b.rejectUnknownKeys(["steps", "repeat"])
            let texts = try b.stringArray("steps")
            guard !texts.isEmpty else { throw b.error("steps", "needs at least one step") }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            let steps = try texts.enumerated().flatMap { index, text -> [Step] in
                do {
                    // "Run current profile FILE.csv": the profile's steps (DriveProfile), one run per step text.
                    if let profile = try DriveProfile.steps(parsing: text, relativeTo: directory, run: index + 1) { return profile }
                    return [try Step(parsing: text)]
                } catch let e as ExperimentError {
                    throw b.error("steps", e.description, near: "\"\(text)\"")
                } catch let e as InputError where e.file != path {
                    // A profile file's error: where the profile is, and the scenario step that reads it.
                    throw b.error("steps", "the profile of \"\(text)\": \(e.description)", near: "\"\(text)\"")
                }
            }
            let repeatCount = try b.optionalInt("repeat", min: 1) ?? 1
            try b.checkLimit("repeat", Double(repeatCount), .cycles)
            return ExperimentBlock(steps: steps, repeatCount: repeatCount)
        })
    }

    /// The `[output]` section: whether to keep the trace, and the cycles to plot.
    static func outputOptions(_ r: Section) throws -> (trace: Bool, plotCycles: [Int]) {
        var trace = false, plots: [Int] = []
        if let out = try r.section("output", required: false) {
            try out.rejectUnknownKeys(["trace", "plot_cycles"])
            trace = try out.optionalBool("trace") ?? false
            if out.has("plot_cycles") {
                plots = try out.numberArray("plot_cycles", .limit(.cycles)).enumerated().map { k, x in
                    guard let c = Int(checked: x), Double(c) == x else {
                        throw out.error("plot_cycles", "item \(k + 1) must be a whole cycle number, got \(x)")
                    }
                    return c
                }
            }
        }
        return (trace, plots)
    }

    /// The `[[expected]]` values, each at one of the scenario's `temperatures`, °C.
    static func expectedValues(_ r: Section, temperatures: [Double]) throws -> [ExpectedValue] {
        try r.sections("expected").map { e -> ExpectedValue in
            try e.rejectUnknownKeys(["cycle", "temperature_C", "quantity", "value", "tolerance", "qualifier", "source"])
            let qualifier = try e.optionalString("qualifier") ?? "="
            guard ["=", "<", ">"].contains(qualifier) else { throw e.error("qualifier", "use \"=\", \"<\" or \">\"") }
            let q = try e.string("quantity")
            guard ExpectedValue.quantities.contains(q) else {
                throw e.error("quantity", "unknown quantity '\(q)' (use \(ExpectedValue.quantities.joined(separator: ", ")))")
            }
            let t = try e.optionalNumber("temperature_C") ?? temperatures[0]
            guard temperatures.contains(t) else { throw e.error("temperature_C", "\(t) °C is not one of the scenario's temperatures") }
            return ExpectedValue(cycle: try e.optionalInt("cycle", min: 1) ?? 1, temperature_C: t, quantity: q,
                                 value: try e.number("value", .closed(ExpectedValue.ranges[q] ?? 1e-300...1e300)),
                                 relativeTolerance: try e.number("tolerance", .closed(1e-6...100)),
                                 qualifier: qualifier, source: try e.string("source"))
        }
    }
}
