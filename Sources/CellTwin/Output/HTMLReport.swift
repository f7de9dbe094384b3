import Foundation
import Plot

/// One self-contained HTML page per run: the inputs with their provenance, then sections of text, tables and charts
/// (inline SVG). No script, no external style sheet, font or image, so it opens offline and can be mailed.
///
/// Built with Plot (JohnSundell/Plot); every text and attribute is XML-escaped, void elements are self-closed, so the
/// page is also well-formed XML and XML tools read it. Charts are the SVG documents of ``SVGChart`` without
/// their XML declaration.
public struct HTMLReport: Sendable {
    public struct Table: Sendable, Equatable {
        public var caption: String
        public var header: [String]
        public var rows: [[String]]

        public init(caption: String, header: [String], rows: [[String]]) {
            self.caption = caption
            self.header = header
            self.rows = rows
        }

        /// A table from CSV text (first line the header; double-quoted fields may hold commas and "" quotes).
        public init(caption: String, csv: String) {
            let lines = csv.split(separator: "\n", omittingEmptySubsequences: true).map { Self.fields(String($0)) }
            self.init(caption: caption, header: lines.first ?? [], rows: Array(lines.dropFirst()))
        }

        static func fields(_ line: String) -> [String] {
            var out: [String] = [], field = "", quoted = false, previous: Character?
            for ch in line {
                if ch == "\"" {
                    if quoted, previous == "\"" { field.append("\"") }
                    quoted.toggle()
                } else if ch == "," && !quoted {
                    out.append(field)
                    field = ""
                } else {
                    field.append(ch)
                }
                previous = ch
            }
            out.append(field)
            return out
        }
    }

    public struct Chart: Sendable, Equatable {
        /// File-style name, e.g. `capacity.svg` (the figure's id).
        public var name: String
        public var svg: String

        public init(name: String, svg: String) {
            self.name = name
            self.svg = svg
        }
    }

    public struct Section: Sendable, Equatable {
        public var title: String
        public var paragraphs: [String]
        /// Text shown as it is (fixed-width tables as the command prints them).
        public var preformatted: [String]
        public var tables: [Table]
        public var charts: [Chart]

        public init(title: String, paragraphs: [String] = [], preformatted: [String] = [], tables: [Table] = [],
                    charts: [Chart] = []) {
            self.title = title
            self.paragraphs = paragraphs
            self.preformatted = preformatted
            self.tables = tables
            self.charts = charts
        }
    }

    public var title: String
    /// Inputs and their provenance, in order: (name, value).
    public var inputs: [(String, String)]
    public var sections: [Section]

    public init(title: String, inputs: [(String, String)], sections: [Section]) {
        self.title = title
        self.inputs = inputs
        self.sections = sections
    }

    /// Every chart of every section.
    public var charts: [Chart] { sections.flatMap(\.charts) }

    /// "SHA-256 <hex>" of the file at `path` (or why it could not be read).
    public static func checksum(path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "not readable" }
        return "SHA-256 " + ModelFileWriter.sha256(data)
    }

    static let css = """
        body{font-family:Helvetica,Arial,sans-serif;margin:2em auto;max-width:70em;color:#222;padding:0 1em}
        h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
        table{border-collapse:collapse;margin:1em 0;font-size:.85em;display:block;overflow-x:auto}caption{text-align:left;font-weight:bold;margin-bottom:.3em}
        th,td{border:1px solid #ddd;padding:.2em .5em;text-align:right}th{background:#f4f4f4}
        td:first-child,th:first-child{text-align:left}dl.inputs dt{font-weight:bold;float:left;clear:left;width:14em}
        dl.inputs dd{margin-left:15em;word-break:break-all}pre{background:#f8f8f8;padding:.6em;overflow-x:auto;font-size:.8em}
        figure{margin:1em 0}figure svg{max-width:100%;height:auto}
        """

    /// The page.
    public func html() -> String {
        let page = HTML(
            .head(.encoding(.utf8), .element(named: "title", nodes: [Self.text(title)]), .style(Self.css)),
            .body(
                .h1(Self.text(title)),
                .h2(Self.text("Inputs and provenance")),
                .dl(.class("inputs"), .forEach(inputs) { .group(.dt(Self.text($0.0)), .dd(Self.text($0.1))) }),
                .forEach(sections) { section in
                    .section(
                        .h2(Self.text(section.title)),
                        .forEach(section.paragraphs) { .p(Self.text($0)) },
                        .forEach(section.preformatted) { .pre(Self.text($0)) },
                        .forEach(section.tables) { table in
                            .table(
                                .caption(Self.text(table.caption)),
                                .tr(.forEach(table.header) { .th(Self.text($0)) }),
                                .forEach(table.rows) { row in .tr(.forEach(row) { .td(Self.text($0)) }) }
                            )
                        },
                        .forEach(section.charts) { chart in
                            .element(named: "figure", nodes: [.id(Self.escape("chart-" + chart.name)), .raw(Self.inline(chart.svg))])
                        }
                    )
                }
            )
        )
        return page.render(indentedBy: .spaces(1)) + "\n"
    }

    /// Text as XML character data. Plot leaves `&name;` sequences as they are (HTML entities XML does not know) and
    /// attribute values unescaped, so every text and id is escaped here and handed over as markup.
    static func text<Context>(_ s: String) -> Node<Context> { .raw(escape(s)) }

    /// `&`, `<`, `>`, `"` and `'` as XML entities.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// An SVG document as an element to put inside the page (no XML declaration).
    static func inline(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.firstIndex(of: "\n") else { return svg }
        return String(svg[svg.index(after: end)...])
    }

    /// Writes the page with ``AtomicFile/write(_:to:)`` (complete or absent).
    public func write(to url: URL) throws {
        try AtomicFile.write(html(), to: url)
    }
}
