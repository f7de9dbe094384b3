import Foundation

/// A measured current or power profile (PyBaMM's drive cycles), held constant between samples.
///
/// File: CSV with a header naming the time column and one value column, each with its unit —
/// `time_s`, `time_min` or `time_h`; `current_A`, `current_mA`, `current_mA_cm2`, `c_rate`, `power_W`, `power_mW`
/// or `power_mW_cm2`. Values are positive on discharge and negative on charge (as in the step grammar), 0 is a rest.
/// Times start anywhere and must increase strictly; the value of a row holds until the next row's time, and the
/// last row only marks the end. Values are converted to SI here (A, A m⁻², W, W m⁻²).
///
/// ``steps()`` turns the profile into one ``Step`` per interval (piecewise constant), so the simulator runs it as
/// it runs any other steps: a constant-current profile gives the constant-current step's result.
public struct DriveProfile: Sendable, Equatable {
    public enum Quantity: String, Sendable, Equatable, CaseIterable {
        case current_A, current_mA, current_mA_cm2, c_rate, power_W, power_mW, power_mW_cm2
    }

    /// Interval start times, s from the first row; `time_s.last` is the profile's end.
    public var time_s: [Double]
    /// Value held over each interval, in the file's quantity and unit (one fewer than the times).
    public var values: [Double]
    public var quantity: Quantity
    public var file: String

    public init(time_s: [Double], values: [Double], quantity: Quantity, file: String = "profile") {
        self.time_s = time_s
        self.values = values
        self.quantity = quantity
        self.file = file
    }

    static let timeScales: [String: Double] = ["time_s": 1, "time_min": 60, "time_h": 3600]

    /// Reads a profile file. Errors name the file, line and column: an unknown or missing unit, a value that is not
    /// a finite number, time not increasing, fewer than two rows.
    public static func load(path: String) throws -> DriveProfile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InputError(file: path, message: "cannot read the profile file")
        }
        return try DriveProfile(text: text, file: path)
    }

    public init(text: String, file: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\r "))
        }
        guard let headerIndex = lines.firstIndex(where: { !$0.isEmpty && !$0.hasPrefix("#") }) else {
            throw InputError(file: file, message: "the profile is empty: write a header such as time_s,current_A and two rows")
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
        var times: [Double] = [], values: [Double] = []
        for (k, line) in lines.enumerated().dropFirst(headerIndex + 1) where !line.isEmpty && !line.hasPrefix("#") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2 else {
                throw InputError(file: file, line: k + 1, message: "expected 2 fields (\(header.joined(separator: ","))), got \(fields.count)")
            }
            guard let t = Double(fields[0]), t.isFinite else {
                throw InputError(file: file, line: k + 1, key: header[0], message: "'\(fields[0])' is not a finite number")
            }
            guard let v = Double(fields[1]), v.isFinite else {
                throw InputError(file: file, line: k + 1, key: header[1], message: "'\(fields[1])' is not a finite number")
            }
            if let last = times.last, !(t * scale > last) {
                throw InputError(file: file, line: k + 1, key: header[0],
                                 message: "time must increase from row to row (\(fields[0]) after \(last / scale))")
            }
            times.append(t * scale)
            values.append(v)
        }
        guard times.count >= 2 else {
            throw InputError(file: file, message: "a profile needs at least two rows (the last row marks the end), got \(times.count)")
        }
        let t0 = times[0]
        self.init(time_s: times.map { $0 - t0 }, values: Array(values.dropLast()), quantity: quantity, file: file)
    }

    /// One step per interval: discharge for a positive value, charge for a negative one, rest for zero, each for
    /// its interval's duration. Values in SI: A, A m⁻² (from mA cm⁻²), W, W m⁻².
    public func steps() -> [Step] {
        zip(values, zip(time_s, time_s.dropFirst())).map { value, interval in
            let duration = interval.1 - interval.0
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
            let text = String(format: "%@ profile %@: %g %@ for %g s", kind.rawValue, (file as NSString).lastPathComponent, value,
                              quantity.rawValue, duration)
            return Step(kind: kind, drive: drive, terminations: [.duration(duration)], text: text)
        }
    }
}

extension DriveProfile {
    /// The steps of `"Run current profile FILE.csv"` or `"Run power profile FILE.csv"` (case-insensitive), the file
    /// taken relative to `directory` (a scenario file's folder); nil when `text` is not a profile step. A current
    /// profile needs a current or C-rate column, a power profile a power column; file errors name the profile file.
    public static func steps(parsing text: String, relativeTo directory: URL) throws -> [Step]? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let lower = t.lowercased()
        let kinds: [(prefix: String, power: Bool)] = [("run current profile ", false), ("run power profile ", true)]
        guard let kind = kinds.first(where: { lower.hasPrefix($0.prefix) }) else { return nil }
        let name = String(t.dropFirst(kind.prefix.count)).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            throw ExperimentError.invalidStep(text: text, reason: "name the profile file, e.g. \"Run current profile pulses.csv\"")
        }
        let path = name.hasPrefix("/") ? name : directory.appendingPathComponent(name).path
        let profile = try DriveProfile.load(path: path)
        let isPower = [.power_W, .power_mW, .power_mW_cm2].contains(profile.quantity)
        guard isPower == kind.power else {
            throw InputError(file: path, line: 1, key: profile.quantity.rawValue, message: kind.power
                ? "a power profile needs a power column (power_W, power_mW or power_mW_cm2)"
                : "a current profile needs a current or C-rate column (current_A, current_mA, current_mA_cm2 or c_rate)")
        }
        return profile.steps()
    }
}
