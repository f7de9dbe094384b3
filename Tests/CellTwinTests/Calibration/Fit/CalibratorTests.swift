import Foundation
import Testing
@testable import CellTwin

/// The calibration driver on closed-form data: exact rows fitted back exactly, too few points refused, solver settings.
@Suite struct CalibratorTests {
    /// σ rows of an Arrhenius law (σ₂₅ = 7e-4 S/cm, E_a = 35 kJ/mol) at 0…100 °C, without noise.
    static func rows() throws -> [MeasurementRow] {
        let law = Arrhenius(referenceValue: 7e-4, activationEnergy_J_mol: 35_000, referenceTemperature_K: 298.15)
        let lines = [0.0, 25, 50, 75, 100].map { t in
            FitFixtures.row("CPCSE", "conductivity", t: t, quantity: "sigma", value: law.value(at: Units.kelvin(celsius: t)), unit: "S/cm")
        }
        return try MeasurementTable.parse(text: ([FitFixtures.header] + lines).joined(separator: "\n") + "\n", path: "sigma.csv")
    }

    static func setup(free: [String]) throws -> FitSetup {
        var s = FitSetup(evaluating: "CPCSE", defaultTemperature_C: nil)
        s.free = try free.map { FreeParameter(key: try #require(FitParameterRegistry.key($0)), initial: nil, lower: nil, upper: nil) }
        return s
    }

    @Test("exact Arrhenius rows: σ at the law's reference temperature and E_a come back, χ² ≈ 0, no simulation, few iterations")
    func exactRowsAreFittedBack() throws {
        var base = try Fixtures.models.electrolyte("CPCSE")
        // The model file's law at 25 °C, so that σ_S_cm is σ₂₅.
        ElectrolyteKeys.key("conductivity.reference_temperature_C")?.set(&base, 25)
        let r = try Calibrator.run(setup: try Self.setup(free: ["conductivity.sigma_S_cm", "conductivity.activation_energy_kJ_mol"]),
                                   base: base, rows: try Self.rows(), cathodes: [:], anode: try Fixtures.models.lithiumAnode())
        #expect(abs(r.parameters[0].value / 7e-4 - 1) < 1e-6 && abs(r.parameters[1].value / 35 - 1) < 1e-6, "\(r.parameters.map(\.value))")
        #expect(r.chiSquare < 1e-12 && r.simulations == 0 && r.iterations <= 50 && r.degreesOfFreedom == 3)
        #expect(r.points.count == 5 && r.points.allSatisfy { abs($0.residual) < 1e-5 } && r.conflicts.isEmpty)
        #expect(abs(r.activationTemperature_C - 50) < 1e-9)
    }

    @Test("more free parameters than points and priors is refused, naming the keys and the unusable rows")
    func tooFewPoints() throws {
        let one = Array(try Self.rows().prefix(1)) + [try #require(try MeasurementTable.parse(
            text: FitFixtures.header + "\n" + FitFixtures.row("CPCSE", "glass_transition", quantity: "Tg", value: -40, unit: "C") + "\n",
            path: "sigma.csv").first)]
        #expect {
            try Calibrator.run(setup: try Self.setup(free: ["conductivity.sigma_S_cm", "conductivity.activation_energy_kJ_mol"]),
                               base: try Fixtures.models.electrolyte("CPCSE"), rows: one, cathodes: [:], anode: try Fixtures.models.lithiumAnode())
        } throws: {
            let s = "\($0)"
            return s.contains("2 free parameters (conductivity.sigma_S_cm, conductivity.activation_energy_kJ_mol) but only 1 data points")
                && s.contains("sigma.csv:2 (the model does not predict glass transition here)")
        }
    }

    @Test("solver settings: the set-up's starts, and central differences on each coordinate's typical size when a point is simulated")
    func solverOptions() throws {
        var setup = try Self.setup(free: [])
        setup.starts = 3
        let closed = try ObservationFixtures.build([FitFixtures.row("CPCSE", "conductivity", t: 25, quantity: "sigma", value: 1e-4, unit: "S/cm")]).points
        let simulated = try ObservationFixtures.build([FitFixtures.row("CPCSE", "symmetric_polarization", t: 30, current: 0.1, capacity: 0.1,
                                                                        quantity: "overpotential", value: 0.05, unit: "V")]).points
        let a = Calibrator.solverOptions(setup: setup, points: closed), b = Calibrator.solverOptions(setup: setup, points: simulated)
        #expect(a.starts == 3 && a.maxIterations == 200)
        #expect(b.finiteDifferenceStep == Calibrator.simulatedFiniteDifferenceStep && b.finiteDifferences == .central)
        #expect(b.finiteDifferenceScale == .typicalSize && a.finiteDifferenceScale == .value)
        // The step balances a central difference's truncation h²/6 and noise η/h (unit derivatives): h³ = 3η.
        let h = Calibrator.simulatedFiniteDifferenceStep, eta = FitModel.simulationRelativeTolerance
        #expect(abs(h * h * h / (3 * eta) - 1) < 1e-12)
        #expect(abs(h / 3 - eta / (h * h)) < 1e-12 * h)
    }

    /// A shipped twin's simulated fit (HE-PEIgPHE: t₊ with its transference row, the study's LFP diffusion time and
    /// NCM523 capacity with the rate-capability and cycling-capacity rows) with each explicit stepper at the fits'
    /// tolerance. Their simulated capacities differ by jumps up to ~5·rtol where an adaptive decision flips; the
    /// Jacobian's step (``Calibrator/simulatedFiniteDifferenceStep``) keeps those at ~5·rtol/h ≈ 2e-3 of a slope, so the
    /// standard errors and correlations agree within 1 % and 0.02 (a value-relative step of 1e-4 moved them by 6–9 %
    /// and swung t₊'s correlation with the LFP diffusion time between −0.38 and +0.35), the values within a tenth of one.
    @Test func standardErrorsDoNotDependOnTheStepper() throws {
        let path = fitFile("HE-PEIgPHE")
        let i = try Calibrator.inputs(setupPath: path, library: library)
        var setup = i.setup
        let keys = ["transport.transference_number", "electrodes.LFP.diffusion_time_s", "electrodes.NCM523.specific_capacity_mAh_g"]
        setup.free = setup.free.filter { keys.contains($0.key.key) }
        try #require(setup.free.count == keys.count)
        let rows = i.rows.filter { ["transference", "rate_capability", "cycling_capacity"].contains($0.kind) }
        let fits = try [ODEStepper.rkf45, .rkck].map {
            try Calibrator.run(setup: setup, base: i.base, rows: rows, cathodes: i.cathodes, anode: i.anode, stepper: $0)
        }
        #expect(fits[0].points.count == 8 && fits[0].degreesOfFreedom == 5)
        for (k, (a, b)) in zip(fits[0].parameters, fits[1].parameters).enumerated() {
            let sa = try #require(a.standard_error), sb = try #require(b.standard_error)
            #expect(abs(sb / sa - 1) < 0.01, "\(a.key): ± \(sa) (rkf45), ± \(sb) (rkck)")
            #expect(abs(a.value - b.value) < 0.1 * sa, "\(a.key): \(a.value) (rkf45), \(b.value) (rkck)")
            for j in 0..<k {
                #expect(abs(fits[0].correlation[k][j] - fits[1].correlation[k][j]) < 0.02,
                        "correlation of \(a.key) and \(keys[j]): \(fits[0].correlation[k][j]), \(fits[1].correlation[k][j])")
            }
        }
    }

    @Test("integration noise carried to each residual: rtol × |∂r/∂ln y| at the measured value, none for closed forms")
    func residualNoiseFollowsTheTolerance() throws {
        let points = try ObservationFixtures.build([
            FitFixtures.row("CPCSE", "coulombic_efficiency", t: 30, cathode: "LFP", cRate: 0.5, cycle: 100, quantity: "CE",
                            value: 0.994, unit: "fraction"),
            FitFixtures.row("CPCSE", "cycling_retention", t: 30, cathode: "LFP", cRate: 0.5, cycle: 100, quantity: "retention",
                            value: 0.9, unit: "fraction"),
            FitFixtures.row("CPCSE", "conductivity", t: 25, quantity: "sigma", value: 1e-4, unit: "S/cm"),
        ]).points
        #expect(points.map(\.kind) == [.coulombicEfficiency, .retention, .conductivity])
        let rtol = 1e-5
        let noise = Calibrator.residualNoise(points, relativeTolerance: rtol)
        // CE: r = ln((1 − y)/(1 − CE))/ln 1.2, |∂r/∂ln y| = y/((1 − y)·ln 1.2), ×909 at 0.994.
        #expect(abs(noise[0] / (rtol * 0.994 / (0.006 * log(1.2))) - 1) < 1e-6, "\(noise[0])")
        // Retention: r = (y − R)/0.03, |∂r/∂ln y| = y/0.03.
        #expect(abs(noise[1] / (rtol * points[1].measured / 0.03) - 1) < 1e-6, "\(noise[1])")
        #expect(noise[2] == 0)
        // Halving the tolerance halves the noise.
        #expect(zip(Calibrator.residualNoise(points, relativeTolerance: rtol / 2), noise).allSatisfy { abs($0 - $1 / 2) <= 1e-15 })
    }

    @Test("the lifetime Jacobian's step balances truncation and noise, h = √ε within its floor and ceiling")
    func lifetimeStepFromTheNoise() {
        #expect(abs(Calibrator.lifetimeStep(noise: [0, 9e-3, 1e-4]) - 9e-3.squareRoot()) < 1e-15)
        #expect(Calibrator.lifetimeStep(noise: [1e-6]) == Calibrator.lifetimeFiniteDifferenceStep)
        #expect(Calibrator.lifetimeStep(noise: []) == Calibrator.lifetimeFiniteDifferenceStep)
        #expect(Calibrator.lifetimeStep(noise: [0.5]) == Calibrator.lifetimeMaximumFiniteDifferenceStep)
        // The step follows the parameter: relative for a positive key, pointing into the domain of a bounded one.
        #expect(abs(Calibrator.forwardStep(200, .positive, h: 0.05) - 10) < 1e-12)
        #expect(Calibrator.forwardStep(0.99, .bounded(lower: 0, upper: 1), h: 0.05) < 0)
    }

    // MARK: - The shipped models are the output of their fit set-ups
    // The shipped electrolyte models are the output of their fit set-ups: re-running every
    // `Calibration/<ID>/fit.toml` (σ(T), t₊, the study's electrodes from rate capability, interface and short-law
    // and fade parameters where the set-up frees them; writing only to a temporary path) gives the values of the
    // fitted keys in the committed `Models/electrolytes/<ID>.toml`, and borrowed electrodes equal the sibling's,
    // so the models never drift from the data.

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
