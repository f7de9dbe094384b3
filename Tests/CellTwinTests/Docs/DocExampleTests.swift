import Foundation
import Testing
@testable import CellTwin

/// The `$ celltwin …` examples of README.md and docs/*.md are re-run and compared with their pasted output, so a
/// change that alters an example fails the tests until the docs are updated.
///
/// Rules (``DocExamples``): a fenced block whose first line starts with `$ celltwin` holds one or more commands,
/// each a `$ celltwin …` line (continued by a trailing `\`; `#` starts a comment) followed by its output up to the
/// next `$ ` line. The command runs from the repository root with the built binary. The comparison is token by
/// token, whitespace ignored: text must be equal, and each number equal to the pasted one at its printed precision
/// (half a unit of its last digit). A line that is only `…` stands for any run of lines; a `…` inside a line for any
/// run of characters in that line (elapsed times, for instance).
///
/// To paste the current outputs into the docs: `CELLTWIN_UPDATE_DOCS=1 swift test --filter DocExampleTests`;
/// elided lines and in-line `…` are kept where the output still has their shape.
@Suite struct DocExampleTests {
    @Test func everyExampleMatchesTheBinary() throws {
        let root = Fixtures.packageRoot
        let update = ProcessInfo.processInfo.environment["CELLTWIN_UPDATE_DOCS"] == "1"
        var files = ["README.md"]
        let docs = root.appendingPathComponent("docs")
        files += (try FileManager.default.contentsOfDirectory(atPath: docs.path)).filter { $0.hasSuffix(".md") }.sorted()
            .map { "docs/\($0)" }
        var cpu_s = 0.0
        var count = 0
        for file in files {
            let url = root.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            let examples = DocExamples.parse(text)
            var lines = text.components(separatedBy: "\n")
            // Bottom-up, so replacing one example's output keeps the line numbers of those above it.
            for example in examples.reversed() {
                count += 1
                let (r, cpu) = try CLI.runMeasured(example.arguments)
                cpu_s += cpu
                let actual = DocExamples.outputLines(r.status == 0 ? r.stdout : r.stdout + r.stderr)
                if DocExamples.matches(expected: example.output, actual: actual) { continue }
                if update {
                    let new = DocExamples.updated(expected: example.output, actual: actual)
                    lines.replaceSubrange(example.outputLines, with: new)
                    continue
                }
                Issue.record("""
                    \(file):\(example.line): `$ celltwin \(example.arguments.joined(separator: " "))` (exit \(r.status)) \
                    no longer prints what the docs show. Paste this output (or run CELLTWIN_UPDATE_DOCS=1 swift test \
                    --filter DocExampleTests):
                    \(actual.joined(separator: "\n"))
                    """)
            }
            if update { try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8) }
        }
        #expect(count >= 10, "\(count) examples found")
        // The budget in processor time, which a busy machine does not stretch (the wall time on idle cores is close).
        #expect(cpu_s < 60, "the doc examples took \(cpu_s) s of processor time; keep them short (≤ 60 s in all)")
    }

    @Test func comparisonRules() {
        #expect(DocExamples.matches(expected: ["cycle 1: 173.94 mAh/g"], actual: ["cycle  1:  173.9412 mAh/g"]))
        #expect(!DocExamples.matches(expected: ["cycle 1: 173.94 mAh/g"], actual: ["cycle 1: 173.95 mAh/g"]))
        #expect(!DocExamples.matches(expected: ["cycle 1: 173.94 mAh/g"], actual: ["cycle 1: 173.94 mAh/cm2"]))
        #expect(DocExamples.matches(expected: ["χ² = 1.943e-05"], actual: ["χ² = 1.9434e-05"]))
        #expect(!DocExamples.matches(expected: ["χ² = 1.943e-05"], actual: ["χ² = 1.944e-05"]))
        #expect(DocExamples.matches(expected: ["a", "…", "z"], actual: ["a", "b", "c", "z"]))
        #expect(DocExamples.matches(expected: ["a", "…", "z"], actual: ["a", "z"]))
        #expect(!DocExamples.matches(expected: ["a", "…", "z"], actual: ["a", "b"]))
        #expect(DocExamples.matches(expected: ["6 points, … s"], actual: ["6 points, 24 simulations, 9.12 s"]))
        #expect(!DocExamples.matches(expected: ["6 points, … s"], actual: ["7 points, 24 simulations, 5.80 s"]))
        #expect(!DocExamples.matches(expected: ["6 points, … s"], actual: ["6 points, 24 simulations, 5.80 h"]))
        #expect(DocExamples.matches(expected: ["0.0162 … 0.0168"], actual: ["0.01622 … 0.01683"]))
        let text = """
            intro
            ```
            $ celltwin simulate --electrolyte X \\
                --c-rate 0.2   # a comment
            line 1

            $ celltwin eis fit "a b.csv" --circuit 'R0-p(R1,C1)'
            out
            ```
            ```
            $ make demo
            ```
            """
        let examples = DocExamples.parse(text)
        #expect(examples.map(\.arguments) == [["simulate", "--electrolyte", "X", "--c-rate", "0.2"],
                                              ["eis", "fit", "a b.csv", "--circuit", "R0-p(R1,C1)"]])
        #expect(examples.map(\.output) == [["line 1"], ["out"]])
        #expect(examples.map(\.line) == [3, 7] && examples[0].outputLines == 4..<5)
        #expect(DocExamples.updated(expected: ["a 1", "…", "z 2"], actual: ["a 3", "b", "z 4"]) == ["a 3", "…", "z 4"])
    }
}

/// The `$ celltwin` examples of a Markdown file and their comparison (see ``DocExampleTests``).
enum DocExamples {
    struct Example {
        /// 1-based line of the `$ celltwin` line.
        var line: Int
        var arguments: [String]
        var output: [String]
        /// 0-based line range of the output in the file (trailing blank lines excluded).
        var outputLines: Range<Int>
    }

    static func parse(_ text: String) -> [Example] {
        let lines = text.components(separatedBy: "\n")
        var out: [Example] = []
        var k = 0
        while k < lines.count {
            guard lines[k].hasPrefix("```") else { k += 1; continue }
            var end = k + 1
            while end < lines.count, !lines[end].hasPrefix("```") { end += 1 }
            if k + 1 < end, lines[k + 1].hasPrefix("$ celltwin") {
                var i = k + 1
                while i < end {
                    guard lines[i].hasPrefix("$ celltwin") else { i += 1; continue }
                    let first = i
                    var command = lines[i]
                    while command.hasSuffix("\\"), i + 1 < end {
                        command.removeLast()
                        i += 1
                        command += " " + lines[i].trimmingCharacters(in: .whitespaces)
                    }
                    i += 1
                    let outStart = i
                    while i < end, !lines[i].hasPrefix("$ ") { i += 1 }
                    var outEnd = i
                    while outEnd > outStart, lines[outEnd - 1].trimmingCharacters(in: .whitespaces).isEmpty { outEnd -= 1 }
                    let words = shellWords(String(command.dropFirst("$ celltwin".count)))
                    out.append(Example(line: first + 1, arguments: words, output: Array(lines[outStart..<outEnd]),
                                       outputLines: outStart..<outEnd))
                }
            }
            k = end + 1
        }
        return out
    }

    /// Splits a command line like a POSIX shell: blanks separate words, '…' and "…" quote, `#` at a word start
    /// begins a comment.
    static func shellWords(_ s: String) -> [String] {
        var words: [String] = []
        var current = "", inWord = false
        var quote: Character?
        for ch in s {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "\"" || ch == "'" {
                quote = ch
                inWord = true
            } else if ch.isWhitespace {
                if inWord { words.append(current); current = ""; inWord = false }
            } else if ch == "#", !inWord {
                break
            } else {
                current.append(ch)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    static func outputLines(_ text: String) -> [String] {
        var lines = text.components(separatedBy: "\n")
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return lines
    }

    enum Token: Equatable {
        case text(Character)
        case number(String)
        case wildcard
    }

    static func tokens(_ line: String) -> [Token] {
        var out: [Token] = []
        let chars = Array(line)
        var i = 0
        func isDigit(_ k: Int) -> Bool { k < chars.count && chars[k].isASCII && chars[k].isNumber }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "…" { out.append(.wildcard); i += 1; continue }
            let signed = (c == "-" || c == "+") && (isDigit(i + 1) || (i + 2 < chars.count && chars[i + 1] == "." && isDigit(i + 2)))
                && (i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber))
            if isDigit(i) || signed || (c == "." && isDigit(i + 1)) {
                var j = i + (signed ? 1 : 0)
                while isDigit(j) { j += 1 }
                if j < chars.count, chars[j] == ".", isDigit(j + 1) || j > i { j += 1; while isDigit(j) { j += 1 } }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var e = j + 1
                    if e < chars.count, chars[e] == "-" || chars[e] == "+" { e += 1 }
                    if isDigit(e) { j = e; while isDigit(j) { j += 1 } }
                }
                out.append(.number(String(chars[i..<j])))
                i = j
                continue
            }
            out.append(.text(c))
            i += 1
        }
        return out
    }

    /// Half a unit of the last printed digit of `s` ("173.94" → 0.005, "1.943e-05" → 5e-9).
    static func halfUnit(_ s: String) -> Double {
        let lower = s.lowercased()
        let parts = lower.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Double(parts[1]) ?? 0 : 0
        let decimals = mantissa.firstIndex(of: ".").map { mantissa.distance(from: $0, to: mantissa.endIndex) - 1 } ?? 0
        return 0.5 * pow(10, exponent - Double(decimals))
    }

    static func same(_ e: Token, _ a: Token, numbers: Bool) -> Bool {
        switch (e, a) {
        case let (.text(x), .text(y)): return x == y
        case let (.number(x), .number(y)):
            guard numbers, x != y else { return true }
            guard let p = Double(x), let q = Double(y) else { return false }
            return abs(p - q) <= max(halfUnit(x), halfUnit(y)) * (1 + 1e-9) + 1e-300
        default: return false
        }
    }

    /// Token sequences with `…` in `e` matching any run of tokens of `a`.
    static func lineMatches(_ expected: String, _ actual: String, numbers: Bool = true) -> Bool {
        let e = tokens(expected), a = tokens(actual)
        if !e.contains(.wildcard) {
            return e.count == a.count && zip(e, a).allSatisfy { same($0, $1, numbers: numbers) }
        }
        // can[i][j]: e[i...] matches a[j...].
        var can = [[Bool]](repeating: [Bool](repeating: false, count: a.count + 1), count: e.count + 1)
        can[e.count][a.count] = true
        for i in stride(from: e.count - 1, through: 0, by: -1) {
            for j in stride(from: a.count, through: 0, by: -1) {
                if e[i] == .wildcard {
                    can[i][j] = can[i + 1][j] || (j < a.count && can[i][j + 1])
                } else {
                    can[i][j] = j < a.count && same(e[i], a[j], numbers: numbers) && can[i + 1][j + 1]
                }
            }
        }
        return can[0][0]
    }

    static func isElision(_ line: String) -> Bool { line.trimmingCharacters(in: .whitespaces) == "…" }

    /// For each expected line, the actual line it matched (nil for an elision), or nil when the outputs differ.
    static func alignment(expected: [String], actual: [String], numbers: Bool) -> [Int?]? {
        var memo: [Int: [Int?]?] = [:]
        func go(_ i: Int, _ j: Int) -> [Int?]? {
            let key = i * (actual.count + 1) + j
            if let m = memo[key] { return m }
            var result: [Int?]?
            if i == expected.count {
                result = j == actual.count ? [] : nil
            } else if isElision(expected[i]) {
                for k in j...actual.count {
                    if let rest = go(i + 1, k) { result = [nil] + rest; break }
                }
            } else if j < actual.count, lineMatches(expected[i], actual[j], numbers: numbers), let rest = go(i + 1, j + 1) {
                result = [j] + rest
            }
            memo[key] = result
            return result
        }
        return go(0, 0)
    }

    static func matches(expected: [String], actual: [String]) -> Bool {
        alignment(expected: expected, actual: actual, numbers: true) != nil
    }

    /// The output to paste: the expected lines with their numbers refreshed where the output keeps their shape
    /// (elisions and in-line `…` kept), else the whole actual output.
    static func updated(expected: [String], actual: [String]) -> [String] {
        guard let a = alignment(expected: expected, actual: actual, numbers: false) else { return actual }
        return zip(expected, a).map { e, k in
            guard let k else { return e }
            return tokens(e).contains(.wildcard) && lineMatches(e, actual[k]) ? e : actual[k]
        }
    }
}
