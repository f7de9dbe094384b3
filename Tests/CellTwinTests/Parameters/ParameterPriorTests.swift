import Foundation
import Testing
@testable import CellTwin

/// The model-file form of a prior: `{ value, prior = "lognormal"|"normal", spread, source }`.
@Suite struct ParameterPriorTests {
    func section(_ toml: String) throws -> Section {
        try ParameterFile(string: toml, path: "model.toml", requireSources: true).rootSection
    }

    @Test func readsLognormalAndNormalPriors() throws {
        let s = try section("""
            a = { value = 0.8, prior = "lognormal", spread = 2, source = "assumed" }
            b = { value = 40, prior = "normal", spread = 10, source = "assumed" }
            c = { value = 3, source = "assumed" }
            """)
        #expect(try s.number("a") == 0.8)
        #expect(try s.prior("a") == ParameterPrior(kind: .lognormal, spread: 2))
        #expect(try s.prior("b") == ParameterPrior(kind: .normal, spread: 10))
        #expect(try s.prior("c") == nil)
    }

    @Test func residualsAndIntervalsAreStandardised() {
        let ln = ParameterPrior(kind: .lognormal, spread: 2)
        #expect(abs(ln.residual(1.6, centre: 0.8) - 1) < 1e-12)
        #expect(abs(ln.residual(0.4, centre: 0.8) + 1) < 1e-12)
        let i = ln.interval95(centre: 1)
        #expect(abs(i.upperBound - pow(2, 1.959963984540054)) < 1e-9 && abs(i.lowerBound * i.upperBound - 1) < 1e-12)
        let n = ParameterPrior(kind: .normal, spread: 10)
        #expect(n.residual(60, centre: 40) == 2)
        #expect(abs(n.interval95(centre: 40).upperBound - 59.59963984540054) < 1e-9)
    }

    @Test(arguments: [
        ("a = { value = 1, prior = \"lognormal\", source = \"x\" }", "needs its spread"),
        ("a = { value = 1, spread = 2, source = \"x\" }", "spread without a prior"),
        ("a = { value = 1, prior = \"gamma\", spread = 2, source = \"x\" }", "\"lognormal\" or \"normal\""),
        ("a = { value = 1, prior = \"lognormal\", spread = 0.5, source = \"x\" }", "must exceed 1"),
        ("a = { value = 1, prior = \"normal\", spread = -1, source = \"x\" }", "positive finite"),
        ("a = { value = 1, prior = \"normal\", spread = 1, sauce = \"x\", source = \"x\" }", "unknown field 'sauce'"),
    ])
    func malformedPriorsNameFileLineAndKey(toml: String, message: String) throws {
        let s = try section("# model\n" + toml)
        do {
            _ = try s.number("a")
            Issue.record("accepted \(toml)")
        } catch let e as InputError {
            #expect(e.file == "model.toml" && e.line == 2 && e.key == "a", "\(e)")
            #expect(e.message.contains(message), "\(e.message)")
        }
    }
}
