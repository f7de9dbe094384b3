import Foundation

/// Reads the value lists of a sweep: `a,b,c`, inclusive ranges `start...end:step`, or both mixed
/// (`0...40:10,60,80`).
///
/// Ranges are floating-point safe: the number of steps is ⌊(end − start)/step + 10⁻⁹⌋, so `0.1...1:0.1` gives ten
/// values ending at 1, and every value is rounded to ``SweepFormat/variableDigits`` significant digits
/// (`0.1 + 2·0.1` is 0.3). A list must not be empty, repeat a value, or hold more than ``maximumCount`` values;
/// a step must be positive and a range must not run backwards.
public enum ValueList {
    /// Most values one list may give.
    public static let maximumCount = 100_000

    /// Numbers of `variable` (checked against ``SweepVariable/problem(with:)``); `name` (an option or a file key)
    /// is named in errors.
    public static func numbers(_ text: String, variable: SweepVariable, name: String) throws -> [Double] {
        let values = try numbers(text, name: name)
        try check(values, variable: variable, name: name, text: text)
        return values
    }

    /// Checks values given some other way (a TOML array): allowed, distinct, not empty.
    public static func check(_ values: [Double], variable: SweepVariable, name: String, text: String) throws {
        guard !values.isEmpty else { throw SweepError.invalidValues(name: name, text: text, reason: "no values") }
        for x in values {
            if let problem = variable.problem(with: x) {
                throw SweepError.invalidValues(name: name, text: text, reason: problem, hint: false)
            }
        }
        try checkDistinct(values.map(SweepFormat.variable), name: name, text: text)
    }

    /// Numbers without a domain check.
    public static func numbers(_ text: String, name: String) throws -> [Double] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !(items.count == 1 && items[0].isEmpty) else {
            throw SweepError.invalidValues(name: name, text: text, reason: "no values")
        }
        var values: [Double] = []
        for item in items {
            guard !item.isEmpty else { throw SweepError.invalidValues(name: name, text: text, reason: "an empty item between commas") }
            if item.contains("...") {
                values += try range(item, name: name, whole: text)
            } else {
                values.append(SweepFormat.rounded(try number(item, name: name, whole: text), digits: SweepFormat.variableDigits))
            }
            guard values.count <= maximumCount else {
                throw SweepError.invalidValues(name: name, text: text, reason: "more than \(maximumCount) values")
            }
        }
        return values
    }

    /// IDs (`LFP,NCM811`): not empty, distinct, no blanks.
    public static func identifiers(_ text: String, name: String) throws -> [String] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard items.contains(where: { !$0.isEmpty }) else {
            throw SweepError.invalidOption(name: name, reason: "no IDs given (write e.g. LFP or LFP,NCM811)")
        }
        guard !items.contains(where: \.isEmpty) else {
            throw SweepError.invalidOption(name: name, reason: "an empty item in '\(text)' (write e.g. LFP,NCM811)")
        }
        var seen = Set<String>()
        for item in items where !seen.insert(item).inserted {
            throw SweepError.invalidOption(name: name, reason: "\(item) is given twice")
        }
        return items
    }

    /// One inclusive range `start...end:step`.
    static func range(_ item: String, name: String, whole: String) throws -> [Double] {
        let parts = item.components(separatedBy: "...")
        guard parts.count == 2 else {
            throw SweepError.invalidValues(name: name, text: whole, reason: "cannot read the range '\(item)'")
        }
        let tail = parts[1].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard tail.count == 2 else {
            throw SweepError.invalidValues(name: name, text: whole, reason: "the range '\(item)' needs a step (start...end:step)")
        }
        let start = try number(parts[0], name: name, whole: whole)
        let end = try number(tail[0], name: name, whole: whole)
        let step = try number(tail[1], name: name, whole: whole)
        guard step > 0 else {
            throw SweepError.invalidValues(name: name, text: whole, reason: "the step of '\(item)' must be positive, got \(SweepFormat.variable(step))")
        }
        guard end >= start else {
            throw SweepError.invalidValues(name: name, text: whole, reason: "the range '\(item)' is empty (its end lies below its start)")
        }
        let span = (end - start) / step
        guard span < Double(maximumCount) else {
            throw SweepError.invalidValues(name: name, text: whole, reason: "the range '\(item)' gives more than \(maximumCount) values")
        }
        let steps = Int((span + 1e-9 * max(1, span)).rounded(.down))
        return (0...steps).map { k in SweepFormat.rounded(start + Double(k) * step, digits: SweepFormat.variableDigits) }
    }

    static func number(_ text: String, name: String, whole: String) throws -> Double {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let x = Quantity.decimal(t), x.isFinite else {
            throw SweepError.invalidValues(name: name, text: whole, reason: "'\(t)' is not a finite number (decimal digits only)")
        }
        return x
    }

    static func checkDistinct(_ items: [String], name: String, text: String) throws {
        var seen = Set<String>()
        for item in items where !seen.insert(item).inserted {
            throw SweepError.invalidValues(name: name, text: text, reason: "\(item) is given twice", hint: false)
        }
    }
}
