import Foundation
import Testing
@testable import CellTwin

/// Li|E|Li interface resistance rows: fresh, after storage or after Li|Li cycles.
@Suite struct InterfaceResistanceObservationTests {
    static func row(_ value: Double = 400, unit: String = "ohm", cycle: Int? = nil, current: Double? = nil,
                    capacity: Double? = nil, t: Double? = 30) -> String {
        FitFixtures.row("CPCSE", "interface_resistance", t: t, current: current, capacity: capacity, cycle: cycle,
                        quantity: "R_interface", value: value, unit: unit)
    }

    @Test("ohm and ohm cm2 rows are points in their own unit; other units are refused")
    func classify() throws {
        #expect(try ObservationFixtures.point(Self.row()).unit == "ohm")
        #expect(try ObservationFixtures.point(Self.row(50, unit: "ohm cm2")).unit == "ohm cm2")
        #expect(try ObservationFixtures.reason(Self.row(unit: "kohm")).contains("is not a resistance in ohm"))
        #expect(try ObservationFixtures.reason(Self.row(cycle: 10)).contains("the cycling behind it is not given"))
        #expect(try ObservationFixtures.point(Self.row(cycle: 10, current: 0.1, capacity: 0.1)).protocolNote == nil)
    }

    @Test("fresh: 2(RT/(F i₀) + ASR_SEI·f(T)); in Ω over the reference cell's area, or Ω cm²")
    func freshClosedForm() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        let T = 303.15
        let asr = 2 * (Physical.gas * T / Physical.faraday / e.lithiumExchangeCurrent.value(at: T)
                       + e.lithiumInterphaseASR_ohm_m2 * e.lithiumInterphaseFactor(at: T))
        let ohm = try ObservationFixtures.point(Self.row()), ohmCm2 = try ObservationFixtures.point(Self.row(50, unit: "ohm cm2"))
        let model = try ObservationFixtures.model([ohm, ohmCm2])
        let v = try model.predictions([])
        #expect(abs(v[0] / (asr / e.referenceCell.electrodeArea_m2) - 1) < 1e-12)
        #expect(abs(v[1] / (asr * 1e4) - 1) < 1e-12)
    }

    @Test("cycling grows the film: more cycles, a larger resistance")
    func cyclingGrowsTheFilm() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        let r = try [0, 10, 100].map { n in
            let p = try ObservationFixtures.point(Self.row(cycle: n == 0 ? nil : n, current: 0.5, capacity: 0.5))
            return InterfaceResistanceObservation.resistance(p, e, cycles: n, current_A_m2: 5, capacity_C_m2: Units.C_m2(mAh_cm2: 0.5))
        }
        #expect(r[0] < r[1] && r[1] < r[2], "\(r)")
    }

    @Test("residual ln(R_model/R)/ln 1.2; validated within 20 %")
    func residualAndComparison() throws {
        let p = try ObservationFixtures.point(Self.row(400))
        #expect(abs(p.observation.residual(p, model: 480) - 1) < 1e-12)
        #expect(p.observation.compare(p, predicted: 479).within && !p.observation.compare(p, predicted: 481).within)
    }
}
