import Foundation
import Testing
@testable import CellTwin

/// Every shipped scenario loads; the short ones run and print a comparison.
@Suite struct ScenarioTests {
    static var scenarioFiles: [String] {
        let dir = Fixtures.packageRoot.appendingPathComponent("Scenarios")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix(".toml") }.sorted().map { dir.appendingPathComponent($0).path }
    }

    @Test func everyShippedScenarioLoadsAndNamesMeasurements() throws {
        #expect(Self.scenarioFiles.count >= 15)
        for path in Self.scenarioFiles {
            let s = try ScenarioFile.load(path: path)
            _ = try s.design(library: Fixtures.models)
            // A measured-profile demonstration (a profile from another cell) has no measurement of this cell to meet.
            let demonstratesProfile = s.experiment.blocks.contains { $0.steps.contains { $0.profileRun != nil } }
            #expect(demonstratesProfile || !s.expected.isEmpty, "\(path) compares with no measurement")
            for e in s.expected { #expect(e.cycle <= s.experiment.cycleCount, "\(path): cycle \(e.cycle)") }
        }
    }

    /// Independent of the comparison's own error and flag: each published value read from the scenario file against
    /// the simulated one, by the file's tolerance and qualifier; the comparison's flag must agree.
    static func expectMeetsItsFile(_ result: Scenario.Result, _ s: Scenario, name: String) throws {
        for (c, e) in zip(result.comparisons, s.expected) {
            let sim = try #require(c.simulated, "\(name): \(e.quantity) at cycle \(e.cycle)")
            let verdict: Bool
            switch e.qualifier {
            case "<": verdict = sim < e.value * (1 + e.relativeTolerance)
            case ">": verdict = sim > e.value * (1 - e.relativeTolerance)
            default: verdict = abs(sim / e.value - 1) <= e.relativeTolerance
            }
            #expect(c.measured == e.value && c.within == verdict, "\(name): \(e.quantity) \(sim) vs \(e.value)")
            #expect(verdict, "\(name): \(e.quantity) at cycle \(e.cycle), \(e.temperature_C) °C: \(sim) vs \(e.qualifier) \(e.value) ± \(e.relativeTolerance)")
        }
    }

    @Test func rateTestScenariosRunAndCompare() throws {
        for name in ["cmp-vammt-lfp-rate-30C", "he-peigphe-lfp-rate-60C", "anp-c-2.0k-lfp-0.2C-60-120C"] {
            let s = try ScenarioFile.load(path: Fixtures.packageRoot.appendingPathComponent("Scenarios/\(name).toml").path)
            let result = try s.run(library: Fixtures.models)
            #expect(result.solutions.count == s.temperatures_C.count)
            #expect(result.comparisons.count == s.expected.count)
            try Self.expectMeetsItsFile(result, s, name: name)
        }
    }

    @Test func longScenariosRunToTheirLastCycleWithCycleSkipping() throws {
        let path = Fixtures.packageRoot.appendingPathComponent("Scenarios/cmp-vammt-lfp-0.5C-30C-1000.toml").path
        let s = try ScenarioFile.load(path: path)
        #expect(s.isLifetime)
        let result = try s.run(library: Fixtures.models)
        let life = try #require(result.lives.first)
        #expect(life.cycles.count == 1000)
        #expect(life.simulatedCycles < 200)
        try Self.expectMeetsItsFile(result, s, name: "cmp-vammt-lfp-0.5C-30C-1000")
    }

    @Test func scenarioTemperatureOutsideTheRangeNamesFileAndKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-sc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("hot.toml").path
        try """
        name = "hot"
        [cell]
        electrolyte = "CMP-VAMMT"
        cathode = "LFP"
        [conditions]
        temperature_C = 180
        [[experiment]]
        steps = ["Discharge at 0.5C until 2.5 V"]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try ScenarioFile.load(path: path) } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file == path && e.line == 6 && e.key == "conditions.temperature_C"
        }
    }

    @Test func electrolyteRangeIsEnforced() throws {
        // The carbonate gels are defined to 80 °C only.
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        #expect { try Simulator(design: design, temperature_C: 100) } throws: { error in
            "\(error)".contains("CMP-VAMMT") && "\(error)".contains("100")
        }
    }

    @Test func defaultTolerancesAgreeWithATightRun() throws {
        // The default (fast) tolerances give the capacities of an rtol 1e-9 run to 1e-5 and its mean voltages
        // to 0.1 mV (the event tolerance).
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        let experiment = try Experiment.cccv(chargeRate: 1, dischargeRate: 1, minimumVoltage: 2.5, maximumVoltage: 3.8, cycles: 2)
        var fast = SimulationOptions()
        fast.aging = false
        var tight = fast
        tight.relativeTolerance = 1e-9
        tight.absoluteTolerance = 1e-10
        let a = try Simulator(design: design, temperature_C: 25, options: fast).run(experiment).cycles[1]
        let b = try Simulator(design: design, temperature_C: 25, options: tight).run(experiment).cycles[1]
        #expect(abs(a.dischargeCapacity_C_m2 / b.dischargeCapacity_C_m2 - 1) < 1e-5)
        #expect(abs(a.chargeCapacity_C_m2 / b.chargeCapacity_C_m2 - 1) < 1e-5)
        let va = try #require(a.meanDischargeVoltage_V), vb = try #require(b.meanDischargeVoltage_V)
        #expect(abs(va - vb) < 1e-4, "\(va) vs \(vb)")
        let ca = try #require(a.meanChargeVoltage_V), cb = try #require(b.meanChargeVoltage_V)
        #expect(abs(ca - cb) < 1e-4, "\(ca) vs \(cb)")
    }
}
