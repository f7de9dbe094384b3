import CellTwin
import Foundation
import Testing
@testable import CellTwinBenchmarks

/// The sweep workload of `celltwin bench`: the 13 × 6 grid its name promises (0–120 °C in steps of 10 × six C-rates)
/// of 500-cycle runs of one cell, built without running it.
@Suite struct SweepBenchmarkTests {
    @Test func theGridIsThirteenTemperaturesBySixRates() throws {
        let spec = try SweepBenchmark.spec()
        #expect(spec.pointCount == 13 * 6)
        #expect(spec.settings.cycles == 500 && SweepBenchmark.name == "sweep-13x6-500")
        let points = spec.points
        #expect(Set(points.map(\.temperature_C)) == Set(stride(from: 0.0, through: 120, by: 10)))
        #expect(Set(points.map(\.dischargeCRate)) == [0.1, 0.2, 0.5, 1, 1.5, 2])
        #expect(points.allSatisfy { $0.electrolyte == "ANP-C-2.0K" && $0.cathode == "LFP" && $0.chargeCRate == $0.dischargeCRate })
        var options = SimulationOptions()
        options.relativeTolerance = 1e-8
        #expect(try SweepBenchmark.spec(options: options).settings.simulation.relativeTolerance == 1e-8)
    }
}
