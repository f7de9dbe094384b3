import Foundation
import Testing
@testable import CellTwin

/// The cathode files' pore structure and literature ranges (DOMAIN B §2.6), and the shipped twins' cathode side.
@Suite struct CathodeElectrodeFileTests {
    func writeTemp(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("LFP.toml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func shippedLFP() throws -> String {
        try String(contentsOf: Fixtures.models.directory.appendingPathComponent("cathodes/LFP.toml"), encoding: .utf8)
    }

    @Test("LFP: Prada2013's porosity and active fraction give a 15 µm electrode at 2 mg/cm² (DOMAIN B §2.6: 10–20 µm)")
    func lfpPoreStructure() throws {
        let c = try Fixtures.models.cathode("LFP")
        let g = try #require(c.poreGeometry)
        #expect(g.porosity == 0.426 && g.activeVolumeFraction == 0.374 && g.bruggemanExponent == 1.5)
        let thickness_um = g.thickness_m(loading_kg_m2: Units.kg_m2(mg_cm2: 2)) * 1e6
        #expect(abs(thickness_um - 14.85) < 0.01)
        let tau = try #require(c.literatureRanges["diffusion_time_s"])
        // The published spread τ_s = R_p²/D_s: R_p 52 nm (Prada2013) to 1 µm, D_s 1e-16 (Zhu & Wang 2010) to 1.8e-18 m²/s
        // (Prosini 2002); Prada2013's own cell, (5.22e-8 m)²/5.9e-18 m² s⁻¹ = 462 s, lies inside.
        #expect(abs(tau.lowerBound / (5.22e-8 * 5.22e-8 / 1e-16) - 1) < 0.01 && abs(tau.upperBound / (1e-12 / 1.8e-18) - 1) < 0.01)
        #expect(tau.contains(5.22e-8 * 5.22e-8 / 5.9e-18))
        // Every study's fitted LFP electrode lies inside it.
        for id in Fixtures.models.electrolyteIDs {
            guard let fitted = try Fixtures.models.electrolyte(id).referenceCell.electrodes["LFP"]?.diffusionTime_s else { continue }
            #expect(tau.contains(fitted), "\(id): τ_s = \(fitted) s")
        }
    }

    @Test("bad pore structure or range: the error names the file and the key")
    func badValuesNameTheKey() throws {
        let text = try shippedLFP()
        for (from, to, key) in [("porosity = { value = 0.426", "porosity = { value = 1.2", "porosity"),
                                ("active_volume_fraction = { value = 0.374", "active_volume_fraction = { value = 0.9", "active_volume_fraction"),
                                ("diffusion_time_s_max = { value = 5.56e5", "diffusion_time_s_max = { value = 10", "diffusion_time_s_max")] {
            #expect(text.contains(from))
            let path = try writeTemp(text.replacingOccurrences(of: from, with: to))
            do {
                _ = try CathodeFile.load(path: path)
                Issue.record("\(key): no error")
            } catch {
                let message = "\(error)"
                #expect(message.contains(key) && message.contains("LFP.toml"), "\(message)")
            }
        }
    }

    @Test("no shipped twin needs a cathode-side ASR above 100 Ω cm²: the pore electrolyte carries the rate loss")
    func shippedCathodeSideASR() throws {
        for id in Fixtures.models.electrolyteIDs {
            let e = try Fixtures.models.electrolyte(id)
            #expect(Units.ohm_cm2(ohm_m2: e.cathodeInterphaseASR_ohm_m2) <= 100, "\(id)")
        }
    }
}
