import ArgumentParser
import CellTwin
import Foundation

/// `celltwin new …`: start a new electrolyte from a measurement table.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a new electrolyte: a measurement-table template, a model file and a fit set-up.",
        subcommands: [NewElectrolyteCommand.self, NewMeasurements.self, NewKeys.self])
}

/// `celltwin new electrolyte ID --family F --from measurements.csv`.
struct NewElectrolyteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "electrolyte",
        abstract: "Write Models/electrolytes/ID.toml (every key; family defaults labelled as priors) and Calibration/ID/fit.toml (freeing what the rows determine).",
        discussion: "The measurement table is copied beside the fit set-up (Calibration/ID/, next to the model directory); its rows of electrolyte ID are checked. Then: celltwin calibrate Calibration/ID/fit.toml.")

    @Argument(help: "The new electrolyte's ID (the file name).")
    var id: String

    @Option(help: "Family: polymer, gel, single-ion, composite or ceramic (chooses the defaults of keys the rows do not give).")
    var family: String

    @Option(name: .customLong("from"), help: "Measurement table (CSV, the columns of `celltwin new measurements`).")
    var from: String

    @Option(help: "Electrode area in cm² (default: assumed 1.13 cm², a 12 mm coin-cell electrode).")
    var area: Double?

    @Option(help: "Cathode loading in mg/cm² (default: assumed, the cathode model's default).")
    var loading: Double?

    @Option(help: "Electrolyte thickness in µm (default: assumed, the family's typical membrane).")
    var thickness: Double?

    @Option(name: .customLong("lithium-thickness"), help: "Li foil thickness in µm (default: assumed 450 µm).")
    var lithiumThickness: Double?

    @Flag(help: "Replace existing files.")
    var force = false

    @Option(help: "Model directory (default: Models/ of the working directory or its parents).")
    var models: String?

    func validate() throws {
        for (name, x) in [("--area", area), ("--loading", loading), ("--thickness", thickness), ("--lithium-thickness", lithiumThickness)] {
            if let x, !(x.isFinite && x > 0) { throw ValidationError("\(name) must be a positive number, got \(x)") }
        }
    }

    func run() throws {
        let library = try ModelLibrary.locate(explicit: models)
        var o = NewElectrolyte.Options(id: id, family: family)
        o.area_cm2 = area
        o.loading_mg_cm2 = loading
        o.thickness_um = thickness
        o.lithiumThickness_um = lithiumThickness
        let written = try NewElectrolyte.create(o, tablePath: from, library: library, replace: force)
        print("wrote \(written.model.path)\nwrote \(written.fit.path)\nnext: celltwin calibrate \(written.fit.path)")
    }
}

/// `celltwin new measurements`: the measurement-table template.
struct NewMeasurements: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measurements",
        abstract: "Print (or write) a measurement-table template: one example row of every kind with its columns and what it fixes.")

    @Option(help: "Write the template to this file instead of standard output.")
    var output: String?

    @Option(help: "Electrolyte ID for the electrolyte column.")
    var electrolyte = "MY-ELECTROLYTE"

    func run() throws {
        let text = MeasurementKinds.template(electrolyte: electrolyte)
        guard let output else { print(text, terminator: ""); return }
        try AtomicFile.write(text, to: URL(fileURLWithPath: output))
    }
}

/// `celltwin new keys`: the key list of Models/README.md, from the key table.
struct NewKeys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Print the electrolyte model-file key list (Markdown, as in Models/README.md).")

    func run() throws { print(ElectrolyteKeys.markdown()) }
}
