import Foundation
import Testing
@testable import CellTwin

/// The files of a run: cycles.csv and result.json first, a trace for each recorded solution (named by temperature
/// when there are several), then the charts; `simulate`'s CSV is one row per cycle.
@Suite struct RunReportsTests {
    static func solution(temperature_C: Double, trace: Bool) throws -> Solution {
        var o = SimulationOptions()
        o.recordTrace = trace
        return try Simulator(design: try Fixtures.frozenDesign(), temperature_C: temperature_C, options: o)
            .run(try Experiment(steps: ["Discharge at 2C for 5 minutes", "Charge at 2C for 5 minutes"], cycles: 2))
    }

    @Test func aSimulationsFilesAndRows() throws {
        let report = SimulationReport(try Self.solution(temperature_C: 30, trace: true))
        let names = try report.files().map(\.name)
        #expect(Array(names.prefix(3)) == ["cycles.csv", "result.json", "trace.csv"])
        #expect(names.dropFirst(3).allSatisfy { $0.hasSuffix(".svg") } && names.count > 3)
        #expect(report.csv().split(separator: "\n").count == 1 + 2)
        #expect(try report.files()[1].contents == report.json())
        #expect(!report.tableNamesOutputFolder)
        // Without a trace: no trace file.
        let plain = SimulationReport(try Self.solution(temperature_C: 30, trace: false))
        #expect(try !plain.files().map(\.name).contains("trace.csv"))
    }

    @Test func severalTracesAreNamedByTemperature() throws {
        let solutions = [try Self.solution(temperature_C: 30, trace: true), try Self.solution(temperature_C: 60, trace: true)]
        let files = runFiles(solutions: solutions, runs: solutions.map(RunRecord.init), plotCycles: [], json: "{}")
        let names = files.map(\.name)
        #expect(names.contains("trace-30C.csv") && names.contains("trace-60C.csv") && !names.contains("trace.csv"))
        #expect(files[0].contents.split(separator: "\n").count == 1 + 4, "two cycles at each temperature")
    }
}
