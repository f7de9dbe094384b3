@testable import CellTwin
import Foundation
import Testing
@testable import CellTwinBenchmarks

/// The aging-fit workload as its documentation states it, checked without running it: five fittable keys whose true
/// values lie in their keys' ranges, starts a factor 2 from the truth for rates and 15–20 kJ/mol for activation
/// energies, two temperatures and two C-rates, and retention every 50 cycles to 1000.
@Suite struct AgingFitBenchmarkTests {
    @Test func theWorkloadIsTheDocumentedOne() throws {
        #expect(AgingFitBenchmark.truth.count == 5 && AgingFitBenchmark.name == "fit-aging-5p-1000")
        for (key, truth, start) in AgingFitBenchmark.truth {
            #expect(FitParameterRegistry.key(key) != nil, "\(key) is not fittable")
            let domain = try #require(ElectrolyteKeys.key(key)?.domain, "\(key)")
            #expect(domain.check(truth) == nil && domain.check(start) == nil, "\(key): \(truth), \(start)")
            if key.hasSuffix("activation_energy_kJ_mol") {
                #expect((15...20).contains(abs(start - truth)), "\(key): start \(start), truth \(truth)")
            } else {
                #expect(start / truth == 2 || truth / start == 2, "\(key): start \(start), truth \(truth)")
            }
        }
        #expect(Set(AgingFitBenchmark.tests.map(\.0)) == [30, 60] && Set(AgingFitBenchmark.tests.map(\.1)) == [0.2, 0.5])
        #expect(AgingFitBenchmark.cycles == Array(stride(from: 50, through: 1000, by: 50)) && AgingFitBenchmark.cycles.count == 20)
    }
}
