import Foundation
import Testing
@testable import CellTwin

/// Helpers for the calibration tests: temporary fit set-ups and synthetic measurement rows.
enum FitFixtures {
    static let header = MeasurementTable.columns.joined(separator: ",")

    static func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-fit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    /// A CSV row; empty strings for the columns not given.
    static func row(_ e: String, _ kind: String, t: Double? = nil, cathode: String = "", cRate: Double? = nil,
                    current: Double? = nil, capacity: Double? = nil, cycle: Int? = nil, quantity: String, value: Double,
                    unit: String, qualifier: String = "=") -> String {
        func f(_ x: Double?) -> String { x.map { "\($0)" } ?? "" }
        return ["synthetic", e, kind, cathode, f(t), f(cRate), f(current), f(capacity), cycle.map(String.init) ?? "", "",
                quantity, "\(value)", unit, qualifier, "\"synthetic, made by the model\""].joined(separator: ",")
    }

    /// Writes `measurements.csv` and `fit.toml` into a new directory; returns the fit file's path.
    static func setup(electrolyte: String, rows: [String], free: [String], extra: String = "") throws -> String {
        let d = try tempDir()
        try ([header] + rows).joined(separator: "\n").appending("\n")
            .write(to: d.appendingPathComponent("measurements.csv"), atomically: true, encoding: .utf8)
        var toml = "electrolyte = \"\(electrolyte)\"\ndata = [\"measurements.csv\"]\n\n"
        for f in free { toml += "[[free]]\n\(f)\n\n" }
        toml += extra
        let path = d.appendingPathComponent("fit.toml").path
        try toml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Deterministic multiplicative noise of about ±1 %.
    static func noise(_ i: Int) -> Double { [1.008, 0.991, 1.004, 0.994, 1.011, 0.997, 1.002, 0.989][i % 8] }

    /// The fitted value of `key` lies in its reported 95 % interval, and the interval says something: it is narrower
    /// than `maxWidth` × |truth| (an interval as wide as the value itself, ±50 %, does not recover it).
    static func expectRecovered(_ r: CalibrationResult, _ key: String, _ truth: Double, maxWidth: Double = 1,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        guard let p = r.parameters.first(where: { $0.key == key }) else {
            Issue.record("no parameter \(key)", sourceLocation: sourceLocation)
            return
        }
        guard let lo = p.interval_low, let hi = p.interval_high else {
            Issue.record("\(key) has no interval", sourceLocation: sourceLocation)
            return
        }
        // Noise-free synthetic data can give intervals narrower than the integrators' own 1e-4-level error: a fit within
        // 1e-3 of the truth counts as recovered too.
        #expect((lo <= truth && truth <= hi) || abs(p.value / truth - 1) < 1e-3,
                "\(key): true \(truth) outside \(lo)–\(hi) (fitted \(p.value))", sourceLocation: sourceLocation)
        #expect(hi - lo < maxWidth * abs(truth), "\(key): interval \(lo)–\(hi) is \((hi - lo) / abs(truth)) × |truth| wide",
                sourceLocation: sourceLocation)
    }
}
