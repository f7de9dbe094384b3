import Foundation
import Testing
@testable import CellTwin

/// The catalogue of measurement kinds: its template round-trips through the table reader and passes the checks,
/// and each check names the row's line and column.
@Suite struct MeasurementKindsTests {
    static let header = MeasurementTable.columns.joined(separator: ",")

    func check(_ row: String) -> String {
        do {
            try MeasurementKinds.check(try MeasurementTable.parse(text: Self.header + "\n" + row + "\n", path: "m.csv"))
            return "accepted"
        } catch { return "\(error)" }
    }

    @Test("the template has one example row per kind, reads back and passes every check")
    func templateRoundTrips() throws {
        let rows = try MeasurementTable.parse(text: MeasurementKinds.template(), path: "template.csv")
        #expect(rows.map(\.kind) == MeasurementKinds.all.map(\.kind))
        #expect(Set(MeasurementKinds.all.map(\.kind)).count == MeasurementKinds.all.count)
        try MeasurementKinds.check(rows)
        // A note with commas survives the CSV quoting.
        let conductivity = try #require(rows.first)
        #expect(conductivity.note.contains("columns: temperature_C; frees conductivity.sigma_S_cm conductivity.activation_energy_kJ_mol"))
        #expect(rows.allSatisfy { $0.source == "mylab2026" && $0.electrolyte == "MY-ELECTROLYTE" })
    }

    @Test("every key a kind frees is a fittable key (an electrode key for each cathode), and every kind has a unit")
    func freedKeysAreFittable() {
        for k in MeasurementKinds.all {
            #expect(!k.units.isEmpty && k.example["value"] != nil, "\(k.kind)")
            for key in k.frees {
                let name = key.replacingOccurrences(of: "<cathode>", with: "LFP")
                #expect(FitParameterRegistry.key(name) != nil, "\(k.kind) frees \(key), which is not fittable")
            }
        }
        #expect(MeasurementKinds.kind("ccd")?.frees == ["short.critical_current_mA_cm2"])
        #expect(MeasurementKinds.kind("nope") == nil)
    }

    @Test("an unknown kind, a wrong unit, an empty required column and a non-numeric value name line and column")
    func checks() {
        let ok = FitFixtures.row("X", "conductivity", t: 25, quantity: "sigma", value: 1e-4, unit: "S/cm")
        #expect(check(ok) == "accepted")
        #expect(check(FitFixtures.row("X", "viscosity", quantity: "eta", value: 1, unit: "Pa s")).hasPrefix("m.csv:2: key 'kind': unknown measurement kind 'viscosity'"))
        #expect(check(FitFixtures.row("X", "conductivity", t: 25, quantity: "sigma", value: 1e-2, unit: "S/m"))
                == "m.csv:2: key 'unit': 'S/m' is not a unit of conductivity (use S/cm)")
        #expect(check(FitFixtures.row("X", "transference", t: 25, quantity: "t_plus", value: 0.4, unit: "%"))
                .contains("(use an empty unit)"))
        #expect(check(FitFixtures.row("X", "conductivity", quantity: "sigma", value: 1e-4, unit: "S/cm"))
                == "m.csv:2: key 'temperature_C': is empty; a conductivity row needs temperature_C")
        #expect(check(ok.replacingOccurrences(of: ",0.0001,", with: ",n/a,")) == "m.csv:2: key 'value': 'n/a' is not a number")
        // A shape row takes its word, not another.
        let shape = ["s", "X", "overpotential_scaling", "LFP", "", "0.2", "", "", "", "", "ir_drop_vs_resistivity", "linear", "", "=", ""]
        #expect(check(shape.joined(separator: ",")) == "accepted")
        #expect(check(shape.joined(separator: ",").replacingOccurrences(of: ",linear,", with: ",quadratic,"))
                == "m.csv:2: key 'value': 'quadratic' is not a number or 'linear'")
    }
}
