import ArgumentParser
import CellTwin
import Foundation

// Li | E | Li commands (DOMAIN A3): symmetric (plating/stripping), polarize (Bruce–Vincent), ccd.
// Sign convention: the first half-cycle has J > 0, which plates electrode 2.

/// Options every symmetric-cell command shares.
struct SymmetricCellOptions: ParsableArguments {
    @Option(help: "Electrolyte ID (see `celltwin list`).")
    var electrolyte: String

    @Option(help: "Temperature: °C (60, 60 °C or 333 K), −40–150 °C and inside the electrolyte's range.",
            transform: OptionValue.temperature_C)
    var temperature: Double

    @Option(name: .customLong("voltage-limit"), help: "Instrument limit on |V| (5 or 5 V, at most 6 V); the run ends above it.",
            transform: OptionValue.volts)
    var voltageLimit: Double = SymmetricOptions().voltageLimit_V

    func validate() throws {
        guard voltageLimit > 0 else { throw ValidationError("--voltage-limit must be positive, got \(voltageLimit) V") }
    }

    /// The electrode area of the electrolyte's reference cell, cm² (converts cell currents and capacities).
    func electrodeArea_cm2(_ common: CommonOptions) throws -> Double {
        let library = try common.modelLibrary()
        return try namingModelIDs { try library.electrolyte(electrolyte) }.referenceCell.electrodeArea_m2 * 1e4
    }

    /// The simulator for the shipped (or --models) electrolyte; throws on an unknown ID or a temperature
    /// outside the electrolyte's range, before anything is written.
    func simulator(_ common: CommonOptions) throws -> SymmetricSimulator {
        let library = try common.modelLibrary()
        var options = SymmetricOptions()
        options.voltageLimit_V = voltageLimit
        return try SymmetricSimulator(electrolyte: try namingModelIDs { try library.electrolyte(electrolyte) }, temperature_C: temperature,
                                      options: options)
    }
}

/// Checks a lab-unit option is a positive, finite number.
func requirePositive(_ value: Double, _ option: String, unit: String) throws {
    guard value.isFinite, value > 0 else {
        throw ValidationError("--\(option) must be a positive number of \(unit), got \(value)")
    }
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

    @Option(help: "Current density (0.1 or 0.1 mA/cm2, 1e-4–100 mA/cm²) or cell current (100uA, 0.1 mA; divided by the reference cell's area).",
            transform: OptionValue.current)
    var current: CurrentValue

    @Option(help: "Capacity per half-cycle: mAh/cm² (0.1 or 0.1 mAh/cm2, 1e-4–100) or per cell (0.1 mAh).",
            transform: OptionValue.capacity)
    var capacity: CapacityValue

    @Option(help: "Total time: hours (400, 400 h or 2 days), at most 100000 h.", transform: OptionValue.hours)
    var hours: Double

    @Option(help: """
        Overpotential checkpoints printed: evenly spread half-cycles, the first and last included \
        (default: 20 in the table, 100 in JSON and CSV).
        """)
    var checkpoints: Int?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let checkpoints, checkpoints < 2 { throw ValidationError("--checkpoints must be at least 2, got \(checkpoints)") }
    }

    func run() throws {
        let area = try cell.electrodeArea_cm2(common)
        let current = try self.current.mA_cm2(area_cm2: area, option: "--current")
        let capacity = try self.capacity.mAh_cm2(area_cm2: area, option: "--capacity")
        let test = PlatingStripping(current_mA_cm2: current, capacity_mAh_cm2: capacity, duration_h: hours)
        try test.validate()
        let sim = try cell.simulator(common)
        let result = try sim.platingStripping(test)
        let title = String(format: "Li | %@ | Li, %g °C, ±%g mA/cm², %g mAh/cm²", cell.electrolyte, cell.temperature, current, capacity)
        try emit(PlatingStrippingReport(result, checkpoints: checkpoints, title: title), common.emitOptions)
    }
}

/// A voltage written with its unit: "10mV", "10 mV", "0.01V", "500 uV" (or µV).
struct VoltageText {
    static func volts(_ text: String) -> Double? {
        (try? Quantity(parsing: text, as: .voltageWithUnit))?.value
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

    @Option(help: "Run length: hours (2, 2 h or 30 minutes; default: until steady state, at least three diffusion times).",
            transform: OptionValue.hours)
    var hours: Double?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard let v = VoltageText.volts(dv) else {
            throw ValidationError("--dv '\(dv)' is not a voltage; write it like 10mV, 10 mV or 0.01V")
        }
        guard v > 0, v <= BruceVincentTest.maximumStepVoltage_V else {
            throw ValidationError(String(format: "--dv must lie in (0, %g V], got %@", BruceVincentTest.maximumStepVoltage_V, dv))
        }
    }

    func run() throws {
        guard let v = VoltageText.volts(dv) else { throw RunFailure("--dv '\(dv)' is not a voltage") }
        let test = BruceVincentTest(stepVoltage_V: v, duration_s: hours.map { $0 * 3600 })
        try test.validate()
        let sim = try cell.simulator(common)
        let result = try sim.bruceVincent(test)
        let title = String(format: "Bruce–Vincent: Li | %@ | Li, %g °C, ΔV = %g mV", cell.electrolyte, cell.temperature, v * 1000)
        try emit(BruceVincentReport(result, title: title), common.emitOptions)
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

    @Option(help: "First current density (0.05 or 0.05 mA/cm2, or a cell current such as 50uA).", transform: OptionValue.current)
    var start: CurrentValue

    @Option(help: "Current increment (0.05 or 0.05 mA/cm2, or a cell current).", transform: OptionValue.current)
    var step: CurrentValue

    @Option(help: "Capacity per half-cycle: mAh/cm² (0.25 or 0.25 mAh/cm2) or per cell (0.3 mAh).", transform: OptionValue.capacity)
    var capacity: CapacityValue

    @Option(name: .customLong("cycles-per-step"), help: "Cycles (a +J and a −J half-cycle each) per step.",
            transform: OptionValue.cycles)
    var cyclesPerStep: Int = 1

    @Option(help: "Largest current density tried (default 5 mA/cm²).", transform: OptionValue.current)
    var max: CurrentValue = CurrentValue(text: "5", areal: 5)

    @OptionGroup var common: CommonOptions

    func run() throws {
        let area = try cell.electrodeArea_cm2(common)
        let start = try self.start.mA_cm2(area_cm2: area, option: "--start")
        let step = try self.step.mA_cm2(area_cm2: area, option: "--step")
        let max = try self.max.mA_cm2(area_cm2: area, option: "--max")
        let capacity = try self.capacity.mAh_cm2(area_cm2: area, option: "--capacity")
        guard max >= start else { throw ValidationError("--max (\(max) mA/cm²) must not lie below --start (\(start) mA/cm²)") }
        let test = CriticalCurrentTest(start_mA_cm2: start, step_mA_cm2: step, capacity_mAh_cm2: capacity,
                                       cyclesPerStep: cyclesPerStep, maximum_mA_cm2: max)
        try test.validate()
        let sim = try cell.simulator(common)
        let result = try sim.criticalCurrentDensity(test)
        let title = String(format: "CCD: Li | %@ | Li, %g °C, %g mAh/cm² per half-cycle", cell.electrolyte, cell.temperature, capacity)
        try emit(CriticalCurrentReport(result, title: title), common.emitOptions)
    }
}
