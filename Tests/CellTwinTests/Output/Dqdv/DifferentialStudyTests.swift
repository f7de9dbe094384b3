import Foundation
import Testing
@testable import CellTwin

/// Where the curves of `celltwin dqdv` come from: a simulated cell names itself with its window and rate; a cycler
/// file that cannot be read is named.
@Suite struct DifferentialStudyTests {
    @Test func aSimulatedCellNamesItsConditions() throws {
        let library = Fixtures.models
        let lfp = try library.cathode("LFP")
        let report = try DifferentialReport.make(.simulation(electrolyte: "CMP-VAMMT", cathode: "LFP", temperature_C: 30, cRate: 0.5,
                                                             cycles: [1]),
                                                 options: DifferentialOptions(), lithiumLimited: false, library: library)
        #expect(report.subject == String(format: "Li | CMP-VAMMT | LFP at 30 °C, CC 0.5C %g–%g V", lfp.minimumVoltage_V, lfp.maximumVoltage_V))
        #expect(!report.entries.isEmpty && report.entries.allSatisfy { !$0.curve.voltage_V.isEmpty })
    }

    @Test func anUnreadableFileIsNamed() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-cycler-\(UUID().uuidString).csv").path
        do {
            _ = try DifferentialReport.make(.file(path: path, cycles: nil, cathode: nil), options: DifferentialOptions(),
                                            lithiumLimited: false, library: Fixtures.models)
            Issue.record("a missing file was read")
        } catch let e as InputError {
            #expect(e.file == path && !e.message.isEmpty, "\(e)")
        } catch {
            Issue.record("\(error)")
        }
    }
}
