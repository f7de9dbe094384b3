import Foundation

/// A protocol in a few words for chart subtitles and tables: the rates of its charge and discharge steps, a CV hold,
/// the voltage window and any measured profile, e.g. "charge 0.5C + CV to 3.8 V, discharge 1C to 2.5 V".
public enum ProtocolDescription {
    /// A drive in lab units: "0.5C", "0.2 mA/cm²", "1 mA", "2 W", "5 mW/cm²".
    static func rate(_ drive: StepDrive) -> String? {
        switch drive {
        case .cRate(let n): return String(format: "%gC", n)
        case .currentDensity(let j): return String(format: "%g mA/cm²", j / 10)
        case .current(let i): return String(format: "%g mA", i * 1e3)
        case .power(let p): return String(format: "%g W", p)
        case .powerDensity(let p): return String(format: "%g mW/cm²", p / 10)
        case .voltage, .rest: return nil
        }
    }

    /// The distinct values in order of first appearance, at most four ("0.1C, 0.5C, 1C, 2C, …").
    static func list(_ values: [String]) -> String {
        var seen: [String] = []
        for v in values where !seen.contains(v) { seen.append(v) }
        return seen.count > 4 ? seen.prefix(4).joined(separator: ", ") + ", …" : seen.joined(separator: ", ")
    }

    /// The experiment's steps in words; measured-profile steps are named by their file.
    public static func text(_ experiment: Experiment) -> String {
        let steps = experiment.blocks.flatMap(\.steps)
        var parts: [String] = []
        let profiles = steps.filter { $0.profileRun != nil }
        let plain = steps.filter { $0.profileRun == nil }
        func voltages(_ kind: StepKind) -> [Double] {
            plain.filter { $0.kind == kind }.flatMap { $0.terminations.compactMap { if case .voltage(let v) = $0 { return v } else { return nil } } }
        }
        let charges = plain.filter { $0.kind == .charge }.compactMap { rate($0.drive) }
        let holds = plain.compactMap { step -> Double? in if case .voltage(let v) = step.drive { return v } else { return nil } }
        if !charges.isEmpty || !holds.isEmpty {
            var s = "charge " + (charges.isEmpty ? "" : list(charges))
            if !holds.isEmpty { s += (charges.isEmpty ? "" : " + ") + "CV" }
            let top = (voltages(.charge) + holds).max()
            if let top { s += String(format: " to %g V", top) }
            parts.append(s)
        }
        let discharges = plain.filter { $0.kind == .discharge }.compactMap { rate($0.drive) }
        if !discharges.isEmpty {
            var s = "discharge " + list(discharges)
            if let bottom = voltages(.discharge).min() { s += String(format: " to %g V", bottom) }
            parts.append(s)
        }
        if let first = profiles.first {
            // The step text starts "<kind> profile <file> line …".
            let words = first.text.split(separator: " ")
            let file = words.count > 2 ? String(words[2]) : "file"
            var s = "measured profile \(file)"
            let limits = profiles.flatMap { $0.terminations.compactMap { if case .voltage(let v) = $0 { return v } else { return nil } } }
            if let low = limits.min(), let high = limits.max() {
                s += low == high ? String(format: " until %g V", low) : String(format: " within %g–%g V", low, high)
            }
            parts.append(s)
        }
        return parts.joined(separator: ", ")
    }

    /// "CMP-VAMMT | LFP, 30 °C, charge 0.1C to 3.8 V, discharge 0.1C, 0.5C, 1C to 2.5 V": the subtitle of a chart.
    public static func subtitle(electrolyte: String, cathode: String, temperatures_C: [Double], protocolText: String?) -> String {
        var s = "\(electrolyte) | \(cathode), " + temperatures_C.map { String(format: "%g", $0) }.joined(separator: ", ") + " °C"
        if let protocolText, !protocolText.isEmpty { s += ", " + protocolText }
        return s
    }
}
