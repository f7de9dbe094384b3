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

    func validate() throws {
        if common.format == .csv { throw ValidationError("calibrate prints table or json") }
    }

    func run() throws {
        do {
            let library = try common.modelLibrary()
            let result = try Calibrator.run(setupPath: fit, library: library)
            if !noModel {
                let base = library.electrolytePath(result.setup.electrolyteID)
                try ModelFileWriter.write(result: result, baseFile: base, fitFile: fit, to: modelOut ?? base)
            }
            if let dir = common.output { try CalibrationReport.write(result, to: dir) }
            switch common.format {
            case .json: print(try CalibrationReport.json(result), terminator: "")
            default: print(CalibrationReport.table(result), terminator: "")
            }
        } catch let e as ExitCode { throw e } catch let e as ValidationError { throw e } catch { throw fail(error) }
    }
}
