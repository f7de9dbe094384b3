import Foundation
import Testing
@testable import CellTwin

/// The package initializers other targets build fit inputs with: the same values as the memberwise ones.
@Suite struct FitInputsPackageTests {
    @Test("a measurement row built in code equals the table reader's row of the same CSV line")
    func rowMatchesTheReader() throws {
        let line = FitFixtures.row("CPCSE", "cycling_retention", t: 30, cathode: "LFP", cRate: 0.5, cycle: 200, quantity: "retention",
                                   value: 0.9, unit: "fraction")
        let read = try #require(try MeasurementTable.parse(text: FitFixtures.header + "\n" + line + "\n", path: "m.csv").first)
        let built = MeasurementRow(file: "m.csv", line: 2, source: "synthetic", electrolyte: "CPCSE", kind: "cycling_retention", cathode: "LFP",
                                   temperature_C: 30, cRate: 0.5, current_mA_cm2: nil, arealCapacity_mAh_cm2: nil, cycle: 200, time_h: nil,
                                   quantity: "retention", valueText: "0.9", value: 0.9, unit: "fraction", qualifier: "=",
                                   note: "synthetic, made by the model")
        #expect(built == read)
    }

    @Test("a free parameter built in code has no prior and keeps its bounds")
    func freeParameter() throws {
        let key = try #require(FitParameterRegistry.key("aging.contact_loss_per_cycle"))
        let f = FreeParameter(key: key, initial: 1e-4, lower: 0, upper: 1e-2)
        #expect(f.key.key == "aging.contact_loss_per_cycle" && f.initial == 1e-4 && f.lower == 0 && f.upper == 1e-2)
        #expect(f.prior == nil && f.priorFactor == nil && f.priorSD == nil)
    }
}
