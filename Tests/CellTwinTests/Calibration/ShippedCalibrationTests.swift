import Foundation
import Testing
@testable import CellTwin

/// The shipped electrolyte models are the output of their fit set-ups: re-running every
/// `Calibration/<ID>/fit.toml` (σ(T), t₊, the study's electrodes from rate capability, interface and short-law
/// and fade parameters where the set-up frees them; writing only to a temporary path) gives the values of the
/// fitted keys in the committed `Models/electrolytes/<ID>.toml`, and borrowed electrodes equal the sibling's,
/// so the models never drift from the data.
@Suite struct ShippedCalibrationTests {
    let library = Fixtures.models

    static let shipped = ["LiPMCE-0.16", "CPCSE", "CNCSE", "PPSE", "CMP-VAMMT", "CMP", "CMP-MMT", "ANP-C-1.0K", "ANP-C-2.0K",
                          "HE-PEIgPHE", "PHE"]

    func fitFile(_ id: String) -> String { Fixtures.packageRoot.appendingPathComponent("Calibration/\(id)/fit.toml").path }

    @Test func everyShippedElectrolyteHasAFitSetUp() {
        #expect(Set(library.electrolyteIDs) == Set(Self.shipped))
        for id in Self.shipped {
            #expect(FileManager.default.fileExists(atPath: fitFile(id)), "\(id): no Calibration/\(id)/fit.toml")
        }
    }

    /// Each set-up's measurement file is its electrolyte's rows of the seed file, byte for byte, with the header.
    @Test func measurementFilesAreTheSeedRows() throws {
        let seed = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Calibration/seed-measurements.csv"), encoding: .utf8)
        let lines = seed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for id in Self.shipped {
            let own = lines.dropFirst().filter { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst().first.map(String.init) == id }
            let expected = ([lines[0]] + own).joined(separator: "\n") + "\n"
            let file = Fixtures.packageRoot.appendingPathComponent("Calibration/\(id)/measurements.csv")
            #expect(try String(contentsOf: file, encoding: .utf8) == expected, "\(id)")
        }
    }

    @Test(arguments: shipped)
    func committedModelEqualsItsFit(_ id: String) throws {
        let r = try Calibrator.run(setupPath: fitFile(id), library: library)
        #expect(r.parameters.contains { $0.key.hasPrefix("conductivity.") }, "\(id) frees \(r.parameters.map(\.key))")
        // Every full-cell set-up fits its rate capability through the study's electrode (or borrows a sibling's).
        if r.points.contains(where: { $0.kind == "rate_capability" }) {
            let committed = try library.electrolyte(id)
            #expect(!committed.referenceCell.electrodes.isEmpty, "\(id): no [electrodes.<cathode>] table")
            #expect(r.parameters.contains { $0.key.hasPrefix("electrodes.") } || r.setup.electrodesFrom != nil
                    || r.parameters.contains { $0.key.hasPrefix("cathode_interface.") }, "\(id): rate capability fits nothing")
        }

        // Written to a temporary path, never over Models/.
        let dir = try FitFixtures.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("\(id).toml").path
        try ModelFileWriter.write(result: r, baseFile: library.electrolytePath(id), fitFile: "Calibration/\(id)/fit.toml", to: out)
        let written = try ElectrolyteFile.load(path: out)
        let committed = try library.electrolyte(id)
        for p in r.parameters {
            let key = try #require(FitParameterRegistry.key(p.key))
            let c = try #require(key.get(committed)), w = try #require(key.get(written))
            // The re-fit starts from the committed values, so it lands on them: to 1e-6, or within a tenth of a
            // standard error for fits through simulations (debug and release builds differ in their last bits).
            let slack = max(1e-6 * abs(p.value), 0.1 * (p.standard_error ?? 0))
            #expect(abs(c - p.value) <= slack, "\(id) \(p.key): committed \(c), fit \(p.value)")
            #expect(abs(w - p.value) <= 1e-12 * abs(p.value), "\(id) \(p.key): written \(w), fit \(p.value)")
        }
        for b in r.borrowed {
            let key = try #require(FitParameterRegistry.key(b.key))
            #expect(key.get(committed) == b.value, "\(id) \(b.key): committed differs from \(b.from)'s")
        }
        let text = try String(contentsOfFile: library.electrolytePath(id), encoding: .utf8)
        #expect(text.contains("[provenance]") && text.contains("fit_file = \"Calibration/\(id)/fit.toml\""), "\(id): no provenance")
        for p in r.parameters {
            #expect(text.contains("source = \"fit: celltwin calibrate Calibration/\(id)/fit.toml"), "\(id) \(p.key): no fit source")
        }
    }
}
