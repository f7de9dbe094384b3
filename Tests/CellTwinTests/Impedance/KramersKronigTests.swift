import Foundation
import Testing
@testable import CellTwin

@Suite("Kramers–Kronig (lin-KK)")
struct KramersKronigTests {
    /// The rows of `linkk.csv` for one spectrum: impedance.py's M, μ, data, fit and residuals.
    struct Reference {
        var m = 0, mu = 0.0
        var spectrum = ImpedanceSpectrum(frequencies_Hz: [], impedances_ohm: [])
        var fit: [Complex] = [], residualsReal: [Double] = [], residualsImaginary: [Double] = []
    }

    static func reference(_ name: String) throws -> Reference {
        var r = Reference()
        for row in try ImpedancePyFixtures.rows("linkk.csv") where row[0] == name {
            let v = row.dropFirst().map { Double($0)! }
            r.m = Int(v[0]); r.mu = v[1]
            r.spectrum.frequencies_Hz.append(v[2]); r.spectrum.impedances_ohm.append(Complex(v[3], v[4]))
            r.fit.append(Complex(v[5], v[6])); r.residualsReal.append(v[7]); r.residualsImaginary.append(v[8])
        }
        return r
    }

    @Test("test(startPerDecade: 0) gives impedance.py's linKK: M, μ, fit and residuals",
          arguments: ["exampleData", "exampleData-cap", "RC", "RC-corrupted"])
    func matchesImpedancePy(name: String) throws {
        let ref = try Self.reference(name)
        #expect(ref.spectrum.count > 40)
        let kk = try KramersKronig.test(ref.spectrum, addCapacitance: name.hasSuffix("-cap"))
        #expect((kk.capacitance_F != nil) == name.hasSuffix("-cap"))
        #expect(kk.rcCount == ref.m)
        #expect(abs(kk.mu - ref.mu) < 1e-6, "μ \(kk.mu) vs \(ref.mu)")
        for k in 0..<ref.spectrum.count {
            #expect(close(kk.fitted.impedances_ohm[k], ref.fit[k], rel: 1e-7), "\(name) point \(k)")
            #expect(abs(kk.residualsReal[k] - ref.residualsReal[k]) < 1e-8)
            #expect(abs(kk.residualsImaginary[k] - ref.residualsImaginary[k]) < 1e-8)
        }
    }

    @Test("check: a synthetic R–RC–RC spectrum (9 decades) within 1 %; raising one point's Z′ by 10 % is flagged there")
    func syntheticAndCorrupted() throws {
        let circuit = try Circuit("R0-p(R1,C1)-p(R2,C2)")
        let f = ImpedanceSpectrum.logFrequencies(maximum_Hz: 1e6, minimum_Hz: 1e-3, perDecade: 8)
        let clean = circuit.spectrum(frequencies_Hz: f, parameters: [10, 40, 1e-5, 60, 1e-2])
        let good = try KramersKronig.check(clean)
        #expect(good.maximumResidual < 0.01, "\(good.summary)")
        #expect(good.rcCount >= 27) // starts at 3 per decade
        #expect(!good.exceedsThreshold)
        #expect(!good.summary.contains("above"))
        // impedance.py's own rule stops at M = 6 on this spectrum and leaves far larger residuals.
        #expect(try KramersKronig.test(clean).maximumResidual > 0.1)
        var corrupted = clean
        corrupted.impedances_ohm[30].re *= 1.10
        let bad = try KramersKronig.check(corrupted)
        #expect(bad.exceedsThreshold, "\(bad.summary)")
        #expect(bad.worstFrequency_Hz == f[30])
        #expect(bad.summary.contains("above 1 %"))
    }

    @Test("check on the shipped spectra: impedance.py's battery example within 1 % (with its series C); the Li|Li spectra run")
    func shippedSpectra() throws {
        let root = Fixtures.packageRoot.appendingPathComponent("Calibration/external")
        let example = try ImpedanceFile(path: root.appendingPathComponent("impedance-py/exampleData.csv").path)
        let kk = try KramersKronig.check(example.spectra[0].spectrum)
        #expect(kk.maximumResidual < 0.01, "\(kk.summary)")
        #expect(kk.capacitance_F != nil)
        let mpt = try ImpedanceFile(path: root.appendingPathComponent("impedance-py/exampleDataBioLogic.mpt").path)
        let kkMPT = try KramersKronig.check(mpt.spectra[0].spectrum)
        #expect(kkMPT.maximumResidual.isFinite && kkMPT.rcCount >= 1)
        let lili = try ImpedanceFile(path: root.appendingPathComponent(
            "datalab-li-li/jr862_11_08_23_insitu-impedance-LiLi_1MLiTFSI_TEGDME-1mA_02_GEIS_C05.mpr").path)
        #expect(lili.spectra.count == 45)
        var worst = 0.0
        for s in lili.spectra {
            let r = try KramersKronig.check(s.spectrum)
            #expect(r.maximumResidual.isFinite && r.rcCount >= 1, "spectrum \(s.index)")
            worst = max(worst, r.maximumResidual)
        }
        print("Li|Li spectra: largest KK residual \(worst); exampleData: \(kk.summary); BioLogic example: \(kkMPT.summary)")
    }

    @Test("bad points are refused with the point number: zero frequency, NaN impedance, fewer than 3 points")
    func badInput() {
        let ok = ImpedanceSpectrum(frequencies_Hz: [100, 10, 1], impedances_ohm: [Complex(1, -0.1), Complex(2, -1), Complex(3, -0.5)])
        var zeroF = ok; zeroF.frequencies_Hz[1] = 0
        #expect(throws: KramersKronig.Failure.invalidPoint(index: 1, frequency_Hz: 0, reason: "the frequency must be positive")) {
            try KramersKronig.test(zeroF)
        }
        var nan = ok; nan.impedances_ohm[2] = Complex(.nan, 0)
        #expect((try? KramersKronig.test(nan)) == nil)
        let two = ImpedanceSpectrum(frequencies_Hz: [100, 10], impedances_ohm: [Complex(1, -0.1), Complex(2, -1)])
        #expect(throws: KramersKronig.Failure.tooFewPoints(2)) { try KramersKronig.test(two) }
    }

    @Test("LinearLeastSquares: exact solution of a square system, min-norm with a zero column, wide systems")
    func linearLeastSquares() throws {
        // 2x + y = 5, x − y = 1 → x = 2, y = 1.
        let x = try LinearLeastSquares.solve([2, 1, 1, -1], rows: 2, columns: 2, [5, 1])
        #expect(abs(x[0] - 2) < 1e-14 && abs(x[1] - 1) < 1e-14)
        // A zero column gets a zero coefficient; the fit of y = 3t on t = 1, 2, 3.
        let y = try LinearLeastSquares.solve([1, 0, 2, 0, 3, 0], rows: 3, columns: 2, [3, 6, 9])
        #expect(abs(y[0] - 3) < 1e-14 && y[1] == 0)
        // One equation x + y = 2: the minimum-norm solution is (1, 1).
        let w = try LinearLeastSquares.solve([1, 1], rows: 1, columns: 2, [2])
        #expect(abs(w[0] - 1) < 1e-14 && abs(w[1] - 1) < 1e-14)
    }
}
