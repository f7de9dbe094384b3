import ArgumentParser
import CellTwin
import Foundation
import Testing
@testable import CellTwinCLI

/// Option values in lab units through the library's quantity grammar: the SI conversion of each reader, the range it
/// checks with the limit in its message, and per-area or whole-cell currents and capacities.
@Suite struct ArgumentsTests {
    static func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-12 * abs(y) }

    @Test func readersConvertToTheirLabUnits() throws {
        #expect(Self.close(try OptionValue.temperature_C("333.15 K"), 60))
        #expect(Self.close(try OptionValue.temperature_C("60 °C"), 60))
        #expect(try OptionValue.cRate("C/2") == 0.5 && OptionValue.cRateOrZero("0") == 0)
        #expect(Self.close(try OptionValue.loading_mg_cm2("2 mg/cm2"), 2))
        #expect(Self.close(try OptionValue.hours("2 days"), 48))
        #expect(Self.close(try OptionValue.volts("500 mV"), 0.5))
        #expect(try OptionValue.decimal("1e-6") == 1e-6)
        #expect(try OptionValue.count(" 42 ", in: 1...100) == 42)
        #expect(try OptionValue.cycles("1000000") == 1_000_000)
    }

    /// Each range names the quantity, the value and the limit; a bad count says what a good one is.
    @Test(arguments: [
        ("temperature", "200", "temperature 200"), ("c-rate", "100", "0.001…50 C"), ("loading", "60", "0.05…50"),
        ("hours", "200000", "duration 200000 h is outside"), ("volts", "7", "0…6 V"), ("decimal", "0x10", "decimal number"),
        ("count", "1.5", "whole number in 1…100"), ("count", "101", "101 is outside 1…100"), ("cycles", "0", "0 is outside 1…1000000"),
    ])
    func badValuesNameTheirLimit(reader: String, text: String, words: String) {
        do {
            switch reader {
            case "temperature": _ = try OptionValue.temperature_C(text)
            case "c-rate": _ = try OptionValue.cRate(text)
            case "loading": _ = try OptionValue.loading_mg_cm2(text)
            case "hours": _ = try OptionValue.hours(text)
            case "volts": _ = try OptionValue.volts(text)
            case "decimal": _ = try OptionValue.decimal(text)
            case "count": _ = try OptionValue.count(text, in: 1...100)
            default: _ = try OptionValue.cycles(text)
            }
            Issue.record("\(reader) accepted \(text)")
        } catch {
            #expect("\(error)".contains(words), "\(reader) \(text): \(error)")
        }
    }

    /// A wrong unit gives the grammar's examples (temperature 200 °C is outside −40…150 °C).
    @Test func aWrongUnitListsExamplesAndTheTemperatureRangeIsNamed() {
        #expect(throws: OptionValueError.self) { try OptionValue.cRate("2 V") }
        do { _ = try OptionValue.cRate("2 V") } catch { #expect("\(error)".contains("(write e.g."), "\(error)") }
        do { _ = try OptionValue.temperature_C("200") } catch { #expect("\(error)".contains("150"), "\(error)") }
    }

    /// 0.1 mA/cm² as given; 100 µA on 2 cm² is 0.05 mA/cm²; 0.36 C (0.1 mAh) on 0.5 cm² is 0.2 mAh/cm²; a cell value
    /// that lands outside the range names the option, the text, the area and the limit.
    @Test func currentsAndCapacitiesPerAreaOrPerCell() throws {
        let density = try CurrentValue(parsing: "0.1 mA/cm2")
        #expect(Self.close(try #require(density.density_mA_cm2), 0.1) && density.cell_A == nil)
        #expect(Self.close(try density.mA_cm2(area_cm2: 7, option: "--current"), 0.1))
        let cell = try CurrentValue(parsing: "100uA")
        #expect(Self.close(try #require(cell.cell_A), 1e-4))
        #expect(Self.close(try cell.mA_cm2(area_cm2: 2, option: "--current"), 0.05))
        let capacity = try CapacityValue(parsing: "0.1 mAh")
        #expect(Self.close(try #require(capacity.cell_C), 0.36))
        #expect(Self.close(try capacity.mAh_cm2(area_cm2: 0.5, option: "--capacity"), 0.2))
        #expect(Self.close(try #require(try CapacityValue(parsing: "0.25").areal_mAh_cm2), 0.25))
        do {
            _ = try CurrentValue(parsing: "1 A").mA_cm2(area_cm2: 1, option: "--current")
            Issue.record("1000 mA/cm² was accepted")
        } catch {
            let m = "\(error)"
            #expect(m.contains("--current 1 A on 1 cm²") && m.contains("100"), "\(m)")
        }
        #expect(throws: OptionValueError.self) { try CurrentValue(parsing: "0 mA") }
        #expect(throws: OptionValueError.self) { try CapacityValue(parsing: "500") }
    }

    /// An unknown electrolyte is reported against the option (or the scenario file's key) that named it.
    @Test func unknownModelIDsNameTheOptionOrTheScenarioKey() throws {
        let library = Fixtures.models
        do {
            _ = try namingModelIDs { try library.electrolyte("NO-SUCH") }
            Issue.record("an unknown electrolyte was accepted")
        } catch let e as InputError {
            #expect(e.file == "--electrolyte", "\(e)")
        }
        do {
            _ = try namingModelIDs(in: "s.toml") { try library.cathode("NO-SUCH") }
            Issue.record("an unknown cathode was accepted")
        } catch let e as InputError {
            #expect(e.file == "s.toml" && e.key == "cell.cathode", "\(e)")
        }
    }
}
