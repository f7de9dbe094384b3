import ArgumentParser
import CellTwin
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Protocol and execution options shared by `sweep` and `compare`.
struct StudyOptions: ParsableArguments {
    @Option(help: "Aging cycles per point (with --until: the most a point may run). Default 500, or 5000 with --until.",
            transform: OptionValue.cycles)
    var cycles: Int?

    @Option(help: "Stop each point at this retention, e.g. 80% (default: run every cycle).")
    var until: String?

    @Option(help: "Worker threads, each with its own simulator (default: one per core).")
    var workers: Int?

    func validate() throws {
        if let cycles { guard cycles >= 1 else { throw ValidationError("--cycles must be at least 1, got \(cycles)") } }
        if let workers { guard workers >= 1 else { throw ValidationError("--workers must be at least 1, got \(workers)") } }
        if let until { _ = try validation { try SweepRequest.retention(until) } }
    }

    /// The lifetime-run settings (file values where the options are silent).
    func settings(request: SweepRequest) throws -> SweepSettings {
        var s = SweepSettings()
        s.threshold = try until.map { try SweepRequest.retention($0) } ?? request.threshold
        s.cycles = cycles ?? request.cycles ?? (s.threshold == nil ? 500 : 5000)
        return s
    }
}

/// Turns a library error in `validate()` into ArgumentParser's usage error (exit 64, names the option).
func validation<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as SweepError { throw ValidationError(e.description) }
}

// MARK: - sweep

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "What-if grid: lifetime runs over temperature, C-rates, cathode, thickness, loading or cut-off voltage.",
        discussion: """
        Each option takes one value (fixed) or several (swept): a list a,b,c or an inclusive range start...end:step \
        (e.g. --temperature 0...120:10 --c-rate 0.1,0.2,0.5,1,2). Every grid point is a lifetime run of the standard \
        CC-CV cycle with cycle skipping, for --cycles cycles or until --until. Points run in parallel (--workers). \
        With --output DIR: sweep.csv (one row per point, grid order), sweep.json and SVG charts of --metric. \
        --shard i/n runs the points k with k mod n = i-1 and writes sweep-shard-i-of-n.csv; celltwin merge joins them.
        """)

    @Argument(help: "Scenario file with a [sweep] section (optional; options override it).")
    var scenario: String?

    @Option(help: "Electrolyte ID, or several to compare (see `celltwin list`).")
    var electrolyte: String?

    @Option(help: "Cathode ID(s): LFP, NCM523, NCM811, S.")
    var cathode: String?

    @Option(help: "Temperature(s) in °C, −40–150 (e.g. 0...120:10).")
    var temperature: String?

    @Option(name: .customLong("c-rate"), help: "Charge and discharge C-rate(s) (e.g. 0.1,0.2,0.5,1,2).")
    var cRate: String?

    @Option(name: [.customLong("charge-rate"), .customLong("charge-c-rate")],
            help: "Charge C-rate(s), swept separately from the discharge (--charge-c-rate: the former name).")
    var chargeCRate: String?

    @Option(name: [.customLong("discharge-rate"), .customLong("discharge-c-rate")],
            help: "Discharge C-rate(s) (--discharge-c-rate: the former name).")
    var dischargeCRate: String?

    @Option(help: "Electrolyte thickness(es) in µm.")
    var thickness: String?

    @Option(help: "Cathode loading(s) in mg/cm².")
    var loading: String?

    @Option(name: .customLong("upper-cutoff"), help: "Upper cut-off (CV hold) voltage(s) in V.")
    var upperCutoff: String?

    @Option(help: "Metrics to chart, comma-separated: \(SweepMetric.allCases.map(\.rawValue).joined(separator: ", ")) (default: capacity,retention).")
    var metric: String?

    @Option(help: "Run only shard i of n (1-based): the points k with k mod n = i-1; writes a partial CSV for celltwin merge.")
    var shard: String?

    @OptionGroup var study: StudyOptions
    @OptionGroup var bands: BandArguments
    @OptionGroup var common: CommonOptions

    @OptionGroup var report: ReportOption

    func validate() throws {
        _ = try validation { try optionValues() }
        if let metric { _ = try validation { try SweepMetric.list(metric) } }
        if let shard { _ = try validation { try Shard(parsing: shard) } }
        if shard != nil, bands.isOn { throw ValidationError("--band does not combine with --shard (celltwin merge joins parts without bands)") }
    }

    /// The values the options give (IDs and numbers checked, not yet against the model files).
    func optionValues() throws -> [SweepVariable: [SweepValue]] {
        var values: [SweepVariable: [SweepValue]] = [:]
        let given: [(SweepVariable, String?)] = [
            (.electrolyte, electrolyte), (.cathode, cathode), (.temperature, temperature), (.cRate, cRate),
            (.chargeCRate, chargeCRate), (.dischargeCRate, dischargeCRate), (.thickness, thickness), (.loading, loading),
            (.upperCutoff, upperCutoff),
        ]
        for (v, text) in given {
            guard let text else { continue }
            values[v] = v.isCategorical
                ? try ValueList.identifiers(text, name: v.option).map(SweepValue.text)
                : try ValueList.numbers(text, variable: v, name: v.option).map(SweepValue.number)
        }
        return values
    }

    func run() throws {
        let library = try common.modelLibrary()
        var request = try scenario.map { try SweepScenarioFile.load(path: $0) } ?? SweepRequest()
        let options = try optionValues()
        // Rates: options replace the file's rate settings as a whole (a file's c_rate and an option's
        // --charge-rate would otherwise combine by accident).
        if !Set(options.keys).isDisjoint(with: [.cRate, .chargeCRate, .dischargeCRate]) {
            for v in [SweepVariable.cRate, .chargeCRate, .dischargeCRate] { request.values[v] = nil }
        }
        request.values.merge(options) { _, new in new }
        let spec = try SweepSpec(values: request.values, cell: request.cell, settings: try study.settings(request: request))
        let metrics = try metric.map { try SweepMetric.list($0) } ?? request.metrics ?? [.capacity, .retention]
        let part = try shard.map { SweepPart(shard: try Shard(parsing: $0), spec: spec, metrics: metrics) }
        let runner = try namingModelIDs(in: scenario) { try SweepRunner(spec: spec, library: library) }
        try StudyOutput.checkDirectory(common.output)

        let indices = part.map { $0.shard.points(of: spec.pointCount) } ?? Array(0..<spec.pointCount)
        let records = try bands.sweep(try StudyOutput.execute(runner: runner, indices: indices, workers: study.workers, label: "sweep"),
                                      spec: spec, runner: runner, library: library, workers: study.workers)

        let output = try part.map { try StudyReport(shard: $0, records: records, axes: spec.axes, context: spec.context) }
            ?? StudyReport(sweep: SweepResultTable(axes: spec.axes, records: records, context: spec.context, metrics: metrics))
        try report.write {
            let electrolytes = (request.values[.electrolyte] ?? []).compactMap(\.text)
            let cathodes = (request.values[.cathode] ?? []).compactMap(\.text)
            let models = electrolytes.map { (label: "electrolyte model \($0)", path: library.electrolytePath($0)) }
                + cathodes.map { (label: "cathode model \($0)", path: library.cathodePath($0)) }
            return .study(title: "Sweep" + (request.name.map { ": \($0)" } ?? ""), table: output.table(), csv: output.csv(),
                          files: output.files().map { ($0.name, $0.contents) },
                          inputs: HTMLReport.provenance(arguments: CommandLine.arguments,
                                                        files: (scenario.map { [(label: "sweep file", path: $0)] } ?? []) + models))
        }
        try StudyOutput.emit(output, common)
    }
}

// MARK: - compare

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Electrolytes side by side: lifetime runs of one cathode under the same protocol at each temperature and C-rate.",
        discussion: """
        With --output DIR: compare.csv and compare.json (the sweep columns with electrolyte and temperature_C), \
        compare-retention-vs-cycle.svg (one curve per electrolyte and condition) and the grouped summaries \
        compare-capacity.svg and compare-retention.svg.
        """)

    @Option(help: "Electrolyte IDs, comma-separated (see `celltwin list`).")
    var electrolytes: String

    @Option(help: "Cathode ID: LFP, NCM523, NCM811 or S.")
    var cathode: String

    @Option(help: "Temperature(s) in °C, −40–150 (e.g. 30,60,100).")
    var temperature: String

    @Option(name: .customLong("c-rate"), help: "Charge and discharge C-rate(s).")
    var cRate: String = "0.5"

    @OptionGroup var study: StudyOptions
    @OptionGroup var bands: BandArguments
    @OptionGroup var common: CommonOptions

    @OptionGroup var report: ReportOption

    func validate() throws { _ = try validation { try grid() } }

    func grid() throws -> (electrolytes: [String], temperatures: [Double], rates: [Double]) {
        let ids = try ValueList.identifiers(electrolytes, name: "--electrolytes")
        _ = try ValueList.identifiers(cathode, name: "--cathode")
        return (ids, try ValueList.numbers(temperature, variable: .temperature, name: "--temperature"),
                try ValueList.numbers(cRate, variable: .cRate, name: "--c-rate"))
    }

    func run() throws {
        let library = try common.modelLibrary()
        let g = try grid()
        let spec = try CompareReport.spec(electrolytes: g.electrolytes, cathode: cathode, temperatures_C: g.temperatures,
                                          cRates: g.rates, settings: try study.settings(request: SweepRequest()))
        let runner = try namingModelIDs(electrolyteOption: "--electrolytes") { try SweepRunner(spec: spec, library: library) }
        try StudyOutput.checkDirectory(common.output)
        let records = try bands.sweep(try StudyOutput.execute(runner: runner, indices: Array(0..<spec.pointCount),
                                                              workers: study.workers, label: "compare"),
                                      spec: spec, runner: runner, library: library, workers: study.workers)
        let output = try StudyReport(compare: SweepResultTable(axes: spec.axes, records: records, context: spec.context))
        try report.write {
            .study(title: "Compare \(g.electrolytes.joined(separator: ", ")) | \(cathode)", table: output.table(), csv: output.csv(),
                   files: output.files().map { ($0.name, $0.contents) },
                   inputs: HTMLReport.provenance(arguments: CommandLine.arguments, files: g.electrolytes.flatMap {
                       HTMLReport.modelFiles(library, electrolyte: $0, cathode: nil) } + [(label: "cathode model \(cathode)", path: library.cathodePath(cathode))]))
        }
        try StudyOutput.emit(output, common)
    }
}

// MARK: - merge

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the partial CSVs of `celltwin sweep --shard i/n` into the result of the unsharded sweep.",
        discussion: """
        Writes the same sweep.csv (byte for byte), sweep.json and charts as the unsharded run. Refuses parts of \
        different sweeps, mismatched headers, and duplicate or missing points.
        """)

    @Argument(help: "Partial CSVs (sweep-shard-i-of-n.csv), in any order.")
    var parts: [String]

    @Option(help: "Metrics to chart (default: those of the sweep that wrote the parts).")
    var metric: String?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard !parts.isEmpty else { throw ValidationError("give the partial CSVs to merge (celltwin merge PART.csv … --output DIR)") }
        if let metric { _ = try validation { try SweepMetric.list(metric) } }
    }

    func run() throws {
        var table = try SweepMerge.merge(paths: parts)
        if let metric { table.metrics = try SweepMetric.list(metric) }
        if table.metrics.isEmpty { table.metrics = [.capacity, .retention] }
        try StudyOutput.checkDirectory(common.output)
        try StudyOutput.emit(try StudyReport(sweep: table), common)
    }
}

// MARK: - Running and writing

enum StudyOutput {
    /// Fails before any work if `--output` names something that is not a directory.
    static func checkDirectory(_ path: String?) throws {
        guard let path else { return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ValidationError("--output '\(path)' is a file, not a directory")
        }
    }

    /// Runs the points with a progress display on standard error; SIGINT ends the process at once (exit 130)
    /// with nothing written.
    static func execute(runner: SweepRunner, indices: [Int], workers: Int?, label: String) throws -> [SweepRecord] {
        let threads = workers ?? SweepRunner.defaultWorkers
        Interrupt.shared.arm(label: label)
        let display = ProgressDisplay(label: label, total: indices.count)
        let start = DispatchTime.now().uptimeNanoseconds
        let records = try runner.run(indices: indices, workers: threads, progress: { display.update($0) })
        display.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        var ended: [SweepOutcome: Int] = [:]
        for r in records where r.outcome != .completed { ended[r.outcome, default: 0] += 1 }
        var note = String(format: "%@: %d points in %.2f s with %d worker%@", label, records.count, seconds,
                          min(threads, max(records.count, 1)), threads == 1 ? "" : "s")
        let reasons = SweepOutcome.allCases.compactMap { o in ended[o].map { "\($0) \(o.label ?? o.rawValue)" } }
        if !reasons.isEmpty { note += " (" + reasons.joined(separator: ", ") + ")" }
        FileHandle.standardError.write(Data((note + "\n").utf8))
        return records
    }

    /// Writes the study's files, then prints it (``emit(_:_:)``). A SIGINT from here on stops before the next file
    /// (exit 130); files already written are complete.
    static func emit(_ report: StudyReport, _ common: CommonOptions) throws {
        Interrupt.shared.beginWriting()
        var options = common.emitOptions
        options.beforeFile = { k, count in
            if Interrupt.shared.isInterrupted {
                FileHandle.standardError.write(Data("interrupted: stopped after \(k) of \(count) files\n".utf8))
                throw ExitCode(130)
            }
        }
        try CellTwin.emit(report, options)
    }
}

/// Progress on standard error: a bar redrawn in place on a terminal, plain lines otherwise (every 10 % and at
/// least every 5 s).
final class ProgressDisplay: @unchecked Sendable {
    private let lock = NSLock()
    private let terminal = isatty(STDERR_FILENO) == 1
    private let label: String
    private var lastLine_s = 0.0
    private var lastCompleted = 0

    init(label: String, total: Int) {
        self.label = label
        update(SweepProgress(completed: 0, total: total, elapsed_s: 0))
    }

    func update(_ p: SweepProgress) {
        lock.withLock {
            if terminal {
                write("\r\u{1B}[2K\(label) " + SweepProgressText.bar(p))
            } else if p.completed == 0 || SweepProgressText.lineDue(p, lastLine_s: lastLine_s, lastCompleted: lastCompleted) {
                write(SweepProgressText.line(p).replacingOccurrences(of: "sweep:", with: "\(label):") + "\n")
                lastLine_s = p.elapsed_s
            }
            lastCompleted = p.completed
        }
    }

    func finish() { if terminal { lock.withLock { write("\n") } } }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}

/// SIGINT handling for studies: while points run nothing has been written, so the handler reports and exits 130 at
/// once; once writing has begun it only records the interrupt, and the writer stops before the next file.
final class Interrupt: @unchecked Sendable {
    static let shared = Interrupt()

    private let lock = NSLock()
    private var writing = false
    private var interrupted = false
    private var label = "sweep"
    private var source: DispatchSourceSignal?

    /// Installs the handler (once).
    func arm(label: String) {
        lock.withLock {
            self.label = label
            guard source == nil else { return }
            signal(SIGINT, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue.global())
            s.setEventHandler { [weak self] in self?.handle() }
            s.resume()
            source = s
        }
    }

    private func handle() {
        // Holding the lock while exiting keeps `beginWriting` from starting a file.
        lock.lock()
        interrupted = true
        if !writing {
            FileHandle.standardError.write(Data("\ninterrupted: \(label) cancelled, no files written\n".utf8))
            _exit(130)
        }
        lock.unlock()
    }

    func beginWriting() { lock.withLock { writing = true } }

    var isInterrupted: Bool { lock.withLock { interrupted } }
}
