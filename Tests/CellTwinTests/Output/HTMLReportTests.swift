import Foundation
import Testing
@testable import CellTwin
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An HTML page read as XML: element names with attributes, in order, and the character data.
struct ParsedPage {
    var elements: [(name: String, attributes: [String: String])] = []
    var text = ""

    init?(_ html: String) {
        let parser = XMLParser(data: Data(html.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse(), !collector.failed else { return nil }
        elements = collector.elements
        text = collector.text
    }

    /// ids of the `<figure>` elements that hold an `<svg>`.
    var chartIDs: [String] {
        var out: [String] = []
        for (k, e) in elements.enumerated() where e.name == "figure" {
            if k + 1 < elements.count, elements[k + 1].name == "svg", let id = e.attributes["id"] { out.append(id) }
        }
        return out
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""
        var failed = false
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                    attributes attributeDict: [String: String] = [:]) {
            elements.append((elementName, attributeDict))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { failed = true }
    }
}

@Suite("HTML report")
struct HTMLReportTests {
    @Test("the page is well-formed XML, escapes text, and holds every chart inline with no external resource")
    func wellFormed() throws {
        let chart = LineChart(title: "a < b & c", xLabel: "x", yLabel: "y", series: [ChartSeries(name: "s", x: [0, 1], y: [1, 2])])
        let report = HTMLReport(title: "T <&> \"quoted\" &nbsp;", inputs: [("command", "celltwin run x.toml"), ("file", "a&b.csv")], sections: [
            HTMLReport.Section(title: "One", paragraphs: ["1 < 2"], preformatted: ["col  col\n1    2"],
                               tables: [HTMLReport.Table(caption: "t", csv: "a,b\n1,\"x, y\"\n")],
                               charts: [HTMLReport.Chart(name: "one.svg", svg: chart.svg())]),
            HTMLReport.Section(title: "Two", charts: [HTMLReport.Chart(name: "two.svg", svg: chart.svg())]),
        ])
        let html = report.html()
        let page = try #require(ParsedPage(html), "not well-formed XML")
        #expect(page.chartIDs == ["chart-one.svg", "chart-two.svg"])
        #expect(page.text.contains("T <&> \"quoted\" &nbsp;") && page.text.contains("a&b.csv") && page.text.contains("1 < 2"))
        #expect(page.elements.filter { $0.name == "td" }.count == 2 && page.text.contains("x, y"))
        #expect(!html.contains("<?xml") && !html.contains("<script"))
        #expect(html.components(separatedBy: "http://").count - 1 == 2) // the two charts' SVG namespace, nothing fetched
        #expect(!html.contains("src=") && !html.contains("<link"))
    }

    @Test("run, life, compare, sweep, calibrate, validate and dqdv --report: one page with the inputs' checksums and every chart the command writes")
    func commands() throws {
        let dir = try CLI.temporaryDirectory("celltwin-report")
        let page = dir.appendingPathComponent("run.html")
        let r = try CLI.run(["run", "Scenarios/demo.toml", "--trace", "--output", dir.appendingPathComponent("files").path,
                             "--report", page.path])
        #expect(r.status == 0, "\(r.stderr)")
        let parsed = try #require(ParsedPage(try String(contentsOf: page, encoding: .utf8)))
        let svgs = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("files").path)
            .filter { $0.hasSuffix(".svg") }.sorted()
        #expect(!svgs.isEmpty)
        #expect(parsed.chartIDs.sorted() == svgs.map { "chart-" + $0 })
        #expect(parsed.text.contains("scenario") && parsed.text.contains("Scenarios/demo.toml (SHA-256 "))
        #expect(parsed.text.contains("electrolyte model CMP-VAMMT") && parsed.text.contains("Comparison with measurements"))

        let lifePage = dir.appendingPathComponent("life.html")
        let l = try CLI.run(["life", "--electrolyte", "CMP-VAMMT", "--cathode", "LFP", "--temperature", "30", "--c-rate", "0.5",
                             "--max-cycles", "200", "--output", dir.appendingPathComponent("life").path, "--report", lifePage.path])
        #expect(l.status == 0, "\(l.stderr)")
        let life = try #require(ParsedPage(try String(contentsOf: lifePage, encoding: .utf8)))
        let lifeSVGs = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("life").path)
            .filter { $0.hasSuffix(".svg") }.sorted()
        #expect(life.chartIDs.sorted() == lifeSVGs.map { "chart-" + $0 })
        #expect(life.text.contains("Li | CMP-VAMMT | LFP at 30 °C, charge 0.5C / discharge 0.5C"))

        // compare and sweep: the study page holds every SVG the command writes with --output.
        for (command, arguments) in [("compare", ["compare", "--electrolytes", "CMP-VAMMT,HE-PEIgPHE", "--cathode", "LFP"]),
                                     ("sweep", ["sweep", "--electrolyte", "CMP-VAMMT", "--cathode", "LFP"])] {
            let out = dir.appendingPathComponent(command), html = dir.appendingPathComponent("\(command).html")
            let c = try CLI.run(arguments + ["--temperature", "30,60", "--c-rate", "0.5", "--cycles", "20", "--output", out.path,
                                             "--report", html.path])
            #expect(c.status == 0, "\(c.stderr)")
            let study = try #require(ParsedPage(try String(contentsOf: html, encoding: .utf8)), "\(command)")
            let written = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".svg") }.sorted()
            #expect(!written.isEmpty && study.chartIDs.sorted() == written.map { "chart-" + $0 }, "\(command)")
            #expect(study.text.contains("electrolyte model CMP-VAMMT") && study.text.contains("cathode model LFP"), "\(command)")
        }

        // calibrate (no model file written) and validate: every chart of their --output, and the input files' checksums.
        for (command, arguments, input) in [("calibrate", ["calibrate", "Calibration/CMP/fit.toml", "--no-model"], "fit set-up"),
                                            ("validate", ["validate", "--electrolyte", "CMP-VAMMT"], "measurements"),
                                            ("dqdv", ["dqdv", "Calibration/external/battery-data-toolkit/p492-13-raw.csv", "--cycles", "9"],
                                             "cycler file")] {
            let out = dir.appendingPathComponent(command), html = dir.appendingPathComponent("\(command).html")
            let c = try CLI.run(arguments + ["--output", out.path, "--report", html.path])
            #expect(c.status == 0, "\(c.stderr)")
            let page = try #require(ParsedPage(try String(contentsOf: html, encoding: .utf8)), "\(command)")
            let written = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".svg") }.sorted()
            #expect(!written.isEmpty && page.chartIDs.sorted() == written.map { "chart-" + $0 }, "\(command)")
            #expect(page.text.contains(input) && page.text.contains("SHA-256 "), "\(command)")
        }

        // A failed run writes no page.
        let bad = dir.appendingPathComponent("bad.html")
        let b = try CLI.run(["run", "Scenarios/no-such.toml", "--report", bad.path])
        #expect(b.status != 0 && !FileManager.default.fileExists(atPath: bad.path))
    }
}
