import Foundation

/// One seed measurement row compared with the shipped twin (`celltwin validate`).
public struct ValidationRow: Sendable, Encodable {
    public var electrolyte: String
    /// Study tag and "file:line" of the row.
    public var source: String
    public var location: String
    public var kind: String
    public var quantity: String
    /// Short text such as "60 °C, 0.1 mA/cm², 0.1 mAh/cm²".
    public var conditions: String
    /// Published value (nil: not a number, e.g. "linear").
    public var measured: Double?
    /// The twin's value in the same unit (nil: not evaluated).
    public var predicted: Double?
    public var unit: String
    /// `=`, `~`, `<`, `>=`.
    public var qualifier: String
    /// Error in the unit of the tolerance: relative (fraction) for conductivity, E_a and capacity, absolute for t₊
    /// and CCD, percentage points for retention, predicted/measured for times to short.
    public var error: Double?
    /// The error as text ("+4.7 %", "−0.012", "×0.85").
    public var errorText: String
    /// The tolerance as text ("10 %", "0.02", "3 points", "factor 2", "≥ measured").
    public var tolerance: String
    /// nil: not evaluated.
    public var within: Bool?
    /// Outside tolerance and declared a data conflict by the electrolyte's fit set-up (`[[conflict]]`).
    public var declaredConflict = false
    /// Why a row was not evaluated, or a note on a failed row (the CPCSE activation-energy conflict).
    public var note: String?
    /// A scaling row's lines through its simulated points (``OverpotentialScalingObservation``); nil for other rows.
    public var lines: [OverpotentialScalingObservation.Series]? = nil

    public var evaluated: Bool { within != nil }

    enum Key: String, CodingKey {
        case electrolyte, source, location, kind, quantity, conditions, measured, predicted, unit, qualifier, error
        case error_text, tolerance, within, evaluated, note, declared_conflict, lines
    }

    /// Every key is present; a missing value is `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(electrolyte, forKey: .electrolyte)
        try c.encode(source, forKey: .source)
        try c.encode(location, forKey: .location)
        try c.encode(kind, forKey: .kind)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(conditions, forKey: .conditions)
        try c.encode(measured.flatMap { $0.isFinite ? $0 : nil }, forKey: .measured)
        try c.encode(predicted.flatMap { $0.isFinite ? $0 : nil }, forKey: .predicted)
        try c.encode(unit, forKey: .unit)
        try c.encode(qualifier, forKey: .qualifier)
        try c.encode(error.flatMap { $0.isFinite ? $0 : nil }, forKey: .error)
        try c.encode(errorText, forKey: .error_text)
        try c.encode(tolerance, forKey: .tolerance)
        try c.encode(within, forKey: .within)
        try c.encode(evaluated, forKey: .evaluated)
        try c.encode(note, forKey: .note)
        try c.encode(declaredConflict, forKey: .declared_conflict)
        try c.encode(lines, forKey: .lines)
    }
}

/// Rows evaluated and inside tolerance, for one electrolyte or overall.
public struct ValidationCount: Sendable, Encodable, Equatable {
    public var rows: Int
    public var evaluated: Int
    public var within: Int
    /// Rows outside tolerance that a fit set-up declares a data conflict.
    public var declaredConflicts: Int
    public var outside: Int { evaluated - within }

    enum Key: String, CodingKey { case rows, evaluated, within, outside, not_evaluated, declared_conflicts }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(evaluated, forKey: .evaluated)
        try c.encode(within, forKey: .within)
        try c.encode(outside, forKey: .outside)
        try c.encode(rows - evaluated, forKey: .not_evaluated)
        try c.encode(declaredConflicts, forKey: .declared_conflicts)
    }
}

/// The outcome of `celltwin validate`.
public struct ValidationResult: Sendable {
    /// One per seed row, in file order (rows of electrolytes that are not shipped are listed as not evaluated).
    public var rows: [ValidationRow]
    /// Shipped electrolytes validated, in order.
    public var electrolytes: [String]
    public var dataFile: String
    public var elapsed_s: Double
    /// Leave-one-out predictions of the full-cell rows (`--leave-one-out`; empty otherwise).
    public var leaveOneOut: [LeaveOneOutRow] = []
    /// Predictions of whole conditions left out of each fit, with bands (``LeaveConditionOut``).
    public var leaveConditionOut: LeaveConditionOutResult? = nil

    public func count(_ electrolyte: String? = nil) -> ValidationCount {
        let r = rows.filter { electrolyte == nil || $0.electrolyte == electrolyte }
        return ValidationCount(rows: r.count, evaluated: r.filter(\.evaluated).count, within: r.filter { $0.within == true }.count,
                        declaredConflicts: r.filter(\.declaredConflict).count)
    }
}

/// Compares every seed measurement row with the shipped models, with the issue's tolerances.
public enum Validation {
    /// The tolerances, as stated in the reports.
    public static let toleranceText: [String] = [
        "conductivity: the twin's simulated SS|E|SS impedance measurement (1 MHz to 0.1 Hz; R_b from a circuit fit of the spectrum, σ = L/(R_b·A)) within 10 % at every measured temperature",
        "activation energy: the model's apparent E_a (mean conductivity temperature) within 10 % of the quoted value",
        "t+: the twin's simulated Bruce–Vincent experiment (the row's temperature; ΔV as the row's note states, else 10 mV) within 0.02",
        "rate-capability (and early-cycle) capacities: within 5 %; capacities after more than 10 cycles and charge capacities (from the lifetime run of the test): within 5 %",
        "cycling retention: within 3 percentage points (life simulation with cycle skipping)",
        "times to short: within a factor of 2; censored rows (qualifier >=, \"no short after N h\") are within when the model does not short before N h",
        "CCD: within one step (0.05 mA/cm²); a step test \"no short up to J\" is within when the model passes every step up to J",
        "Li|E|Li interface resistance (fresh, after storage, or after N Li|Li cycles at the current and areal capacity the row, or else the study's own Li|Li rows, give): within 20 %",
        "Li|Li polarization (|V| at the end of the last half-cycle of the stated test): within 25 %",
        "full-cell cycle life (cycles until a short or 80 % retention): within 20 %",
        "full-cell coulombic efficiency (mean of cycles 2…N of the life simulation): the charge lost per cycle, 1 − CE, within 20 %",
        "stability window: onset of a simulated linear sweep (Li|E|SS, 1 mV/s, the oxidation law) at 10 µA/cm², within 0.2 V",
        "Li|E|Li impedance spectra (Re and Im Z at each frequency): within 2 % of the measured |Z|",
        "overpotential scaling (\"linear in the membrane resistivity\"): the study's test simulated at each temperature of its rows with that cathode and C-rate; the IR drop at 100 % SoC (the instantaneous step: ohmic, kinetic and cathode-pore terms) and the plateau half-gap (charge − discharge)/2 over SoC 80–20 %, each against the membrane's R_b·A from the simulated impedance: a straight line with R² ≥ 0.98 and a positive slope through each",
        "other one-sided rows (<, >=): the inequality, with the kind's tolerance as slack",
        "temperatures a study does not state: the temperature the shipped model files and scenarios assume (the electrolyte's aging reference temperature, 60 °C for cheng2023)",
    ]

    /// Leave-one-out over the full-cell rows of every validated electrolyte whose fit set-up
    /// (`Calibration/<ID>/fit.toml` beside the data file) has at least ``LeaveOneOut/minimumPoints`` of them.
    public static func leaveOneOut(_ result: ValidationResult, library: ModelLibrary,
                                   workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [LeaveOneOutRow] {
        let calibration = URL(fileURLWithPath: result.dataFile).deletingLastPathComponent()
        var rows: [LeaveOneOutRow] = []
        for id in result.electrolytes {
            let fit = calibration.appendingPathComponent(id).appendingPathComponent("fit.toml").path
            guard FileManager.default.fileExists(atPath: fit) else { continue }
            rows += try LeaveOneOut.run(setupPath: fit, library: library, workers: workers)
        }
        return rows
    }

    /// Leave-condition-out over every validated electrolyte with a fit set-up beside the data file.
    public static func leaveConditionOut(_ result: ValidationResult, library: ModelLibrary, band: BandOptions,
                                         workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> LeaveConditionOutResult {
        let calibration = URL(fileURLWithPath: result.dataFile).deletingLastPathComponent()
        let fits = result.electrolytes.map { calibration.appendingPathComponent($0).appendingPathComponent("fit.toml").path }
            .filter { FileManager.default.fileExists(atPath: $0) }
        return try LeaveConditionOut.run(setupPaths: fits, library: library, band: band, workers: workers)
    }

    static let notShipped = "electrolyte not shipped (no model in Models/electrolytes): nothing to compare with"
    /// CCD / step tests: the current step (mA/cm²).
    static let ccdStep_mA_cm2 = FitModel.criticalCurrentStep_mA_cm2
    static let ccdMaximum_mA_cm2 = FitModel.criticalCurrentMaximum_mA_cm2

    /// Runs the comparison. `electrolyte` restricts it to one shipped electrolyte (an unknown ID is an error).
    public static func run(dataPath: String, library: ModelLibrary, electrolyte only: String? = nil,
                           workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> ValidationResult {
        let clock = Date()
        let shipped = library.electrolyteIDs
        if let only, !shipped.contains(only) {
            throw InputError(file: "electrolytes",
                             message: "unknown electrolyte '\(only)'; shipped electrolytes: \(shipped.joined(separator: ", "))")
        }
        let all = try MeasurementTable.load(path: dataPath, electrolyte: only)
        var cathodes: [String: Cathode] = [:]
        for id in library.cathodeIDs { cathodes[id] = try library.cathode(id) }
        let anode = try library.lithiumAnode()

        // Sort every row into an evaluation task or a not-evaluated row.
        var slots: [ValidationRow?] = Array(repeating: nil, count: all.count)
        var tasks: [Job] = []
        var models: [String: Electrolyte] = [:]
        let ids = shipped.filter { id in all.contains { $0.electrolyte == id } }
        for id in ids {
            let e = try library.electrolyte(id)
            models[id] = e
            let indices = all.indices.filter { all[$0].electrolyte == id }
            let rows = indices.map { all[$0] }
            let assumed = Units.celsius(kelvin: e.aging.referenceTemperature_K)
            let assumptions = FitEvaluation.Assumptions(temperature_C: assumed, cathodeID: e.referenceCell.loadingCathodeID)
            let (points, unevaluated) = FitEvaluation.points(rows: rows, electrolyteID: id, assumptions: assumptions)
            let context = Context(electrolyte: e, assumptions: assumptions, points: points, rows: rows,
                                  activation_K: FitEvaluation.activationTemperature_K(points))
            for (k, p) in points.enumerated() {
                // A CCD row is checked by the step test itself, not by the fit's continuous form.
                let work: Job.Work = p.kind == .criticalCurrent ? .stepTest(p.row) : .point(k)
                tasks.append(Job(slot: indexOf(p.row, indices, all), context: context, work: work))
            }
            for u in unevaluated {
                let slot = indexOf(u.row, indices, all)
                if isStepTest(u.row) {
                    tasks.append(Job(slot: slot, context: context, work: .stepTest(u.row)))
                } else {
                    slots[slot] = notEvaluated(u.row, reason: u.reason, assumed: assumed)
                }
            }
        }
        for (i, r) in all.enumerated() where models[r.electrolyte] == nil {
            slots[i] = notEvaluated(r, reason: notShipped, assumed: nil)
        }

        // Evaluate: one simulator per task, the longest tasks first.
        let ordered = tasks.sorted { $0.cost > $1.cost }
        let shared = SharedInputs(cathodes: cathodes, anode: anode)
        let results = try ParallelMap.run(ordered.count, workers: workers) { n in evaluate(ordered[n], shared) }
        for (n, row) in results.enumerated() { slots[ordered[n].slot] = row }
        // Conflicts the fit set-ups declare (Calibration/<ID>/fit.toml beside the data file).
        let calibration = URL(fileURLWithPath: dataPath).deletingLastPathComponent()
        for id in ids {
            let fit = calibration.appendingPathComponent(id).appendingPathComponent("fit.toml").path
            guard FileManager.default.fileExists(atPath: fit) else { continue }
            let declared = try FitSetup.load(path: fit).conflicts
            for i in slots.indices where slots[i]?.electrolyte == id && slots[i]?.within == false {
                guard let row = slots[i], let c = declared.first(where: { $0.kind == row.kind && $0.quantity == row.quantity }) else { continue }
                slots[i]?.declaredConflict = true
                slots[i]?.note = "declared data conflict (Calibration/\(id)/fit.toml): \(c.note)"
            }
        }
        return ValidationResult(rows: slots.map { $0! }, electrolytes: ids, dataFile: dataPath,
                                elapsed_s: Date().timeIntervalSince(clock))
    }

    // MARK: - Tasks

    struct Context: Sendable {
        var electrolyte: Electrolyte
        var assumptions: FitEvaluation.Assumptions
        var points: [FitPoint]
        var rows: [MeasurementRow]
        var activation_K: Double
    }

    struct SharedInputs: Sendable {
        var cathodes: [String: Cathode]
        var anode: LithiumAnode
    }

    struct Job: Sendable {
        enum Work: Sendable { case point(Int), stepTest(MeasurementRow) }
        var slot: Int
        var context: Context
        var work: Work

        /// Rough cost, to start the long runs first.
        var cost: Double {
            switch work {
            case .stepTest: return 50
            case .point(let k): return context.points[k].observation.cost(context.points[k])
            }
        }
    }

    private static func indexOf(_ row: MeasurementRow, _ indices: [Int], _ all: [MeasurementRow]) -> Int {
        indices.first { all[$0].line == row.line && all[$0].file == row.file }!
    }

    /// A `symmetric_stable` row quoting the largest current of a step test without a short (mA/cm², `>=`).
    static func isStepTest(_ r: MeasurementRow) -> Bool {
        if r.kind == "ccd" { return r.value != nil && r.arealCapacity_mAh_cm2 != nil }
        return r.kind == "symmetric_stable" && r.unit == "mA/cm2" && r.current_mA_cm2 != nil && r.value != nil
    }

    private static func evaluate(_ task: Job, _ shared: SharedInputs) -> ValidationRow {
        let c = task.context
        let assumed = c.assumptions.temperature_C
        switch task.work {
        case .stepTest(let row):
            return evaluateSymmetricSteps(row, c.electrolyte, assumed: assumed)
        case .point(let k):
            let p = c.points[k]
            do {
                // A scaling across temperatures: the simulated test, with its lines and points in the row.
                if p.kind == .overpotentialScaling {
                    let a = try FitEvaluation.overpotentialScaling(k, of: c.points, electrolyte: c.electrolyte, assumptions: c.assumptions,
                                                                   cathodes: shared.cathodes, anode: shared.anode)
                    var row = compare(p, predicted: a.score, context: c)
                    row.note = a.note
                    row.lines = [a.irDrop, a.plateau]
                    return row
                }
                var v = try FitEvaluation.predict(k, of: c.points, electrolyte: c.electrolyte, assumptions: c.assumptions,
                                                  cathodes: shared.cathodes, anode: shared.anode)
                // σ as the study measured it: the twin's simulated blocking-cell impedance (the fit uses the law).
                var note: String?
                if p.kind == .conductivity {
                    (v, note) = try ConductivityObservation.simulatedMeasurement(c.electrolyte, temperature_C: p.temperature_C ?? assumed ?? 25)
                }
                var row = compare(p, predicted: v, context: c)
                if let note { row.note = note }
                return row
            } catch {
                return notEvaluated(p.row, reason: "the model cannot be run here: \(error)", assumed: assumed)
            }
        }
    }

    // MARK: - Comparison

    /// Compares one point's prediction with its measured value under its observation's tolerance.
    static func compare(_ p: FitPoint, predicted model: Double, context c: Context) -> ValidationRow {
        var r = base(p.row, assumed: c.assumptions.temperature_C)
        let o = p.observation.compare(p, predicted: model)
        r.measured = o.measured.isNaN ? nil : o.measured
        r.predicted = o.predicted
        r.unit = o.unit
        r.error = o.error
        r.errorText = o.errorText
        r.tolerance = o.tolerance
        r.within = o.within
        r.note = o.note
        if let text = o.conditions { r.conditions = text }
        if p.kind == .activationEnergy {
            r.conditions = String(format: "apparent E_a at %.1f °C (mean conductivity temperature)", Units.celsius(kelvin: c.activation_K))
            if !o.within, let implied = impliedActivationEnergy_kJ_mol(c.rows) {
                let q = o.unit == "eV" ? implied / ActivationEnergyObservation.kJ_mol_per_eV : implied
                r.note = String(format: "conflict in the data: the quoted %@ %@ disagrees with the %.3g %@ that the study's own conductivities imply; the model follows the conductivities",
                                g(o.measured), o.unit, q, o.unit)
            }
        }
        return r
    }

    /// E_a (kJ/mol) implied by the two extreme-temperature conductivity rows (Arrhenius), if there are two.
    static func impliedActivationEnergy_kJ_mol(_ rows: [MeasurementRow]) -> Double? {
        let s = rows.filter { $0.kind == "conductivity" && $0.quantity == "sigma" && $0.unit == "S/cm" }
            .compactMap { r -> (Double, Double)? in
                guard let t = r.temperature_C, let v = r.value, v > 0 else { return nil }
                return (Units.kelvin(celsius: t), v)
            }.sorted { $0.0 < $1.0 }
        guard let lo = s.first, let hi = s.last, hi.0 > lo.0 else { return nil }
        return 8.314462618 * log(hi.1 / lo.1) / (1 / lo.0 - 1 / hi.0) / 1000
    }

    /// CCD rows (`ccd`: the critical current density, within one step) and step tests without a short (`>=`).
    static func evaluateSymmetricSteps(_ row: MeasurementRow, _ e: Electrolyte, assumed: Double?) -> ValidationRow {
        var r = base(row, assumed: assumed)
        guard let measured = row.value, let q = row.arealCapacity_mAh_cm2 ?? row.current_mA_cm2, q > 0,
              let T = row.temperature_C ?? assumed else {
            return notEvaluated(row, reason: "no areal capacity, value or temperature for the step test", assumed: assumed)
        }
        let isCCD = row.kind == "ccd"
        let start = isCCD ? ccdStep_mA_cm2 : (row.current_mA_cm2 ?? ccdStep_mA_cm2)
        let maximum = isCCD ? ccdMaximum_mA_cm2 : measured
        do {
            var o = SymmetricOptions()
            o.traceSamples = 10
            let sim = try SymmetricSimulator(electrolyte: e, temperature_C: T, options: o)
            var test = CriticalCurrentTest(start_mA_cm2: start, step_mA_cm2: ccdStep_mA_cm2, capacity_mAh_cm2: q,
                                           maximum_mA_cm2: maximum)
            // A step test that states its start current and the charge of its first half-cycle keeps that half-cycle
            // length (q/J) at every step, as the study ran it; a CCD row states a fixed charge per half-cycle.
            if !isCCD, let j = row.current_mA_cm2, j > 0 { test.halfCycleDuration_s = q / j * 3600 }
            let result = try sim.criticalCurrentDensity(test)
            let ccd = result.criticalCurrent_A_m2.map { Units.mA_cm2(A_m2: $0) } ?? 0
            r.measured = measured
            r.predicted = ccd
            r.unit = "mA/cm2"
            r.error = ccd - measured
            if isCCD {
                r.errorText = String(format: "%+.3f mA/cm²", ccd - measured) + (result.failureReason == nil ? " (no failure up to the maximum tried)" : "")
                r.tolerance = "one step (0.05 mA/cm²)"
                r.within = abs(ccd - measured) <= ccdStep_mA_cm2 + 1e-9
                if let why = result.failureReason { r.note = "the twin fails at the next step by \(why)" }
            } else {
                r.errorText = result.failureReason.map { "fails: \($0)" } ?? "no failure"
                r.tolerance = "no failure up to \(g(measured)) mA/cm²"
                r.within = result.failureReason == nil && ccd >= measured - 1e-9
            }
            if let d = test.halfCycleDuration_s {
                r.conditions += String(format: ", steps of %g mA/cm² from %g, %g h half-cycles", ccdStep_mA_cm2, start, d / 3600)
            } else {
                r.conditions += String(format: ", steps of %g mA/cm² from %g, %g mAh/cm² per half-cycle", ccdStep_mA_cm2, start, q)
            }
        } catch {
            return notEvaluated(row, reason: "the model cannot be run here: \(error)", assumed: assumed)
        }
        return r
    }

    // MARK: - Rows

    static func notEvaluated(_ row: MeasurementRow, reason: String, assumed: Double?) -> ValidationRow {
        var r = base(row, assumed: assumed)
        r.measured = row.value
        r.note = reason
        r.errorText = "—"
        r.tolerance = "—"
        return r
    }

    static func base(_ row: MeasurementRow, assumed: Double?) -> ValidationRow {
        ValidationRow(electrolyte: row.electrolyte, source: row.source, location: row.location, kind: row.kind,
                      quantity: row.quantity, conditions: conditions(row, assumed: assumed), measured: row.value,
                      predicted: nil, unit: row.unit, qualifier: row.qualifier, error: nil, errorText: "—", tolerance: "—",
                      within: nil, note: nil)
    }

    /// "60 °C (not stated; assumed), LFP, 0.5C, cycle 1000" and the like.
    static func conditions(_ row: MeasurementRow, assumed: Double?) -> String {
        var parts: [String] = []
        let needsTemperature = !["activation_energy", "glass_transition"].contains(row.kind)
        if let t = row.temperature_C {
            parts.append("\(g(t)) °C")
        } else if needsTemperature, let a = assumed {
            parts.append("\(g(a)) °C (not stated; assumed as in the model files and scenarios)")
        }
        if let c = row.cathode { parts.append(c) }
        if let c = row.cRate { parts.append("\(g(c))C") }
        if let j = row.current_mA_cm2 { parts.append("\(g(j)) mA/cm²") }
        if let q = row.arealCapacity_mAh_cm2 { parts.append("\(g(q)) mAh/cm²") }
        if let n = row.cycle { parts.append("cycle \(n)") }
        if let h = row.time_h { parts.append("\(g(h)) h") }
        if let f = row.frequency_Hz { parts.append("\(g(f)) Hz") }
        return parts.isEmpty ? "—" : parts.joined(separator: ", ")
    }

    static func g(_ x: Double) -> String { String(format: "%g", x) }
}
