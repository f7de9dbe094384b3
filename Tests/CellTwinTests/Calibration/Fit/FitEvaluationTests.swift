import Foundation
import Testing
@testable import CellTwin

/// Evaluating measurement rows without fitting (`celltwin validate`): the assumptions stand in for what rows leave out.
@Suite struct FitEvaluationTests {
    static let rows = [
        FitFixtures.row("CPCSE", "conductivity", t: 20, quantity: "sigma", value: 1e-4, unit: "S/cm"),
        FitFixtures.row("CPCSE", "conductivity", t: 80, quantity: "sigma", value: 1e-3, unit: "S/cm"),
        FitFixtures.row("CPCSE", "rate_capability", cRate: 0.5, quantity: "discharge_capacity", value: 150, unit: "mAh/g"),
    ]

    static func table() throws -> [MeasurementRow] {
        try MeasurementTable.parse(text: ([FitFixtures.header] + rows).joined(separator: "\n") + "\n", path: "v.csv")
    }

    @Test("a full-cell row without temperature and cathode is evaluated only when the assumptions give both")
    func assumptionsStandIn() throws {
        let bare = FitEvaluation.points(rows: try Self.table(), electrolyteID: "CPCSE", assumptions: .init())
        #expect(bare.points.count == 2 && bare.unevaluated.map(\.reason) == [ObservationRow.noTemperature])
        let assumed = FitEvaluation.points(rows: try Self.table(), electrolyteID: "CPCSE",
                                           assumptions: .init(temperature_C: 30, cathodeID: "LFP"))
        #expect(assumed.points.count == 3 && assumed.unevaluated.isEmpty)
        #expect(assumed.points[2].temperature_C == 30)
    }

    @Test("activation energies are evaluated at the mean conductivity temperature, else 25 °C; a prediction is the law's σ")
    func activationTemperatureAndPrediction() throws {
        let p = FitEvaluation.points(rows: try Self.table(), electrolyteID: "CPCSE", assumptions: .init()).points
        #expect(FitEvaluation.activationTemperature_K(p) == 323.15)
        #expect(FitEvaluation.activationTemperature_K([]) == 298.15)
        let e = try Fixtures.models.electrolyte("CPCSE")
        let sigma = try FitEvaluation.predict(1, of: p, electrolyte: e, assumptions: .init(), cathodes: [:],
                                              anode: try Fixtures.models.lithiumAnode())
        #expect(abs(sigma / (e.conductivity.sigma_S_m(at: 353.15) / 100) - 1) < 1e-12)
    }
}
