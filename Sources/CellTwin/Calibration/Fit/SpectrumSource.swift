import Foundation

/// A measured Li | E | Li impedance spectrum in a fit set-up (`[[spectrum]]`):
///
/// ```toml
/// [[spectrum]]
/// file = "../external/datalab-li-li/jr862_…_02_GEIS_C05.mpr"   # any file ImpedanceFile reads; relative to fit.toml
/// index = 1                                   # spectrum number in the file (cycle number / spectrum_index; default: the first)
/// temperature_C = { value = 25, source = "…" }   # the temperature of the measurement (required)
/// min_frequency_Hz = 0.1                      # optional band limits, Hz (inclusive)
/// max_frequency_Hz = 1e5
/// source = "datalab"                          # study tag of the rows (optional; default: the file name)
/// ```
///
/// Each frequency f of the band gives two `impedance_spectrum` rows at the data file's line (record) of that point:
/// `Z_real` and `Z_imag` (Ω, Z″ signed: negative for capacitive behaviour), with `frequency_Hz` = f. The fit
/// predicts them with ``CellImpedanceModel/symmetric(electrolyte:temperature_K:assumptions:)`` over the set-up's
/// electrode area.
public struct SpectrumSource: Sendable {
    /// Absolute path of the impedance file.
    public var file: String
    /// `spectrum[i]` in the fit file, for messages.
    public var label: String
    /// Spectrum number in the file (nil: the first spectrum).
    public var index: Int?
    /// °C.
    public var temperature_C: Double
    /// Band limits, Hz (nil: open).
    public var minimumFrequency_Hz: Double?
    public var maximumFrequency_Hz: Double?
    public var source: String?
    /// The temperature with its source.
    public var assumptions: [FitAssumption]

    public init(file: String, label: String = "spectrum", index: Int? = nil, temperature_C: Double,
                minimumFrequency_Hz: Double? = nil, maximumFrequency_Hz: Double? = nil, source: String? = nil,
                assumptions: [FitAssumption] = []) {
        self.file = file
        self.label = label
        self.index = index
        self.temperature_C = temperature_C
        self.minimumFrequency_Hz = minimumFrequency_Hz
        self.maximumFrequency_Hz = maximumFrequency_Hz
        self.source = source
        self.assumptions = assumptions
    }

    /// Measurement kind of the rows.
    public static let kind = "impedance_spectrum"
    /// Quantities of the two rows of a frequency.
    public static let realQuantity = "Z_real"
    public static let imaginaryQuantity = "Z_imag"

    static let keys: Set<String> = ["file", "index", "temperature_C", "min_frequency_Hz", "max_frequency_Hz", "source"]

    /// Reads one `[[spectrum]]` table; `directory` is the fit file's folder.
    static func load(_ s: Section, label: String, directory: URL) throws -> SpectrumSource {
        try s.rejectUnknownKeys(keys)
        let path = try HistorySource.dataFile(s, directory: directory)
        var assumptions: [FitAssumption] = []
        let temperature = try HistorySource.condition(s, "temperature_C", .closed(0...150), label: label, into: &assumptions)
        let low = try s.optionalNumber("min_frequency_Hz", .positive), high = try s.optionalNumber("max_frequency_Hz", .positive)
        if let low, let high, !(low < high) { throw s.error("max_frequency_Hz", "must exceed min_frequency_Hz") }
        return SpectrumSource(file: path, label: label, index: try s.optionalInt("index", min: 0), temperature_C: temperature,
                              minimumFrequency_Hz: low, maximumFrequency_Hz: high, source: try s.optionalString("source"),
                              assumptions: assumptions)
    }

    /// The rows of the spectrum for `electrolyteID`: two per frequency in the band, in file order. Errors reading the
    /// file name the data file; an index the file does not hold or a band with fewer than
    /// ``ImpedanceFile/minimumPoints`` points names the fit file and the key.
    public func rows(electrolyteID: String, fitFile: String) throws -> [MeasurementRow] {
        let data = try ImpedanceFile(path: file)
        let name = (file as NSString).lastPathComponent
        guard index == nil || data.spectra.contains(where: { $0.index == index }) else {
            let held = data.spectra.map(\.index)
            throw InputError(file: fitFile, key: "\(label).index",
                             message: "'\(name)' holds no spectrum \(index!); its spectra are numbered "
                                 + (held.count == 1 ? "\(held[0])" : "\(held.min()!)–\(held.max()!) (\(held.count) spectra)"))
        }
        let selected = try data.spectrum(index)
        let band = selected.spectrum.frequencies_Hz.indices.filter { k in
            let f = selected.spectrum.frequencies_Hz[k]
            return f >= (minimumFrequency_Hz ?? 0) && f <= (maximumFrequency_Hz ?? .infinity)
        }
        guard band.count >= ImpedanceFile.minimumPoints else {
            let fs = selected.spectrum.frequencies_Hz
            throw InputError(file: fitFile, key: "\(label)." + (minimumFrequency_Hz != nil ? "min_frequency_Hz" : "max_frequency_Hz"),
                             message: String(format: "%d of the %d points of spectrum %d of '%@' (%.4g–%.4g Hz) lie in the band; at least %d are needed",
                                             band.count, fs.count, selected.index, name, fs.min() ?? 0, fs.max() ?? 0,
                                             ImpedanceFile.minimumPoints))
        }
        let study = source ?? (name as NSString).deletingPathExtension
        var rows: [MeasurementRow] = []
        for k in band {
            let f = selected.spectrum.frequencies_Hz[k], z = selected.spectrum.impedances_ohm[k]
            let line = k < selected.lines.count ? selected.lines[k] : 0
            for (quantity, value) in [(Self.realQuantity, z.re), (Self.imaginaryQuantity, z.im)] {
                rows.append(MeasurementRow(
                    file: file, line: line, source: study, electrolyte: electrolyteID, kind: Self.kind, cathode: nil,
                    temperature_C: temperature_C, cRate: nil, current_mA_cm2: nil, arealCapacity_mAh_cm2: nil, cycle: nil,
                    time_h: nil, quantity: quantity, valueText: "\(value)", value: value, unit: "ohm", qualifier: "=",
                    note: String(format: "spectrum %d of the file, f = %.6g Hz", selected.index, f), frequency_Hz: f))
            }
        }
        return rows
    }
}

/// The Kramers–Kronig check (``KramersKronig/check(_:)``) of a `[[spectrum]]`'s band, run before the fit.
public struct SpectrumCheck: Sendable, Encodable {
    /// `spectrum[i]` of the fit file.
    public var label: String
    public var file: String
    /// Spectrum number in the file.
    public var spectrum: Int
    public var kramers_kronig: KramersKronig.Result.Summary
    /// One line: the label, the file and ``KramersKronig/Result/summary``.
    public var text: String
    public var aboveThreshold: Bool { kramers_kronig.above_threshold }
}

extension SpectrumSource {
    /// The measured points of the band, as ``rows(electrolyteID:fitFile:)`` selects them (file errors name the data file).
    public func bandSpectrum() throws -> (index: Int, spectrum: ImpedanceSpectrum) {
        let selected = try ImpedanceFile(path: file).spectrum(index)
        let keep = selected.spectrum.frequencies_Hz.indices.filter { k in
            let f = selected.spectrum.frequencies_Hz[k]
            return f >= (minimumFrequency_Hz ?? 0) && f <= (maximumFrequency_Hz ?? .infinity)
        }
        return (selected.index, ImpedanceSpectrum(frequencies_Hz: keep.map { selected.spectrum.frequencies_Hz[$0] },
                                                  impedances_ohm: keep.map { selected.spectrum.impedances_ohm[$0] }))
    }

    /// The Kramers–Kronig check of the band. A band the check cannot use is an ``InputError`` naming the fit file and
    /// this `[[spectrum]]`.
    public func kramersKronig(fitFile: String) throws -> SpectrumCheck {
        let band = try bandSpectrum()
        let name = (file as NSString).lastPathComponent
        do {
            let r = try KramersKronig.check(band.spectrum)
            return SpectrumCheck(label: label, file: name, spectrum: band.index, kramers_kronig: r.jsonSummary,
                                 text: "\(label) ('\(name)', spectrum \(band.index)): \(r.summary)")
        } catch let e as KramersKronig.Failure {
            throw InputError(file: fitFile, key: label, message: "'\(name)' spectrum \(band.index): \(e)")
        }
    }
}
