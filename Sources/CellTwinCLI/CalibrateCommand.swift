import ArgumentParser
import CellTwin
import Foundation

/// `celltwin calibrate FIT.toml`: fits an electrolyte's model parameters to measurement rows.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit an electrolyte's model parameters to measured data (a fit set-up, Calibration/<name>/fit.toml).")

    @Argument(help: "The fit set-up (TOML).")
    var fit: String

    @Option(name: .customLong("model-out"), help: "Where to write the calibrated model file (default: Models/electrolytes/<id>.toml).")
    var modelOut: String?

    @Flag(name: .customLong("no-model"), help: "Do not write a model file.")
    var noModel = false

    @OptionGroup var common: CommonOptions

    @OptionGroup var report: ReportOption

    func validate() throws {
        if common.format == .csv { throw ValidationError("calibrate prints table or json") }
    }

    func run() throws {
        let interrupt = InterruptHandler(command: "calibrate")
        let library = try common.modelLibrary()
        let display = CalibrationProgressDisplay()
        let result = try Calibrator.run(setupPath: fit, library: library, progress: { display.update($0) })
        display.finish()
        interrupt.beginWriting()
        defer { interrupt.endWriting() }
        if !noModel {
            let base = library.electrolytePath(result.setup.electrolyteID)
            try ModelFileWriter.write(result: result, baseFile: base, fitFile: fit, to: modelOut ?? base)
        }
        try report.write {
            .study(title: "Calibration of \(result.setup.electrolyteID)", table: CalibrationReport.table(result), csv: nil,
                   files: CalibrationReport.charts(result), inputs: HTMLReport.provenance(
                       arguments: CommandLine.arguments,
                       files: [(label: "fit set-up", path: fit), (label: "start model", path: library.electrolytePath(result.setup.electrolyteID))]
                           + result.setup.dataFiles.map { (label: "data", path: $0) }
                           + result.setup.spectra.map { (label: $0.label, path: $0.file) }))
        }
        try emit(CalibrationRunReport(result), common.emitOptions)
    }
}

/// Ctrl-C (SIGINT) during a long command: a message on standard error and exit status 130, never a half-written
/// file. Files are written only after the computation (each atomically); a signal that arrives while they are being
/// written waits until they are complete.
final class InterruptHandler: @unchecked Sendable {
    private let lock = NSLock()
    private var writing = false
    private var source: DispatchSourceSignal?

    init(command: String) {
        signal(SIGINT, SIG_IGN)
        let s = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        s.setEventHandler { [self] in
            lock.lock()   // held while files are written
            let text = writing ? "\n\(command): interrupted (Ctrl-C) after its files were written\n"
                : "\n\(command): interrupted (Ctrl-C); nothing was written\n"
            FileHandle.standardError.write(Data(text.utf8))
            exit(130)
        }
        s.resume()
        source = s
    }

    func beginWriting() { lock.lock(); writing = true }
    func endWriting() { lock.unlock() }
}

/// Progress of a fit on standard error, once it has run for more than `quietPeriod_s`: one line redrawn in place
/// on a terminal, a plain line every few seconds otherwise.
final class CalibrationProgressDisplay {
    private let terminal = isatty(STDERR_FILENO) == 1
    private let quietPeriod_s = 3.0
    private let interval_s: Double
    private var lastShown_s = -Double.infinity
    private var shown = false

    init() { interval_s = isatty(STDERR_FILENO) == 1 ? 0.2 : 5 }

    func update(_ p: Calibrator.Progress) {
        guard p.elapsed_s >= quietPeriod_s, p.elapsed_s - lastShown_s >= interval_s else { return }
        lastShown_s = p.elapsed_s
        shown = true
        let text = String(format: "calibrate: %d evaluations, %d simulations, best χ² %.4g, elapsed %@",
                          p.evaluations, p.simulations, p.bestChiSquare, SweepProgressText.clock(p.elapsed_s))
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + text : text + "\n").utf8))
    }

    func finish() {
        if shown && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
