import ArgumentParser
import CellTwin
import Foundation

// Li | E | Li commands (DOMAIN A3): symmetric (plating/stripping), polarize (Bruce–Vincent), ccd.
// Sign convention: the first half-cycle has J > 0, which plates electrode 2.

/// Options every symmetric-cell command shares.
struct SymmetricCellOptions: ParsableArguments {
    @Option(help: "Electrolyte ID (see `celltwin list`).")
    var electrolyte: String

    @Option(help: "Temperature in °C (0–150 and inside the electrolyte's range).")
    var temperature: Double

    @Option(name: .customLong("voltage-limit"), help: "Instrument limit on |V| in volts; the run ends above it.")
    var voltageLimit: Double = SymmetricOptions().voltageLimit_V

    func validate() throws {
        guard temperature.isFinite, supportedTemperatureRange_C.contains(temperature) else {
            throw ValidationError("--temperature must lie in 0–150 °C, got \(temperature)")
        }
        guard voltageLimit.isFinite, voltageLimit > 0 else {
            throw ValidationError("--voltage-limit must be a positive number of volts, got \(voltageLimit)")
        }
    }

    /// The simulator for the shipped (or --models) electrolyte; throws on an unknown ID or a temperature
    /// outside the electrolyte's range, before anything is written.
    func simulator(_ common: CommonOptions) throws -> SymmetricSimulator {
        let library = try common.modelLibrary()
        var options = SymmetricOptions()
        options.voltageLimit_V = voltageLimit
        return try SymmetricSimulator(electrolyte: try library.electrolyte(electrolyte), temperature_C: temperature,
                                      options: options)
    }
}

/// Checks a lab-unit option is a positive, finite number.
func requirePositive(_ value: Double, _ option: String, unit: String) throws {
    guard value.isFinite, value > 0 else {
        throw ValidationError("--\(option) must be a positive number of \(unit), got \(value)")
    }
}

/// Writes files atomically (each complete or absent) into `directory`.
func writeAtomically(_ files: [(name: String, contents: String)], to directory: String) throws {
    let dir = URL(fileURLWithPath: directory)
    for f in files { try AtomicFile.write(f.contents, to: dir.appendingPathComponent(f.name)) }
}

struct Symmetric: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Galvanostatic plating/stripping of a Li | electrolyte | Li cell until a time or a short.",
        discussion: """
        Alternates ±current (the first half-cycle plates electrode 2), each half-cycle passing --capacity. \
        Prints |V| at the end of half-cycles (checkpoints) and the time to short. With --output: result.json, \
        half_cycles.csv (every half-cycle), trace.csv (thinned: half-cycle ends plus about 4000 samples) and voltage.svg.
        """)

    @OptionGroup var cell: SymmetricCellOptions

    @Option(help: "Current density in mA/cm² (> 0).")
    var current: Double

    @Option(help: "Areal capacity per half-cycle in mAh/cm² (> 0).")
    var capacity: Double

    @Option(help: "Total time in hours (> 0).")
    var hours: Double

    @Option(help: """
        Overpotential checkpoints printed: evenly spread half-cycles, the first and last included \
        (default: 20 in the table, 100 in JSON and CSV).
        """)
    var checkpoints: Int?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        try requirePositive(current, "current", unit: "mA/cm²")
        try requirePositive(capacity, "capacity", unit: "mAh/cm²")
        try requirePositive(hours, "hours", unit: "hours")
        if let checkpoints, checkpoints < 2 { throw ValidationError("--checkpoints must be at least 2, got \(checkpoints)") }
    }

    func run() throws {
        do {
            let test = PlatingStripping(current_mA_cm2: current, capacity_mAh_cm2: capacity, duration_h: hours)
            try test.validate()
            let sim = try cell.simulator(common)
            let result = try sim.platingStripping(test)
            let shown = PlatingStrippingRecord(result, checkpoints: checkpoints ?? (common.format == .table ? 20 : 100))
            let json = try SolutionReport.json(shown)
            if let dir = common.output {
                let title = String(format: "Li | %@ | Li, %g °C, ±%g mA/cm², %g mAh/cm²", cell.electrolyte, cell.temperature,
                                   current, capacity)
                try writeAtomically([
                    ("result.json", try SolutionReport.json(PlatingStrippingRecord(result, checkpoints: 100))),
                    ("half_cycles.csv", SymmetricReport.halfCyclesCSV(result.halfCycles)),
                    ("trace.csv", SymmetricReport.traceCSV(result.trace)),
                    ("voltage.svg", SymmetricReport.voltageChart(result.trace, title: title)),
                ], to: dir)
            }
            switch common.format {
            case .json: print(json, terminator: "")
            case .csv: print(SymmetricReport.overpotentialCSV(shown), terminator: "")
            case .table:
                print(SymmetricReport.table(shown), terminator: "")
                if let dir = common.output { print("files written to \(dir)") }
            }
        } catch let e as ExitCode { throw e } catch { throw fail(error) }
    }
}

/// A voltage written with its unit: "10mV", "10 mV", "0.01V", "500 uV" (or µV).
struct VoltageText {
    static func volts(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("mV", 1e-3), ("uV", 1e-6), ("µV", 1e-6), ("V", 1)]
        for (suffix, factor) in units where s.hasSuffix(suffix) {
            let number = s.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            guard let x = Double(number), x.isFinite else { return nil }
            return x * factor
        }
        return nil
    }
}

struct Polarize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bruce–Vincent polarization of a Li | electrolyte | Li cell: I0, Iss, R0, Rss and t+.",
        discussion: """
        Holds ΔV from t = 0 (the current is solved at every step) until the salt profile is steady, or for --hours. \
        R0 and Rss are the interfacial resistances (linearised charge transfer + interphase, both electrodes) \
        at the start and at the end, as EIS would give them; currents in A and resistances in Ω refer to the \
        electrolyte's reference-cell electrode area. With --output: result.json, trace.csv and current.svg.
        """)

    @OptionGroup var cell: SymmetricCellOptions

    @Option(help: "Polarization step with its unit, e.g. 10mV, 10 mV or 0.01V.")
    var dv: String

    @Option(help: "Run length in hours (default: until steady state, at least three diffusion times).")
    var hours: Double?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard let v = VoltageText.volts(dv) else {
            throw ValidationError("--dv '\(dv)' is not a voltage; write it like 10mV, 10 mV or 0.01V")
        }
        guard v > 0, v <= BruceVincentTest.maximumStepVoltage_V else {
            throw ValidationError(String(format: "--dv must lie in (0, %g V], got %@", BruceVincentTest.maximumStepVoltage_V, dv))
        }
        if let hours { try requirePositive(hours, "hours", unit: "hours") }
    }

    func run() throws {
        do {
            guard let v = VoltageText.volts(dv) else { throw ValidationError("--dv '\(dv)' is not a voltage") }
            let test = BruceVincentTest(stepVoltage_V: v, duration_s: hours.map { $0 * 3600 })
            try test.validate()
            let sim = try cell.simulator(common)
            let result = try sim.bruceVincent(test)
            let record = BruceVincentRecord(result)
            let json = try SolutionReport.json(record)
            if let dir = common.output {
                let title = String(format: "Bruce–Vincent: Li | %@ | Li, %g °C, ΔV = %g mV", cell.electrolyte,
                                   cell.temperature, v * 1000)
                try writeAtomically([
                    ("result.json", json),
                    ("trace.csv", SymmetricReport.currentTraceCSV(result.trace, electrodeArea_m2: result.electrodeArea_m2)),
                    ("current.svg", SymmetricReport.currentChart(result.trace, electrodeArea_m2: result.electrodeArea_m2,
                                                                 title: title)),
                ], to: dir)
            }
            switch common.format {
            case .json: print(json, terminator: "")
            case .csv: print(SymmetricReport.bruceVincentCSV(record), terminator: "")
            case .table:
                print(SymmetricReport.table(record), terminator: "")
                if let dir = common.output { print("files written to \(dir)") }
            }
        } catch let e as ExitCode { throw e } catch { throw fail(error) }
    }
}

struct CCD: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ccd",
        abstract: "Critical-current-density step test of a Li | electrolyte | Li cell.",
        discussion: """
        Raises the current from --start by --step up to --max, each step --cycles-per-step cycles of ±J with \
        --capacity per half-cycle. A step fails on a short (short law), Sand onset (salt exhausted at the plating \
        electrode) or |V| above --voltage-limit; the critical current density is the last step that passed. \
        With --output: result.json, steps.csv, half_cycles.csv, trace.csv and voltage.svg.
        """)

    @OptionGroup var cell: SymmetricCellOptions

    @Option(help: "First current density in mA/cm².")
    var start: Double

    @Option(help: "Current increment in mA/cm².")
    var step: Double

    @Option(help: "Areal capacity per half-cycle in mAh/cm².")
    var capacity: Double

    @Option(name: .customLong("cycles-per-step"), help: "Cycles (a +J and a −J half-cycle each) per step.")
    var cyclesPerStep: Int = 1

    @Option(help: "Largest current density tried, mA/cm².")
    var max: Double = 5

    @OptionGroup var common: CommonOptions

    func validate() throws {
        try requirePositive(start, "start", unit: "mA/cm²")
        try requirePositive(step, "step", unit: "mA/cm²")
        try requirePositive(capacity, "capacity", unit: "mAh/cm²")
        try requirePositive(max, "max", unit: "mA/cm²")
        guard cyclesPerStep >= 1 else { throw ValidationError("--cycles-per-step must be at least 1, got \(cyclesPerStep)") }
        guard max >= start else { throw ValidationError("--max (\(max)) must not lie below --start (\(start))") }
    }

    func run() throws {
        do {
            let test = CriticalCurrentTest(start_mA_cm2: start, step_mA_cm2: step, capacity_mAh_cm2: capacity,
                                           cyclesPerStep: cyclesPerStep, maximum_mA_cm2: max)
            try test.validate()
            let sim = try cell.simulator(common)
            let result = try sim.criticalCurrentDensity(test)
            let record = CriticalCurrentRecord(result)
            let json = try SolutionReport.json(record)
            if let dir = common.output {
                let title = String(format: "CCD: Li | %@ | Li, %g °C, %g mAh/cm² per half-cycle", cell.electrolyte,
                                   cell.temperature, capacity)
                try writeAtomically([
                    ("result.json", json),
                    ("steps.csv", SymmetricReport.criticalCurrentCSV(record)),
                    ("half_cycles.csv", SymmetricReport.halfCyclesCSV(result.halfCycles)),
                    ("trace.csv", SymmetricReport.traceCSV(result.trace)),
                    ("voltage.svg", SymmetricReport.voltageChart(result.trace, title: title)),
                ], to: dir)
            }
            switch common.format {
            case .json: print(json, terminator: "")
            case .csv: print(SymmetricReport.criticalCurrentCSV(record), terminator: "")
            case .table:
                print(SymmetricReport.table(record), terminator: "")
                if let dir = common.output { print("files written to \(dir)") }
            }
        } catch let e as ExitCode { throw e } catch { throw fail(error) }
    }
}
