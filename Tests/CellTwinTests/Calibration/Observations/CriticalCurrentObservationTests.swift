import Foundation
import Testing
@testable import CellTwin

/// Li|Li critical current density rows of step tests.
@Suite struct CriticalCurrentObservationTests {
    static func row(_ ccd: Double = 0.5, unit: String = "mA/cm2", capacity: Double? = 0.5, t: Double = 30,
                    qualifier: String = "=") -> String {
        FitFixtures.row("CPCSE", "ccd", t: t, capacity: capacity, quantity: "CCD", value: ccd, unit: unit, qualifier: qualifier)
    }

    @Test("a CCD in mA/cm2 with the areal capacity per half-cycle is a point")
    func classify() throws {
        let p = try ObservationFixtures.point(Self.row())
        #expect(p.kind == .criticalCurrent && p.measured == 0.5 && p.unit == "mA/cm2" && !p.observation.isSimulated)
        #expect(try ObservationFixtures.reason(Self.row(5, unit: "A/m2")).contains("is not a current density in mA/cm2"))
        #expect(try ObservationFixtures.reason(Self.row(capacity: nil)) == "no areal capacity per half-cycle of the step test")
    }

    @Test("residual in steps of 0.05 mA/cm²; validated within one step, one way for a bound")
    func residualAndComparison() throws {
        let p = try ObservationFixtures.point(Self.row(0.5))
        #expect(abs(p.observation.residual(p, model: 0.6) - 2) < 1e-9)
        let c = p.observation.compare(p, predicted: 0.54)
        #expect(c.within && c.errorText == "+0.040 mA/cm²")
        #expect(!p.observation.compare(p, predicted: 0.56).within)
        let bound = try ObservationFixtures.point(Self.row(0.5, qualifier: ">="))
        #expect(bound.observation.compare(bound, predicted: 2).within && !bound.observation.compare(bound, predicted: 0.4).within)
    }

    @Test("the continuous CCD lies on [0, 3] mA/cm² and falls as each step plates more charge")
    func moreChargePerStepLowersTheCCD() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        var last = Double.infinity
        for q in [0.1, 0.5, 2, 8] {
            let p = try ObservationFixtures.point(Self.row(capacity: q))
            let j = CriticalCurrentObservation.criticalCurrent(p, e)
            #expect(j >= 0 && j <= FitModel.criticalCurrentMaximum_mA_cm2)
            #expect(j <= last + 1e-12, "q = \(q) mAh/cm²: \(j) after \(last)")
            last = j
        }
        #expect(last < CriticalCurrentObservation.criticalCurrent(try ObservationFixtures.point(Self.row(capacity: 0.1)), e))
    }
}
