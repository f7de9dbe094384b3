import Crypto
import Foundation

/// Writes a calibrated electrolyte model file by rewriting the base file's text: each fitted key's `value` and
/// `source` are replaced, everything else (comments, other sources) is kept, and a `[provenance]` table is
/// appended (replacing an earlier one).
public enum ModelFileWriter {
    /// SHA-256 of a file's bytes (FIPS 180-4), 64 lowercase hex digits.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// The rewritten text. `fitFile` is named in each new source as given (e.g. `Calibration/CPCSE/fit.toml`).
    public static func rewrite(baseText: String, baseFile: String, result: CalibrationResult, fitFile: String,
                               date: Date = Date()) throws -> String {
        var lines = baseText.components(separatedBy: "\n")
        // Drop an earlier [provenance] table (it is always the last table we write).
        if let p = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("[provenance]") }) {
            lines.removeSubrange(p...)
            while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
            lines.append("")
        }
        // Fitted values, then values borrowed from a sibling's model file.
        var entries: [(key: String, value: Double, source: String)] = []
        for p in result.parameters {
            var source = String(format: "fit: celltwin calibrate %@", fitFile)
            if let se = p.standard_error, let lo = p.interval_low, let hi = p.interval_high {
                source += String(format: " (± %.3g, 95 %% interval %.4g–%.4g)", se, lo, hi)
            } else if result.points.count + result.parameters.filter({ $0.prior != nil }).count <= result.parameters.count {
                source += " (exactly determined: as many points as free parameters)"
            } else {
                source += " (not identifiable: no standard error)"
            }
            if let prior = p.prior { source += "; \(prior)" }
            entries.append((p.key, p.value, source))
        }
        for b in result.borrowed {
            entries.append((b.key, b.value, "borrowed: \(b.from)'s fit of the same study's electrode (electrodes_from in \(fitFile))"))
        }
        for p in entries {
            let path = p.key.split(separator: ".").map(String.init)
            guard path.count >= 2 else { continue }
            // `section.key`, or `electrodes.LFP.key` in the table [electrodes.LFP].
            let parts = [path.dropLast().joined(separator: "."), path.last!]
            let entry = { (prior: String?) in
                "{ value = \(tomlNumber(p.value)), \(prior.map { $0 + ", " } ?? "")source = \(tomlString(p.source)) }"
            }
            if path.count > 2, !lines.contains(where: { sectionName($0) == parts[0] }) {
                // A new sub-table (the study's electrode): appended at the end of the file.
                while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
                let cathode = path[1]
                lines += ["", "[\(parts[0])]   # the study's own \(cathode) electrode: replaces these values of Models/cathodes/\(cathode).toml", ""]
            }
            if !lines.contains(where: { sectionName($0) == parts[0] }) {
                // A table the file leaves to its family defaults (`[aging]`, `[short]`): appended with the fitted key.
                guard ElectrolyteKeys.tables.contains(where: { $0.name == parts[0] }) else {
                    throw InputError(file: baseFile, key: p.key, message: "no [\(parts[0])] table to write the fitted value into")
                }
                while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
                lines += ["", "[\(parts[0])]   # keys left out take their family default (Models/README.md)"]
            }
            guard let header = lines.firstIndex(where: { sectionName($0) == parts[0] }) else {
                throw InputError(file: baseFile, key: p.key, message: "no [\(parts[0])] table to write the fitted value into")
            }
            var end = header + 1
            while end < lines.count, sectionName(lines[end]) == nil { end += 1 }
            if let i = (header + 1..<end).first(where: { keyName(lines[$0]) == parts[1] }) {
                lines[i] = replaceEntry(lines[i], key: parts[1], entry: entry(priorFields(lines[i])))
            } else {
                var at = end
                while at > header + 1, lines[at - 1].trimmingCharacters(in: .whitespaces).isEmpty { at -= 1 }
                lines.insert("\(parts[1]) = \(entry(nil))", at: at)
            }
        }
        var text = lines.joined(separator: "\n")
        if !text.hasSuffix("\n") { text += "\n" }
        text += "\n" + provenance(result: result, fitFile: fitFile, date: date)
        return text
    }

    /// Writes the calibrated file atomically to `path`.
    public static func write(result: CalibrationResult, baseFile: String, fitFile: String, to path: String) throws {
        let base = try DelimitedText.text(path: baseFile)
        let text = try rewrite(baseText: base, baseFile: baseFile, result: result, fitFile: fitFile)
        // The fit bounds its parameters by sign only; a value it moved outside the key's physical range would make a
        // file that no command can load. Refused before anything is written, naming the key and its range.
        do {
            try ElectrolyteFile.check(text: text, path: path)
        } catch let e as InputError {
            throw InputError(file: fitFile, key: e.key,
                             message: "the fitted model is not written: \(e.message) (in the file it would write, \(path)); "
                                + "start the fit elsewhere, give the key a prior, or leave it fixed")
        }
        try AtomicFile.write(text, to: URL(fileURLWithPath: path))
    }

    static func provenance(result: CalibrationResult, fitFile: String, date: Date) -> String {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        var s = "[provenance]   # written by celltwin calibrate\n"
        s += "fit_file = \(tomlString(fitFile))\n"
        s += "date = \(tomlString(iso.string(from: date)))\n"
        s += "checksum = \"SHA-256 of the file bytes\"\n"
        s += "data = [\n"
        // Data files relative to the fit file, so the provenance names no machine's folders.
        let fitDirectory = URL(fileURLWithPath: fitFile).deletingLastPathComponent().standardizedFileURL.path + "/"
        for f in result.setup.dataFiles + result.setup.histories.map(\.file) + result.setup.spectra.map(\.file)
                 + result.setup.curves.map(\.file) {
            let sum = (try? Data(contentsOf: URL(fileURLWithPath: f))).map(sha256) ?? "unreadable"
            let full = URL(fileURLWithPath: f).standardizedFileURL.path
            let shown = full.hasPrefix(fitDirectory) ? String(full.dropFirst(fitDirectory.count)) : URL(fileURLWithPath: f).lastPathComponent
            s += "  { file = \(tomlString(shown)), sha256 = \"\(sum)\" },\n"
        }
        s += "]\n"
        s += "free = [\(result.parameters.map { tomlString($0.key) }.joined(separator: ", "))]\n"
        if let sibling = result.setup.electrodesFrom { s += "electrodes_from = \(tomlString(sibling))\n" }
        s += "chi_square = \(tomlNumber(result.chiSquare))\n"
        s += "points = \(result.points.count)\n"
        s += "residual_rms = \(tomlNumber(result.residualRMS))\n"
        // The file's bands take the temperature from the user: the assumed test temperature is marginalised out, its
        // prior staying in the fitted keys' covariance.
        s += FitCovarianceFile.text(AssumedTemperatureCovariance.marginal(ParameterUncertainty.fromCalibration(result)),
                                    free: result.parameters.map(\.key), assumedTemperature: result.assumedTemperature)
        return s
    }

    /// `[name]` of a table header line, nil for other lines.
    static func sectionName(_ line: String) -> String? {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("["), !t.hasPrefix("[["), let close = t.firstIndex(of: "]") else { return nil }
        return String(t[t.index(after: t.startIndex)..<close]).trimmingCharacters(in: .whitespaces)
    }

    /// `prior = "…", spread = …` of a model-file line's value, as written, so a refit keeps the key's prior.
    static func priorFields(_ line: String) -> String? {
        let code = line.split(separator: "#", maxSplits: 1).first.map(String.init) ?? line
        guard let kind = code.firstMatch(of: /prior\s*=\s*"([A-Za-z]+)"/)?.1,
              let spread = code.firstMatch(of: /spread\s*=\s*([-+0-9.eE]+|inf)/)?.1 else { return nil }
        return "prior = \"\(kind)\", spread = \(spread)"
    }

    static func keyName(_ line: String) -> String? {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard !t.hasPrefix("#"), let eq = t.firstIndex(of: "=") else { return nil }
        return String(t[..<eq]).trimmingCharacters(in: .whitespaces)
    }

    /// Replaces the `{ … }` (or plain value) after `key =`, keeping indentation and a trailing comment.
    static func replaceEntry(_ line: String, key: String, entry: String) -> String {
        guard let eq = line.firstIndex(of: "=") else { return line }
        let prefix = line[...eq]
        let rest = line[line.index(after: eq)...]
        // Find the end of the value: the matching `}` outside strings, or the start of a comment.
        var depth = 0, inString = false, escaped = false
        var end = rest.endIndex
        var i = rest.startIndex
        while i < rest.endIndex {
            let c = rest[i]
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if c == "{" {
                depth += 1
            } else if c == "}" {
                depth -= 1
                if depth == 0 { end = rest.index(after: i); break }
            } else if c == "#" && depth == 0 {
                end = i
                break
            }
            i = rest.index(after: i)
        }
        let tail = rest[end...]
        let spacer = tail.isEmpty || tail.hasPrefix(" ") ? "" : "   "
        return "\(prefix) \(entry)\(spacer)\(tail)"
    }

    static func tomlNumber(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        // The shortest text that reads back to the same Double, so a re-fit check can be exact.
        return "\(x)"
    }

    static func tomlString(_ s: String) -> String {
        var o = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": o += "\\\""
            case "\\": o += "\\\\"
            case "\n": o += "\\n"
            case "\t": o += "\\t"
            default: o.unicodeScalars.append(ch)
            }
        }
        return o + "\""
    }
}
