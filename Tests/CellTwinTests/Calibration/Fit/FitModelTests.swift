import Foundation
import Testing
@testable import CellTwin

/// The fit model: parameter vectors to electrolytes, predictions, weighted one-sided residuals, row designs.
@Suite struct FitModelTests {
    static func model(_ rows: [String], keys: [String] = []) throws -> FitModel {
        let points = try ObservationFixtures.build(rows).points
        return FitModel(base: try Fixtures.models.electrolyte("CPCSE"), keys: try keys.map { try #require(FitParameterRegistry.key($0)) },
                        points: points, setup: FitSetup(evaluating: "CPCSE", defaultTemperature_C: nil),
                        cathodes: ["LFP": try Fixtures.models.cathode("LFP")], anode: try Fixtures.models.lithiumAnode())
    }

    static let sigma = FitFixtures.row("CPCSE", "conductivity", t: 40, quantity: "sigma", value: 1e-3, unit: "S/cm")

    @Test("values set the keys in order and the predictions follow them")
    func valuesAndCache() throws {
        let m = try Self.model([Self.sigma], keys: ["conductivity.sigma_S_cm"])
        let e = m.electrolyte([3e-3])
        #expect(FitParameterRegistry.key("conductivity.sigma_S_cm")?.get(e) == 3e-3)
        let a = try m.predictions([3e-3]), b = try m.predictions([6e-3])
        // σ_ref scales σ at every temperature: twice the value, twice the prediction.
        #expect(abs(b[0] / a[0] - 2) < 1e-12)
        #expect(try m.predictions([3e-3]) == a)
        // A residual: ln(model/measured)/0.05 at weight 1.
        #expect(abs(try m.residuals([6e-3])[0] - log(b[0] / 1e-3) / 0.05) < 1e-12)
    }

    @Test("a weighted residual, and a bound's residual only on its wrong side")
    func weightedOneSidedResiduals() throws {
        var p = try ObservationFixtures.point(FitFixtures.row("CPCSE", "conductivity", t: 40, quantity: "sigma", value: 1e-3,
                                                                unit: "S/cm", qualifier: "<"))
        p.weight = 3
        // At most 1e-3: a model below it is no misfit, one above it is.
        #expect(FitModel.residual(p, model: 0.5e-3) == 0)
        #expect(abs(FitModel.residual(p, model: 1e-3 * exp(0.05)) - 3) < 1e-12)
    }

    @Test("a row's test in words, and an unknown cathode named with the row's file, line and column")
    func describeAndDesign() throws {
        let p = try ObservationFixtures.point(FitFixtures.row("CPCSE", "cycling_retention", t: 30, cathode: "NCM811", cRate: 0.5, cycle: 300,
                                                               quantity: "retention", value: 0.9, unit: "fraction"))
        #expect(FitModel.describe(p) == "cycling_retention, NCM811, 30 °C, 0.5C, cycle 300")
        let m = try Self.model([])
        #expect { try m.design(p, try Fixtures.models.electrolyte("CPCSE")) } throws: {
            "\($0)" == "rows.csv:2: key 'cathode': unknown cathode 'NCM811'"
        }
    }
}
