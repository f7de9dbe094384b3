import Foundation
import Testing
@testable import CellTwin

/// Profile steps beyond the held values: interpolation, voltage limits, repeats, bad profiles, the shipped HPPC profile.
@Suite("Drive profiles: interpolation, limits, repeats and refusals")
struct DriveProfileLimitTests {
    /// ∫ value dt of the pieces a profile runs as.
    func integral(_ p: DriveProfile) -> Double { p.pieces().reduce(0) { $0 + $1.duration_s * $1.value } }

    @Test("held values integrate as the left sum, interpolated ones as the trapezoid rule (exact for a line), split at zero")
    func heldAndInterpolatedIntegrals() throws {
        let rows = "time_s,c_rate\n0,1\n100,0.5\n300,-0.5\n400,0\n"
        let held = try DriveProfile(text: rows, file: "h.csv")
        let line = try DriveProfile(text: "# between samples: interpolated\n" + rows, file: "i.csv")
        #expect(held.between == .held && line.between == .interpolated)
        // Left sum: 1·100 + 0.5·200 − 0.5·100 = 150; trapezoids: 75 + 0 − 25 = 50 (0.5 → −0.5 crosses zero mid-way).
        #expect(abs(integral(held) - 150) < 1e-9)
        #expect(abs(integral(line) - 50) < 1e-9, "\(integral(line))")
        let pieces = line.pieces()
        // No piece straddles zero, each changes by at most the resolution, and they tile [0, 400] without a gap.
        func exact(_ t: Double) -> Double {   // the rows' straight lines
            t <= 100 ? 1 - 0.5 * t / 100 : t <= 300 ? 0.5 - (t - 100) / 200 : -0.5 + 0.5 * (t - 300) / 100
        }
        for p in pieces {
            #expect(exact(p.start_s) * exact(p.start_s + p.duration_s) >= -1e-12, "piece at \(p.start_s) s straddles zero")
            #expect(abs(p.value - exact(p.start_s + p.duration_s / 2)) < 1e-12)
        }
        #expect(abs(pieces.reduce(0) { $0 + $1.duration_s } - 400) < 1e-9)
        for (a, b) in zip(pieces, pieces.dropFirst()) { #expect(abs(a.start_s + a.duration_s - b.start_s) < 1e-9) }
        let resolution = DriveProfile.interpolationResolution * 1.0
        for (a, b) in zip(pieces, pieces.dropFirst()) where a.line == b.line {
            #expect(abs(b.value - a.value) <= resolution + 1e-12)
        }
        #expect(Set(line.steps().map(\.kind)) == [.discharge, .charge])
    }

    @Test("an interpolated 0→1C→0 ramp discharges the trapezoid charge, 0.5 C·h of the cell's 1C current, to 1e-6")
    func interpolatedRampChargeInSimulation() throws {
        let design = try Fixtures.frozenDesign()
        let ramp = try DriveProfile(text: "# between samples: interpolated\ntime_h,c_rate\n0,0\n0.5,1\n1,0\n", file: "ramp.csv")
        let solution = try Simulator(design: design, temperature_C: 30).run(Experiment(blocks: [ExperimentBlock(steps: ramp.steps())]))
        let q = try #require(solution.cycles.first).dischargeCapacity_C_m2
        let expected = 0.5 * 3600 * design.currentDensity(cRate: 1)
        #expect(abs(q / expected - 1) < 1e-6, "\(q) vs \(expected)")
    }

    @Test("'until 2.5 V' ends the whole profile where the voltage reaches 2.5 V: same capacity as 'Discharge at 1C until 2.5 V' to 1e-5")
    func voltageLimitEndsProfile() throws {
        let design = try Fixtures.frozenDesign()
        let dir = try CLI.temporaryDirectory("celltwin-profile-limit")
        // 1C in 6-minute rows for 2 hours: twice what the cell holds, so the limit must end it.
        let rows = (0...20).map { "\($0 * 6),\($0 == 20 ? 0 : 1)" }.joined(separator: "\n")
        try ("time_min,c_rate\n" + rows + "\n").write(to: dir.appendingPathComponent("cc.csv"), atomically: true, encoding: .utf8)
        let profile = try #require(try DriveProfile.steps(parsing: "Run current profile cc.csv until 2.5 V", relativeTo: dir, run: 1))
        #expect(profile.count == 20 && profile.allSatisfy { $0.terminations.contains(.voltage(2.5)) && $0.profileRun == 1 })
        let charge = [try Step(parsing: "Charge at 0.5C until 3.8 V"), try Step(parsing: "Hold at 3.8 V until C/50")]
        let after = try Step(parsing: "Rest for 10 minutes")
        let cc = try Simulator(design: design, temperature_C: 30).run(Experiment(blocks: [
            ExperimentBlock(steps: charge + [try Step(parsing: "Discharge at 1C until 2.5 V"), after])]))
        let run = try Simulator(design: design, temperature_C: 30).run(Experiment(blocks: [
            ExperimentBlock(steps: charge + profile + [after])]))
        let a = try #require(cc.cycles.first), b = try #require(run.cycles.first)
        #expect(abs(a.dischargeCapacity_C_m2 / b.dischargeCapacity_C_m2 - 1) < 1e-5, "\(a.dischargeCapacity_C_m2) vs \(b.dischargeCapacity_C_m2)")
        // The profile's remaining rows were skipped: the step after the profile follows the step that hit the limit.
        let limitStep = try #require(b.steps.firstIndex { $0.endReason == "voltage 2.5 V" })
        #expect(abs(b.steps[limitStep].endVoltage_V - 2.5) < 1e-3)
        #expect(b.steps.count == limitStep + 2 && b.steps.last?.text == after.text, "\(b.steps.map(\.text))")
        #expect(b.steps.count < charge.count + profile.count + 1)
    }

    @Test("'N times' repeats the profile within the cycle; two limits split into a lower (discharge) and an upper (charge)")
    func repeatsAndTwoLimits() throws {
        let dir = try CLI.temporaryDirectory("celltwin-profile-repeat")
        try "time_s,current_mA_cm2\n0,0.2\n60,-0.1\n120,0\n180,0\n".write(to: dir.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        let once = try #require(try DriveProfile.steps(parsing: "Run current profile p.csv", relativeTo: dir))
        let thrice = try #require(try DriveProfile.steps(parsing: "run current profile p.csv 3 times until 3.8 V or 2.5 V", relativeTo: dir, run: 4))
        #expect(thrice.count == 3 * once.count)
        #expect(thrice.map(\.drive) == once.map(\.drive) + once.map(\.drive) + once.map(\.drive))
        #expect(thrice.filter { $0.kind == .discharge }.allSatisfy { $0.terminations == [.duration(60), .voltage(2.5)] })
        #expect(thrice.filter { $0.kind == .charge }.allSatisfy { $0.terminations == [.duration(60), .voltage(3.8)] })
        #expect(thrice.filter { $0.kind == .rest }.allSatisfy { $0.terminations == [.duration(60)] })
        #expect(Set(thrice.compactMap(\.profileRun)) == [4])
        // Simulated, three repeats pass three times the charge of one (nothing reaches the limits).
        let design = try Fixtures.frozenDesign()
        let start = try Step(parsing: "Charge at 0.5C for 30 minutes")
        func discharged(_ steps: [Step]) throws -> Double {
            try #require(try Simulator(design: design, temperature_C: 30).run(Experiment(blocks: [ExperimentBlock(steps: [start] + steps)]))
                .cycles.first).dischargeCapacity_C_m2
        }
        let q1 = try discharged(once), q3 = try discharged(thrice)
        #expect(abs(q1 - 0.2 * 10 * 60) < 1e-6 * q1 && abs(q3 / q1 - 3) < 1e-9, "\(q1), \(q3)")
    }

    @Test("bad profiles are refused with file:line, the column and the limit", arguments: [
        ("time_s,c_rate\n0,1\n10,\n20,0\n", "bad.csv:3", "a gap"),
        ("time_s,c_rate\n0,1\n,1\n20,0\n", "bad.csv:3", "a gap"),
        ("time_s,c_rate\n0,1\n10,1\n10,0\n", "bad.csv:4", "time must increase"),
        ("time_s,c_rate\n0,1\n10,0x10\n20,0\n", "bad.csv:3", "not a finite decimal number"),
        ("time_s,c_rate\n0,1\n10,inf\n20,0\n", "bad.csv:3", "not a finite decimal number"),
        ("time_s,c_rate\n0,1\n10,60\n20,0\n", "bad.csv:3", "0.001…50 C"),
        ("time_s,current_mA_cm2\n0,1\n10,-101\n20,0\n", "bad.csv:3", "0.0001…100 mA/cm²"),
        ("time_h,c_rate\n0,1\n200000,0\n", "bad.csv:3", "outside 1e-06…100000 h"),
        ("# between samples: smoothed\ntime_s,c_rate\n0,1\n10,0\n", "bad.csv:1", "held, interpolated"),
        ("# between samples: interpolated\ntime_s,c_rate\n0,1\n1,1\n2,1\n3,1\n5000,0\n", "bad.csv:7", "gap of 4997 s"),
        ("time_s,c_rate\n0,1\n10,1\n", "", ""),
        ("time_s\n0\n10\n", "bad.csv:1", "with their units"),
    ])
    func badProfiles(text: String, location: String, words: String) {
        do {
            let p = try DriveProfile(text: text, file: "bad.csv")
            #expect(location.isEmpty, "accepted \(text)")
            #expect(p.pieces().count == 1)
        } catch {
            let message = "\(error)"
            #expect(!location.isEmpty && message.contains(location) && message.contains(words), "\(message)")
        }
    }

    @Test("bad profile step texts are refused with the reason", arguments: [
        ("Run current profile p.csv until 2.5", "voltage limit"),
        ("Run current profile p.csv until 7 V", "0…6 V"),
        ("Run current profile p.csv until 2 V or 3 V or 4 V", "at most two"),
        ("Run current profile p.csv 2.5 times", "whole number"),
        ("Run current profile p.csv 0 times", "cycles"),
        ("Run current profile", "a profile step reads"),
        ("Run voltage profile p.csv", "a profile step reads"),
    ])
    func badStepTexts(text: String, words: String) throws {
        let dir = try CLI.temporaryDirectory("celltwin-profile-text")
        try "time_s,c_rate\n0,1\n10,0\n".write(to: dir.appendingPathComponent("p.csv"), atomically: true, encoding: .utf8)
        do {
            _ = try DriveProfile.steps(parsing: text, relativeTo: dir)
            Issue.record("accepted \(text)")
        } catch {
            #expect("\(error)".contains(words), "\(error)")
        }
    }

    @Test("the shipped HPPC profile (DOE p492-13, cycle 5) reads as 50 held steps over 11.1 h, with 4.37C pulses and −3.28C regen")
    func shippedHPPCProfile() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("Scenarios/profiles/doe-p492-13-hppc-c-rate.csv").path
        let p = try DriveProfile.load(path: path)
        #expect(p.quantity == .c_rate && p.between == .held)
        #expect(p.pieces().count == 50 && abs(p.duration_s / 3600 - 11.12) < 0.01)
        #expect(abs((p.values.max() ?? 0) - 4.37) < 0.01 && abs((p.values.min() ?? 0) + 3.28) < 0.01)
        // Ten-second pulses, as in the HPPC protocol.
        for piece in p.pieces() where abs(piece.value) > 2 { #expect(abs(piece.duration_s - 10) < 1e-6) }
    }
}
