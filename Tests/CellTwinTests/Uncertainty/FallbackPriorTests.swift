import Foundation
import Testing
@testable import CellTwin

/// The prior a free parameter returns to when a refit has no data for it.
@Suite struct FallbackPriorTests {
    /// A free parameter a refit has no data for (NaN variance) returns to its prior: the family default's centre
    /// and spread for the Li-side film growth, the cathode's literature range for a study's electrode capacity; the
    /// band of the parameter itself is then the prior's 95 % interval, and a key without any prior stays
    /// undetermined at its value.
    @Test func aParameterWithoutDataGetsItsPriorsWidth() throws {
        let setup = try FitSetup.load(path: Fixtures.packageRoot.appendingPathComponent("Calibration/HE-PEIgPHE/fit.toml").path)
        var e = try Fixtures.models.electrolyte("HE-PEIgPHE")
        var cathodes: [String: Cathode] = [:]
        for id in Fixtures.models.cathodeIDs { cathodes[id] = try Fixtures.models.cathode(id) }
        let growth = "aging.sei_calendar_growth_ohm2_cm4_h", capacity = "electrodes.NCM523.specific_capacity_mAh_g"
        let sigma = "conductivity.sigma_S_cm", t = "transport.transference_number"
        ParameterUncertainty.set(growth, 123, &e)   // as if a calibration had moved it with data now left out
        let values = try [sigma, growth, capacity, t].map { try #require(ParameterUncertainty.value($0, of: e)) }
        let nan = Double.nan
        var u = ParameterUncertainty.fromFit(keys: [sigma, growth, capacity, t], values: values, transforms: [.log, .log, .log, .linear],
                                             covariance: [[0.01, nan, nan, nan], [nan, nan, nan, nan], [nan, nan, nan, nan], [nan, nan, nan, nan]],
                                             chiSquare: 1, degreesOfFreedom: 1)
        #expect(u.undetermined == [growth, capacity, t])
        let reverted = u.revertingUndetermined(&e, setup: setup, cathodes: cathodes)
        #expect(reverted == [growth, capacity])
        #expect(u.undetermined == [t], "t+ has no prior: it stays undetermined")
        let family = try #require(ElectrolyteFamilyDefaults.value(growth, family: e.family))
        let familyPrior = try #require(family.prior)
        let range = try #require(cathodes["NCM523"]?.literatureRanges["specific_capacity_mAh_g"])
        let expected: [(String, Double, ClosedRange<Double>)] = [
            (growth, family.value, familyPrior.interval95(centre: family.value)),
            (capacity, (range.lowerBound * range.upperBound).squareRoot(), range),
        ]
        var o = BandOptions()
        o.method = .linearised
        o.workers = 1
        let snapshot = u, base = e
        for (key, centre, interval) in expected {
            let value = try #require(ParameterUncertainty.value(key, of: e))
            #expect(abs(value / centre - 1) < 1e-9, "\(key) at its prior's centre")
            // ln of the key is linear in its transform coordinate: the linearised band is exactly the prior's interval.
            let b = try BandEstimator.run(snapshot, options: o) { z in
                [log(ParameterUncertainty.value(key, of: snapshot.electrolyte(base, offset: z)) ?? .nan)]
            }.bands[0]
            #expect(abs(exp(b.low) / interval.lowerBound - 1) < 1e-6 && abs(exp(b.high) / interval.upperBound - 1) < 1e-6,
                    "\(key): band \(exp(b.low))–\(exp(b.high)), prior \(interval)")
            #expect(b.driver == key)
        }
    }
}
