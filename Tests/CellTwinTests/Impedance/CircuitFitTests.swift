import Foundation
import Testing
@testable import CellTwin

@Suite("Impedance circuit fitting")
struct CircuitFitTests {
    static let external = Fixtures.packageRoot.appendingPathComponent("Calibration/external")
    static let exampleData = external.appendingPathComponent("impedance-py/exampleData.csv").path
    static let lili = external.appendingPathComponent("datalab-li-li/LiLi_GEIS_derived_from_mpr.csv").path

    /// impedance.py's Getting started page (ECSHackWeek/impedance.py, docs/source/getting-started.rst, Step 5):
    /// exampleData.csv without the Im(Z) > 0 points, circuit R0-p(R1,C1)-p(R2-Wo1,C2), initial guess
    /// [.01, .01, 100, .01, .05, 100, 1], fits to R0 = 1.65e-02, R1 = 8.68e-03, C1 = 3.32e+00, R2 = 5.39e-03,
    /// Wo1_0 = 6.31e-02, Wo1_1 = 2.33e+02, C2 = 2.20e-01.
    static let published: [(String, Double)] = [
        ("R0", 1.65e-2), ("R1", 8.68e-3), ("C1", 3.32), ("R2", 5.39e-3), ("Wo1_0", 6.31e-2), ("Wo1_1", 2.33e2), ("C2", 0.220),
    ]

    @Test("exampleData.csv reproduces impedance.py's published fit: six parameters to 1 %, τ of Wo1 to 2.5 %")
    func impedancePyGoldenFit() throws {
        let file = try ImpedanceFile(path: Self.exampleData)
        let all = try file.spectrum().spectrum
        #expect(all.count == 66)
        let data = all.capacitivePoints()
        #expect(data.count == 57) // the last 9 rows are inductive
        let circuit = try Circuit("R0-p(R1,C1)-p(R2-Wo1,C2)")
        let fit = try CircuitFit.fit(circuit, to: data, initial: [0.01, 0.01, 100, 0.01, 0.05, 100, 1])
        #expect(fit.parameters.map(\.name) == Self.published.map(\.0))
        for (p, (name, value)) in zip(fit.parameters, Self.published) {
            // Wo1_1 (τ): the published 2.33e2 is where SciPy's curve_fit stops on its default xtol/gtol (1e-8) in a
            // flat valley of Z₀ against τ; the minimum (SciPy with xtol = gtol = 1e-15 finds it too) is τ = 237.85 s,
            // Z₀ = 6.370e-2 Ω, with a lower χ² (checked below). Every other value matches to 1 %.
            let tolerance = name == "Wo1_1" ? 0.025 : 0.01
            #expect(abs(p.value / value - 1) < tolerance, "\(name): fitted \(p.value), published \(value)")
            let se = try #require(p.standardError)
            #expect(se > 0 && se < 0.2 * p.value)
            // The published value lies inside the fit's 95 % interval.
            #expect(try #require(p.interval).contains(value), "\(name): \(value) outside \(String(describing: p.interval))")
        }
        #expect(abs(try #require(fit.value("Wo1_1")) / 237.847 - 1) < 1e-3)
        let published = circuit.spectrum(frequencies_Hz: data.frequencies_Hz, parameters: Self.published.map(\.1))
        let chi2Published = zip(published.impedances_ohm, data.impedances_ohm).reduce(0.0) { s, p in
            let d = p.0 - p.1
            return s + d.re * d.re + d.im * d.im
        }
        #expect(fit.chiSquare < chi2Published)
        #expect(abs(fit.chiSquare / 1.94275e-5 - 1) < 1e-3) // SciPy's converged χ²
        #expect(fit.points == 57)
        #expect(fit.leastSquares.nonIdentifiable.isEmpty)
    }

    @Test("automatic initial guesses fit exampleData.csv at least as well as impedance.py's guess")
    func automaticGuess() throws {
        let data = try ImpedanceFile(path: Self.exampleData).spectrum().spectrum.capacitivePoints()
        let circuit = try Circuit("R0-p(R1,C1)-p(R2-Wo1,C2)")
        let guided = try CircuitFit.fit(circuit, to: data, initial: [0.01, 0.01, 100, 0.01, 0.05, 100, 1])
        let automatic = try CircuitFit.fit(circuit, to: data)
        #expect(automatic.chiSquare <= guided.chiSquare * 1.0001,
                "automatic χ² \(automatic.chiSquare) vs guided \(guided.chiSquare)")
        #expect(abs(try #require(automatic.value("R0")) / 1.65e-2 - 1) < 0.01) // the series resistance is unambiguous
    }

    @Test("a simulated spectrum is fitted back to its own parameters, unit and modulus weighting",
          arguments: ImpedanceWeighting.allCases)
    func fitsOwnModel(weighting: ImpedanceWeighting) throws {
        let circuit = try Circuit("R0-p(R1,CPE1)-Ws1")
        let truth = [12.0, 80.0, 2e-5, 0.88, 30.0, 5.0]
        let spectrum = circuit.spectrum(frequencies_Hz: ImpedanceSpectrum.logFrequencies(), parameters: truth)
        let fit = try CircuitFit.fit(circuit, to: spectrum, initial: [10, 50, 1e-5, 0.8, 10, 1], weighting: weighting)
        for (v, t) in zip(fit.values, truth) { #expect(abs(v / t - 1) < 1e-6) }
    }

    @Test("a Li‖Li spectrum (BioLogic GEIS) fits R0-p(R1,CPE1)-W1 with a finite, positive interface resistance")
    func lithiumSymmetricFit() throws {
        let file = try ImpedanceFile(path: Self.lili)
        for index in [1, 45] {
            let spectrum = try file.spectrum(index).spectrum
            // 500 Hz–0.8 Hz: the low-frequency end of the interface arc, then a diffusion tail.
            let fit = try CircuitFit.fit(try Circuit("R0-p(R1,CPE1)-W1"), to: spectrum)
            let r1 = try #require(fit.value("R1"))
            #expect(r1.isFinite && r1 > 0, "spectrum \(index): R1 = \(r1)")
            let r0 = try #require(fit.value("R0"))
            #expect(r0 > 0 && r0 + r1 < (spectrum.real_ohm.max() ?? 0))
            let alpha = try #require(fit.value("CPE1_1"))
            #expect(alpha > 0.3 && alpha <= 1)
            #expect(fit.parameters.allSatisfy { $0.standardError.map { $0.isFinite && $0 > 0 } ?? true })
            // The model follows the data to a few per cent of |Z|.
            let rms = (fit.chiSquare / Double(2 * spectrum.count)).squareRoot()
            #expect(rms < 0.05 * (spectrum.modulus_ohm.max() ?? 1), "spectrum \(index): rms \(rms) Ω")
        }
    }

    @Test("wrong number of initial values and too few points are clear errors")
    func badInput() throws {
        let c = try Circuit("R0-p(R1,CPE1)")
        let s = c.spectrum(frequencies_Hz: [1, 10, 100], parameters: [1, 2, 1e-3, 0.9])
        #expect(throws: CircuitFitError.initialCount(circuit: "R0-p(R1,CPE1)", expected: 4, got: 2,
                                                     names: ["R0", "R1", "CPE1_0", "CPE1_1"])) {
            try CircuitFit.fit(c, to: s, initial: [1, 2])
        }
        let tiny = ImpedanceSpectrum(frequencies_Hz: [1], impedances_ohm: [Complex(1, -1)])
        #expect(throws: CircuitFitError.self) { try CircuitFit.fit(c, to: tiny) }
        #expect(throws: NonlinearLeastSquaresError.self) { try CircuitFit.fit(c, to: s, initial: [1, -2, 1e-3, 0.9]) }
    }
}
