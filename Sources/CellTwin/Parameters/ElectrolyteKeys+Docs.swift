import Foundation

extension ElectrolyteKeys {
    /// First and last line of the generated key list in Models/README.md.
    public static let docsBegin = "<!-- key list generated from the key table (ElectrolyteKeys) by `celltwin new keys`; do not edit by hand -->"
    public static let docsEnd = "<!-- end of the generated key list -->"

    /// The key list of Models/README.md, Markdown: every table and key with its unit, SI conversion, what an absent
    /// key means, whether a fit may free it and its meaning, then the family defaults. Between (and including)
    /// ``docsBegin`` and ``docsEnd``.
    public static func markdown() -> String {
        var s = docsBegin + "\n\nTop level (plain strings, no source):\n\n| key | meaning |\n|---|---|\n"
        for t in textKeys where t.table == nil { s += "| `\(t.key)` | \(t.doc) |\n" }
        for t in tables {
            s += "\n`[\(t.name)]`: \(t.comment).\n\n| key | unit | SI | range | if left out | fit | meaning |\n|---|---|---|---|---|---|---|\n"
            for x in textKeys where x.table == t.name { s += "| `\(x.key)` | — | — | — | \(x.doc.hasPrefix("optional") ? "—" : "required") | — | \(x.doc) (plain string) |\n" }
            for k in keys(inTable: t.name) {
                let si = k.siUnit == k.unit || k.unit.isEmpty || k.unit == "°C" ? k.siUnit : "\(k.siUnit) (× \(number(k.scale)))"
                let laws = k.laws.map { " (`\($0.sorted().joined(separator: "`, `"))`)" } ?? ""
                s += "| `\(k.key)` | \(k.unit.isEmpty ? "—" : k.unit) | \(si) | \(k.domain.rangeDescription) | \(absentText(k.absent))\(laws) | \(k.fit == nil ? "—" : "yes") | \(k.doc) |\n"
            }
        }
        s += "\n`[electrodes.<cathode>]` (optional): the study's own electrode, replacing these values of `Models/cathodes/<cathode>.toml`: "
        s += "`diffusion_time_s` (s), `diffusion_activation_energy_kJ_mol` (kJ/mol), `exchange_current_mA_cm2` (mA/cm²), "
        s += "`specific_capacity_mAh_g` (mAh/g); the first is fittable as `electrodes.<cathode>.diffusion_time_s`, and so are the others; "
        s += "`porosity` (–, not fitted) where the study's electrode differs from the cathode's `[electrode]` pore structure.\n"
        s += "\n`[provenance]`: written by `celltwin calibrate` (fit file, date, data files with their SHA-256, free keys, χ²).\n"
        s += "\n#### Family defaults\n\nA key marked *family default* may be left out; it then takes the value of the electrolyte's `family`, a prior with "
        s += "the spread given (lognormal: ×/÷ factor at one standard deviation; normal: standard deviation in the key's unit). "
        s += "`celltwin new electrolyte` writes them into the file as `{ value = …, prior = …, spread = …, source = \"prior: family default (…)\" }`.\n\n"
        s += "| key | " + ElectrolyteFamilyDefaults.families.joined(separator: " | ") + " | prior | source |\n"
        s += "|---|" + String(repeating: "---|", count: ElectrolyteFamilyDefaults.families.count + 2) + "\n"
        for k in all {
            guard case .familyDefault = k.absent else { continue }
            let d = ElectrolyteFamilyDefaults.families.compactMap { ElectrolyteFamilyDefaults.value(k.path, family: $0) }
            guard let first = d.first else { continue }
            s += "| `\(k.path)` | " + d.map { number($0.value) }.joined(separator: " | ")
            s += " | \(first.prior.map { "\($0.kind.rawValue) \(number($0.spread))" } ?? "—") | \(first.source) |\n"
        }
        return s + "\n" + docsEnd
    }

    static func absentText(_ a: ElectrolyteKey.Absent) -> String {
        switch a {
        case .required: return "required"
        case .optional(let v, let meaning): return v.isNaN ? "optional: \(meaning)" : "optional: \(number(v)) (\(meaning))"
        case .familyDefault: return "family default"
        }
    }

    static func number(_ x: Double) -> String {
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return String(format: "%g", x)
    }
}
