import ArgumentParser
import CellTwin
import Foundation

/// `celltwin inspect FILE`: what CellTwin reads from a cycler file, before any fit.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what CellTwin reads from a cycler file: format, columns and units, cycles with their types, capacities and CE.",
        discussion: """
        Cycle types (formation, regular, capacity-check, pulse, impedance, rest, partial, incomplete, other) follow \
        the rules of CycleClassifier: the file's own cycle labels, the current segments of each cycle, and capacities \
        and currents against the neighbouring regular cycles; the last column says which rule applied. calibrate \
        ([[history]] cycles = "regular") and forecast (--cycles regular) read only the regular cycles. With --output: \
        cycles.csv and capacity.svg (discharge capacity against cycle, one marker colour per type).
        """)

    @Argument(help: "Cycler file (any supported format, detected from its content) or capacity matrix.")
    var file: String

    @Option(help: "Row of a capacity matrix (0-based).")
    var cell: Int = 0

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard cell >= 0 else { throw ValidationError("--cell must not be negative, got \(cell)") }
    }

    func run() throws {
        let report = try CyclerInspection(path: file, cell: cell)
        try emit(InspectionReport(report), common.emitOptions)
    }
}
