import Foundation
@testable import CellTwin
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG document parsed with `XMLParser`: every element with its attributes, and all character data.
struct ParsedSVG {
    /// Elements in document order; `within` lists the `class` attributes of the enclosing elements.
    var elements: [(name: String, attributes: [String: String], within: [String])]
    var text: String

    /// Elements named `name` inside an element of class `cls`.
    func elements(named name: String, within cls: String) -> [[String: String]] {
        elements.filter { $0.name == name && $0.within.contains(cls) }.map(\.attributes)
    }

    func elements(named name: String) -> [[String: String]] {
        elements.filter { $0.name == name }.map(\.attributes)
    }

    func elements(withClass cls: String) -> [[String: String]] {
        elements.filter { $0.attributes["class"] == cls }.map(\.attributes)
    }

    /// Parses `svg`; nil if it is not well-formed XML.
    init?(_ svg: String) {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse(), collector.failed == false else { return nil }
        elements = collector.elements
        text = collector.text
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String], within: [String])] = []
        var open: [String] = []
        var text = ""
        var failed = false

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            elements.append((elementName, attributeDict, open))
            open.append(attributeDict["class"] ?? "")
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            open.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { failed = true }
    }
}

/// The numbers in an SVG path's `d` attribute, as (x, y) pairs.
func pathPoints(_ d: String) -> [(Double, Double)] {
    let numbers = d.split(whereSeparator: { "ML ".contains($0) }).compactMap { Double($0) }
    return stride(from: 0, to: numbers.count - 1, by: 2).map { (numbers[$0], numbers[$0 + 1]) }
}

/// Deterministic pseudo-random numbers (64-bit LCG) for reproducible test data.
struct TestRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * next() }
}

/// Sample charts of every kind, shared by the chart suites.
let sampleSeries = [
    ChartSeries(name: "LFP 25 °C", x: [0, 1, 2, 3, 4], y: [3.2, 3.3, 3.35, 3.4, 3.6], style: .line),
    ChartSeries(name: "NMC 45 °C", x: [0, 1, 2, 3, 4], y: [3.0, 3.6, 3.7, 3.9, 4.1], style: .markers),
    ChartSeries(name: "LMO", x: [0, 2, 4], y: [3.9, 4.0, 4.05], style: .lineAndMarkers),
]

func sampleLineChart() -> LineChart {
    LineChart(title: "Voltage vs capacity", xLabel: "capacity (mAh/g)", yLabel: "voltage (V)", series: sampleSeries)
}

func sampleBars() -> StackedBarChart {
    StackedBarChart(
        title: "Capacity loss by mechanism", xLabel: "cycle", yLabel: "loss (mAh/g)",
        categories: ["100", "200", "300"],
        stacks: [("SEI growth", [1, 2, 3]), ("Li plating", [0.5, .nan, 1.5]), ("cathode", [-0.2, 0.3, 0.4])])
}

func sampleHeatmap() -> Heatmap {
    Heatmap(
        title: "Retention after 500 cycles", xLabel: "C-rate", yLabel: "T (°C)",
        xValues: [0.2, 0.5, 1, 2], yValues: [0, 25, 45],
        values: [[80, 75, 60, .nan], [95, 92, 88, 70], [90, 85, 80, 65]],
        marks: [[nil, nil, nil, "short"], [nil, "ok", nil, nil], []],
        colorLabel: "retention (%)")
}
