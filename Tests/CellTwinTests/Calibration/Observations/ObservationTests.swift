import Foundation
import Testing
@testable import CellTwin

/// A measurement kind only this test knows: the bulk area-specific resistance of the membrane, L/σ(T) in Ω cm².
/// It is one type; registering it in the list of observations is all the fit and the validation need.
struct BulkResistanceObservation: Observation {
    var kind: FitPointKind { FitPointKind(rawValue: "bulk_resistance") }
    var toleranceText: String { "5 % (log)" }
    var isSimulated: Bool { false }

    func classify(_ o: ObservationRow) -> ObservationClassification? {
        guard o.row.kind == "bulk_resistance" else { return nil }
        guard o.row.unit == "ohm cm2", o.value > 0 else { return o.no("not an area-specific resistance in ohm cm2") }
        guard o.temperature_C != nil else { return o.no(ObservationRow.noTemperature) }
        return o.point(kind, o.value, "ohm cm2", o.temperature_C, by: self)
    }

    func predict(_ p: FitPoint, _ e: Electrolyte, model: FitModel) throws -> Double {
        e.thickness_m / e.conductivity.sigma_S_m(at: Units.kelvin(celsius: p.temperature_C ?? 25)) * 1e4
    }

    func residual(_ p: FitPoint, model: Double) -> Double { log(model / p.measured) / 0.05 }

    func compare(_ p: FitPoint, predicted: Double) -> ObservationComparison { .relative(p, predicted, slack: 0.05) }
}

@Suite struct ObservationTests {
    static let table = """
    source,electrolyte,kind,cathode,temperature_C,c_rate,current_mA_cm2,areal_capacity_mAh_cm2,cycle,time_h,quantity,value,unit,qualifier,note
    lab,CPCSE,bulk_resistance,,60,,,,,,R_bulk,5.0,ohm cm2,=,
    lab,CPCSE,conductivity,,60,,,,,,sigma,1.6e-3,S/cm,=,
    lab,CPCSE,symmetric_short,,30,,0.1,0.1,,,time_to_short,170,h,=,
    lab,CPCSE,interface_resistance,,30,,,,5,,R_interface,400,ohm,=,
    other,CPCSE,interface_resistance,,30,,,,5,,R_interface,400,ohm,=,
    """ + "\n"

    func rows() throws -> [MeasurementRow] { try MeasurementTable.parse(text: Self.table, path: "observations.csv") }

    func setup() -> FitSetup { FitSetup(evaluating: "CPCSE", defaultTemperature_C: nil) }

    /// Without the new observation its rows are an unknown kind; with it they become points that the fit model
    /// predicts, the residual scales and the validation compares, each through the observation.
    @Test func aNewMeasurementKindIsOneTypeRegisteredInTheList() throws {
        let rows = try rows()
        let standard = FitPointBuilder.build(rows: rows, setup: setup())
        let unknown = try #require(standard.unfitted.first { $0.row.kind == "bulk_resistance" })
        #expect(unknown.reason.contains("unknown measurement kind"))

        let extended = FitPointBuilder.build(rows: rows, setup: setup(), observations: Observations.standard + [BulkResistanceObservation()])
        let point = try #require(extended.points.first { $0.row.kind == "bulk_resistance" })
        #expect(point.kind.rawValue == "bulk_resistance")
        #expect(point.observation.toleranceText == "5 % (log)")
        // The other kinds are untouched by the extension.
        #expect(extended.points.count == standard.points.count + 1)

        let e = try Fixtures.models.electrolyte("CPCSE")
        let model = FitModel(base: e, keys: [], points: [point], setup: setup(), cathodes: [:], anode: try Fixtures.models.lithiumAnode())
        let predicted = try #require(try model.predictions([]).first)
        let closedForm = e.thickness_m / e.conductivity.sigma_S_m(at: 333.15) * 1e4
        #expect(abs(predicted / closedForm - 1) < 1e-12)
        // Residual: ln(model/measured)/0.05, the same through the fit model's weighting.
        let r = try #require(try model.residuals([]).first)
        #expect(abs(r - log(closedForm / 5.0) / 0.05) < 1e-9)
        // Validation compares through the same observation: within 5 % only when the measured value is.
        let c = point.observation.compare(point, predicted: predicted)
        #expect(c.within == (abs(closedForm / 5.0 - 1) <= 0.05))
        #expect(abs(c.error - (closedForm / 5.0 - 1)) < 1e-12)
    }

    /// The standard list has one observation per kind, and every kind's residual is zero at the measured value.
    @Test func standardKindsAreDistinctAndResidualsVanishAtTheMeasurement() throws {
        let kinds = Observations.standard.map(\.kind)
        #expect(Set(kinds).count == kinds.count)
        let rows = try rows()
        for p in FitPointBuilder.build(rows: rows, setup: setup()).points {
            #expect(abs(p.observation.residual(p, model: p.measured)) < 1e-12, "\(p.kind)")
            #expect(p.observation.compare(p, predicted: p.measured).within, "\(p.kind)")
        }
    }

    /// An interface resistance after N Li|Li cycles without its cycling takes the one protocol of the same study's own
    /// Li|Li rows at that temperature; a row of another study with no such rows stays unevaluated, with the reason.
    @Test func interfaceResistanceAfterCyclesTakesTheStudysLiLiProtocol() throws {
        let built = FitPointBuilder.build(rows: try rows(), setup: setup())
        let p = try #require(built.points.first { $0.kind == .interfaceResistance })
        #expect(p.row.source == "lab")
        #expect(p.row.current_mA_cm2 == 0.1 && p.row.arealCapacity_mAh_cm2 == 0.1)
        #expect((p.protocolNote ?? "").contains("observations.csv:4"))
        let other = try #require(built.unfitted.first { $0.row.kind == "interface_resistance" })
        #expect(other.row.source == "other")
        #expect(other.reason.contains("the cycling behind it is not given"))
    }
}
