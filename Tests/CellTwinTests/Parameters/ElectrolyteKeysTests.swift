import Foundation
import Testing
@testable import CellTwin

/// The key table (``ElectrolyteKeys``) drives loading, fitting, writing and the Models/README key list.
@Suite struct ElectrolyteKeysTests {
    static let golden = Fixtures.packageRoot.appendingPathComponent("Tests/CellTwinTests/Fixtures/electrolytes-loaded.txt")

    /// Every value of every shipped electrolyte, as Swift prints it (shortest round-trip decimals).
    static func loadedText() throws -> String {
        var text = ""
        for id in Fixtures.models.electrolyteIDs {
            var s = ""
            // A dictionary dumps in a per-process order: the study's electrodes are dumped one by one, sorted.
            var e = try Fixtures.models.electrolyte(id)
            let electrodes = e.referenceCell.electrodes
            e.referenceCell.electrodes = [:]
            dump(e, to: &s)
            for key in electrodes.keys.sorted() { dump((key, electrodes[key]!), to: &s) }
            text += s
        }
        return text
    }

    /// The shipped model files load to exactly the values the loader gave before it was driven by the key table
    /// (captured in Fixtures/electrolytes-loaded.txt; `CELLTWIN_WRITE_GOLDEN=1` rewrites it after a deliberate
    /// change of a shipped file).
    @Test func shippedFilesLoadToTheCapturedValues() throws {
        let now = try Self.loadedText()
        if ProcessInfo.processInfo.environment["CELLTWIN_WRITE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try now.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        let before = try String(contentsOf: Self.golden, encoding: .utf8)
        let a = before.components(separatedBy: "\n"), b = now.components(separatedBy: "\n")
        let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(a.count == b.count && first == nil,
                "line \((first?.offset ?? min(a.count, b.count)) + 1): captured '\(first?.element.0 ?? "")', now '\(first?.element.1 ?? "")'")
    }
}

extension ElectrolyteKeysTests {
    func write(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("\(name).toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `text` without the lines of `table` (header to the next table).
    func dropping(_ table: String, from text: String) -> String {
        var out: [String] = [], skipping = false
        for l in text.components(separatedBy: "\n") {
            if l.hasPrefix("[") { skipping = l.hasPrefix("[\(table)]") }
            if !skipping { out.append(l) }
        }
        return out.joined(separator: "\n")
    }

    @Test func everyMissingKeyIsNamedInOneError() throws {
        var text = try String(contentsOfFile: Fixtures.models.electrolytePath("CMP"), encoding: .utf8)
        text = dropping("transport", from: text)
        text = text.components(separatedBy: "\n").filter { !$0.hasPrefix("oxidation_limit_V") }.joined(separator: "\n")
        let path = try write(text, "CMP")
        #expect { try ElectrolyteFile.load(path: path) } throws: { e in
            let s = "\(e)"
            return s.hasPrefix(path + ": 7 keys are missing: ") && s.contains("transport.thickness_um")
                && s.contains("transport.diffusivity_activation_energy_kJ_mol") && s.contains("stability.oxidation_limit_V")
        }
    }

    @Test func agingAndShortMayBeLeftToTheFamilyDefaults() throws {
        let full = try String(contentsOfFile: Fixtures.models.electrolytePath("PPSE"), encoding: .utf8)
        let path = try write(dropping("short", from: dropping("aging", from: full)), "PPSE")
        let e = try ElectrolyteFile.load(path: path)
        let shipped = try Fixtures.models.electrolyte("PPSE")
        #expect(e.conductivity == shipped.conductivity && e.transferenceNumber == shipped.transferenceNumber)
        // polymer defaults: CE_Li 0.998 (normal ± 0.002), contact loss 5e-5 per cycle (lognormal ×/÷ 3), no short.
        #expect(abs(e.aging.lithiumInefficiency - 0.002) < 1e-15)
        #expect(e.aging.contactLossRate == 5e-5 / 2)
        #expect(e.shortLaw.referenceTime_s == .infinity)
        let priors = try ElectrolyteFile.priors(path: path)
        #expect(priors["aging.lithium_coulombic_efficiency"] == ParameterPrior(kind: .normal, spread: 0.002))
        #expect(priors["aging.contact_loss_per_cycle"] == ParameterPrior(kind: .lognormal, spread: 3))
        // Every key of the two dropped tables that may be left out took its default: 27 (18 before the failure and
        // current-exponent keys).
        let leftOut = ElectrolyteKeys.all.filter { k in
            guard ["short", "aging"].contains(k.table), case .familyDefault = k.absent else { return false }
            return true
        }
        #expect(leftOut.count == 27)
        // (Besides the keys the shipped file itself leaves to their defaults, e.g. the interphase activation energies.)
        let shippedDefaults = try Set(ElectrolyteFile.familyDefaulted(path: Fixtures.models.electrolytePath("PPSE")))
        #expect(try Set(ElectrolyteFile.familyDefaulted(path: path)) == Set(leftOut.map(\.path)).union(shippedDefaults))
        // An unknown family has no defaults: the keys are named.
        let odd = try write(dropping("aging", from: full).replacingOccurrences(of: "family = \"polymer\"", with: "family = \"glassy\""), "PPSE")
        #expect { try ElectrolyteFile.load(path: odd) } throws: { "\($0)".contains("family is 'glassy'") }
    }

    @Test func refitKeepsTheKeysPrior() {
        let line = #"contact_loss_per_cycle = { value = 1e-4, prior = "lognormal", spread = 3.0, source = "prior: family default (assumed)" }   # per cycle"#
        #expect(ModelFileWriter.priorFields(line) == #"prior = "lognormal", spread = 3.0"#)
        #expect(ModelFileWriter.priorFields(#"x = { value = 1, source = "prior: family default (a)" }"#) == nil)
    }

    /// Every fittable key of the table is in the registry and converts lab ↔ SI both ways.
    @Test func registryRoundTripsEveryFittableKey() throws {
        let e = try Fixtures.models.electrolyte("CMP-VAMMT")
        for k in FitParameterRegistry.all {
            guard let v = k.get(e), v.isFinite, v != 0 else { continue }
            var copy = e
            k.set(&copy, v * 1.1)
            #expect(abs(try #require(k.get(copy)) / (v * 1.1) - 1) < 1e-12, "\(k.key)")
        }
    }
}
