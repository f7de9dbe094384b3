import Foundation
import Testing
@testable import CellTwin

/// Scenario files: every key read into its SI value, and a bad key or value named with the file, the line and the key.
@Suite struct ScenarioFileTests {
    static let text = """
        name = "test"
        description = "two blocks"

        [cell]
        electrolyte = "CPCSE"
        cathode = "LFP"
        loading_mg_cm2 = 2
        electrode_area_cm2 = 1.5
        lithium_thickness_um = 30
        c_rate_basis_mAh_g = 170

        [conditions]
        temperatures_C = [30, 60]
        initial_soc = 0.5

        [end_of_life]
        retention = 0.8

        [[experiment]]
        repeat = 3
        steps = ["Charge at 0.5C until 3.8 V", "Discharge at 1C until 2.5 V"]

        [[experiment]]
        steps = ["Rest for 10 minutes"]

        [output]
        trace = true
        plot_cycles = [1, 3]

        [[expected]]
        cycle = 3
        temperature_C = 60
        quantity = "discharge_capacity_mAh_g"
        value = 150
        tolerance = 0.05
        source = "a test"

        """

    static func write(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("s.toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func everyKeyIsReadInSI() throws {
        let path = try Self.write(Self.text)
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        let s = try ScenarioFile.load(path: path)
        #expect(s.name == "test" && s.description == "two blocks" && s.electrolyteID == "CPCSE" && s.cathodeID == "LFP")
        #expect(abs((s.loading_kg_m2 ?? 0) - 0.02) < 1e-15)           // 2 mg/cm² = 0.02 kg/m²
        #expect(abs((s.electrodeArea_m2 ?? 0) - 1.5e-4) < 1e-18)
        #expect(abs((s.lithiumThickness_m ?? 0) - 30e-6) < 1e-18)
        #expect(abs((s.cRateBasis_C_kg ?? 0) - 170 * 3600) < 1e-9)    // 1 mAh/g = 3600 C/kg
        #expect(s.temperatures_C == [30, 60] && s.initialStateOfCharge == 0.5 && s.endOfLife == 0.8)
        #expect(s.experiment.blocks.map(\.repeatCount) == [3, 1])
        #expect(s.experiment.blocks.map { $0.steps.map(\.text) } == [["Charge at 0.5C until 3.8 V", "Discharge at 1C until 2.5 V"],
                                                                      ["Rest for 10 minutes"]])
        #expect(s.recordTrace && s.plotCycles == [1, 3])
        let e = try #require(s.expected.first)
        #expect(e.cycle == 3 && e.temperature_C == 60 && e.value == 150 && e.relativeTolerance == 0.05 && e.qualifier == "=")
        #expect(s.temperatureSource?.line == 13 && s.temperatureSource?.file == path)
    }

    @Test(arguments: [
        ("loading_mg_cm2 = 2", "loading_mg_cm2 = 2\ncolour = \"red\"", "colour"),
        ("retention = 0.8", "retention = 1.5", "retention"),
        ("repeat = 3", "repeat = 0", "repeat"),
        ("plot_cycles = [1, 3]", "plot_cycles = [1, 2.5]", "plot_cycles"),
        ("temperature_C = 60\nquantity", "temperature_C = 45\nquantity", "temperature_C"),
        ("\"Rest for 10 minutes\"", "\"Dance for 10 minutes\"", "steps"),
        ("quantity = \"discharge_capacity_mAh_g\"", "quantity = \"happiness\"", "quantity"),
    ])
    func aBadKeyIsNamedWithFileAndLine(original: String, replacement: String, key: String) throws {
        let text = Self.text.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.text)
        let path = try Self.write(text)
        defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path) }
        do {
            _ = try ScenarioFile.load(path: path)
            Issue.record("\(replacement) was accepted")
        } catch let e as InputError {
            #expect(e.file == path && e.line != nil, "\(e)")
            #expect(e.description.contains(key), "\(e)")
        }
    }
}
