import Foundation
import Testing
@testable import CellTwin

/// `[[curve]]`: a measured CC charge or discharge curve of a full cell, fitted point by point.
@Suite struct CurveSourceTests {
    let library = Fixtures.models

    /// One CC charge then discharge of Li | HE-PEIgPHE | LFP at 60 °C and 0.2C made by the model with `truth` applied,
    /// written as a DOE Battery Data Hub time series (Current_A positive on charge), with a ±1 mV voltage pattern.
    func writeSeries(in dir: URL, truth: (inout Electrolyte) -> Void) throws -> String {
        var e = try library.electrolyte("HE-PEIgPHE")
        truth(&e)
        let d = CellDesign(cathode: try library.cathode("LFP"), electrolyte: e, anode: try library.lithiumAnode())
        var o = SimulationOptions()
        o.aging = false
        o.initialStateOfCharge = 0
        o.recordTrace = true
        // Sampled as densely as the fit samples its own curve (a recorded cycler file has a point every few mV).
        o.maxStep_s = FitModel.curveMaximumStep_s(chargeRate: 0.2, dischargeRate: 0.2)
        let s = try Simulator(design: d, temperature_C: 60, options: o).run(try Experiment(steps: [
            String(format: "Charge at 0.2C until %g V", d.cathode.maximumVoltage_V),
            String(format: "Discharge at 0.2C until %g V", d.cathode.minimumVoltage_V),
        ]))
        let t = try #require(s.trace)
        var lines = ["Cycle_Index,Step,Time_s,Current_A,Voltage_V"], last = -Double.infinity
        for k in 0..<t.count {
            // A step boundary is sampled twice at one time (end of one step, start of the next): a cycler logs the
            // new step a moment later.
            last = max(t.time_s[k], last + 1e-3)
            let v = t.voltage_V[k] + 0.1 * (FitFixtures.noise(k) - 1)
            lines.append("1,\(t.step[k]),\(last),\(-t.current_A_m2[k] * d.electrodeArea_m2),\(v)")
        }
        let path = dir.appendingPathComponent("curve.csv").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let curveTable = """
        [[curve]]
        file = "curve.csv"
        half = "discharge"
        points = 30
        temperature_C = { value = 60, source = "synthetic: made by the model" }
        c_rate = { value = 0.2, source = "synthetic: made by the model" }
        cathode = { value = "LFP", source = "synthetic" }

        """

    /// The study's LFP electrode (solid-diffusion time, accessible capacity) and the cathode-side ASR, changed from the
    /// shipped HE-PEIgPHE values, are recovered within their 95 % intervals from the discharge curve alone (30 points,
    /// ±1 mV), from starts a factor 2, 6 % and a factor 2.5 away; the curve's rows carry the capacity coordinate.
    @Test func dischargeCurveRecoversTheElectrode() throws {
        let truth: [(String, Double, Double)] = [
            ("electrodes.LFP.diffusion_time_s", 2.0e4, 1.0e4),
            ("electrodes.LFP.specific_capacity_mAh_g", 150, 159),
            ("cathode_interface.interphase_asr_ohm_cm2", 50, 20),
        ]
        let path = try FitFixtures.setup(electrolyte: "HE-PEIgPHE", rows: [],
                                         free: truth.map { "key = \"\($0.0)\"\ninitial = \($0.2)" }, extra: Self.curveTable)
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.removeItem(at: dir.appendingPathComponent("measurements.csv"))
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "data = [\"measurements.csv\"]\n", with: "")
            .write(toFile: path, atomically: true, encoding: .utf8)
        _ = try writeSeries(in: dir) { e in for (k, v, _) in truth { FitParameterRegistry.key(k)!.set(&e, v) } }

        let inputs = try Calibrator.inputs(setupPath: path, library: library)
        #expect(inputs.rows.count == 30)
        #expect(inputs.rows.allSatisfy { $0.kind == "voltage_curve" && $0.specificCapacity_mAh_g != nil })
        let capacities = inputs.rows.compactMap(\.specificCapacity_mAh_g)
        #expect(zip(capacities, capacities.dropFirst()).allSatisfy { $0 < $1 })
        let r = try Calibrator.run(setupPath: path, library: library)
        #expect(r.points.count == 30)
        #expect(r.residualRMS < 0.1, "residual RMS \(r.residualRMS) tolerances (20 mV)")
        // The curves are sampled densely enough for linear interpolation in capacity (``FitModel/curveMaximumStep_s``).
        for (k, v, _) in truth { FitFixtures.expectRecovered(r, k, v) }
        // The report draws the curve: voltage against capacity, measured and model.
        let chart = try #require(CalibrationReport.charts(r).first { $0.0 == "voltage_curve-1.svg" }).1
        #expect(chart.contains("capacity (mAh/g)") && chart.contains("measured") && chart.contains("model"))
    }

    /// Bad input: a half that is neither charge nor discharge, a cycle without that half, a missing file.
    @Test func badCurveInputNamesTheKey() throws {
        let path = try FitFixtures.setup(electrolyte: "HE-PEIgPHE", rows: [],
                                         free: ["key = \"electrodes.LFP.diffusion_time_s\""], extra: Self.curveTable)
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        _ = try writeSeries(in: dir) { _ in }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        func expectError(_ edited: String, _ words: [String]) throws {
            try edited.write(toFile: path, atomically: true, encoding: .utf8)
            do {
                _ = try Calibrator.inputs(setupPath: path, library: library)
                Issue.record("no error for \(words)")
            } catch let e as InputError {
                for w in words { #expect(e.description.contains(w), "\(e.description) lacks '\(w)'") }
            }
        }
        try expectError(text.replacingOccurrences(of: "half = \"discharge\"", with: "half = \"rest\""), ["half", "rest"])
        try expectError(text.replacingOccurrences(of: "half = \"discharge\"", with: "half = \"discharge\"\ncycle = 7"), ["curve[1].cycle", "cycle 7"])
        try expectError(text.replacingOccurrences(of: "file = \"curve.csv\"", with: "file = \"nope.csv\""), ["file", "nope.csv"])
    }
}
