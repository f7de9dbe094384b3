import Foundation
import Testing
@testable import CellTwin

/// `celltwin inspect FILE`: what CellTwin reads from a cycler file, end to end.
@Suite struct InspectCommandTests {
    static let maccor = "Calibration/external/beep/xTESLADIAG_000038.078"

    @Test func tableShowsFormatColumnsAndCycleTypes() throws {
        let r = try CLI.run(["inspect", Self.maccor])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("format: Maccor text (10714 data rows, 0 left out)"), "\(r.stdout.prefix(400))")
        #expect(lines.contains { $0.hasPrefix("columns: Rec#, Cyc#, Step, Test (Sec) [s], Step (Sec) [s], Amp-hr") })
        // Cycle 0: 3.98657 Ah discharged (the Maccor README's 3.987 Ah); cycle 23: the cut-short one.
        #expect(lines.contains { $0.hasPrefix("    0  regular ") && $0.contains(" 3.98657 ") }, "\(r.stdout)")
        #expect(lines.contains { $0.hasPrefix("   23  incomplete ") && $0.contains("the file's last cycle") })
        #expect(lines.last == "cycles: 24 (23 regular, 1 incomplete)")
    }

    @Test func jsonCsvAndChartFiles() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["inspect", "Calibration/external/battery-data-toolkit/p492-13-summary.csv", "--format", "json",
                             "--output", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try CLI.json(r.stdout)
        #expect(root["format"] as? String == "DOE Battery Data Hub cycle summary")
        let cycles = try #require(root["cycles"] as? [[String: Any]])
        #expect(cycles.count == 267)
        #expect(cycles.first { $0["cycle"] as? Int == 7 }?["type"] as? String == "impedance")
        let csv = try String(contentsOf: dir.appendingPathComponent("cycles.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("cycle,type,label,charge_Ah,discharge_Ah,coulombic_efficiency,duration_h,reason\n"))
        #expect(csv.contains("\n2,capacity-check,\"Capacity check\",0.02187029,0.02173834,"))
        let svg = try String(contentsOf: dir.appendingPathComponent("capacity.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
        for type in ["regular", "capacity-check", "pulse", "partial", "other"] { #expect(svg.contains(">\(type)<"), "legend \(type)") }
    }

    @Test func unreadableFilesAreClearErrors() throws {
        let r = try CLI.run(["inspect", "Calibration/external/beep/README.md"])
        #expect(r.status != 0 && r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("error: Calibration/external/beep/README.md:1: not a recognised cycler export"), "\(r.stderr)")
        let m = try CLI.run(["inspect", "Calibration/external/attia-clo-lfp/Qn.csv", "--cell", "45"])
        #expect(m.status != 0 && m.stderr.contains("no cell 45"), "\(m.stderr)")
    }
}
