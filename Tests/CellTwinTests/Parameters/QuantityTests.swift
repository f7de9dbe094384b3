import Foundation
import Testing
@testable import CellTwin

/// The quantity grammar (exact SI values) that options, step strings and scenario files share.
@Suite("Quantity grammar")
struct QuantityTests {
    func value(_ text: String, _ e: Quantity.Expectation) throws -> Double { try Quantity(parsing: text, as: e).value }

    @Test("C-rates, currents, capacities, voltages, durations, temperatures, fractions and loadings in SI")
    func readsUnits() throws {
        #expect(try value("0.5", .cRate) == 0.5)
        #expect(try value("0.5C", .cRate) == 0.5)
        #expect(try value("C/2", .cRate) == 0.5)
        #expect(try value("C", .cRate) == 1)
        let ua = try Quantity(parsing: "100uA", as: .current)
        #expect(ua.kind == .current && abs(ua.value - 1e-4) < 1e-18)
        #expect(try Quantity(parsing: "100 µA", as: .current).value == ua.value)
        #expect(try value("0.1 mA/cm2", .current) == 1)
        #expect(try value("0.1 mA cm-2", .current) == 1)
        #expect(try value("0.1", .current) == 1)
        #expect(try Quantity(parsing: "0.1 mA", as: .current).kind == .current)
        #expect(try value("0.1", .arealCapacity) == 3600)
        #expect(try value("10mV", .voltageWithUnit) == 0.01)
        #expect(try value("2 days", .hours) == 172_800)
        #expect(try value("60", .temperature) == 333.15)
        #expect(try value("60 °C", .temperature) == 333.15)
        #expect(try value("60C", .temperature) == 333.15)
        #expect(try value("300 K", .temperature) == 300)
        #expect(try value("80%", .fraction) == 0.8)
        #expect(try value("2", .loading) == 0.02)
    }

    @Test("only decimal numbers: no hexadecimal, inf, nan, separators; wrong units named", arguments: [
        ("0x10", Quantity.Expectation.temperature, "hexadecimal"), ("inf", .cRate, "decimal number"),
        ("nan", .cRate, "decimal number"), ("1_000", .hours, "unknown unit"), ("1,5", .cRate, "unknown unit"),
        ("2 V", .cRate, "is a unit of voltage"), ("10", .voltageWithUnit, "needs a unit"), ("1e400", .cRate, "too large"),
        ("C/0", .cRate, "divisor"), ("C/1e-320", .cRate, "divisor"), ("", .cRate, "empty"),
    ])
    func refuses(_ text: String, _ e: Quantity.Expectation, _ reason: String) {
        #expect {
            _ = try Quantity(parsing: text, as: e)
        } throws: { error in
            guard let q = error as? QuantityError else { return false }
            return q.description.contains(reason) && q.description.contains("write e.g.") && q.text == text
        }
    }

    @Test("Quantity.decimal matches the number grammar")
    func decimal() {
        #expect(Quantity.decimal("1e3") == 1000)
        #expect(Quantity.decimal(" -0.5 ") == -0.5)
        #expect(Quantity.decimal(".5") == 0.5)
        for bad in ["0x10", "inf", "nan", "1_000", "1,5", "", "e5", "1e"] { #expect(Quantity.decimal(bad) == nil, "\(bad)") }
    }

    @Test("step strings share the grammar and the ranges")
    func steps() {
        for (text, reason) in [("Discharge at 100C until 2.5 V", "0.001…50 C"), ("Charge at 0.5C until 9 V", "0…6 V"),
                               ("Rest for 1e9 hours", "duration"), ("Discharge at 0x10C until 2 V", "hexadecimal"),
                               ("Charge at 200 mA/cm2 until 4 V", "0.0001…100 mA/cm²")] {
            #expect {
                _ = try Step(parsing: text)
            } throws: { error in "\(error)".contains(reason) }
        }
        #expect((try? Step(parsing: "Discharge at C/2 until 2.5 V"))?.drive == .cRate(0.5))
    }

    @Test("scenario files use the same ranges, with file, line and key")
    func files() throws {
        let text = """
        name = "x"
        [cell]
        electrolyte = "CPCSE"
        cathode = "LFP"
        loading_mg_cm2 = 1e308
        [conditions]
        temperature_C = 25
        [[experiment]]
        steps = ["Discharge at 0.5C until 2.5 V"]
        """
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-q-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try ScenarioFile.load(path: path)
        } throws: { error in
            "\(error)" == "\(path):5: key 'cell.loading_mg_cm2': loading 1e+308 mg/cm² is outside 0.05…50 mg/cm²"
        }
    }
}
