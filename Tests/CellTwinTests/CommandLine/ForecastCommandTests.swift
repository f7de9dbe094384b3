import Foundation
import Testing
@testable import CellTwin

/// `celltwin forecast` end to end: it predicts with a finite interval or refuses with a reason, on every shipped file.
@Suite struct ForecastCommandTests {
    /// Numbers printed in the output (any sign, decimals, exponents) — and nothing that is not a number.
    static func numbers(_ text: String) -> [Double] {
        let pattern = try! NSRegularExpression(pattern: "[-+]?[0-9]*\\.?[0-9]+(e[-+]?[0-9]+)?")
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).flatMap { Double(text[$0]) }
        }
    }

    @Test func everyExternalFilePredictsOrRefusesWithAReason() throws {
        let root = Fixtures.packageRoot.appendingPathComponent("Calibration/external")
        let files = try #require(FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String])
            .filter { !$0.hasPrefix(".") && !$0.contains("/.") }
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path, isDirectory: &d) && !d.boolValue }
            .sorted()
        #expect(files.count >= 20)
        var predicted: [String] = []
        for file in files {
            for threshold in ["80%", "0.0165Ah"] {
                let r = try CLI.run(["forecast", "--data", "Calibration/external/\(file)", "--first", "20", "--threshold", threshold])
                let all = r.stdout + r.stderr
                for bad in ["nan", "inf", "NaN"] { #expect(!all.contains(bad), "\(file) \(threshold): \(all)") }
                if r.status == 0 {
                    let head = try #require(r.stdout.split(separator: "\n").first.map(String.init))
                    #expect(head.contains("95 % interval"), "\(file): \(head)")
                    let n = Self.numbers(head)
                    #expect(n.allSatisfy { $0.isFinite && $0 <= 1e6 }, "\(file): \(head)")
                    predicted.append("\(file) \(threshold)")
                } else {
                    #expect(r.stdout.isEmpty && r.stderr.hasPrefix("error: "), "\(file): \(all)")
                    #expect(r.stderr.count > 40, "\(file): a refusal says why: \(r.stderr)")
                    #expect(!r.stderr.contains("Error") && !r.stderr.contains("Swift."), "\(file): \(r.stderr)")
                    #expect(Self.numbers(r.stderr).allSatisfy { abs($0) <= 1e6 }, "\(file): \(r.stderr)")
                }
            }
        }
        // The Maccor export fades by 5 % in 20 cycles: it is predicted.
        #expect(predicted.contains("beep/xTESLADIAG_000038.078 80%"), "\(predicted)")
    }

    /// Issue 15, defect 4: the DOE summary's aging cycles do not fade (0.019 Ah, capacity-limited): refused, exit 1.
    @Test func flatHistoryIsRefused() throws {
        let r = try CLI.run(["forecast", "--data", "Calibration/external/battery-data-toolkit/p492-13-summary.csv",
                             "--first", "20", "--threshold", "0.0165Ah"])
        #expect(r.status == 1 && r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("error: no forecast: the history does not fade (the mean of cycles 2–3 is 0.018999 Ah"), "\(r.stderr)")
    }

    @Test func percentThresholdAndSkillBesideTheBaseline() throws {
        let r = try CLI.run(["forecast", "--data", "Calibration/external/beep/xTESLADIAG_000038.078", "--first", "20",
                             "--threshold", "80%"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("note: threshold 80 % of the initial capacity 3.9645 Ah (mean of the first 5 cycles read) = 3.1716 Ah"), "\(r.stdout)")
        #expect(r.stdout.contains("note: cycle 23 left out: the file's last cycle"))
        let dir = try CLI.temporaryDirectory()
        let m = try CLI.run(["forecast", "--data", "Calibration/external/attia-clo-lfp/Qn.csv", "--cell", "3", "--first", "300",
                             "--threshold", "80%", "--reference", "1.1Ah", "--format", "json", "--output", dir.path])
        #expect(m.status == 0, "\(m.stderr)")
        let root = try CLI.json(m.stdout)
        #expect(try String(contentsOf: dir.appendingPathComponent("forecast.json"), encoding: .utf8) == m.stdout)
        #expect(abs((root["threshold_Ah"] as? Double ?? 0) - 0.88) < 1e-12)
        let notes = try #require(root["notes"] as? [String])
        #expect(notes.contains { $0.hasPrefix("skill (each of the 45 cells that reach the threshold predicted from the others): mean absolute error 10.") }, "\(notes)")
        for bad in [["--threshold", "120%"], ["--threshold", "80", "--reference", "x"], ["--threshold", "80%", "--exclude", "a"],
                    ["--threshold", "80%", "--cycles", "some"]] {
            let e = try CLI.run(["forecast", "--data", "Calibration/external/beep/xTESLADIAG_000038.078"] + bad)
            #expect(e.status != 0 && e.stdout.isEmpty && e.stderr.contains("--"), "\(bad): \(e.stderr)")
        }
    }
}
