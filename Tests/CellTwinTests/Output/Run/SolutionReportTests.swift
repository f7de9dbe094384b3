import Foundation
import Testing
@testable import CellTwin

/// A run's records in lab units (by hand: 54 000 C/m² on 10 mg/cm² is 150 mAh/g and 1.5 mAh/cm²), CSV fields quoted
/// where they must be, and JSON that refuses a non-numeric value naming where it is.
@Suite struct SolutionReportTests {
    @Test func aCycleRecordInLabUnits() {
        let design = CellDesign(cathode: Fixtures.linearCathode(), electrolyte: Fixtures.simpleElectrolyte(), cathodeLoading_kg_m2: 0.1)
        let c = CycleSummary(cycle: 7, chargeCapacity_C_m2: 54_000, dischargeCapacity_C_m2: 36_000, chargeEnergy_J_m2: 205_200,
                             dischargeEnergy_J_m2: 122_400, duration_s: 9000, chargeEnd: .event(.currentBelow(A_m2: 0.1)),
                             dischargeEnd: .event(.voltage(V: 2.5, direction: .falling)), steps: [])
        let r = CycleRecord(c, design: design)
        #expect(r.cycle == 7 && abs(r.charge_capacity_mAh_g - 150) < 1e-12 && abs(r.discharge_capacity_mAh_g - 100) < 1e-12)
        #expect(abs(r.charge_capacity_mAh_cm2 - 1.5) < 1e-12 && abs(r.discharge_capacity_mAh_cm2 - 1) < 1e-12)
        // 205 200 J/m² on 0.1 kg/m² = 2.052e6 J/kg = 570 mWh/g (1 mWh = 3.6 J); mean voltages 3.8 V and 3.4 V.
        #expect(abs(r.charge_energy_mWh_g - 570) < 1e-9 && abs(r.discharge_energy_mWh_g - 340) < 1e-9)
        #expect(abs((r.mean_charge_voltage_V ?? 0) - 3.8) < 1e-12 && abs((r.overpotential_V ?? 0) - 0.2) < 1e-12)
        #expect(abs((r.coulombic_efficiency ?? 0) - 2.0 / 3.0) < 1e-15 && r.duration_h == 2.5)
        #expect(r.charge_end_reason == "current 0.01 mA/cm2" && r.end_reason == "voltage 2.5 V")
    }

    @Test func csvFieldsAreQuotedOnlyWhereNeeded() {
        #expect(SolutionReport.csvField("plain") == "plain")
        #expect(SolutionReport.csvField("a,b") == "\"a,b\"")
        #expect(SolutionReport.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(SolutionReport.num(nil) == "" && SolutionReport.num(.nan) == "" && SolutionReport.num(1.0 / 3, 3) == "0.333")
    }

    struct Row: Encodable { var name: String; var values: [Double] }

    @Test func jsonIsSortedAndRefusesNonNumericValues() throws {
        let text = try SolutionReport.json(["b": 1, "a": 2])
        #expect(try #require(text.range(of: "\"a\"")).lowerBound < (try #require(text.range(of: "\"b\""))).lowerBound)
        #expect(text.hasSuffix("\n"))
        do {
            _ = try SolutionReport.json(Row(name: "x", values: [1, .nan]))
            Issue.record("NaN was encoded")
        } catch let e as OutputError {
            #expect(e.message.contains("non-numeric value nan at values[1]"), "\(e)")
        }
    }
}
