import Foundation
import Testing
@testable import CellTwin

/// Helpers for the observation tests: a measurement table of the given rows, classified by the standard list.
enum ObservationFixtures {
    /// The points and unfitted rows of `rows` (``FitFixtures/row(_:_:t:cathode:cRate:current:capacity:cycle:quantity:value:unit:qualifier:)``)
    /// under a set-up for CPCSE with `temperature_C` and `cathode` as its assumptions.
    static func build(_ rows: [String], temperature_C: Double? = nil, cathode: String? = nil) throws
        -> (points: [FitPoint], unfitted: [UnfittedRow]) {
        let text = ([FitFixtures.header] + rows).joined(separator: "\n") + "\n"
        let table = try MeasurementTable.parse(text: text, path: "rows.csv")
        return FitPointBuilder.build(rows: table, setup: FitSetup(evaluating: "CPCSE", defaultTemperature_C: temperature_C,
                                                                  cathodeID: cathode))
    }

    /// The one point `row` makes.
    static func point(_ row: String, temperature_C: Double? = nil, cathode: String? = nil,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> FitPoint {
        let b = try build([row], temperature_C: temperature_C, cathode: cathode)
        return try #require(b.points.first, "unfitted: \(b.unfitted.map(\.reason))", sourceLocation: sourceLocation)
    }

    /// Why `row` makes no point.
    static func reason(_ row: String, temperature_C: Double? = nil, cathode: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let b = try build([row], temperature_C: temperature_C, cathode: cathode)
        #expect(b.points.isEmpty, sourceLocation: sourceLocation)
        return try #require(b.unfitted.first, sourceLocation: sourceLocation).reason
    }

    /// A fit model over `points` for CPCSE as shipped (no free keys).
    static func model(_ points: [FitPoint], electrolyte: Electrolyte? = nil) throws -> FitModel {
        let e = try electrolyte ?? Fixtures.models.electrolyte("CPCSE")
        return FitModel(base: e, keys: [], points: points, setup: FitSetup(evaluating: "CPCSE", defaultTemperature_C: nil),
                        cathodes: [:], anode: try Fixtures.models.lithiumAnode())
    }
}
