import Foundation

/// Number and text formatting shared by the SVG charts. Pure functions: same input, same output, on every platform.
enum ChartFormat {
    /// `value` rounded to `significant` significant digits (clamped to 1…17) in compact `%g`-like form:
    /// fixed notation for 1e-4 ≤ |value| < 1e6 (`0.25`, `3.7`, `12000`), scientific otherwise (`1.5e-7`, `2e9`),
    /// unless `scientific` forces one or the other; no trailing zeros and no `-0`.
    /// Non-finite values give `∞`, `-∞` or `—`, never `nan`/`inf`.
    static func number(_ value: Double, significant: Int = 4, scientific: Bool? = nil) -> String {
        guard value.isFinite else { return value.isNaN ? "—" : (value > 0 ? "∞" : "-∞") }
        if value == 0 { return "0" }
        let n = min(max(significant, 1), 17)
        // "%e" does the correctly rounded decimal conversion: "d.ddde±XX".
        let printed = String(format: "%.\(n - 1)e", abs(value))
        guard let e = printed.firstIndex(of: "e"), let exponent = Int(printed[printed.index(after: e)...])
        else { return printed }
        var digits = Array(printed[..<e].filter { $0 != "." })
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let sign = value < 0 ? "-" : ""
        guard !(scientific ?? (exponent < -4 || exponent >= 6)) else {
            let mantissa = digits.count == 1 ? String(digits) : "\(digits[0]).\(String(digits.dropFirst()))"
            return "\(sign)\(mantissa)e\(exponent)"
        }
        if exponent < 0 {
            return sign + "0." + String(repeating: "0", count: -exponent - 1) + String(digits)
        }
        let integerCount = exponent + 1
        if digits.count <= integerCount {
            return sign + String(digits) + String(repeating: "0", count: integerCount - digits.count)
        }
        return sign + String(digits[..<integerCount]) + "." + String(digits[integerCount...])
    }

    /// A drawing coordinate with at most two decimals (`12`, `12.5`, `12.25`); non-finite gives `0` and magnitudes
    /// are capped at 1e12 so the text stays short.
    static func coord(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = Int((min(max(value, -1e12), 1e12) * 100).rounded())
        if hundredths == 0 { return "0" }
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = abs(hundredths)
        let whole = magnitude / 100, fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `text` made safe for XML character data and attribute values: `& < > " '` become entities, tabs and line
    /// breaks become spaces (labels are single-line), and characters XML 1.0 forbids become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `text` shortened to at most `limit` characters, ending in "…" when cut (empty when `limit` < 1).
    static func truncate(_ text: String, to limit: Int) -> String {
        guard limit >= 1 else { return "" }
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// Rough rendered width of `text` in a sans-serif font of `fontSize` px (used only for layout).
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * 0.6 * fontSize
    }

    /// How many characters fit in `width` px at `fontSize` (inverse of ``textWidth(_:fontSize:)``).
    static func characters(fitting width: Double, fontSize: Double) -> Int {
        guard width.isFinite, width > 0, fontSize > 0 else { return 0 }
        return Int(min(width / (0.6 * fontSize), 10_000))
    }
}
