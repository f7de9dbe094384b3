import Foundation
import Testing
@testable import CellTwin

/// The calibrated model file's provenance: SHA-256 of every data file.
@Suite struct ModelFileWriterTests {
    /// FIPS 180-4 example vectors.
    @Test func sha256KnownAnswers() {
        #expect(ModelFileWriter.sha256(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ModelFileWriter.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ModelFileWriter.sha256(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func provenanceNamesEachDataFileWithItsSHA256() throws {
        let rows = [0.0, 40, 80].map { FitFixtures.row("CPCSE", "conductivity", t: $0, quantity: "sigma", value: 1e-4 * (1 + $0 / 20), unit: "S/cm") }
        let path = try FitFixtures.setup(electrolyte: "CPCSE", rows: rows, free: ["key = \"conductivity.sigma_S_cm\""])
        let r = try Calibrator.run(setupPath: path, library: Fixtures.models)
        let text = try ModelFileWriter.rewrite(baseText: "[conductivity]\nsigma_S_cm = 1\n", baseFile: "base.toml", result: r,
                                               fitFile: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: r.setup.dataFiles[0]))
        let sum = ModelFileWriter.sha256(data)
        #expect(sum.count == 64 && sum.allSatisfy(\.isHexDigit))
        #expect(text.contains("checksum = \"SHA-256 of the file bytes\""))
        #expect(text.contains("{ file = \"measurements.csv\", sha256 = \"\(sum)\" }"), "\(text)")
        // A changed byte changes the checksum.
        var changed = data
        changed[changed.startIndex] ^= 1
        #expect(ModelFileWriter.sha256(changed) != sum)
    }

    /// A refit keeps a key's prior, and a fitted key of a table the file leaves to its family defaults gets the table.
    @Test func refitKeepsPriorsAndAddsALeftOutTable() throws {
        let rows = [0.0, 40, 80].map { FitFixtures.row("CPCSE", "conductivity", t: $0, quantity: "sigma", value: 1e-4 * (1 + $0 / 20), unit: "S/cm") }
        let path = try FitFixtures.setup(electrolyte: "CPCSE", rows: rows, free: ["key = \"conductivity.sigma_S_cm\""])
        var r = try Calibrator.run(setupPath: path, library: Fixtures.models)
        r.parameters.append(FittedParameter(key: "aging.contact_loss_per_cycle", unit: "per cycle", initial: 1e-4, value: 2e-4,
                                            standard_error: nil, interval_low: nil, interval_high: nil, identifiable: true, prior: nil))
        let base = "[conductivity]\nsigma_S_cm = { value = 1, prior = \"lognormal\", spread = 10, source = \"prior: family default (assumed)\" }   # S/cm\n"
        let text = try ModelFileWriter.rewrite(baseText: base, baseFile: "base.toml", result: r, fitFile: path)
        let lines = text.components(separatedBy: "\n")
        let sigma = try #require(lines.first { $0.hasPrefix("sigma_S_cm") })
        #expect(sigma.contains("prior = \"lognormal\", spread = 10, source = \"fit: celltwin calibrate"), "\(sigma)")
        #expect(sigma.hasSuffix("   # S/cm"))
        let aging = try #require(lines.firstIndex { $0.hasPrefix("[aging]") })
        #expect(lines[aging + 1].hasPrefix("contact_loss_per_cycle = { value = 0.0002, source = \"fit: "), "\(text)")
        #expect(aging < (lines.firstIndex { $0.hasPrefix("[provenance]") } ?? 0))
    }

    /// A fitted value outside its key's physical range is refused before anything is written (the file would not
    /// load), naming the key and its range; a value inside it is written under any file name (`--model-out`) and loads.
    @Test func aFittedValueOutsideItsRangeIsNotWritten() throws {
        let rows = [0.0, 40, 80].map { FitFixtures.row("CPCSE", "conductivity", t: $0, quantity: "sigma", value: 1e-4 * (1 + $0 / 20), unit: "S/cm") }
        let path = try FitFixtures.setup(electrolyte: "CPCSE", rows: rows, free: ["key = \"conductivity.sigma_S_cm\""])
        var r = try Calibrator.run(setupPath: path, library: Fixtures.models)
        let base = Fixtures.models.electrolytePath("CPCSE")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("refit.toml").path
        try ModelFileWriter.write(result: r, baseFile: base, fitFile: path, to: good)
        #expect(FileManager.default.fileExists(atPath: good))
        let i = try #require(r.parameters.firstIndex { $0.key == "conductivity.sigma_S_cm" })
        r.parameters[i].value = 10   // S/cm, above the 1 S/cm of any Li electrolyte
        let bad = dir.appendingPathComponent("CPCSE.toml").path
        #expect { try ModelFileWriter.write(result: r, baseFile: base, fitFile: path, to: bad) } throws: { error in
            guard let e = error as? InputError else { return false }
            return e.file == path && e.key == "conductivity.sigma_S_cm" && e.message.contains("1e-14…1")
                && e.message.contains("got 10") && e.message.contains("not written")
        }
        #expect(!FileManager.default.fileExists(atPath: bad))
    }
}
