import Foundation
import Testing
@testable import CellTwin

/// End-to-end runs of the built `celltwin dqdv`.
@Suite struct DqdvCommandTests {
    @Test func simulatedLFPCellPeaksOnItsPlateauAndWritesEveryFile() throws {
        let dir = try CLI.temporaryDirectory("celltwin-dqdv")
        let r = try CLI.run(["dqdv", "--electrolyte", "CMP-VAMMT", "--cathode", "LFP", "--temperature", "30", "--c-rate", "0.2",
                             "--cycles", "1,2", "--format", "json", "--output", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try CLI.json(r.stdout)
        #expect((root["subject"] as? String)?.contains("LFP at 30 °C, CC 0.2C") == true)
        let curves = try #require(root["curves"] as? [[String: Any]])
        #expect(curves.count == 4)
        for c in curves {
            #expect(c["capacity_unit"] as? String == "mAh/g")
            #expect((c["capacity"] as? Double).map { $0 > 120 && $0 < 170 } == true, "\(c)")
            // One dQ/dV peak on LFP's plateau (3.39–3.42 V at 0.2C: the OCV plateau ± polarization).
            let peaks = try #require(c["dqdv_peaks_V"] as? [[String: Any]])
            #expect(peaks.count == 1 && (peaks[0]["position"] as? Double).map { $0 > 3.37 && $0 < 3.43 } == true, "\(peaks)")
        }
        // Two discharges of an unaged twin: no active material lost, Li inventory not observable (excess Li metal).
        let modes = try #require(root["degradation_modes"] as? [String: Any])
        #expect((modes["active_material_loss"] as? Double).map { abs($0) < 0.01 } == true)
        #expect(modes["lithium_inventory_observable"] as? Bool == false && modes["lithium_inventory_loss"] == nil)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["dqdv.csv", "dqdv.json", "dqdv.svg", "dvdq.csv", "dvdq.svg", "peaks.csv", "voltage.svg"])
        let svg = try String(contentsOf: dir.appendingPathComponent("dqdv.svg"), encoding: .utf8)
        #expect(svg.contains("dQ/dV — Li | CMP-VAMMT | LFP at 30 °C"))
    }

    @Test func cyclerFileTable() throws {
        let r = try CLI.run(["dqdv", "Calibration/external/battery-data-toolkit/p492-13-raw.csv", "--cycles", "9"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("cycle 9 charge") && r.stdout.contains("cycle 9 discharge"))
        #expect(r.stdout.contains("Savitzky–Golay degree 2 over 15 mV"))
    }

    @Test(arguments: [
        (["dqdv"], "give a cycler FILE, or --electrolyte"),
        (["dqdv", "x.csv", "--electrolyte", "CMP-VAMMT"], "not both"),
        (["dqdv", "Calibration/external/battery-data-toolkit/p492-13-raw.csv", "--cycles", "9,x"], "'x' is not a cycle number"),
        (["dqdv", "Calibration/external/battery-data-toolkit/p492-13-raw.csv", "--cycles", "999"], "has no cycle 999"),
        (["dqdv", "Calibration/external/battery-data-toolkit/p492-13-raw.csv", "--window-mv", "1"], "--window-mv"),
        (["dqdv", "--electrolyte", "CMP-VAMMT", "--cathode", "LFP", "--temperature", "300", "--c-rate", "1"], "--temperature"),
    ])
    func badInputFails(arguments: [String], words: String) throws {
        let r = try CLI.run(arguments)
        #expect(r.status != 0)
        #expect(r.stderr.contains(words), "\(r.stderr)")
    }
}
