import Foundation
import Testing
@testable import CellTwin

/// Paths of the real cycler files shipped in `Calibration/external/` and helpers for synthetic trap files.
enum CyclerFixtures {
    static let external = Fixtures.packageRoot.appendingPathComponent("Calibration/external")

    static func path(_ relative: String) -> String { external.appendingPathComponent(relative).path }

    static let arbinFresh = path("attia-clo-lfp/2019-01-14-GITT_CH16.csv")
    static let arbinAged = path("attia-clo-lfp/2019-04-19-GITT_aged_CH34.csv")
    static let arbinExample = path("battery-data-toolkit/arbin_example.csv")
    static let capacityMatrix = path("attia-clo-lfp/Qn.csv")
    static let cycleLives = path("attia-clo-lfp/final_results.csv")
    static let doeSummary = path("battery-data-toolkit/p492-13-summary.csv")
    static let doeRaw = path("battery-data-toolkit/p492-13-raw.csv")
    static let maccor = path("beep/xTESLADIAG_000038.078")
    static let beepSummary = path("beep/PreDiag_000233_summary_derived.csv")
    static let beepDiagnostic = path("beep/PreDiag_000233_diagnostic_summary_derived.csv")
    static let neware = path("cellpy/neware_uio.csv")
    static let gcpl = path("datalab-li-li/jr862_11_08_23_insitu-impedance-LiLi_1MLiTFSI_TEGDME-1mA_03_GCPL_C05.txt")

    /// Writes `bytes` to a new file in a fresh temporary directory and returns its path.
    static func temporaryFile(_ name: String, bytes: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("celltwin-cycler-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func temporaryFile(_ name: String, _ text: String) throws -> String {
        try temporaryFile(name, bytes: Array(text.utf8))
    }

    /// The error `body` throws, which must be an ``InputError`` (nil, with an issue recorded, otherwise).
    static func inputError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> InputError? {
        do {
            try body()
            Issue.record("no error thrown", sourceLocation: sourceLocation)
        } catch let e as InputError {
            return e
        } catch {
            Issue.record("not an InputError: \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// ∫ I dt (Ah, CellTwin sign: > 0 discharge) over the rows of `series` that satisfy `include`, with the
    /// integration rule of ``MeasuredCycle/summaries(of:)``.
    static func charge_Ah(_ s: CyclerSeries, where include: (Int) -> Bool) -> Double {
        var q = 0.0
        for k in 1..<s.count where include(k) { q += s.current_A[k] * (s.time_s[k] - s.time_s[k - 1]) / 3600 }
        return q
    }
}

extension Result where Success == CyclerData, Failure == any Error {
    /// Parses once per suite (`static let … = Result { try … }`), reporting the error in every test that uses it.
    func data() throws -> CyclerData { try get() }
}
