import Foundation

/// A measured current or power profile (PyBaMM's drive cycles).
///
/// File: CSV with a header naming the time column and one value column, each with its unit —
/// `time_s`, `time_min` or `time_h`; `current_A`, `current_mA`, `current_mA_cm2`, `c_rate`, `power_W`, `power_mW`
/// or `power_mW_cm2`. Values are positive on discharge and negative on charge (as in the step grammar), 0 is a rest.
/// Times start anywhere and must increase strictly.
///
/// Between samples the file says what happens, in a comment line above the header:
/// - `# between samples: held` (the default): a row's value holds until the next row's time; the last row only
///   marks the end;
/// - `# between samples: interpolated`: the value varies linearly from row to row. It is run as constant sub-steps
///   at the mean of the line over each sub-step (so the charge, or for power the energy, of every interval is exact),
///   split where the value crosses zero, each sub-step changing the value by at most
///   ``interpolationResolution`` of the profile's largest magnitude. An interval longer than 100 times the median
///   interval (and longer than a minute) is refused as a gap: a line drawn across it would be invented data.
///
/// Refused with the file, line and column: a missing unit, an empty field (a gap), a value that is not a finite
/// decimal number, time not increasing, a C-rate or current density outside ``InputLimit``, a profile longer than
/// the duration limit, fewer than two rows.
public struct DriveProfile: Sendable, Equatable {
    public enum Quantity: String, Sendable, Equatable, CaseIterable {
        case current_A, current_mA, current_mA_cm2, c_rate, power_W, power_mW, power_mW_cm2

        var isPower: Bool { self == .power_W || self == .power_mW || self == .power_mW_cm2 }
    }

    /// What the value does between two samples.
    public enum Between: String, Sendable, Equatable, CaseIterable {
        case held, interpolated
    }

    /// Sample times, s from the first row; `time_s.last` is the profile's end.
    public var time_s: [Double]
    /// The value of every row, in the file's quantity and unit (held: the last row's value is not used).
    public var values: [Double]
    public var quantity: Quantity
    public var between: Between
    public var file: String
    /// The file line of each row (1-based), for the step texts a failure quotes.
    public var lines: [Int]

    /// Largest change of an interpolated value within one sub-step, as a fraction of the profile's largest magnitude.
    public static let interpolationResolution = 0.02

    public init(time_s: [Double], values: [Double], quantity: Quantity, between: Between = .held, file: String = "profile",
                lines: [Int]? = nil) {
        self.time_s = time_s
        self.values = values
        self.quantity = quantity
        self.between = between
        self.file = file
        self.lines = lines ?? Array(1...max(time_s.count, 1))
    }

    static let timeScales: [String: Double] = ["time_s": 1, "time_min": 60, "time_h": 3600]

    /// Reads a profile file (errors name the file, line and column).
    public static func load(path: String) throws -> DriveProfile {
        let data = try InputFile.read(path: path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError(file: path, message: "not UTF-8 text: a profile is a CSV file (time and value columns)")
        }
        return try DriveProfile(text: text, file: path)
    }

    public init(text: String, file: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\r \t"))
        }
        guard let headerIndex = lines.firstIndex(where: { !$0.isEmpty && !$0.hasPrefix("#") }) else {
            throw InputError(file: file, message: "the profile is empty: write a header such as time_s,current_A and two rows")
        }
        // "# between samples: held|interpolated" above the header.
        var between = Between.held
        for (k, line) in lines.prefix(headerIndex).enumerated() {
            let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
            guard body.lowercased().hasPrefix("between samples") else { continue }
            let value = body.dropFirst("between samples".count).trimmingCharacters(in: CharacterSet(charactersIn: " :=\""))
            guard let b = Between(rawValue: value.lowercased()) else {
                throw InputError(file: file, line: k + 1, key: "between samples",
                                 message: "'\(value)' is not one of held, interpolated")
            }
            between = b
        }
        let header = lines[headerIndex].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let timeColumns = Self.timeScales.keys.sorted().joined(separator: ", ")
        let valueColumns = Quantity.allCases.map(\.rawValue).joined(separator: ", ")
        guard header.count == 2, let scale = Self.timeScales[header[0]] else {
            throw InputError(file: file, line: headerIndex + 1, message:
                "the header must name a time column (\(timeColumns)) and a value column (\(valueColumns)) with their units, got '\(lines[headerIndex])'")
        }
        guard let quantity = Quantity(rawValue: header[1]) else {
            throw InputError(file: file, line: headerIndex + 1, key: header[1],
                             message: "unknown value column: use one of \(valueColumns) (the unit is part of the name)")
        }
        var times: [Double] = [], values: [Double] = [], rowLines: [Int] = []
        for (k, line) in lines.enumerated().dropFirst(headerIndex + 1) where !line.isEmpty && !line.hasPrefix("#") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2 else {
                throw InputError(file: file, line: k + 1, message: "expected 2 fields (\(header.joined(separator: ","))), got \(fields.count)")
            }
            for (field, name) in zip(fields, header) where field.isEmpty {
                throw InputError(file: file, line: k + 1, key: name,
                                 message: "no value: a gap in the profile; every row needs a time and a value (0 for a rest)")
            }
            guard let t = CellTwin.Quantity.decimalNumber(fields[0]) else {
                throw InputError(file: file, line: k + 1, key: header[0], message: "'\(fields[0])' is not a finite decimal number")
            }
            guard let v = CellTwin.Quantity.decimalNumber(fields[1]) else {
                throw InputError(file: file, line: k + 1, key: header[1], message: "'\(fields[1])' is not a finite decimal number")
            }
            if let problem = quantity.problem(v) {
                throw InputError(file: file, line: k + 1, key: header[1], message: problem)
            }
            if let last = times.last, !(t * scale > last) {
                throw InputError(file: file, line: k + 1, key: header[0],
                                 message: "time must increase from row to row (\(fields[0]) after \(last / scale))")
            }
            times.append(t * scale)
            values.append(v)
            rowLines.append(k + 1)
        }
        guard times.count >= 2 else {
            throw InputError(file: file, message: "a profile needs at least two rows (the last row marks the end), got \(times.count)")
        }
        let t0 = times[0]
        let total_h = (times[times.count - 1] - t0) / 3600
        if let problem = InputLimit.duration_h.problem(total_h) {
            throw InputError(file: file, line: rowLines[rowLines.count - 1], key: header[0], message: "the profile's \(problem)")
        }
        if between == .interpolated {
            let intervals = zip(times, times.dropFirst()).map { $1 - $0 }
            let median = intervals.sorted()[intervals.count / 2]
            if let k = intervals.indices.first(where: { intervals[$0] > max(100 * median, 60) }) {
                throw InputError(file: file, line: rowLines[k + 1], key: header[0], message: String(format:
                    "a gap of %g s after a median sample interval of %g s: an interpolated profile cannot bridge it; add the missing rows, or declare '# between samples: held'",
                    intervals[k], median))
            }
        }
        self.init(time_s: times.map { $0 - t0 }, values: values, quantity: quantity, between: between, file: file, lines: rowLines)
    }

    /// Duration of the profile, s.
    public var duration_s: Double { time_s.last ?? 0 }

    /// The (start, duration, value) pieces the profile is run as: one per interval when held; constant sub-steps at
    /// the line's mean when interpolated (split at zero crossings; the integral of every interval is exact).
    public func pieces() -> [(start_s: Double, duration_s: Double, value: Double, line: Int)] {
        var out: [(start_s: Double, duration_s: Double, value: Double, line: Int)] = []
        let n = time_s.count
        guard n >= 2 else { return [] }
        switch between {
        case .held:
            for k in 0..<(n - 1) { out.append((time_s[k], time_s[k + 1] - time_s[k], values[k], lines[k])) }
        case .interpolated:
            let largest = values.map(abs).max() ?? 0
            let resolution = Self.interpolationResolution * largest
            func linear(_ a: Double, _ b: Double, _ va: Double, _ vb: Double, _ line: Int) {
                let change = abs(vb - va)
                let count = resolution > 0 ? min(max(Int((change / resolution).rounded(.up)), 1), 1000) : 1
                let h = (b - a) / Double(count)
                for i in 0..<count {
                    let s = a + Double(i) * h
                    // The mean of a line over [s, s + h] is its value at the midpoint.
                    let mid = va + (vb - va) * ((s + h / 2 - a) / (b - a))
                    out.append((s, h, mid, line))
                }
            }
            for k in 0..<(n - 1) {
                let (a, b, va, vb) = (time_s[k], time_s[k + 1], values[k], values[k + 1])
                if va * vb < 0 {
                    let tz = a + (b - a) * va / (va - vb)
                    linear(a, tz, va, 0, lines[k])
                    linear(tz, b, 0, vb, lines[k])
                } else {
                    linear(a, b, va, vb, lines[k])
                }
            }
        }
        return out.filter { $0.duration_s > 0 }
    }

    /// The profile as steps: discharge for a positive value, charge for a negative one, rest for zero, each for its
    /// piece's duration (``pieces()``). Values in SI: A, A m⁻² (from mA cm⁻²), W, W m⁻².
    ///
    /// - Parameters:
    ///   - voltageLimits: V; the lowest ends discharge pieces (voltage falling to it); a second, higher one ends charge
    ///     pieces (rising to it). One limit is the discharge cut-off only (an event already past at the start of a
    ///     charge piece would end it at once). A piece ended by a limit, or by any other event, ends the whole
    ///     profile run (``Step/profileRun``): the remaining pieces and repeats are skipped.
    ///   - repeats: the profile runs this many times in a row (within one cycle).
    ///   - run: identifies this profile run among the steps of a block.
    public func steps(voltageLimits: [Double] = [], repeats: Int = 1, run: Int? = nil) -> [Step] {
        let lower = voltageLimits.min(), upper = voltageLimits.count >= 2 ? voltageLimits.max() : nil
        let name = (file as NSString).lastPathComponent
        let pieces = self.pieces()
        var steps: [Step] = []
        steps.reserveCapacity(pieces.count * max(repeats, 1))
        for r in 0..<max(repeats, 1) {
            for piece in pieces {
                let value = piece.value
                let kind: StepKind = value > 0 ? .discharge : value < 0 ? .charge : .rest
                let m = abs(value)
                let drive: StepDrive
                switch quantity {
                case _ where value == 0: drive = .rest
                case .current_A: drive = .current(m)
                case .current_mA: drive = .current(m / 1000)
                case .current_mA_cm2: drive = .currentDensity(m * 10)   // 1 mA cm⁻² = 10 A m⁻²
                case .c_rate: drive = .cRate(m)
                case .power_W: drive = .power(m)
                case .power_mW: drive = .power(m / 1000)
                case .power_mW_cm2: drive = .powerDensity(m * 10)      // 1 mW cm⁻² = 10 W m⁻²
                }
                var terminations: [Termination] = [.duration(piece.duration_s)]
                if kind == .discharge, let lower { terminations.append(.voltage(lower)) }
                if kind == .charge, let upper { terminations.append(.voltage(upper)) }
                var text = String(format: "%@ profile %@ line %d: %g %@ for %g s", kind.rawValue, name, piece.line, value,
                                  quantity.rawValue, piece.duration_s)
                if repeats > 1 { text += " (repeat \(r + 1) of \(repeats))" }
                steps.append(Step(kind: kind, drive: drive, terminations: terminations, text: text, profileRun: run))
            }
        }
        return steps
    }
}

extension DriveProfile.Quantity {
    /// Nil when a row's value lies within the ``InputLimit`` of its quantity (C-rate, current density; zero is a
    /// rest), else the problem with the limit.
    func problem(_ value: Double) -> String? {
        let m = abs(value)
        guard m > 0 else { return nil }
        switch self {
        case .c_rate: return InputLimit.cRate.problem(m)
        case .current_mA_cm2: return InputLimit.currentDensity_mA_cm2.problem(m)
        default: return nil
        }
    }
}

extension Quantity {
    /// A finite decimal number (no hexadecimal, `inf`, `nan`), or nil.
    static func decimalNumber(_ text: String) -> Double? {
        guard let v = decimal(text), v.isFinite else { return nil }
        return v
    }
}

extension DriveProfile {
    /// The steps of `"Run current profile FILE.csv"` or `"Run power profile FILE.csv"` (case-insensitive), optionally
    /// followed by `N times` and by voltage limits `until 2.5 V` or `until 2.5 V or 3.8 V`; the file taken relative
    /// to `directory` (a scenario file's folder). Nil when `text` is not a profile step. A current profile needs a
    /// current or C-rate column, a power profile a power column; file errors name the profile file.
    ///
    ///     profile step := "Run" ("current" | "power") "profile" FILE [N "times"] ["until" voltage ("or" voltage)?]
    public static func steps(parsing text: String, relativeTo directory: URL, run: Int? = nil) throws -> [Step]? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let lower = t.lowercased()
        let kinds: [(prefix: String, power: Bool)] = [("run current profile ", false), ("run power profile ", true)]
        guard let kind = kinds.first(where: { lower.hasPrefix($0.prefix) }) else {
            if lower.hasPrefix("run ") {
                throw ExperimentError.invalidStep(text: text, reason:
                    "a profile step reads \"Run current profile FILE.csv\" or \"Run power profile FILE.csv\", optionally with \"3 times\" and \"until 2.5 V\"")
            }
            return nil
        }
        func fail(_ reason: String) -> ExperimentError { .invalidStep(text: text, reason: reason) }
        var rest = String(t.dropFirst(kind.prefix.count)).trimmingCharacters(in: .whitespaces)
        // Voltage limits after the last " until ".
        var limits: [Double] = []
        if let r = rest.range(of: " until ", options: [.caseInsensitive, .backwards]) {
            let words = rest[r.upperBound...].components(separatedBy: " or ")
            for w in words {
                let q: CellTwin.Quantity
                do { q = try CellTwin.Quantity(parsing: w, as: .voltageWithUnit) } catch {
                    throw fail("a profile ends at a voltage limit such as \"until 2.5 V\" or \"until 2.5 V or 3.8 V\"; \(error)")
                }
                if let problem = InputLimit.voltage_V.problem(q.value) { throw fail(problem) }
                limits.append(q.value)
            }
            guard limits.count <= 2 else { throw fail("at most two voltage limits: a lower one for discharge, an upper one for charge") }
            rest = String(rest[..<r.lowerBound]).trimmingCharacters(in: .whitespaces)
        }
        // "N times" at the end of the name.
        var repeats = 1
        let parts = rest.split(separator: " ")
        if parts.count >= 3, parts.last?.lowercased() == "times" {
            let n = String(parts[parts.count - 2])
            guard let x = CellTwin.Quantity.decimalNumber(n), let count = Int(checked: x), Double(count) == x else {
                throw fail("\"\(n) times\": the repeat count must be a whole number")
            }
            if let problem = InputLimit.cycles.problem(Double(count)) { throw fail("repeats: \(problem)") }
            repeats = count
            rest = parts.dropLast(2).joined(separator: " ")
        }
        let name = rest
        guard !name.isEmpty else { throw fail("name the profile file, e.g. \"Run current profile pulses.csv\"") }
        let path = name.hasPrefix("/") ? name : directory.appendingPathComponent(name).path
        let profile = try DriveProfile.load(path: path)
        guard profile.quantity.isPower == kind.power else {
            throw InputError(file: path, line: 1, key: profile.quantity.rawValue, message: kind.power
                ? "a power profile needs a power column (power_W, power_mW or power_mW_cm2)"
                : "a current profile needs a current or C-rate column (current_A, current_mA, current_mA_cm2 or c_rate)")
        }
        let pieces = profile.pieces().count
        guard Double(pieces) * Double(repeats) <= InputLimit.cycles.range.upperBound else {
            throw fail("\(pieces) pieces × \(repeats) repeats exceed \(Int(InputLimit.cycles.range.upperBound)) steps")
        }
        return profile.steps(voltageLimits: limits, repeats: repeats, run: run)
    }
}
