import Foundation
import Testing
@testable import CellTwin

/// `[[spectrum]]` tables: a Li|E|Li impedance spectrum as calibration data (two `impedance_spectrum` rows per
/// frequency), fitted with the symmetric-cell impedance model.
@Suite struct SpectrumSourceTests {
    let library = Fixtures.models
    static let temperature = "temperature_C = { value = 60, source = \"synthetic: made by the model at 60 °C\" }"
    static let mpr = CyclerFixtures.path("datalab-li-li/jr862_11_08_23_insitu-impedance-LiLi_1MLiTFSI_TEGDME-1mA_02_GEIS_C05.mpr")

    /// Writes `fit.toml` (and nothing else) into `dir`; returns its path.
    func writeSetup(_ body: String, in dir: URL, electrolyte: String = "HE-PEIgPHE") throws -> String {
        let path = dir.appendingPathComponent("fit-\(UUID().uuidString).toml").path
        try "electrolyte = \"\(electrolyte)\"\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The spectrum of the shipped HE-PEIgPHE model with σ, i₀, t₊ and D changed, 0.1 Hz–1 MHz at 5 points per decade,
    /// ±1 % deterministic noise on Re and Im, written as a three-column CSV and fitted back from starts a factor 2
    /// (t₊: 0.2) away.
    ///
    /// The membrane is taken 20 µm thick ([assumptions]): with the shipped 100 µm the salt's finite-length Warburg
    /// (τ_W = L²/4D ≈ 800 s) lies far below 0.1 Hz, where the spectrum shows only its semi-infinite branch
    /// Z ≈ R_D/√(jωτ_W) ∝ (1 − t₊)/t₊·√D/σ, so t₊ and D would be known only as that product. At 20 µm and
    /// D = 2·10⁻¹¹ m²/s, τ_W = 5 s: the Warburg closes inside the band and fixes R_D (hence t₊ from R_D/R_b) and τ_W
    /// (hence D) apart. The interface ASR RT/(F i₀) + ASR_SEI is identified as a sum; i₀ is fitted with the film
    /// ASR held at its shipped value (fitting both would leave their split undetermined).
    @Test func syntheticSpectrumRecoversTransportAndInterface() throws {
        let dir = try FitFixtures.tempDir()
        let free: [(key: String, truth: Double, start: Double)] = [
            ("conductivity.sigma_S_cm", 3e-4, 6e-4),
            ("lithium_interface.exchange_current_mA_cm2", 5, 10),
            ("transport.transference_number", 0.4, 0.6),
            ("transport.diffusivity_m2_s", 2e-11, 4e-11),
        ]
        var toml = "[assumptions]\nthickness_um = { value = 20, source = \"synthetic: thin membrane\" }\n\n"
        toml += "[[spectrum]]\nfile = \"spectrum.csv\"\n\(Self.temperature)\n\n"
        for p in free { toml += "[[free]]\nkey = \"\(p.key)\"\ninitial = \(p.start)\n\n" }
        let path = try writeSetup(toml, in: dir)
        // The true spectrum, with the set-up's geometry (the set-up needs its file to exist before it is written).
        try "".write(to: dir.appendingPathComponent("spectrum.csv"), atomically: true, encoding: .utf8)
        let setup = try FitSetup.load(path: path)
        var truth = setup.applyingAssumptions(to: try library.electrolyte("HE-PEIgPHE"))
        for p in free { try #require(FitParameterRegistry.key(p.key)).set(&truth, p.truth) }
        let cell = try CellImpedanceModel.symmetric(electrolyte: truth, temperature_K: Units.kelvin(celsius: 60))
        let spectrum = cell.spectrum(frequencies_Hz: ImpedanceSpectrum.logFrequencies(maximum_Hz: 1e6, minimum_Hz: 0.1, perDecade: 5))
        #expect(spectrum.count == 36)
        var csv = ""
        for (k, z) in spectrum.impedances_ohm.enumerated() {
            csv += String(format: "%.10g,%.10g,%.10g\n", spectrum.frequencies_Hz[k], z.re * FitFixtures.noise(k), z.im * FitFixtures.noise(k + 3))
        }
        try csv.write(to: dir.appendingPathComponent("spectrum.csv"), atomically: true, encoding: .utf8)

        let r = try Calibrator.run(setupPath: path, library: library)
        #expect(r.points.count == 72)
        #expect(r.points.allSatisfy { $0.kind == "impedance_spectrum" && $0.tolerance == "2 % of |Z|" && $0.frequency_Hz != nil })
        for p in free { FitFixtures.expectRecovered(r, p.key, p.truth) }
        #expect(r.conflicts.isEmpty)
        // The report draws one Nyquist and one Bode plot for the spectrum.
        #expect(CalibrationReport.charts(r).map(\.0) == ["impedance_spectrum-1.svg", "impedance_spectrum-1-bode.svg"])
        // The Kramers–Kronig check ran before the fit and is reported: ±1 % noise gives residuals of that order.
        let check = try #require(r.spectrumChecks.first)
        #expect(r.spectrumChecks.count == 1 && check.label == "spectrum[1]" && check.file == "spectrum.csv")
        #expect(check.kramers_kronig.max_residual > 0.001 && check.kramers_kronig.max_residual < 0.03, "\(check.text)")
        #expect(r.warnings.contains(check.text) == check.aboveThreshold)
        #expect(CalibrationReport.table(r).contains(check.text) && CalibrationReport.markdown(r).contains("## Spectra"))
    }

    /// The datalab Li|Li GEIS `.mpr` (45 spectra × 9 frequencies, 500 Hz → 0.8 Hz) through `[[spectrum]]` and the
    /// calibrate inputs path.
    @Test func biologicMPRSpectraBecomeRows() throws {
        let dir = try FitFixtures.tempDir()
        func rows(index: Int) throws -> [MeasurementRow] {
            let path = try writeSetup("""
                [[free]]
                key = "conductivity.sigma_S_cm"
                [[spectrum]]
                file = "\(Self.mpr)"
                index = \(index)
                temperature_C = { value = 25, source = "datalab: room temperature (assumed)" }
                source = "datalab"
                """, in: dir)
            let inputs = try Calibrator.inputs(setupPath: path, library: library)
            #expect(inputs.setup.dataFiles.isEmpty && inputs.setup.spectra.count == 1)
            #expect(inputs.setup.assumptions.contains { $0.name == "spectrum[1].temperature_C" && $0.text == "25" })
            let points = FitPointBuilder.build(rows: inputs.rows, setup: inputs.setup)
            #expect(points.points.count == 18 && points.unfitted.isEmpty)
            #expect(points.points.allSatisfy { $0.kind == .impedance && ($0.modulus_ohm ?? 0) >= abs($0.measured) })
            return inputs.rows
        }
        for index in [1, 45] {
            let r = try rows(index: index)
            #expect(r.count == 18)
            #expect(r.allSatisfy { $0.kind == "impedance_spectrum" && $0.unit == "ohm" && $0.source == "datalab" && $0.temperature_C == 25 })
            #expect(r.map(\.quantity) == Array(repeating: ["Z_real", "Z_imag"], count: 9).flatMap { $0 })
            let f = r.compactMap(\.frequency_Hz)
            #expect(f.count == 18 && zip(f, f.dropFirst(2)).allSatisfy { $0 > $1 })
            #expect(abs(f[0] - 500.16) < 0.01 && abs(f[17] - 0.80) < 0.005, "\(f)")
            // Im Z signed: the capacitive points of this spectrum are negative.
            #expect(r.filter { $0.quantity == "Z_imag" }.contains { ($0.value ?? 0) < 0 })
            // Rows are located at the file's records (9 per spectrum, in order).
            #expect(r[0].line == r[1].line && r[2].line == r[0].line + 1 && r[0].file == Self.mpr)
        }
        let first = try rows(index: 1)
        #expect(abs((first[0].value ?? 0) - 203.13) < 0.005, "\(first[0])")
    }

    @Test func badSpectraNameFileAndKey() throws {
        let dir = try FitFixtures.tempDir()
        let spectrum = ImpedanceSpectrum.logFrequencies(maximum_Hz: 1e5, minimum_Hz: 1, perDecade: 1)
        try spectrum.map { "\($0),\(10 + 1 / $0),\(-1 / $0)" }.joined(separator: "\n")
            .write(to: dir.appendingPathComponent("z.csv"), atomically: true, encoding: .utf8)
        func load(_ table: String) throws -> InputError {
            let fit = try writeSetup("[[free]]\nkey = \"conductivity.sigma_S_cm\"\n[[spectrum]]\n\(table)\n", in: dir)
            let e = try #require(throws: InputError.self) { try Calibrator.inputs(setupPath: fit, library: library) }
            #expect(e.file == fit, "\(e)")
            return e
        }
        let unknown = try load("file = \"z.csv\"\n\(Self.temperature)\ncycle = 2")
        #expect(unknown.key == "spectrum[1].cycle", "\(unknown)")
        #expect(unknown.message.contains("unknown key"))
        let missing = try load("file = \"nowhere.mpr\"\n\(Self.temperature)")
        #expect(missing.key?.hasSuffix("file") == true && missing.message.contains("nowhere.mpr"), "\(missing)")
        let index = try load("file = \"\(Self.mpr)\"\nindex = 46\n\(Self.temperature)")
        #expect(index.key == "spectrum[1].index" && index.message.contains("no spectrum 46") && index.message.contains("1–45"), "\(index)")
        let band = try load("file = \"z.csv\"\n\(Self.temperature)\nmin_frequency_Hz = 5e3")
        #expect(band.key == "spectrum[1].min_frequency_Hz" && band.message.contains("2 of the 6 points"), "\(band)")
        let unlabelled = try load("file = \"z.csv\"\ntemperature_C = 60")
        #expect(unlabelled.key?.hasSuffix("temperature_C") == true, "\(unlabelled)")
        // A data file ImpedanceFile cannot read is named itself.
        try "f,Re,Im\n1,2\n".write(to: dir.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
        let fit = try writeSetup("[[free]]\nkey = \"conductivity.sigma_S_cm\"\n[[spectrum]]\nfile = \"bad.csv\"\n\(Self.temperature)\n", in: dir)
        let bad = try #require(throws: InputError.self) { try Calibrator.inputs(setupPath: fit, library: library) }
        #expect(bad.file.hasSuffix("bad.csv"), "\(bad)")
    }
}
