import Foundation
import Testing
@testable import CellTwin

/// Every number of an electrolyte or cathode model file carries a physical range, checked at load: a value outside
/// it (`short.exponent = 1e308`) is refused with the file, the line, the key and the limit.
@Suite struct ModelKeyRangeTests {
    /// `text` with `key = value` in `[table]`: the key's line replaced, or a line added under the table's header
    /// (the table appended when the file has none). Returns the text and the 1-based line of the value.
    static func setting(_ key: String, in table: String, to value: String, array: Bool = false, text: String) -> (String, Int) {
        var lines = text.components(separatedBy: "\n")
        let entry = array ? "\(key) = [\(value)]" : "\(key) = { value = \(value), source = \"range test\" }"
        guard let header = lines.firstIndex(where: {
            let l = $0.trimmingCharacters(in: .whitespaces)
            return l.hasPrefix("[\(table)]")
        }) else {
            lines += ["", "[\(table)]", entry]
            return (lines.joined(separator: "\n"), lines.count)
        }
        var i = header + 1
        while i < lines.count, !lines[i].hasPrefix("[") {
            let l = lines[i].trimmingCharacters(in: .whitespaces)
            if l.hasPrefix(key), l.dropFirst(key.count).trimmingCharacters(in: .whitespaces).hasPrefix("=") {
                var end = i
                if array { while !lines[end].contains("]") { end += 1 } }   // a multi-line array
                lines.replaceSubrange(i...end, with: [entry])
                return (lines.joined(separator: "\n"), i + 1)
            }
            i += 1
        }
        lines.insert(entry, at: header + 1)
        return (lines.joined(separator: "\n"), header + 2)
    }

    /// Values just outside `range` on each side, and 1e308 (the reported case), as TOML numbers.
    static func outside(_ range: ClosedRange<Double>) -> [String] {
        let lo = range.lowerBound, hi = range.upperBound
        let below = lo > 0 ? lo / 10 : (lo == 0 ? -1 : lo * 10 - 1)
        return [String(format: "%g", hi * 10 + 1), String(format: "%g", below), "1e308", "nan"]
    }

    static func write(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-ranges-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("\(name).toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Checks that loading refuses the file with "<path>:<line>: key '<key>': … <lo>…<hi> …".
    static func expectRefused(_ load: () throws -> Void, path: String, line: Int, key: String, range: ClosedRange<Double>,
                              value: String) {
        let limit = String(format: "%g…%g", range.lowerBound, range.upperBound)
        do {
            try load()
            Issue.record("\(key) = \(value) loaded; expected a range error naming \(limit)")
        } catch {
            let s = "\(error)"
            #expect(s.hasPrefix("\(path):\(line): key '\(key)': ") && s.contains(limit), "\(key) = \(value): \(s)")
        }
    }

    @Test func everyKeyOfBothTablesHasAPhysicalRange() {
        for k in ElectrolyteKeys.all { #expect(k.domain.isBounded, "electrolyte key \(k.path)") }
        for k in CathodeKeys.all { #expect(k.domain.isBounded, "cathode key \(k.path)") }
        for o in CathodeKeys.electrodeOverrides { #expect(o.cathodeKey.domain.isBounded, "electrode key \(o.key)") }
        // The family defaults lie inside the ranges of their keys (a file that leaves a key out loads a valid value).
        for k in ElectrolyteKeys.all {
            for f in ElectrolyteFamilyDefaults.families {
                guard let d = ElectrolyteFamilyDefaults.value(k.path, family: f) else { continue }
                #expect(k.domain.check(d.value) == nil, "family default of \(k.path) for \(f): \(d.value)")
            }
        }
    }

    @Test func everyElectrolyteKeyOutsideItsRangeIsRefusedWithFileLineKeyAndLimit() throws {
        let byLaw = ["arrhenius": "CMP-VAMMT", "two-regime": "ANP-C-2.0K", "vft": "LiPMCE-0.16"]
        var checked = 0
        for k in ElectrolyteKeys.all {
            guard let id = byLaw.keys.sorted().first(where: { k.applies(toLaw: $0) }).flatMap({ byLaw[$0] }) else {
                Issue.record("no shipped electrolyte uses a law of \(k.path)")
                continue
            }
            let shipped = try String(contentsOfFile: Fixtures.models.electrolytePath(id), encoding: .utf8)
            let range = try #require(k.domain.range, "\(k.path)")
            for value in Self.outside(range) {
                let (text, line) = Self.setting(k.key, in: k.table, to: value, text: shipped)
                let path = try Self.write(text, id)
                Self.expectRefused({ _ = try ElectrolyteFile.load(path: path) }, path: path, line: line, key: k.path, range: range,
                                   value: value)
                checked += 1
            }
        }
        #expect(checked == 4 * ElectrolyteKeys.all.count)
    }

    /// The reported case: `short.exponent = 1e308` is refused at load with the limit (it used to load and fail later).
    @Test func hugeShortExponentIsRefusedAtLoad() throws {
        let shipped = try String(contentsOfFile: Fixtures.models.electrolytePath("CMP-VAMMT"), encoding: .utf8)
        let (text, line) = Self.setting("exponent", in: "short", to: "1e308", text: shipped)
        let path = try Self.write(text, "CMP-VAMMT")
        #expect { try ElectrolyteFile.load(path: path) } throws: { e in
            "\(e)" == "\(path):\(line): key 'short.exponent': must lie in 0…60, got 1e+308"
        }
    }
}
