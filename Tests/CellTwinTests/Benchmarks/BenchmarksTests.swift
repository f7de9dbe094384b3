import Testing
@testable import CellTwin
@testable import CellTwinBenchmarks

/// The cycle the bench's accuracy guard compares on a life workload (``Benchmarks/comparedCycle(_:reference:)``):
/// the last one both runs simulated, still above half the first discharge and below the soft-short onset.
@Suite struct BenchmarksTests {
    func cycles(_ damage: [Double?], capacity: Double = 100) -> [LifeCycle] {
        damage.enumerated().map { i, phi in
            LifeCycle(cycle: i + 1, dischargeCapacity_C_m2: capacity - Double(i), chargeCapacity_C_m2: capacity - Double(i),
                      overpotential_V: 0.05, coulombicEfficiency: 0.999, simulated: true, shortDamage: phi)
        }
    }

    @Test func theComparedCycleIsTheLastOneBelowTheSoftShortOnset() {
        var run = Benchmarks.Outcome(), reference = Benchmarks.Outcome()
        run.lifeCycles = cycles([0.1, 0.5, 0.89, 0.95, 0.99])
        reference.lifeCycles = cycles([0.1, 0.5, 0.88, 0.93, 0.98], capacity: 100.001)
        #expect(Benchmarks.comparedCycle(run, reference: reference)?.0.cycle == 3)
        // The reference past the onset one cycle earlier: the cycle before.
        reference.lifeCycles = cycles([0.1, 0.5, 0.91, 0.93, 0.98])
        #expect(Benchmarks.comparedCycle(run, reference: reference)?.0.cycle == 2)
    }

    @Test func withoutDamageTheLastSimulatedCycleIsCompared() {
        var run = Benchmarks.Outcome(), reference = Benchmarks.Outcome()
        run.lifeCycles = cycles([nil, nil, nil])
        reference.lifeCycles = cycles([nil, nil, nil])
        #expect(Benchmarks.comparedCycle(run, reference: reference)?.0.cycle == 3)
    }

    @Test func theReferenceLocatesItsEventsFarTighterThanTheGuard() {
        let reference = Benchmarks.referenceOptions(SimulationOptions())
        #expect(reference.stepper == .msbdf && reference.relativeTolerance == 1e-10)
        #expect(reference.voltageTolerance_V <= 1e-6 && reference.timeTolerance_s <= 1e-6)
    }
}
