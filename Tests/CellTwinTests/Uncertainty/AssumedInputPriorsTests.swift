import Foundation
import Testing
@testable import CellTwin

/// The priors of a model file's assumed geometry (``AssumedInputPriors``, DOMAIN B §9).
@Suite struct AssumedInputPriorsTests {
    /// Only a source that starts with "assumed" marks an assumption; a study's stated value or a fit does not.
    @Test func anAssumptionIsASourceThatSaysSo() {
        #expect(AssumedInputPriors.isAssumption("assumed: typical cast membrane"))
        #expect(AssumedInputPriors.isAssumption("  Assumed 100 um"))
        #expect(!AssumedInputPriors.isAssumption("gao2024: 120 um, stated"))
        #expect(!AssumedInputPriors.isAssumption("fit: celltwin calibrate (assumed protocol)"))
    }

    /// A file whose thickness is assumed and already carries a prior keeps its own; a file without assumptions gets none.
    @Test func aKeyWithItsOwnPriorKeepsIt() throws {
        let dir = try FitFixtures.tempDir()
        let path = dir.appendingPathComponent("E.toml").path
        try """
            [transport]
            thickness_um = { value = 80, prior = "lognormal", spread = 1.1, source = "assumed: cast membrane" }
            [reference_cell]
            cathode_loading_mg_cm2 = { value = 2, source = "assumed: lab coin cell" }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let p = try AssumedInputPriors.priors(path: path)
        #expect(Set(p.keys) == ["reference_cell.cathode_loading_mg_cm2"])
        #expect(p["reference_cell.cathode_loading_mg_cm2"]?.prior == ParameterPrior(kind: .lognormal, spread: 1.4))
    }

    /// Geometry a model file labels "assumed" joins the band as a prior (CPCSE: thickness and loading assumed, cheng2023
    /// states neither); geometry the study states carries none (ANP-C-2.0K: gao2024's 120 µm and 1.0 mg/cm²). A moved
    /// loading reaches a cell on its study's loading, not one whose loading the user gave.
    @Test func assumedGeometryIsCarriedAsPriors() throws {
        let thickness = "transport.thickness_um", loading = "reference_cell.cathode_loading_mg_cm2"
        let assumed = try AssumedInputPriors.priors(path: Fixtures.models.electrolytePath("CPCSE"))
        #expect(Set(assumed.keys) == [thickness, loading])
        #expect(try AssumedInputPriors.priors(path: Fixtures.models.electrolytePath("ANP-C-2.0K")).isEmpty)
        let e = try Fixtures.models.electrolyte("CPCSE")
        let u = try FitCovarianceFile.uncertainty(path: Fixtures.models.electrolytePath("CPCSE"), electrolyte: e)
        let k = try #require(u.parameters.firstIndex { $0.key == thickness })
        #expect(u.parameters[k].origin == .prior && abs(u.covariance[k][k] - pow(log(1.25), 2)) < 1e-12)
        #expect(u.parameters.contains { $0.key == loading })
        let j = try #require(u.parameters.firstIndex { $0.key == loading })
        var z = [Double](repeating: 0, count: u.count)
        z[j] = log(1.4)
        let moved = u.electrolyte(e, offset: z)
        let cathode = try Fixtures.models.cathode("LFP")
        let study = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP")
        let given = try Fixtures.design(electrolyte: "CPCSE", cathode: "LFP", loading_mg_cm2: 5)
        #expect(abs(SimulationBands.design(study, baseCathode: cathode, electrolyte: moved).cathodeLoading_kg_m2
                    / study.cathodeLoading_kg_m2 - 1.4) < 1e-9)
        #expect(SimulationBands.design(given, baseCathode: cathode, electrolyte: moved).cathodeLoading_kg_m2 == given.cathodeLoading_kg_m2)
    }
}
