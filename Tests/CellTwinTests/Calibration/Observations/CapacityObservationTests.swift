import Foundation
import Testing
@testable import CellTwin

/// Early-cycle discharge capacity rows (rate tests and cycles ≤ 10 of a cycling test).
@Suite struct CapacityObservationTests {
    static func row(_ kind: String = "rate_capability", cycle: Int? = nil, quantity: String = "discharge_capacity",
                    unit: String = "mAh/g", t: Double? = 60, cathode: String = "LFP", cRate: Double? = 1) -> String {
        FitFixtures.row("CPCSE", kind, t: t, cathode: cathode, cRate: cRate, cycle: cycle, quantity: quantity, value: 150, unit: unit)
    }

    @Test("rate tests and early cycles are capacity points; later cycles and charge capacities are left to the cycled kind")
    func earlyCyclesOnly() throws {
        let p = try ObservationFixtures.point(Self.row())
        #expect(p.kind == .capacity && p.measured == 150 && p.unit == "mAh/g" && p.temperature_C == 60)
        #expect(try ObservationFixtures.point(Self.row("cycling_capacity", cycle: CapacityObservation.earlyCycles)).kind == .capacity)
        #expect(try ObservationFixtures.point(Self.row("cycling_capacity", cycle: CapacityObservation.earlyCycles + 1)).kind == .cycledCapacity)
        #expect(try ObservationFixtures.point(Self.row(quantity: "charge_capacity")).kind == .cycledCapacity)
    }

    @Test("a capacity row needs mAh/g, a C-rate, a temperature and a cathode (the set-up's stand in for the last two)")
    func whatARowNeeds() throws {
        #expect(try ObservationFixtures.reason(Self.row(unit: "mAh")).contains("is not a discharge capacity in mAh/g"))
        #expect(try ObservationFixtures.reason(Self.row(cRate: nil)) == "no C-rate")
        #expect(try ObservationFixtures.reason(Self.row(t: nil)) == ObservationRow.noTemperature)
        #expect(try ObservationFixtures.reason(Self.row(cathode: "")) == ObservationRow.noCathode)
        let assumed = try ObservationFixtures.point(Self.row(t: nil, cathode: ""), temperature_C: 25, cathode: "NCM811")
        #expect(assumed.temperature_C == 25)
    }

    @Test("residual (model − measured)/(2.55 % of measured), the 5 % tolerance as a 95 % half-width; validated within 5 %")
    func residualAndComparison() throws {
        let p = try ObservationFixtures.point(Self.row())
        // 5 % off is 1.96 standard uncertainties; 10 % off, 3.92.
        #expect(abs(p.observation.residual(p, model: 157.5) - 1.959964) < 1e-9)
        #expect(abs(p.observation.residual(p, model: 135) + 2 * 1.959964) < 1e-9)
        #expect(abs(CapacityObservation.standardUncertainty - 0.0255107) < 1e-6)
        #expect(p.observation.compare(p, predicted: 157).within && !p.observation.compare(p, predicted: 158).within)
    }
}
