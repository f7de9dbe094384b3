import Foundation

/// Measured impedance spectra read from a file: one or several spectra (BioLogic "cycle number", a
/// `spectrum_index` column), each in file order.
///
/// Formats:
/// - a CSV/TSV without header: three columns f (Hz), Z′ (Ω), Z″ (Ω, signed, as impedance.py's `exampleData.csv`);
/// - a CSV/TSV with header: columns found by name — frequency (`freq…`, `f`), real part (`Re(Z)`, `ReZ`, `Z_re`,
///   `Z_real`), imaginary part signed (`Im(Z)`, `ImZ`, `Z_im`, `Z_imag`) or negated (`-Im(Z)/Ohm`, `minusImZ_Ohm`),
///   optional spectrum index (`spectrum_index`, `cycle number`);
/// - BioLogic EC-Lab text (`.mpt`, `.txt`), which stores −Z″ (`-Im(Z)/Ohm`);
/// - BioLogic EC-Lab binary (`.mpr`, GEIS/PEIS), recognised by its `BIO-LOGIC MODULAR FILE` magic whatever the
///   file's extension, read by ``BioLogicMPR``: `freq/Hz`, `Re(Z)/Ohm`, `-Im(Z)/Ohm` and `cycle number`.
///
/// Errors name the file, line and column: a frequency ≤ 0, a non-numeric or non-finite cell, fewer than
/// ``minimumPoints`` points in a spectrum. In an `.mpr` they name the record and its byte offset instead.
public struct ImpedanceFile: Sendable {
    public struct Spectrum: Sendable, Equatable {
        /// The spectrum's number in the file (its `cycle number`/`spectrum_index`, else 1).
        public var index: Int
        public var spectrum: ImpedanceSpectrum
        /// Where each point comes from: its 1-based line in a text file, its record number in an `.mpr`.
        public var lines: [Int] = []

        /// The same spectrum (number and points), wherever in which file it was read from.
        public static func == (a: Spectrum, b: Spectrum) -> Bool { a.index == b.index && a.spectrum == b.spectrum }
    }

    public static let minimumPoints = 3
    /// Largest spectrum number (`cycle number`, `spectrum_index`) read.
    public static let maximumSpectrumIndex = 1_000_000
    /// Frequencies read: 1 µHz to 1 GHz (impedance analysers span about 10 µHz to 10 MHz).
    public static let frequencyRange_Hz: ClosedRange<Double> = 1e-6...1e9
    /// Largest |Z′| or |Z″| read, Ω: 1 TΩ (the input impedance of the most sensitive potentiostats is ~1e12–1e14 Ω).
    public static let maximumImpedance_ohm = 1e12

    public let path: String
    public let spectra: [Spectrum]

    public init(path: String) throws {
        let bytes = try DelimitedText.contents(path: path)
        if BioLogicMPR.isMPR(bytes) {
            try self.init(mpr: BioLogicMPR(data: bytes, path: path))
        } else {
            let text = DelimitedText.decode(bytes)
            let table = BioLogicText.isBioLogic(text) ? try BioLogicText.table(text: text, path: path)
                                                      : try DelimitedText(text: text, path: path)
            try self.init(table: table)
        }
    }

    /// The spectra of a BioLogic `.mpr` (GEIS, PEIS): Z′ = `Re(Z)/Ohm`, Z″ = −`-Im(Z)/Ohm`, one spectrum per
    /// `cycle number`. A file without a `freq/Hz` column (a time series) is an ``InputError``.
    public init(mpr: BioLogicMPR) throws {
        guard mpr.column("freq/Hz") != nil else {
            throw InputError(file: mpr.path, byteOffset: mpr.columnIDsOffset, message:
                "no impedance columns ('freq/Hz', 'Re(Z)/Ohm', '-Im(Z)/Ohm') in this BioLogic .mpr, whose columns are "
                + mpr.columns.map { "'\($0.name)'" }.joined(separator: ", ") + ": a time series (read it with CyclerFile)")
        }
        do {
            try self.init(table: mpr.table())
        } catch let e as InputError {
            throw mpr.located(e)
        }
    }

    init(table: DelimitedText) throws {
        let path = table.path
        guard !table.rows.isEmpty else { throw InputError(file: path, message: "no data rows") }
        var columns: (f: Int, re: Int, im: Int, negated: Bool, spectrum: Int?)
        var names: [String]
        if let header = table.header {
            func find(_ what: String, _ test: (String) -> Bool) throws -> Int {
                guard let i = table.columnIndex(where: test) else {
                    throw InputError(file: path, line: table.rows[0].line - 1,
                                     message: "no \(what) column among \(header.map { "'\($0)'" }.joined(separator: ", "))")
                }
                return i
            }
            let f = try find("frequency", Self.isFrequency)
            let re = try find("real-part (Re(Z))", Self.isReal)
            let im = try find("imaginary-part (Im(Z) or -Im(Z))", Self.isImaginary)
            columns = (f, re, im, Self.isNegated(DelimitedText.normalized(header[im])),
                       table.columnIndex(where: Self.isSpectrumIndex))
            names = header
        } else {
            columns = (0, 1, 2, false, nil)
            names = ["frequency", "Re(Z)", "Im(Z)"]
        }
        let f = try table.numbers(column: columns.f, name: names[columns.f])
        let re = try table.numbers(column: columns.re, name: names[columns.re])
        let im = try table.numbers(column: columns.im, name: names[columns.im])
        for (k, x) in f.enumerated() where !(x > 0) {
            throw InputError(file: path, line: table.rows[k].line,
                             message: "column \(columns.f + 1) (\(names[columns.f])): frequency \(x) Hz is not positive")
        }
        // The ranges an impedance analyser measures: a value beyond them is a corrupted row, and one such value
        // overflows every residual of a circuit fit.
        for (k, x) in f.enumerated() where !Self.frequencyRange_Hz.contains(x) {
            throw InputError(file: path, line: table.rows[k].line, message: String(
                format: "column %d (%@): frequency %g Hz is outside %g…%g Hz", columns.f + 1, names[columns.f], x,
                Self.frequencyRange_Hz.lowerBound, Self.frequencyRange_Hz.upperBound))
        }
        for (column, values) in [(columns.re, re), (columns.im, im)] {
            for (k, x) in values.enumerated() where !(abs(x) <= Self.maximumImpedance_ohm) {
                throw InputError(file: path, line: table.rows[k].line, message: String(
                    format: "column %d (%@): impedance %g Ω is outside ±%g Ω", column + 1, names[column], x, Self.maximumImpedance_ohm))
            }
        }
        let index = try columns.spectrum.map { try table.numbers(column: $0, name: names[$0]) }

        // Group rows by spectrum number, in order of first appearance.
        var order: [Int] = []
        var groups: [Int: (f: [Double], z: [Complex], lines: [Int])] = [:]
        for k in 0..<f.count {
            var key = 1
            if let index, let column = columns.spectrum {
                guard let i = Int(checked: index[k], in: 0...Self.maximumSpectrumIndex), Double(i) == index[k] else {
                    throw InputError(file: path, line: table.rows[k].line, message: String(
                        format: "column %d (%@): spectrum number %g is not a whole number in 0…%d",
                        column + 1, names[column], index[k], Self.maximumSpectrumIndex))
                }
                key = i
            }
            if groups[key] == nil {
                order.append(key)
                groups[key] = ([], [], [])
            }
            groups[key]?.f.append(f[k])
            groups[key]?.z.append(Complex(re[k], columns.negated ? -im[k] : im[k]))
            groups[key]?.lines.append(table.rows[k].line)
        }
        self.path = path
        spectra = try order.map { key in
            let g = groups[key] ?? ([], [], [])
            guard g.f.count >= Self.minimumPoints else {
                throw InputError(file: path, line: g.lines.first,
                                 message: "spectrum \(key) has \(g.f.count) points; at least \(Self.minimumPoints) are needed")
            }
            return Spectrum(index: key, spectrum: ImpedanceSpectrum(frequencies_Hz: g.f, impedances_ohm: g.z), lines: g.lines)
        }
    }

    /// The spectrum numbered `index` (nil: the first one). An unknown number is an error listing the ones present.
    public func spectrum(_ index: Int? = nil) throws -> Spectrum {
        guard let index else {
            guard let first = spectra.first else { throw InputError(file: path, message: "no spectra") }
            return first
        }
        guard let s = spectra.first(where: { $0.index == index }) else {
            let present = spectra.count == 1 ? "\(spectra[0].index)"
                : "\(spectra.first?.index ?? 0)–\(spectra.last?.index ?? 0) (\(spectra.count) spectra)"
            throw InputError(file: path, key: "spectrum", message: "no spectrum \(index); the file holds \(present)")
        }
        return s
    }

    // MARK: - Column names (normalized: lower case, no spaces or underscores)

    static func isFrequency(_ n: String) -> Bool { n.hasPrefix("freq") || n == "f" || n.hasPrefix("f/") || n == "fhz" }
    static func isReal(_ n: String) -> Bool {
        n.contains("re(z)") || n.hasPrefix("rez") || n.hasPrefix("zre") || n.contains("zreal") || n == "z'" || n == "real" || n == "re"
    }
    static func isImaginary(_ n: String) -> Bool {
        n.contains("im(z)") || n.contains("imz") || n.hasPrefix("zim") || n.contains("zimag") || n == "z''" || n.contains("imag")
            || n == "im" || n == "-im"
    }
    static func isNegated(_ n: String) -> Bool { n.hasPrefix("-") || n.hasPrefix("minus") || n.hasPrefix("neg") }
    static func isSpectrumIndex(_ n: String) -> Bool { n == "spectrumindex" || n == "spectrum" || n == "cyclenumber" }
}
