import Foundation
@testable import CellTwin

/// A subprocess fuzz harness over the built `celltwin` binary: it mutates the shipped scenarios, model files,
/// impedance and cycler files and command-line values, runs each case in its own process (a trap cannot kill the
/// test runner) with a time limit, and classifies the outcome.
///
/// Classes:
/// - `result`: exit 0 with finite numbers and every documented JSON key;
/// - `error`: a non-zero exit with a message that starts with `error:`/`Error:`, names the input (the file, the
///   option or the model ID) and leaks no platform or language type names;
/// - `crash`: ended by a signal (a trap);
/// - `hang`: still running at the time limit (killed);
/// - `silent`: exit 0 with NaN, inf or an empty number in the output, or a documented JSON key missing;
/// - `unclear`: a non-zero exit whose message is empty, leaks type names or does not name the input.
enum BinaryFuzz {
    enum Outcome: String, CaseIterable, Sendable {
        case result, error, crash, hang, silent, unclear
        var isFailure: Bool { self == .crash || self == .hang || self == .silent || self == .unclear }
    }

    /// One generated case: arguments (with `{dir}` standing for the case's folder) and the files it needs there.
    struct Case: Sendable {
        var source: String
        var mutation: String
        var arguments: [String]
        var files: [String: Data] = [:]
        /// Words one of which the error message must contain (the file name, the option, the ID).
        var mentions: [String] = []
        /// Keys a successful `--format json` document must hold.
        var jsonKeys: [String] = []
        /// A known defect owned elsewhere (reported, not failed).
        var knownOwner: String?
    }

    struct Report: Sendable {
        var cases = 0
        var bySource: [String: [Outcome: Int]] = [:]
        var failures: [(Case, Outcome, String)] = []
        var known: [(Case, Outcome, String)] = []
        var seconds = 0.0

        func count(_ o: Outcome) -> Int { bySource.values.reduce(0) { $0 + ($1[o] ?? 0) } }

        var summary: String {
            var s = String(format: "%d cases in %.0f s: ", cases, seconds)
            s += Outcome.allCases.map { "\($0.rawValue) \(count($0))" }.joined(separator: ", ") + "\n"
            for source in bySource.keys.sorted() {
                let counts = bySource[source] ?? [:]
                s += "  \(source): " + Outcome.allCases.compactMap { o in counts[o].map { "\(o.rawValue) \($0)" } }
                    .joined(separator: ", ") + "\n"
            }
            if !known.isEmpty {
                s += "known defects owned elsewhere: \(known.count) ("
                    + Set(known.compactMap { $0.0.knownOwner }).sorted().joined(separator: ", ") + ")\n"
            }
            for (c, o, detail) in failures.prefix(20) {
                s += "\(o.rawValue.uppercased()) [\(c.source) / \(c.mutation)] celltwin \(c.arguments.joined(separator: " "))\n    \(detail)\n"
            }
            return s
        }
    }

    // MARK: - Random numbers (fixed seed: the same cases every run)

    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let interestingNumbers = ["0", "-1", "-0", "1e308", "-1e308", "1e-300", "1e400", "nan", "inf", "-inf", "0x10", "",
                                     "1e6", "9223372036854775807", "99999999999999999999", "0.0000001", "5e-324", "2.5",
                                     "1_000", "1,5", "\"1\"", "true", "[]", "+3", ".5", "1e", "NaN"]

    // MARK: - Sources

    static let root = Fixtures.packageRoot

    static func read(_ relative: String) -> Data {
        (try? Data(contentsOf: root.appendingPathComponent(relative))) ?? Data()
    }

    static let scenarios: [String] = {
        let dir = root.appendingPathComponent("Scenarios")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".toml") }.sorted()
    }()

    static let impedanceFiles = ["Calibration/external/impedance-py/exampleData.csv",
                                 "Calibration/external/impedance-py/exampleDataBioLogic.mpt",
                                 "Calibration/external/datalab-li-li/jr862_11_08_23_insitu-impedance-LiLi_1MLiTFSI_TEGDME-1mA_02_GEIS_C05.mpr"]
    static let cyclerFiles = ["Calibration/external/beep/PreDiag_000233_diagnostic_summary_derived.csv",
                              "Calibration/external/battery-data-toolkit/p492-13-summary.csv"]

    // MARK: - Mutations

    /// A mutated copy of a text: a number replaced by an interesting one, a line deleted or doubled, a byte
    /// changed, the text cut short, or a random key added.
    static func mutateText(_ text: String, _ rng: inout SplitMix) -> (String, String) {
        var lines = text.components(separatedBy: "\n")
        guard !lines.isEmpty else { return (text, "empty") }
        switch Int.random(in: 0..<10, using: &rng) {
        case 0...3:
            // Replace one number.
            let candidates = lines.indices.filter { lines[$0].contains(where: \.isNumber) && !lines[$0].hasPrefix("#") }
            guard let i = candidates.randomElement(using: &rng) else { return (text, "none") }
            let chars = Array(lines[i])
            let starts = chars.indices.filter { chars[$0].isNumber && ($0 == 0 || !(chars[$0 - 1].isLetter || chars[$0 - 1].isNumber || chars[$0 - 1] == ".")) }
            guard let s = starts.randomElement(using: &rng) else { return (text, "none") }
            var e = s
            while e < chars.count, chars[e].isNumber || chars[e] == "." || chars[e] == "e" || chars[e] == "-" { e += 1 }
            let value = interestingNumbers.randomElement(using: &rng) ?? "0"
            lines[i] = String(chars[..<s]) + value + String(chars[e...])
            return (lines.joined(separator: "\n"), "number → \(value) at line \(i + 1)")
        case 4:
            let i = Int.random(in: 0..<lines.count, using: &rng)
            lines.remove(at: i)
            return (lines.joined(separator: "\n"), "line \(i + 1) deleted")
        case 5:
            let i = Int.random(in: 0..<lines.count, using: &rng)
            lines.insert(lines[i], at: i)
            return (lines.joined(separator: "\n"), "line \(i + 1) doubled")
        case 6:
            var bytes = Array(text.utf8)
            guard !bytes.isEmpty else { return (text, "empty") }
            let k = Int.random(in: 0..<bytes.count, using: &rng)
            bytes[k] = UInt8.random(in: 0...255, using: &rng)
            return (String(decoding: bytes, as: UTF8.self), "byte \(k) changed")
        case 7:
            let cut = Int.random(in: 0...text.utf8.count, using: &rng)
            return (String(decoding: Array(text.utf8.prefix(cut)), as: UTF8.self), "cut at byte \(cut)")
        case 8:
            let i = Int.random(in: 0...lines.count, using: &rng)
            lines.insert("bogus_key = \(interestingNumbers.randomElement(using: &rng) ?? "1")", at: i)
            return (lines.joined(separator: "\n"), "key inserted at line \(i + 1)")
        default:
            // Replace a quoted string value.
            let candidates = lines.indices.filter { lines[$0].contains("\"") }
            guard let i = candidates.randomElement(using: &rng), let q = lines[i].firstIndex(of: "\"") else { return (text, "none") }
            let rest = lines[i][lines[i].index(after: q)...]
            guard let q2 = rest.firstIndex(of: "\"") else { return (text, "none") }
            let value = ["", "Charge at 2 W until 2.5 V", "Discharge at 1e-6C until 2.5 V", "Rest for 1e9 hours",
                         "Hold at 99 V until C/20", "UNKNOWN", "Charge at C/0 until 4 V", "Discharge at 0x10C until 2 V",
                         "Charge at 0.5C until 3.8 V", "Discharge at 100 mA/cm2 until 2.5 V"].randomElement(using: &rng) ?? ""
            lines[i] = String(lines[i][...q]) + value + String(lines[i][q2...])
            return (lines.joined(separator: "\n"), "string → \"\(value)\" at line \(i + 1)")
        }
    }

    static func mutateBytes(_ data: Data, _ rng: inout SplitMix) -> (Data, String) {
        var bytes = [UInt8](data)
        guard !bytes.isEmpty else { return (data, "empty") }
        if Bool.random(using: &rng) {
            let n = Int.random(in: 1...8, using: &rng)
            for _ in 0..<n { bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            return (Data(bytes), "\(n) bytes flipped")
        }
        let cut = Int.random(in: 0...bytes.count, using: &rng)
        return (Data(bytes.prefix(cut)), "cut at byte \(cut)")
    }

    /// Keeps fuzzed scenarios short: every `repeat` at most 2, no end-of-life run.
    static func shortened(_ text: String) -> String {
        text.components(separatedBy: "\n").map { line -> String in
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("repeat") { return "repeat = 2" }
            if t.hasPrefix("retention") { return "" }
            if t.hasPrefix("[end_of_life]") { return "" }
            return line
        }.joined(separator: "\n")
    }

    // MARK: - Case generation

    static func makeCase(_ rng: inout SplitMix) -> Case {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0, 1: return scenarioCase(&rng)
        case 2, 3: return modelCase(&rng)
        case 4: return impedanceCase(&rng)
        case 5: return cyclerCase(&rng)
        default: return optionCase(&rng)
        }
    }

    /// The measured profiles the shipped scenarios read (`Scenarios/profiles/*.csv`), by path relative to `Scenarios/`.
    static let profiles: [String] = {
        let dir = root.appendingPathComponent("Scenarios/profiles")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".csv") }.sorted()
            .map { "profiles/\($0)" }
    }()

    static func scenarioCase(_ rng: inout SplitMix) -> Case {
        let name = scenarios.randomElement(using: &rng) ?? "demo.toml"
        let text = shortened(String(decoding: read("Scenarios/\(name)"), as: UTF8.self))
        var files: [String: Data] = [:]
        for p in profiles { files[p] = read("Scenarios/\(p)") }
        // A scenario that runs a measured profile: half the time the profile is mutated instead of the scenario.
        if let profile = profiles.first(where: { text.contains($0) }), Bool.random(using: &rng) {
            let (mutated, how) = mutateText(String(decoding: files[profile] ?? Data(), as: UTF8.self), &rng)
            files[name] = Data(text.utf8)
            files[profile] = Data(mutated.utf8)
            return Case(source: "scenario", mutation: "\(profile): \(how)", arguments: ["run", "{dir}/\(name)", "--format", "json"],
                        files: files, mentions: [name, URL(fileURLWithPath: profile).lastPathComponent],
                        jsonKeys: ["scenario", "runs", "expected", "provenance"])
        }
        let (mutated, how) = mutateText(text, &rng)
        files[name] = Data(mutated.utf8)
        return Case(source: "scenario", mutation: "\(name): \(how)", arguments: ["run", "{dir}/\(name)", "--format", "json"],
                    files: files, mentions: [name], jsonKeys: ["scenario", "runs", "expected", "provenance"])
    }

    static func modelCase(_ rng: inout SplitMix) -> Case {
        let electrolytes = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Models/electrolytes").path)) ?? [])
            .filter { $0.hasSuffix(".toml") }.sorted()
        let cathodes = ["LFP", "NCM523", "NCM811", "S"]
        let mutateCathode = Int.random(in: 0..<4, using: &rng) == 0
        let e = electrolytes.randomElement(using: &rng) ?? "PPSE.toml"
        let c = cathodes.randomElement(using: &rng) ?? "LFP"
        let file = mutateCathode ? "cathodes/\(c).toml" : "electrolytes/\(e)"
        let (mutated, how) = mutateText(String(decoding: read("Models/\(file)"), as: UTF8.self), &rng)
        let id = String(e.dropLast(5))
        return Case(source: "model file", mutation: "\(file): \(how)",
                    arguments: ["simulate", "--models", "{dir}/Models", "--electrolyte", id, "--cathode", c, "--temperature", "60",
                                "--c-rate", "1", "--cycles", "1", "--format", "json"],
                    files: ["Models/\(file)": Data(mutated.utf8)], mentions: [file.components(separatedBy: "/").last ?? file, id, c],
                    jsonKeys: ["electrolyte", "cathode", "temperature_C", "cycles", "status", "provenance"])
    }

    static func impedanceCase(_ rng: inout SplitMix) -> Case {
        let path = impedanceFiles.randomElement(using: &rng) ?? impedanceFiles[0]
        let name = URL(fileURLWithPath: path).lastPathComponent
        let data = read(path)
        let (mutated, how): (Data, String)
        if path.hasSuffix(".mpr") || Bool.random(using: &rng) { (mutated, how) = mutateBytes(data, &rng) } else {
            let (t, h) = mutateText(String(decoding: data, as: UTF8.self), &rng)
            (mutated, how) = (Data(t.utf8), h)
        }
        let circuit = ["R0-p(R1,CPE1)", "R0-p(R1,C1)-W1", "R0-p(R1,CPE1)-p(R2,C2)"].randomElement(using: &rng) ?? "R0"
        return Case(source: "impedance file", mutation: "\(name): \(how)",
                    arguments: ["eis", "fit", "{dir}/\(name)", "--circuit", circuit, "--format", "json"],
                    files: [name: mutated], mentions: [name], jsonKeys: ["circuit", "parameters", "chi_square", "provenance"])
    }

    static func cyclerCase(_ rng: inout SplitMix) -> Case {
        let path = cyclerFiles.randomElement(using: &rng) ?? cyclerFiles[0]
        let name = URL(fileURLWithPath: path).lastPathComponent
        let (t, how) = mutateText(String(decoding: read(path), as: UTF8.self), &rng)
        return Case(source: "cycler file", mutation: "\(name): \(how)",
                    arguments: ["forecast", "--data", "{dir}/\(name)", "--first", "10", "--threshold", "0.5Ah", "--format", "json"],
                    files: [name: Data(t.utf8)], mentions: [name, "cycle", "--"],
                    jsonKeys: ["predicted_cycles_to_threshold", "provenance"])
    }

    /// Command templates with the option values that may be replaced.
    static let templates: [(args: [String], keys: [String])] = [
        (["simulate", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "25", "--c-rate", "1", "--cycles", "1",
          "--loading", "2", "--cv-cutoff", "0.05"], ["electrolyte", "cycles", "status"]),
        (["life", "--electrolyte", "CMP-VAMMT", "--cathode", "LFP", "--temperature", "30", "--c-rate", "0.5", "--max-cycles", "30",
          "--until", "80%", "--charge-rate", "0.5"], ["cycles", "end_reason"]),  // attribution: omitted when not computed
        (["symmetric", "--electrolyte", "PPSE", "--temperature", "60", "--current", "0.1", "--capacity", "0.1", "--hours", "4",
          "--voltage-limit", "5"], ["overpotential_V", "end_reason"]),
        (["ccd", "--electrolyte", "CMP-VAMMT", "--temperature", "30", "--start", "0.05", "--step", "0.1", "--capacity", "0.25",
          "--max", "0.5"], ["steps", "failure_reason"]),
        (["polarize", "--electrolyte", "CPCSE", "--temperature", "60", "--dv", "10mV", "--hours", "1"], ["I0_A", "Iss_A", "t_plus"]),
        (["eis", "--electrolyte", "HE-PEIgPHE", "--temperature", "60", "--soc", "0.5"], ["circuit", "spectrum"]),
        (["sweep", "--electrolyte", "PPSE", "--cathode", "LFP", "--temperature", "60", "--c-rate", "0.5,1", "--cycles", "5",
          "--workers", "1"], ["columns", "rows"]),
    ]

    static let optionValues = ["0", "-1", "1e308", "1e-300", "nan", "inf", "0x10", "", "C/2", "C/0", "100uA", "0.1 mA/cm2",
                               "1e6", "99999999999999999999", "2 days", "80%", "150", "-40", "-41", "151", "1000", "0.001",
                               "50", "51", "6", "7 V", "abc", "1,2", "0...10:0", "5e-324", "333 K", "--bogus"]

    static func optionCase(_ rng: inout SplitMix) -> Case {
        let t = templates.randomElement(using: &rng) ?? templates[0]
        var args = t.args
        let valueIndices = args.indices.filter { $0 > 0 && args[$0 - 1].hasPrefix("--") && !args[$0].hasPrefix("--") }
        var how: [String] = []
        for _ in 0..<Int.random(in: 1...2, using: &rng) {
            guard let i = valueIndices.randomElement(using: &rng) else { break }
            let v = optionValues.randomElement(using: &rng) ?? "0"
            args[i] = v
            how.append("\(args[i - 1]) \(v)")
        }
        if Int.random(in: 0..<8, using: &rng) == 0, let i = valueIndices.randomElement(using: &rng) {
            args += [args[i - 1], args[i]]
            how.append("\(args[i - 1]) repeated")
        }
        // The option, or the quantity it sets in words ("--current" or "current").
        let options = how.map { $0.components(separatedBy: " ").first ?? $0 }.flatMap { [$0, String($0.dropFirst(2))] }
        return Case(source: "option value", mutation: how.joined(separator: "; "), arguments: args + ["--format", "json"],
                    mentions: options + ["--"], jsonKeys: t.keys + ["provenance"])
    }

    // MARK: - Running

    static let leaks = ["NSCocoaErrorDomain", "NSPOSIXErrorDomain", "EncodingError", "DecodingError", "Swift.", "Foundation.",
                        "Optional(", "Fatal error", "NSError", "CocoaError"]

    static func isSilent(_ stdout: String, keys: [String]) -> String? {
        // JSON cannot hold NaN or inf as numbers (the writer refuses them); in a JSON document only a string value
        // that is itself a non-number ("nan", "-inf") counts, not text echoed from the input (a scenario's name).
        if let data = stdout.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) {
            func bad(_ x: Any) -> Bool {
                if let s = x as? String { return ["nan", "-nan", "inf", "-inf", "infinity", ""].contains(s.lowercased()) && !s.isEmpty }
                if let a = x as? [Any] { return a.contains(where: bad) }
                if let d = x as? [String: Any] { return d.values.contains(where: bad) }
                return false
            }
            if bad(object) { return "a non-number where a number belongs" }
            if let dict = object as? [String: Any] {
                for k in keys where dict[k] == nil { return "documented key '\(k)' missing" }
            }
            return nil
        }
        let lowered = stdout.lowercased()
        for token in ["nan", "inf", "infinity"] {
            var search = lowered[...]
            while let r = search.range(of: token) {
                let before = r.lowerBound == lowered.startIndex ? " " : lowered[lowered.index(before: r.lowerBound)]
                let after = r.upperBound == lowered.endIndex ? " " : lowered[r.upperBound]
                if !(before.isLetter || before == "_") && !(after.isLetter || after == "_") { return "'\(token)' in the output" }
                search = lowered[r.upperBound...]
            }
        }
        if stdout.contains(": ,") || stdout.contains(":,") || stdout.contains(": \n") { return "an empty number in the output" }
        guard let data = stdout.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) else {
            return "the output is not JSON"
        }
        if let dict = object as? [String: Any] {
            for k in keys where dict[k] == nil { return "documented key '\(k)' missing" }
        }
        return nil
    }

    /// Runs one case in `workDirectory` (made and removed here) and classifies it.
    static func run(_ c: Case, binary: URL, timeout_s: Double) -> (Outcome, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            if c.files.keys.contains(where: { $0.hasPrefix("Models/") }) {
                try FileManager.default.copyItem(at: root.appendingPathComponent("Models"), to: dir.appendingPathComponent("Models"))
            }
            for (name, data) in c.files {
                let url = dir.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? FileManager.default.removeItem(at: url)
                try data.write(to: url)
            }
        } catch { return (.error, "set-up failed: \(error)") }
        let p = Process()
        p.executableURL = binary
        p.arguments = c.arguments.map { $0.replacingOccurrences(of: "{dir}", with: dir.path) }
        p.currentDirectoryURL = root
        let outURL = dir.appendingPathComponent(".stdout"), errURL = dir.appendingPathComponent(".stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        guard let out = try? FileHandle(forWritingTo: outURL), let err = try? FileHandle(forWritingTo: errURL) else {
            return (.error, "set-up failed")
        }
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { return (.error, "cannot start: \(error)") }
        let deadline = Date().addingTimeInterval(timeout_s)
        while p.isRunning, Date() < deadline { usleep(10_000) }
        var timedOut = false
        if p.isRunning {
            timedOut = true
            kill(p.processIdentifier, SIGKILL)
        }
        p.waitUntilExit()
        try? out.close()
        try? err.close()
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        if timedOut { return (.hang, String(format: "no result after %.0f s", timeout_s)) }
        if p.terminationReason == .uncaughtSignal {
            return (.crash, "signal \(p.terminationStatus): " + String(stderr.prefix(300)))
        }
        if p.terminationStatus == 0 {
            if let why = isSilent(stdout, keys: c.jsonKeys) { return (.silent, why) }
            return (.result, "")
        }
        let message = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        let first = message.components(separatedBy: "\n").first ?? ""
        guard first.hasPrefix("error:") || first.hasPrefix("Error:") else { return (.unclear, "message: \(message.prefix(300))") }
        if let leak = leaks.first(where: { message.contains($0) }) { return (.unclear, "leaks \(leak): \(first.prefix(300))") }
        if !c.mentions.isEmpty, !c.mentions.contains(where: { message.contains($0) }) {
            return (.unclear, "names none of \(c.mentions): \(first.prefix(300))")
        }
        return (.error, "")
    }

    /// Generates and runs cases from `seed` on `workers` processes at once, until `count` cases or `seconds` pass.
    static func campaign(seed: UInt64, count: Int, seconds: Double, workers: Int, timeout_s: Double, binary: URL) -> Report {
        let start = Date()
        // Cases are made one at a time under the lock, in order, so a seed gives the same sequence however many
        // workers run it.
        final class State: @unchecked Sendable {
            let lock = NSLock()
            var next = 0
            var rng: SplitMix
            var report = Report()
            init(seed: UInt64) { rng = SplitMix(state: seed) }
        }
        let state = State(seed: seed)
        let group = DispatchGroup()
        for _ in 0..<max(workers, 1) {
            group.enter()
            Thread {
                while true {
                    let next: Case? = state.lock.withLock {
                        guard state.next < count, Date().timeIntervalSince(start) < seconds else { return nil }
                        state.next += 1
                        return makeCase(&state.rng)
                    }
                    guard let c = next else { break }
                    let (o, detail) = run(c, binary: binary, timeout_s: timeout_s)
                    state.lock.withLock {
                        state.report.cases += 1
                        state.report.bySource[c.source, default: [:]][o, default: 0] += 1
                        if o.isFailure {
                            if c.knownOwner != nil { state.report.known.append((c, o, detail)) }
                            else { state.report.failures.append((c, o, detail)) }
                        }
                    }
                }
                group.leave()
            }.start()
        }
        group.wait()
        var report = state.report
        report.seconds = Date().timeIntervalSince(start)
        return report
    }
}
