import Foundation
import Testing
@testable import CellTwin

/// One grid point: outside the range, unable to deliver capacity, or failed — each a row that says so.
@Suite struct SweepEvaluationTests {
    static func setup(temperature: Double, settings: SweepSettings = SweepSettings()) throws -> (SweepSpec, SweepMaterials) {
        let spec = try SweepSpec(values: [.electrolyte: [.text("CPCSE")], .cathode: [.text("LFP")], .temperature: [.number(temperature)],
                                          .cRate: [.number(1)]], settings: settings)
        return (spec, try SweepMaterials(spec: spec, library: Fixtures.models))
    }

    @Test("a temperature outside the electrolyte's range is not simulated")
    func outsideRange() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        let (spec, m) = try Self.setup(temperature: Units.celsius(kelvin: e.validTemperatureRange_K.upperBound) + 5)
        let r = SweepEvaluation.evaluate(spec.point(0), spec: spec, materials: m)
        #expect(r.end == .outsideRange && r.work == nil && r.firstDischargeCapacity_mAh_g == nil)
    }

    @Test("a first discharge below the deliverable fraction ends after the one probe cycle, with its capacity and energy")
    func noCapacity() throws {
        var s = SweepSettings()
        s.minimumDeliverableFraction = 10   // no cell delivers ten times its nominal capacity
        let (spec, m) = try Self.setup(temperature: 60, settings: s)
        let r = SweepEvaluation.evaluate(spec.point(0), spec: spec, materials: m)
        #expect(r.end == .noCapacity && r.work?.simulatedCycles == 1 && r.work?.reportedCycles == 1 && r.work?.integratedCycles == 1)
        #expect((r.firstDischargeCapacity_mAh_g ?? 0) > 0 && (r.dischargeEnergy_mWh_g ?? 0) > 0 && r.finalRetention == nil)
        // Energy over capacity is the mean discharge voltage, inside LFP's window.
        let v = (r.dischargeEnergy_mWh_g ?? 0) / (r.firstDischargeCapacity_mAh_g ?? 1)
        #expect(v > 2.5 && v < 3.7, "mean discharge voltage \(v) V")
    }

    @Test("a material that was not loaded is a failed row naming it")
    func failedRow() throws {
        let (spec, _) = try Self.setup(temperature: 60)
        var m = try SweepMaterials(spec: spec, library: Fixtures.models)
        m.electrolytes = [:]
        let r = SweepEvaluation.evaluate(spec.point(0), spec: spec, materials: m)
        #expect(r.end == .failed("--electrolyte: 'CPCSE' was not loaded"))
    }
}
