import Foundation
import Testing
@testable import CellTwin

/// The checked accessors of an input file: numbers plain or with their source, domains with the limit in the message,
/// nested and repeated tables, and every error naming the file, the line and the full key.
@Suite struct ParameterFileTests {
    static let text = """
        name = "cell"
        [cell]
        thickness_um = { value = 50, source = "measured" }
        count = 3
        ratio = 0.25
        limits = [1, 2.5, 4]
        steps = ["a", "b"]
        flag = true

        [[block]]
        repeat = 2

        [[block]]
        repeat = 0
        """

    static func section() throws -> Section { try ParameterFile(string: text, path: "p.toml").rootSection }

    @Test func valuesAreReadPlainOrWithTheirSource() throws {
        let root = try Self.section()
        #expect(try root.string("name") == "cell")
        let cell = try root.requiredSection("cell")
        #expect(try cell.number("thickness_um", .positive) == 50)
        #expect(try cell.number("count") == 3 && cell.optionalInt("count", min: 1) == 3)
        #expect(try cell.numberArray("limits", .closed(0...5)) == [1, 2.5, 4])
        #expect(try cell.stringArray("steps") == ["a", "b"] && cell.optionalBool("flag") == true)
        #expect(try cell.optionalNumber("absent") == nil && cell.optionalString("absent") == nil && !cell.has("absent"))
        #expect(try root.section("missing", required: false) == nil)
        #expect(try root.sections("block").count == 2 && root.sections("none").isEmpty)
    }

    /// Each error names the file, the line where the key is and the full key (tables and array items included).
    @Test func errorsNameFileLineAndKey() throws {
        let root = try Self.section()
        let cell = try root.requiredSection("cell")
        func failure(_ body: () throws -> Void) -> InputError? {
            do { try body(); return nil } catch let e as InputError { return e } catch { return nil }
        }
        let range = try #require(failure { _ = try cell.number("ratio", .closed(0.5...1)) })
        #expect(range.description == "p.toml:5: key 'cell.ratio': must lie in 0.5…1, got 0.25")
        let item = try #require(failure { _ = try cell.numberArray("limits", .closed(0...3)) })
        #expect(item.description == "p.toml:6: key 'cell.limits': item 3 must lie in 0…3, got 4")
        let repeatZero = try #require(failure { _ = try root.sections("block")[1].optionalInt("repeat", min: 1) })
        #expect(repeatZero.key == "block[2].repeat" && repeatZero.message == "must be at least 1, got 0")
        let typo = try #require(failure { try cell.rejectUnknownKeys(["thickness_um", "count", "ratio", "limits", "steps"]) })
        #expect(typo.line == 8 && typo.key == "cell.flag" && typo.message.hasPrefix("unknown key (expected one of: count, limits"))
        let missing = try #require(failure { _ = try root.section("conditions") })
        #expect(missing.message == "missing table [conditions]")
        let notString = try #require(failure { _ = try cell.string("count") })
        #expect(notString.description == "p.toml:4: key 'cell.count': expected a string")
    }

    /// Model files require the source of every number; malformed TOML and control characters are named by line.
    @Test func sourcesAreRequiredInModelFilesAndBadTextIsNamedByLine() throws {
        let strict = try ParameterFile(string: "x = 1\ny = { value = 2, source = \"a\" }\n", path: "m.toml", requireSources: true)
        #expect(try strict.rootSection.number("y") == 2)
        #expect(throws: InputError(file: "m.toml", line: 1, key: "x", message: "a source is required: write { value = 1.0, source = \"…\" }")) {
            _ = try strict.rootSection.number("x")
        }
        do {
            _ = try ParameterFile(string: "a = 1\nb = = 2\n", path: "bad.toml")
            Issue.record("malformed TOML was read")
        } catch let e as InputError {
            #expect(e.file == "bad.toml" && e.line == 2 && e.message.hasPrefix("malformed TOML"), "\(e)")
        }
        #expect(throws: InputError(file: "c.toml", line: 2, message: "control character U+0007 is not allowed in TOML")) {
            _ = try ParameterFile(string: "a = 1\nb = \"\u{07}\"\n", path: "c.toml")
        }
    }
}
