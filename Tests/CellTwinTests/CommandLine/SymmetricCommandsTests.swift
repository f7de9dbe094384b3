import Foundation
import Testing
@testable import CellTwin

/// End-to-end runs of the built `celltwin` binary for the Li | E | Li commands: symmetric, polarize, ccd.
@Suite struct SymmetricCommandsTests {
    typealias Result = CLI.Result

    func celltwin(_ arguments: [String]) throws -> Result { try CLI.run(arguments) }

    func temporaryDirectory() throws -> URL { try CLI.temporaryDirectory("celltwin-sym") }

    func json(_ text: String) throws -> [String: Any] { try CLI.json(text) }

    @Test func symmetricPrintsJSONAndWritesThinnedFiles() throws {
        let dir = try temporaryDirectory().appendingPathComponent("out")
        let r = try celltwin(["symmetric", "--electrolyte", "CPCSE", "--temperature", "60", "--current", "0.1",
                              "--capacity", "0.1", "--hours", "300", "--format", "json", "--output", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try json(r.stdout)
        #expect(root["end_reason"] as? String == "completed")
        #expect(root["time_to_short_h"] is NSNull)
        let points = try #require(root["overpotential_V"] as? [[String: Any]])
        #expect(points.count == 100)
        let last = try #require(points.last)
        #expect(last["time_h"] as? Double == 300)
        let v = try #require(last["value"] as? Double)
        #expect(v > 0.03 && v < 0.08)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["half_cycles.csv", "result.json", "trace.csv", "voltage.svg"])
        let halfCycles = try String(contentsOf: dir.appendingPathComponent("half_cycles.csv"), encoding: .utf8)
        #expect(halfCycles.split(separator: "\n").count == 301)
        let trace = try String(contentsOf: dir.appendingPathComponent("trace.csv"), encoding: .utf8)
        let rows = trace.split(separator: "\n").count - 1
        #expect(rows >= 600 && rows <= 600 + SymmetricOptions().traceSamples + 10, "\(rows) trace rows")
        let svg = try String(contentsOf: dir.appendingPathComponent("voltage.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
    }

    @Test func symmetricReportsTheTimeToShort() throws {
        let r = try celltwin(["symmetric", "--electrolyte", "PPSE", "--temperature", "60", "--current", "0.1",
                              "--capacity", "0.1", "--hours", "1500", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try json(r.stdout)
        #expect(root["end_reason"] as? String == "short circuit")
        let t = try #require(root["time_to_short_h"] as? Double)
        #expect(t > 90 && t < 360)
        let table = try celltwin(["symmetric", "--electrolyte", "PPSE", "--temperature", "60", "--current", "0.1",
                                  "--capacity", "0.1", "--hours", "1500"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("time to short") && table.stdout.contains("short circuit"))
        let csv = try celltwin(["symmetric", "--electrolyte", "PPSE", "--temperature", "60", "--current", "0.1",
                                "--capacity", "0.1", "--hours", "10", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("time_h,half_cycle,overpotential_V,mean_overpotential_V\n"))
        #expect(csv.stdout.split(separator: "\n").count == 11)
    }

    @Test func polarizePrintsTheBruceVincentNumbers() throws {
        let dir = try temporaryDirectory()
        let r = try celltwin(["polarize", "--electrolyte", "CNCSE", "--temperature", "60", "--dv", "10mV",
                              "--format", "json", "--output", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try json(r.stdout)
        for k in ["I0_A", "Iss_A", "R0_ohm", "Rss_ohm", "t_plus", "I0_mA_cm2", "Iss_mA_cm2", "R0_ohm_cm2", "Rss_ohm_cm2"] {
            #expect(root[k] is Double, "missing \(k)")
        }
        let tPlus = try #require(root["t_plus"] as? Double)
        #expect(abs(tPlus - 0.27) < 0.01)
        let i0 = try #require(root["I0_A"] as? Double), iss = try #require(root["Iss_A"] as? Double)
        #expect(iss < i0 && i0 > 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["current.svg", "result.json", "trace.csv"])
        // The same step in volts, with a space, gives the same answer.
        let again = try celltwin(["polarize", "--electrolyte", "CNCSE", "--temperature", "60", "--dv", "0.01 V", "--format", "csv"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("electrolyte,temperature_C,dv_V,I0_A,Iss_A,R0_ohm,Rss_ohm,t_plus"))
    }

    @Test func ccdReportsTheCriticalCurrentDensity() throws {
        let r = try celltwin(["ccd", "--electrolyte", "CMP-VAMMT", "--temperature", "30", "--start", "0.05", "--step", "0.05",
                              "--capacity", "0.25", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try json(r.stdout)
        let ccd = try #require(root["critical_current_density_mA_cm2"] as? Double)
        // The damage law's critical current is the gel's interface plating limit κ·J_strip,c (li2022's own CCD is a
        // declared conflict with its 1C full cells). Stripping above J_strip,c opens voids that focus the next plating,
        // so the step test fails between the critical stripping current and J_c, with polarization rising before it.
        let law = try #require(root["law_critical_current_mA_cm2"] as? Double)
        let stripping = try #require(root["stripping_current_mA_cm2"] as? Double)
        #expect(root["law_criterion"] as? String == "interface")
        #expect(abs(try #require(root["interface_limit_mA_cm2"] as? Double) - law) < 1e-9)
        #expect(ccd >= stripping && ccd < law, "CCD \(ccd) vs J_strip,c \(stripping) and J_c \(law)")
        #expect(root["failure_reason"] as? String == "short circuit")
        let steps = try #require(root["steps"] as? [[String: Any]])
        #expect(steps.count >= 2)
        for s in steps {
            for k in ["current_mA_cm2", "overpotential_V", "passed"] { #expect(s[k] != nil, "missing \(k)") }
        }
        #expect(steps.last?["passed"] as? Bool == false)
        // Voids raise the interface resistance before the short: |V|/J of the last passed step well above the first's.
        let passed = steps.filter { $0["passed"] as? Bool == true }
        let first = try #require(passed.first), last = try #require(passed.last)
        func resistance(_ s: [String: Any]) throws -> Double {
            try #require(s["overpotential_V"] as? Double) / (try #require(s["current_mA_cm2"] as? Double))
        }
        #expect(try resistance(last) > 1.2 * resistance(first))
        let table = try celltwin(["ccd", "--electrolyte", "CMP-VAMMT", "--temperature", "30", "--start", "0.05", "--step", "0.05",
                                  "--capacity", "0.25"])
        #expect(table.stdout.contains(String(format: "critical current density %g mA/cm²", ccd)), "\(table.stdout)")
        #expect(table.stdout.contains("set by interface (voids on stripping, κ·J_strip,c on plating)"), "\(table.stdout)")
    }

    static let symmetricBase = ["symmetric", "--electrolyte", "CPCSE", "--temperature", "60"]

    @Test(arguments: [
        (symmetricBase + ["--current", "0", "--capacity", "0.1", "--hours", "10"], "current"),
        (symmetricBase + ["--current=-0.1", "--capacity", "0.1", "--hours", "10"], "current"),
        (symmetricBase + ["--current", "nan", "--capacity", "0.1", "--hours", "10"], "current"),
        (symmetricBase + ["--current", "0.1", "--capacity", "0", "--hours", "10"], "capacity"),
        (symmetricBase + ["--current", "0.1", "--capacity", "0.1", "--hours", "0"], "hours"),
        (["symmetric", "--electrolyte", "NOPE", "--temperature", "60", "--current", "0.1", "--capacity", "0.1", "--hours", "1"],
         "unknown electrolyte"),
        (["symmetric", "--electrolyte", "CPCSE", "--temperature", "200", "--current", "0.1", "--capacity", "0.1", "--hours", "1"],
         "temperature"),
        (["symmetric", "--electrolyte", "CMP-VAMMT", "--temperature", "100", "--current", "0.1", "--capacity", "0.1", "--hours", "1"],
         "where electrolyte CMP-VAMMT is defined"),
        (["polarize", "--electrolyte", "CNCSE", "--temperature", "60", "--dv", "10 furlongs"], "10 furlongs"),
        (["polarize", "--electrolyte", "CNCSE", "--temperature", "60", "--dv", "0mV"], "dv"),
        (["polarize", "--electrolyte", "CNCSE", "--temperature", "60", "--dv", "10mV", "--hours", "-1"], "hours"),
        (["ccd", "--electrolyte", "CMP-VAMMT", "--temperature", "30", "--start", "0", "--step", "0.05", "--capacity", "0.25"], "start"),
        (["ccd", "--electrolyte", "CMP-VAMMT", "--temperature", "30", "--start", "0.5", "--step", "0.05", "--capacity", "0.25",
          "--max", "0.1"], "max"),
        (["ccd", "--electrolyte", "CMP-VAMMT", "--temperature", "30", "--start", "0.05", "--step", "0.05", "--capacity", "0.25",
          "--cycles-per-step", "0"], "cycles-per-step"),
    ])
    func badInputFailsWithAClearMessageAndNoFiles(arguments: [String], words: String) throws {
        let dir = try temporaryDirectory().appendingPathComponent("out")
        let r = try celltwin(arguments + ["--output", dir.path])
        #expect(r.status != 0)
        #expect(r.stderr.lowercased().contains(words.lowercased()), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }
}
