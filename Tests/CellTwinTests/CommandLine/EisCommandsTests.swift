import Foundation
import Testing
@testable import CellTwin

/// End-to-end runs of the built `celltwin eis` commands.
@Suite struct EisCommandsTests {
    typealias Result = CLI.Result

    static let exampleData = "Calibration/external/impedance-py/exampleData.csv"
    static let lili = "Calibration/external/datalab-li-li/LiLi_GEIS_derived_from_mpr.csv"
    static let liliMPR = "Calibration/external/datalab-li-li/"
        + "jr862_11_08_23_insitu-impedance-LiLi_1MLiTFSI_TEGDME-1mA_02_GEIS_C05.mpr"

    func celltwin(_ arguments: [String]) throws -> Result { try CLI.run(arguments) }

    func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-eis-\(UUID().uuidString)")
    }

    func json(_ text: String) throws -> [String: Any] { try CLI.json(text) }

    @Test func simulateSymmetricPrintsJSONAndWritesFiles() throws {
        let dir = temporaryDirectory()
        let r = try celltwin(["eis", "--electrolyte", "CMP-VAMMT", "--temperature", "30", "--format", "json", "--output", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try json(r.stdout)
        #expect(root["cell"] as? String == "symmetric")
        #expect(root["circuit"] as? String == "p(R0,C0)-p(R1,CPE1)-p(R2,CPE2)-Ws1")
        let rb = try #require(root["bulk_resistance_ohm"] as? Double)
        let hf = try #require(root["high_frequency_intercept_ohm"] as? Double)
        #expect(abs(hf / rb - 1) < 0.01)
        let lf = try #require(root["low_frequency_resistance_ohm"] as? Double)
        #expect(lf > 300 && lf < 360) // R_b + 2 × 164 Ω + R_D
        let points = try #require(root["spectrum"] as? [[String: Any]])
        #expect(points.count == 81)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["bode.svg", "nyquist.svg", "spectrum.csv", "spectrum.json"])
        let bode = try String(contentsOf: dir.appendingPathComponent("bode.svg"), encoding: .utf8)
        #expect(bode.contains(BodePlot.modulusLabel) && bode.contains(BodePlot.phaseLabel))
        let csv = try String(contentsOf: dir.appendingPathComponent("spectrum.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 82)
        #expect(lines.first == "frequency_Hz,Z_re_ohm,Z_im_ohm,Z_abs_ohm,phase_deg")
        let svg = try String(contentsOf: dir.appendingPathComponent("nyquist.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") && svg.contains("−Z″ / Ω"))
    }

    @Test func simulateDefaultsToTheSimulateSubcommandAndRunsAFullCell() throws {
        let a = try celltwin(["eis", "--electrolyte", "CMP-VAMMT", "--temperature", "30", "--format", "csv"])
        let b = try celltwin(["eis", "simulate", "--electrolyte", "CMP-VAMMT", "--temperature", "30", "--format", "csv"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        #expect(a.stdout == b.stdout && a.stdout.hasPrefix("frequency_Hz,"))
        let full = try celltwin(["eis", "--electrolyte", "CMP-VAMMT", "--temperature", "30", "--cell", "full",
                                 "--cathode", "LFP", "--soc", "0.5"])
        #expect(full.status == 0, "\(full.stderr)")
        for words in ["cathode solid diffusion", "cathode interface", "high-frequency intercept", "Re Z as f → 0"] {
            #expect(full.stdout.contains(words), "\(words) missing in \(full.stdout)")
        }
    }

    @Test func fitReproducesImpedancePyAndWritesTheNyquistPlot() throws {
        let dir = temporaryDirectory()
        let r = try celltwin(["eis", "fit", Self.exampleData, "--circuit", "R0-p(R1,C1)-p(R2-Wo1,C2)",
                              "--initial", "0.01,0.01,100,0.01,0.05,100,1", "--drop-inductive", "--format", "json",
                              "--output", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try json(r.stdout)
        #expect(root["points"] as? Int == 57)
        #expect((root["chi_square"] as? Double).map { $0 > 0 && $0 < 2e-5 } == true)
        let parameters = try #require(root["parameters"] as? [[String: Any]])
        #expect(parameters.compactMap { $0["name"] as? String } == ["R0", "R1", "C1", "R2", "Wo1_0", "Wo1_1", "C2"])
        for p in parameters {
            #expect(p["value"] is Double && p["stderr"] is Double, "\(p)")
        }
        #expect(abs((parameters[0]["value"] as? Double ?? 0) / 1.65e-2 - 1) < 0.01)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["bode.svg", "fit.json", "kramers-kronig.csv", "nyquist.svg", "parameters.csv"])
        // The Kramers–Kronig check of the 57 fitted points: impedance.py's battery example passes (with a series C).
        let kk = try #require(root["kramers_kronig"] as? [String: Any])
        #expect((kk["max_residual"] as? Double).map { $0 > 0 && $0 < 0.01 } == true, "\(kk)")
        #expect(kk["above_threshold"] as? Bool == false && kk["series_capacitance"] as? Bool == true)
        let residuals = try String(contentsOf: dir.appendingPathComponent("kramers-kronig.csv"), encoding: .utf8)
        #expect(residuals.split(separator: "\n").count == 58)
        let svg = try String(contentsOf: dir.appendingPathComponent("nyquist.svg"), encoding: .utf8)
        #expect(svg.contains(">data<") && svg.contains(">fit<"))
        let table = try celltwin(["eis", "fit", Self.lili, "--circuit", "R0-p(R1,CPE1)-W1", "--spectrum", "45"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("spectrum 45 of 45") && table.stdout.contains("std. error"))
        #expect(table.stdout.contains("Kramers–Kronig check (lin-KK, M = "))
        let csv = try celltwin(["eis", "fit", Self.lili, "--circuit", "R0-p(R1,CPE1)", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("name,value,stderr,unit,lower_95,upper_95\nR0,"))
        let binary = try celltwin(["eis", "fit", Self.liliMPR, "--circuit", "R0-p(R1,CPE1)", "--format", "csv"])
        #expect(binary.status == 0 && binary.stdout == csv.stdout, "the .mpr fits as its derived CSV: \(binary.stderr)")
    }

    @Test(arguments: [
        (["eis", "fit", "Calibration/external/impedance-py/exampleData.csv", "--circuit", "R0-p(R1,X1)"], "unknown element 'X1'"),
        (["eis", "fit", "Calibration/external/impedance-py/exampleData.csv", "--circuit", "R0-p(R1,C1"], "unbalanced parentheses"),
        (["eis", "fit", "Calibration/external/impedance-py/exampleData.csv", "--circuit", "R0-p(R1,C1)", "--initial", "0.01,0.01"], "3 parameters (R0, R1, C1) but 2 initial values"),
        (["eis", "fit", "Calibration/external/impedance-py/exampleData.csv", "--circuit", "R0-p(R1,C1)", "--initial", "0.01,abc,3"], "'abc' is not a finite number"),
        (["eis", "fit", "Calibration/external/nope.csv", "--circuit", "R0"], "nope.csv"),
        (["eis", "fit", "Calibration/external/datalab-li-li/LiLi_GEIS_derived_from_mpr.csv", "--circuit", "R0-p(R1,CPE1)", "--spectrum", "99"], "no spectrum 99"),
        (["eis", "--electrolyte", "CMP-VAMMT", "--temperature", "30", "--cell", "full"], "needs --cathode"),
        (["eis", "--electrolyte", "NOPE", "--temperature", "30"], "unknown electrolyte"),
        (["eis", "--electrolyte", "CMP-VAMMT", "--temperature", "200"], "temperature"),
        (["eis", "--electrolyte", "CMP-VAMMT", "--temperature", "120"], "where electrolyte CMP-VAMMT is defined"),
    ])
    func badInputFailsWithoutFiles(arguments: [String], words: String) throws {
        let dir = temporaryDirectory()
        let r = try celltwin(arguments + ["--output", dir.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains(words), "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal error"))
        #expect(!FileManager.default.fileExists(atPath: dir.path), "no output may be written on bad input")
    }

    @Test func nonPositiveFrequencyNamesFileAndLine() throws {
        let dir = temporaryDirectory()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("spectrum.csv")
        try "1000,1,-1\n100,2,-1\n0,3,-1\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try celltwin(["eis", "fit", file.path, "--circuit", "R0-p(R1,C1)", "--output", dir.appendingPathComponent("out").path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("spectrum.csv:3") && r.stderr.contains("not positive"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }
}
