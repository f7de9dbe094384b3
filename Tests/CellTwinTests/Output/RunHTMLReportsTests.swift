import Foundation
import Testing
@testable import CellTwin

/// The inputs every HTML report starts with (the command, the version, each file with its SHA-256) and the study page
/// (the printed table, the CSV, every SVG among the files as a chart).
@Suite struct RunHTMLReportsTests {
    /// SHA-256 of "abc" is ba7816bf…15ad (FIPS 180-2, appendix B.1); an unreadable file says so.
    @Test func inputsCarryTheirChecksums() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("html-inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("abc.txt").path
        try "abc".write(toFile: file, atomically: true, encoding: .utf8)
        let rows = HTMLReport.provenance(arguments: ["celltwin", "run", "s.toml"], version: "0.9.0",
                                         files: [(label: "scenario", path: file), (label: "data", path: dir.appendingPathComponent("no").path)])
        #expect(rows.map(\.0) == ["command", "CellTwin version", "scenario", "data"])
        #expect(rows[0].1 == "celltwin run s.toml" && rows[1].1 == "0.9.0")
        #expect(rows[2].1 == "\(file) (SHA-256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad)")
        #expect(rows[3].1.hasSuffix("(not readable)"))
        #expect(HTMLReport.provenance(arguments: ["x"], files: []).map(\.0) == ["command"])
    }

    @Test func theModelFilesOfACell() {
        let library = Fixtures.models
        let both = HTMLReport.modelFiles(library, electrolyte: "CPCSE", cathode: "LFP")
        #expect(both.map(\.label) == ["electrolyte model CPCSE", "cathode model LFP"])
        #expect(both.map(\.path) == [library.electrolytePath("CPCSE"), library.cathodePath("LFP")])
        #expect(HTMLReport.modelFiles(library, electrolyte: "CPCSE", cathode: nil).count == 1)
    }

    /// Only the `.svg` files become charts; the CSV section is there only with a CSV.
    @Test func aStudyPageHoldsTheTableTheCSVAndTheCharts() throws {
        let svg = LineChart(title: "grid chart", series: [ChartSeries(name: "s", x: [0, 1], y: [1, 2])]).svg()
        let page = HTMLReport.study(title: "Sweep", table: "T | 25 °C", csv: "a,b\n1,2\n",
                                    files: [("sweep.csv", "a,b\n1,2\n"), ("retention.svg", svg)], inputs: [("command", "celltwin sweep")])
        let html = page.html()
        #expect(html.contains("T | 25 °C") && html.contains("grid chart") && html.contains("Every point"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 1)
        let noCSV = HTMLReport.study(title: "Sweep", table: "T", csv: nil, files: [], inputs: []).html()
        #expect(!noCSV.contains("Every point") && !noCSV.contains("<svg"))
    }
}
