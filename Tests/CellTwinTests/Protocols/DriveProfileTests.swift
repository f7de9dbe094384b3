import Foundation
import Testing
@testable import CellTwin

@Suite("Drive profiles (measured current or power, held between samples)")
struct DriveProfileTests {
    @Test("a constant 0.5C profile in six 10-minute rows gives the 'Discharge at 0.5C for 1 hour' step's result to 1e-6")
    func constantCurrentEqualsCCStep() throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let charge = try Step(parsing: "Charge at 0.5C until 3.8 V")
        let profile = try DriveProfile(text: "time_min,c_rate\n0,0.5\n10,0.5\n20,0.5\n30,0.5\n40,0.5\n50,0.5\n60,0\n", file: "cc.csv")
        #expect(profile.steps().count == 6 && profile.time_s.last == 3600)
        let cc = try Simulator(design: design, temperature_C: 30).run(Experiment(blocks: [
            ExperimentBlock(steps: [charge, try Step(parsing: "Discharge at 0.5C for 1 hour")])]))
        let stepped = try Simulator(design: design, temperature_C: 30).run(Experiment(blocks: [
            ExperimentBlock(steps: [charge] + profile.steps())]))
        let a = try #require(cc.cycles.first), b = try #require(stepped.cycles.first)
        #expect(abs(a.dischargeCapacity_C_m2 / b.dischargeCapacity_C_m2 - 1) < 1e-6, "\(a.dischargeCapacity_C_m2) vs \(b.dischargeCapacity_C_m2)")
        let va = try #require(a.steps.last?.endVoltage_V), vb = try #require(b.steps.last?.endVoltage_V)
        #expect(abs(va - vb) < 1e-6, "\(va) vs \(vb)")
    }

    @Test("units: mA cm⁻² and mW cm⁻² become A m⁻² and W m⁻², negative values charge, zero rests; times in hours")
    func conversions() throws {
        let p = try DriveProfile(text: "# pulse\ntime_h,current_mA_cm2\n0,0.5\n0.5,-0.25\n1,0\n1.5,0\n", file: "p.csv")
        let s = p.steps()
        #expect(s.map(\.kind) == [.discharge, .charge, .rest])
        #expect(s[0].drive == .currentDensity(5) && s[1].drive == .currentDensity(2.5) && s[2].drive == .rest)
        #expect(s.map(\.duration_s) == [1800, 1800, 1800])
        let w = try DriveProfile(text: "time_s,power_mW_cm2\n5,1\n15,2\n", file: "w.csv")
        #expect(w.steps().map(\.drive) == [.powerDensity(10)] && w.time_s == [0, 10])
    }

    @Test("a scenario's \"Run current profile FILE.csv\" step reads the file beside the scenario; a power column there is refused")
    func scenarioStep() throws {
        let dir = try CLI.temporaryDirectory("celltwin-profile")
        try "time_s,current_mA_cm2\n0,0.3\n600,0\n900,-0.2\n1200\n".replacingOccurrences(of: "1200\n", with: "1200,0\n")
            .write(to: dir.appendingPathComponent("pulses.csv"), atomically: true, encoding: .utf8)
        let scenario = dir.appendingPathComponent("s.toml")
        try """
            name = "profile"
            [cell]
            electrolyte = "CMP-VAMMT"
            cathode = "LFP"
            [conditions]
            temperature_C = 30
            [[experiment]]
            steps = ["Charge at 0.2C until 3.8 V", "Run current profile pulses.csv", "Rest for 1 minute"]
            """.write(to: scenario, atomically: true, encoding: .utf8)
        let s = try ScenarioFile.load(path: scenario.path)
        let steps = try #require(s.experiment.blocks.first?.steps)
        #expect(steps.count == 5)
        #expect(steps[1].kind == .discharge && steps[1].drive == .currentDensity(3) && steps[1].duration_s == 600)
        #expect(steps[2].kind == .rest && steps[3].kind == .charge && steps[3].drive == .currentDensity(2))
        // The wrong kind of column, and a missing file, name the profile file.
        try "time_s,power_W\n0,1\n10,1\n".write(to: dir.appendingPathComponent("w.csv"), atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try DriveProfile.steps(parsing: "Run current profile w.csv", relativeTo: dir) }
        do {
            _ = try DriveProfile.steps(parsing: "Run power profile missing.csv", relativeTo: dir)
            Issue.record("a missing file was accepted")
        } catch { #expect("\(error)".contains("missing.csv")) }
        #expect(try DriveProfile.steps(parsing: "Discharge at 1C for 1 hour", relativeTo: dir) == nil)
    }

    @Test("bad profiles are refused with file, line and column", arguments: [
        ("time_s,current_A\n0,1\n10,1\n5,1\n", "bad.csv:4", "time must increase"),
        ("time_s,current_A\n0,1\n10,nan\n", "bad.csv:3", "not a finite decimal number"),
        ("time,current\n0,1\n10,1\n", "bad.csv:1", "with their units"),
        ("time_s,current_amps\n0,1\n10,1\n", "bad.csv:1", "unknown value column"),
        ("time_s,current_A\n0,1\n", "bad.csv", "at least two rows"),
        ("time_s,current_A\n0,1,2\n10,1\n", "bad.csv:2", "expected 2 fields"),
    ])
    func badProfiles(text: String, location: String, words: String) {
        do {
            _ = try DriveProfile(text: text, file: "bad.csv")
            Issue.record("accepted \(text)")
        } catch {
            let message = "\(error)"
            #expect(message.contains(location) && message.contains(words), "\(message)")
        }
    }
}
