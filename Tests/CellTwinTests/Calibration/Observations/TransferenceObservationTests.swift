import Foundation
import Testing
@testable import CellTwin

/// The transference number: the simulated Bruce–Vincent experiment and its step.
@Suite struct TransferenceObservationTests {
    static let seedPath = Fixtures.packageRoot.appendingPathComponent("Calibration/seed-measurements.csv").path

    /// The shipped twins' simulated Bruce–Vincent experiment (the row's temperature and step) returns the published t₊
    /// within 0.01: the t₊ parameter is fitted through the measurement, not set to its result.
    @Test func simulatedBruceVincentReturnsEachPublishedTransferenceNumber() throws {
        let rows = try MeasurementTable.load(path: Self.seedPath)
            .filter { $0.kind == "transference" && Fixtures.models.electrolyteIDs.contains($0.electrolyte) }
        #expect(rows.count >= 9)
        for row in rows {
            let e = try Fixtures.models.electrolyte(row.electrolyte)
            let T = try #require(row.temperature_C), published = try #require(row.value)
            let step = try #require(TransferenceObservation.step_V(row))
            let t = try TransferenceObservation.simulated(e, temperature_C: T, step_V: step)
            #expect(abs(t - published) <= 0.01, "\(row.electrolyte): simulated \(t), published \(published), parameter \(e.transferenceNumber)")
        }
    }

    /// The step is read from the row's note ("dV = 100 mV"), else Evans et al.'s 10 mV; a stated step out of range
    /// is refused.
    @Test func bruceVincentStepFromTheRowNote() throws {
        let text = """
        source,electrolyte,kind,cathode,temperature_C,c_rate,current_mA_cm2,areal_capacity_mAh_cm2,cycle,time_h,quantity,value,unit,qualifier,note
        a,X,transference,,25,,,,,,t_plus,0.5,,=,"Bruce-Vincent, dV = 100 mV"
        a,X,transference,,25,,,,,,t_plus,0.5,,=,
        a,X,transference,,25,,,,,,t_plus,0.5,,=,"dV = 5000 mV"
        """ + "\n"
        let rows = try MeasurementTable.parse(text: text, path: "t.csv")
        #expect(TransferenceObservation.step_V(rows[0]) == 0.1)
        #expect(TransferenceObservation.step_V(rows[1]) == 0.01)
        #expect(TransferenceObservation.step_V(rows[2]) == nil)
    }
}
