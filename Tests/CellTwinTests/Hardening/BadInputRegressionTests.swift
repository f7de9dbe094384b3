import Foundation
import Testing
@testable import CellTwin

/// The reproductions of the hardening issue, each run through the built binary: no trap, no exit 0 on a
/// failure, a message naming the input and the limit.
@Suite("Bad-input regressions")
struct BadInputRegressionTests {
    static let badInputs = Fixtures.packageRoot.appendingPathComponent("Tests/CellTwinTests/Fixtures/bad-inputs")

    /// Runs the tool and checks it failed cleanly (exit 1 or 64, not a signal) with every `fragment` in its message.
    func expectRefusal(_ arguments: [String], mentions fragments: [String]) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 1 || r.status == 64, "exit \(r.status) for \(arguments): \(r.stderr)")
        for f in fragments { #expect(r.stderr.contains(f), "'\(f)' missing from: \(r.stderr)") }
        for leak in ["NSCocoaErrorDomain", "EncodingError", "Fatal error", "Swift.", "Optional("] {
            #expect(!r.stderr.contains(leak), "\(leak) in: \(r.stderr)")
        }
    }

    @Test("1: an unchecked spectrum index of 1e300 (CSV) and a flipped cycle number (.mpr) are file:line errors")
    func spectrumIndex() throws {
        let csv = Self.badInputs.appendingPathComponent("crash-index.csv").path
        try expectRefusal(["eis", "fit", csv, "--circuit", "R0-p(R1,CPE1)"],
                          mentions: ["crash-index.csv:3", "spectrum_index", "1e+300", "0…1000000"])
        let mpr = Self.badInputs.appendingPathComponent("crash-flip.mpr").path
        try expectRefusal(["eis", "fit", mpr, "--circuit", "R0-p(R1,CPE1)"],
                          mentions: ["crash-flip.mpr", "byte 31888", "cycle number", "0…1000000"])
        let nan = Self.badInputs.appendingPathComponent("eis-nan.csv").path
        try expectRefusal(["eis", "fit", nan, "--circuit", "R0-p(R1,CPE1)"], mentions: ["eis-nan.csv:5", "not a finite number"])
    }

    @Test("fuzz crash: a control character at the start of a TOML key is an error, not an abort in the TOML library")
    func tomlControlCharacter() throws {
        let path = Self.badInputs.appendingPathComponent("toml-control-key.toml").path
        try expectRefusal(["run", path], mentions: ["toml-control-key.toml:", "control character U+0001"])
        let dir = try CLI.temporaryDirectory("celltwin-toml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let demo = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Scenarios/demo.toml"), encoding: .utf8)
        for (header, words) in [("[c!nditions]", "holds '!'"), ("[+onditions]", "holds '+'"), ("[conditions", "no closing"),
                                ("[.conditions]", "empty part")] {
            let file = dir.appendingPathComponent("h.toml")
            try demo.replacingOccurrences(of: "[conditions]", with: header).write(to: file, atomically: true, encoding: .utf8)
            try expectRefusal(["run", file.path], mentions: ["h.toml:", words])
        }
    }

    @Test("fuzz, unclear: an impedance of 1e308 in a spectrum is a file:line error with the limit, not a fit of non-finite residuals")
    func hugeImpedance() throws {
        let csv = Self.badInputs.appendingPathComponent("eis-impedance-1e308.csv").path
        try expectRefusal(["eis", "fit", csv, "--circuit", "R0-p(R1,CPE1)-p(R2,C2)"],
                          mentions: ["eis-impedance-1e308.csv:2", "1e+308", "±1e+12 Ω"])
    }

    @Test("fuzz, unclear: a scenario temperature outside the electrolyte's range names the scenario file, line and key")
    func scenarioTemperatureOutsideTheElectrolyte() throws {
        let path = Self.badInputs.appendingPathComponent("scenario-below-electrolyte-range.toml").path
        try expectRefusal(["run", path, "--format", "json"],
                          mentions: ["scenario-below-electrolyte-range.toml:12", "conditions.temperature_C", "-1 °C", "CPCSE", "0 to 120 °C"])
    }

    @Test("fuzz, unclear: an expected value of 5e-324 (no finite relative error) is refused with the scenario's file, line, key and range")
    func expectedValueNearZero() throws {
        let path = Self.badInputs.appendingPathComponent("scenario-expected-denormal.toml").path
        try expectRefusal(["run", path, "--format", "json"],
                          mentions: ["scenario-expected-denormal.toml:32", "expected[1].value", "0.001…10000"])
    }

    @Test("fuzz, unclear: a symmetric cell that cannot carry its current within --voltage-limit names the option")
    func symmetricVoltageLimit() throws {
        try expectRefusal(["symmetric", "--electrolyte", "PPSE", "--temperature", "60", "--current", "0.1", "--capacity", "0.1",
                           "--hours", "4", "--voltage-limit", "0.001", "--format", "json"],
                          mentions: ["--voltage-limit", "0.001 V", "|V| = 0.0493 V"])
    }

    @Test("2, 3: half-cycle and CCD step counts are checked before they overflow")
    func countsOverflow() throws {
        try expectRefusal(["symmetric", "--electrolyte", "PPSE", "--temperature", "60", "--current", "0.1", "--capacity", "1e-300",
                           "--hours", "50"], mentions: ["--capacity", "0.0001…100 mAh/cm²"])
        try expectRefusal(["ccd", "--electrolyte", "CMP-VAMMT", "--temperature", "30", "--start", "0.05", "--step", "1e-300",
                           "--capacity", "0.25"], mentions: ["--step", "0.0001…100 mA/cm²"])
    }

    @Test("6: a write error on standard output exits 1")
    func fullStandardOutput() throws {
        let p = try CLI.process(["list", "--format", "json"])
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return }
        p.standardOutput = full
        let err = Pipe()
        p.standardError = err
        try p.run()
        p.waitUntilExit()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 1)
        #expect(message.contains("cannot write to standard output"))
    }

    @Test("7: a second writer of one --output folder is refused while the first holds it")
    func outputFolderLock() throws {
        let dir = try CLI.temporaryDirectory("celltwin-lock")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try CLI.process(["symmetric", "--electrolyte", "PPSE", "--temperature", "60", "--current", "0.1",
                                     "--capacity", "0.1", "--hours", "100000", "--voltage-limit", "6", "--output", dir.path])
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        defer { if first.isRunning { first.terminate() }; first.waitUntilExit() }
        // Wait until the first run holds the lock (its lock file exists and is locked).
        let lock = OutputFolder.lockPath(dir.path)
        for _ in 0..<300 {
            let fd = open(lock, O_RDWR)
            if fd >= 0 {
                let free = flock(fd, LOCK_EX | LOCK_NB) == 0
                if free { _ = flock(fd, LOCK_UN) }
                close(fd)
                if !free { break }
            }
            usleep(20_000)
        }
        #expect(first.isRunning)
        try expectRefusal(["simulate", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "25", "--c-rate", "1",
                           "--output", dir.path], mentions: ["in use by another celltwin run", dir.path])
    }

    @Test("8: a folder, a symbolic-link loop, /dev/null and a file as a parent folder get plain messages")
    func pathsThatAreNotFiles() throws {
        let dir = try CLI.temporaryDirectory("celltwin-paths")
        defer { try? FileManager.default.removeItem(at: dir) }
        try expectRefusal(["run", dir.path], mentions: ["a folder, not a file"])
        let a = dir.appendingPathComponent("a.toml").path, b = dir.appendingPathComponent("b.toml").path
        try FileManager.default.createSymbolicLink(atPath: a, withDestinationPath: b)
        try FileManager.default.createSymbolicLink(atPath: b, withDestinationPath: a)
        try expectRefusal(["run", a], mentions: ["loop of symbolic links"])
        try expectRefusal(["eis", "fit", "/dev/null", "--circuit", "R0"], mentions: ["/dev/null", "not a regular file"])
    }

    @Test("8: --output under a regular file names the file")
    func outputUnderFile() throws {
        let dir = try CLI.temporaryDirectory("celltwin-outfile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("plain")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        try expectRefusal(["simulate", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "25", "--c-rate", "1",
                           "--output", file.appendingPathComponent("sub").path], mentions: [file.path, "is a file, not a folder"])
    }

    @Test("9, 12: loading, C-rate and C-rate basis outside their ranges name the limit, on the command line and in files")
    func ranges() throws {
        let base = ["simulate", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "25"]
        try expectRefusal(base + ["--c-rate", "0.5", "--loading", "1e308"], mentions: ["--loading", "0.05…50 mg/cm²"])
        try expectRefusal(base + ["--c-rate", "0.5", "--loading", "1e9"], mentions: ["--loading", "0.05…50 mg/cm²"])
        try expectRefusal(base + ["--c-rate", "1e308"], mentions: ["--c-rate", "0.001…50 C"])
        try expectRefusal(base + ["--c-rate", "1e-6"], mentions: ["--c-rate", "0.001…50 C"])
        try expectRefusal(["simulate", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "0x10", "--c-rate", "1"],
                          mentions: ["--temperature", "hexadecimal"])
        try expectRefusal(["symmetric", "--electrolyte", "PPSE", "--temperature", "0", "--current", "1000", "--capacity", "0.1",
                           "--hours", "1"], mentions: ["--current", "0.0001…100 mA/cm²"])
        let dir = try CLI.temporaryDirectory("celltwin-ranges")
        defer { try? FileManager.default.removeItem(at: dir) }
        let demo = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("Scenarios/demo.toml"), encoding: .utf8)
        for (key, value, limit) in [("loading_mg_cm2", "1e308", "0.05…50 mg/cm²"), ("c_rate_basis_mAh_g", "1e-300", "1…2000 mAh/g")] {
            let kept = demo.components(separatedBy: "\n").filter { !$0.hasPrefix(key) }.joined(separator: "\n")
            let text = kept.replacingOccurrences(of: "[cell]\n", with: "[cell]\n\(key) = \(value)\n")
            let path = dir.appendingPathComponent("\(key).toml")
            try text.write(to: path, atomically: true, encoding: .utf8)
            try expectRefusal(["run", path.path], mentions: ["\(key).toml:", key, limit])
        }
    }

    @Test("5: a spectrum fit whose parameters the data cannot determine prints no NaN correlation and says why")
    func undeterminedCorrelations() throws {
        let dir = try CLI.temporaryDirectory("celltwin-cal")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spectrum = Fixtures.packageRoot.appendingPathComponent("Calibration/external/impedance-py/exampleDataBioLogic.mpt").path
        let fit = """
        electrolyte = "CPCSE"
        [[free]]
        key = "conductivity.sigma_S_cm"
        [[free]]
        key = "lithium_interface.interphase_asr_ohm_cm2"
        [[spectrum]]
        file = "\(spectrum)"
        temperature_C = { value = 25, source = "test" }
        [assumptions]
        electrode_area_cm2 = { value = 1.13, source = "assumed" }
        """
        let path = dir.appendingPathComponent("fit.toml")
        try fit.write(to: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["calibrate", path.path, "--no-model"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.lowercased().contains("nan"), "\(r.stdout.prefix(800))")
        #expect(r.stdout.contains("— undefined: the data do not determine every parameter"))
    }

    @Test("11: measurement rows with a negative C-rate or a cycle of 1e300 are named by file, line and column")
    func measurementRows() throws {
        let dir = try CLI.temporaryDirectory("celltwin-rows")
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = "source,electrolyte,kind,cathode,temperature_C,c_rate,current_mA_cm2,areal_capacity_mAh_cm2,cycle,time_h,quantity,value,unit,qualifier,note\n"
        try "electrolyte = \"CPCSE\"\ndata = [\"m.csv\"]\n[[free]]\nkey = \"conductivity.sigma_S_cm\"\n"
            .write(to: dir.appendingPathComponent("fit.toml"), atomically: true, encoding: .utf8)
        for (row, words) in [("x,CPCSE,rate_capability,LFP,60,-1,,,,,discharge_capacity,150,mAh/g,,", ["m.csv:2", "c_rate", "0.001…50 C"]),
                             ("x,CPCSE,rate_capability,LFP,60,0.5,,,1e300,,discharge_capacity,150,mAh/g,,", ["m.csv:2", "cycle", "1000000"])] {
            try (header + row + "\n").write(to: dir.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
            try expectRefusal(["calibrate", dir.appendingPathComponent("fit.toml").path, "--no-model"], mentions: words)
        }
    }

    @Test("11, 12: simulate --bogus names --bogus; a repeated option is refused")
    func options() throws {
        try expectRefusal(["simulate", "--bogus"], mentions: ["--bogus"])
        try expectRefusal(["simulate", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "25", "--c-rate", "1",
                           "--c-rate", "2"], mentions: ["--c-rate", "more than once"])
    }

    @Test("--c-rate C/2 and --current 100uA are read; --version prints version, revision and the model checksum")
    func vocabulary() throws {
        let r = try CLI.run(["simulate", "--electrolyte", "CPCSE", "--cathode", "LFP", "--temperature", "25", "--c-rate", "C/2",
                             "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try CLI.json(r.stdout)
        let provenance = try #require(json["provenance"] as? [String: Any])
        #expect(provenance["version"] as? String == Provenance.version)
        #expect((provenance["models_sha256"] as? String)?.count == 64)
        let s = try CLI.run(["symmetric", "--electrolyte", "PPSE", "--temperature", "60", "--current", "113uA", "--capacity", "0.1",
                             "--hours", "2", "--format", "json"])
        #expect(s.status == 0, "\(s.stderr)")
        let v = try CLI.run(["--version"])
        #expect(v.status == 0)
        #expect(v.stdout.hasPrefix("celltwin \(Provenance.version), revision "))
        #expect(v.stdout.contains("models sha256 "))
    }
}
