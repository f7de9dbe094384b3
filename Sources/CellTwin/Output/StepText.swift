import Foundation

/// The display text of a step in the experiment language of ``StepParser`` ("Charge at 0.5C until 3.8 V",
/// "Hold at 3.8 V until 0.05C or 2 hours", "Rest for 10 minutes"); parsing it gives the step back (to the six
/// significant digits shown).
public enum StepText {
    public static func render(kind: StepKind, drive: StepDrive, terminations: [Termination]) -> String {
        var out: String
        switch kind {
        case .charge: out = "Charge at " + render(drive)
        case .discharge: out = "Discharge at " + render(drive)
        case .hold: out = "Hold at " + render(drive)
        case .rest: out = "Rest"
        }
        guard let first = terminations.first else { return out }
        if case .duration = first {
            out += " for " + render(first)
            let rest = terminations.dropFirst().map(render)
            if !rest.isEmpty { out += " or until " + rest.joined(separator: " or ") }
        } else {
            out += " until " + terminations.map(render).joined(separator: " or ")
        }
        return out
    }

    static func g(_ x: Double) -> String { String(format: "%g", x) }

    static func render(_ drive: StepDrive) -> String {
        switch drive {
        case .cRate(let n): return g(n) + "C"
        case .currentDensity(let j): return g(j / 10) + " mA/cm2"      // 1 mA cm⁻² = 10 A m⁻²
        case .current(let i): return g(i * 1e3) + " mA"
        case .power(let p): return g(p * 1e3) + " mW"
        case .powerDensity(let p): return g(p / 10) + " mW/cm2"        // 1 mW cm⁻² = 10 W m⁻²
        case .voltage(let v): return g(v) + " V"
        case .rest: return "rest"
        }
    }

    static func render(_ t: Termination) -> String {
        switch t {
        case .voltage(let v): return g(v) + " V"
        case .cRate(let n): return g(n) + "C"
        case .currentDensity(let j): return g(j / 10) + " mA/cm2"
        case .current(let i): return g(i * 1e3) + " mA"
        case .charge(let q): return g(q / 3.6) + " mAh"                // 1 mAh = 3.6 C
        case .arealCharge(let q): return g(q / 3.6e4) + " mAh/cm2"     // 1 mAh cm⁻² = 3.6e4 C m⁻²
        case .specificCharge(let q): return g(q / 3600) + " mAh/g"     // 1 mAh g⁻¹ = 3600 C kg⁻¹
        case .duration(let d):
            if d >= 3600, d.truncatingRemainder(dividingBy: 3600) == 0 { return d == 3600 ? "1 hour" : g(d / 3600) + " hours" }
            if d >= 60, d.truncatingRemainder(dividingBy: 60) == 0 { return g(d / 60) + " minutes" }
            return g(d) + " seconds"
        }
    }
}
