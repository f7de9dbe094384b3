import Foundation

/// Where the voltage–capacity curves of a differential analysis come from (`celltwin dqdv`).
public enum DifferentialSource: Sendable {
    /// A cycler file's constant-current half-cycles (`cycles`: all when nil); `cathode` names the cathode model whose
    /// OCV the degradation-mode fit uses (none: no modes).
    case file(path: String, cycles: [Int]?, cathode: String?)
    /// Constant-current cycles of a cell at `temperature_C` and `cRate`, traced finely (``VoltageCapacityCurve/simulated``).
    case simulation(electrolyte: String, cathode: String, temperature_C: Double, cRate: Double, cycles: [Int])
}

extension DifferentialReport {
    /// The differential analysis of `source`: its curves, their dQ/dV and dV/dQ, and the degradation modes of its first
    /// curve against its last of the same direction (DOMAIN B §7.6) when a cathode's OCV is known.
    public static func make(_ source: DifferentialSource, options: DifferentialOptions, lithiumLimited: Bool,
                            library: ModelLibrary) throws -> DifferentialReport {
        let curves: [VoltageCapacityCurve], subject: String, ocvCathode: Cathode?
        switch source {
        case let .file(path, cycles, cathode):
            curves = try VoltageCapacityCurve.measured(path: path, cycles: cycles)
            guard !curves.isEmpty else {
                throw InputError(file: path, message: "no constant-current charge or discharge in the cycles asked for")
            }
            subject = URL(fileURLWithPath: path).lastPathComponent
            ocvCathode = try cathode.map { try library.cathode($0) }
        case let .simulation(electrolyte, cathode, temperature_C, cRate, cycles):
            let design = try library.cell(electrolyte: electrolyte, cathode: cathode)
            let c = design.cathode
            curves = try VoltageCapacityCurve.simulated(design: design, temperature_C: temperature_C, cRate: cRate, cycles: cycles)
            guard !curves.isEmpty else {
                throw SimulationError.invalidOption("Li | \(electrolyte) | \(cathode) at \(temperature_C) °C and \(cRate)C has no constant-current charge or discharge in the cycles asked for")
            }
            subject = String(format: "Li | %@ | %@ at %g °C, CC %gC %g–%g V", design.electrolyte.id, c.id, temperature_C, cRate,
                             c.minimumVoltage_V, c.maximumVoltage_V)
            ocvCathode = c
        }
        let estimate = try ocvCathode.flatMap {
            try DegradationModes.firstAgainstLast(curves, cathode: $0, lithiumLimited: lithiumLimited)
        }
        return try DifferentialReport(subject: subject, curves: curves, options: options, modes: estimate?.modes,
                                      modesCurves: estimate.map { (reference: $0.reference, later: $0.later) })
    }
}
