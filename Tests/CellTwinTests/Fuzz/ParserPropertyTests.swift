import Foundation
import PropertyBased
import Testing
@testable import CellTwin

/// In-process property tests of the pure parsers: whatever the text, the parser returns a value inside its
/// documented domain or throws its own typed error quoting the text (never a trap, NaN or infinity).
@Suite("Parser properties")
struct ParserPropertyTests {
    /// Pieces of valid and invalid inputs; random sequences of them reach deep into each grammar.
    static let stepPieces = ["Charge", "Discharge", "Hold", "Rest", "at", "for", "until", "or", "0.5C", "C/20", "C", "/", "0",
                             "-1", "1e308", "1e-300", "0x10", "nan", "inf", "2.5", "V", "mV", "mA", "uA", "µA", "mA/cm2",
                             "mA cm-2", "W", "mW/cm2", "hours", "minutes", "s", "mAh", "mAh/cm2", "mAh/g", "cm2", "²", ",",
                             "4.2 V", "10 minutes", "…", "e", "-", "+", ".", "1.", ".5", "3e", "1e400"]
    static let quantityPieces = ["0.5", "C/2", "C", "C/0", "C/-2", "100", "uA", "µA", "mA", "/cm2", " cm-2", "mAh/cm2", "%", "80",
                                 "0x10", "1e308", "1e-320", "nan", "inf", "-", "+", "°C", "K", "V", "mV", "h", "days", "mg/cm2",
                                 " ", "e5", "1_000", "1,5", "C/1e-320", "1e400"]
    static let circuitPieces = ["R0", "R1", "C1", "CPE1", "W1", "Wo1", "Ws1", "L0", "-", "p(", ")", ",", "p(R1,C1)", "X9", "R",
                                "p()", "((", "R-1", "R99999999999999999999"]

    static func text(_ pieces: [String], joiner: String) -> Generator<String, Shrink.None<String>> {
        Generator { rng in
            let n = Int.random(in: 0...9, using: &rng)
            return (0..<n).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined(separator: joiner)
        }
    }

    @Test
    func stepStrings() async {
        await propertyCheck(count: 3000, input: Self.text(Self.stepPieces, joiner: " ")) { text in
            do {
                let step = try Step(parsing: text)
                var values: [Double] = []
                switch step.drive {
                case .cRate(let v), .current(let v), .currentDensity(let v), .power(let v), .powerDensity(let v), .voltage(let v):
                    values.append(v)
                case .rest: break
                }
                for t in step.terminations {
                    switch t {
                    case .voltage(let v), .cRate(let v), .currentDensity(let v), .current(let v), .charge(let v),
                         .arealCharge(let v), .specificCharge(let v), .duration(let v):
                        values.append(v)
                    }
                }
                #expect(!step.terminations.isEmpty, "\(text)")
                for v in values { #expect(v.isFinite && v > 0, "\(text) → \(v)") }
            } catch let e as ExperimentError {
                #expect(e.description.contains("Valid steps look like"), "\(e)")
            } catch {
                Issue.record("untyped error for \"\(text)\": \(error)")
            }
        }
    }

    @Test
    func quantities() async {
        let expectations: [Quantity.Expectation] = [.cRate, .current, .arealCapacity, .voltage, .hours, .temperature, .fraction,
                                                    .loading]
        await propertyCheck(count: 3000, input: Self.text(Self.quantityPieces, joiner: ""), Gen.int(in: 0...7)) { text, k in
            let expected = expectations[k]
            do {
                let q = try Quantity(parsing: text, as: expected)
                #expect(q.value.isFinite, "\(text) → \(q)")
                #expect(expected.kinds.contains(q.kind), "\(text) → \(q.kind)")
                #expect(!text.lowercased().contains("0x") && !text.lowercased().contains("nan"), "\(text) was read")
            } catch let e as QuantityError {
                #expect(e.description.contains("write e.g."), "\(e)")
            } catch {
                Issue.record("untyped error for \"\(text)\": \(error)")
            }
        }
    }

    @Test
    func circuitStrings() async {
        await propertyCheck(count: 2000, input: Self.text(Self.circuitPieces, joiner: "")) { text in
            do {
                let c = try Circuit(text)
                #expect(!c.parameterNames.isEmpty, "\(text)")
            } catch let e as CustomStringConvertible {
                #expect(!e.description.isEmpty)
            }
        }
    }

    /// Mutated lines of a shipped electrolyte file: a model or an input error naming the file.
    @Test
    func electrolyteTables() async throws {
        let source = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Models/electrolytes/PPSE.toml"),
                                encoding: .utf8)
        let lines = source.components(separatedBy: "\n")
        let values = ["0", "-1", "1e308", "-1e308", "inf", "nan", "\"text\"", "[1, 2]", "{ value = 1 }", "", "0x10", "true"]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-toml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let counter = Counter()
        await propertyCheck(count: 300, input: Gen.int(in: 0...(lines.count - 1)), Gen.int(in: 0...(values.count - 1))) { i, v in
            var mutated = lines
            if let eq = mutated[i].firstIndex(of: "=") {
                mutated[i] = String(mutated[i][..<eq]) + "= " + values[v]
            } else {
                mutated[i] = values[v]
            }
            let path = dir.appendingPathComponent("case-\(counter.next()).toml").path
            try? mutated.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            do {
                let e = try ElectrolyteFile.load(path: path)
                #expect(e.thickness_m.isFinite && e.thickness_m > 0)
                #expect((0...1).contains(e.transferenceNumber))
            } catch let e as InputError {
                #expect(e.file == path, "\(e)")
            } catch {
                // Other typed errors must still name the file.
                #expect("\(error)".contains(path) || "\(error)".contains("PPSE") || !"\(error)".isEmpty, "\(error)")
            }
        }
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func next() -> Int { lock.withLock { n += 1; return n } }
    }
}
