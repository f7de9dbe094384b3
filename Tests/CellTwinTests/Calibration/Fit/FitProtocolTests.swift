import Foundation
import Testing
@testable import CellTwin

/// What a prediction assumes that its row does not state, and the geometry notes of a fit.
@Suite struct FitProtocolTests {
    @Test("a rate row without temperature or cathode states the set-up's values and the charge rule it used")
    func protocolText() throws {
        let p = try ObservationFixtures.point(
            FitFixtures.row("CPCSE", "cycling_retention", cRate: 2, cycle: 100, quantity: "retention", value: 0.9, unit: "fraction"),
            temperature_C: 45, cathode: "NCM811")
        let e = try Fixtures.models.electrolyte("CPCSE")
        let model = FitModel(base: e, keys: [], points: [p], setup: FitSetup(evaluating: "CPCSE", defaultTemperature_C: 45, cathodeID: "NCM811"),
                             cathodes: [:], anode: try Fixtures.models.lithiumAnode())
        let text = model.protocolText(p, e)
        #expect(text.hasPrefix("45 °C (set-up temperature_C); cathode NCM811 (set-up cathode); "))
        // Above 1C the default rule charges at 0.1C.
        #expect(text.hasSuffix("CC-CV charge 0.1C (default rule: the discharge rate up to 1C, 0.1C above)"))
        // A conductivity row states everything it needs.
        let sigma = try ObservationFixtures.point(FitFixtures.row("CPCSE", "conductivity", t: 25, quantity: "sigma", value: 1e-4, unit: "S/cm"))
        #expect(model.protocolText(sigma, e) == "")
    }

    @Test("geometry notes: thickness and area from the model file when the set-up leaves them out")
    func geometryNotes() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        let model = FitModel(base: e, keys: [], points: [], setup: FitSetup(evaluating: "CPCSE", defaultTemperature_C: nil),
                             cathodes: [:], anode: try Fixtures.models.lithiumAnode())
        let notes = model.geometryNotes(e)
        #expect(notes == [String(format: "electrolyte thickness %g µm (model file)", e.thickness_m * 1e6),
                          String(format: "electrode area %g cm² (model file)", e.referenceCell.electrodeArea_m2 * 1e4)])
    }
}
