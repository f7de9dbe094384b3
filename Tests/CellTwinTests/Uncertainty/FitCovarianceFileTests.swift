import Foundation
import Testing
@testable import CellTwin

/// The fit covariance in a model file's `[provenance]`: read back as written, and malformed tables named by file and key.
@Suite struct FitCovarianceFileTests {
    static let cpcse = Fixtures.packageRoot.appendingPathComponent("Models/electrolytes/CPCSE.toml").path

    /// The shipped file with its covariance block (from the comment above `covariance_keys` to the closing `]`) replaced.
    static func withBlock(_ block: String) throws -> String {
        let text = try String(contentsOfFile: cpcse, encoding: .utf8)
        let start = try #require(text.range(of: "# fit covariance of the free keys"))
        let open = try #require(text.range(of: "covariance = [\n", range: start.upperBound..<text.endIndex))
        let close = try #require(text.range(of: "\n]\n", range: open.upperBound..<text.endIndex))
        let dir = try FitFixtures.tempDir()
        let path = dir.appendingPathComponent("CPCSE.toml").path
        try (String(text[..<start.lowerBound]) + block + String(text[close.upperBound...])).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the shipped covariance: the calibration's keys first, symmetric, positive variances; priors after")
    func shippedCovariance() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        let u = try FitCovarianceFile.uncertainty(path: Self.cpcse, electrolyte: e)
        let fit = u.parameters.prefix { $0.origin == .fit }
        // The fit's keys are the set-up's free keys, in the set-up's order.
        let lib = Fixtures.models
        let setup = try Calibrator.inputs(setupPath: CalibratedRange.setupPath("CPCSE", library: lib), library: lib).setup
        #expect(fit.map(\.key) == setup.free.map(\.key.key))
        #expect(fit.count > 3)
        #expect(u.parameters.dropFirst(fit.count).allSatisfy { $0.origin == .prior })
        for a in 0..<u.count {
            #expect(u.covariance[a][a] > 0)
            for b in 0..<u.count { #expect(abs(u.covariance[a][b] - u.covariance[b][a]) <= 1e-12 * abs(u.covariance[a][a]).squareRoot()) }
        }
    }

    @Test("written and read back: the same keys, transforms and covariance")
    func roundTrip() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        let u = try FitCovarianceFile.uncertainty(path: Self.cpcse, electrolyte: e).filtered { $0.origin == .fit }
        var moved = u
        moved.covariance[0][0] *= 2
        moved.undetermined = ["aging.sei_growth"]
        let path = try Self.withBlock(FitCovarianceFile.text(moved, free: moved.parameters.map(\.key)))
        let back = try FitCovarianceFile.uncertainty(path: path, electrolyte: e)
        let fit = back.filtered { $0.origin == .fit }
        #expect(fit.parameters == moved.parameters && fit.covariance == moved.covariance && back.undetermined == ["aging.sei_growth"])
    }

    @Test("a bad transform, a covariance of the wrong size or a negative variance names the file and key")
    func malformed() throws {
        let e = try Fixtures.models.electrolyte("CPCSE")
        let keys = "covariance_keys = [\"conductivity.sigma_S_cm\", \"transport.transference_number\"]\n"
        let cases: [(String, String)] = [
            (keys + "covariance_transform = [\"log\", \"cubic\"]\ncovariance = [1, 0, 0, 1,\n]\n", "covariance_transform"),
            (keys + "covariance_transform = [\"log\", \"linear\"]\ncovariance = [1, 0, 0,\n]\n", "covariance"),
            (keys + "covariance_transform = [\"log\", \"linear\"]\ncovariance = [1, 0, 0, -1,\n]\n", "covariance"),
            ("covariance_keys = [\"conductivity.nope\"]\ncovariance_transform = [\"log\"]\ncovariance = [1,\n]\n", "covariance_keys"),
        ]
        for (block, key) in cases {
            let path = try Self.withBlock(block)
            #expect { try FitCovarianceFile.uncertainty(path: path, electrolyte: e) } throws: { error in
                let s = "\(error)"
                return s.contains("CPCSE.toml:") && s.contains("key 'provenance.\(key)'")
            }
        }
    }

    /// The covariance written by a calibration reads back: keys, transforms and matrix, plus the file's priors and
    /// those of its assumed geometry (CPCSE: thickness and loading).
    @Test func fitCovarianceRoundTripsThroughTheModelFile() throws {
        let path = Fixtures.models.electrolytePath("CPCSE")
        let e = try ElectrolyteFile.load(path: path)
        let fit = ParameterUncertainty(parameters: [
            UncertainParameter(key: "conductivity.sigma_S_cm", value: try #require(ParameterUncertainty.value("conductivity.sigma_S_cm", of: e)),
                               transform: .log, origin: .fit),
            UncertainParameter(key: "transport.transference_number", value: e.transferenceNumber, transform: .linear, origin: .fit),
        ], covariance: [[0.01, -0.0002], [-0.0002, 0.0004]], undetermined: ["aging.contact_loss_per_cycle"])
        var text = try String(contentsOfFile: path, encoding: .utf8)
        if let r = text.range(of: "[provenance]") { text = String(text[..<r.lowerBound]) }
        text += "[provenance]\n" + FitCovarianceFile.text(fit, free: fit.parameters.map(\.key))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bands-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("CPCSE.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let u = try FitCovarianceFile.uncertainty(path: file.path, electrolyte: e)
        #expect(Array(u.parameters.prefix(2)) == fit.parameters)
        #expect(u.covariance[0][0] == 0.01 && u.covariance[0][1] == -0.0002 && u.covariance[1][1] == 0.0004)
        #expect(u.undetermined == ["aging.contact_loss_per_cycle"])
        let priors = try ElectrolyteFile.priors(path: path)
        let carried = priors.keys.filter { k in
            !["conductivity.sigma_S_cm", "transport.transference_number"].contains(k) && ParameterUncertainty.value(k, of: e) != nil
        }
        let assumed = try AssumedInputPriors.priors(path: path).keys.filter { !priors.keys.contains($0) }
        #expect(assumed.count == 2)
        #expect(u.count == 2 + carried.count + assumed.count && carried.count >= 5)
        // A matrix of the wrong size names the key.
        let bad = text.replacingOccurrences(of: "  -0.0002, 0.0004,\n", with: "")
        try bad.write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: InputError.self) { try FitCovarianceFile.uncertainty(path: file.path, electrolyte: e) }
    }
}
