import Foundation
import Testing
@testable import CellTwin

/// Cycle-type detection (``CycleClassifier``) against cycles of the shipped files labelled by hand from their step
/// names and metadata (the reason for each label is written beside it), and the `[[history]]` cycle selection.
@Suite struct CycleTypeTests {
    static let external = Fixtures.packageRoot.appendingPathComponent("Calibration/external")

    static func types(_ file: String) throws -> [Int: CycleType] {
        let data = try CyclerFile.read(path: external.appendingPathComponent(file).path)
        return Dictionary(uniqueKeysWithValues: data.cycleClasses.map { ($0.cycle, $0.type) })
    }

    /// Maccor export `xTESLADIAG_000038.078`: every cycle runs step 4 (`C`, 1C charge), step 5 (`D`, 1C discharge) and
    /// step 6 (`R`, rest); cycle 0 adds the test's opening rest (step 1). Cycle 23 stops in step 5 (`State` `S` after
    /// 119 of the ≈ 230 discharge records): the test ended in it.
    @Test func maccorCyclesAreRegularAndTheCutShortLastCycleIsIncomplete() throws {
        let t = try Self.types("beep/xTESLADIAG_000038.078")
        #expect(t.count == 24)
        for c in 0...22 { #expect(t[c] == .regular, "cycle \(c): \(String(describing: t[c]))") }
        #expect(t[23] == .incomplete)
        let data = try CyclerFile.read(path: Self.external.appendingPathComponent("beep/xTESLADIAG_000038.078").path)
        let (kept, notes) = data.selectCycles(CycleSelection())
        #expect(kept.map(\.cycle) == Array(0...22))
        #expect(notes.count == 1 && notes[0].hasPrefix("cycle 23 left out: the file's last cycle"), "\(notes)")
        // Retention 0.559 of the cut-short cycle is what the fit used to see.
        let q = data.cycles.map { $0.dischargeCapacity_Ah! }
        #expect(abs(q[23] / q[0] - 0.559) < 0.001)
    }

    /// BEEP PreDiag summary: `cycle_type` names each cycle (`initial`, `reset`, `hppc`, `rpt_0.2C|1C|2C`, `regular`).
    /// Cycles 1609–1610 are named regular but discharge 4.2 Ah, the full depth of the `reset`/RPT cycles, against
    /// 1.9 Ah for the regular cycles around them: reference cycles the file misnames.
    @Test func beepSummaryTypesFollowTheFileNamesExceptFullDepthCycles() throws {
        let t = try Self.types("beep/PreDiag_000233_summary_derived.csv")
        #expect(t[0] == .formation)                                   // 'initial'
        #expect(t[1] == .rest && t[36] == .rest && t[1611] == .rest)  // 'reset'
        #expect(t[2] == .pulse && t[37] == .pulse)                    // 'hppc'
        for c in [3, 4, 5, 38, 39, 40] { #expect(t[c] == .capacityCheck, "cycle \(c)") } // 'rpt_…'
        for c in [6, 7, 20, 35, 41, 800, 1608] { #expect(t[c] == .regular, "cycle \(c)") }
        #expect(t[1609] == .capacityCheck && t[1610] == .capacityCheck)
        #expect(t.values.filter { $0 == .regular }.count == 1528)
    }

    /// DOE p492-13 summary: `Cycle_Label` names the capacity checks, HPPC, EIS and aging cycles; between them the
    /// program's unnamed cycles are a discharge to empty (1), a charge to 50 % SOC (3), a full conditioning cycle (4)
    /// and an HPPC follow-up of 1 mAh (6). Each aging block opens with a half discharge without charge (8) and closes
    /// with a 900 s step with no capacity (34).
    @Test func doeSummaryCyclesFromLabelsAndCapacities() throws {
        let t = try Self.types("battery-data-toolkit/p492-13-summary.csv")
        #expect(t[2] == .capacityCheck && t[36] == .capacityCheck && t[262] == .capacityCheck)
        #expect(t[5] == .pulse && t[39] == .pulse)
        #expect(t[7] == .impedance && t[267] == .impedance)
        for c in [1, 3, 6, 8, 34] { #expect(t[c] == .partial, "cycle \(c): \(String(describing: t[c]))") }
        #expect(t[4] == .other && t[38] == .other)
        for c in 9...33 { #expect(t[c] == .regular, "cycle \(c)") }
        #expect(t.values.filter { $0 == .regular }.count == 225)
    }

    /// DOE p492-13 time series (cycles 1–9): the same labels; the EIS cycle (7) has only impedance rows, which the
    /// cycling reader leaves out.
    @Test func doeTimeSeriesCycles() throws {
        let t = try Self.types("battery-data-toolkit/p492-13-raw.csv")
        #expect(t == [1: .partial, 2: .capacityCheck, 3: .partial, 4: .other, 5: .pulse, 6: .partial, 8: .partial, 9: .regular])
    }

    /// Arbin GITT (Attia): ten 0.22 Ah charge pulses per cycle, each followed by a rest and a ≈ 1 A discharge (README
    /// of the folder) — no file labels, so the current segments decide.
    @Test func gittCyclesArePulses() throws {
        let t = try Self.types("attia-clo-lfp/2019-01-14-GITT_CH16.csv")
        #expect(t == [0: .pulse, 1: .pulse, 2: .pulse, 3: .pulse])
    }

    /// Neware export (cellpy, Si vs Li): steps 2–9 are a 0.25 mA lithiation (`CC DChg`, finished at 0.1 and 0.05 mA) and
    /// delithiation (`CC Chg`); cycle 3 runs them and then steps 11–14, a 1 mA cycle, under the same index; cycle 4
    /// repeats steps 11–13 and stops in step 13 after 1.44 of the 3.59 mAh its charge passed before.
    @Test func newareCycleHoldingTwoCyclesAndTheCutShortLastOne() throws {
        let t = try Self.types("cellpy/neware_uio.csv")
        #expect(t[2] == .regular && t[3] == .other && t[4] == .incomplete, "\(t)")
    }

    /// Rules 4 and 6 on a capacity-matrix row (no labels, no charge): a double-depth cycle is a capacity check, a
    /// half-depth one partial, and a last cycle at 60 % incomplete.
    @Test func capacityRulesOnAnUnlabelledHistory() {
        var q = (1...40).map { 1.0 - 1e-3 * Double($0) }
        q[14] = 2.0
        q[24] = 0.45
        q[39] = 0.6
        let data = CyclerData(metadata: CyclerMetadata(format: .capacityMatrix, sourcePath: "m.csv"), series: nil,
                              cycles: q.enumerated().map { MeasuredCycle(cycle: $0 + 1, dischargeCapacity_Ah: $1) })
        let t = data.cycleClasses
        #expect(t[14].type == .capacityCheck && t[24].type == .partial && t[39].type == .incomplete)
        #expect(t.enumerated().filter { ![14, 24, 39].contains($0.offset) }.allSatisfy { $0.element.type == .regular })
        let (kept, notes) = data.selectCycles(CycleSelection(regularOnly: true, exclude: [1, 2]))
        #expect(kept.count == 35 && kept.first?.cycle == 3)
        #expect(notes.contains("excluded by request: cycles 1–2"), "\(notes)")
        #expect(notes.contains("1 capacity-check cycle left out (15)"), "\(notes)")
        #expect(data.selectCycles(CycleSelection(regularOnly: false)).cycles.count == 39)
    }

    /// A time series without labels: a slow first cycle is formation, a cycle without current rest.
    @Test func timeSeriesRulesOnSyntheticCycles() {
        // Cycle 1: charge and discharge at 0.1 A for 10 h; cycles 2–4 at 1 A for 1 h; cycle 5: rest.
        var t: [Double] = [], i: [Double] = [], c: [Int] = []
        var now = 0.0
        func segment(_ cycle: Int, current: Double, hours: Double) {
            for k in 1...20 { t.append(now + hours * 3600 * Double(k) / 20); i.append(current); c.append(cycle) }
            now += hours * 3600
        }
        segment(1, current: -0.1, hours: 10); segment(1, current: 0.1, hours: 9.5)
        for cycle in 2...4 { segment(cycle, current: -1, hours: 1); segment(cycle, current: 1, hours: 0.98) }
        segment(5, current: 0, hours: 1)
        let s = CyclerSeries(time_s: t, current_A: i, voltage_V: t.map { _ in 3.5 }, cycle: c, step: c.map { _ in 1 },
                             line: Array(2..<(t.count + 2)))
        let data = CyclerData(metadata: CyclerMetadata(format: .arbin, sourcePath: "synthetic.csv"), series: s)
        let types = data.cycleClasses.map(\.type)
        #expect(types == [.formation, .regular, .regular, .regular, .rest], "\(data.cycleClasses)")
    }

    @Test func historyKeysSelectCycles() throws {
        let dir = try FitFixtures.tempDir()
        let maccor = Self.external.appendingPathComponent("beep/xTESLADIAG_000038.078").path
        func setup(_ extra: String) throws -> FitSetup {
            let fit = dir.appendingPathComponent("fit-\(UUID().uuidString).toml").path
            try """
                electrolyte = "CPCSE"
                [[free]]
                key = "aging.contact_loss_per_cycle"
                [[history]]
                file = "\(maccor)"
                \(CyclerHistoryTests.conditions)
                \(extra)
                """.write(toFile: fit, atomically: true, encoding: .utf8)
            return try FitSetup.load(path: fit)
        }
        let plain = try setup("")
        #expect(plain.histories[0].selection == CycleSelection())
        let rows = try CyclerHistory.rows(plain.histories[0], electrolyteID: "CPCSE", fitFile: plain.path)
        #expect(rows.map(\.cycle) == Array(2...23)) // cycles 1–22 of the file; 23 (cut short) left out
        #expect(rows[0].note.contains("cycle 23 left out"), "\(rows[0].note)")
        #expect(rows.allSatisfy { $0.value! > 0.94 })
        let custom = try setup("cycles = \"all\"\nexclude = [0, 5]")
        #expect(custom.histories[0].selection == CycleSelection(regularOnly: false, exclude: [0, 5]))
        let r2 = try CyclerHistory.rows(custom.histories[0], electrolyteID: "CPCSE", fitFile: custom.path)
        #expect(r2.count == 20 && r2[0].note.contains("excluded by request: cycles 0, 5"))
        let bad = try #require(throws: InputError.self) { try setup("cycles = \"some\"") }
        #expect(bad.key == "history[1].cycles" && bad.message.contains("\"regular\""), "\(bad)")
        let badIndex = try #require(throws: InputError.self) { try setup("exclude = [1.5]") }
        #expect(badIndex.key == "history[1].exclude", "\(badIndex)")
    }
}
