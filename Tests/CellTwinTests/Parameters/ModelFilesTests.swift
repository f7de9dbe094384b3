import Foundation
import Testing
@testable import CellTwin

/// Shipped model files load, and bad files fail with the file and key named.
@Suite struct ModelFilesTests {
    static let electrolytes = ["LiPMCE-0.16", "CPCSE", "CNCSE", "PPSE", "CMP-VAMMT", "CMP", "CMP-MMT", "ANP-C-1.0K",
                               "ANP-C-2.0K", "HE-PEIgPHE", "PHE"]

    @Test func everySeedElectrolyteAndCathodeIsShipped() throws {
        #expect(Set(Fixtures.models.electrolyteIDs).isSuperset(of: Self.electrolytes))
        #expect(Set(Fixtures.models.cathodeIDs).isSuperset(of: ["LFP", "NCM523", "NCM811", "S"]))
        for id in Fixtures.models.electrolyteIDs { _ = try Fixtures.models.electrolyte(id) }
        for id in Fixtures.models.cathodeIDs { _ = try Fixtures.models.cathode(id) }
    }

    @Test func cathodeWindowsHoldTheirPracticalCapacity() throws {
        // DOMAIN B §1.1 practical ranges at the shipped windows (per gram of active material).
        let expected: [String: ClosedRange<Double>] = ["LFP": 150...170, "NCM523": 160...180, "NCM811": 185...210, "S": 800...1250]
        for (id, range) in expected {
            let c = try Fixtures.models.cathode(id)
            let spline = try c.ocvSpline()
            let xHi = try c.stoichiometry(atVoltage: c.maximumVoltage_V, spline: spline)
            let xLo = try c.stoichiometry(atVoltage: c.minimumVoltage_V, spline: spline)
            let q = Units.mAh_g(C_kg: c.specificCapacity_C_kg) * (xLo - xHi)
            #expect(range.contains(q), "\(id): \(q) mAh/g")
        }
    }

    @Test func lfpOCVMatchesTheDomainTable() throws {
        // DOMAIN B §1.2 rows of U(x).
        let spline = try Fixtures.models.cathode("LFP").ocvSpline()
        for (x, u) in [(0.1, 3.4057), (0.5, 3.3976), (0.9, 3.3446), (0.95, 3.1876), (0.99, 2.7209)] {
            #expect(abs(spline.value(x) - u) < 2e-3, "U(\(x))")
        }
    }

    func writeTemp(_ text: String, name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func shippedText(_ id: String) throws -> String {
        try String(contentsOfFile: Fixtures.models.electrolytePath(id), encoding: .utf8)
    }

    @Test func malformedTOMLNamesFileAndLine() throws {
        let path = try writeTemp("id = \"X\"\n[conductivity\nlaw = 1\n", name: "X.toml")
        #expect { try ElectrolyteFile.load(path: path) } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file == path && e.line == 2
        }
    }

    @Test(arguments: [
        ("thickness_um = { value = 100", "thickness_um = { value = -100", "transport.thickness_um", "0.1…10000 µm"),
        ("thickness_um = { value = 100", "thickness_um = { value = nan", "transport.thickness_um", "got nan"),
        ("thickness_um = { value = 100", "thickness_um = { value = inf", "transport.thickness_um", "got inf"),
        ("thickness_um", "thicknes_um", "transport.thicknes_um", "unknown key"),
    ])
    func badNumbersNameFileAndKey(original: String, replacement: String, key: String, words: String) throws {
        let text = try shippedText("CMP-VAMMT")
        #expect(text.contains(original))
        let path = try writeTemp(text.replacingOccurrences(of: original, with: replacement), name: "CMP-VAMMT.toml")
        #expect { try ElectrolyteFile.load(path: path) } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file == path && e.key == key && e.line != nil && e.description.contains(words)
        }
    }

    @Test func numbersWithoutSourceAreRejectedInModelFiles() throws {
        let text = try shippedText("CMP-VAMMT")
        let edited = text.replacingOccurrences(of: #"oxidation_limit_V = \{[^}]*\}"#, with: "oxidation_limit_V = 4.9",
                                               options: .regularExpression)
        #expect(edited != text)
        let path = try writeTemp(edited, name: "CMP-VAMMT.toml")
        #expect { try ElectrolyteFile.load(path: path) } throws: { error in
            (error as? InputError)?.key == "stability.oxidation_limit_V"
        }
    }

    @Test func unknownIDsListTheShippedOnes() {
        #expect { try Fixtures.models.electrolyte("NOPE") } throws: { error in
            "\(error)".contains("unknown electrolyte 'NOPE'") && "\(error)".contains("CMP-VAMMT")
        }
        #expect { try Fixtures.models.cathode("LCO") } throws: { error in "\(error)".contains("unknown cathode 'LCO'") }
    }

    @Test(arguments: [-5.0, 151.0, .nan, .infinity])
    func temperaturesOutsideTheModelledRangeAreRejected(temperature: Double) throws {
        let design = try Fixtures.design(electrolyte: "CMP-VAMMT", cathode: "LFP")
        #expect(throws: SimulationError.self) { try Simulator(design: design, temperature_C: temperature) }
    }
}
